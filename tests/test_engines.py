"""Engines: the example site built by ProperDocs 1.6.7 (the maintained fork of MkDocs 1.x) is the site MkDocs
1.6 builds, file for file and byte for byte, except the generator meta tag that names the engine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(engine: str, config: Path, dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", str(config), "-d", str(dest)],
                            cwd=config.parent, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode == 0, f"{engine} build failed:\n{result.stderr}"
    assert "Traceback" not in result.stderr


def test_properdocs_builds_the_example_as_mkdocs_does(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("docs", "findings", "charter"):
        shutil.copytree(REPO / name, src / name)
    shutil.copy(REPO / "mkdocs.yml", src / "mkdocs.yml")
    _build("mkdocs", src / "mkdocs.yml", tmp_path / "mkdocs")
    _build("properdocs", src / "mkdocs.yml", tmp_path / "properdocs")
    files = {engine: sorted(p.relative_to(tmp_path / engine).as_posix() for p in (tmp_path / engine).rglob("*") if p.is_file())
             for engine in ("mkdocs", "properdocs")}
    assert files["properdocs"] == files["mkdocs"]
    assert len(files["mkdocs"]) > 100
    engines_named = 0
    different = []
    for rel in files["mkdocs"]:
        a, b = (tmp_path / "mkdocs" / rel).read_bytes(), (tmp_path / "properdocs" / rel).read_bytes()
        if a == b:
            continue
        if b"ProperDocs" in b:
            engines_named += 1
        if GENERATOR.sub(b"", a) != GENERATOR.sub(b"", b):
            different.append(rel)
    assert different == []
    assert engines_named > 100  # the second build really ran under ProperDocs (its generator tag says so)
