"""Reading facts/: each YAML file into records, each record validated by its model
(atlas/models.py), the source texts, the translation files, and the ids the geodata declares.

Every problem goes to the Report, by file, record and field; nothing raises. A YAML file is
read with a safe loader that keeps dates as text and notes repeated keys.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from atlas import fact_strings
from atlas.facts.report import FactFile, Problem, Record, Report
from atlas.facts.validation import kind_of, short_repr, validation_problems
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
)

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml: same results, slower
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

REPO_DIR = Path(__file__).resolve().parents[2]
DEFAULT_FACTS_DIR = REPO_DIR / "facts"
SOURCES_DIR = "sources"
TRANSLATIONS_DIR = "translations"

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

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


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


def geodata_ids(report: Report, geodata_dir: Path, file_name: str, prop: str) -> set[str] | None:
    """The values of properties.`prop` in a GeoJSON file; None (reported) if it cannot be read."""
    path = geodata_dir / file_name
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
    report.add(-1, 0, Problem(str(path), "-", "-", message))
    return None


def read_text(report: Report, fact_file: FactFile, path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        report.record(fact_file, None, "-", "file not found")
    except IsADirectoryError:
        report.record(fact_file, None, "-", "is a directory, not a file")
    except OSError as exc:
        report.record(fact_file, None, "-", f"cannot read: {exc.strerror}")
    except UnicodeDecodeError as exc:
        report.record(fact_file, None, "-", f"not valid UTF-8 (bad byte at offset {exc.start})")
    return None


def load_file(report: Report, facts_dir: Path, kind: str, name: str, rank: int) -> FactFile:
    """One file of FACT_FILES, its records validated by FACT_MODELS[kind]."""
    fact_file = FactFile(name, rank, None)
    text = read_text(report, fact_file, facts_dir / name)
    if text is None:
        return fact_file
    loader = _FactsLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        report.record(fact_file, None, "-", _yaml_error_message(exc))
        return fact_file
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        report.record(fact_file, None, "-", f"YAML error: {exc}")
        return fact_file
    finally:
        loader.dispose()
    if data is None:
        report.record(fact_file, None, "-", "file is empty (write [] for no records)")
        return fact_file
    if not isinstance(data, list):
        report.record(
            fact_file, None, "-", f"top level must be a list of records, not {kind_of(data)}"
        )
        return fact_file
    fact_file.records = []
    for index, raw in enumerate(data, start=1):
        label = _record_label(raw, index)
        if not isinstance(raw, dict):
            record = Record(index, label, {})
            message = f"record must be a mapping of fields, not {kind_of(raw)}"
            report.record(fact_file, record, "-", message)
            continue
        record = Record(index, label, raw)
        fact_file.records.append(record)
        _validate(report, fact_file, record, FACT_MODELS[kind])
    record_nodes = root.value if isinstance(root, yaml.SequenceNode) else []
    for mapping, line, key in loader.repeated_keys:
        # The key belongs to the last record that starts on or before its line.
        position = sum(1 for node in record_nodes if node.start_mark.line + 1 <= line)
        owner = next((r for r in fact_file.records if r.index == position), None)
        in_record_itself = owner is not None and mapping is record_nodes[owner.index - 1]
        report.record(
            fact_file, owner, key if in_record_itself else "-",
            f"key {key!r} appears twice (line {line}); YAML would keep only the last",
        )
    return fact_file


def _validate(report: Report, fact_file: FactFile, record: Record, model: type[BaseModel]) -> None:
    try:
        record.model = model.model_validate(record.raw)
    except ValidationError as exc:
        for field, message in validation_problems(exc, model):
            report.record(fact_file, record, field, message)
            report.rejected.add((fact_file.name, record.index, field))
        return
    # PartialDate.parse lets a zero year, month or day through ("2014-00"), and such a
    # date raises only when the UI orders it; catch it here while models.py allows it.
    for field, date in _partial_dates(record.model):
        try:
            date.earliest()
            date.latest()
        except ValueError:
            report.record(fact_file, record, field, f"{str(date)!r} is not a real date")


def read_source_texts(report: Report, facts_dir: Path, sources: FactFile) -> dict[str, str]:
    """Source id -> the text its record's `file` names in sources/, exactly as stored."""
    texts: dict[str, str] = {}
    sources_dir = facts_dir / SOURCES_DIR
    for record in sources.records or ():
        file_name = record.raw.get("file")
        source_id = record.raw.get("id")
        if not isinstance(file_name, str) or not file_name:
            continue
        path = sources_dir / file_name
        if not path.resolve().is_relative_to(sources_dir.resolve()):
            message = f"{file_name} is outside {SOURCES_DIR}/"
            report.cross(sources, record, "file", message)
            continue
        shown = f"{SOURCES_DIR}/{file_name}"
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            report.cross(sources, record, "file", f"source text {shown} not found")
            continue
        except OSError as exc:
            report.cross(sources, record, "file", f"cannot read {shown}: {exc.strerror}")
            continue
        except UnicodeDecodeError as exc:
            report.cross(
                sources, record, "file",
                f"{shown} is not valid UTF-8 (bad byte at offset {exc.start})",
            )
            continue
        if isinstance(source_id, str):
            texts[source_id] = text
    return texts


def read_translations(
    report: Report, fact_file: FactFile, path: Path, kinds: dict[str, tuple[str, ...]]
) -> dict[tuple[str, str, str], tuple[str, str] | None] | None:
    """translations/<language>.yaml, {kind: {id: {field: {text, from_en}}}} with `kinds` the
    known kinds, as (kind, id, field) -> (text, the hash of the English it was made from), or
    None for an entry that is not a translation (reported here); None when the file cannot
    be read at all."""
    text = read_text(report, fact_file, path)
    if text is None:
        return None
    loader = _FactsLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        report.record(fact_file, None, "-", _yaml_error_message(exc))
        return {}
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        report.record(fact_file, None, "-", f"YAML error: {exc}")
        return {}
    finally:
        loader.dispose()
    for _, line, repeated in loader.repeated_keys:
        report.record(fact_file, None, "-", f"key {repeated!r} appears twice (line {line}); "
                      "YAML would keep only the last")
    if not isinstance(data, dict):
        report.record(fact_file, None, "-", "top level must be a mapping {kind: {id: "
                      f"{{field: {{text, from_en}}}}}}, not {kind_of(data)}")
        return {}
    found: dict[tuple[str, str, str], tuple[str, str] | None] = {}
    for kind, records in data.items():
        if kind not in kinds:
            report.record(fact_file, None, str(kind), f"unknown kind {short_repr(kind)} "
                          f"(one of {', '.join(kinds)})")
            continue
        for item_id, fields in (records or {}).items() if isinstance(records, dict) else ():
            for name, value in (fields or {}).items() if isinstance(fields, dict) else ():
                key = (str(kind), str(item_id), str(name))
                entry = fact_strings.parse_entry(value)
                found[key] = entry if isinstance(entry, tuple) else None
                if not isinstance(entry, tuple):
                    report.translation(fact_file, key, entry)
    return found


def _yaml_error_message(exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    what = exc.problem or exc.context or "invalid YAML"
    # A constructor error (unknown tag, unhashable key) is well-formed YAML we refuse to build.
    refused = isinstance(exc, yaml.constructor.ConstructorError)
    return f"{'YAML error' if refused else 'YAML syntax error'}{where}: {what}"


_LABEL_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")


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
