"""Markup read as text, with one parser (the standard library's): what a reader sees, what
`element.textContent` gives, and the addresses a page loads."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# folium names each element by a random id of 32 hex digits ("map_3f…"): markup compared
# across builds sets them aside.
FOLIUM_ID = re.compile(r"_[0-9a-f]{32}")

# Elements whose content is not text a reader sees.
_NOT_SHOWN = frozenset({"style", "script"})
# Elements that load a file, and the attribute that names it.
_LOADING = {"script": "src", "link": "href", "img": "src", "iframe": "src"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.every_text: list[str] = []   # what textContent gives
        self.shown_text: list[str] = []   # without <style> and <script>
        self.loads: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden_depth += tag in _NOT_SHOWN
        wanted = _LOADING.get(tag)
        self.loads += [value for name, value in attrs if name == wanted and value]

    def handle_endtag(self, tag: str) -> None:
        self._hidden_depth -= tag in _NOT_SHOWN

    def handle_data(self, data: str) -> None:
        self.every_text.append(data)
        if not self._hidden_depth:
            self.shown_text.append(data)


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader


def text_content(markup: str) -> str:
    """What `element.textContent` gives: every piece of text, entities decoded, markup gone
    (streamlit-folium reports a click's tooltip this way)."""
    return "".join(_read(markup).every_text)


def shown_text(markup: str) -> str:
    """The text a reader sees, without <style> and <script>, entities decoded, white space
    left as it is."""
    return "".join(_read(markup).shown_text)


def words(markup: str) -> str:
    """The text a reader sees, each run of white space (between elements too) one space."""
    return " ".join(" ".join(_read(markup).shown_text).split())


def loaded_urls(markup: str) -> list[str]:
    """The addresses a page loads, in order: <script src>, <link href>, <img src>,
    <iframe src>."""
    return _read(markup).loads


def without_folium_ids(markup: str) -> str:
    """`markup` with folium's random element ids replaced by one placeholder."""
    return FOLIUM_ID.sub("_ID", markup)
