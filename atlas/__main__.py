"""Command line: `python -m atlas check [FACTS_DIR] [--geodata DIR]`,
`python -m atlas stale [FACTS_DIR] [--lang tr|ar|fa] [--geodata DIR]` (translations, of the
facts and of geodata/borders.yaml, whose English changed since they were made,
atlas/fact_strings.py), and
`python -m atlas export OUTDIR [--facts DIR]` (the atlas as a static folder, atlas/siteexport.py).

Exit codes: 0 clean, 1 problems found, 2 usage error. Problems go to stdout, one per line, so
they can be piped, diffed or counted.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from atlas import geotext
from atlas.facts import DEFAULT_FACTS_DIR, FACT_LANGUAGES, Facts, check_facts, stale_translations
from atlas.geochecks import check_geometry
from atlas.geodata import DEFAULT_GEODATA_DIR, load_geodata

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m atlas", description="NATO Atlas tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="validate the facts directory",
        description="Validate every facts file and print one line per problem.",
    )
    check.add_argument(
        "facts_dir", nargs="?", type=Path, default=DEFAULT_FACTS_DIR, metavar="FACTS_DIR",
        help="facts directory (default: the repository's facts/)",
    )
    check.add_argument(
        "--geodata", type=Path, default=DEFAULT_GEODATA_DIR, metavar="DIR",
        help="geodata directory holding countries.geojson (default: the repository's geodata/)",
    )
    check.set_defaults(run=run_check)
    stale = commands.add_parser(
        "stale",
        help="list translations made from English that has since changed",
        description="List every translation (facts/translations) whose English has changed "
                    "since it was made: file, record, field, the English as it now reads, the "
                    "translation, and the hash to write once the translation is checked.",
    )
    stale.add_argument(
        "facts_dir", nargs="?", type=Path, default=DEFAULT_FACTS_DIR, metavar="FACTS_DIR",
        help="facts directory (default: the repository's facts/)",
    )
    stale.add_argument("--lang", choices=FACT_LANGUAGES, default=None,
                       help="only this language (default: all)")
    stale.add_argument(
        "--geodata", type=Path, default=DEFAULT_GEODATA_DIR, metavar="DIR",
        help="geodata directory holding borders.yaml and its translations (default: the "
             "repository's geodata/)",
    )
    stale.set_defaults(run=run_stale)
    export = commands.add_parser(
        "export",
        help="write the atlas as a static folder (no server needed)",
        description="Write the map, the quotes and the sources as a folder of static files "
                    "that opens from file:// or any web host.",
    )
    export.add_argument("outdir", type=Path, metavar="OUTDIR",
                        help="folder to write (new, empty, or an earlier export)")
    export.add_argument(
        "--facts", type=Path, default=None, metavar="DIR",
        help="facts directory (default: $ATLAS_FACTS_DIR, else the repository's facts/)",
    )
    export.set_defaults(run=run_export)
    return parser


def run_export(args: argparse.Namespace) -> int:
    from atlas import siteexport  # the map builders load geopandas: only when exporting
    from atlas.facts import FactsError, load_facts

    facts_dir = args.facts or Path(os.environ.get("ATLAS_FACTS_DIR") or DEFAULT_FACTS_DIR)
    try:
        facts = load_facts(facts_dir)
        written = siteexport.export_site(args.outdir, facts, load_geodata())
    except FactsError as error:
        print(f"{facts_dir}: the facts have problems; run `python -m atlas check`.\n{error}")
        return EXIT_PROBLEMS
    except siteexport.ExportError as error:
        print(error)
        return EXIT_USAGE
    print(f"Wrote {len(written.files)} files, {written.total_bytes / 1e6:.2f} MB, to "
          f"{args.outdir}; open {args.outdir / 'index.html'}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    facts, problems = check_facts(args.facts_dir, args.geodata)
    if facts is not None:
        # Geometry is checked only on facts that load: each check needs their records whole.
        problems = check_geometry(facts, load_geodata(args.geodata), args.geodata)
    for problem in problems:
        print(problem)
    if facts is None or problems:
        print(f"{_count(len(problems), 'problem')} in {args.facts_dir}")
        return EXIT_PROBLEMS
    print(f"OK: {summary(facts)}")
    return EXIT_OK


def run_stale(args: argparse.Namespace) -> int:
    """Exit 1 when a translation is stale, so that a script can wait for a translator."""
    found = [s for s in stale_translations(args.facts_dir)
             + geotext.stale_translations(args.geodata)
             if args.lang is None or s.language == args.lang]
    for entry in found:
        print(f"{entry.file}: {entry.kind}:{entry.item_id}: {entry.field}: made from "
              f"{entry.made_from}, the English is now {entry.now}\n"
              f"  English:     {entry.english}\n  translation: {entry.translation}")
    print(f"{_count(len(found), 'stale translation')}")
    return EXIT_PROBLEMS if found else EXIT_OK


def summary(facts: Facts) -> str:
    return (
        f"{_count(len(facts.members), 'member')}, {_count(len(facts.sites), 'site')}, "
        f"{_count(len(facts.missions), 'mission')}, {_count(len(facts.events), 'event')}, "
        f"{_count(len(facts.quotes), 'quote')} from {_count(len(facts.sources), 'source')}, "
        f"{_count(len(facts.scenes), 'scene')}"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def main(argv: Sequence[str] | None = None) -> int:
    # Problems quote Persian and Arabic text; a terminal without UTF-8 must not turn that
    # into a UnicodeEncodeError traceback.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
