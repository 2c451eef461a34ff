"""What a user can type in the address bar: bad values fall back with a visible notice that
names the parameter, never a traceback, never running what was typed."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Locator, Page, expect

from atlas_testing.atlas_page import EXCEPTION_SELECTOR, map_year, open_atlas, query_param
from atlas_testing.servers import StreamlitServer

THIS_YEAR = dt.date.today().year
SCRIPT = "<script>alert(1)</script>"


def warnings(page: Page, param: str) -> Locator:
    return page.locator('[data-testid="stAlertContentWarning"]', has_text=f"{param}=")


@pytest.mark.parametrize(("param", "value"), [
    ("year", "abc"),
    ("year", "99999"),
    ("item", SCRIPT),
], ids=["year-abc", "year-99999", "item-script"])
def test_bad_parameter_falls_back_with_a_notice(page: Page, atlas_server: StreamlitServer,
                                                param: str, value: str) -> None:
    frame = open_atlas(page, atlas_server, **{param: value})

    notice = warnings(page, param)
    expect(notice).to_have_count(1)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(value)  # the value as typed, shown as text
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    assert map_year(frame) == THIS_YEAR  # the fallback year; the map still works
    if param == "item":
        assert query_param(page, "item") is None
        expect(page.locator(".atlas-card")).to_have_count(0)
        assert page.locator("script", has_text="alert(1)").count() == 0
    else:
        assert query_param(page, "year") == str(THIS_YEAR)


def test_a_good_link_with_persian_digits_shows_no_notice(page: Page,
                                                        atlas_server: StreamlitServer) -> None:
    """A year typed with Persian digits (as a Persian keyboard does) is understood."""
    frame = open_atlas(page, atlas_server, year="۱۹۹۹", item="mission:kfor")
    assert map_year(frame) == 1999
    expect(page.locator('[data-testid="stAlertContentWarning"]')).to_have_count(0)
    expect(page.locator(EXCEPTION_SELECTOR)).to_have_count(0)
    assert query_param(page, "item") == "mission:kfor"
