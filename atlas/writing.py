"""How a language is written: its direction, and digits as the sources write them.

Both belong to the text (a source's language, a quote's), not to the UI: the models use them,
and atlas/i18n.py builds the UI's direction and digits on them.

The Persian source mixes Arabic-Indic (U+0660..U+0669) and Extended Arabic-Indic (Persian,
U+06F0..U+06F9) digits in one number ("١٩۴٩"), so every place that parses text for a number
goes through `normalize_digits` first.
"""

from __future__ import annotations

import re
from typing import Literal

RTL_LANGUAGES = frozenset({"ar", "fa"})

_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII = str.maketrans({**{c: str(i) for i, c in enumerate(_ARABIC_INDIC)},
                           **{c: str(i) for i, c in enumerate(_PERSIAN)}})


def direction(language: str) -> Literal["rtl", "ltr"]:
    """The direction text in `language` runs in."""
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def normalize_digits(text: str) -> str:
    """Return `text` with Arabic-Indic and Persian digits replaced by ASCII digits."""
    return text.translate(_TO_ASCII)


def localize_digits(text: str, language: str) -> str:
    """Write the ASCII digits of `text` in the digits a reader of `language` expects."""
    if language == "fa":
        return text.translate(str.maketrans("0123456789", _PERSIAN))
    if language == "ar":
        return text.translate(str.maketrans("0123456789", _ARABIC_INDIC))
    return text


_WORD = re.compile(r"\S+")
_LATIN = re.compile(r"[A-Za-z]")
# The part of a word that runs left to right: from its first Latin letter or digit to its last.
_LTR_SPAN = re.compile(r"[A-Za-z0-9].*[A-Za-z0-9]|[A-Za-z0-9]")
_LRI, _PDI = "\u2066", "\u2069"  # left-to-right isolate, pop directional isolate
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def localize_text_digits(text: str, language: str) -> str:
    """The atlas's own sentence in the digits a reader of `language` expects: years, dates
    and counts as `localize_digits` writes them, except a number inside a Latin-script
    designation (AN/TPY-2, F-16, topics_52044) or a coordinate (38°20'58"N), which is a name
    and stays as written, isolated as left-to-right text so that the right-to-left sentence
    around it cannot reorder its parts; a per cent sign and a decimal point as the Arabic
    ones (\u066a, \u066b: "۱۹۷٫۷"), which both languages use. Quotes never come here: a
    source's digits are the source's."""
    if language not in ("ar", "fa"):
        return text

    def word(match: re.Match[str]) -> str:
        text = match.group(0)
        if _LATIN.search(text):
            return _LTR_SPAN.sub(lambda span: f"{_LRI}{span.group(0)}{_PDI}", text, count=1)
        localized = localize_digits(text, language).replace("%", "\u066a")
        return _DECIMAL_POINT.sub("\u066b", localized)

    # Neighbouring left-to-right words ("NATO Declassified") are one run, not two isolates
    # that the sentence would put in right-to-left order.
    return _WORD.sub(word, text).replace(f"{_PDI} {_LRI}", " ")
