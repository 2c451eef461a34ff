"""Command line: `python -m atlas check [FACTS_DIR] [--geodata DIR]`.

Exit codes: 0 clean, 1 problems found, 2 usage error. Problems go to stdout, one per line, so
they can be piped, diffed or counted.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from atlas.facts import DEFAULT_FACTS_DIR, Facts, check_facts
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
    return parser


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
