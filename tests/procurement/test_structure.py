"""The shape of the code, kept by tests: short views, short files, imports that point one way.

These are the rules of docs/development.md ("One way to do each thing"); a test fails with the list
of places that break them.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest

import procurement

ROOT = Path(procurement.__file__).parent
MAX_VIEW_LINES = 30
MAX_FILE_LINES = 420  # "about 400"
# A view may run longer when a comment in it says why.
LONG_VIEW_MARK = "long view:"


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every procurement module `path` imports, at module level or inside functions (not for typing)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for child in ast.walk(node))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("procurement")
        ):
            # `from procurement import clock` imports the module procurement.clock; the package
            # itself only for a name that is not one of its modules.
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in MODULES else node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("procurement"))
    return names


def _importers(target_prefix: str, source_prefix: str) -> list[str]:
    modules = _modules()
    return sorted(
        name
        for name, path in modules.items()
        if name.startswith(source_prefix)
        and any(i == target_prefix or i.startswith(target_prefix + ".") for i in _imports(path))
    )


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("procurement.bids", "procurement.evaluation"),
        ("procurement.opening", "procurement.evaluation"),
        ("procurement.maintenance", "procurement.tenders"),
        ("procurement.pagecache", "procurement.publication"),
        ("procurement.pagecache", "procurement.tenders"),
        ("procurement.charts", "procurement.tenders"),
    ],
)
def test_imports_point_one_way(source: str, target: str) -> None:
    assert _importers(target, source) == []


def test_queries_never_import_operations() -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, path in _modules().items()
        if name.rsplit(".", 1)[-1] == "queries" or ".queries." in name
        for imported in sorted(_imports(path))
        if imported.endswith(".operations") or ".operations." in imported
    ]
    assert offenders == []


def test_no_import_circles() -> None:
    modules = _modules()
    graph = {name: {i for i in _imports(path) if i in modules} for name, path in modules.items()}
    circles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    assert circles == []


def test_files_stay_short() -> None:
    long_files = [
        f"{path.relative_to(ROOT.parent)}: {count} lines"
        for path in sorted(ROOT.rglob("*.py"))
        if "migrations" not in path.parts
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert long_files == []


def test_views_fit_on_a_screen(app: Any) -> None:
    long_views = []
    for endpoint, view in app.view_functions.items():
        function = inspect.unwrap(view)
        if not getattr(function, "__module__", "").startswith("procurement"):
            continue
        source, _start = inspect.getsourcelines(function)
        body = [line for line in source if line.strip() and not line.lstrip().startswith("@")]
        if len(body) > MAX_VIEW_LINES and not any(LONG_VIEW_MARK in line for line in source):
            long_views.append(f"{endpoint}: {len(body)} lines")
    assert long_views == []


def test_views_never_commit_by_hand() -> None:
    """Views commit through procurement.web.attempt; a deliberate one says `# deliberate` and why."""
    offenders = []
    for name, path in _modules().items():
        if not (name.endswith(".views") or ".views." in name or name.endswith(".public")):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if ("session.commit()" in stripped or "session.rollback()" in stripped) and (
                "# deliberate" not in stripped
            ):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{number}")
    assert offenders == []


def test_every_data_table_scrolls_in_a_region_of_its_own() -> None:
    """A `table.data` wider than a phone must scroll inside a keyboard-reachable region, not push the
    page sideways (docs/development.md, "Phones"): each sits in a `role="region"` element opened just
    before it, or is a `cards` table that becomes one card per row."""
    import re

    loose = []
    for path in sorted((ROOT.parent / "templates").rglob("*.html")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if not re.search(r'<table class="data(?![^"]*\bcards\b)', line):
                continue
            before = " ".join(text for text in lines[max(0, number - 2) : number] if text.strip())
            if 'role="region"' not in before:
                loose.append(f"{path.relative_to(ROOT.parent)}:{number + 1}")
    assert loose == []
