"""Take screenshots of a running Repères (make run) with Debian's Chromium.

.venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  # one list of flags


def main(base: str, out: Path, email: str, pages: list[tuple[str, str]], width: int = 1280) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="fr-FR")
        page.goto(f"{base}/compte/connexion/")
        page.screenshot(path=str(out / "login.png"), full_page=True)
        page.get_by_label("Adresse électronique").fill(email)
        page.get_by_label("Mot de passe").fill("reperes-demo-2026")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        for name, path in pages:
            page.goto(f"{base}{path}")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    base_url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    email = sys.argv[3] if len(sys.argv) > 3 else "agent.drome@demo.reperes.example"
    paths = [arg.split("=", 1) for arg in sys.argv[4:]] or [
        ["home", "/"],
        ["conventions", "/conventions/"],
    ]
    main(base_url, target, email, [(n, p) for n, p in paths])
