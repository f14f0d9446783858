"""Under ``make test`` a missing tool fails the browser and PDF tests; by hand it skips them."""

from __future__ import annotations

import pytest

from tests.tools import require_tool

OUTCOMES = (pytest.fail.Exception, pytest.skip.Exception)


def _outcome(command: str, package: str):
    """What ``require_tool`` does for a missing tool: the exception type and its message (a
    skip caught here, so that a skip where a failure is due fails this test)."""
    with pytest.raises(OUTCOMES) as raised:
        require_tool(command, package)
    return raised.type, str(raised.value)


def test_a_missing_tool_fails_under_make_test(monkeypatch):
    monkeypatch.setenv("REPERES_REQUIRE_TOOLS", "1")
    kind, message = _outcome("reperes-outil-absent", "outil-absent")
    assert kind is pytest.fail.Exception
    assert "paquet Debian « outil-absent »" in message


def test_a_missing_tool_fails_in_ci(monkeypatch):
    monkeypatch.delenv("REPERES_REQUIRE_TOOLS", raising=False)
    monkeypatch.setenv("CI", "true")
    kind, message = _outcome("reperes-outil-absent", "outil-absent")
    assert kind is pytest.fail.Exception
    assert "reperes-outil-absent missing" in message


def test_a_missing_tool_skips_by_hand(monkeypatch):
    monkeypatch.delenv("REPERES_REQUIRE_TOOLS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    kind, message = _outcome("reperes-outil-absent", "outil-absent")
    assert kind is pytest.skip.Exception
    assert "apt-get install outil-absent" in message


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
