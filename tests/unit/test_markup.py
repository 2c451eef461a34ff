"""The template environment escapes every value, fails on a missing one, and the templated
fragments write a fact containing markup as text."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError, meta

from atlas import cards
from atlas.i18n import translator
from atlas.markup import environment, render, stylesheet

SCRIPT = "<script>alert('x')</script>"


def test_values_are_escaped_and_markup_is_kept() -> None:
    template = environment().from_string("<p title='{{ value }}'>{{ value }}{{ kept }}</p>")
    html = template.render(value=SCRIPT, kept=stylesheet("cards"))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "alert(&#x27;x&#x27;)" in html
    assert html.count("<style>") == 1


def test_a_missing_value_fails_instead_of_rendering_empty() -> None:
    with pytest.raises(UndefinedError):
        render("cards/caption.html.j2", caption="x", present=False)  # no tr


@pytest.mark.parametrize("language", ["en", "fa"])
def test_caption_writes_markup_as_text(language: str) -> None:
    tr = translator(language)
    html = cards.caption_html(SCRIPT, tr, present=True)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f"dir='{tr.direction}'" in html and "atlas-present" in html


class Hostile(str):
    """A value that is `<script>` whatever a template asks of it: an attribute, an item, a
    call (a Translator), a pair to unpack, a length. Rendering every template with only
    such values shows that no field reaches the page unescaped."""

    def __new__(cls) -> Hostile:
        return super().__new__(cls, SCRIPT)

    def __getattr__(self, name: str) -> Hostile:
        if name.startswith("__"):
            raise AttributeError(name)
        return Hostile()

    def __getitem__(self, key: object) -> Hostile:  # type: ignore[override]
        return Hostile()

    def __call__(self, *args: object, **kwargs: object) -> Hostile:
        return Hostile()

    def __iter__(self):  # type: ignore[no-untyped-def, override]
        return iter((Hostile(), Hostile()))

    def __len__(self) -> int:
        return 2


TEMPLATES = sorted(environment().list_templates())


def _fields(name: str) -> set[str]:
    env = environment()
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    return set(meta.find_undeclared_variables(env.parse(source))) - set(env.globals)


# Every name any template reads: an included template reads its includer's context.
FIELDS = set().union(*(_fields(name) for name in TEMPLATES))


def test_every_template_is_tested() -> None:
    assert len(TEMPLATES) > 20 and all(name.endswith(".html.j2") for name in TEMPLATES)


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_script_in_every_field_renders_as_text(name: str) -> None:
    html = render(name, **{field: Hostile() for field in FIELDS})
    assert "<script" not in html, name
    if _fields(name) - {"present", "strait", "heading"}:
        assert "&lt;script&gt;" in html, f"{name} wrote none of its fields"
