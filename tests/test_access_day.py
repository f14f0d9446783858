"""The access layer's day is read through its module (``access.today()``), never through a
name imported once at module level: the test suite pins ``reperes.core.access.today``, and an
alias taken at import keeps the wall clock — a page then answers for the real date, and only
in some test orders (twice this session: the reports API, the register page)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "reperes"


def module_level_aliases(source: str) -> list[int]:
    tree = ast.parse(source)
    return [
        node.lineno
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        and node.module == "reperes.core.access"
        and any(alias.name == "today" for alias in node.names)
    ]


def test_no_module_imports_the_access_day_by_name():
    found = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        for line in module_level_aliases(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Lisez access.today() par le module : " + ", ".join(found)


def test_the_check_sees_an_alias_and_not_a_call_through_the_module():
    assert module_level_aliases("from reperes.core.access import party_conventions, today\n") == [1]
    assert module_level_aliases("from reperes.core import access\nday = access.today()\n") == []
    inside = "def f():\n    from reperes.core.access import today\n    return today()\n"
    assert module_level_aliases(inside) == []
