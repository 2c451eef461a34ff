"""The view a URL asks for (`?year=1990&item=kurecik&lang=fa`, `?scene=kfor-1999&present=1`),
parsed without trusting it.

Pure: the page passes `st.query_params` in and gets a view back, plus one notice per bad
parameter (which parameter, the value as given, and what was used instead). Nothing a user can
type in the address bar raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from atlas import timeline
from atlas.digits import normalize_digits
from atlas.facts import Facts
from atlas.i18n import DEFAULT_LANGUAGE, LANGUAGES
from atlas.models import FIRST_YEAR, ITEM_KINDS

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
