"""Who may import what: no import cycle between subpackages, and the core stays pure.

Read from the source with `ast` (every import, including the lazy ones inside functions
and those under TYPE_CHECKING), so a cycle cannot hide behind a deferred import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import envdoctor

PKG = Path(envdoctor.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def _unit(module: str) -> str:
    """A subpackage ('compat'), or a top-level module on its own ('envdoctor.snapshot')."""
    parts = module.split(".")
    if len(parts) >= 2 and (PKG / parts[1]).is_dir():
        return parts[1]
    return module if len(parts) >= 2 else "envdoctor"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.startswith("envdoctor"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("envdoctor"))
    return {m for m in found if _exists(m)}


def _exists(module: str) -> bool:
    rel = Path(*module.split("."))
    return (PKG.parent / rel).with_suffix(".py").is_file() or (PKG.parent / rel).is_dir()


def _graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path in PKG.rglob("*.py"):
        src = _unit(_module_name(path))
        for target in _imports(path):
            dst = _unit(target)
            if dst not in {src, "envdoctor"}:
                edges.setdefault(src, set()).add(dst)
    return edges


def _cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_no_import_cycle_between_subpackages() -> None:
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()) or [])


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


# The core depends only on the matrix model, the facts types, i18n and the value types.
CORE_MAY_IMPORT = {
    "envdoctor.matrix.model",
    "envdoctor.snapshot",
    "envdoctor.i18n",
    "envdoctor.values",  # the shared value types the core re-exports (compat.versions)
}
# Pure layers never reach the machine, the printer or the command line.
PURE = {"compat", "analyse", "matrix", "wheelcheck"}
IMPURE = {"collect", "render", "cli"}


def test_the_core_depends_only_on_the_matrix_model_and_the_facts() -> None:
    for path in (PKG / "compat").rglob("*.py"):
        outside = {
            m
            for m in _imports(path)
            if not m.startswith("envdoctor.compat") and m not in CORE_MAY_IMPORT
        }
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_pure_layers_do_not_import_impure_ones() -> None:
    edges = _graph()
    for unit in PURE:
        assert not edges.get(unit, set()) & IMPURE, (unit, edges.get(unit))


def test_every_module_stays_under_500_lines() -> None:
    # A module past this size mixes concerns; split it by what its parts are about.
    too_long = {
        str(path.relative_to(PKG.parent)): lines
        for path in PKG.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) >= 500
    }
    assert not too_long, too_long
