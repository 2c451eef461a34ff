"""Load and protocol-level tests: `make serve`'s own server (serve/run.sh, one process), driven
by the Streamlit protocol client of bench/streamlit_client.py. Small and bounded: a few
sessions, 127.0.0.1 only. The classroom's full figures are `python -m bench.classroom`."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.classroom import Target, served


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def classroom_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    log = Path(tmp_path_factory.mktemp("serve")) / "serve.log"
    with served(_free_port(), processes=1, log=log) as target:
        yield target
