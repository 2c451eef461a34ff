"""A class that follows the teacher: its join code, the teacher's token, and the small file
that carries what the teacher shows (year, scene, selected item) to the students' browsers.

Pure and Streamlit-free (atlas/classlink.py is the Streamlit side). A class is a file,
`static/gen/classes/<CODE>.json`, which the teacher's session rewrites on every change and
which Streamlit serves as a static file: each follower's browser polls it, so following costs
the server one small static response per poll, works across the processes behind HAProxy
(they share the directory) and outlives a server restart.

The teacher's browser holds a random token (a cookie, so a reload keeps the class and the
projected address bar never shows it); the join code is derived from it one way (a hash), so
the code students see gives no control of the class. A class ends when the teacher closes
it, or CLASS_TIMEOUT_S after the teacher's last change. Nothing about students is written anywhere.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import secrets
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from atlas.mapassets import GENERATED, STATIC_DIR

# Capitals and digits without the look-alikes 0/O, 1/I/L: read off a projector, typed on a
# phone. 31**6 is about 890 million codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
CLASSES = f"{GENERATED}/classes"  # relative to static/, served at /app/static/gen/classes/
CLASSES_DIR = STATIC_DIR / CLASSES
# A class lasts a double lesson past the teacher's last change; closing ends it at once.
CLASS_TIMEOUT_S = 90 * 60
# A closed or expired class's file stays this long, so that followers are told it ended
# (rather than that the code is wrong); then the next class opened sweeps it away.
ENDED_KEPT_S = 6 * 3600
TOKEN_BYTES = 16
_TOKEN_LENGTH = 22  # secrets.token_urlsafe(16)
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_MAX_ID = 64  # item and scene ids are at most 64 characters (atlas/models.py)
# Every class file has this many bytes (the JSON padded with spaces): the static route reads a
# file's size and then its bytes, and a file replaced in between with one of another size
# broke the response ("Too much data for declared Content-Length") under a polling class.
FILE_BYTES = 1024

Status = Literal["open", "closed", "expired"]


@dataclass(frozen=True)
class ClassState:
    """What the teacher shows, as the followers read it. `seq` grows with every change, so a
    follower applies each change once; `expires` is a Unix time."""

    code: str
    seq: int
    year: int
    scene: str | None
    item: str | None
    closed: bool
    expires: float

    def status(self, now: float) -> Status:
        if self.closed:
            return "closed"
        return "expired" if now >= self.expires else "open"


def new_token() -> str:
    """The teacher's token: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(text: object) -> bool:
    return (isinstance(text, str) and len(text) == _TOKEN_LENGTH
            and set(text) <= _TOKEN_CHARS)


def code_for(token: str) -> str:
    """The join code of the teacher's class: a one-way function of the token."""
    number = int.from_bytes(hashlib.sha256(f"nato-atlas-class:{token}".encode()).digest(), "big")
    letters = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[index])
    return "".join(letters)


def normalize_code(text: object) -> str | None:
    """A code as a student may type it ("abc 234", "ABC-234") in the canonical form, or None
    when it cannot be a code at all (wrong length, a letter the codes never use)."""
    if not isinstance(text, str) or len(text) > 4 * CODE_LENGTH:
        return None
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return None
    return code


def path_for(code: str, classes_dir: Path = CLASSES_DIR) -> Path:
    if normalize_code(code) != code:
        raise ValueError(f"not a class code: {code!r}")
    return classes_dir / f"{code}.json"


def url_path(code: str) -> str:
    """The file's path under static/, for the browser (after /app/static/)."""
    return f"{CLASSES}/{code}.json"


def write(state: ClassState, classes_dir: Path = CLASSES_DIR) -> None:
    """Write the class's file atomically: a temporary file renamed over it, so a browser or
    another process never reads half a file."""
    target = path_for(state.code, classes_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{state.code}.")
    try:
        text = json.dumps(asdict(state), separators=(",", ":"))
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text.ljust(FILE_BYTES))  # two ids of at most 64 characters: never longer
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read(code: str, classes_dir: Path = CLASSES_DIR) -> ClassState | None:
    """The class of `code`, or None if there is none or its file is not one (unreadable,
    damaged, from elsewhere): for a student that is a wrong code."""
    try:
        raw = json.loads(path_for(code, classes_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return _from_json(raw, code)


def _from_json(raw: Any, code: str) -> ClassState | None:
    if not isinstance(raw, dict) or raw.get("code") != code:
        return None
    seq, year, expires = raw.get("seq"), raw.get("year"), raw.get("expires")
    scene, item, closed = raw.get("scene"), raw.get("item"), raw.get("closed")
    if (not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(year, int)
            or isinstance(year, bool) or not isinstance(closed, bool)
            or isinstance(expires, bool) or not isinstance(expires, (int, float))
            or not math.isfinite(expires) or not _is_id(scene) or not _is_id(item)):
        return None
    return ClassState(code=code, seq=seq, year=year, scene=scene, item=item, closed=closed,
                      expires=float(expires))


def _is_id(value: object) -> bool:
    return value is None or (isinstance(value, str) and 0 < len(value) <= _MAX_ID)


def open_class(token: str, *, year: int, scene: str | None, item: str | None,
               now: float | None = None, classes_dir: Path = CLASSES_DIR) -> ClassState:
    """Open a class for a new token, showing what the teacher shows; sweeps away classes
    long ended."""
    now = time.time() if now is None else now
    sweep(now, classes_dir)
    state = ClassState(code=code_for(token), seq=1, year=year, scene=scene, item=item,
                       closed=False, expires=now + CLASS_TIMEOUT_S)
    write(state, classes_dir)
    return state


def publish(token: str, *, year: int, scene: str | None, item: str | None,
            now: float | None = None, classes_dir: Path = CLASSES_DIR) -> ClassState | None:
    """Write the teacher's change into their open class: the sequence number goes on from
    the file's (a reloaded page or a restarted server keeps counting), the expiry moves to
    CLASS_TIMEOUT_S from now. None when the class is not open (closed, timed out, gone): it
    is not reopened behind the followers' backs."""
    now = time.time() if now is None else now
    previous = read(code_for(token), classes_dir)
    if previous is None or previous.status(now) != "open":
        return None
    if (previous.year, previous.scene, previous.item) == (year, scene, item):
        return previous
    state = replace(previous, seq=previous.seq + 1, year=year, scene=scene, item=item,
                    expires=now + CLASS_TIMEOUT_S)
    write(state, classes_dir)
    return state


def close(token: str, *, now: float | None = None,
          classes_dir: Path = CLASSES_DIR) -> ClassState | None:
    """End the teacher's class: followers see it closed on their next poll."""
    now = time.time() if now is None else now
    previous = read(code_for(token), classes_dir)
    if previous is None:
        return None
    state = replace(previous, seq=previous.seq + 1, closed=True, expires=min(previous.expires, now))
    write(state, classes_dir)
    return state


def sweep(now: float, classes_dir: Path = CLASSES_DIR) -> list[str]:
    """Remove the files of classes that ended more than ENDED_KEPT_S ago (and any leftover
    temporary file that old); returns the codes removed."""
    removed: list[str] = []
    if not classes_dir.is_dir():
        return removed
    for path in classes_dir.iterdir():
        if path.name.startswith("."):
            try:
                if path.stat().st_mtime < now - ENDED_KEPT_S:
                    path.unlink(missing_ok=True)
            except OSError:
                pass
            continue
        code = path.stem
        if normalize_code(code) != code or path.suffix != ".json":
            continue
        state = read(code, classes_dir)
        ended_at = state.expires if state is not None else _mtime(path)
        if ended_at < now - ENDED_KEPT_S:
            path.unlink(missing_ok=True)
            removed.append(code)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return math.inf
