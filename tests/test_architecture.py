"""The house rules, read from the code itself: layering, no import circles, small modules.

Every project module's AST is walked, imports inside functions and ``TYPE_CHECKING`` blocks
included, so a lazy import cannot hide an upward dependency or a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "index", "assistant", "ui")

ALLOWED: dict[str, set[str]] = {
    "core": {"core"},
    "index": {"core", "index"},
    "assistant": {"core", "index", "assistant"},
    "ui": {"core", "assistant", "ui"},
    "app": {"core", "assistant", "ui"},
}
"""Which top-level packages each layer may import: downward only."""

MAX_LINES = 400
MAX_ASSISTANT_TOP_LEVEL = 8


def _modules() -> dict[str, Path]:
    found = {"app": ROOT / "app.py"}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Project modules imported by one module (``from pkg import mod`` resolved to the submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
            out.update(t for t in targets if t.split(".")[0] in PACKAGES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] not in PACKAGES:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in MODULES else base)
    return {m for m in out if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> str:
    return name.split(".", maxsplit=1)[0]


def test_every_import_points_downward() -> None:
    upward = [
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        for target in sorted(targets)
        if _layer(target) not in ALLOWED[_layer(name)]
    ]
    assert upward == []


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in GRAPH:
        if v not in index:
            visit(v)
    return found


def test_no_import_circles() -> None:
    assert _cycles() == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
    ],
)
def test_the_circle_finder_finds_circles(
    monkeypatch: pytest.MonkeyPatch, graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    monkeypatch.setattr(__import__(__name__), "GRAPH", graph, raising=False)
    monkeypatch.setitem(globals(), "GRAPH", graph)
    assert _cycles() == expected


def test_lazy_and_type_checking_imports_are_seen(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ui.state import Turn\n"
        "def f():\n    from assistant import service\n",
        encoding="utf-8",
    )
    assert _imports("core.m", path) == {"ui.state", "assistant.service"}


def test_modules_stay_small() -> None:
    big = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert big == {}


def test_assistant_top_level_stays_small() -> None:
    top = sorted(p.name for p in (ROOT / "assistant").glob("*.py"))
    assert len(top) <= MAX_ASSISTANT_TOP_LEVEL, top
