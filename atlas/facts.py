"""Load facts/ and check it whole, reporting every problem by file, record and field.

The models check one record at a time; this module adds what needs all files at once: unique
ids, references between records, ISO codes that exist in the geodata, and quotes that are
verbatim in their source texts; who speaks in each event title and quote (the record, a
source, a claimant it names); and the project's translations of its own fact strings
(facts/translations/<lang>.yaml), none missing and none left over. Bad input never raises
anything but `FactsError`, and every problem is collected before giving up, so one run of
`python -m atlas check` lists them all.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from atlas.geodata import COUNTRIES_FILE, DEFAULT_GEODATA_DIR, GERMANY_FILE
from atlas.models import (
    Event,
    Member,
    Mission,
    PartialDate,
    Quote,
    Scene,
    Site,
    Source,
    TerritoryChange,
    split_item_ref,
)

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml: same results, slower
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

REPO_DIR = Path(__file__).resolve().parents[1]
DEFAULT_FACTS_DIR = REPO_DIR / "facts"
SOURCES_DIR = "sources"

FACT_FILES = {
    "sources": "sources/sources.yaml",
    "members": "members.yaml",
    "territory_changes": "territory_changes.yaml",
    "sites": "sites.yaml",
    "missions": "missions.yaml",
    "events": "events.yaml",
    "quotes": "quotes.yaml",
    "scenes": "scenes.yaml",
}
FACT_MODELS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "members": Member,
    "territory_changes": TerritoryChange,
    "sites": Site,
    "missions": Mission,
    "events": Event,
    "quotes": Quote,
    "scenes": Scene,
}
# Which file declares the ids each kind of item reference ("site:kurecik") points at.
REF_KINDS = {"member": "members", "site": "sites", "mission": "missions", "event": "events"}
# Readers of the atlas read English; a passage in these scripts is useless to them untranslated.
LANGUAGES_NEEDING_TRANSLATION = frozenset({"fa", "ar"})

TRANSLATIONS_DIR = "translations"
# The languages the atlas's own fact strings are translated into (English is the source).
FACT_LANGUAGES = ("tr", "ar", "fa")
# The fact strings the atlas itself writes and shows, per kind of record: each must be
# translated into every language of FACT_LANGUAGES. Quotes are not here: they stay in their
# original language, with their own translations (only a quote's note, the project's own words,
# is here). `claimant` is keyed by the English
# claimed_by text, which quotes and events share. (Territory changes' notes are not yet here.)
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "member": ("joined_as", "notes"),
    # A period outside the integrated command, keyed "<member>.<n>" (n counts from 1).
    "period": ("note",),
    "site": ("name", "label", "role"),
    "mission": ("name", "short_name"),
    "event": ("title",),
    "source": ("publisher", "kind", "perspective", "notes"),
    "quote": ("note",),  # the project's note under a quote, not the quote itself
    "claimant": ("name",),
    "territory": ("note",),  # a territory change (the Saar, the former GDR, West Berlin)
}
_RECORDS_OF = {"member": "members", "site": "sites", "mission": "missions", "event": "events",
               "quote": "quotes", "source": "sources", "territory": "territory_changes"}
# Words by which an English passage hands its statement to someone else ("..., the TKP
# claimed"). A passage with one of them is not its publisher's own voice and needs a
# claimant; a passage with a claimant but none of them needs a reference that names it.
_ATTRIBUTION = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|said|says|argue[sd]?|demanded|pointed out|noted|stated|"
    r"according to|urged|indicated|calling)\b", re.IGNORECASE)

_LABEL_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_REPR_LIMIT = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the facts, printed as one line."""

    file: str  # path relative to the facts dir, e.g. "quotes.yaml"
    record: str  # the record's id, "#3" (1-based) when it has no usable id, "-" for the file
    field: str  # dotted field path, e.g. "citations.0.title", or "-"
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class FactsError(Exception):
    """The facts did not load; `problems` lists every reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Facts:
    sources: dict[str, Source]
    source_texts: dict[str, str]  # source id -> its text exactly as stored
    members: dict[str, Member]
    territory_changes: tuple[TerritoryChange, ...]
    sites: dict[str, Site]
    missions: dict[str, Mission]
    events: dict[str, Event]
    quotes: dict[str, Quote]
    scenes: dict[str, Scene]  # in story order, as in the file
    # language -> (kind, id, field) -> the project's translation of a fact string
    translations: Mapping[str, Mapping[tuple[str, str, str], str]]
    # The language the fact strings are in: English, or what in_language made.
    language: str = "en"
    _in_languages: dict[str, Facts] = field(default_factory=dict, compare=False, repr=False)

    def in_language(self, language: str) -> Facts:
        """These facts with every fact string of TRANSLATED_FIELDS in `language` (the
        project's translation; claimants too), for display. Ids, dates, quotes and
        citations stay as they are. Built once per language and kept."""
        if language == self.language or language not in self.translations:
            return self
        if language not in self._in_languages:
            def local(kind: str, records: Mapping[str, BaseModel]) -> dict[str, Any]:
                return {item_id: record.model_copy(update={
                    name: self.local(kind, item_id, name, language)
                    for name in TRANSLATED_FIELDS[kind] if getattr(record, name, None)})
                    for item_id, record in records.items()}

            def claimant(value: str | None) -> str | None:
                return value and self.local("claimant", value, "name", language)

            events = {event_id: event.model_copy(update={"claimed_by": claimant(event.claimed_by)})
                      for event_id, event in local("event", self.events).items()}
            quotes = {quote_id: quote.model_copy(update={"claimed_by": claimant(quote.claimed_by)})
                      for quote_id, quote in local("quote", self.quotes).items()}
            members = {member_id: member.model_copy(update={"outside_integrated_command": [
                period.model_copy(update={"note": self.local(
                    "period", f"{member_id}.{number}", "note", language)})
                for number, period in enumerate(member.outside_integrated_command, start=1)]})
                for member_id, member in local("member", self.members).items()}
            changes = local("territory", {c.id: c for c in self.territory_changes})
            self._in_languages[language] = replace(
                self, members=members, territory_changes=tuple(changes.values()),
                sites=local("site", self.sites),
                missions=local("mission", self.missions), events=events, quotes=quotes,
                sources=local("source", self.sources), language=language, _in_languages={})
        return self._in_languages[language]

    def local(self, kind: str, item_id: str, field: str, language: str) -> str:
        """A fact string the atlas writes, in `language`: the English record's value, or
        the project's translation (which `atlas check` guarantees for TRANSLATED_FIELDS).

        `kind` is "member", "site", "mission", "event", "source" or "claimant" (whose id
        is the English claimed_by text)."""
        if language in self.translations and (kind, item_id, field) in self.translations[language]:
            return self.translations[language][(kind, item_id, field)]
        if kind == "claimant":
            return item_id
        if kind == "period":
            member_id, _, number = item_id.rpartition(".")
            return self.members[member_id].outside_integrated_command[int(number) - 1].note
        records: Mapping[str, BaseModel] = getattr(self, _RECORDS_OF[kind])
        return str(getattr(records[item_id], field) or "")

    def quotes_about(self, ref: str) -> list[Quote]:
        """Quotes whose `about` names `ref` ("member:TUR"), in file order."""
        return [quote for quote in self.quotes.values() if ref in quote.about]

    def item_name(self, ref: str) -> str:
        """Human name of the item `ref` names; KeyError if there is no such item."""
        kind, item_id = split_item_ref(ref)
        if kind == "member":
            return self.members[item_id].name
        if kind == "site":
            return self.sites[item_id].name
        if kind == "mission":
            return self.missions[item_id].short_name
        return self.events[item_id].title


def load_facts(
    facts_dir: Path = DEFAULT_FACTS_DIR, geodata_dir: Path = DEFAULT_GEODATA_DIR
) -> Facts:
    """Load and check the facts; raise FactsError listing every problem."""
    facts, problems = check_facts(facts_dir, geodata_dir)
    if facts is None:
        raise FactsError(problems)
    return facts


def check_facts(
    facts_dir: Path, geodata_dir: Path = DEFAULT_GEODATA_DIR
) -> tuple[Facts | None, list[Problem]]:
    """Check the facts; return them (None if anything is wrong) and every problem found."""
    return _Checker(Path(facts_dir), Path(geodata_dir)).run()


class _FactsLoader(_SafeLoader):
    """A safe YAML loader that keeps dates as text and notes repeated keys.

    Dates stay text because the models parse partial dates and Persian digits themselves, and
    PyYAML turns an impossible date such as 2023-02-30 into a bare ValueError. A repeated key
    would otherwise silently replace the first value.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated_keys: list[tuple[yaml.MappingNode, int, str]] = []  # (mapping, line, key)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    line = key_node.start_mark.line + 1
                    self.repeated_keys.append((node, line, key_node.value))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


_FactsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class _Record:
    index: int  # 1-based position in its file
    label: str  # what Problem.record shows
    raw: dict[str, Any]
    model: BaseModel | None = None


@dataclass
class _FactFile:
    name: str
    rank: int
    records: list[_Record] | None  # None: the file could not be read as a list of records

    @functools.cached_property
    def declared_ids(self) -> set[str] | None:
        """Ids of every record, valid or not; None when the file did not load.

        Invalid records count so that a reference to them is not blamed for their fault.
        """
        if self.records is None:
            return None
        return {r.raw["id"] for r in self.records if isinstance(r.raw.get("id"), str)}


class _Checker:
    def __init__(self, facts_dir: Path, geodata_dir: Path) -> None:
        self.facts_dir = facts_dir
        self.geodata_dir = geodata_dir
        self._problems: list[tuple[int, int, int, Problem]] = []
        # (file, record index, field) the models already rejected: cross-record checks skip
        # them so that one mistake is reported once.
        self._rejected: set[tuple[str, int, str]] = set()
        self._iso_codes: set[str] | None = None  # from the geodata, once run() reads it

    def run(self) -> tuple[Facts | None, list[Problem]]:
        if not self.facts_dir.is_dir():
            what = "is not a directory" if self.facts_dir.exists() else "does not exist"
            return None, [Problem(str(self.facts_dir), "-", "-", f"facts directory {what}")]
        iso_codes = self._geodata_ids(COUNTRIES_FILE, "iso_a3")
        self._iso_codes = iso_codes
        territories = self._geodata_ids(GERMANY_FILE, "id")
        files = {
            kind: self._load_file(kind, name, rank)
            for rank, (kind, name) in enumerate(FACT_FILES.items())
        }
        for fact_file in files.values():
            self._check_unique_ids(fact_file)
        source_texts = self._read_source_texts(files["sources"])
        self._check_members(files["members"], iso_codes)
        self._check_territory_changes(files, iso_codes, territories)
        self._check_sites(files["sites"], iso_codes)
        self._check_missions(files["missions"], iso_codes)
        self._check_events(files)
        self._check_quotes(files, source_texts)
        self._check_scenes(files)
        # Translations are compared with the English facts once those are sound: a mistake in
        # a record (a wrong id, a missing field) is then reported once, not again per language.
        compare = not self._problems
        translations = {language: self._check_translations(files, language, rank, compare)
                        for rank, language in enumerate(FACT_LANGUAGES, start=len(FACT_FILES))}
        problems = [entry[3] for entry in sorted(self._problems, key=lambda e: e[:3])]
        if problems:
            return None, problems
        return self._facts(files, source_texts, translations), []

    # -- reporting --------------------------------------------------------------------------

    def _report(
        self, fact_file: _FactFile, record: _Record | None, field: str, message: str
    ) -> None:
        self._add(fact_file.rank, record.index if record else 0, Problem(
            fact_file.name, record.label if record else "-", field, " ".join(message.split())
        ))

    def _add(self, rank: int, index: int, problem: Problem) -> None:
        self._problems.append((rank, index, len(self._problems), problem))

    def _report_cross(
        self, fact_file: _FactFile, record: _Record, field: str, message: str
    ) -> None:
        """Report a cross-record problem unless the model already rejected that field."""
        for rejected_name, rejected_index, rejected in self._rejected:
            if (rejected_name, rejected_index) != (fact_file.name, record.index):
                continue
            if rejected == field or rejected.startswith(field + ".") or (
                field.startswith(rejected + ".")
            ):
                return
        self._report(fact_file, record, field, message)

    # -- loading ----------------------------------------------------------------------------

    def _geodata_ids(self, file_name: str, prop: str) -> set[str] | None:
        path = self.geodata_dir / file_name
        try:
            features = json.loads(path.read_bytes())["features"]
            return {
                f["properties"][prop]
                for f in features
                if isinstance(f["properties"].get(prop), str) and f["properties"][prop]
            }
        except FileNotFoundError:
            message = "file not found"
        except OSError as exc:
            message = f"cannot read: {exc.strerror}"
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            message = f"not a GeoJSON FeatureCollection with properties.{prop} ({exc})"
        self._add(-1, 0, Problem(str(path), "-", "-", message))
        return None

    def _read_text(self, fact_file: _FactFile, path: Path) -> str | None:
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            self._report(fact_file, None, "-", "file not found")
        except IsADirectoryError:
            self._report(fact_file, None, "-", "is a directory, not a file")
        except OSError as exc:
            self._report(fact_file, None, "-", f"cannot read: {exc.strerror}")
        except UnicodeDecodeError as exc:
            self._report(fact_file, None, "-", f"not valid UTF-8 (bad byte at offset {exc.start})")
        return None

    def _load_file(self, kind: str, name: str, rank: int) -> _FactFile:
        fact_file = _FactFile(name, rank, None)
        text = self._read_text(fact_file, self.facts_dir / name)
        if text is None:
            return fact_file
        loader = _FactsLoader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        except yaml.MarkedYAMLError as exc:
            self._report(fact_file, None, "-", _yaml_error_message(exc))
            return fact_file
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
            self._report(fact_file, None, "-", f"YAML error: {exc}")
            return fact_file
        finally:
            loader.dispose()
        if data is None:
            self._report(fact_file, None, "-", "file is empty (write [] for no records)")
            return fact_file
        if not isinstance(data, list):
            self._report(
                fact_file, None, "-", f"top level must be a list of records, not {_kind_of(data)}"
            )
            return fact_file
        fact_file.records = []
        for index, raw in enumerate(data, start=1):
            label = _record_label(raw, index)
            if not isinstance(raw, dict):
                record = _Record(index, label, {})
                message = f"record must be a mapping of fields, not {_kind_of(raw)}"
                self._report(fact_file, record, "-", message)
                continue
            record = _Record(index, label, raw)
            fact_file.records.append(record)
            self._validate(fact_file, record, FACT_MODELS[kind])
        record_nodes = root.value if isinstance(root, yaml.SequenceNode) else []
        for mapping, line, key in loader.repeated_keys:
            # The key belongs to the last record that starts on or before its line.
            position = sum(1 for node in record_nodes if node.start_mark.line + 1 <= line)
            owner = next((r for r in fact_file.records if r.index == position), None)
            in_record_itself = owner is not None and mapping is record_nodes[owner.index - 1]
            self._report(
                fact_file, owner, key if in_record_itself else "-",
                f"key {key!r} appears twice (line {line}); YAML would keep only the last",
            )
        return fact_file

    def _validate(self, fact_file: _FactFile, record: _Record, model: type[BaseModel]) -> None:
        try:
            record.model = model.model_validate(record.raw)
        except ValidationError as exc:
            for field, message in _validation_problems(exc, model):
                self._report(fact_file, record, field, message)
                self._rejected.add((fact_file.name, record.index, field))
            return
        # PartialDate.parse lets a zero year, month or day through ("2014-00"), and such a
        # date raises only when the UI orders it; catch it here while models.py allows it.
        for field, date in _partial_dates(record.model):
            try:
                date.earliest()
                date.latest()
            except ValueError:
                self._report(fact_file, record, field, f"{str(date)!r} is not a real date")

    def _read_source_texts(self, sources: _FactFile) -> dict[str, str]:
        texts: dict[str, str] = {}
        sources_dir = self.facts_dir / SOURCES_DIR
        for record in sources.records or ():
            file_name = record.raw.get("file")
            source_id = record.raw.get("id")
            if not isinstance(file_name, str) or not file_name:
                continue
            path = sources_dir / file_name
            if not path.resolve().is_relative_to(sources_dir.resolve()):
                message = f"{file_name} is outside {SOURCES_DIR}/"
                self._report_cross(sources, record, "file", message)
                continue
            shown = f"{SOURCES_DIR}/{file_name}"
            try:
                text = path.read_bytes().decode("utf-8")
            except FileNotFoundError:
                self._report_cross(sources, record, "file", f"source text {shown} not found")
                continue
            except OSError as exc:
                self._report_cross(sources, record, "file", f"cannot read {shown}: {exc.strerror}")
                continue
            except UnicodeDecodeError as exc:
                self._report_cross(
                    sources, record, "file",
                    f"{shown} is not valid UTF-8 (bad byte at offset {exc.start})",
                )
                continue
            if isinstance(source_id, str):
                texts[source_id] = text
        return texts

    # -- cross-record checks -----------------------------------------------------------------

    def _check_unique_ids(self, fact_file: _FactFile) -> None:
        first_seen: dict[str, int] = {}
        for record in fact_file.records or ():
            record_id = record.raw.get("id")
            if not isinstance(record_id, str):
                continue
            if record_id in first_seen:
                self._report_cross(
                    fact_file, record, "id",
                    f"duplicate id {record_id} (first used by record #{first_seen[record_id]})",
                )
            else:
                first_seen[record_id] = record.index

    def _check_iso(
        self, fact_file: _FactFile, record: _Record, field: str, code: object,
        iso_codes: set[str] | None,
    ) -> bool:
        if iso_codes is None or not isinstance(code, str) or code in iso_codes:
            return True
        self._report_cross(
            fact_file, record, field,
            f"unknown ISO code {code} (not in {self.geodata_dir.name}/{COUNTRIES_FILE})",
        )
        return False

    def _check_members(self, members: _FactFile, iso_codes: set[str] | None) -> None:
        for record in members.records or ():
            self._check_iso(members, record, "id", record.raw.get("id"), iso_codes)

    def _check_territory_changes(
        self, files: Mapping[str, _FactFile], iso_codes: set[str] | None,
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
                self._report_cross(changes, record, "member", f"{member} is not in {members.name}")
            territory = record.raw.get("territory")
            if territories is not None and isinstance(territory, str) and (
                territory not in territories
            ):
                self._report_cross(
                    changes, record, "territory",
                    f"unknown territory {territory} "
                    f"(not in {self.geodata_dir.name}/{GERMANY_FILE})",
                )

    def _check_sites(self, sites: _FactFile, iso_codes: set[str] | None) -> None:
        for record in sites.records or ():
            self._check_iso(sites, record, "host", record.raw.get("host"), iso_codes)

    def _check_missions(self, missions: _FactFile, iso_codes: set[str] | None) -> None:
        for record in missions.records or ():
            for i, code in _list_items(record.raw.get("areas")):
                self._check_iso(missions, record, f"areas.{i}", code, iso_codes)

    def _check_events(self, files: Mapping[str, _FactFile]) -> None:
        events, sources = files["events"], files["sources"]
        source_ids = sources.declared_ids
        for record in events.records or ():
            for i, source_id in _list_items(record.raw.get("sources")):
                if source_ids is not None and source_id not in source_ids:
                    message = f"unknown source {source_id}"
                    self._report_cross(events, record, f"sources.{i}", message)
            self._check_refs(files, events, record, "items")
            for i, code in _list_items(record.raw.get("places")):
                self._check_iso(events, record, f"places.{i}", code, self._iso_codes)
            self._check_event_voice(events, record, source_ids)

    def _check_event_voice(
        self, events: _FactFile, record: _Record, source_ids: set[str] | None
    ) -> None:
        """An event title is the atlas speaking: either the record, checked against a cited
        reference, or one source's account, which the title must say it is."""
        raw = record.raw
        voice, title = raw.get("voice"), raw.get("title")
        if voice == "record" and not raw.get("checked_against"):
            self._report_cross(
                events, record, "checked_against",
                "voice is record: cite the reference the title was checked against")
        if voice != "account":
            if raw.get("according_to") is not None:
                self._report_cross(events, record, "according_to",
                                   "only an event whose voice is account names according_to")
            return
        according_to = raw.get("according_to")
        if not isinstance(according_to, str):
            self._report_cross(events, record, "according_to",
                               "voice is account: name the source whose account the title gives")
            return
        if according_to not in _as_list(raw.get("sources")) or (
            source_ids is not None and according_to not in source_ids
        ):
            self._report_cross(events, record, "according_to",
                               f"{according_to} is not one of the event's sources")
        if isinstance(title, str) and not re.search(r"\baccording to\b", title, re.IGNORECASE):
            self._report_cross(
                events, record, "title",
                "voice is account: the title must say whose account it is ('according to ...')")

    def _check_refs(
        self, files: Mapping[str, _FactFile], fact_file: _FactFile, record: _Record, field: str
    ) -> None:
        for i, ref in _list_items(record.raw.get(field)):
            self._check_ref(files, fact_file, record, f"{field}.{i}", ref)

    def _check_ref(
        self, files: Mapping[str, _FactFile], fact_file: _FactFile, record: _Record, field: str,
        ref: str,
    ) -> None:
        try:
            kind, item_id = split_item_ref(ref)
        except ValueError:
            return  # the model reports malformed references
        target = files[REF_KINDS[kind]]
        # A file that failed to load declares nothing; do not blame every reference to it.
        if target.declared_ids is not None and item_id not in target.declared_ids:
            self._report_cross(fact_file, record, field, f"unknown item {ref}")

    def _check_quotes(self, files: Mapping[str, _FactFile], source_texts: dict[str, str]) -> None:
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
                    self._report_cross(quotes, record, "source", f"unknown source {source_id}")
                elif source_id in needs_translation:
                    translations = raw.get("translations")
                    if not (isinstance(translations, dict) and "en" in translations):
                        self._report_cross(
                            quotes, record, "translations.en", "missing English translation"
                        )
            if source_id in collapsed_texts and isinstance(text, str) and text:
                message = _not_verbatim(text, collapsed_texts[source_id], source_id)
                if message:
                    self._report_cross(quotes, record, "text", message)
            self._check_refs(files, quotes, record, "about")
            self._check_quote_voice(quotes, record, languages)

    def _check_quote_voice(
        self, quotes: _FactFile, record: _Record, languages: Mapping[str, object]
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
            self._report_cross(
                quotes, record, "claimed_by",
                f"the passage attributes its words ({attribution.group(0)!r}): name that "
                "claimant in claimed_by; only the publisher's own sentences have none")
        elif raw.get("claimed_by") is not None and not attribution and (
            raw.get("claim_reference") is None
        ):
            self._report_cross(
                quotes, record, "claimed_by",
                "the passage does not say who claims it: leave claimed_by empty for the "
                "publisher's own voice, or cite the reference that names the claimant "
                "(claim_reference)")

    def _check_scenes(self, files: Mapping[str, _FactFile]) -> None:
        scenes = files["scenes"]
        for record in scenes.records or ():
            item = record.raw.get("item")
            if isinstance(item, str):  # absent, or the model reports its type
                self._check_ref(files, scenes, record, "item", item)

    def _check_translations(
        self, files: Mapping[str, _FactFile], language: str, rank: int, compare: bool
    ) -> dict[tuple[str, str, str], str]:
        """translations/<language>.yaml: {kind: {id: {field: text}}}, one entry for every
        fact string of TRANSLATED_FIELDS the English facts hold, and nothing else (compared
        only when `compare`: the English facts are sound)."""
        fact_file = _FactFile(f"{TRANSLATIONS_DIR}/{language}.yaml", rank, None)
        text = self._read_text(fact_file, self.facts_dir / fact_file.name)
        found: dict[tuple[str, str, str], str] = {}
        if text is not None:
            found = self._parse_translations(fact_file, text)
        if text is None or not compare:
            return found
        expected = _translatable(files)
        for key in sorted(expected.keys() - found.keys()):
            self._report_translation(fact_file, key, "missing translation of "
                                     f"{_short_repr(expected[key])}")
        for key in sorted(found.keys() - expected.keys()):
            self._report_translation(fact_file, key, "no such fact string to translate "
                                     "(unknown record or field, or empty in English)")
        return {key: value for key, value in found.items() if key in expected}

    def _parse_translations(
        self, fact_file: _FactFile, text: str
    ) -> dict[tuple[str, str, str], str]:
        loader = _FactsLoader(text)
        try:
            data = loader.get_single_data()
        except yaml.MarkedYAMLError as exc:
            self._report(fact_file, None, "-", _yaml_error_message(exc))
            return {}
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
            self._report(fact_file, None, "-", f"YAML error: {exc}")
            return {}
        finally:
            loader.dispose()
        for _, line, repeated in loader.repeated_keys:
            self._report(fact_file, None, "-", f"key {repeated!r} appears twice (line {line}); "
                         "YAML would keep only the last")
        if not isinstance(data, dict):
            self._report(fact_file, None, "-", "top level must be a mapping {kind: {id: "
                         f"{{field: text}}}}, not {_kind_of(data)}")
            return {}
        found: dict[tuple[str, str, str], str] = {}
        for kind, records in data.items():
            if kind not in TRANSLATED_FIELDS:
                self._report(fact_file, None, str(kind), f"unknown kind {_short_repr(kind)} "
                             f"(one of {', '.join(TRANSLATED_FIELDS)})")
                continue
            for item_id, fields in (records or {}).items() if isinstance(records, dict) else ():
                for name, value in (fields or {}).items() if isinstance(fields, dict) else ():
                    key = (str(kind), str(item_id), str(name))
                    if isinstance(value, str) and value.strip():
                        found[key] = value
                    else:
                        self._report_translation(fact_file, key, "translation must be "
                                                 f"non-empty text, not {_kind_of(value)}")
        return found

    def _report_translation(
        self, fact_file: _FactFile, key: tuple[str, str, str], message: str
    ) -> None:
        kind, item_id, name = key
        self._add(fact_file.rank, 0, Problem(fact_file.name, f"{kind}:{item_id}", name, message))

    # -- result -----------------------------------------------------------------------------

    def _facts(
        self, files: Mapping[str, _FactFile], source_texts: dict[str, str],
        translations: Mapping[str, Mapping[tuple[str, str, str], str]],
    ) -> Facts:
        def by_id(kind: str) -> dict[str, Any]:
            return {r.raw["id"]: r.model for r in files[kind].records or ()}

        return Facts(
            sources=by_id("sources"),
            source_texts=source_texts,
            members=by_id("members"),
            territory_changes=tuple(
                typing.cast(TerritoryChange, r.model)
                for r in files["territory_changes"].records or ()
            ),
            sites=by_id("sites"),
            missions=by_id("missions"),
            events=by_id("events"),
            quotes=by_id("quotes"),
            scenes=by_id("scenes"),
            translations=translations,
        )


# -- helpers ---------------------------------------------------------------------------------


def _translatable(files: Mapping[str, _FactFile]) -> dict[tuple[str, str, str], str]:
    """(kind, id, field) -> English text of every fact string that needs a translation."""
    wanted: dict[tuple[str, str, str], str] = {}
    for record in files["members"].records or ():
        member_id, periods = record.raw.get("id"), record.raw.get("outside_integrated_command")
        for number, period in enumerate(periods if isinstance(periods, list) else [], start=1):
            note = period.get("note") if isinstance(period, dict) else None
            if isinstance(member_id, str) and isinstance(note, str) and note.strip():
                wanted[("period", f"{member_id}.{number}", "note")] = note
    for kind, fields in TRANSLATED_FIELDS.items():
        if kind in ("claimant", "period"):
            continue
        for record in files[_RECORDS_OF[kind]].records or ():
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
        f"characters match, then {_short_repr(quote[low:low + 20])}"
    )


def _yaml_error_message(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    what = exc.problem or exc.context or "invalid YAML"
    # A constructor error (unknown tag, unhashable key) is well-formed YAML we refuse to build.
    refused = isinstance(exc, yaml.constructor.ConstructorError)
    return f"{'YAML error' if refused else 'YAML syntax error'}{where}: {what}"


def _record_label(raw: object, index: int) -> str:
    record_id = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(record_id, str) and _LABEL_ID.fullmatch(record_id):
        return record_id
    return f"#{index}"


def _partial_dates(value: object, path: str = "") -> Iterator[tuple[str, PartialDate]]:
    if isinstance(value, PartialDate):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, item in value:
            yield from _partial_dates(item, f"{path}.{name}" if path else name)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _partial_dates(item, f"{path}.{i}")


def _list_items(value: object) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item


def _kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"a {type(value).__name__} ({_short_repr(value)})"


def _short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _REPR_LIMIT else text[: _REPR_LIMIT - 1] + "…"


def _validation_problems(
    exc: ValidationError, model: type[BaseModel]
) -> list[tuple[str, str]]:
    """(dotted field, short message) for each error pydantic found in one record."""
    errors = exc.errors(include_url=False)
    # A misspelt required field shows up twice (unknown key + missing field): report it once.
    explained_missing: set[tuple[Any, ...]] = set()
    problems: list[tuple[str, str]] = []
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing":
            continue
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"unknown field {key!r}"
            owner = _model_at(model, loc[:-1])
            fields = list(owner.model_fields) if owner else []
            guess = difflib.get_close_matches(key, fields, n=1, cutoff=0.75)
            if guess:
                message += f" (did you mean {guess[0]!r}?)"
                explained_missing.add((*loc[:-1], guess[0]))
            problems.append((_dotted(loc), message))
            continue
        message = error["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
            message = f"key {_short_repr(error['input'])} is not allowed: {message}"
        elif kind not in ("value_error", "assertion_error") and _is_scalar(error["input"]):
            message += f" (got {_short_repr(error['input'])})"
        if kind == "value_error":
            loc = _blamed_field(model, loc, message)
        problems.append((_dotted(loc), message))
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc not in explained_missing:
            problems.append((_dotted(loc), "missing required field"))
    return problems


def _blamed_field(model: type[BaseModel], loc: tuple[Any, ...], message: str) -> tuple[Any, ...]:
    """Point a whole-record error at the field its message starts with ("end 1998 is ...").

    The models' cross-field rules run after all fields parsed and carry no field location;
    their messages lead with the field at fault.
    """
    owner = _model_at(model, loc)
    first_word = message.split(" ", 1)[0]
    if owner is not None and first_word in owner.model_fields:
        return (*loc, first_word)
    return loc


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the value at `loc` inside `model`, if any."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        nested = _nested_model(field.annotation) if field else None
        if nested is None:
            return None
        current = nested
    return current


def _nested_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) if loc else "-"
