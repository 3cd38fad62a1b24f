"""Property-based hostile input (issue 8): generated front matter, file names and bodies fed to the loader and the build.

Whatever Hypothesis generates, `d5site check` exits 0 or 1, never with a traceback
or an internal error, names the file it was given when it refuses it, and prints
nothing raw from the input (no control characters or line breaks) and nothing from
outside the site root. A few examples also go through `mkdocs build`, which is slow.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from d5site.cli.main import main
from d5site.core.diagnostics import escape
from sitetree import make_site

HOSTILE = [
    "&a x", "*a", "!!python/object/apply:os.system ['true']", "!custom x", "[" * 80, "{a: [", "no", "yes", "on", "~", "null",
    "2018", '"2018\\n"', "\u2028", "\u2029", "\x85", "---", "...", "'", '"', "\t", "\x1b[31m", "\r", "=HYPERLINK(1)",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "{ onclick=alert(1) }", "\n::warning file=x::forged",
    "%0A::error::x", "- a", "? [a]\n: b", "<<: {a: 1}", "index", "2018-02-30", "0x10", "1e999", "9" * 5000, "\ufeff",
]
"""Fragments that broke d5site or tempt a YAML parser, a renderer or a terminal."""

pieces = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=["Cs"]), max_size=12))
scalar = st.lists(pieces, min_size=1, max_size=4).map("".join)
value = st.one_of(
    scalar,
    st.lists(scalar, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(scalar, min_size=1, max_size=3).map(lambda items: "".join(f"\n  - {item}" for item in items)),
)
KEYS = ["title", "members", "principles", "date", "summary", "themes", "links", "licence", "stamp", "replaces", "host"]
key = st.one_of(st.sampled_from(KEYS), scalar)
structured = st.lists(st.tuples(key, value), max_size=6).map(lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs))
VALID = "title: A finding\nmembers: [gb]\nprinciples: [user-needs]\n"
front_matter = st.one_of(structured, structured.map(lambda extra: VALID + extra), st.text(max_size=200), st.sampled_from(HOSTILE))
body = st.one_of(st.lists(pieces, max_size=8).map("".join), st.text(max_size=300))
name = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"), min_size=1, max_size=40).filter(
    lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200 and not n.startswith(".")
)
document = st.one_of(
    st.tuples(front_matter, body).map(lambda fb: f"---\n{fb[0]}---\n{fb[1]}".encode()),
    st.binary(max_size=200),
)

SETTINGS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("prop"), locales=("en", "fr"))


def _assert_clean_output(output: str, root: Path) -> None:
    assert "Traceback" not in output and "internal error" not in output
    assert str(root) not in output
    for line in output.splitlines():
        assert line == escape(line), repr(line)


@SETTINGS
@given(name=name, text=document, where=st.sampled_from(["findings/2018", "charter/principles/user-needs", "findings/2021"]))
def test_check_on_generated_files(root: Path, capsys: pytest.CaptureFixture[str], name: str, text: bytes, where: str) -> None:
    path = root / where / name
    existing = path.read_bytes() if path.is_file() else None
    path.write_bytes(text)
    try:
        status = main(["check", "--config", str(root / "mkdocs.yml")])
        out, err = capsys.readouterr()
    finally:
        if existing is None:
            path.unlink()
        else:
            path.write_bytes(existing)
    assert status in (0, 1), (status, out, err)
    _assert_clean_output(out + err, root)
    rel = escape(f"{where}/{name}")
    if status == 1:
        lines = out.splitlines()
        assert lines, err
        assert all(line.startswith(f"{rel}:") for line in lines), (rel, lines)


@settings(SETTINGS, max_examples=4)
@given(fm=front_matter, text=body)
def test_build_on_generated_findings(tmp_path_factory: pytest.TempPathFactory, fm: str, text: str) -> None:
    site = make_site(tmp_path_factory.mktemp("build"), {"findings/2018/generated.md": f"---\n{VALID}{fm}---\n{text}"}, locales=("en",))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(site / "mkdocs.yml")],
                            capture_output=True, text=True, encoding="utf-8", errors="replace", env=env, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode in (0, 1), output
    assert "Traceback" not in output
    if result.returncode == 1:
        assert "findings/2018/generated.md" in output, output
    else:
        page = (site / "site/findings/2018/generated/index.html").read_text("utf-8")
        assert "<script>alert(1)" not in page and "javascript:alert" not in page and "onclick=" not in page
