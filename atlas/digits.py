"""Digits as the sources write them.

The Persian source mixes Arabic-Indic (U+0660..U+0669) and Extended Arabic-Indic (Persian,
U+06F0..U+06F9) digits in one number ("١٩۴٩"), so every place that parses text for a number
goes through `normalize_digits` first.
"""

from __future__ import annotations

_ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
_PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_TO_ASCII = str.maketrans({**{c: str(i) for i, c in enumerate(_ARABIC_INDIC)},
                           **{c: str(i) for i, c in enumerate(_PERSIAN)}})


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
