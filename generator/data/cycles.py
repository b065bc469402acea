"""Milestone dependencies that go round in a circle: found without recursion, so that a chain of
thousands of milestones is checked as quickly as a short one."""

from __future__ import annotations

from collections.abc import Iterator

from generator.data.tables import Table
from generator.errors import Problem


def check_cycles(t: Table, file: str) -> Iterator[Problem]:
    """Milestones whose dependencies go round in a circle, one problem per circle."""
    deps: dict[str, list[str]] = {}
    index: dict[str, int] = {}
    for i, m in enumerate(t.dicts()):
        if m["id"] not in deps:  # a repeated id is reported as such, not as a cycle
            deps[m["id"]] = [d for d in m["dependencies"] if d != m["id"]]  # self-references too
            index[m["id"]] = i
    state: dict[str, int] = {}
    for m_id in deps:
        if m_id not in state:
            cycle = _circle(m_id, deps, state)
            if cycle:
                yield Problem(
                    file,
                    t.line(index[cycle[0]], "dependencies"),
                    "dependencies go round in a circle: " + _chain(cycle),
                    "remove one of these dependencies",
                    f"milestone {cycle[0]}",
                    "dependencies",
                )


def _chain(ids: list[str]) -> str:
    """A circle as a message names it: in full when short, its ends around a count when long."""
    if len(ids) <= 12:
        return " -> ".join(ids)
    return " -> ".join([*ids[:5], f"({len(ids) - 9:,} more)", *ids[-4:]])


def _circle(start: str, deps: dict[str, list[str]], state: dict[str, int]) -> list[str] | None:
    """The first circle of dependencies reached from `start`, depth first, or None. A loop with a
    stack of its own, not recursion: a chain of thousands of milestones is as deep as it is long."""
    state[start] = 1  # 1: on the current path or in a circle already found; 2: done
    path, stack = [start], [iter(deps.get(start, []))]
    while stack:
        for d in stack[-1]:
            if state.get(d) == 1:
                return [*path[path.index(d) :], d] if d in path else [path[-1], d]
            if d in deps and d not in state:
                state[d] = 1
                path.append(d)
                stack.append(iter(deps[d]))
                break
        else:
            state[path.pop()] = 2
            stack.pop()
    return None
