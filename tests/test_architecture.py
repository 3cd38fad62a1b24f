"""Architecture rules: the layers core -> render -> compile -> mkdocs/cli; core, render and compile never import MkDocs;
only mkdocs/i18n_bridge.py knows static-i18n's internals; every module says its role."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "d5site"
LAYERS = {"core": 0, "render": 1, "compile": 2, "mkdocs": 3, "zensical": 3, "cli": 3}
"""A module may import from its own layer and the layers below it (cli, mkdocs and zensical, the engine adapters,
do not import each other, except that cli may start a build through an engine's layer, lazily)."""


def _modules(folder: str) -> list[str]:
    return sorted(
        "d5site." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in (PACKAGE / folder).rglob("*.py")
        if p.name != "__main__.py"
    )


def test_the_layers_are_folders() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert loose == [], "modules belong in core/, render/, compile/, mkdocs/, zensical/ or cli/"
    for folder in LAYERS:
        assert (PACKAGE / folder / "__init__.py").is_file()


def test_core_and_render_import_nothing_from_mkdocs() -> None:
    names = _modules("core") + _modules("render") + _modules("compile") + _modules("cli") + _modules("zensical")
    assert len(names) > 15
    imports = "; ".join(f"import {name}" for name in names)
    code = (f"import sys; {imports}; bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', "
            f"'mkdocs_static_i18n')); print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_follow_the_layers() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2:
            continue
        layer = parts[0]
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("d5site."):
                target = node.module.split(".")[1]
                lazy = node.col_offset > 0  # inside a function: a command starting a build
                if target not in LAYERS or target == layer:
                    continue
                if LAYERS[target] > LAYERS[layer] or (LAYERS[target] == LAYERS[layer] and not lazy):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports {node.module}")
    assert offenders == []


def test_check_command_imports_nothing_from_mkdocs(tmp_path: Path) -> None:
    code = ("import sys; from d5site.cli import main; main(['check', '--config', sys.argv[1]]); print(sorted(m for m in sys.modules if "
            "m.startswith('mkdocs')))")
    result = subprocess.run([sys.executable, "-c", code, str(PACKAGE.parent / "mkdocs.yml")], capture_output=True, text=True, check=False)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_only_the_bridge_touches_static_i18n_internals() -> None:
    """static-i18n's attributes, and MkDocs' private template rendering and File.is_modified, are the bridge's alone."""
    internals = re.compile(r"current_language|i18n_files_per_language|build_languages|default_language|\.alternates\b|mkdocs_static_i18n"
                           r"|config\.plugins\.get\(\"i18n\"\)|_build_template|is_modified\s*=")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py") if path.name != "i18n_bridge.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if internals.search(line)
    ]
    assert offenders == []


def test_every_module_says_its_role() -> None:
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text("utf-8").lstrip()
        assert text.startswith(('"""', "#")), path.relative_to(PACKAGE)


def _imports_of(path: Path) -> set[str]:
    """Every d5site module `path` imports, anywhere in it (lazily, or only for type checking: still a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("d5site."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("d5site."):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).is_file()
                found.add(candidate if is_module else node.module)
    return found


def test_no_import_cycle_inside_a_layer() -> None:
    """Modules of one layer import each other one way only (type-checking and lazy imports count)."""
    graph: dict[str, set[str]] = {}
    for layer in LAYERS:
        for name in _modules(layer):
            path = PACKAGE.parent / (name.replace(".", "/") + ".py")
            graph[name] = {m for m in _imports_of(path) if m.split(".")[1] == layer and m != name and not m.endswith("__init__")}
    cycles: list[str] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*stack[stack.index(target):], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert cycles == []


def test_no_class_in_the_package_is_over_250_lines() -> None:
    """Each job has its own small class (issue 17): the MkDocs adapter's (d5site.mkdocs.build), the loader's, the open
    data's and the view's collaborators among them."""
    long = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.ClassDef) and node.end_lineno is not None and node.end_lineno - node.lineno + 1 > 250
    ]
    assert long == []
