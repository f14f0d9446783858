"""Take the help pages' screenshots (reperes/help/static/help/ecrans/) from a running demo.

    make run   # or: manage.py load_demo && manage.py runserver
    .venv/bin/python scripts/help_screenshots.py http://127.0.0.1:8000

Each task of ``reperes.help.content`` is shot on its page, signed in as the role's demo account
(or the task's own), with Debian's Chromium (never ``playwright install``), then reduced to 800
pixels wide and a 64-colour palette so that a screenshot stays under a few dozen kilobytes.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reperes.settings.dev")

import django  # noqa: E402

django.setup()

from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from reperes.help.content import ROLES  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  # one list of flags

PASSWORD = "reperes-demo-2026"
OUT = ROOT / "reperes" / "help" / "static" / "help" / "ecrans"
WIDTH = 800


def _optimise(png: bytes, target: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    height = round(image.height * WIDTH / image.width)
    image = image.resize((WIDTH, height), Image.Resampling.LANCZOS)
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(target, format="PNG", optimize=True)


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    shots: dict[str, list[tuple[str, str]]] = {}
    for role in ROLES:
        for task in role.tasks:
            account = task.shot_account or role.demo_account
            shots.setdefault(account, []).append((task.slug, task.shot_path))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for account, pages in shots.items():
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
            page = context.new_page()
            page.goto(f"{base}/compte/connexion/")
            page.get_by_label("Adresse électronique").fill(account)
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_load_state()
            for slug, path in pages:
                response = page.goto(f"{base}{path}")
                if response is None or response.status != 200:
                    status = response.status if response else "?"
                    raise SystemExit(f"{account} {path} : HTTP {status}")
                target = OUT / f"{slug}.png"
                _optimise(page.screenshot(), target)
                print(f"{target.relative_to(ROOT)} ({target.stat().st_size // 1024} Ko)")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
