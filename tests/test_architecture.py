"""The package's layout, read from its source with ``ast`` (see ARCHITECTURE.md): arrows point
only down the layers, no module imports itself back through others, a study reaches another
only through its package, no private name crosses a module, and ``import dsp_paper`` loads
neither Keras nor any study."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dsp_paper"

# What each layer may import (ARCHITECTURE.md): its own layer and those listed.
MAY_IMPORT = {
    "toolkit": {"toolkit"},
    "nn": {"toolkit", "nn"},
    "capture": {"toolkit", "nn", "capture"},
    "study": {"toolkit", "nn", "study"},
    "studies": {"toolkit", "nn", "capture", "study", "studies"},
    "applications": {"toolkit", "nn", "capture", "study", "studies", "applications"},
}
APPLICATIONS = {"dsp_paper.__main__", "dsp_paper.runner", "dsp_paper.publish"}
# The one place that imports modules by a name made at run time: the table notebook -> study.
DYNAMIC_IMPORTS = {"dsp_paper.studies"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> str:
    if module in APPLICATIONS:
        return "applications"
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ("nn", "capture", "study", "studies"):
        return parts[1]
    return "toolkit"


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _resolve(module: str, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".") if _is_package(module) else module.split(".")[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _imports(module: str):
    """``(imported module, names taken from it, line, inside a function)`` for every import
    of a dsp_paper module in ``module``."""
    tree = ast.parse(MODULES[module].read_text())
    functions = {id(n) for f in ast.walk(tree)
                 if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 for n in ast.walk(f)}
    for node in ast.walk(tree):
        nested = id(node) in functions
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield alias.name, (), node.lineno, nested
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node.level, node.module)
            if not source.startswith("dsp_paper"):
                continue
            plain = []
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in MODULES:
                    yield sub, (), node.lineno, nested
                else:
                    plain.append(alias.name)
            if plain:
                yield source, tuple(plain), node.lineno, nested


EDGES = [(m, *found) for m in MODULES for found in _imports(m)]


def _study_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "studies" else None


def test_every_arrow_points_down_the_layers():
    upward = [f"{m}:{line} ({_layer(m)}) imports {t} ({_layer(t)})"
              for m, t, _, line, _ in EDGES if _layer(t) not in MAY_IMPORT[_layer(m)]]
    assert upward == []


def _calls_by_name(module: str, name: str):
    tree = ast.parse(MODULES[module].read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == name:
                yield node


def test_no_module_is_imported_by_a_name_made_at_run_time_but_in_the_table():
    dynamic = [f"{m}:{call.lineno}" for m in MODULES if m not in DYNAMIC_IMPORTS
               for name in ("import_module", "__import__")
               for call in _calls_by_name(m, name)]
    assert dynamic == []


def test_no_private_name_is_read_off_another_module():
    reads = []
    for m in MODULES:
        aliases = {}
        tree = ast.parse(MODULES[m].read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = _resolve(m, node.level, node.module)
                for alias in node.names:
                    if f"{source}.{alias.name}" in MODULES:
                        aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in MODULES and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                    and aliases.get(node.value.id, m) != m):
                reads.append(f"{m}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert reads == []


def test_no_module_imports_itself_back():
    graph = {m: set() for m in MODULES}
    for m, t, *_ in EDGES:
        if t != m and t in graph:
            graph[m].add(t)
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    assert circles == []


def test_a_study_reaches_another_only_through_its_package():
    through_files = [f"{m}:{line} imports {t}" for m, t, _, line, _ in EDGES
                     if _study_of(m) and _study_of(t) and _study_of(m) != _study_of(t)
                     and t != f"dsp_paper.studies.{_study_of(t)}"]
    assert through_files == []


def test_the_framework_and_the_toolkit_know_no_study():
    knowing = [f"{m}:{line} imports {t}" for m, t, _, line, _ in EDGES
               if _layer(m) in ("toolkit", "nn", "capture", "study") and _study_of(t)]
    assert knowing == []


def test_the_flat_api_offers_every_public_name_of_the_toolkit():
    import dsp_paper

    toolkit = ("audio_io", "signals", "material", "effects", "windowing", "spectral", "fir",
               "datasets", "metrics", "listening", "plotting")
    missing = {}
    for name in toolkit:
        tree = ast.parse(MODULES[f"dsp_paper.{name}"].read_text())
        (public,) = [ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                     and getattr(n.targets[0], "id", "") == "__all__"]
        if set(public) - set(dsp_paper.__all__):
            missing[name] = sorted(set(public) - set(dsp_paper.__all__))
    assert missing == {}


def test_no_private_name_crosses_a_module():
    private = [f"{m}:{line} takes {', '.join(n for n in names if n.startswith('_'))} from {t}"
               for m, t, names, line, _ in EDGES
               if t != m and any(n.startswith("_") for n in names)]
    assert private == []


def test_no_module_is_over_about_600_lines():
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text().splitlines())) > 650}
    assert long == {}


@pytest.mark.parametrize("statement", [
    "import dsp_paper",
    "import dsp_paper as dp; dp.esr; dp.lowpass; dp.piano; dp.players",
])
def test_importing_the_toolkit_loads_neither_keras_nor_a_study(statement):
    heavy = ("keras", "tensorflow", "jax", "dsp_paper.nn", "dsp_paper.capture",
             "dsp_paper.study", "dsp_paper.studies", "dsp_paper.runner")
    code = (f"{statement}; import sys; "
            f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {heavy[:3]!r} "
            f"or m.startswith({heavy[3:]!r})); print(loaded); assert not loaded")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_study_offers_the_same_names_for_the_same_roles():
    from dsp_paper import studies

    for notebook in studies.NOTEBOOKS:
        study = studies.study(notebook)
        roles = ["SETTINGS", "CLAIMS", "differences", "what_it_means"]
        if study.CLAIMS:
            roles += ["record", "planned_work"]
        missing = [name for name in roles if not hasattr(study, name)]
        assert missing == [], f"{notebook}'s study lacks {missing}"
        assert all(c.notebook == notebook for c in study.CLAIMS), notebook
