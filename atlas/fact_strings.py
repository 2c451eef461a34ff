"""The atlas's own words inside references, and what each translation was made from.

A reference (models.Citation) mixes two voices: its `title` is the cited work's own title, the
publisher's words, kept in its language; its `gloss`, `publisher` and `note` are the atlas's
words and are translated into every language of the UI (facts/translations/<lang>.yaml,
kind `citation`, keyed by the English text, which many references share: "Accession dates of
every member." is written once per language, not once per member).

Every translation also records the English it was made from (`from_en`, a short hash of the
English text with its whitespace collapsed): when the English of a fact changes, the
translation no longer matches it, and `atlas check` says so, naming file, record and field,
until a translator has checked the translation and written the new hash
(`python -m atlas stale` lists them with the English as it now reads).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from atlas.models import Citation

# The fields of a reference that are the atlas's words (translated); `title` is not.
CITATION_FIELDS = ("gloss", "publisher", "note")
# (file key in FACT_FILES, field holding a list of references, or one reference)
_CITING_FIELDS = (
    ("members", "citations"), ("territory_changes", "citations"), ("sites", "citations"),
    ("missions", "citations"), ("events", "checked_against"), ("quotes", "claim_reference"),
)
_HASH = re.compile(r"^[0-9a-f]{8}$")


def source_hash(english: str) -> str:
    """The short hash a translation stores of the English it was made from; a change of
    whitespace alone (a line folded differently) is not a change of the English."""
    return hashlib.sha256(" ".join(english.split()).encode("utf-8")).hexdigest()[:8]


def parse_entry(value: object) -> tuple[str, str] | str:
    """(text, from_en) of one translation entry, or why it is not one."""
    if not isinstance(value, dict):
        return ("a translation is a mapping {text: ..., from_en: <hash of the English>}, "
                f"not {type(value).__name__ if value is not None else 'empty'}")
    text, made_from = value.get("text"), value.get("from_en")
    unknown = sorted(str(k) for k in value if k not in ("text", "from_en"))
    if unknown:
        return f"unknown key {unknown[0]!r} (a translation has text and from_en)"
    if not isinstance(text, str) or not text.strip():
        return "text must be the non-empty translation"
    if not isinstance(made_from, str) or not _HASH.match(made_from):
        return ("from_en must be the 8-hex-digit hash of the English the translation was "
                "made from (python -m atlas stale prints it)")
    return text, made_from


def citation_strings(records: Mapping[str, list[tuple[str, dict[str, Any]]]]
                     ) -> dict[str, tuple[str, str]]:
    """English text -> (the first place it is written, e.g. "events.yaml: wales-summit-2014:
    checked_against.0.note", its field name) for every atlas-written string of every
    reference. `records` maps a file key to (file name, raw record) pairs."""
    found: dict[str, tuple[str, str]] = {}
    for kind, field in _CITING_FIELDS:
        for file_name, raw in records.get(kind, ()):
            label = raw.get("id") if isinstance(raw.get("id"), str) else "-"
            for path, citation in _raw_citations(raw, field):
                for name in CITATION_FIELDS:
                    value = citation.get(name)
                    if isinstance(value, str) and value.strip() and value not in found:
                        found[value] = (f"{file_name}: {label}: {path}.{name}", name)
    return found


def _raw_citations(raw: dict[str, Any], field: str) -> Iterator[tuple[str, dict[str, Any]]]:
    value = raw.get(field)
    if isinstance(value, dict):
        yield field, value
    for i, citation in enumerate(value if isinstance(value, list) else []):
        if isinstance(citation, dict):
            yield f"{field}.{i}", citation
    # A period outside the integrated command carries its own references.
    periods = raw.get("outside_integrated_command") if field == "citations" else None
    for n, period in enumerate(periods if isinstance(periods, list) else []):
        for i, citation in enumerate(period.get("citations") or []
                                     if isinstance(period, dict) else []):
            if isinstance(citation, dict):
                yield f"outside_integrated_command.{n}.citations.{i}", citation


def localized_citations(citations: list[Citation], translate: Callable[[str], str]
                        ) -> list[Citation]:
    """The references with the atlas's words in the reader's language (`translate` maps the
    English to it); each work's own title as published."""
    return [citation.model_copy(update={
        name: translate(value) for name in CITATION_FIELDS
        if (value := getattr(citation, name))}) for citation in citations]
