"""The data page: every table of facts, and a search box that filters them all.

st.dataframe draws on a canvas; its cells are also in the DOM as an accessible table (only the
rows in view), which is what these tests read."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from atlas_testing.atlas_page import EXCEPTION_SELECTOR, wait_for_app_idle
from atlas_testing.servers import StreamlitServer

MEMBERS_HEADING = re.compile(r"^\s*Members \((\d+)\)\s*$")


def members_heading(page: Page) -> Locator:
    return page.get_by_role("heading", name=MEMBERS_HEADING)


def members_table(page: Page) -> Locator:
    return members_heading(page).locator(
        "xpath=following::*[@data-testid='stDataFrame'][1]")


def member_count(page: Page) -> int:
    match = MEMBERS_HEADING.match(members_heading(page).inner_text())
    assert match, members_heading(page).inner_text()
    return int(match.group(1))


def search(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Search")
    box.fill(text)
    box.press("Enter")
    wait_for_app_idle(page)


def test_data_page_lists_and_filters_members(page: Page, atlas_server: StreamlitServer) -> None:
    page.goto(atlas_server.url("data"))
    expect(members_heading(page)).to_be_visible(timeout=15_000)
    wait_for_app_idle(page)
    assert member_count(page) >= 30
    expect(members_table(page).locator("td", has_text="Belgium").first).to_be_attached()

    search(page, "Türkiye")
    expect(members_heading(page)).to_have_text(MEMBERS_HEADING)
    assert member_count(page) == 1
    expect(members_table(page).locator("td", has_text="Türkiye").first).to_be_attached()
    expect(members_table(page).locator("td", has_text="Belgium")).to_have_count(0)

    search(page, "no such thing xyzzy")
    assert member_count(page) == 0
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)

    search(page, "")
    assert member_count(page) >= 30
