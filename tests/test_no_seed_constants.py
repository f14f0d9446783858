"""Nothing of a seed convention is a constant in a code path or a template.

A seed's due day (« 31 octobre », ``date(year, 10, 31)``), rate (« 95 % », ``Decimal("0.95")``),
amount, article (« art. 8.2 »), name (« Pas-de-Calais », « Seed 001 ») is a clause parameter or a
convention field: it comes from the data of the conventions that bind. Only the demo data
(``reperes/demo/``, whose ``build/`` writes the seeds' meetings, payments and publications
through the apps) and the catalogue's suggested values
(``reperes/conventions/catalogue.py``) may hold them; migrations are history.

Scanned: every ``reperes/**/*.py`` — its code only: comments and docstrings that *explain* a
reading and cite the seed it comes from are allowed — and every ``reperes/templates/**/*.html``
without its template comments. The patterns are built from the seeds' own values
(``/work/shared/seeds``): the due days of seeds 000, 001 and 004, the rates and amounts of
seeds 001, 002 and 004, the seeds' names and article numbers.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import reperes

ROOT = Path(reperes.__file__).resolve().parent
REPO = ROOT.parent

# Seed 001 art. 8.2 (31 October N-1, 30 April N+1), seed 004 art. 6 and 8 (30 November N, 30
# April N+1). (Seed 000's « début de l'année N+1 », read as 31 March, is left out: 31 March is
# also the end of the first quarter, a calendar day any code may name.)
SEED_DAYS = {(10, 31), (4, 30), (11, 30)}
_MONTHS = {4: "avril", 10: "octobre", 11: "novembre"}

# Seed 001 art. 8.1 (Département 95 %), seed 004 art. 6 (advance 60 %, balance 40 %), as a
# fraction or a percentage in a ``Decimal`` (the communes' 5 % is too common a number to tell).
SEED_RATES = {"0.95", "0.6", "0.60", "0.4", "0.40", "95", "60", "40"}

# An article number next to these is a law's or an example's, not a seed's: « article 47 de la
# loi n° 2005-102 », « Code de procédure civile, art. 640 », « Ex. « art. 6 » », « Convention
# « … », art. 6 ».
NOT_A_SEED_ARTICLE = re.compile(
    r"\b(?:loi|code|décret|arrêté|règlement|CASF|CGCT|RGPD)\b|\bEx\.|exemple|…", re.I
)

TEXT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    *(
        (f"échéance « {day} {_MONTHS[month]} »", re.compile(rf"\b{day}\s+{_MONTHS[month]}\b", re.I))
        for month, day in sorted(SEED_DAYS)
    ),
    *(
        (f"échéance « {day:02d}/{month:02d} »", re.compile(rf"(?<![\d/]){day:02d}/{month:02d}(?![\d])"))
        for month, day in sorted(SEED_DAYS)
    ),
    ("taux « 95 % »", re.compile(r"(?<![\d,.])95\s*%")),
    ("taux « 60 % »", re.compile(r"(?<![\d,.])60\s*%")),
    ("taux « 40 % »", re.compile(r"(?<![\d,.])40\s*%")),
    ("montant de la Drôme", re.compile(r"\b(?:245|735)[\s\u00a0\u202f]?000\b")),
    ("montant de Dijon", re.compile(r"\b17[\s\u00a0\u202f]?500\b")),
    ("« 6 postes »", re.compile(r"\b6 postes\b", re.I)),
    ("article cité", re.compile(r"\bart(?:\.|icle)\s*\d+(?:\.\d+)?\b", re.I)),  # unless NOT_A_SEED_ARTICLE
    ("annexe citée", re.compile(r"\bannexe\s+\d+\b", re.I)),
    ("« Seed 00x »", re.compile(r"\bseed\s*00\d\b", re.I)),
    ("nom d'un seed", re.compile(
        r"Pas-de-Calais|Dr[ôo]me\b|Meurthe-et-Moselle|Montélimar|Herserange|Longwy|"
        r"Portes Z.Ouvertes|Dijon|\bMetz\b|Valence\b",
    )),
]  # fmt: skip


def excluded(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    parts = rel.parts
    return parts[0] == "demo" or rel == Path("conventions/catalogue.py") or "migrations" in parts


def documentation_lines(tree: ast.AST) -> set[int]:
    """Lines of the docstrings and other bare string statements (documentation, not code)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def _int(node: ast.AST) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _pairs(nodes: list[ast.expr]) -> Iterator[tuple[ast.expr, tuple[int, int]]]:
    """Consecutive integer constants (month, day) that are a seed's due day."""
    for first, second in zip(nodes, nodes[1:], strict=False):
        month, day = _int(first), _int(second)
        if (month, day) in SEED_DAYS:
            yield first, (month, day)  # type: ignore[misc]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def code_hits(source: str) -> list[tuple[int, str, str]]:
    """(line, what, excerpt) of the seed constants in the code of a Python module."""
    tree = ast.parse(source)
    documentation = documentation_lines(tree)
    hits: list[tuple[int, str, str]] = []

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg, (month, day) in _pairs(list(node.args)):
                hits.append((arg.lineno, f"jour d'échéance {day}/{month}", ast.unparse(node)))
            keywords = {k.arg: _int(k.value) for k in node.keywords if k.arg}
            if (keywords.get("month"), keywords.get("day")) in SEED_DAYS:
                hits.append((node.lineno, "jour d'échéance (month=, day=)", ast.unparse(node)))
            if _name(node.func) in ("Decimal", "Fraction", "float") and node.args:
                value = node.args[0]
                if isinstance(value, ast.Constant) and str(value.value) in SEED_RATES:
                    hits.append((node.lineno, "taux d'un seed", ast.unparse(node)))
        elif isinstance(node, (ast.Tuple, ast.List)):
            for arg, (month, day) in _pairs(list(node.elts)):
                hits.append((arg.lineno, f"jour d'échéance {day}/{month}", ast.unparse(node)))
        elif isinstance(node, ast.Dict):
            items = {
                k.value: _int(v)
                for k, v in zip(node.keys, node.values, strict=False)
                if isinstance(k, ast.Constant)
            }
            if (items.get("month"), items.get("day")) in SEED_DAYS:
                hits.append((node.lineno, "jour d'échéance {month, day}", ast.unparse(node)))

    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.STRING or token.start[0] in documentation:
            continue
        hits.extend(
            (token.start[0] + line, what, excerpt)
            for line, what, excerpt in text_hits(token.string)
        )
    return sorted(set(hits))


def text_hits(text: str) -> list[tuple[int, str, str]]:
    """(line offset, what, excerpt) of the seed values written in ``text``."""
    hits = []
    for what, pattern in TEXT_PATTERNS:
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start())
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            excerpt = text[start : end if end != -1 else len(text)].strip()
            if what == "article cité" and NOT_A_SEED_ARTICLE.search(excerpt):
                continue
            hits.append((line, what, excerpt[:120]))
    return hits


_TEMPLATE_COMMENTS = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.S
)


def template_hits(text: str) -> list[tuple[int, str, str]]:
    """Seed values in a template, its comments left out (their lines kept for the numbering)."""
    code = _TEMPLATE_COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [(line + 1, what, excerpt) for line, what, excerpt in text_hits(code)]


def scan() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if excluded(path):
            continue
        for line, what, excerpt in code_hits(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(REPO)}:{line}: {what} — {excerpt}")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for line, what, excerpt in template_hits(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(REPO)}:{line}: {what} — {excerpt}")
    return found


def test_no_seed_value_is_a_constant_in_code_or_templates():
    found = scan()
    assert not found, (
        f"{len(found)} valeur(s) d'un seed écrite(s) en dur (elles viennent des clauses des "
        "conventions) :\n" + "\n".join(found)
    )


# --- The scanner itself ---------------------------------------------------------------------

SAMPLE = '''\
"""Budget due on 31 octobre (seed 001 art. 8.2): the docstring explains, it is allowed."""
from datetime import date
from decimal import Decimal


def due(year):
    # « pour le 31 octobre » — a comment is allowed too.
    return date(year - 1, 10, 31)


RATE = Decimal("0.95")
RULE = {"month": 4, "day": 30, "year_offset": 1}
SPEC = ("Budget", "operator", 11, 30, 0)
LABEL = "Accord préalable (convention type du Pas-de-Calais, art. 8.2)"
OTHER = f"Solde de 40 % au prorata"
FINE = date(2025, 6, 30)
'''


def test_the_scanner_finds_code_and_skips_comments_and_docstrings():
    hits = {(line, what) for line, what, _excerpt in code_hits(SAMPLE)}
    assert hits == {
        (8, "jour d'échéance 31/10"),
        (11, "taux d'un seed"),
        (12, "jour d'échéance {month, day}"),
        (13, "jour d'échéance 30/11"),
        (14, "nom d'un seed"),
        (14, "article cité"),
        (15, "taux « 40 % »"),
    }


def test_the_scanner_reads_templates_without_their_comments():
    text = (
        "{# Seed 004, art. 6: « avant le 30 novembre » #}\n"
        "<p>{{ clause.text }}</p>\n"
        "{% comment %}\nconvention de la Drôme\n{% endcomment %}\n"
        "<p>État des effectifs avant le 30 novembre</p>\n"
    )
    assert [(line, what) for line, what, _ in template_hits(text)] == [
        (6, "échéance « 30 novembre »")
    ]
