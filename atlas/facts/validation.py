"""Pydantic's errors for one record as the atlas reports them: (dotted field, short message),
a misspelt field named once with a guess, a whole-record rule pointed at its field."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

_REPR_LIMIT = 60


def validation_problems(
    exc: ValidationError, model: type[BaseModel]
) -> list[tuple[str, str]]:
    """(dotted field, short message) for each error pydantic found in one record."""
    errors = exc.errors(include_url=False)
    # A misspelt required field shows up twice (unknown key + missing field): report it once.
    explained_missing: set[tuple[Any, ...]] = set()
    problems: list[tuple[str, str]] = []
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing":
            continue
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"unknown field {key!r}"
            owner = _model_at(model, loc[:-1])
            fields = list(owner.model_fields) if owner else []
            guess = difflib.get_close_matches(key, fields, n=1, cutoff=0.75)
            if guess:
                message += f" (did you mean {guess[0]!r}?)"
                explained_missing.add((*loc[:-1], guess[0]))
            problems.append((_dotted(loc), message))
            continue
        message = error["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
            message = f"key {short_repr(error['input'])} is not allowed: {message}"
        elif kind not in ("value_error", "assertion_error") and _is_scalar(error["input"]):
            message += f" (got {short_repr(error['input'])})"
        if kind == "value_error":
            loc = _blamed_field(model, loc, message)
        problems.append((_dotted(loc), message))
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc not in explained_missing:
            problems.append((_dotted(loc), "missing required field"))
    return problems


def kind_of(value: object) -> str:
    """What a YAML value is, for a message: "a mapping", "a list", "empty", "a str ('x')"."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"a {type(value).__name__} ({short_repr(value)})"


def short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _REPR_LIMIT else text[: _REPR_LIMIT - 1] + "…"


def _blamed_field(model: type[BaseModel], loc: tuple[Any, ...], message: str) -> tuple[Any, ...]:
    """Point a whole-record error at the field its message starts with ("end 1998 is ...").

    The models' cross-field rules run after all fields parsed and carry no field location;
    their messages lead with the field at fault.
    """
    owner = _model_at(model, loc)
    first_word = message.split(" ", 1)[0]
    if owner is not None and first_word in owner.model_fields:
        return (*loc, first_word)
    return loc


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the value at `loc` inside `model`, if any."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        nested = _nested_model(field.annotation) if field else None
        if nested is None:
            return None
        current = nested
    return current


def _nested_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) if loc else "-"
