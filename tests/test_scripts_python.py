"""scripts/serve and scripts/test need Python 3.11: they refuse an older python3 and rebuild a .venv an older one made."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OLD_PYTHON = "#!/bin/sh\ncase \"$1\" in -V) echo 'Python 3.10.12';; *) exit 1;; esac\n"
"""A python that says it is 3.10 and fails the version test, as 3.10 does."""


def ensure_venv(folder: Path, path: str) -> subprocess.CompletedProcess[str]:
    script = (
        f". {REPO / 'scripts/venv.sh'} && ensure_venv scripts/serve && .venv/bin/python -c 'import sys; print(sys.version_info >= (3, 11))'"
    )
    return subprocess.run(
        ["bash", "-c", script], cwd=folder, capture_output=True, text=True, env={**os.environ, "PATH": path}, check=False, timeout=120
    )


def fake_python(folder: Path) -> Path:
    folder.mkdir(parents=True)
    python = folder / "python3"
    python.write_text(OLD_PYTHON, "utf-8")
    python.chmod(0o755)
    return python


def test_an_old_python3_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    bin_dir = fake_python(tmp_path / "bin").parent
    result = ensure_venv(tmp_path, f"{bin_dir}:/usr/bin:/bin")
    assert result.returncode == 1
    assert "scripts/serve: d5site needs Python 3.11 or later; python3 is Python 3.10.12" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_a_venv_made_by_an_old_python_is_rebuilt(tmp_path: Path) -> None:
    fake_python(tmp_path / ".venv" / "bin").rename(tmp_path / ".venv" / "bin" / "python")
    result = ensure_venv(tmp_path, os.environ["PATH"])
    assert result.returncode == 0, result.stderr
    assert "scripts/serve: .venv runs Python 3.10.12, older than Python 3.11: rebuilding it" in result.stderr
    assert result.stdout.strip() == "True"


def test_both_scripts_use_it() -> None:
    for script in ("serve", "test"):
        text = (REPO / "scripts" / script).read_text("utf-8")
        assert f"ensure_venv scripts/{script}" in text and "python3 -m venv" not in text


def test_install_instructions_never_name_d5site_bare() -> None:
    """d5site is on no package index: a bare `pip install d5site` would install whoever registered the name."""
    import re

    texts = {path: (REPO / path).read_text("utf-8") for path in ("README.md", "guide/publishing.md", ".github/workflows/site.yml")}
    for path, text in texts.items():
        assert not re.search(r"pip install [\"']?d5site(?![ \"']*@)", text), path
        assert "d5site==0.1.0" not in text, path  # the old pin, on no index we control
    assert 'pip install "d5site @ git+https://github.com/OWNER/d5site@v0.3.1"' in texts["README.md"]
    assert "d5site @ git+https://github.com/OWNER/d5site@v0.3.1" in texts["guide/publishing.md"]
    assert "Python 3.11 or later" in texts["README.md"]
    assert "d5site init [DIR]" in texts["README.md"] and "d5site init [DIR]" in (REPO / "guide/reference.md").read_text("utf-8")
