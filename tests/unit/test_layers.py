"""The layering contract, read from the code itself (every import statement, function-level ones included):

    base (tiers, stats, config, text) < data < model < charts < the Explore view and URL state < content, exports
    < web, explore, app

A module imports only from its own layer or a lower one, and no two modules import each other, directly or round a
longer loop. Imports made only for type annotations (under `if TYPE_CHECKING:`) are not dependencies. The few
imports that still break the order are listed in KNOWN with the reason; the test fails when a new one appears and
when a listed one is gone (so the list only shrinks).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard"

LAYERS = (
    ("base", ("dashboard", "dashboard.__init__", "dashboard.tiers", "dashboard.stats", "dashboard.config",
              "dashboard.text")),
    ("data", ("dashboard.data",)),
    ("model", ("dashboard.model",)),
    ("charts", ("dashboard.charts",)),
    ("view-models", ("dashboard.views", "dashboard.state", "dashboard.explore.view", "dashboard.explore.state",
                     "dashboard.explore.table")),
    ("content and exports", ("dashboard.content", "dashboard.exports")),
    ("web", ("dashboard.web", "dashboard.explore", "dashboard.app", "dashboard.serve", "dashboard.cli",
             "dashboard.provenance", "dashboard.__main__")),
)

# (importer, imported): why it is still there. Remove an entry when its import goes.
KNOWN = {
    ("dashboard.model.check", "dashboard.state"): "builds the Explore link of a match (the model should return "
                                                  "the view's settings and the web layer write the URL)",
    ("dashboard.model.changes", "dashboard.state"): "likewise, the Explore link of a changed figure",
    ("dashboard.model.check", "dashboard.explore.state"): "the same links, where the URL state lives in explore/",
    ("dashboard.model.changes", "dashboard.explore.state"): "likewise",
    ("dashboard.exports.package", "dashboard.web.render"): "the independence statement and the site name",
    ("dashboard.exports.site", "dashboard.app"): "the static export asks the app's own routes for every page "
                                                 "(Flask test client), so the copy cannot drift from the site",
    ("dashboard.exports.site", "dashboard.web.urls"): "the static site writes the web's addresses",
}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def layer_of(module: str) -> int:
    best, rank = -1, -1
    for n, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
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


def test_every_module_imports_only_its_own_layer_or_lower_ones():
    g = graph()
    broken = {(a, b) for a, deps in g.items() for b in deps if layer_of(b) > layer_of(a)}
    new = sorted(broken - set(KNOWN))
    assert new == [], "imports that climb a layer:\n" + "\n".join(
        f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})" for a, b in new)
    gone = sorted(k for k in set(KNOWN) - broken if k[0] in g and k[1] in g)  # a moved module's entry is moot
    assert gone == [], f"no longer imported, remove from KNOWN: {gone}"


def test_the_model_knows_no_chart_file_format_or_web_module():
    g = graph()
    for a, deps in g.items():
        if a.startswith("dashboard.model"):
            for b in deps:
                if (a, b) in KNOWN:
                    continue
                assert not b.startswith(("dashboard.charts", "dashboard.exports", "dashboard.web", "dashboard.content",
                                         "dashboard.explore")), f"{a} imports {b}"


def test_no_import_cycles():
    g = graph()
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
