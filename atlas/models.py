"""The facts the atlas shows, as validated records.

Every model forbids unknown keys so that a typo in a YAML file is reported instead of silently
ignored. Cross-record rules (a quote is verbatim in its source, an ISO code exists in the
geodata, ids are unique) live in `atlas.facts`, which sees all files at once (its checks.py).

Over 300 lines on purpose: this is the schema of every fact file, with the partial date they
all use, and a contributor adding a record reads it as one page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic_core import core_schema

from atlas.writing import direction, normalize_digits

FIRST_YEAR = 1949  # the North Atlantic Treaty was signed on 1949-04-04

ItemKind = Literal["member", "site", "mission", "event"]
ITEM_KINDS: tuple[ItemKind, ...] = ("member", "site", "mission", "event")

_PARTIAL_DATE = re.compile(r"^(~?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DECADE = re.compile(r"^(\d{3}0)s$")
_ITEM_REF = re.compile(r"^(member|site|mission|event):([A-Za-z0-9_\-]+)$")
_ID = re.compile(r"^[A-Za-z0-9_\-]+$")

Id = Annotated[str, Field(pattern=_ID.pattern, min_length=1, max_length=64)]
IsoA3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
NonEmpty = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


Precision = Literal["decade", "year", "month", "day"]

# How far an "about" date may be from the date written. "About" has no agreed width; these
# margins only keep an approximate date from deciding an ordering or a comparison that the
# evidence cannot decide (a source "published about 18 February" may be from early March).
_ABOUT_MARGIN = {"year": dt.timedelta(days=366), "month": dt.timedelta(days=92),
                 "day": dt.timedelta(days=31)}


class PartialDate(str):
    """A date as precise as its evidence: "2004", "2018-10", "1999-06-12", a decade ("1980s",
    for "since the 1980s"), or any of the first three marked approximate with "~"
    ("~2025-02-18": about 18 February 2025).

    Sources often give only a year or a month, or a day that is only approximate; storing what
    is known, rather than inventing a day, keeps the facts honest, and `earliest`/`latest` give
    the whole span a date can mean so that comparisons never treat it as more exact than it is.
    Persian and Arabic-Indic digits are accepted and normalised.
    """

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, dt.date):
            return cls(value.isoformat())
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError("expected a date written YYYY, YYYY-MM, YYYY-MM-DD or YYY0s")
        text = normalize_digits(value.strip())
        if _DECADE.match(text):
            return cls(text)
        match = _PARTIAL_DATE.match(text)
        if not match:
            raise ValueError(f"{value!r} is not a date written YYYY, YYYY-MM, YYYY-MM-DD "
                             "(\"~\" in front for about) or YYY0s (a decade)")
        year, month, day = (int(g) if g else 1 for g in match.groups()[1:])
        try:
            dt.date(year, month, day)  # a zero month or day is not a date, not "unknown"
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from None
        return cls(text)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @property
    def approximate(self) -> bool:
        """True for an "about" date ("~2025-02-18")."""
        return self.startswith("~")

    @property
    def exact_part(self) -> str:
        """The date without its "about" mark: "2025-02-18" for "~2025-02-18"."""
        return self.removeprefix("~")

    @property
    def year(self) -> int:
        """The first year the date can be read as (1980 for "1980s")."""
        return int(self.exact_part[:4])

    @property
    def precision(self) -> Precision:
        if self.endswith("s"):
            return "decade"
        return {4: "year", 7: "month", 10: "day"}[len(self.exact_part)]  # type: ignore[return-value]

    def _bounds(self) -> tuple[dt.date, dt.date]:
        if self.precision == "decade":
            return dt.date(self.year, 1, 1), dt.date(self.year + 9, 12, 31)
        parts = [int(p) for p in self.exact_part.split("-")]
        first = dt.date(parts[0], *[*parts[1:], 1, 1][:2])
        if len(parts) == 1:
            last = dt.date(parts[0], 12, 31)
        elif len(parts) == 2:
            next_month = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            last = next_month - dt.timedelta(days=1)
        else:
            last = first
        if self.approximate:
            margin = _ABOUT_MARGIN[self.precision]
            first, last = first - margin, last + margin
        return first, last

    def sort_key(self) -> tuple[dt.date, bool]:
        """Where the date goes in a list: at the day it names (an "about" date is not moved
        to the start of its uncertainty), after an exact date of the same day."""
        first = PartialDate(self.exact_part).earliest() if self.approximate else self.earliest()
        return first, self.approximate

    def earliest(self) -> dt.date:
        """First day the date can mean, for ordering and range checks."""
        return self._bounds()[0]

    def latest(self) -> dt.date:
        """Last day the date can mean: "2014-12" ends on 2014-12-31, "1980s" on 1989-12-31."""
        return self._bounds()[1]


def _check_end(start: PartialDate, end: PartialDate | None, start_field: str) -> None:
    """A span may end in the period its start falls in ("1999-06" after "1999-06-12"), not
    before it. The message leads with the field at fault, as atlas.facts expects."""
    if end is not None and end.latest() < start.earliest():
        raise ValueError(f"end {end} is before {start_field} {start}")


def _coerce_full_date(value: object) -> dt.date:
    if isinstance(value, str):
        value = normalize_digits(value.strip())
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None


class Citation(Strict):
    """A reference that is not one of the quoted sources: shown as a reference, never a quote.

    Whose words each field is decides whether it is translated (facts/translations):
    `title` is the cited work's own title, the publisher's words, kept in the language it
    was published in (never translated; absent when the work has none, e.g. a news item or
    a dataset entry); `gloss` is the atlas's words identifying the work beyond its title ("a
    NATO news item", "paragraph 14", "last updated 31 July 2018"); `publisher` is the
    atlas's line naming who published it ("Reuters, as reproduced by ..."); `note` is what
    the atlas found there. gloss, publisher and note are translated like every fact string
    the atlas writes; `atlas check` fails on a missing translation of any of them.
    """

    title: NonEmpty | None = None
    gloss: NonEmpty | None = None
    publisher: NonEmpty
    url: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _named(self) -> Citation:
        if self.title is None and self.gloss is None:
            raise ValueError("title or gloss is required: the work's own title, or the "
                             "atlas's words identifying a work that has none")
        return self

    @property
    def label(self) -> str:
        """The work as a reader finds it: "Title (gloss)", the title, or the gloss alone."""
        if self.title and self.gloss:
            return f"{self.title} ({self.gloss})"
        return self.title or self.gloss or ""


class Source(Strict):
    """One of the texts the atlas quotes; its text lives in facts/sources/<file>."""

    id: Id
    file: NonEmpty
    language: Literal["en", "ar", "fa", "tr"]
    title: NonEmpty
    publisher: NonEmpty
    published: PartialDate | None
    url: str | None
    kind: NonEmpty
    perspective: NonEmpty
    notes: str | None = None


    @property
    def direction(self) -> Literal["rtl", "ltr"]:
        return direction(self.language)


class Period(Strict):
    """A span of time inside a membership, e.g. outside the integrated military command."""

    start: PartialDate
    end: PartialDate | None = None
    note: NonEmpty
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        _check_end(self.start, self.end, "start")
        return self


class Member(Strict):
    """A member state. `id` is its ISO 3166-1 alpha-3 code, also the key into the geodata."""

    id: IsoA3
    name: NonEmpty
    accession_date: dt.date
    joined_as: str | None = None
    notes: str | None = None
    outside_integrated_command: list[Period] = []
    citations: list[Citation] = Field(min_length=1)

    _accession = field_validator("accession_date", mode="before")(_coerce_full_date)

    @field_validator("accession_date")
    @classmethod
    def _not_before_treaty(cls, value: dt.date) -> dt.date:
        if value < dt.date(FIRST_YEAR, 4, 4):
            raise ValueError(f"{value} is before the North Atlantic Treaty (1949-04-04)")
        return value


class TerritoryChange(Strict):
    """Territory that joined the alliance after its state did, e.g. the former GDR in 1990.

    `territory` is a feature id in geodata/germany_1955_1990.geojson; before `date` that
    territory is drawn as a non-member and the member is drawn in its earlier borders.
    """

    id: Id
    member: IsoA3
    territory: Id
    date: dt.date
    note: NonEmpty
    citations: list[Citation] = Field(min_length=1)

    _date = field_validator("date", mode="before")(_coerce_full_date)


SiteKind = Literal["hq", "air_base", "radar"]


class Site(Strict):
    """A headquarters or base, shown in the years it was in NATO (or US/NATO) use."""

    id: Id
    name: NonEmpty
    label: str | None = None  # short map label ("Kürecik"); the name when absent
    kind: SiteKind
    host: IsoA3
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    start_year: int
    # "decade" when the evidence dates the start only to a decade ("since the 1980s"):
    # start_year is then the decade's first year, the first the site may have been in use.
    start_precision: Literal["year", "decade"] = "year"
    end_year: int | None = None
    role: NonEmpty
    citations: list[Citation] = Field(min_length=1)

    @field_validator("start_year", "end_year", mode="before")
    @classmethod
    def _year_digits(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        digits = normalize_digits(value.strip())
        if not re.fullmatch(r"\d{4}", digits):
            raise ValueError(f"{value!r} is not a year written with four digits")
        return int(digits)

    @model_validator(mode="after")
    def _years(self) -> Site:
        if self.start_year < FIRST_YEAR:
            raise ValueError(f"start_year {self.start_year} is before NATO ({FIRST_YEAR})")
        if self.end_year is not None and self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        if self.start_precision == "decade" and self.start_year % 10:
            raise ValueError(f"start_year {self.start_year} does not start a decade "
                             "(start_precision is decade)")
        return self

    @property
    def start(self) -> PartialDate:
        """The start as precise as its evidence: "2012" or "1980s"."""
        suffix = "s" if self.start_precision == "decade" else ""
        return PartialDate(f"{self.start_year}{suffix}")

    def active_in(self, year: int) -> bool:
        return self.start_year <= year and (self.end_year is None or year <= self.end_year)


class Mission(Strict):
    """A NATO-led operation drawn over the area (countries) it operated in."""

    id: Id
    name: NonEmpty
    short_name: NonEmpty
    areas: list[IsoA3] = Field(min_length=1)
    start: PartialDate
    end: PartialDate | None = None
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    citations: list[Citation] = Field(min_length=1)

    @model_validator(mode="after")
    def _end_after_start(self) -> Mission:
        if self.start.year < FIRST_YEAR:
            raise ValueError(f"start {self.start} is before NATO ({FIRST_YEAR})")
        _check_end(self.start, self.end, "start")
        return self

    def active_in(self, year: int) -> bool:
        return self.start.year <= year and (self.end is None or year <= self.end.year)


def _check_item_ref(ref: str) -> str:
    if not _ITEM_REF.match(ref):
        raise ValueError(f"{ref!r} is not an item reference like 'site:kurecik' or 'member:TUR'")
    return ref


# Validated one by one, so a bad reference is reported at its index ("items.1").
ItemRef = Annotated[str, AfterValidator(_check_item_ref)]


class Event(Strict):
    """A dated event that at least one source mentions.

    The title is the atlas speaking, so every event says on what it rests (`voice`):
    "record" when the title states the historical record and `checked_against` cites where it
    was checked; "account" when it gives one source's version, which the title then names
    ("according to ...") and `according_to` identifies. `atlas check` enforces both.
    """

    id: Id
    date: PartialDate
    end: PartialDate | None = None
    title: NonEmpty
    voice: Literal["record", "account"]
    checked_against: list[Citation] = []
    according_to: Id | None = None
    sources: list[Id] = Field(min_length=1)
    items: list[ItemRef] = []
    # Countries outside the alliance the event concerns (Iraq for the partnership steps):
    # the map's panel shows the event with the place, e.g. beside a mission drawn over it.
    places: list[IsoA3] = []
    claimed_by: str | None = None

    @model_validator(mode="after")
    def _end_after_start(self) -> Event:
        _check_end(self.date, self.end, "date")
        return self


class Quote(Strict):
    """A passage of a source, verbatim (only whitespace may differ), and what it speaks of.

    `translations` are the project's own, keyed by language; the UI always marks them so.
    `claimed_by` names the party whose claim the passage reports ("Communist Party of
    Turkey (TKP)"); the UI then presents the passage as that party's claim, not as fact.
    """

    id: Id
    source: Id
    text: NonEmpty
    # The passage's language when it differs from its source's (a Turkish post quoted in an
    # English article); the source's language otherwise.
    language: Literal["en", "ar", "fa", "tr"] | None = None
    about: list[ItemRef] = Field(min_length=1)
    translations: dict[Literal["en", "tr", "ar", "fa"], NonEmpty] = {}
    claimed_by: str | None = None
    # Where the passage itself does not name its claimant (a wire report's lead rewritten
    # without "sources said", a post embedded in an article), the reference that does.
    claim_reference: Citation | None = None
    note: str | None = None



class MapFocus(Strict):
    """The part of the map a scene frames, as a box in degrees."""

    south: float = Field(ge=-90, le=90)
    west: float = Field(ge=-180, le=180)
    north: float = Field(ge=-90, le=90)
    east: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _ordered(self) -> MapFocus:
        if self.south >= self.north or self.west >= self.east:
            raise ValueError("focus needs south < north and west < east")
        return self

    def bounds(self) -> list[list[float]]:
        return [[self.south, self.west], [self.north, self.east]]


class Scene(Strict):
    """One step of the classroom story: a year, where the map looks, what is selected, and
    what the teacher says. Captions are the project's words, in each UI language (English
    required)."""

    id: Id
    year: int = Field(ge=FIRST_YEAR)
    focus: MapFocus
    item: ItemRef | None = None
    caption: dict[Literal["en", "tr", "ar", "fa"], NonEmpty]

    @field_validator("caption")
    @classmethod
    def _english_caption(cls, value: dict[str, str]) -> dict[str, str]:
        if "en" not in value:
            raise ValueError("a scene needs an English caption (caption.en)")
        return value


def split_item_ref(ref: str) -> tuple[ItemKind, str]:
    kind, _, item_id = _check_item_ref(ref).partition(":")
    return kind, item_id  # type: ignore[return-value]
