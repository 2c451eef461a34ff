"""A real Streamlit server for tests and benchmarks: started from the repository root (so
.streamlit/ and static/ apply) on 127.0.0.1, waited for until its health check answers, its
output kept in a log file, and stopped cleanly.

Two ways to start one:
- `start_streamlit`: `streamlit run SCRIPT` itself, with development-like settings (what
  `make run` does, headless and without a file watcher);
- `start_served`: `make serve`'s own script, serve/run.sh, with its production settings; with
  `processes > 1`, several Streamlit processes behind HAProxy.

Every server started and not yet stopped is in `RUNNING`: the end-to-end tests read their logs
for tracebacks and attach them to a failing test's report.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from atlas_testing import REPO_DIR

START_TIMEOUT_S = 60
SERVED_START_TIMEOUT_S = 90  # serve/run.sh may start several processes on two cores


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StreamlitServer:
    name: str
    port: int
    log_path: Path
    process: subprocess.Popen[bytes]
    started_at_ms: float  # epoch ms just before the process was started
    # serve/run.sh runs in a process group of its own (its Streamlit processes, HAProxy),
    # stopped as a whole.
    process_group: bool = False

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "", **params: str | int) -> str:
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base}/{path.lstrip('/')}{query}"

    def log(self, last_lines: int = 200) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as error:
            return f"(no log: {error})"
        return "\n".join(lines[-last_lines:])

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int) -> str:
        return read_log_since(self.log_path, offset)

    def streamlit_pids(self) -> list[int]:
        """The Streamlit processes of this server (serve/run.sh may run several), for their
        CPU time and memory in /proc."""
        pids = []
        for pid in _descendants(self.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"streamlit" in command and b"run" in command:
                pids.append(pid)
        return pids

    def stop(self) -> None:
        if self in RUNNING:
            RUNNING.remove(self)
        if self.process_group:  # even when serve/run.sh has exited: what it started goes too
            self._signal_group(signal.SIGTERM)
        elif self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=20 if self.process_group else 10)
        except subprocess.TimeoutExpired:
            if self.process_group:
                self._signal_group(signal.SIGKILL)
            else:
                self.process.kill()
            self.process.wait(timeout=10)

    def _signal_group(self, signal_number: int) -> None:
        with suppress(ProcessLookupError):  # the group has already gone
            os.killpg(self.process.pid, signal_number)


RUNNING: list[StreamlitServer] = []


def read_log_since(log_path: Path, offset: int) -> str:
    """What a log file gained after `offset` bytes ("" if it cannot be read)."""
    try:
        with log_path.open("rb") as log_file:
            log_file.seek(offset)
            return log_file.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _descendants(pid: int) -> list[int]:
    found = [pid]
    for child in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = child.read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
        for text in children:
            found += _descendants(int(text))
    return found


def _wait_healthy(server: StreamlitServer, what: str, timeout_s: float) -> None:
    """Until /_stcore/health answers "ok"; raise with the server's log if the process exits
    or the time runs out (and stop it then)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            server.stop()
            raise RuntimeError(f"{what} ({server.name}) exited with "
                               f"{server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"{what} ({server.name}) not healthy after {timeout_s} s:\n"
                       f"{server.log()}")


def _environment(facts_dir: Path | None) -> dict[str, str]:
    """This process's environment, with the facts the server should read: the real ones
    unless `facts_dir` names others (an ATLAS_FACTS_DIR of the caller never leaks in)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("ATLAS_FACTS_DIR", None)
    if facts_dir is not None:
        env["ATLAS_FACTS_DIR"] = str(facts_dir)
    return env


def start_streamlit(name: str, log_dir: Path, *, script: str = "app.py",
                    facts_dir: Path | None = None, port: int | None = None) -> StreamlitServer:
    """Start `streamlit run script` on `port` (a free one by default) and wait for its health
    check; raise with the server's log if it does not come up. Stop it with `.stop()`."""
    port = port or free_port()
    log_path = log_dir / f"streamlit-{name}-{port}.log"
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    started = time.time() * 1000
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=REPO_DIR, env=_environment(facts_dir),
                                   stdout=log_file, stderr=subprocess.STDOUT)
    server = StreamlitServer(name, port, log_path, process, started)
    _wait_healthy(server, "streamlit", START_TIMEOUT_S)
    RUNNING.append(server)
    return server


class RestartableServer:
    """A server of a test's own, which the test stops and starts again on the same port:
    what the pages open on it must do by themselves then is what the test checks."""

    def __init__(self, name: str, log_dir: Path) -> None:
        self.name, self.log_dir = name, log_dir
        self.server = start_streamlit(name, log_dir)

    def start_again(self) -> StreamlitServer:
        self.server = start_streamlit(f"{self.name}-again", self.log_dir, port=self.server.port)
        return self.server


def start_served(name: str, log_path: Path, *, processes: int = 1, port: int | None = None
                 ) -> StreamlitServer:
    """Start `make serve`'s server (serve/run.sh) on 127.0.0.1:port with `processes`
    Streamlit processes (HAProxy in front of them when more than one), and wait until it
    answers. Stop it with `.stop()`: the whole process group goes."""
    port = port or free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = dict(_environment(None), ATLAS_BIND="127.0.0.1", ATLAS_PORT=str(port),
               ATLAS_PROCESSES=str(processes), PYTHON=sys.executable)
    started = time.time() * 1000
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(["bash", str(REPO_DIR / "serve" / "run.sh")], cwd=REPO_DIR,
                                   env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = StreamlitServer(name, port, log_path, process, started, process_group=True)
    _wait_healthy(server, "serve/run.sh", SERVED_START_TIMEOUT_S)
    if processes > 1:
        time.sleep(1.0)  # HAProxy answered through the first backend: let the others come up
    RUNNING.append(server)
    return server


@contextmanager
def streamlit_running(name: str, log_dir: Path, *, script: str = "app.py",
                      facts_dir: Path | None = None, port: int | None = None
                      ) -> Iterator[StreamlitServer]:
    """`start_streamlit` for the length of a with-block."""
    server = start_streamlit(name, log_dir, script=script, facts_dir=facts_dir, port=port)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def served_running(name: str, log_path: Path, *, processes: int = 1, port: int | None = None
                   ) -> Iterator[StreamlitServer]:
    """`start_served` for the length of a with-block."""
    server = start_served(name, log_path, processes=processes, port=port)
    try:
        yield server
    finally:
        server.stop()
