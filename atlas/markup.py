"""Where HTML is made: the Jinja2 environment of `atlas/templates/` and the stylesheets of
`atlas/web/`.

Every piece of markup the atlas shows is a template rendered here with autoescape on, so a
string from the facts (a quote containing `<script>`) reaches the page as text without any
builder remembering to escape it. Fragments a template receives ready-made are `Markup`
(rendered templates, stylesheets); anything else is escaped on the way in. Undefined names
fail loudly (`StrictUndefined`) rather than rendering as empty text.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from markupsafe import Markup

from atlas import labels
from atlas.i18n import DEFAULT_LANGUAGE, Translator
from atlas.writing import direction

WEB_DIR = Path(__file__).parent / "web"


class JoinedLines(Extension):
    """Templates are written across lines to be read; a line break and the indentation
    after it are not written out (a space at a line's end is), so a fragment comes out on
    one line as the f-string builders wrote it and no stray whitespace reaches inline
    text."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LINE_BREAK.sub("", source)


_LINE_BREAK = re.compile(r"\n[ \t]*")


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("atlas", "templates"), autoescape=True,
                      undefined=StrictUndefined,
                      finalize=_escaped, extensions=[JoinedLines])
    env.globals["labels"] = labels
    env.globals["direction"] = direction
    env.globals["style"] = stylesheet
    env.globals["DEFAULT_LANGUAGE"] = DEFAULT_LANGUAGE
    env.globals["isolate"] = isolate
    env.globals["tr_html"] = tr_html
    return env


def escape(value: object) -> Markup:
    """Text as HTML, for the few strings handed to a library rather than a template (a
    folium tooltip, a GeoJSON property): the same escaping the templates apply."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


def isolate(text: str) -> Markup:
    """Escaped text in its own bidi run: an English fact inside a Persian sentence keeps its
    words and full stop in order."""
    return Markup(f"<bdi>{escape(text)}</bdi>")


def tr_html(tr: Translator, key: str, **values: str) -> Markup:
    """A UI string as HTML, each value escaped and isolated (see `isolate`)."""
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(values)}
    text = str(escape(tr(key, **marks)))
    for name, mark in marks.items():
        text = text.replace(mark, isolate(values[name]))
    return Markup(text)


def _escaped(value: Any) -> Any:
    """Every value a template writes, escaped as `html.escape` does ("'" as "&#x27;", '"'
    as "&quot;"): the entities the atlas has always written, so the text a reader, a
    screen reader or a test gets did not change when markup moved into templates. Markup
    (a rendered template, a stylesheet) is written as it is."""
    return value if hasattr(value, "__html__") else escape(value)


def render(template: str, /, **context: Any) -> Markup:
    """The template `atlas/templates/<template>` rendered with `context`; `Markup`, so a
    template that receives the result does not escape it again. Careful with `+`: a plain
    str added to Markup is escaped (`"<b>" + Markup("x")` gives "&lt;b&gt;x"), which is why
    the few builders still joining strings hand back `str(render(...))`."""
    return Markup(environment().get_template(template).render(**context))


@cache
def stylesheet(name: str) -> Markup:
    """`atlas/web/<name>.css` in a <style> element, read once per process."""
    css = (WEB_DIR / f"{name}.css").read_text(encoding="utf-8")
    return Markup(f"<style>{css}</style>")
