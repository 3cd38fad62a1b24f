"""The tree is lint clean: `ruff check` with the rules of pyproject.toml ([tool.ruff]) finds nothing (ruff is a test extra)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PATHS = ("d5site", "tests", "benchmarks", "scripts")


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *PATHS],
                            cwd=REPO, capture_output=True, text=True, check=False)
    assert "No module named ruff" not in result.stderr, "ruff is missing: install the test extras (pip install -e '.[test]')"
    assert result.returncode == 0, result.stdout + result.stderr
