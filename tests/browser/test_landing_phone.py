"""On a phone, an educator signs in and lands on « Terrain »; the header is one compact row
with a « Menu » button; the focus ring in the dark header stands out (at least 3:1)."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import PHONE_WIDTH, TERRAIN, educator, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_educator_signs_in_and_lands_on_terrain_on_a_phone(live_server, phone, settings):
    settings.REPERES_REQUIRE_SECOND_FACTOR = False
    user, _staff, _quartier = educator()
    page = phone
    # The live server's first page (templates, static files) can be slow on a loaded machine.
    page.set_default_navigation_timeout(120_000)
    sign_in(page, live_server.url, user.email, lands_on=TERRAIN)
    assert page.url == f"{live_server.url}/terrain/"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH

    # One compact row: the name and « Menu », the navigation behind it.
    # (the demo banner sits inside the header landmark, under the row: measure the row)
    header = page.locator("header.site-header .header-row").bounding_box()
    assert header["height"] <= 80, header
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert not nav.is_visible()
    menu.tap()
    assert menu.get_attribute("aria-expanded") == "true"
    nav.get_by_role("link", name="Conventions").wait_for()
    page.keyboard.press("Escape")
    assert not nav.is_visible()

    # The focus ring in the dark header: at least 3:1 against the header's background.
    # From the skip link (the page's first stop), Tab reaches « Repères » in the header, by
    # the keyboard (so :focus-visible applies), whatever the Menu button did with the focus.
    page.locator("a.skip-link").focus()
    page.keyboard.press("Tab")  # « Repères »
    focused = page.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
        return {inHeader: !!el.closest('.site-header'), outline: s.outlineColor,
                width: s.outlineWidth, background: getComputedStyle(
                document.querySelector('.site-header')).backgroundColor}; }"""
    )
    assert focused["inHeader"], focused
    assert focused["width"] == "3px"
    assert _contrast(focused["outline"], focused["background"]) >= 3, focused
