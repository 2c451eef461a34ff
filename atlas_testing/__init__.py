"""What the end-to-end tests, the load tests and the benchmarks share to run the atlas for
real: one home for starting Streamlit, driving Debian's Chromium and reading HTML as text.

    servers.py    a Streamlit server: `streamlit run` on a free port, or `make serve`'s
                  serve/run.sh (one process, or several behind HAProxy); health wait, log,
                  clean stop
    browser.py    Debian's Chromium through Playwright, the common context settings, and the
                  offline guard (a request that leaves 127.0.0.1 is recorded, and fails)
    atlas_page.py the atlas in a page: waiting for the map frame to paint and for the script
                  runs to settle, the map's year, the URL's parameters, moving the map
    html_text.py  markup read as text (what a reader sees, or `textContent`), and the
                  addresses a page loads

A top-level package, not part of `tests/`: `python -m bench…` (the repository root on
sys.path) and pytest (`pythonpath = ["."]` in pyproject.toml) both import it from a fresh
clone, with nothing installed, while `tests/` stays a tree of test directories, not a package.
Nothing here is imported by the app.
"""

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
FIXTURES_DIR = REPO_DIR / "tests" / "fixtures"
