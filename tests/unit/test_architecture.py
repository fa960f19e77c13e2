"""The architecture, written down: rooms, the one direction of imports, one home per concept.

Imports go one way, from the foundation up:

    config, i18n  ->  data  ->  network  ->  figures  ->  outputs  ->  web  ->  cli, commands

A module may import its own room and any room below it, never one above; no two modules
import each other, however indirectly (function-level imports count too: they would only
hide a circle). The rooms below the web never import Dash; data and network never import
plotly either.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.data import schema
from dashboard.figures.style import TYPE_STYLE

PACKAGE = PROJECT_ROOT / "dashboard"
RANK = {
    "config": 0,
    "i18n": 0,
    "escape": 0,
    "data": 1,
    "network": 2,
    "figures": 3,
    "outputs": 4,
    "web": 5,
    "cli": 6,
    "commands": 6,
    "__main__": 7,
    "__init__": 7,  # the package itself: create_app, imported on first call
}
NO_DASH = ("config", "i18n", "escape", "data", "network", "figures", "outputs")
NO_PLOTLY = ("config", "i18n", "escape", "data", "network")


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts): path
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _imports(path: Path) -> set[str]:
    """Every module an import statement of the file names (at any depth of the code)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _graph() -> nx.DiGraph:
    modules = _modules()
    G = nx.DiGraph()
    for name, path in modules.items():
        G.add_node(name)
        for target in _imports(path):
            if target in modules and target != name:
                G.add_edge(name, target)
    return G


def test_every_room_is_ranked():
    assert {_room(m) for m in _modules()} <= set(RANK)


def test_imports_never_go_up_a_room():
    upward = [
        f"{a} imports {b}"
        for a, b in _graph().edges
        if not b.endswith("__init__") and RANK[_room(b)] > RANK[_room(a)]
    ]
    assert upward == []


def test_no_module_imports_itself_through_others():
    circles = [" -> ".join(c) for c in nx.simple_cycles(_graph())]
    assert circles == []


@pytest.mark.parametrize(("rooms", "library"), [(NO_DASH, "dash"), (NO_PLOTLY, "plotly")])
def test_lower_rooms_stay_free_of_the_web_libraries(rooms, library):
    offending = [
        name
        for name, path in _modules().items()
        if _room(name) in rooms and any(i == library or i.startswith(f"{library}.") for i in _imports(path))
    ]
    assert offending == []


def test_at_most_twelve_modules_at_the_top_of_the_package():
    assert len(list(PACKAGE.glob("*.py"))) <= 12


def test_every_room_says_what_it_owns_and_may_import():
    for room in (p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        doc = ast.get_docstring(ast.parse((room / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert len(doc) > 80, f"{room.name}/__init__.py lacks a docstring saying what the room owns"
        if room.name != "commands":
            assert "import" in doc, f"{room.name}/__init__.py does not say what it may import"


def _readme_layout() -> set[str]:
    """Names listed under ``dashboard/`` in the README's Layout section (``data/`` -> ``data``)."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    names: set[str] = set()
    for line in block.split("dashboard/\n", 1)[1].splitlines():
        if not line.startswith("  ") or line.startswith("   "):
            if not line.startswith(" "):
                break  # back at the top level of the tree
            continue  # a description's second line
        first = re.split(r"\s{2,}", line.strip())[0]
        names |= {name.removesuffix(".py").rstrip("/") for name in first.split()}
    return names


def test_readme_layout_lists_every_room_and_top_level_module():
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert _readme_layout() == rooms | top | {"locales"}


def test_the_unit_tier_refuses_threads():
    import threading

    with pytest.raises(AssertionError, match="thread"):
        threading.Thread(target=lambda: None).start()


# One home per concept: relation types.


def test_relation_types_come_from_the_one_registry():
    names = [r.name for r in schema.RELATION_REGISTRY]
    assert len(set(names)) == len(names)
    assert sorted(r.strength for r in schema.RELATION_REGISTRY) == list(range(len(names)))
    assert set(schema.TYPE_ORDER) == set(names) == set(schema.RELATION_TYPES) == set(TYPE_STYLE)
    assert set(schema.AGREEMENT_TYPES) == set(names) - {schema.CONSORTIUM_TYPE}


def test_every_relation_type_has_a_label_in_every_catalog():
    for catalog in sorted((PACKAGE / "locales").glob("*.json")):
        if catalog.name.count(".") > 1:
            continue  # a feature's own catalog (en.insights.json) holds no type labels
        keys = json.loads(catalog.read_text(encoding="utf-8"))
        missing = [r.label_key for r in schema.RELATION_REGISTRY if r.label_key not in keys]
        assert missing == [], f"{catalog.name} lacks {missing}"


def test_the_data_format_documents_exactly_the_registered_agreement_types():
    readme = (PROJECT_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `type` |"))
    assert re.findall(r"`(\w+)`", row)[1:] == list(schema.AGREEMENT_TYPES)


def test_region_slugs_have_one_home():
    offenders = []
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if name != "dashboard.data.regions" and re.search(r"\.lower\(\)\.replace\(\" \", \"-\"\)", text):
            offenders.append(name)
    assert offenders == []
