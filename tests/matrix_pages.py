"""The pages of the permission matrix (tests/test_permissions.py) that each persona may open:
the routes where the persona gets 200, on the objects the matrix opens them on. Read by the
accessibility check (tests/browser/test_accessibility.py), the crawler (tests/test_crawl.py)
and the PDF test (tests/test_pdf_tags.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.matrix import PERSONAS


def pages_by_persona(world) -> dict[str, list[tuple[str, str]]]:
    """``{persona: [(route name, url), ...]}`` for every page route where the persona gets 200.
    Builds the matrix's objects in ``world`` (call it once per test)."""
    from tests.test_permissions import ROUTES, build_targets

    targets = build_targets(world)
    pages: dict[str, list[tuple[str, str]]] = {p: [] for p in PERSONAS}
    for name in sorted(ROUTES):
        target, expected = ROUTES[name]
        url = reverse(name, kwargs={"pk": targets[target]} if target else None)
        for persona in PERSONAS:
            if expected[persona] == 200:
                pages[persona].append((name, url))
    return pages
