"""What a check of the facts reports: a Problem per line of `python -m atlas check`, and the
Report that collects them from loading and from the cross-record checks, in printed order.

FactFile and Record are the files as read (atlas/facts/load.py fills them): a problem points
at a file, a record in it and a field.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the facts, printed as one line."""

    file: str  # path relative to the facts dir, e.g. "quotes.yaml"
    record: str  # the record's id, "#3" (1-based) when it has no usable id, "-" for the file
    field: str  # dotted field path, e.g. "citations.0.title", or "-"
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class FactsError(Exception):
    """The facts did not load; `problems` lists every reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Record:
    index: int  # 1-based position in its file
    label: str  # what Problem.record shows
    raw: dict[str, Any]
    model: BaseModel | None = None


@dataclass
class FactFile:
    name: str
    rank: int
    records: list[Record] | None  # None: the file could not be read as a list of records

    @functools.cached_property
    def declared_ids(self) -> set[str] | None:
        """Ids of every record, valid or not; None when the file did not load.

        Invalid records count so that a reference to them is not blamed for their fault.
        """
        if self.records is None:
            return None
        return {r.raw["id"] for r in self.records if isinstance(r.raw.get("id"), str)}


class Report:
    """Every problem found in one check, sorted as printed: by file (FACT_FILES order, the
    geodata first, translations last), by record, then in the order found."""

    def __init__(self) -> None:
        self._entries: list[tuple[int, int, int, Problem]] = []
        # (file, record index, field) the models already rejected: cross-record checks skip
        # them so that one mistake is reported once.
        self.rejected: set[tuple[str, int, str]] = set()

    def __bool__(self) -> bool:
        return bool(self._entries)

    @property
    def problems(self) -> list[Problem]:
        return [entry[3] for entry in sorted(self._entries, key=lambda e: e[:3])]

    def add(self, rank: int, index: int, problem: Problem) -> None:
        self._entries.append((rank, index, len(self._entries), problem))

    def record(
        self, fact_file: FactFile, record: Record | None, field: str, message: str
    ) -> None:
        """Report a problem in `record` (None: the file as a whole)."""
        self.add(fact_file.rank, record.index if record else 0, Problem(
            fact_file.name, record.label if record else "-", field, " ".join(message.split())
        ))

    def cross(
        self, fact_file: FactFile, record: Record, field: str, message: str
    ) -> None:
        """Report a cross-record problem unless the model already rejected that field."""
        for rejected_name, rejected_index, rejected in self.rejected:
            if (rejected_name, rejected_index) != (fact_file.name, record.index):
                continue
            if rejected == field or rejected.startswith(field + ".") or (
                field.startswith(rejected + ".")
            ):
                return
        self.record(fact_file, record, field, message)

    def translation(
        self, fact_file: FactFile, key: tuple[str, str, str], message: str
    ) -> None:
        """Report a problem with the translation of (kind, id, field)."""
        kind, item_id, name = key
        self.add(fact_file.rank, 0, Problem(fact_file.name, f"{kind}:{item_id}", name, message))
