"""The class a student follows: join codes, the teacher's token, the class's file (written
atomically, read without trusting it), its sequence of changes and its end."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from atlas import classstate
from atlas.classstate import (
    CLASS_TIMEOUT_S,
    CODE_ALPHABET,
    CODE_LENGTH,
    ENDED_KEPT_S,
    close,
    code_for,
    is_token,
    new_token,
    normalize_code,
    open_class,
    publish,
    read,
    sweep,
)

NOW = 1_800_000_000.0


def test_codes_are_short_typeable_and_one_way_from_the_token() -> None:
    tokens = [new_token() for _ in range(200)]
    codes = {code_for(token) for token in tokens}
    assert len(codes) == 200  # distinct
    for token in tokens:
        code = code_for(token)
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert code_for(token) == code  # a reloaded teacher page finds its class again
        assert code not in token and code.lower() not in token.lower()
        assert is_token(token)
    assert not set("01OIL") & set(CODE_ALPHABET)  # no look-alikes to mistype


@pytest.mark.parametrize("typed, code", [
    ("ABC234", "ABC234"), ("abc234", "ABC234"), (" abc 234 ", "ABC234"), ("ABC-234", "ABC234"),
])
def test_a_code_is_read_as_a_student_types_it(typed: str, code: str) -> None:
    assert normalize_code(typed) == code


@pytest.mark.parametrize("typed", [
    "", "ABC23", "ABC2345", "ABC0O1", "ABCI23", "../../x", "ABC234.json", "<scrip", "ABC23٤",
    "Ａ" * 6, None, 123456, "A" * 1000,
])
def test_what_cannot_be_a_code_is_refused(typed: object) -> None:
    assert normalize_code(typed) is None


@pytest.mark.parametrize("token", ["", "short", "x" * 23, "a" * 21 + "/", None, 5, "é" * 22])
def test_what_cannot_be_a_token_is_refused(token: object) -> None:
    assert not is_token(token)


def test_a_class_opens_follows_the_teacher_and_closes(tmp_path: Path) -> None:
    token = new_token()
    opened = open_class(token, year=1952, scene=None, item="member:TUR", now=NOW,
                        classes_dir=tmp_path)
    assert opened.seq == 1 and opened.status(NOW) == "open"
    assert read(opened.code, tmp_path) == opened

    stepped = publish(token, year=1955, scene="west-germany", item=None, now=NOW + 60,
                      classes_dir=tmp_path)
    assert stepped is not None and stepped.seq == 2
    assert (stepped.year, stepped.scene, stepped.item) == (1955, "west-germany", None)
    assert stepped.expires == NOW + 60 + CLASS_TIMEOUT_S
    # The same view again is no change: followers are not sent it twice.
    assert publish(token, year=1955, scene="west-germany", item=None, now=NOW + 61,
                   classes_dir=tmp_path) == stepped

    closed = close(token, now=NOW + 120, classes_dir=tmp_path)
    assert closed is not None and closed.seq == 3 and closed.status(NOW + 120) == "closed"
    assert read(opened.code, tmp_path) == closed
    # Closed stays closed: the teacher's next step does not reopen it behind the students.
    assert publish(token, year=1960, scene=None, item=None, now=NOW + 130,
                   classes_dir=tmp_path) is None
    assert read(opened.code, tmp_path) == closed


def test_a_class_expires_after_the_timeout_without_a_change(tmp_path: Path) -> None:
    token = new_token()
    opened = open_class(token, year=1990, scene=None, item=None, now=NOW, classes_dir=tmp_path)
    assert opened.status(NOW + CLASS_TIMEOUT_S - 1) == "open"
    assert opened.status(NOW + CLASS_TIMEOUT_S) == "expired"
    assert publish(token, year=1991, scene=None, item=None, now=NOW + CLASS_TIMEOUT_S + 1,
                   classes_dir=tmp_path) is None


def test_the_file_holds_only_the_teachers_view_never_the_token(tmp_path: Path) -> None:
    token = new_token()
    state = open_class(token, year=2024, scene=None, item="site:kurecik", now=NOW,
                       classes_dir=tmp_path)
    text = (tmp_path / f"{state.code}.json").read_text(encoding="utf-8")
    assert token not in text
    assert set(json.loads(text)) == {"code", "seq", "year", "scene", "item", "closed", "expires"}


def test_every_class_file_has_one_size(tmp_path: Path) -> None:
    """A follower's poll may read the size of one version and the bytes of the next: both
    must have the same length, however long the ids in them."""
    token = new_token()
    state = open_class(token, year=1990, scene=None, item=None, now=NOW, classes_dir=tmp_path)
    target = tmp_path / f"{state.code}.json"
    sizes = {target.stat().st_size}
    publish(token, year=2024, scene="s" * 64, item="ü" * 64, now=NOW + 1, classes_dir=tmp_path)
    sizes.add(target.stat().st_size)
    assert sizes == {classstate.FILE_BYTES}
    assert classstate.read(state.code, tmp_path) is not None


def test_a_write_replaces_the_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    token = new_token()
    state = open_class(token, year=1990, scene=None, item=None, now=NOW, classes_dir=tmp_path)
    target = tmp_path / f"{state.code}.json"
    inode = target.stat().st_ino

    def failing_replace(source: str, destination: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        publish(token, year=1999, scene=None, item=None, now=NOW + 1, classes_dir=tmp_path)
    monkeypatch.undo()
    # The failed write left the old file as it was, and no temporary file behind.
    assert read(state.code, tmp_path) == state
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    publish(token, year=1999, scene=None, item=None, now=NOW + 2, classes_dir=tmp_path)
    assert target.stat().st_ino != inode  # a new file renamed into place, not rewritten


@pytest.mark.parametrize("content", [
    "", "{", "[]", "null", '{"code": "ZZZZZZ"}',
    '{"code": "@", "seq": "1", "year": 1990, "scene": null, "item": null, "closed": false,'
    ' "expires": 1}',
    '{"code": "@", "seq": 1, "year": 1990, "scene": null, "item": "' + "x" * 65 + '",'
    ' "closed": false, "expires": 1}',
    '{"code": "@", "seq": 1, "year": 1990, "scene": null, "item": null, "closed": 0,'
    ' "expires": 1}',
    '{"code": "@", "seq": 1, "year": 1990, "scene": null, "item": null, "closed": false,'
    ' "expires": NaN}',
])
def test_a_damaged_or_foreign_file_reads_as_no_class(tmp_path: Path, content: str) -> None:
    code = "ABC234"
    (tmp_path / f"{code}.json").write_text(content.replace("@", code), encoding="utf-8")
    assert read(code, tmp_path) is None


def test_a_bad_code_reads_no_file(tmp_path: Path) -> None:
    assert read("ABC234", tmp_path) is None  # none open
    assert read("../../etc/passwd", tmp_path) is None
    with pytest.raises(ValueError):
        classstate.path_for("abc234", tmp_path)


def test_opening_a_class_sweeps_away_classes_long_ended(tmp_path: Path) -> None:
    old, recent, running = new_token(), new_token(), new_token()
    open_class(old, year=1990, scene=None, item=None, now=NOW, classes_dir=tmp_path)
    close(old, now=NOW + 10, classes_dir=tmp_path)
    open_class(recent, year=1990, scene=None, item=None, now=NOW + ENDED_KEPT_S,
               classes_dir=tmp_path)
    close(recent, now=NOW + ENDED_KEPT_S, classes_dir=tmp_path)
    open_class(running, year=1990, scene=None, item=None, now=NOW + ENDED_KEPT_S + 100,
               classes_dir=tmp_path)
    (tmp_path / "notes.txt").write_text("not ours", encoding="utf-8")
    names = {p.name for p in tmp_path.iterdir()}
    assert f"{code_for(old)}.json" not in names  # ended more than ENDED_KEPT_S ago
    assert f"{code_for(recent)}.json" in names  # its followers are still told it ended
    assert f"{code_for(running)}.json" in names and "notes.txt" in names
    # Much later the running class has timed out too, and both go.
    assert sorted(sweep(NOW + 3 * ENDED_KEPT_S, tmp_path)) == sorted(
        [code_for(recent), code_for(running)])
    assert {p.name for p in tmp_path.iterdir()} == {"notes.txt"}
