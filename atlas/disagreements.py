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

The cards that show them are drawn by `atlas/disagreement_cards.py`. (About 400 lines, one
file: each kind above is one derivation over the same quotes and dates, read side by side.)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from atlas import timeline
from atlas.facts import Facts
from atlas.models import Member, PartialDate, Quote, Source, split_item_ref
from atlas.writing import normalize_digits

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
