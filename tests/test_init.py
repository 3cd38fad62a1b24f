"""`d5site init [DIR]`: a new site that `d5site check` and `mkdocs build --strict` accept as written; it never overwrites."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from d5site.cli.main import main
from htmlutil import build_site, check_site, run
from sitetree import mkdocs_yml


def init(tmp_path: Path, *args: str) -> tuple[int, Path]:
    folder = tmp_path / "new-site"
    return main(["init", str(folder), *args]), folder


def test_init_writes_a_site_that_checks_and_builds_strictly(tmp_path: Path) -> None:
    status, root = init(tmp_path)
    assert status == 0
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    year = datetime.date.today().year
    assert "mkdocs.yml" in written and "docs/index.md" in written and "docs/index.fr.md" in written
    assert "charter/members.yml" in written and "charter/editions.yml" in written
    assert any(p.startswith("charter/principles/user-needs/") for p in written)
    assert f"findings/{year}/first-finding.md" in written and f"findings/{year}/first-finding.fr.md" in written
    config = (root / "mkdocs.yml").read_text("utf-8")
    assert "font: false" in config and "  - d5site:\n      pdf: true" in config and "docs_structure: suffix" in config
    assert "replace this finding with your own" in (root / f"findings/{year}/first-finding.md").read_text("utf-8")

    checked = check_site(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "warning" not in checked.stdout + checked.stderr
    built = build_site(root)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (root / "site" / "findings" / str(year) / "first-finding" / "index.html").is_file()
    assert (root / "site" / "fr" / "findings" / str(year) / "first-finding" / "index.html").is_file()
    # the example translation is stamped: current, as `d5site translations` says
    report = run([sys.executable, "-m", "d5site", "translations", "--format", "json"], cwd=root)
    items = json.loads(report.stdout)["locales"]["fr"]["items"]
    assert {item["key"]: item["state"] for item in items}[f"{year}/first-finding"] == "current"


def test_init_with_another_default_locale_and_a_locale_without_example_text(tmp_path: Path) -> None:
    status, root = init(tmp_path, "--locales", "fr,en,ko", "--name", "Nos constats : un exemple")
    assert status == 0
    assert "site_name: \"Nos constats : un exemple\"" in (root / "mkdocs.yml").read_text("utf-8")
    assert "Exemple" in next((root / "findings").rglob("first-finding.md")).read_text("utf-8")
    assert not list((root / "findings").rglob("first-finding.ko.md"))  # no Korean text to offer: `missing`, honestly
    checked = check_site(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = build_site(root)
    assert built.returncode == 0, built.stdout + built.stderr


@pytest.mark.parametrize("existing", ["mkdocs.yml", "docs", "charter", "findings", ".gitignore"])
def test_init_never_overwrites(tmp_path: Path, existing: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "new-site"
    folder.mkdir()
    if "." in existing:
        (folder / existing).write_text("mine\n", "utf-8")
    else:
        (folder / existing).mkdir()
    assert main(["init", str(folder)]) == 1
    assert f"{existing}: already exists" in capsys.readouterr().out
    assert sorted(p.name for p in folder.iterdir()) == [existing]  # nothing written
    if "." in existing:
        assert (folder / existing).read_text("utf-8") == "mine\n"


def test_init_never_writes_through_a_link_out_of_the_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "new-site"
    folder.mkdir()
    os.symlink(outside, folder / "docs")
    assert main(["init", str(folder)]) == 1
    assert "docs: already exists" in capsys.readouterr().out
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--locales", "en,EN"], "--locales: 'EN' is not a locale"),
        (["--locales", "en,fr,en"], "--locales: a locale is listed twice"),
        (["--name", "a\nb"], "--name: the site's name must be one line"),
        (["--name", " "], "--name: the site's name must be one line"),
    ],
)
def test_init_refuses_bad_options_writing_nothing(
    tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, folder = init(tmp_path, *args)
    assert status == 1
    assert message in capsys.readouterr().out
    assert not folder.exists()


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", "utf-8")
    assert main(["init", str(target)]) == 1
    assert "a-file: is not a folder" in capsys.readouterr().out


# -- check refuses what a strict build refuses, before any content ---------------------------------------------------

@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"docs/index.md": None, "docs/index.fr.md": None, "docs/about.md": "# About\n"},
            ["docs/index.md: missing: the home page of locale 'en'"],
        ),
        ({"docs/index.md": None}, ["docs/index.md: missing: the home page of locale 'en'"]),
        (
            {
                "docs/index.fr.md": None,
                "mkdocs.yml": mkdocs_yml(("en", "fr")).replace(
                    "      docs_structure: suffix\n", "      docs_structure: suffix\n      fallback_to_default: false\n"
                ),
            },
            ["docs/index.fr.md: missing: the home page of locale 'fr'"],
        ),
        (
            {"docs/index.md": None, "docs/index.fr.md": None, "mkdocs.yml": mkdocs_yml(("en", "fr")) + "docs_dir: pages\n"},
            ["mkdocs.yml:19: docs_dir: the folder 'pages' does not exist"],
        ),
        ({"mkdocs.yml": mkdocs_yml(("en", "fr")).replace("  - d5site\n", "")}, ["mkdocs.yml:6: plugins: no `- d5site` entry"]),
    ],
    ids=["no-home-page", "no-default-home-page", "no-fallback", "no-docs-dir", "no-plugin"],
)
def test_check_refuses_what_a_strict_build_refuses(make_site, files: dict[str, str | None], expected: list[str]) -> None:
    root = make_site(files, locales=("en", "fr"))
    checked = check_site(root)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    for message in expected:
        assert message in checked.stdout
    if "`- d5site` entry" not in expected[0]:  # without the plugin, a build publishes the docs/ pages alone
        built = build_site(root)
        assert built.returncode != 0, "a strict build must refuse it as check does"


def test_a_missing_translated_home_page_falls_back_to_the_default_one(make_site) -> None:
    root = make_site({"docs/index.fr.md": None}, locales=("en", "fr"))
    checked = check_site(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# -- what a build prints ---------------------------------------------------------------------------------------------

def test_builds_print_the_site_folder_and_no_noise(tmp_path: Path) -> None:
    """No staging folder name, no note about the 404 page d5site writes itself; `d5site build` prints no theme banner."""
    assert main(["init", str(tmp_path / "s"), "--locales", "en,fr"]) == 0
    root = tmp_path / "s"
    env = {key: value for key, value in os.environ.items() if key != "NO_MKDOCS_2_WARNING"}
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True, env=env, check=False
    )
    assert plain.returncode == 0, plain.stderr
    assert f"Building documentation to directory: {root / 'site'}\n" in plain.stderr
    assert f"Building 'fr' documentation to directory: {root / 'site' / 'fr'}\n" in plain.stderr
    assert ".d5site-site-build" not in plain.stderr and "Template skipped" not in plain.stderr
    assert (root / "site/fr/404.html").is_file() and (root / "site/404.html").is_file()
    ours = subprocess.run(
        [sys.executable, "-m", "d5site", "build", "--strict"], cwd=root, capture_output=True, text=True, env=env, check=False
    )
    assert ours.returncode == 0, ours.stderr
    assert "d5site build: en, fr built into site in " in ours.stderr
    assert "end of life" not in ours.stdout + ours.stderr and ".d5site-site-build" not in ours.stdout + ours.stderr
