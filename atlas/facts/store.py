"""The checked facts as the pages read them (`Facts`), in English or in a language of
FACT_LANGUAGES, and which of the atlas's own fact strings are translated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from atlas import fact_strings
from atlas.models import (
    Citation,
    Event,
    Member,
    Mission,
    Quote,
    Scene,
    Site,
    Source,
    TerritoryChange,
    split_item_ref,
)
from atlas.writing import localize_text_digits

# The languages the atlas's own fact strings are translated into (English is the source).
FACT_LANGUAGES = ("tr", "ar", "fa")
# The fact strings the atlas itself writes and shows, per kind of record: each must be
# translated into every language of FACT_LANGUAGES. Quotes are not here: they stay in their
# original language, with their own translations (only a quote's note, the project's own words,
# is here). `claimant` is keyed by the English claimed_by text, which quotes and events share.
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
    # The atlas's words in a reference (gloss, publisher, note; a work's title is its
    # publisher's and is not translated), keyed by the English text (atlas/fact_strings.py).
    "citation": ("text",),
}
# The field of Facts (and the file of FACT_FILES) that holds each kind's records.
RECORDS_OF = {"member": "members", "site": "sites", "mission": "missions", "event": "events",
              "quote": "quotes", "source": "sources", "territory": "territory_changes"}


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
        project's translation; claimants and the atlas's words in references too), numbers
        in the language's digits, for display. Ids, dates, quotes and the cited works' titles
        stay as they are. Built once per language and kept."""
        if language == self.language or language not in self.translations:
            return self
        if language not in self._in_languages:
            def cite(citations: list[Citation]) -> list[Citation]:
                return fact_strings.localized_citations(
                    citations, lambda english: self.local("citation", english, "text", language))

            def local(kind: str, records: Mapping[str, BaseModel]) -> dict[str, Any]:
                return {item_id: record.model_copy(update={
                    **{name: self.local(kind, item_id, name, language)
                       for name in TRANSLATED_FIELDS[kind] if getattr(record, name, None)},
                    **{name: cite(getattr(record, name))
                       for name in ("citations", "checked_against")
                       if getattr(record, name, None)}})
                    for item_id, record in records.items()}

            def claimant(value: str | None) -> str | None:
                return value and self.local("claimant", value, "name", language)

            events = {event_id: event.model_copy(update={"claimed_by": claimant(event.claimed_by)})
                      for event_id, event in local("event", self.events).items()}
            # The project's translation of a passage is ours too: the reader's digits. The
            # passage itself keeps the source's.
            quotes = {quote_id: quote.model_copy(update={
                "claimed_by": claimant(quote.claimed_by),
                "claim_reference": quote.claim_reference and cite([quote.claim_reference])[0],
                "translations": {lang: localize_text_digits(text, language) if lang == language
                                 else text for lang, text in quote.translations.items()}})
                for quote_id, quote in local("quote", self.quotes).items()}
            members = {member_id: member.model_copy(update={"outside_integrated_command": [
                period.model_copy(update={"note": self.local(
                    "period", f"{member_id}.{number}", "note", language),
                    "citations": cite(period.citations)})
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
        the project's translation (which `atlas check` guarantees for TRANSLATED_FIELDS), its
        numbers in the language's digits (atlas/writing.py).

        `kind` is "member", "site", "mission", "event", "source", "claimant" or "citation"
        (whose ids are the English text)."""
        if language in self.translations and (kind, item_id, field) in self.translations[language]:
            return localize_text_digits(self.translations[language][(kind, item_id, field)],
                                        language)
        if kind in ("claimant", "citation"):
            return item_id
        if kind == "period":
            member_id, _, number = item_id.rpartition(".")
            return self.members[member_id].outside_integrated_command[int(number) - 1].note
        records: Mapping[str, BaseModel] = getattr(self, RECORDS_OF[kind])
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
