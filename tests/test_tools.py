"""Under ``make test`` a missing tool fails the browser and PDF tests; by hand it skips them."""

from __future__ import annotations

import pytest

from tests.tools import require_tool

OUTCOMES = (pytest.fail.Exception, pytest.skip.Exception)


@pytest.mark.parametrize(
    ("environment", "kind", "says"),
    [
        ({"REPERES_REQUIRE_TOOLS": "1"}, pytest.fail.Exception, "paquet Debian « outil-absent »"),
        ({"CI": "true"}, pytest.fail.Exception, "reperes-outil-absent missing"),
        ({}, pytest.skip.Exception, "apt-get install outil-absent"),
    ],
    ids=["fails_under_make_test", "fails_in_ci", "skips_by_hand"],
)
def test_a_missing_tool(monkeypatch, environment, kind, says):
    """What ``require_tool`` does for a missing tool: a skip is caught here too, so that a
    skip where a failure is due fails this test."""
    monkeypatch.delenv("REPERES_REQUIRE_TOOLS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(OUTCOMES) as raised:
        require_tool("reperes-outil-absent", "outil-absent")
    assert raised.type is kind
    assert says in str(raised.value)


def test_a_present_tool_is_found(monkeypatch):
    monkeypatch.setenv("REPERES_REQUIRE_TOOLS", "1")
    assert require_tool("sh", "dash").endswith("/sh")


def test_make_test_requires_the_tools():
    """The Makefile's suite runs set the variable (both passes)."""
    from pathlib import Path

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    runs = [line for line in makefile.splitlines() if "-m pytest" in line]
    assert runs
    assert all("REPERES_REQUIRE_TOOLS=1" in line for line in runs), runs
