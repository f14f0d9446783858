"""A message the application sends at a level other than success or information is drawn in
its own colours: a refusal (``messages.error``) or a warning must not look like a success,
which is what every message looked like before (green, the base ``.message`` style)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = ROOT / "reperes" / "static" / "css" / "reperes.css"
# The levels drawn as the base style, by design.
PLAIN = {"success", "info"}


def _levels_sent() -> set[str]:
    sent = set()
    for module in (ROOT / "reperes").rglob("*.py"):
        sent |= set(
            re.findall(r"\bmessages\.(debug|info|success|warning|error)\(", module.read_text())
        )
    return sent


def test_every_level_sent_other_than_success_has_its_style():
    levels = _levels_sent()
    assert {"error", "warning"} <= levels  # the scan reads the code it is meant to read
    css = STYLESHEET.read_text()
    unstyled = {level for level in levels - PLAIN if f".message-{level}" not in css}
    assert not unstyled, f"messages drawn as a success: {sorted(unstyled)}"
