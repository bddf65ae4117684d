"""Dependencies between the app's modules point one way: no cycle between units, and no import hidden inside a
function unless a comment says why (scripts/module_graph.py prints the whole graph)."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module_graph():
    spec = importlib.util.spec_from_file_location("module_graph", ROOT / "scripts" / "module_graph.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("module_graph", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_modules_depend_on_each_other_one_way():
    graph_module = _module_graph()
    graph = graph_module.read(ROOT)
    assert graph.two_way() == []
    assert graph.cycles() == []
    assert graph_module.problems(graph) == []
    # The graph is really read: the lectures module builds on programmes and speakers, media on lectures.
    assert ("modules.lectures", "modules.programmes") in graph.edges
    assert ("modules.media", "modules.lectures") in graph.edges


def test_the_check_finds_a_cycle_and_a_hidden_import(tmp_path):
    graph_module = _module_graph()
    package = tmp_path / "lecturehall" / "modules"
    for name in ("alpha", "beta"):
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text("")
    (tmp_path / "lecturehall" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "alpha" / "operations.py").write_text("from lecturehall.modules.beta import queries\n")
    (package / "beta" / "queries.py").write_text("def f():\n    from lecturehall.modules.alpha import operations\n")
    graph = graph_module.read(tmp_path)
    assert graph.cycles() == [["modules.alpha", "modules.beta"]]
    problems = graph_module.problems(graph)
    assert any("cycle" in problem for problem in problems)
    assert any("beta/queries.py:2" in problem for problem in problems)
