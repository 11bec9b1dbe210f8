"""Strings translated when a module is imported stay in the language of whoever imported it first
(always French on a server): module-level texts must be lazy."""

import ast
from pathlib import Path

MILLE = Path(__file__).resolve().parents[2] / "mille"
EAGER = {"gettext", "ngettext", "pgettext"}


def _eager_calls_at_import(path: Path) -> list[str]:
    source = path.read_text()
    tree = ast.parse(source)
    names = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }
    found = []

    def walk(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
            )
            if (
                not in_function
                and isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id in names
            ):
                found.append(f"{path.relative_to(MILLE)}:{child.lineno}")
            walk(child, inside)

    if names:
        walk(tree, False)
    return found


def test_no_text_is_translated_at_import_time():
    modules = [p for p in MILLE.rglob("*.py") if "migrations" not in p.parts]
    assert len(modules) > 50
    found = [place for path in modules for place in _eager_calls_at_import(path)]
    assert not found, "use gettext_lazy for these module-level texts: " + ", ".join(found)
