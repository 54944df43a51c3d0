"""The layering contract, read from the code itself (every import statement, function-level ones included):

    base (tiers, stats, config, cache, text) < data < model < charts < the Explore view and URL state
    < content, exports < web, explore, app, server < publish (the static export, which drives the app), command line

A module imports only from its own layer or a lower one, with no exception, and no two modules import each other,
directly or round a longer loop. Every module of the package is placed in a layer by name (a new top-level module
fails here until it is). Imports made only for type annotations (under `if TYPE_CHECKING:`) are not dependencies.
The model knows no chart, export, Explore, URL or web module: it names an Explore view as settings
(dashboard.model.links.ExploreLink) and the layers above write its address.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard"

LAYERS = (
    ("base", ("dashboard", "dashboard.tiers", "dashboard.stats", "dashboard.config", "dashboard.cache",
              "dashboard.text")),
    ("data", ("dashboard.data",)),
    ("model", ("dashboard.model",)),
    ("charts", ("dashboard.charts",)),
    ("view-models", ("dashboard.explore.view", "dashboard.explore.state", "dashboard.explore.table")),
    ("content and exports", ("dashboard.content", "dashboard.exports")),
    ("web", ("dashboard.web", "dashboard.explore", "dashboard.app", "dashboard.serve", "dashboard.asgi",
             "dashboard.provenance")),
    ("publish and command line", ("dashboard.publish", "dashboard.cli", "dashboard.__main__")),
)


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> int:
    """The rank of a module's layer: the longest prefix in LAYERS that names it (the package itself only by its
    own name, so that every module below it is placed on purpose)."""
    best, rank = -1, -1
    for n, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or (p != "dashboard" and module.startswith(p + "."))) and len(p) > best:
                best, rank = len(p), n
    assert rank >= 0, f"{module} is in no layer: add it to LAYERS"
    return rank


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The dashboard modules a file imports at run time (a name imported from a package counts as its module)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith("dashboard"))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    up = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                if base.startswith("dashboard"):
                    for a in child.names:
                        sub = f"{base}.{a.name}"
                        found.add(sub if sub in modules else base)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m != me}


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: imports_of(p, set(files)) for m, p in files.items()}


def climbing(g: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Every import of a module from a higher layer than its own."""
    return sorted((a, b) for a, deps in g.items() for b in deps if layer_of(b) > layer_of(a))


def test_every_module_imports_only_its_own_layer_or_lower_ones():
    broken = climbing(graph())
    assert broken == [], "imports that climb a layer:\n" + "\n".join(
        f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})" for a, b in broken)


def test_every_module_is_in_a_layer_and_every_layer_names_modules_that_exist():
    g = graph()
    for m in g:
        layer_of(m)
    for name, prefixes in LAYERS:
        for p in prefixes:
            assert any(m == p or m.startswith(p + ".") for m in g), f"{p} (layer {name}) is no module of the package"


def test_the_model_knows_no_chart_export_explore_url_or_web_module():
    g = graph()
    for a, deps in g.items():
        if a.startswith("dashboard.model"):
            for b in deps:
                assert not b.startswith(("dashboard.charts", "dashboard.exports", "dashboard.web", "dashboard.content",
                                         "dashboard.explore", "dashboard.publish", "dashboard.app")), f"{a} imports {b}"


def test_exports_know_no_web_module_nor_the_app():
    g = graph()
    for a, deps in g.items():
        if a.startswith("dashboard.exports"):
            up = {b for b in deps if b.startswith(("dashboard.web", "dashboard.app", "dashboard.explore.app",
                                                    "dashboard.publish"))}
            assert not up, f"{a} imports {sorted(up)}"


def cycles_of(g: dict[str, set[str]]) -> list[list[str]]:
    """Every loop of imports found by a depth-first walk, as the path round it."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def walk(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(g.get(m, ())):
            if d not in g:
                continue
            if state.get(d) == 1:
                cycles.append(path[path.index(d):] + [d] if d in path else [m, d])
            elif d not in state:
                walk(d, path + [d])
        state[m] = 2

    for m in sorted(g):
        if m not in state:
            walk(m, [m])
    return cycles


def test_no_import_cycles():
    cycles = cycles_of(graph())
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_contract_sees_an_import_that_climbs(tmp_path):
    """The reader itself: a function-level import is seen; a TYPE_CHECKING one is not."""
    f = tmp_path / "dashboard" / "data" / "x.py"
    f.parent.mkdir(parents=True)
    f.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dashboard.web import render\n"
                 "def f():\n    from dashboard.model import figure\n", encoding="utf-8")
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path / "dashboard"
    try:
        assert imports_of(f, {"dashboard.model.figure", "dashboard.web.render"}) == {"dashboard.model.figure"}
    finally:
        PACKAGE = saved


def test_the_contract_sees_a_climb_and_a_loop():
    """The checks themselves, on a made-up graph: a model module importing the web layer, two data modules
    importing each other."""
    g = {"dashboard.model.x": {"dashboard.web.render", "dashboard.data.load"}, "dashboard.web.render": set(),
         "dashboard.data.load": {"dashboard.data.y"}, "dashboard.data.y": {"dashboard.data.load"}}
    assert climbing(g) == [("dashboard.model.x", "dashboard.web.render")]
    assert cycles_of(g) == [["dashboard.data.load", "dashboard.data.y", "dashboard.data.load"]]
