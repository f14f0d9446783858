"""Helpers for the tests that read a page."""

from __future__ import annotations


def page_text(response, *texts: str, status: int = 200) -> str:
    """The HTML of a page answered ``status`` (a page shown, or a refused form shown again),
    checked to show each of ``texts``: returned for the checks that follow."""
    assert response.status_code == status
    html = response.content.decode()
    for text in texts:
        assert text in html, text
    return html
