"""UI strings: the locale files, fallback to English, digits and dates per language, and a
guard that every language defines every English key (with the same placeholders)."""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from atlas import i18n, timeline
from atlas.cards import year_caption
from atlas.facts import load_facts
from atlas.i18n import Translator
from atlas.models import SiteKind

REPO_DIR = Path(__file__).resolve().parents[2]
REAL_LOCALES = i18n.LOCALES_DIR


@pytest.fixture
def locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty locales dir in place of atlas/locales/, with the strings cache cleared."""
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.strings.cache_clear()
    yield tmp_path
    monkeypatch.undo()
    i18n.strings.cache_clear()


def write_yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def leaves(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, object]]:
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def placeholders(value: str | list[str] | dict[str, str]) -> set[str]:
    """Placeholders of a string, a list, or a plural (all its forms together: Arabic's
    "one" form writes the number as a word, so a single form may omit {count})."""
    texts = list(value.values()) if isinstance(value, dict) else (
        value if isinstance(value, list) else [value])
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}


def language_problems(language: str) -> list[str]:
    """Keys of English that `language` lacks or words with other placeholders."""
    english = i18n.strings(i18n.DEFAULT_LANGUAGE)
    other = i18n.strings(language)
    problems = [f"{language}: missing {key}" for key in english if key not in other]
    problems += [f"{language}: {key} has placeholders {placeholders(other[key])}, "
                 f"English {placeholders(english[key])}"
                 for key in english if key in other
                 and placeholders(other[key]) != placeholders(english[key])]
    problems += [f"{language}: {key} is a list in one language only"
                 for key in english if key in other
                 and isinstance(other[key], list) != isinstance(english[key], list)]
    return problems


# --- the locale files ----------------------------------------------------------------------

def test_english_values_are_strings_or_lists_of_strings() -> None:
    files = sorted((REAL_LOCALES / "en").glob("*.yaml"))
    assert files
    for path in files:
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(tree, dict), path
        for key, value in leaves(tree):
            # YAML reads `no`, `on`, `12` or an empty value as bool, int or None.
            if isinstance(value, list):
                assert value and all(isinstance(v, str) and v for v in value), (path, key)
            else:
                assert isinstance(value, str) and value.strip(), (path, key, value)


def test_every_language_has_every_english_key() -> None:
    """Guards tr/, ar/, fa/ as they land: each must define every key of en/, with the same
    placeholders (a translation missing `{count}` would raise when formatted)."""
    i18n.strings.cache_clear()
    languages = sorted(p.name for p in REAL_LOCALES.iterdir()
                       if p.is_dir() and p.name != i18n.DEFAULT_LANGUAGE)
    assert set(languages) <= set(i18n.LANGUAGES), "a locale dir for an unknown language"
    assert i18n.strings(i18n.DEFAULT_LANGUAGE)
    problems = [p for language in languages for p in language_problems(language)]
    assert problems == []


def test_language_check_finds_missing_keys_and_placeholders(locales: Path) -> None:
    write_yaml(locales / "en" / "core.yaml",
               {"a": "A", "b": {"c": "{count} members"}, "d": ["x", "y"]})
    write_yaml(locales / "tr" / "core.yaml", {"b": {"c": "üyeler"}, "d": "x"})
    assert sorted(language_problems("tr")) == [
        "tr: b.c has placeholders set(), English {'count'}",
        "tr: d is a list in one language only",
        "tr: missing a",
    ]


def test_months_are_twelve_in_every_language() -> None:
    i18n.strings.cache_clear()
    for language in i18n.LANGUAGES:
        assert len(Translator(language).list_of("months")) == 12


def test_code_uses_only_defined_keys() -> None:
    """Every literal key the code looks up exists in English (a missing one raises at run
    time, on the page that needs it)."""
    call = re.compile(
        r"""(?:\b(?:t|tr|self)|\)\))(?:\.list_of)?\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")
    reason = re.compile(r"""["'](errors\.reason_[a-z_]+)["']""")
    files = [REPO_DIR / "app.py", *sorted((REPO_DIR / "pages").glob("*.py")),
             *sorted((REPO_DIR / "atlas").rglob("*.py"))]
    used: set[str] = set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        used |= set(call.findall(text)) | set(reason.findall(text))
    assert len(used) > 30  # the pattern still finds the lookups
    i18n.strings.cache_clear()
    english = i18n.strings("en")
    assert sorted(used - set(english)) == []


def test_built_keys_exist() -> None:
    """Keys the code builds from data: caption kinds, site kinds, territories, legend."""
    english = i18n.strings("en")
    for kind in get_args(SiteKind):
        assert f"site_kind.{kind}" in english
    for kind in ("joined", "territory", "mission_start", "mission_end", "site_open",
                 "site_close"):
        assert f"caption.{kind}" in english
    for key in ("nonmember", "new", "outside", "mission"):
        assert f"legend.{key}" in english


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_year_caption_renders(language: str) -> None:
    facts = load_facts()
    tr = Translator(language)
    for year in timeline.year_range():
        assert year_caption(facts, year, tr).startswith(tr.number(year) + ": ")


# --- lookup and fallback -------------------------------------------------------------------

def test_falls_back_to_english(locales: Path) -> None:
    write_yaml(locales / "en" / "core.yaml", {"nav": {"map": "Map", "data": "Data"}})
    write_yaml(locales / "tr" / "core.yaml", {"nav": {"map": "Harita"}})
    tr = Translator("tr")
    assert tr("nav.map") == "Harita"
    assert tr("nav.data") == "Data"
    assert Translator("fa")("nav.map") == "Map"  # no fa/ at all


def test_missing_key_raises_naming_the_key() -> None:
    with pytest.raises(KeyError, match=r"no_such\.key_here"):
        Translator("fa")("no_such.key_here")
    with pytest.raises(KeyError, match=r"no_such\.list"):
        Translator("en").list_of("no_such.list")


def test_list_key_is_not_a_string() -> None:
    with pytest.raises(TypeError, match="months"):
        Translator("en")("months")
    assert Translator("en").list_of("nav.map") == ["Map"]


def test_key_defined_in_two_files_raises(locales: Path) -> None:
    write_yaml(locales / "en" / "core.yaml", {"nav": {"map": "Map"}})
    write_yaml(locales / "en" / "pages.yaml", {"nav": {"map": "Map again"}, "x": "y"})
    with pytest.raises(ValueError, match=r"nav\.map"):
        i18n.strings("en")


def test_files_of_one_language_merge(locales: Path) -> None:
    write_yaml(locales / "en" / "core.yaml", {"nav": {"map": "Map"}})
    write_yaml(locales / "en" / "pages.yaml", {"nav": {"data": "Data"}})
    assert Translator("en")("nav.map") == "Map"
    assert Translator("en")("nav.data") == "Data"


# --- digits, dates, lists ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1952"), ("tr", "1952"), ("fa", "۱۹۵۲"), ("ar", "١٩٥٢")],
)
def test_number_digits(language: str, expected: str) -> None:
    assert Translator(language).number(1952) == expected
    assert Translator(language).number("1952") == expected


@pytest.mark.parametrize(
    ("language", "whole", "one_decimal"),
    [("en", "12,346", "24.9"), ("tr", "12.346", "24,9"), ("fa", "۱۲٬۳۴۶", "۲۴٫۹"),
     ("ar", "١٢٬٣٤٦", "٢٤٫٩")],
)
def test_measures_group_thousands_and_mark_decimals_as_the_language_does(
        language: str, whole: str, one_decimal: str) -> None:
    tr = Translator(language)
    assert tr.measure(12345.6) == whole
    assert tr.measure(24.93, 1) == one_decimal
    # A year stays a year.
    assert tr.number(1952) == tr.number("1952") and "," not in tr.number(1952)


def test_integers_in_strings_use_the_languages_digits() -> None:
    assert "۳۲" in Translator("fa")("year.members", count=32)
    assert "٣٢" in Translator("ar")("year.members", count=32)
    assert Translator("en")("year.members", count=32) == "32 members"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(1952, 2, 18), "18 February 1952"),
        ("1952-02-18", "18 February 1952"),
        ("2018-10", "October 2018"),
        ("2004", "2004"),
        ("1999-06-01", "1 June 1999"),
    ],
)
def test_date_precision(value: object, expected: str) -> None:
    assert Translator("en").date(value) == expected


def test_date_in_persian_digits() -> None:
    fa = Translator("fa")
    assert fa.date("2004") == "۲۰۰۴"
    assert "۱۸" in fa.date("1952-02-18")
    assert "۱۹۵۲" in fa.date("1952-02-18")
    assert "1" not in fa.date("1952-02-18")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1999-03-12", "12 March"), (dt.date(1999, 6, 12), "12 June"), ("2018-10", "October")],
)
def test_date_in_year(value: object, expected: str) -> None:
    assert Translator("en").date_in_year(value) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")],
)
def test_join(names: list[str], expected: str) -> None:
    assert Translator("en").join(names) == expected


@pytest.mark.parametrize(
    ("language", "direction"), [("en", "ltr"), ("tr", "ltr"), ("ar", "rtl"), ("fa", "rtl")]
)
def test_direction(language: str, direction: str) -> None:
    assert Translator(language).direction == direction


@pytest.mark.parametrize(("asked", "given"),
                         [("fa", "fa"), ("xx", "en"), (None, "en"), ("", "en")])
def test_translator_for_unknown_language_is_english(asked: str | None, given: str) -> None:
    assert i18n.translator(asked).language == given


def test_every_language_has_its_own_name() -> None:
    # The language picker tells the options apart by these names; two alike would make it
    # return the wrong language.
    names = [Translator(code)("language.name") for code in i18n.LANGUAGES]
    assert len(set(names)) == len(names), names
