"""The Sources page's disagreement cards: what `atlas.disagreements` derives, in the reader's
words and digits, drawn by `atlas/templates/sources/disagreements.html.j2`."""

from __future__ import annotations

import datetime as dt

from atlas import labels
from atlas.disagreements import Disagreement, Statement, Value, find_disagreements
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.markup import render
from atlas.models import PartialDate
from atlas.sourcetext import short_item_name
from atlas.urlstate import map_href, source_href


def format_value(tr: Translator, value: Value | list[str]) -> str:
    """A derived value in the reader's words and digits (plain text, not escaped)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return tr.number(value)
    if isinstance(value, tuple):
        first, second = value
        return tr("map.years", start=tr.number(first),
                  end=tr.number(second) if second else tr("panel.today"))
    if isinstance(value, list):
        return tr.join(value) if value else tr("disagree.nobody")
    if isinstance(value, dt.date | PartialDate):
        return tr.date(value)
    return str(value)


def _facts_text(kind: str, statement: Statement, tr: Translator) -> str:
    if kind == "member_count":
        if statement.facts is None:
            return tr("disagree.member_count.undated")
        return tr("disagree.member_count.facts", count=statement.facts)
    if kind == "digits":
        return tr(statement.note)
    if kind == "accession_dates":
        text = tr.date(statement.facts)
        if statement.also:
            text += " · " + tr("disagree.accession_dates.also",
                               dates=tr.join([tr.date(d) for d in statement.also]))
        return text
    if kind == "site_claims":
        return str(statement.facts)
    if kind == "base_count":
        return tr("disagree.base_count.facts", count=statement.facts)
    if kind == "command_status":
        return tr("disagree.command_status.facts", years=format_value(tr, statement.facts))
    return format_value(tr, statement.facts)


def _row(facts: Facts, kind: str, statement: Statement, tr: Translator, *,
         one_source: bool) -> dict[str, object]:
    source = facts.sources[statement.source_id]
    passage = (source_href(source.id, statement.quote_id, tr.language)
               if statement.quote_id else None)
    subject = statement.subject
    return {
        "source": None if one_source else {
            "publisher": source.publisher, "date": labels.published(tr, source.published)},
        "passage_href": passage,
        "source_record": source,
        "says": statement.says,
        "says_href": passage if one_source else None,
        "reading": format_value(tr, statement.reading),
        "facts": _facts_text(kind, statement, tr),
        "agrees": statement.agrees,
        "map_href": map_href(facts, subject, tr.language) if subject else None,
        "map_name": (tr("disagree.on_map", name=short_item_name(facts, subject))
                     if subject else None),
    }


def _card(facts: Facts, disagreement: Disagreement, tr: Translator) -> dict[str, object]:
    kind = disagreement.kind
    values = {k: format_value(tr, v) for k, v in disagreement.values.items()}
    source_ids = list(dict.fromkeys(s.source_id for s in disagreement.statements))
    one_source = len(source_ids) == 1
    columns = [f"disagree.{kind}.col_says", f"disagree.{kind}.col_reading",
               f"disagree.{kind}.col_facts"]
    if not one_source:
        columns.insert(0, "disagree.col_source")
    byline = None
    if one_source and source_ids:
        source = facts.sources[source_ids[0]]
        byline = tr("disagree.byline", publisher=source.publisher,
                    date=labels.published(tr, source.published), title=source.title)
    return {"kind": kind, "title": tr(f"disagree.{kind}.title", **values),
            "why": tr(f"disagree.{kind}.why", **values), "byline": byline,
            "columns": columns,
            "rows": [_row(facts, kind, s, tr, one_source=one_source)
                     for s in disagreement.statements]}


def disagreements_html(facts: Facts, tr: Translator) -> str:
    """Every disagreement as a card: what differs, why, and each source's side."""
    cards = [_card(facts, d, tr) for d in find_disagreements(facts)]
    return str(render("sources/disagreements.html.j2", tr=tr, cards=cards))
