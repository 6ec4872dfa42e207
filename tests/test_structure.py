"""The house's structure: layers only point down, no import circles, Prefect only at the top.

Layers, top to bottom (issue 14): cli -> flows -> (evaluate, release) -> pipeline ->
(extract, link, nlp) -> (text, ingest, store) -> schemas. A module may import its own layer
or any layer below; `flows` and `prefect` are imported only by kronika/cli/ and flows/.
Imports inside functions count too: a lazy import is still an arrow.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCE_ROOTS = ("kronika", "flows", "schemas")

# Top to bottom; a module belongs to the layer of its longest matching prefix.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("cli", ("kronika.cli",)),
    ("flows", ("flows",)),
    (
        "evaluate, release",
        (
            "kronika.evaluate",
            "kronika.release",
            "kronika.docs",  # renders the data dictionary through release.package
            "kronika.bench",
            "kronika.benchmark",
            "kronika.envcheck",  # checks what `run` will need, before any work
        ),
    ),
    ("pipeline", ("kronika.pipeline",)),
    ("extract, link, nlp", ("kronika.extract", "kronika.link", "kronika.nlp")),
    ("text, ingest, store", ("kronika.text", "kronika.ingest", "kronika.store", "kronika.labels")),
    ("schemas", ("schemas", "kronika.version", "kronika")),  # `kronika`: the package's face
]
TOP_ONLY = ("flows", "prefect")  # importable from these layers only:
TOP_LAYERS = ("cli", "flows")


def module_of(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_modules() -> dict[str, Path]:
    return {
        module_of(p): p
        for root in SOURCE_ROOTS
        for p in sorted((REPO / root).rglob("*.py"))
        if "data" not in p.relative_to(REPO).parts
    }


def imports_of(source: str, known: set[str]) -> set[str]:
    """Every module `source` imports (also inside functions). `from a import b` is `a.b`
    when that is a module, and `a` only when a name comes from `a` itself: a package's
    face that only hands its modules on is no arrow."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = {f"{node.module}.{a.name}" for a in node.names} & known
            found.update(modules)
            if len(modules) < len(node.names):  # a name defined in node.module itself
                found.add(node.module)
    return found


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer index)
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            exact_only = prefix == "kronika"
            matches = module == prefix or (not exact_only and module.startswith(prefix + "."))
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def import_graph() -> dict[str, set[str]]:
    modules = source_modules()
    known = set(modules)
    graph = {}
    for name, path in modules.items():
        imported = imports_of(path.read_text(encoding="utf-8"), known)
        graph[name] = {m for m in imported if m in known or m.split(".")[0] in TOP_ONLY}
    return graph


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """`a -> b` for every import of a module in a higher layer (index smaller = higher)."""
    problems = []
    for module, imported in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(imported):
            there = layer_of(target)
            if here is not None and there is not None and there < here:
                problems.append(f"{module} ({LAYERS[here][0]}) -> {target} ({LAYERS[there][0]})")
    return problems


def top_only_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports of flows/prefect from below the cli and flows layers."""
    allowed = {i for i, (name, _) in enumerate(LAYERS) if name in TOP_LAYERS}
    return [
        f"{module} -> {target}"
        for module, imported in sorted(graph.items())
        for target in sorted(imported)
        if target.split(".")[0] in TOP_ONLY and layer_of(module) not in allowed
    ]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# ---------------------------------------------------------------- the house as it stands


def test_every_module_has_a_layer() -> None:
    unplaced = [m for m in source_modules() if layer_of(m) is None]
    assert not unplaced, f"add these modules to LAYERS in tests/test_structure.py: {unplaced}"


def test_no_import_points_up() -> None:
    problems = upward_imports(import_graph())
    assert not problems, "imports that point up a layer:\n" + "\n".join(problems)


def test_only_cli_and_flows_import_flows_or_prefect() -> None:
    problems = top_only_imports(import_graph())
    assert not problems, "library modules importing flows/prefect:\n" + "\n".join(problems)


# Circles known and owned elsewhere; each must still exist (remove it here once it is broken).
KNOWN_CIRCLES: dict[tuple[str, ...], str] = {
    ("kronika.nlp", "kronika.nlp.choice"): "nlp/__init__ imports choice; choice.configure "
    "imports the package back for load_pipeline",
}


def test_no_import_circles() -> None:
    found = [tuple(c) for c in circles(import_graph())]
    stale = [c for c in KNOWN_CIRCLES if c not in found]
    assert not stale, f"these circles are gone: remove them from KNOWN_CIRCLES: {stale}"
    new = [c for c in found if c not in KNOWN_CIRCLES]
    assert not new, f"modules importing each other in a loop: {new}"


def test_the_library_imports_without_prefect() -> None:
    """Every library module (all of kronika/ but kronika/cli/) loads, and Prefect stays out."""
    library = sorted(m for m in source_modules() if m.startswith("kronika") and layer_of(m) != 0)
    code = (
        "import importlib, sys\n"
        f"for name in {library!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'prefect', 'flows'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


# ---------------------------------------------------------------- the checks can fail


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"kronika.nlp.x": {"kronika.evaluate.run"}}, ["kronika.nlp.x"]),  # nlp -> evaluate
        ({"kronika.store.x": {"kronika.pipeline.batch"}}, ["kronika.store.x"]),
        ({"schemas.x": {"kronika.text.langid"}}, ["schemas.x"]),
        ({"kronika.evaluate.x": {"kronika.nlp"}}, []),  # down: fine
        ({"kronika.extract.x": {"kronika.link.ids"}}, []),  # same layer: fine
        ({"kronika.cli.run": {"flows.run"}}, []),
    ],
)
def test_upward_imports_are_found(graph: dict[str, set[str]], expected: list[str]) -> None:
    assert [p.split(" ")[0] for p in upward_imports(graph)] == expected


@pytest.mark.parametrize(
    ("graph", "bad"),
    [
        ({"kronika.pipeline.batch": {"prefect"}}, True),
        ({"kronika.nlp.train": {"flows.train"}}, True),
        ({"kronika.cli.train": {"flows.train"}}, False),
        ({"flows.run": {"prefect"}}, False),
    ],
)
def test_prefect_outside_the_top_is_found(graph: dict[str, set[str]], bad: bool) -> None:
    assert bool(top_only_imports(graph)) is bad


def test_circles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    from kronika.release import build\n", {"kronika.release.build"}),
        ("from kronika.nlp import load_pipeline\n", {"kronika.nlp"}),
        ("from kronika.nlp import choice, load_pipeline\n", {"kronika.nlp", "kronika.nlp.choice"}),
        ("import prefect\n", {"prefect"}),
    ],
)
def test_imports_are_read_also_inside_functions(source: str, expected: set[str]) -> None:
    assert imports_of(source, {"kronika.release.build", "kronika.nlp.choice"}) == expected
