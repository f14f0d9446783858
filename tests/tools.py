"""External tools some tests need (Debian's Chromium, poppler's pdftotext).

Under ``make test`` (which sets ``REPERES_REQUIRE_TOOLS=1``) and in CI, a missing tool fails
the test that needs it, naming the package to install: a quality gate that skips its browser
and PDF tests is no gate. A developer running pytest by hand may still go without them: the
test is then skipped, with the same message."""

from __future__ import annotations

import os
import shutil

import pytest


def tools_required() -> bool:
    return bool(os.environ.get("REPERES_REQUIRE_TOOLS") or os.environ.get("CI"))


def require_tool(command: str, package: str, path: str | None = None) -> str:
    """The path of ``command`` (or ``path`` when given and present); otherwise fail or skip."""
    found = path if path and os.path.exists(path) else shutil.which(command)
    if found:
        return found
    message = (
        f"{command} absent : installez le paquet Debian « {package} » "
        f"(`apt-get install {package}`, ou `make browser-deps`) / "
        f"{command} missing: install the Debian package {package}"
    )
    if tools_required():
        pytest.fail(message)
    pytest.skip(message)
