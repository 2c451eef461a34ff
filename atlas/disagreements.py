"""Where the sources differ from each other or from the atlas's facts, and why.

Everything here is derived from the facts rather than written down: numbers and dates read out
of the quoted passages (in any digits), compared with the facts at each document's date. The
explanations are UI strings (atlas/locales/<lang>/sources.yaml, `disagree.<kind>.*`) filled
with the derived values, so a new source or quote shows up here without code changes.

Kinds, in the order shown:
- member_count: sources state different member counts; each is checked against the members
  at the document's date, and the members who joined in between explain the difference.
- digits: one source writes numbers in more than one set of digits (Persian and Arabic-Indic
  mixed inside one number, "١٩۴٩").
- run_together: two years printed as one number ("٢٠٢٣٢٠٢۴" for 2023–2024).
- accession_dates: a source gives an accession less precisely than the facts, and other dates
  the facts' own notes mention for it (West Germany: May 1955, 6 May, 9 May).
- command_status: passages about a member leaving or returning in a year when it left or
  rejoined the integrated military command, not the alliance.
- site_after_use: a source written after a site's last year in NATO use speaks of it.
- base_count: a party claims a number of bases; the atlas's cited sites at that date.
- site_claims: a party's claims about a site, beside what the atlas's references say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from atlas import timeline
from atlas.digits import normalize_digits
from atlas.facts import Facts
from atlas.i18n import Translator
from atlas.models import Member, PartialDate, Quote, Source, split_item_ref
from atlas.sourcetext import SOURCES_CSS, map_href, short_item_name, source_href

Value = int | str | dt.date | PartialDate | tuple[int, int] | None

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_DIGIT_RUN = re.compile(f"[{_DIGIT}]+")
_NUMBER = f"[{_DIGIT}]+(?:[,.\u066b\u066c][{_DIGIT}]+)*"
# Words that follow a number when a text counts the alliance's members ("29 دولة", "٣٢ کشور").
COUNT_NOUNS = {
    "ar": ("دولة", "دول", "عضوا", "عضواً"),
    "fa": ("کشور",),
    "en": ("members", "member states", "member countries", "countries", "allies"),
    "tr": ("üye", "ülke", "müttefik"),
}
BASE_NOUNS = {"en": "bases", "tr": "üs", "ar": "قاعدة", "fa": "پایگاه"}
_SCRIPTS = (("ascii", "0123456789"), ("arabic_indic", "٠١٢٣٤٥٦٧٨٩"),
            ("persian", "۰۱۲۳۴۵۶۷۸۹"))
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass(frozen=True)
class Statement:
    """One source's side: what it writes (verbatim), how that reads, what the facts say."""

    source_id: str
    quote_id: str | None
    says: str = ""  # verbatim from the source text ("" when only its date is in the facts)
    reading: Value = None
    facts: Value = None
    agrees: bool | None = None
    subject: str | None = None  # the item it is about, for a map link
    also: tuple[dt.date, ...] = ()  # other dates the facts' notes give
    note: str = ""  # a UI string key qualifying the row, e.g. the digits used


@dataclass(frozen=True)
class Disagreement:
    kind: str
    statements: tuple[Statement, ...]
    values: dict[str, Value | list[str]] = field(default_factory=dict)
    subject: str | None = None


def _number(text: str) -> int:
    return int(re.sub(r"[^0-9]", "", normalize_digits(text)))


def _quotes_of(facts: Facts, source_id: str) -> list[Quote]:
    return [q for q in facts.quotes.values() if q.source == source_id]


def _date_of(source: Source) -> PartialDate | None:
    return source.published


def members_on(facts: Facts, date: PartialDate) -> list[Member]:
    """Members on the last day `date` can mean ("2018-08": on 31 August 2018)."""
    return _members_on_day(facts, date.latest())


def _members_on_day(facts: Facts, day: dt.date) -> list[Member]:
    return [m for m in timeline.members_at(facts, day.year) if m.accession_date <= day]


def _count_agrees(facts: Facts, date: PartialDate, stated: int) -> bool:
    """Whether `stated` was the member count at some day `date` can mean: an approximate or
    coarse date ("about 18 February 2025") does not decide against a count that was right
    at another day it may mean."""
    first = len(_members_on_day(facts, date.earliest()))
    return first <= stated <= len(members_on(facts, date))


# -- member counts -------------------------------------------------------------------------


def count_statements(facts: Facts) -> list[Statement]:
    """Every member count a quoted passage states, checked against its document's date."""
    statements: list[Statement] = []
    for quote in facts.quotes.values():
        source = facts.sources[quote.source]
        nouns = COUNT_NOUNS.get(source.language, ())
        if not nouns:
            continue
        pattern = re.compile(f"({_NUMBER})\\s*(?:{'|'.join(map(re.escape, nouns))})(?!\\w)")
        for match in pattern.finditer(quote.text):
            stated = _number(match.group(1))
            date = _date_of(source)
            actual = len(members_on(facts, date)) if date else None
            if any(s.source_id == source.id and s.says == match.group(0) for s in statements):
                continue  # the same words again in the same source
            statements.append(Statement(
                source.id, quote.id, says=match.group(0), reading=stated, facts=actual,
                agrees=None if date is None else _count_agrees(facts, date, stated)))
    return statements


def member_count_disagreement(facts: Facts) -> Disagreement | None:
    statements = count_statements(facts)
    if len({s.reading for s in statements}) < 2:
        return None
    dated = sorted((d for s in statements if (d := _date_of(facts.sources[s.source_id]))),
                   key=lambda d: d.sort_key())
    values: dict[str, Value | list[str]] = {}
    if dated:
        first, last = dated[0], dated[-1]
        between = [m for m in members_on(facts, last) if m.accession_date > first.latest()]
        values = {"first": first, "last": last,
                  "joined": [f"{m.name} ({m.accession_date.year})" for m in between]}
    def undated_last(statement: Statement) -> tuple[tuple[dt.date, bool], str]:
        date = _date_of(facts.sources[statement.source_id])
        return (date.sort_key() if date else (dt.date.max, False)), statement.quote_id or ""

    statements.sort(key=undated_last)
    return Disagreement("member_count", tuple(statements), values)


# -- digits --------------------------------------------------------------------------------


def digit_script(run: str) -> str:
    """"ascii", "arabic_indic", "persian", or "mixed" for a run of digits."""
    used = {name for name, digits in _SCRIPTS for char in run if char in digits}
    return used.pop() if len(used) == 1 else "mixed"


def digit_disagreements(facts: Facts) -> list[Disagreement]:
    """Per source that mixes sets of digits inside one number: every number its passages
    write, how it reads, and which digits it uses."""
    found = []
    for source_id in facts.sources:
        rows: dict[str, Statement] = {}
        for quote in _quotes_of(facts, source_id):
            for run in _DIGIT_RUN.findall(quote.text):
                if run not in rows:
                    rows[run] = Statement(source_id, quote.id, says=run,
                                          reading=normalize_digits(run),
                                          note=f"disagree.script.{digit_script(run)}")
        if any(s.note.endswith(".mixed") for s in rows.values()):
            found.append(Disagreement("digits", tuple(rows.values()),
                                      {"source": facts.sources[source_id].publisher}))
    return found


def _split_years(digits: str) -> tuple[int, int] | None:
    """"20232024" as (2023, 2024): eight digits that read as two years, the second later."""
    if len(digits) != 8:
        return None
    first, second = int(digits[:4]), int(digits[4:])
    if 1900 <= first < second <= first + 50:
        return first, second
    return None


def run_together_disagreements(facts: Facts) -> list[Disagreement]:
    """Numbers that are two years printed without the dash between them, with the event the
    facts date to those years."""
    found = []
    for quote in facts.quotes.values():
        for run in _DIGIT_RUN.findall(quote.text):
            years = _split_years(normalize_digits(run))
            if years is None:
                continue
            event_ref, span = None, None
            for ref in quote.about:
                kind, item_id = split_item_ref(ref)
                if kind != "event":
                    continue
                event = facts.events[item_id]
                end = event.end or event.date
                if (event.date.year, end.year) == years:
                    event_ref, span = ref, (event.date.year, end.year)
                    break
            subject = event_ref or quote.about[0]
            statement = Statement(quote.source, quote.id, says=run, reading=years, facts=span,
                                  agrees=span == years if span else None, subject=subject)
            found.append(Disagreement("run_together", (statement,),
                                      {"written": run, "first": years[0], "second": years[1]},
                                      subject=subject))
    return found


# -- accession dates -----------------------------------------------------------------------


def accession_statements(facts: Facts) -> list[Statement]:
    """Accessions a source dates less precisely than (or differently from) the facts.

    A passage about a member that names its accession year, and an event of that passage
    about the member in that year, dated by that source alone (an event several sources give
    carries the most precise date among them, not this source's), give the source's date.
    """
    rows: dict[tuple[str, str], Statement] = {}
    for quote in facts.quotes.values():
        text = normalize_digits(quote.text)
        for ref in quote.about:
            kind, member_id = split_item_ref(ref)
            if kind != "member":
                continue
            member = facts.members[member_id]
            accession = member.accession_date
            if str(accession.year) not in text:
                continue
            for event_ref in quote.about:
                event_kind, event_id = split_item_ref(event_ref)
                if event_kind != "event":
                    continue
                event = facts.events[event_id]
                if (ref not in event.items or event.date.year != accession.year
                        or event.sources != [quote.source] or event.end is not None):
                    continue
                if event.date == accession.isoformat() or (member_id, quote.source) in rows:
                    continue
                agrees = event.date.earliest() <= accession <= event.date.latest()
                rows[(member_id, quote.source)] = Statement(
                    quote.source, quote.id, says=_words_before(quote, accession.year),
                    reading=event.date, facts=accession, agrees=agrees, subject=ref,
                    also=_other_dates(member))
    order = {member_id: facts.members[member_id].accession_date for member_id, _ in rows}
    return [rows[key] for key in sorted(rows, key=lambda key: (order[key[0]], key))]


def _other_dates(member: Member) -> tuple[dt.date, ...]:
    """Other days of the accession year that the member's notes give ("9 May" for 1955)."""
    dates = []
    for match in _ISO_DATE.finditer(member.notes or ""):
        try:
            date = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            continue
        if date.year == member.accession_date.year and date != member.accession_date:
            dates.append(date)
    return tuple(dict.fromkeys(dates))


def accession_disagreement(facts: Facts) -> Disagreement | None:
    statements = accession_statements(facts)
    return Disagreement("accession_dates", tuple(statements)) if statements else None


# -- command status ------------------------------------------------------------------------


def command_status_disagreements(facts: Facts) -> list[Disagreement]:
    """Passages about a member that name the year it left or rejoined the integrated command."""
    found = []
    for member in facts.members.values():
        for period in member.outside_integrated_command:
            if period.start.earliest() <= member.accession_date:
                continue  # never inside before (Spain until 1999): nothing was left
            years = [period.start.year] + ([period.end.year] if period.end else [])
            rows = []
            for quote in facts.quotes_about(f"member:{member.id}"):
                text = normalize_digits(quote.text)
                for year in years:
                    if str(year) in text:
                        rows.append(Statement(quote.source, quote.id,
                                              says=_words_before(quote, year),
                                              reading=year, facts=(period.start.year,
                                                                   period.end.year
                                                                   if period.end else 0),
                                              subject=f"member:{member.id}"))
            if rows:
                found.append(Disagreement(
                    "command_status", tuple(rows),
                    {"member": member.name, "start": period.start,
                     "end": period.end or "", "note": period.note},
                    subject=f"member:{member.id}"))
    return found


def _words_before(quote: Quote, year: int, words: int = 4) -> str:
    """The year as the passage writes it (its own digits) with the words leading up to it,
    which carry the month or the wording ("الناتو في مايو 1955")."""
    for match in _DIGIT_RUN.finditer(quote.text):
        if normalize_digits(match.group(0)) == str(year):
            before = quote.text[: match.start()].split()[-words:]
            return " ".join([*before, match.group(0)])
    return str(year)


# -- sites ---------------------------------------------------------------------------------


def site_after_use_disagreements(facts: Facts) -> list[Disagreement]:
    """A source dated after a site's last year in NATO use that speaks of the site."""
    found = []
    for site in facts.sites.values():
        if site.end_year is None:
            continue
        ref = f"site:{site.id}"
        rows = []
        for quote in facts.quotes_about(ref):
            date = _date_of(facts.sources[quote.source])
            if date is not None and date.year > site.end_year:
                rows.append(Statement(quote.source, quote.id, says=quote.text, reading=date,
                                      facts=(site.start_year, site.end_year), agrees=False,
                                      subject=ref))
        if rows:
            found.append(Disagreement("site_after_use", tuple(rows),
                                      {"site": site.name, "start": site.start_year,
                                       "end": site.end_year, "role": site.role.rstrip(".")},
                                      subject=ref))
    return found


def base_count_disagreements(facts: Facts) -> list[Disagreement]:
    """A claimed number of bases in a member state, beside the sites the atlas can cite there
    at the document's date (which it does not present as all there are)."""
    found = []
    for quote in facts.quotes.values():
        source = facts.sources[quote.source]
        noun = BASE_NOUNS.get(source.language)
        date = _date_of(source)
        if noun is None or date is None:
            continue
        pattern = re.compile(f"({_NUMBER})\\s+(?:\\S+\\s+){{0,4}}?{re.escape(noun)}(?!\\w)")
        for match in pattern.finditer(quote.text):
            for ref in quote.about:
                kind, member_id = split_item_ref(ref)
                if kind != "member":
                    continue
                sites = [s for s in timeline.sites_at(facts, date.year) if s.host == member_id]
                stated = _number(match.group(1))
                statement = Statement(quote.source, quote.id, says=match.group(0),
                                      reading=stated, facts=len(sites), agrees=False,
                                      subject=ref)
                found.append(Disagreement(
                    "base_count", (statement,),
                    # A number in the publisher's own voice is the publisher's claim.
                    {"who": quote.claimed_by or source.publisher, "count": stated,
                     "member": facts.item_name(ref),
                     "year": date.year, "sites": [s.name for s in sites],
                     "atlas_count": len(sites)},
                    subject=ref))
    return found


def site_claims_disagreement(facts: Facts) -> Disagreement | None:
    """Claims about sites, each beside the site's role in the atlas's references: a party's,
    and those a publication that reports such claims makes in its own voice (a reporter's
    unattributed sentences about the same bases are the publication's claims)."""
    site_quotes = [(f"site:{site.id}", site, quote) for site in facts.sites.values()
                   for quote in facts.quotes_about(f"site:{site.id}")]
    reporting = {quote.source for _, _, quote in site_quotes if quote.claimed_by}
    rows = [Statement(quote.source, quote.id, says=quote.text,
                      reading=quote.claimed_by or facts.sources[quote.source].publisher,
                      facts=site.role, subject=ref)
            for ref, site, quote in site_quotes if quote.source in reporting]
    return Disagreement("site_claims", tuple(rows)) if rows else None


def find_disagreements(facts: Facts) -> list[Disagreement]:
    """Every disagreement the facts show, in the order the page lists them."""
    found: list[Disagreement] = []
    count = member_count_disagreement(facts)
    found += [count] if count else []
    found += digit_disagreements(facts)
    found += run_together_disagreements(facts)
    accession = accession_disagreement(facts)
    found += [accession] if accession else []
    found += command_status_disagreements(facts)
    found += site_after_use_disagreements(facts)
    found += base_count_disagreements(facts)
    claims = site_claims_disagreement(facts)
    found += [claims] if claims else []
    return found


# -- rendering -----------------------------------------------------------------------------


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


def _source_cell(facts: Facts, statement: Statement, tr: Translator) -> str:
    source = facts.sources[statement.source_id]
    date = tr.date(source.published) if source.published else tr("date.unknown")
    link = ""
    if statement.quote_id:
        href = source_href(source.id, statement.quote_id, tr.language)
        link = (f"<br><a class='small' href='{escape(href)}' target='_self'>"
                f"{escape(tr('disagree.to_passage'))}</a>")
    return f"{escape(source.publisher)}<br><span class='small'>{escape(date)}</span>{link}"


def _facts_cell(facts: Facts, kind: str, statement: Statement, tr: Translator) -> str:
    if kind == "member_count":
        if statement.facts is None:
            text = tr("disagree.member_count.undated")
        else:
            text = tr("disagree.member_count.facts", count=statement.facts)
    elif kind == "digits":
        text = tr(statement.note)
    elif kind == "accession_dates":
        text = tr.date(statement.facts)
        if statement.also:
            text += " · " + tr("disagree.accession_dates.also",
                               dates=tr.join([tr.date(d) for d in statement.also]))
    elif kind == "site_claims":
        text = str(statement.facts)
    elif kind == "base_count":
        text = tr("disagree.base_count.facts", count=statement.facts)
    elif kind == "command_status":
        text = tr("disagree.command_status.facts", years=format_value(tr, statement.facts))
    else:
        text = format_value(tr, statement.facts)
    if statement.agrees is True:
        verdict = f" <span class='ok'>✓ {escape(tr('disagree.agrees'))}</span>"
    elif statement.agrees is False:
        verdict = f" <span class='off'>≠ {escape(tr('disagree.differs'))}</span>"
    else:
        verdict = ""
    link = ""
    if statement.subject:
        href = map_href(facts, statement.subject, tr.language)
        name = tr("disagree.on_map", name=short_item_name(facts, statement.subject))
        link = f"<br><a class='small' href='{escape(href)}' target='_self'>{escape(name)}</a>"
    return escape(text) + verdict + link


def _says_cell(facts: Facts, statement: Statement, tr: Translator, *, linked: bool) -> str:
    source = facts.sources[statement.source_id]
    if not statement.says:
        return "–"
    text = escape(statement.says)
    if linked and statement.quote_id:
        href = source_href(source.id, statement.quote_id, tr.language)
        hint = escape(tr("disagree.to_passage"))
        text = f"<a href='{escape(href)}' target='_self' title='{hint}'>{text}</a>"
    return (f"<span class='says' dir='{source.direction}' lang='{escape(source.language)}'>"
            f"{text}</span>")


def disagreement_html(facts: Facts, disagreement: Disagreement, tr: Translator) -> str:
    """A card: what differs (title), why (from the facts), and a row per source's words.
    When every row is from one source, the source is named once instead of on every row."""
    kind = disagreement.kind
    values = {k: format_value(tr, v) for k, v in disagreement.values.items()}
    title = tr(f"disagree.{kind}.title", **values)
    why = tr(f"disagree.{kind}.why", **values)
    source_ids = list(dict.fromkeys(s.source_id for s in disagreement.statements))
    one_source = len(source_ids) == 1
    keys = [f"disagree.{kind}.col_says", f"disagree.{kind}.col_reading",
            f"disagree.{kind}.col_facts"]
    if not one_source:
        keys.insert(0, "disagree.col_source")
    head = "".join(f"<th>{escape(tr(key))}</th>" for key in keys)
    rows = []
    for statement in disagreement.statements:
        cells = [] if one_source else [_source_cell(facts, statement, tr)]
        cells += [_says_cell(facts, statement, tr, linked=one_source),
                  escape(format_value(tr, statement.reading)),
                  _facts_cell(facts, kind, statement, tr)]
        rows.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    byline = ""
    if one_source and source_ids:
        source = facts.sources[source_ids[0]]
        date = tr.date(source.published) if source.published else tr("date.unknown")
        line = tr("disagree.byline", publisher=source.publisher, date=date, title=source.title)
        byline = f"<p class='small'>{escape(line)}</p>"
    return (f"<div class='atlas-disagree' data-kind='{escape(kind)}' dir='{tr.direction}'>"
            f"<h4>{escape(title)}</h4>{byline}<p class='why'>{escape(why)}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def disagreements_html(facts: Facts, tr: Translator) -> str:
    """Every disagreement as a card: what differs, why, and each source's side."""
    found = find_disagreements(facts)
    if not found:
        return SOURCES_CSS + f"<p>{escape(tr('disagree.none'))}</p>"
    return SOURCES_CSS + "".join(disagreement_html(facts, d, tr) for d in found)


def disagreement_kinds(facts: Facts) -> Iterator[str]:
    """The kinds present, for tests and the page's summary."""
    return (d.kind for d in find_disagreements(facts))
