#!/usr/bin/env python3
"""The import graph between Lecture Hall's modules, read from the code (every import, also those inside functions).

    python scripts/module_graph.py            edges, two-way edges, cycles and imports hidden in functions
    python scripts/module_graph.py --check    the same; exits 1 on a cycle or an unexplained import in a function
    python scripts/module_graph.py --dot      the graph in Graphviz's dot language
    python scripts/module_graph.py --root DIR another checkout (e.g. an older commit: git worktree add /tmp/old REV)

A unit is a module under lecturehall/modules/<name>, or one of core, cli, app, config, models. An import inside a
function counts as an edge like any other; it is "explained" when a comment on its line or the line above says why.
Imports under ``if TYPE_CHECKING:`` count too: a type that needs another module is a dependency on it.
tests/core/test_module_graph.py runs the check, so a new cycle fails the suite.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "lecturehall"


@dataclass
class Graph:
    edges: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    hidden: list[tuple[str, int, str, bool]] = field(default_factory=list)  # (file, line, module, explained)
    units: set[str] = field(default_factory=set)

    def two_way(self) -> list[tuple[str, str]]:
        return sorted((a, b) for (a, b) in self.edges if a < b and (b, a) in self.edges)

    def cycles(self) -> list[list[str]]:
        """Strongly connected components of more than one unit (Tarjan)."""
        successors = defaultdict(set)
        for a, b in self.edges:
            successors[a].add(b)
        index, low, stack, on_stack, found = {}, {}, [], set(), []
        counter = [0]

        def visit(node: str) -> None:
            index[node] = low[node] = counter[0]
            counter[0] += 1
            stack.append(node)
            on_stack.add(node)
            for nxt in sorted(successors[node]):
                if nxt not in index:
                    visit(nxt)
                    low[node] = min(low[node], low[nxt])
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if low[node] == index[node]:
                component = []
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    component.append(item)
                    if item == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))

        for unit in sorted(self.units):
            if unit not in index:
                visit(unit)
        return sorted(found)


def unit_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) == 1:
        return PACKAGE
    if parts[1] == "modules":
        return f"modules.{parts[2]}" if len(parts) > 2 else None
    return parts[1]


def module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported(node: ast.AST, current: str, is_package: bool, known: set[str] = frozenset()) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = current.split(".") if is_package else current.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        # "from lecturehall import config" imports the module lecturehall.config, "from lecturehall.core.db import
        # db" a name of lecturehall.core.db.
        return [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in known else prefix for alias in node.names]
    return []


def read(root: Path) -> Graph:
    graph = Graph()
    package = root / PACKAGE
    paths = sorted(package.rglob("*.py"))
    known = {module_name(path, root) for path in paths}
    for path in paths:
        current = module_name(path, root)
        source_unit = unit_of(current)
        if source_unit is None:
            continue
        graph.units.add(source_unit)
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source, filename=str(path))
        in_function = _function_lines(tree)
        for node in ast.walk(tree):
            for target in _imported(node, current, path.name == "__init__.py", known):
                target_unit = unit_of(target)
                if target_unit is None or target_unit == source_unit:
                    continue
                graph.units.add(target_unit)
                where = f"{path.relative_to(root)}:{node.lineno}"
                graph.edges[(source_unit, target_unit)].append(where)
            if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno in in_function:
                names = _imported(node, current, path.name == "__init__.py", known)
                if any(unit_of(name) for name in names):
                    explained = _commented(lines, node.lineno)
                    graph.hidden.append((str(path.relative_to(root)), node.lineno, names[0], explained))
    return graph


def _function_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for child in ast.walk(node):
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    lines.add(child.lineno)
    return lines


def _commented(lines: list[str], lineno: int) -> bool:
    here = lines[lineno - 1]
    above = lines[lineno - 2].strip() if lineno >= 2 else ""
    return "#" in here or above.startswith("#")


def report(graph: Graph) -> str:
    out = ["Dependencies between units (a -> b: a imports b; the number of imports):"]
    for (a, b), places in sorted(graph.edges.items()):
        out.append(f"  {a} -> {b}  ({len(places)})")
    two_way = graph.two_way()
    out.append(f"Two-way edges: {len(two_way)}")
    for a, b in two_way:
        out.append(f"  {a} <-> {b}: {graph.edges[(a, b)][0]} / {graph.edges[(b, a)][0]}")
    cycles = graph.cycles()
    out.append(f"Cycles: {len(cycles)}")
    for component in cycles:
        out.append("  " + ", ".join(component))
    unexplained = [item for item in graph.hidden if not item[3]]
    out.append(f"Imports inside functions: {len(graph.hidden)} ({len(unexplained)} without a comment saying why)")
    for file, line, name, explained in graph.hidden:
        out.append(f"  {file}:{line} {name}{'' if explained else '  <- no reason given'}")
    return "\n".join(out)


def dot(graph: Graph) -> str:
    lines = ["digraph lecturehall {", "  rankdir=BT;"]
    two_way = {pair for pair in graph.two_way()} | {(b, a) for a, b in graph.two_way()}
    for (a, b), places in sorted(graph.edges.items()):
        style = ' [color=red, penwidth=2]' if (a, b) in two_way else ""
        lines.append(f'  "{a}" -> "{b}"{style};')
    lines.append("}")
    return "\n".join(lines)


def problems(graph: Graph) -> list[str]:
    found = [f"cycle: {', '.join(component)}" for component in graph.cycles()]
    found += [f"import inside a function without a reason: {file}:{line} {name}"
              for file, line, name, explained in graph.hidden if not explained]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--dot", action="store_true")
    args = parser.parse_args(argv)
    graph = read(args.root)
    print(dot(graph) if args.dot else report(graph))
    if args.check:
        found = problems(graph)
        for problem in found:
            print(problem, file=sys.stderr)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
