"""The house as docs/architecture.md draws it: imports follow the layers, no app imports the
demo, no module grows over 600 lines.

The layer table is read from the document itself, so that the map and this test cannot drift
apart; no import against it is tolerated, and no cycle between apps. No Django, no database: the modules
are parsed (``ast``), never imported. Run as a script for the figures the document quotes::

    .venv/bin/python tests/test_architecture.py graph       # app → apps it imports
    .venv/bin/python tests/test_architecture.py lines       # modules over 400 lines
    .venv/bin/python tests/test_architecture.py duplicates  # identical blocks of 6+ lines
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reperes"
DOC = ROOT / "docs" / "architecture.md"
MAX_LINES = 600
DEMO = "demo"


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. reperes.money.api
    target: str  # the imported module or name, e.g. reperes.core.api
    line: int

    @property
    def app(self) -> str:
        return app_of(self.module)

    @property
    def target_app(self) -> str:
        return app_of(self.target)


def app_of(dotted: str) -> str:
    """``reperes.money.models.funding`` → ``money``; ``reperes.urls`` → ``urls``."""
    return dotted.split(".")[1]


def python_files(skip_migrations: bool = True) -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if skip_migrations and "migrations" in path.relative_to(PACKAGE).parts:
            continue
        yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[Import]:
    """Every ``reperes.*`` import of a module, at any depth (inside functions too), relative
    imports resolved, and ``importlib.import_module("reperes…")`` with a literal name."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            # ``from reperes import demo`` imports the demo: the names count as modules.
            targets = [source] + [f"{source}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            targets = [node.args[0].value]
        for target in targets:
            if target.startswith("reperes.") and target.count(".") >= 1:
                yield Import(module, target, node.lineno)


def cross_app_imports() -> list[Import]:
    found = {
        (i.module, i.target_app, i.line): i
        for path in python_files()
        for i in imports_of(path)
        if "." in i.module and i.app != i.target_app
    }
    return sorted(found.values(), key=lambda i: (i.module, i.line, i.target))


# --- What the document says ----------------------------------------------------------------


def _section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"^#+ {re.escape(title)}\s*$(.*?)(?=^#+ |\Z)", text, re.M | re.S)
    assert match, f"docs/architecture.md has no section « {title} »"
    return match.group(1)


def _table_rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # the header


def _names(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def layers() -> dict[str, int]:
    """App → layer number, from the table of the section « Layers »."""
    result: dict[str, int] = {}
    for row in _table_rows(_section("Layers")):
        for app in _names(row[1]):
            assert app not in result, f"{app} is in two layers"
            result[app] = int(row[0])
    return result


def upward(imports: list[Import], layer: dict[str, int]) -> list[Import]:
    """Imports of an app in the same or a higher layer."""
    return [i for i in imports if layer[i.target_app] >= layer[i.app]]


def app_graph(imports: list[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for i in imports:
        graph[i.app].add(i.target_app)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _show(imports: list[Import]) -> str:
    return "\n".join(f"  {i.module}:{i.line} → {i.target}" for i in imports)


# --- The tests -----------------------------------------------------------------------------


def test_every_app_has_a_layer():
    apps = {app_of(module_name(p)) for p in python_files() if "." in module_name(p)}
    missing = apps - set(layers())
    assert not missing, f"Apps absent from the layer table of docs/architecture.md: {missing}"


def test_imports_follow_the_layers():
    against = upward(cross_app_imports(), layers())
    assert not against, (
        "Imports against the layers of docs/architecture.md (a lower layer imports a higher "
        "one, or two apps of one layer import each other); an upper app registers into the "
        "lower one instead (AppConfig.ready):\n" + _show(against)
    )


def test_no_import_cycle_between_apps():
    assert cycles(app_graph(cross_app_imports())) == []


def test_no_product_app_imports_the_demo():
    into_demo = [
        i for i in cross_app_imports() if i.target_app == DEMO and i.app not in {DEMO, "urls"}
    ]
    assert not into_demo, "Product modules importing reperes.demo:\n" + _show(into_demo)


def test_the_demo_is_at_the_top():
    """Only the project's wiring sits above the demo, so no app may ever import it."""
    layer = layers()
    above = {app for app, n in layer.items() if n >= layer[DEMO] and app != DEMO}
    assert above <= {"settings", "urls", "wsgi"}, above


def long_modules() -> dict[str, int]:
    counts = {}
    for path in python_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("reperes/demo/seeds/"):
            continue  # demo seed data: the seeds' texts, transcribed
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            counts[rel] = lines
    return counts


def test_no_module_over_600_lines():
    assert long_modules() == {}, "Split these modules along their seams (STYLE.md §1)"


# --- Figures for docs/architecture.md ------------------------------------------------------


def _print_graph() -> None:
    layer = layers()
    imports = cross_app_imports()
    for app, targets in sorted(app_graph(imports).items(), key=lambda kv: -layer[kv[0]]):
        print(f"{layer[app]:>2} {app:<12} → {', '.join(sorted(targets, key=layer.get))}")
    against = upward(imports, layer)
    print(f"\n{len(against)} upward imports in {len({i.module for i in against})} modules")
    print("cycles between apps:", cycles(app_graph(imports)) or "none")


def _print_lines() -> None:
    sizes = [
        (len(p.read_text(encoding="utf-8").splitlines()), p.relative_to(ROOT))
        for p in python_files()
    ]
    for count, path in sorted(sizes, reverse=True):
        if count > 400:
            print(f"{count:>5} {path}")
    print(f"{sum(c for c, _ in sizes):>5} lines in {len(sizes)} modules (migrations excluded)")


def _print_duplicates(size: int = 6) -> None:
    """Identical runs of ``size`` or more non-blank lines (indentation, comments and imports
    ignored) in two places or more; overlapping windows are counted as one block."""
    seen: dict[tuple[str, ...], list[tuple[str, int, int]]] = defaultdict(list)
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        in_imports = {
            n
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Import | ast.ImportFrom)
            for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)
        }
        lines = [
            (n, line.strip())
            for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.strip().startswith("#") and n not in in_imports
        ]
        for start in range(len(lines) - size + 1):
            window = tuple(text for _, text in lines[start : start + size])
            seen[window].append((str(path.relative_to(ROOT)), start, lines[start][0]))
    repeated = {
        tuple((f, i) for f, i, _ in places): places for places in seen.values() if len(places) > 1
    }
    blocks = [
        places
        for key, places in repeated.items()
        if tuple((f, i - 1) for f, i in key) not in repeated  # not the tail of a longer block
    ]
    for places in sorted(blocks):
        print(", ".join(f"{f}:{line}" for f, _, line in places))
    print(f"{len(blocks)} blocks of {size}+ identical lines seen in two places or more")


if __name__ == "__main__":
    {"graph": _print_graph, "lines": _print_lines, "duplicates": _print_duplicates}[
        sys.argv[1] if len(sys.argv) > 1 else "graph"
    ]()
