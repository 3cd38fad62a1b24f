"""`d5site build` (contract 6a): the locales built in parallel processes write, byte for byte, what
`mkdocs build` writes; a failing locale leaves the site folder untouched; messages come once, never as
a traceback. Also the merge helpers of d5site.render.assemble."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

from d5site.render import publish
from d5site.render.assemble import AssembleError, SitemapRender, gzip_mtime, overlay, splice_sitemap, write_sitemap
from examplesite import example_copy
from sitetree import make_site

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}


def mkdocs_build(config: Path, dest: Path, *args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(dest), *args]
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=config.parent, env=_env(), timeout=600, check=False)


def d5site_build(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "d5site", "build", "--config", str(config), *args]
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=config.parent, env=_env(), timeout=600, check=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and folder under `folder`: relative path -> bytes (b'<dir>' for a folder)."""
    return {p.relative_to(folder).as_posix(): b"<dir>" if p.is_dir() else p.read_bytes() for p in sorted(folder.rglob("*"))}


def test_d5site_build_writes_the_example_site_byte_for_byte_as_mkdocs_build(tmp_path: Path) -> None:
    config = example_copy(tmp_path / "src")
    sequential = mkdocs_build(config, tmp_path / "sequential", "--strict")
    assert sequential.returncode == 0, sequential.stderr
    parallel = d5site_build(config, "--jobs", "2", "--strict", "-d", str(tmp_path / "parallel"))
    assert parallel.returncode == 0, parallel.stderr
    assert "Traceback" not in parallel.stderr
    expected, actual = snapshot(tmp_path / "sequential"), snapshot(tmp_path / "parallel")
    assert sorted(actual) == sorted(expected)
    different = [path for path in expected if expected[path] != actual[path]]
    assert different == []
    # What needs every locale is there: the sitemap lists every locale's pages, each locale has its index.
    sitemap = (tmp_path / "parallel" / "sitemap.xml").read_text("utf-8")
    for url in ("https://example.org/findings/", "https://example.org/fr/findings/", "https://example.org/ko/findings/"):
        assert f"<loc>{url}</loc>" in sitemap
    assert gzip.decompress((tmp_path / "parallel" / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    for prefix in ("", "fr/", "ko/"):
        assert (tmp_path / "parallel" / prefix / "search" / "search_index.json").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(publish.PREFIX)] == []


def test_one_process_and_the_site_dir_of_mkdocs_yml(tmp_path: Path) -> None:
    root = make_site(tmp_path, stamp=True)
    assert mkdocs_build(root / "mkdocs.yml", tmp_path / "sequential").returncode == 0
    result = d5site_build(root / "mkdocs.yml", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert snapshot(root / "site") == snapshot(tmp_path / "sequential")


def test_a_failing_locale_leaves_the_site_folder_untouched_and_is_named_once(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"docs/index.fr.md": "# Accueil\n\nVoir [la page](nowhere.md).\n"}, stamp=True)
    site = root / "site"
    site.mkdir()
    (site / "old.html").write_text("the published site", "utf-8")
    before = snapshot(site)
    result = d5site_build(root / "mkdocs.yml", "--strict", "--jobs", "3")
    assert result.returncode == 1
    assert snapshot(site) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(publish.PREFIX)] == []
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "nowhere.md" in line]
    assert len(warnings) == 1, result.stderr
    assert "index.fr.md" in warnings[0] and warnings[0].startswith("WARNING") and warnings[0].endswith("[fr]")
    assert "the build of fr failed" in result.stderr
    # Without --strict a warning does not stop the build: the site is published and the warning said once.
    result = d5site_build(root / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    assert not (site / "old.html").exists() and (site / "fr" / "index.html").is_file()
    assert len([line for line in result.stderr.splitlines() if "nowhere.md" in line]) == 1


def test_a_warning_of_every_locale_is_reported_once_without_locales(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"docs/about.md": "# About\n\nSee [the page](missing.md).\n"}, stamp=True)
    result = d5site_build(root / "mkdocs.yml", "--strict")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "missing.md" in line]
    assert len(lines) == 1 and "about.md" in lines[0] and not lines[0].endswith("]"), result.stderr


def test_content_errors_are_reported_once_as_check_reports_them(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"findings/2018/responsible-ai.md": "---\ntitle: [unclosed\n---\ntext\n"}, stamp=True)
    check = subprocess.run([sys.executable, "-m", "d5site", "check", "--config", str(root / "mkdocs.yml")],
                           capture_output=True, text=True, encoding="utf-8", env=_env(), check=False)
    assert check.returncode == 1
    result = d5site_build(root / "mkdocs.yml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    located = [line for line in check.stdout.splitlines() if line.startswith("findings/2018/responsible-ai.md:")]
    assert located
    for line in located:
        assert result.stderr.count(line) == 1, result.stderr
    assert not (root / "site").exists()


def test_bad_arguments_and_a_missing_config_are_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "d5site", "build", "--config", str(tmp_path / "nope.yml")],
                            capture_output=True, text=True, env=_env(), check=False)
    assert result.returncode == 1 and "nope.yml" in result.stderr and "Traceback" not in result.stderr
    root = make_site(tmp_path)
    result = d5site_build(root / "mkdocs.yml", "--jobs", "0")
    assert result.returncode == 2 and "--jobs" in result.stderr


def test_the_check_command_still_imports_nothing_from_mkdocs() -> None:
    code = ("import sys; from d5site.cli import main; main(['check', '--config', sys.argv[1]]); print(sorted(m for m in sys.modules if "
            "m.startswith('mkdocs')))")
    result = subprocess.run([sys.executable, "-c", code, str(REPO / "mkdocs.yml")], capture_output=True, text=True, check=False)
    assert result.stdout.strip().splitlines()[-1] == "[]"


# -- d5site.render.assemble ---------------------------------------------------------------------


HEAD, TAIL = '<?xml version="1.0"?>\n<urlset>', "\n</urlset>"


def _block(*urls: str) -> str:
    return "".join(f"\n    <url>\n        <loc>{u}</loc>\n    </url>" for u in urls)


def test_splice_sitemap_puts_every_locale_between_the_last_frame() -> None:
    renders = [
        SitemapRender("en", HEAD + TAIL, HEAD + _block("/a/", "/b/") + TAIL),
        SitemapRender("fr", HEAD + TAIL, HEAD + _block("/fr/a/") + TAIL),
        SitemapRender("ko", HEAD + TAIL, HEAD + TAIL),
    ]
    assert splice_sitemap(renders) == HEAD + _block("/a/", "/b/", "/fr/a/") + TAIL


def test_splice_sitemap_when_blocks_share_characters_with_the_frame() -> None:
    # Blocks that begin like the tail make several splits possible: all give the same result.
    renders = [SitemapRender("en", "<u></u>", "<u><url/></u>"), SitemapRender("fr", "<u></u>", "<u><url x/></u>")]
    assert splice_sitemap(renders) == "<u><url/><url x/></u>"


def test_splice_sitemap_refuses_a_frame_that_depends_on_the_locale() -> None:
    renders = [SitemapRender("en", "<u lang=en></u>", "<u lang=en><a/></u>"), SitemapRender("fr", "<u lang=fr></u>", "<u lang=fr><b/></u>")]
    with pytest.raises(AssembleError, match="'en'"):
        splice_sitemap(renders)


def test_overlay_replays_writes_in_order(tmp_path: Path) -> None:
    base, later = tmp_path / "base", tmp_path / "later"
    for rel, text in {"index.html": "en", "assets/app.js": "js", "404.html": "en 404"}.items():
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text(text)
    for rel, text in {"fr/index.html": "fr", "fr/x/index.html": "x", "assets/app.js": "js", "404.html": "fr 404"}.items():
        (later / rel).parent.mkdir(parents=True, exist_ok=True)
        (later / rel).write_text(text)
    overlay(later, base)
    assert {k: v.decode() for k, v in snapshot(base).items() if v != b"<dir>"} == {
        "404.html": "fr 404", "assets/app.js": "js", "fr/index.html": "fr", "fr/x/index.html": "x", "index.html": "en"}


def test_write_sitemap_is_what_mkdocs_writes(tmp_path: Path) -> None:
    root = make_site(tmp_path, stamp=True)
    assert mkdocs_build(root / "mkdocs.yml", tmp_path / "out").returncode == 0
    out = tmp_path / "out"
    expected = (out / "sitemap.xml.gz").read_bytes()
    (out / "sitemap.xml.gz").rename(tmp_path / "old.gz")
    write_sitemap(out, (out / "sitemap.xml").read_text("utf-8"), gzip_mtime(tmp_path / "old.gz"))
    assert (out / "sitemap.xml.gz").read_bytes() == expected
