"""UI strings from translation files, text direction, plurals and digits per language
(direction and digits come from atlas/writing.py, which the models use too).

Every string the UI shows comes from atlas/locales/<lang>/*.yaml (one file per part of the
app, merged; a key defined twice is an error); a key missing in a language falls back to
English, and tests/unit/test_i18n.py checks that none is missing. A string that counts
something is a mapping of CLDR plural categories ("one", "other"; Arabic also "zero", "two",
"few", "many") and Babel's plural rules pick the form for the count.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pycountry
import yaml
from babel import Locale
from babel.numbers import format_decimal

from atlas.writing import direction, localize_digits

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("en", "tr", "ar", "fa")
DEFAULT_LANGUAGE = "en"
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
# The numbering system whose separators go with the digits atlas/writing.py writes: Persian's
# own (۱۲٬۳۴۵٫۷) and the Arabic-Indic (١٢٬٣٤٥٫٧); Babel's default for Arabic is Latin's.
_NUMBERING_SYSTEMS = {"fa": "arabext", "ar": "arab"}

Plural = dict[str, str]  # CLDR category -> text
Entry = str | list[str] | Plural


def _is_plural(value: dict[str, Any]) -> bool:
    return "other" in value and set(value) <= PLURAL_CATEGORIES


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Entry]:
    flat: dict[str, Entry] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and _is_plural(value):
            flat[path] = {str(k): str(v) for k, v in value.items()}
        elif isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        elif isinstance(value, list):
            flat[path] = [str(v) for v in value]
        else:
            flat[path] = str(value)
    return flat


@cache
def strings(language: str) -> dict[str, Entry]:
    merged: dict[str, Entry] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            flat = _flatten(yaml.safe_load(handle) or {})
        twice = sorted(set(flat) & set(merged))
        if twice:
            raise ValueError(f"{path}: UI strings defined in another file too: {twice}")
        merged.update(flat)
    return merged


@dataclass(frozen=True)
class Translator:
    language: str

    @property
    def direction(self) -> Literal["rtl", "ltr"]:
        return direction(self.language)

    def _lookup(self, key: str) -> Entry:
        value = strings(self.language).get(key) or strings(DEFAULT_LANGUAGE).get(key)
        if value is None:
            raise KeyError(f"no UI string {key!r} in atlas/locales/{DEFAULT_LANGUAGE}/")
        return value

    def list_of(self, key: str) -> list[str]:
        value = self._lookup(key)
        if isinstance(value, dict):
            raise TypeError(f"UI string {key!r} is a plural; call it with a count")
        return value if isinstance(value, list) else [value]

    def __call__(self, key: str, **values: object) -> str:
        entry = self._lookup(key)
        if isinstance(entry, list):
            raise TypeError(f"UI string {key!r} is a list; use Translator.list_of")
        if isinstance(entry, dict):
            count = values.get("count")
            if not isinstance(count, int):
                raise TypeError(f"UI string {key!r} is a plural and needs count=<int>")
            form = Locale.parse(self.language).plural_form(count)
            text = entry.get(form) or entry["other"]
        else:
            text = entry
        if values:
            text = text.format(**{k: self.number(v) if isinstance(v, int) else v
                                  for k, v in values.items()})
        return text

    def number(self, value: int | str) -> str:
        """A number (a year, a count) in the language's own digits."""
        return localize_digits(str(value), self.language)

    def measure(self, value: float, decimals: int = 0) -> str:
        """A measurement (km, millions of km²) as a reader of the language writes it: grouped
        thousands and the decimal separator of the language (12,345.7; 12.345,7; ۱۲٬۳۴۵٫۷).
        Not for years: 1952 is never "1,952"."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        text = format_decimal(round(value, decimals), format=pattern, locale=self.language,
                              numbering_system=_NUMBERING_SYSTEMS.get(self.language, "latn"))
        return localize_digits(text, self.language)

    def date(self, value: object) -> str:
        """"18 February 1952", "October 2018", "2004", "the 1980s", "about 18 February 2025":
        exactly as precise as the fact is (a date object, or a PartialDate's text)."""
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if text.startswith("~"):
            return self("date.about", date=self.date(text[1:]))
        if text.endswith("s"):
            return self.decade(int(text[:4]))
        if len(text) == 4:
            return self.number(text)
        month = self.list_of("months")[int(text[5:7]) - 1]
        if len(text) == 7:
            return self("date.month", month=month, year=int(text[:4]))
        return self("date.day", day=int(text[8:10]), month=month, year=int(text[:4]))

    def decade(self, first_year: int) -> str:
        """"the 1980s". Turkish and Arabic name some decades with words a format cannot build
        (the suffix of "1990'lı" follows vowel harmony), so `decades.<year>` overrides it."""
        override = strings(self.language).get(f"decades.{first_year}")
        if isinstance(override, str):
            return override
        return self("date.decade", year=self.number(first_year))

    def since(self, value: object) -> str:
        """"since 2012", "since the 1980s": a start date with its precision."""
        if str(value).endswith("s"):
            return self("map.since_decade", decade=self.date(value))
        return self("map.since", year=self.date(value))

    def date_in_year(self, value: object) -> str:
        """"12 March" or "October": a date inside a year already named; "about" kept."""
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        if text.startswith("~"):
            return self("date.about", date=self.date_in_year(text[1:]))
        month = self.list_of("months")[int(text[5:7]) - 1]
        if len(text) == 7:
            return month
        return self("date.day_no_year", day=int(text[8:10]), month=month)

    def country(self, iso: str, english_name: str) -> str:
        """A country's name in this language, from pycountry's ISO 3166 translations.

        The locale files hold only what pycountry lacks (`country.XXX`): Kosovo, which has
        no ISO entry, and Türkiye in languages whose catalogue still lacks the new name."""
        if self.language == DEFAULT_LANGUAGE:
            return english_name
        country = pycountry.countries.get(alpha_3=iso)
        if country is not None:
            translated = _iso3166(self.language).gettext(country.name)
            if translated != country.name:
                return translated
        override = strings(self.language).get(f"country.{iso}")
        if isinstance(override, str):
            return override
        return country.name if country is not None else english_name

    def join(self, names: list[str]) -> str:
        """"A", "A and B", "A, B and C" in the language's words."""
        if len(names) <= 1:
            return "".join(names)
        return self("caption.list_comma").join(names[:-1]) + self("caption.list_last") + names[-1]


@cache
def _iso3166(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


def translator(language: str | None) -> Translator:
    return Translator(language if language in LANGUAGES else DEFAULT_LANGUAGE)
