"""Load and protocol-level tests: `make serve`'s own server (serve/run.sh, one process), driven
by the Streamlit protocol client of bench/streamlit_client.py. Small and bounded: a few
sessions, 127.0.0.1 only. The classroom's full figures are `python -m bench.classroom`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.classroom import Target, served


@pytest.fixture(scope="module")
def classroom_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    log = Path(tmp_path_factory.mktemp("serve")) / "serve.log"
    with served(None, processes=1, log=log) as target:
        yield target
