"""The task queue's table keeps each task's arguments (``args_kwargs``), declared in the
register as technical identifiers only: every task of the product takes whole numbers at most,
so no name nor text typed by a user can be queued."""

import ast
import inspect
from pathlib import Path

import reperes

ROOT = Path(reperes.__file__).parent


def _tasks() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", None) == "task"
                for d in node.decorator_list
            ):
                found.append((f"{path.relative_to(ROOT)}:{node.name}", node))
    return found


def test_the_product_has_tasks_to_check():
    names = {name.rsplit(":", 1)[1] for name, _ in _tasks()}
    assert {"make_file", "worker_heartbeat"} <= names


def test_every_task_takes_identifiers_only():
    for name, node in _tasks():
        arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        assert node.args.vararg is None, name
        assert node.args.kwarg is None, name
        for argument in arguments:
            annotation = ast.unparse(argument.annotation) if argument.annotation else None
            assert annotation == "int", f"{name} : l'argument {argument.arg} est {annotation}"


def test_the_check_reads_the_real_signature():
    from reperes.reporting.publication_files import make_file

    assert list(inspect.signature(make_file.func).parameters) == ["file_id"]
