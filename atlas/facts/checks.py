"""The checks that need all of facts/ at once, run on the records as read (atlas/facts/load.py):
unique ids, references between records, ISO codes that exist in the geodata, quotes verbatim
in their source texts, who speaks in each event title and quote (the record, a source, a
claimant it names), and the translations of the atlas's own fact strings, none missing and
none left over.

A field the model already rejected is not blamed again (Report.cross). The checks read the
raw YAML values, not the models, so that a record with one bad field is still checked whole.
(Over 300 lines: every rule that spans records is here, one method each, to be read together.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from atlas import fact_strings
from atlas.facts.report import FactFile, Record, Report
from atlas.facts.store import RECORDS_OF, TRANSLATED_FIELDS
from atlas.facts.validation import short_repr
from atlas.geodata import COUNTRIES_FILE, GERMANY_FILE
from atlas.models import split_item_ref

# Which file declares the ids each kind of item reference ("site:kurecik") points at.
REF_KINDS = {"member": "members", "site": "sites", "mission": "missions", "event": "events"}
# Readers of the atlas read English; a passage in these scripts is useless to them untranslated.
LANGUAGES_NEEDING_TRANSLATION = frozenset({"fa", "ar"})
# Words by which an English passage hands its statement to someone else ("..., the TKP
# claimed"). A passage with one of them is not its publisher's own voice and needs a
# claimant; a passage with a claimant but none of them needs a reference that names it.
_ATTRIBUTION = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|said|says|argue[sd]?|demanded|pointed out|noted|stated|"
    r"according to|urged|indicated|calling)\b", re.IGNORECASE)


class CrossChecks:
    """Every cross-record check, reporting to `report`; `iso_codes` and `territories` are the
    ids the geodata declares (None when it could not be read: nothing is blamed on them)."""

    def __init__(
        self, report: Report, geodata_dir: Path, iso_codes: set[str] | None,
        territories: set[str] | None,
    ) -> None:
        self.report = report
        self.geodata_dir = geodata_dir
        self._iso_codes = iso_codes
        self._territories = territories

    def unique_ids(self, files: Mapping[str, FactFile]) -> None:
        for fact_file in files.values():
            self._check_unique_ids(fact_file)

    def run(self, files: Mapping[str, FactFile], source_texts: dict[str, str]) -> None:
        """Every check but unique_ids."""
        iso_codes = self._iso_codes
        self._check_members(files["members"], iso_codes)
        self._check_territory_changes(files, iso_codes, self._territories)
        self._check_sites(files["sites"], iso_codes)
        self._check_missions(files["missions"], iso_codes)
        self._check_events(files)
        self._check_quotes(files, source_texts)
        self._check_scenes(files)

    def _check_unique_ids(self, fact_file: FactFile) -> None:
        first_seen: dict[str, int] = {}
        for record in fact_file.records or ():
            record_id = record.raw.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in first_seen:
                self.report.cross(
                    fact_file, record, "id",
                    f"duplicate id {record_id} (first used by record #{first_seen[record_id]})",
                )
            else:
                first_seen[record_id] = record.index

    def _check_iso(
        self, fact_file: FactFile, record: Record, field: str, code: object,
        iso_codes: set[str] | None,
    ) -> bool:
        if iso_codes is None or not isinstance(code, str) or code in iso_codes:
            return True
        self.report.cross(
            fact_file, record, field,
            f"unknown ISO code {code} (not in {self.geodata_dir.name}/{COUNTRIES_FILE})",
        )
        return False

    def _check_members(self, members: FactFile, iso_codes: set[str] | None) -> None:
        for record in members.records or ():
            self._check_iso(members, record, "id", record.raw.get("id"), iso_codes)

    def _check_territory_changes(
        self, files: Mapping[str, FactFile], iso_codes: set[str] | None,
        territories: set[str] | None,
    ) -> None:
        changes, members = files["territory_changes"], files["members"]
        member_ids = members.declared_ids
        for record in changes.records or ():
            member = record.raw.get("member")
            if (
                self._check_iso(changes, record, "member", member, iso_codes)
                and isinstance(member, str)
                and member_ids is not None
                and member not in member_ids
            ):
                self.report.cross(changes, record, "member", f"{member} is not in {members.name}")
            territory = record.raw.get("territory")
            if territories is not None and isinstance(territory, str) and (
                territory not in territories
            ):
                self.report.cross(
                    changes, record, "territory",
                    f"unknown territory {territory} "
                    f"(not in {self.geodata_dir.name}/{GERMANY_FILE})",
                )

    def _check_sites(self, sites: FactFile, iso_codes: set[str] | None) -> None:
        for record in sites.records or ():
            self._check_iso(sites, record, "host", record.raw.get("host"), iso_codes)

    def _check_missions(self, missions: FactFile, iso_codes: set[str] | None) -> None:
        for record in missions.records or ():
            for i, code in _list_items(record.raw.get("areas")):
                self._check_iso(missions, record, f"areas.{i}", code, iso_codes)

    def _check_events(self, files: Mapping[str, FactFile]) -> None:
        events, sources = files["events"], files["sources"]
        source_ids = sources.declared_ids
        for record in events.records or ():
            for i, source_id in _list_items(record.raw.get("sources")):
                if source_ids is not None and source_id not in source_ids:
                    message = f"unknown source {source_id}"
                    self.report.cross(events, record, f"sources.{i}", message)
            self._check_refs(files, events, record, "items")
            for i, code in _list_items(record.raw.get("places")):
                self._check_iso(events, record, f"places.{i}", code, self._iso_codes)
            self._check_event_voice(events, record, source_ids)

    def _check_event_voice(
        self, events: FactFile, record: Record, source_ids: set[str] | None
    ) -> None:
        """An event title is the atlas speaking: either the record, checked against a cited
        reference, or one source's account, which the title must say it is."""
        raw = record.raw
        voice, title = raw.get("voice"), raw.get("title")
        if voice == "record" and not raw.get("checked_against"):
            self.report.cross(
                events, record, "checked_against",
                "voice is record: cite the reference the title was checked against")
        if voice != "account":
            if raw.get("according_to") is not None:
                self.report.cross(events, record, "according_to",
                                   "only an event whose voice is account names according_to")
            return
        according_to = raw.get("according_to")
        if not isinstance(according_to, str):
            self.report.cross(events, record, "according_to",
                               "voice is account: name the source whose account the title gives")
            return
        if according_to not in _as_list(raw.get("sources")) or (
            source_ids is not None and according_to not in source_ids
        ):
            self.report.cross(events, record, "according_to",
                               f"{according_to} is not one of the event's sources")
        if isinstance(title, str) and not re.search(r"\baccording to\b", title, re.IGNORECASE):
            self.report.cross(
                events, record, "title",
                "voice is account: the title must say whose account it is ('according to ...')")

    def _check_refs(
        self, files: Mapping[str, FactFile], fact_file: FactFile, record: Record, field: str
    ) -> None:
        for i, ref in _list_items(record.raw.get(field)):
            self._check_ref(files, fact_file, record, f"{field}.{i}", ref)

    def _check_ref(
        self, files: Mapping[str, FactFile], fact_file: FactFile, record: Record, field: str,
        ref: str,
    ) -> None:
        try:
            kind, item_id = split_item_ref(ref)
        except ValueError:
            return  # the model reports malformed references
        target = files[REF_KINDS[kind]]
        # A file that failed to load declares nothing; do not blame every reference to it.
        if target.declared_ids is not None and item_id not in target.declared_ids:
            self.report.cross(fact_file, record, field, f"unknown item {ref}")

    def _check_quotes(self, files: Mapping[str, FactFile], source_texts: dict[str, str]) -> None:
        quotes, sources = files["quotes"], files["sources"]
        languages = {
            r.raw["id"]: r.raw.get("language")
            for r in sources.records or ()
            if isinstance(r.raw.get("id"), str)
        }
        needs_translation = {
            source_id for source_id, language in languages.items()
            if isinstance(language, str) and language in LANGUAGES_NEEDING_TRANSLATION
        }
        collapsed_texts = {sid: _collapse_whitespace(t) for sid, t in source_texts.items()}
        for record in quotes.records or ():
            raw = record.raw
            source_id, text = raw.get("source"), raw.get("text")
            if not isinstance(source_id, str):
                source_id = None  # the model reports it
            if source_id is not None and sources.records is not None:
                if source_id not in languages:
                    self.report.cross(quotes, record, "source", f"unknown source {source_id}")
                elif source_id in needs_translation:
                    translations = raw.get("translations")
                    if not (isinstance(translations, dict) and "en" in translations):
                        self.report.cross(
                            quotes, record, "translations.en", "missing English translation"
                        )
            if source_id in collapsed_texts and isinstance(text, str) and text:
                message = _not_verbatim(text, collapsed_texts[source_id], source_id)
                if message:
                    self.report.cross(quotes, record, "text", message)
            self._check_refs(files, quotes, record, "about")
            self._check_quote_voice(quotes, record, languages)

    def _check_quote_voice(
        self, quotes: FactFile, record: Record, languages: Mapping[str, object]
    ) -> None:
        """A passage belongs to whoever says it in the text. Read in English (the passage,
        or its English translation), a passage that hands its words to someone ("the TKP
        claimed") needs that claimant; one given a claimant must show the attribution, or
        cite the reference that does (claim_reference)."""
        raw = record.raw
        source = raw.get("source")
        language = raw.get("language") or (
            languages.get(source) if isinstance(source, str) else None)
        translations = raw.get("translations")
        english = raw.get("text") if language == "en" else (
            translations.get("en") if isinstance(translations, dict) else None)
        if not isinstance(english, str):
            return  # no English reading; the translation check reports a missing one
        attribution = _ATTRIBUTION.search(english)
        if raw.get("claimed_by") is None and attribution:
            self.report.cross(
                quotes, record, "claimed_by",
                f"the passage attributes its words ({attribution.group(0)!r}): name that "
                "claimant in claimed_by; only the publisher's own sentences have none")
        elif raw.get("claimed_by") is not None and not attribution and (
            raw.get("claim_reference") is None
        ):
            self.report.cross(
                quotes, record, "claimed_by",
                "the passage does not say who claims it: leave claimed_by empty for the "
                "publisher's own voice, or cite the reference that names the claimant "
                "(claim_reference)")

    def _check_scenes(self, files: Mapping[str, FactFile]) -> None:
        scenes = files["scenes"]
        for record in scenes.records or ():
            item = record.raw.get("item")
            if isinstance(item, str):  # absent, or the model reports its type
                self._check_ref(files, scenes, record, "item", item)


def check_translations(
    report: Report, fact_file: FactFile,
    found: Mapping[tuple[str, str, str], tuple[str, str] | None], files: Mapping[str, FactFile],
) -> dict[tuple[str, str, str], str]:
    """One entry in `found` (a translations/<language>.yaml) for every fact string of
    TRANSLATED_FIELDS the English facts in `files` hold, and nothing else, each made from the
    English as it now reads (compare_translations); returns the translations of something."""
    cited = fact_strings.citation_strings(_raw_records(files))
    where = {("citation", english, "text"): place for english, (place, _) in cited.items()}
    return compare_translations(report, fact_file, found, _translatable(files), where)


def compare_translations(
    report: Report, fact_file: FactFile,
    found: Mapping[tuple[str, str, str], tuple[str, str] | None],
    expected: Mapping[tuple[str, str, str], str], where: Mapping[tuple[str, str, str], str],
) -> dict[tuple[str, str, str], str]:
    """The rule of every translation file (facts/translations, geodata/translations): one
    entry of `found` for each key of `expected` (its English), none for anything else, each
    made from the English as it now reads (not stale: atlas/fact_strings.py). A missing one
    names where its English is (`where`, e.g. "events.yaml: wales-summit-2014:
    checked_against.0.note") when the key does not say. Returns the translations of
    something; an entry that is not a translation (None) was reported when it was read."""
    for key in sorted(expected.keys() - found.keys()):
        place = f" ({where[key]})" if key in where else ""
        report.translation(fact_file, key, "missing translation of "
                           f"{short_repr(expected[key])}{place}")
    for key in sorted(found.keys() - expected.keys()):
        report.translation(fact_file, key, "no such fact string to translate "
                           "(unknown record or field, or empty in English)")
    for key, english, _, made_from in sorted(stale_entries(found, expected)):
        now = fact_strings.source_hash(english)
        report.translation(
            fact_file, key, f"stale: the English has changed since this translation was "
            f"made (from_en {made_from}); it now reads {short_repr(english)}. Check "
            f"the translation against it, then write from_en: {now}")
    return {key: entry[0] for key, entry in found.items() if key in expected and entry}


def stale_translations(
    found: Mapping[tuple[str, str, str], tuple[str, str] | None], files: Mapping[str, FactFile],
) -> list[tuple[tuple[str, str, str], str, str, str]]:
    """(key, English now, translation, hash it was made from) of each stale entry."""
    return stale_entries(found, _translatable(files))


def stale_entries(
    found: Mapping[tuple[str, str, str], tuple[str, str] | None],
    expected: Mapping[tuple[str, str, str], str],
) -> list[tuple[tuple[str, str, str], str, str, str]]:
    """(key, English now, translation, hash it was made from) of each entry of `found` made
    from English other than `expected`'s, in file order."""
    return [(key, expected[key], entry[0], entry[1]) for key, entry in found.items()
            if entry is not None and key in expected
            and entry[1] != fact_strings.source_hash(expected[key])]


def _raw_records(files: Mapping[str, FactFile]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    return {kind: [(f.name, r.raw) for r in f.records or ()] for kind, f in files.items()}


def _translatable(files: Mapping[str, FactFile]) -> dict[tuple[str, str, str], str]:
    """(kind, id, field) -> English text of every fact string that needs a translation."""
    wanted: dict[tuple[str, str, str], str] = {}
    for record in files["members"].records or ():
        member_id, periods = record.raw.get("id"), record.raw.get("outside_integrated_command")
        for number, period in enumerate(periods if isinstance(periods, list) else [], start=1):
            note = period.get("note") if isinstance(period, dict) else None
            if isinstance(member_id, str) and isinstance(note, str) and note.strip():
                wanted[("period", f"{member_id}.{number}", "note")] = note
    for kind, fields in TRANSLATED_FIELDS.items():
        if kind in ("claimant", "period", "citation"):
            continue
        for record in files[RECORDS_OF[kind]].records or ():
            item_id = record.raw.get("id")
            for name in fields:
                value = record.raw.get(name)
                if isinstance(item_id, str) and isinstance(value, str) and value.strip():
                    wanted[(kind, item_id, name)] = value
    for name in ("quotes", "events"):
        for record in files[name].records or ():
            claimant = record.raw.get("claimed_by")
            if isinstance(claimant, str) and claimant.strip():
                wanted[("claimant", claimant, "name")] = claimant
    for english in fact_strings.citation_strings(_raw_records(files)):
        wanted[("citation", english, "text")] = english
    return wanted


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def _not_verbatim(text: str, collapsed_source: str, source_id: str) -> str | None:
    """None if `text` is in the source (whitespace runs aside), else where it stops matching."""
    quote = _collapse_whitespace(text)
    if quote in collapsed_source:
        return None
    # Prefixes that occur form an unbroken run from length 0, so bisect for the longest.
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in collapsed_source:
            low = middle
        else:
            high = middle - 1
    return (
        f"text is not verbatim in source {source_id}: the first {low} of {len(quote)} "
        f"characters match, then {short_repr(quote[low:low + 20])}"
    )



def _list_items(value: object) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item
