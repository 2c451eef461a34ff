"""A shared link to a page other than the map works for the very first visitor of a server.

With a folder named pages/, Streamlit starts in its old multipage mode and would run
pages/timeline.py without app.py (no language, no layout, file names as navigation) until a
session reaches st.navigation; atlas.session.require_router() sends that first run through
app.py. This module's server is fresh and its first request is the link itself.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from atlas_testing.atlas_page import wait_for_app_idle
from atlas_testing.servers import StreamlitServer


def test_first_visitor_of_a_fresh_server_gets_the_routed_page(
    page: Page, fresh_server: StreamlitServer
) -> None:
    page.goto(fresh_server.url("timeline", year=1999, lang="tr"))
    wait_for_app_idle(page)
    navigation = page.get_by_test_id("stSidebarNav")
    # app.py's navigation, in the URL's language, not file names from pages/.
    # (Links, by accessible name: the icons' ligature names are aria-hidden text.)
    expect(navigation.get_by_role("link", name="Zaman çizelgesi", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="timeline", exact=True)).to_have_count(0)
    expect(navigation.get_by_role("link", name="app", exact=True)).to_have_count(0)
    # The page itself, with the shared year.
    expect(page.get_by_text("1999: Çekya, Macaristan ve Polonya katıldı").first).to_be_visible()
    assert "year=1999" in page.url and "lang=tr" in page.url
