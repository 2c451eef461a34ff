"""The atlas's addresses: the view a URL asks for (`?year=1990&item=kurecik&lang=fa`,
`?scene=kfor-1999&present=1`) and what the Sources page's link asks for
(`sources?source=<id>&quote=<id>`), parsed without trusting them; and the links that open them.

Pure: the page passes `st.query_params` in and gets a view back, plus one notice per bad
parameter (which parameter, the value as given, and what was used instead). Nothing a user can
type in the address bar raises. A notice's value is text as typed (cut short): whoever shows it
escapes it for the place it goes (atlas/session.py's show_notices, for Markdown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from atlas import timeline
from atlas.facts import Facts
from atlas.i18n import DEFAULT_LANGUAGE, LANGUAGES
from atlas.models import FIRST_YEAR, ITEM_KINDS, split_item_ref
from atlas.writing import normalize_digits

VIEW_PARAMS = ("year", "item", "lang", "present", "scene")
MAX_PARAM_LENGTH = 64  # longer values are cut before they are echoed in a notice
# A year has four digits; a longer string of digits is refused before int() sees it (Python
# refuses to convert more than 4,300 digits, with a ValueError).
MAX_YEAR_DIGITS = 4


@dataclass(frozen=True)
class Notice:
    param: str
    value: str
    reason_key: str  # a UI string key, e.g. "errors.reason_year"; "" for none
    fallback: str  # what is shown instead (for a repeated parameter: how many times it came)
    message_key: str = "errors.bad_param"


@dataclass(frozen=True)
class View:
    year: int
    item: str | None = None  # an item ref, e.g. "site:kurecik"
    language: str = DEFAULT_LANGUAGE
    present: bool = False  # presenter mode: full-screen map, big type, clicker keys
    scene: str | None = None  # the story scene shown; the clicker steps scenes when set
    notices: tuple[Notice, ...] = field(default_factory=tuple)


def _first(params: Mapping[str, object], name: str, notices: list[Notice]) -> str | None:
    """The first value of a parameter. A browser reading such a link takes the first one
    too (URLSearchParams.get); when there are more, a notice says which one is shown."""
    value = params.get(name)
    if isinstance(value, (list, tuple)):
        values = [str(v) for v in value]
        if len(values) > 1:
            notices.append(Notice(name, _shown(values[0]), "", str(len(values)),
                                  message_key="errors.repeated_param"))
        value = values[0] if values else None
    return None if value is None else str(value)


def _shown(value: str) -> str:
    return value if len(value) <= MAX_PARAM_LENGTH else value[: MAX_PARAM_LENGTH - 1] + "…"


def resolve_item(facts: Facts, text: str) -> str | None:
    """"site:kurecik", or a bare id ("kurecik", "kfor", "TUR"), as an item ref; else None."""
    kind, _, item_id = text.partition(":")
    if item_id and kind in ITEM_KINDS:
        candidates = [(kind, item_id)]
    else:
        candidates = [(k, text) for k in ("site", "mission", "member", "event")]
    tables: dict[str, Mapping[str, object]] = {
        "member": facts.members, "site": facts.sites, "mission": facts.missions,
        "event": facts.events,
    }
    for kind, item_id in candidates:
        if item_id in tables[kind]:
            return f"{kind}:{item_id}"
        if kind == "member" and item_id.upper() in facts.members:
            return f"member:{item_id.upper()}"
    return None


def parse_view(params: Mapping[str, object], facts: Facts, *, default_year: int | None = None
               ) -> View:
    notices: list[Notice] = []
    year = default_year if default_year is not None else timeline.last_year()
    raw_year = _first(params, "year", notices)
    if raw_year is not None:
        text = normalize_digits(raw_year.strip())
        # isascii: str.isdigit() also accepts superscripts ("²⁰⁰⁰") that int() rejects.
        if (text.isascii() and text.isdigit() and len(text) <= MAX_YEAR_DIGITS
                and FIRST_YEAR <= int(text) <= timeline.last_year()):
            year = int(text)
        else:
            notices.append(Notice("year", _shown(raw_year), "errors.reason_year", str(year)))

    item = None
    raw_item = _first(params, "item", notices)
    if raw_item:
        item = (resolve_item(facts, raw_item.strip()) if len(raw_item) <= MAX_PARAM_LENGTH
                else None)
        if item is None:
            notices.append(Notice("item", _shown(raw_item), "errors.reason_item", ""))

    language = DEFAULT_LANGUAGE
    raw_lang = _first(params, "lang", notices)
    if raw_lang is not None:
        if raw_lang in LANGUAGES:
            language = raw_lang
        else:
            notices.append(Notice("lang", _shown(raw_lang), "errors.reason_lang", language))
    present = False
    raw_present = _first(params, "present", notices)
    if raw_present is not None:
        if raw_present.lower() in ("1", "true", "yes", "0", "false", "no"):
            present = raw_present.lower() in ("1", "true", "yes")
        else:
            notices.append(Notice("present", _shown(raw_present), "errors.reason_present", "0"))

    # A scene sets its own year and item: its link is just ?scene=<id>&present=1.
    scene = None
    raw_scene = _first(params, "scene", notices)
    if raw_scene:
        if raw_scene in facts.scenes:
            scene = raw_scene
            year = facts.scenes[scene].year
            item = facts.scenes[scene].item
        else:
            notices.append(Notice("scene", _shown(raw_scene), "errors.reason_scene", ""))
    return View(year=year, item=item, language=language, present=present, scene=scene,
                notices=tuple(notices))


def query_for(view: View) -> dict[str, str]:
    """The URL parameters that reopen `view`; defaults are left out to keep links short."""
    if view.scene:
        params = {"scene": view.scene}
    else:
        params = {"year": str(view.year)}
        if view.item:
            params["item"] = view.item
    if view.language != DEFAULT_LANGUAGE:
        params["lang"] = view.language
    if view.present:
        params["present"] = "1"
    return params


# -- links into the atlas -------------------------------------------------------------------


def item_year(facts: Facts, ref: str) -> int:
    """The year the map shows an item in when linked: a site's first year, a mission's start,
    a member's accession, an event's date (within the map's years)."""
    kind, item_id = split_item_ref(ref)
    if kind == "member":
        year = facts.members[item_id].accession_date.year
    elif kind == "site":
        year = facts.sites[item_id].start_year
    elif kind == "mission":
        year = facts.missions[item_id].start.year
    else:
        year = facts.events[item_id].date.year
    return timeline.clamp_year(year)


def map_href(facts: Facts, ref: str, language: str) -> str:
    """"./?year=2012&item=site:kurecik" (and the language when not the default).

    The map is the default page, served at the app's root: Streamlit ignores a default
    page's url_path, so "map?..." would be "page not found"."""
    view = View(year=item_year(facts, ref), item=ref, language=language)
    return "./?" + urlencode(query_for(view), safe=":")


def source_href(source_id: str, quote_id: str | None = None,
                language: str = DEFAULT_LANGUAGE) -> str:
    """"sources?source=<id>" (and the quote to point at), the Sources page deep link."""
    params = {"source": source_id}
    if quote_id:
        params["quote"] = quote_id
    if language != DEFAULT_LANGUAGE:
        params["lang"] = language
    return "sources?" + urlencode(params)


# -- the Sources page's deep link -----------------------------------------------------------


@dataclass(frozen=True)
class SourceRequest:
    """What `sources?source=<id>&quote=<id>` asks for, and a notice per parameter that was
    not understood."""

    source: str | None = None
    quote: str | None = None
    notices: tuple[Notice, ...] = ()


def parse_source_request(facts: Facts, params: Mapping[str, object]) -> SourceRequest:
    """Read `source` and `quote` from the URL without trusting them; a quote alone opens its
    source."""
    notices: list[Notice] = []

    def stripped(name: str) -> str | None:
        value = _first(params, name, notices)
        return None if value is None else value.strip()

    source = stripped("source")
    if source is not None and source not in facts.sources:
        notices.append(Notice("source", _shown(source), "sources.reason_source", ""))
        source = None
    quote = stripped("quote")
    if quote is not None and quote not in facts.quotes:
        notices.append(Notice("quote", _shown(quote), "sources.reason_quote", ""))
        quote = None
    if quote is not None:
        source = facts.quotes[quote].source
    return SourceRequest(source, quote, tuple(notices))
