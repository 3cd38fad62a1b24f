"""Architecture rules: the core never imports MkDocs; only i18n_bridge knows static-i18n's internals."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "d5site"
CORE = ["diagnostics", "source", "schema", "siteconfig", "model", "loader", "validate", "charter", "core",
        "translations", "diff", "catalog", "pages", "scaffold", "feeds", "opendata", "publish", "cli"]


def test_core_modules_import_nothing_from_mkdocs() -> None:
    imports = "; ".join(f"import d5site.{name}" for name in CORE)
    code = f"import sys; {imports}; bad = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_static_i18n')); print(bad); sys.exit(1 if bad else 0)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_command_imports_nothing_from_mkdocs(tmp_path: Path) -> None:
    code = "import sys; from d5site.cli import main; main(['check', '--config', sys.argv[1]]); print(sorted(m for m in sys.modules if m.startswith('mkdocs')))"
    result = subprocess.run([sys.executable, "-c", code, str(PACKAGE.parent / "mkdocs.yml")], capture_output=True, text=True, check=False)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_only_the_bridge_touches_static_i18n_internals() -> None:
    internals = re.compile(r"current_language|i18n_files_per_language|build_languages|default_language|\.alternates\b|mkdocs_static_i18n|config\.plugins\.get\(\"i18n\"\)")
    offenders = [
        f"{path.name}:{number}"
        for path in PACKAGE.glob("*.py") if path.name != "i18n_bridge.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if internals.search(line)
    ]
    assert offenders == []


def test_every_module_says_its_role() -> None:
    for path in PACKAGE.glob("*.py"):
        text = path.read_text("utf-8").lstrip()
        assert text.startswith('"""') or text.startswith("#"), path.name
