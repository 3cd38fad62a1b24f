"""Publishing, configuration and command-line robustness (issue 16): what a build keeps, refuses and never touches.

- publishing keeps the hidden entries at the top of site_dir (`.git`, `.nojekyll`), as MkDocs does;
- a site_dir that is, contains or is inside the site's sources is refused before anything is deleted;
- settings of mkdocs.yml of the wrong type, a folder as --config, a file as the schemas folder: one located message;
- `translations stamp` never writes through a symbolic link;
- check refuses what the build refuses: a docs/ file at any locale's feed, a docs_dir outside the site,
  a licence that is not an SPDX id; `new` never writes a file check rejects; a year written 2014.0 is 2014.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from d5site.cli.main import main
from d5site.render import publish
from sitetree import BASE_TREE
from test_hostile_input import assert_build_refuses, assert_line, check, finding, mkdocs_build
from test_parallel_build import d5site_build, mkdocs_build as mkdocs_build_into, snapshot

CONFIG = BASE_TREE["mkdocs.yml"]


def d5site(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `d5site` command in a subprocess (for what a shell user sees: exit status and one message)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "d5site", *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env=env, timeout=300, check=False)


def config_line(text: str, start: str) -> int:
    """The 1-based line of mkdocs.yml that starts with `start` (after indentation)."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(start))


# -- publishing keeps hidden entries ---------------------------------------------------------------


def _hidden(site: Path) -> None:
    (site / ".git").mkdir(parents=True)
    (site / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / ".nojekyll").write_text("")
    (site / "stale.html").write_text("from an older build\n")


@pytest.mark.parametrize("command", ["mkdocs build", "mkdocs build --dirty", "d5site build"])
def test_a_build_keeps_hidden_entries_of_site_dir_like_mkdocs(make_site, command: str) -> None:
    root = make_site(locales=("en", "fr"))
    _hidden(root / "site")
    if command == "d5site build":
        result = d5site_build(root / "mkdocs.yml", "--jobs", "2")
    else:
        result = mkdocs_build_into(root / "mkdocs.yml", root / "site", *command.split()[2:])  # not strict: --dirty warns
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert (site / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert (site / ".nojekyll").is_file()
    assert (site / "members/gb/index.html").is_file()
    assert (site / "stale.html").exists() == (command == "mkdocs build --dirty")  # a clean build removes the rest
    assert not [p.name for p in root.iterdir() if p.name.startswith(publish.PREFIX)]


@pytest.mark.parametrize("inside", [False, True], ids=["beside", "inside"])
def test_staging_keeps_hidden_entries_and_the_build_wins_on_a_name_it_wrote(tmp_path: Path, inside: bool) -> None:
    """Both ways of publishing (a rename beside site/, the content replaced in place) keep what MkDocs keeps."""
    target = tmp_path / "site"
    _hidden(target)
    (target / ".well-known").mkdir()
    (target / ".well-known/old").write_text("old")
    staging = publish.Staging(target)
    if inside:
        staging.inside = True  # as when the parent folder is not writable
    (staging.path / "index.html").write_text("new site")
    (staging.path / ".well-known").mkdir()
    (staging.path / ".well-known/new").write_text("built")
    staging.publish()
    assert sorted(p.name for p in target.iterdir()) == [".git", ".nojekyll", ".well-known", "index.html"]
    assert (target / ".git/HEAD").is_file()
    assert sorted(p.name for p in (target / ".well-known").iterdir()) == ["new"]
    assert staging.left_behind is None
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


# -- a site_dir that would delete the site's sources --------------------------------------------------


@pytest.mark.parametrize(
    ("site_dir", "message"),
    [
        ("charter", "site_dir 'charter' is the charter_dir folder 'charter'"),
        ("findings", "site_dir 'findings' is the findings_dir folder 'findings'"),
        ("docs", "site_dir 'docs' is the docs_dir folder 'docs'"),
        (".", "site_dir '.' is the site's folder"),
        ("..", "contains the site's folder"),
        ("charter/../findings", "site_dir 'findings' is the findings_dir folder 'findings'"),
        ("findings/2014", "site_dir 'findings/2014' is inside the findings_dir folder 'findings'"),
        ("published", "site_dir 'published' is the charter_dir folder 'charter' (through"),
        ("catalogs/site", "site_dir 'catalogs/site' is inside the catalogs_dir folder 'catalogs'"),
    ],
)
def test_a_site_dir_on_the_sources_is_refused_by_check_and_build_before_anything_is_deleted(
        make_site, capsys: pytest.CaptureFixture[str], site_dir: str, message: str) -> None:
    config = CONFIG.replace("  - d5site\n", "  - d5site:\n      catalogs_dir: catalogs\n") + f"site_dir: {site_dir}\n"
    root = make_site({"mkdocs.yml": config, "catalogs/fr.yml": "{}\n"}, locales=("en",))
    (root / "published").symlink_to("charter")  # a link to a source folder is that folder
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert_line(lines, "mkdocs.yml", config_line(config, "site_dir:"), message)
    sources = snapshot(root)
    result = mkdocs_build(root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert site_dir in ("docs", ".", "..") or message in result.stderr  # MkDocs refuses those itself, first
    assert snapshot(root) == sources


@pytest.mark.parametrize("command", ["mkdocs", "d5site"])
@pytest.mark.parametrize("site_dir", ["charter", "findings", "published"])
def test_a_site_dir_on_the_command_line_is_refused_too(make_site, command: str, site_dir: str) -> None:
    root = make_site(locales=("en",))
    (root / "published").symlink_to("findings")
    sources = snapshot(root)
    if command == "mkdocs":
        result = mkdocs_build(root, "--site-dir", site_dir)
    else:
        result = d5site_build(root / "mkdocs.yml", "--site-dir", site_dir)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"mkdocs.yml: site_dir '{site_dir}' (given on the command line) is the " in result.stderr
    assert snapshot(root) == sources


def test_a_site_dir_beside_or_below_the_root_still_builds(make_site, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = make_site({"mkdocs.yml": CONFIG + "site_dir: ../public/www\n"}, locales=("en",))
    assert check(root, capsys)[:2] == (0, [])
    assert mkdocs_build(root).returncode == 0
    assert (root.parent / "public/www/members/gb/index.html").is_file()


# -- folders outside the site, docs/ files at a feed's path: check refuses what the build refuses ------


def test_a_docs_dir_outside_the_site_is_refused_by_check_and_build(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "index.md").write_text("# Home\n")
    config = CONFIG + f"docs_dir: {outside}\n"
    root = make_site({"mkdocs.yml": config}, locales=("en",))
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert_line(lines, "mkdocs.yml", config_line(config, "docs_dir:"), f"docs_dir '{outside}' is outside the site's folder")
    assert_build_refuses(root, "mkdocs.yml", "is outside the site's folder")


@pytest.mark.parametrize("path", ["docs/fr/feed.xml", "docs/fr/feed.fr.xml", "docs/ko/feed.xml"])
def test_a_docs_file_at_any_locales_feed_is_refused_by_check_and_build(make_site, capsys: pytest.CaptureFixture[str], path: str) -> None:
    root = make_site({path: "<feed/>\n"}, locales=("en", "fr", "ko"))
    dest = path.split("/")[1] + "/feed.xml"
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert lines == [f"{path}: d5site writes {dest}; rename or remove the file"]
    assert_build_refuses(root, f"{path}: d5site writes {dest}", "rename or remove the file")


# -- wrong types in mkdocs.yml, wrong arguments: a message, never a traceback -------------------------


def _with_options(options: str) -> str:
    return CONFIG.replace("  - d5site\n", f"  - d5site:\n      {options}\n")


WRONG_TYPES = [
    (_with_options("findings_dir: 5"), "findings_dir: 5", "d5site: option 'findings_dir' must be text, not a number"),
    (_with_options("charter_dir: true"), "charter_dir:", "d5site: option 'charter_dir' must be text, not true/false"),
    (_with_options("licence: [x]"), "licence:", "d5site: option 'licence' must be text, not a list"),
    (
        _with_options("catalogs_dir: {}"),
        "catalogs_dir:",
        "d5site: option 'catalogs_dir' must be text (a folder) or left out, not a mapping",
    ),
    (CONFIG.replace("  - d5site\n", "  - d5site: 5\n"), "- d5site:", "d5site: its options must be a mapping"),
    (CONFIG.replace("plugins:\n", "plugins: 5\nx:\n"), "plugins:", "plugins must be a list of plugins, not a number"),
    (
        CONFIG.replace("      languages:\n", "      languages: 5\n      x:\n"),
        "languages:",
        "i18n: languages must be a list of languages, not a number",
    ),
    (CONFIG + "docs_dir: [docs]\n", "docs_dir:", "docs_dir must be text (a folder), not a list"),
    (CONFIG + "site_dir: 2014.0\n", "site_dir:", "site_dir must be text (a folder), not a number"),
]


@pytest.mark.parametrize(("config", "key", "message"), WRONG_TYPES, ids=[m for _, _, m in WRONG_TYPES])
def test_wrong_typed_settings_are_located_errors(
    make_site, capsys: pytest.CaptureFixture[str], config: str, key: str, message: str
) -> None:
    root = make_site({"mkdocs.yml": config}, locales=("en", "fr"))
    for command in (["check"], ["translations"], ["new", "revision", "user-needs", "2021"]):
        status = main([*command, "--config", str(root / "mkdocs.yml")])
        out, err = capsys.readouterr()
        assert status == 1, (command, out, err)
        assert "internal error" not in out + err
        assert_line(out.splitlines(), "mkdocs.yml", config_line(config, key), message)


def test_an_unknown_option_is_a_warning_as_in_mkdocs(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    config = _with_options("finding_dir: notes")
    root = make_site({"mkdocs.yml": config}, locales=("en", "fr"))
    status, lines, _ = check(root, capsys)
    assert status == 0
    assert_line(
        lines, "mkdocs.yml", config_line(config, "finding_dir:"), "warning: d5site: unknown option 'finding_dir' (known: findings_dir,"
    )


FUZZ_VALUES = ["5", "[x]", "{}", "{a: 1}", "true", "null", "2014.0", "''", '"\\x00"', "-1e999", "[[{}]]"]
FUZZ_CONFIGS = (
    [CONFIG + f"{key}: {value}\n" for key in ("docs_dir", "site_dir", "use_directory_urls", "site_url") for value in FUZZ_VALUES]
    + [CONFIG.replace(f"{key}:", f"{key}: {value}\nx_{key}:", 1) for key in ("theme", "plugins") for value in FUZZ_VALUES]
    + [_with_options(f"{option}: {value}") for option in ("findings_dir", "charter_dir", "licence", "catalogs_dir", "other")
       for value in FUZZ_VALUES]
    + [CONFIG.replace("  - d5site\n", f"  - d5site: {value}\n") for value in FUZZ_VALUES]
    + [CONFIG.replace("      languages:\n", f"      languages: {value}\n      x:\n") for value in FUZZ_VALUES]
    + [CONFIG.replace("        - locale: fr\n", f"        - locale: {value}\n") for value in FUZZ_VALUES]
    + [CONFIG.replace("  - i18n:\n", f"  - i18n: {value}\n  - x:\n") for value in FUZZ_VALUES]
)


def test_no_setting_of_the_wrong_type_is_an_internal_error(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """Every setting d5site reads, with a value of every YAML type: `check` answers with located lines, never a traceback."""
    root = make_site(locales=("en", "fr"))
    for config in FUZZ_CONFIGS:
        (root / "mkdocs.yml").write_text(config)
        status, lines, err = check(root, capsys)
        assert status in (0, 1), (config, lines, err)
        assert "internal error" not in err and "Traceback" not in err, (config, err)
        assert status == 0 or lines, (config, err)


BUILD_REFUSALS = [
    (_with_options("findings_dir: 5"), None, "Plugin 'd5site' option 'findings_dir': Expected type: <class 'str'>"),  # MkDocs' words
    (_with_options("licence: NOPE-1.0"), "licence:", "d5site: option 'licence': 'NOPE-1.0' is not in the SPDX License List"),
    (_with_options('findings_dir: "a\\x00"'), "findings_dir:", "d5site: option 'findings_dir': holds a control character"),
    (CONFIG + 'site_dir: "site\\x01"\n', "site_dir:", "site_dir: holds a control character"),
    (_with_options("privacy: nowhere.md"), "privacy:", "d5site: option 'privacy': 'nowhere.md' is neither a page of docs/"),
    (_with_options("contact: javascript:alert(1)"), "contact:",
     "d5site: option 'contact': 'javascript:alert(1)' is neither a page of docs/"),
]


@pytest.mark.parametrize(("config", "key", "message"), BUILD_REFUSALS, ids=[m for _, _, m in BUILD_REFUSALS])
def test_wrong_options_fail_check_and_both_builds_without_a_traceback(
    make_site, capsys: pytest.CaptureFixture[str], config: str, key: str | None, message: str
) -> None:
    root = make_site({"mkdocs.yml": config}, locales=("en",))
    located = f"mkdocs.yml:{config_line(config, key)}: {message}" if key else message
    status, lines, err = check(root, capsys)
    assert status == 1 and "internal error" not in err
    if key:
        assert_line(lines, "mkdocs.yml", config_line(config, key), message)
    for result in (mkdocs_build(root), d5site_build(root / "mkdocs.yml")):
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert located in result.stderr, result.stderr
    assert not (root / "site").exists()


def test_a_folder_as_config_and_a_file_as_schemas_folder_are_one_line_errors(make_site) -> None:
    root = make_site(locales=("en",))
    config = (root / "mkdocs.yml").read_text()
    result = d5site("check", "--config", str(root), cwd=root)
    assert result.returncode == 1
    assert (
        result.stdout.strip()
        == f"{root.name}: is a folder, not a configuration file: pass the mkdocs.yml inside it (--config {root.name}/mkdocs.yml)"
    )
    result = d5site("schemas", "mkdocs.yml", cwd=root)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.strip() == "mkdocs.yml: exists and is not a folder; give a folder to write the schemas into"
    assert (root / "mkdocs.yml").read_text() == config


# -- licences are SPDX ids, on findings and in the plugin's option -----------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("NOPE-1.0", "licence: 'NOPE-1.0' is not in the SPDX License List"),
        ("mit", "licence: 'mit' is not an SPDX licence id: SPDX spells it 'MIT'"),
        ("GPL-3.0", "licence: 'GPL-3.0' is a deprecated SPDX id"),
    ],
)
def test_a_findings_licence_is_an_spdx_id_in_check_and_build(
    make_site, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    path = "findings/2018/responsible-ai.md"
    root = make_site({path: finding(f"licence: {value}")}, locales=("en",))
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert_line(lines, path, 5, message)
    assert_build_refuses(root, f"{path}:5: {message}", "SPDX")


def test_the_plugins_licence_is_an_spdx_id(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    config = _with_options("licence: CC-BY-4")
    root = make_site({"mkdocs.yml": config}, locales=("en",))
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert_line(lines, "mkdocs.yml", config_line(config, "licence:"), "d5site: option 'licence': 'CC-BY-4' is not in the SPDX License List")


# -- translations stamp never writes through a symbolic link --------------------------------------


@pytest.mark.parametrize("argument", ["folder", "file"])
@pytest.mark.parametrize("target", ["outside", "inside"])
def test_stamp_never_writes_through_a_symbolic_link(
    make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str], argument: str, target: str
) -> None:
    root = make_site({"docs/about.md": "# About\n"}, locales=("en", "fr"))
    text = "---\ntitle: Ailleurs\n---\nTexte.\n"
    victim = tmp_path / "outside.md" if target == "outside" else root / "docs/notes.txt"
    victim.write_text(text)
    (root / "docs/about.fr.md").symlink_to(victim)
    status = main(["translations", "stamp", str(root / "docs") if argument == "folder" else str(root / "docs/about.fr.md"),
                   "--config", str(root / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert status == 1
    assert "docs/about.fr.md: symbolic link: not written through" in out
    assert victim.read_text() == text


def test_stamp_does_not_enter_a_linked_folder(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(locales=("en", "fr"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.fr.md").write_text("---\ntitle: Dehors\n---\nx\n")
    (root / "docs/linked").symlink_to(outside)
    main(["translations", "stamp", str(root / "docs"), "--config", str(root / "mkdocs.yml")])
    capsys.readouterr()
    assert (outside / "index.fr.md").read_text() == "---\ntitle: Dehors\n---\nx\n"
    assert main(["translations", "stamp", str(root / "docs/linked/index.fr.md"), "--config", str(root / "mkdocs.yml")]) == 1
    assert "outside the site's folder: not stamped" in capsys.readouterr().out
    assert (outside / "index.fr.md").read_text() == "---\ntitle: Dehors\n---\nx\n"


# -- d5site new writes nothing check would reject ---------------------------------------------------------

NEW = {
    "statement": (["new", "statement", "gb"], "charter/statements/gb.md"),
    "finding": (["new", "finding", "2018", "fresh-look", "-m", "gb", "-p", "user-needs"], "findings/2018/fresh-look.md"),
    "revision": (["new", "revision", "user-needs", "2021"], "charter/principles/user-needs/2021.md"),
}


@pytest.mark.parametrize("what", sorted(NEW))
@pytest.mark.parametrize(
    ("title", "message"),
    [("x\ny", "--title must be one line"), ("x\u2029y", "--title must be one line"), ("x\x1b]0;y\x07", "--title: control character"),
     ("\x00", "--title: control character"), ("  ", "--title must not be empty")],
)
def test_new_refuses_a_title_check_would_reject(make_site, capsys: pytest.CaptureFixture[str], what: str, title: str, message: str) -> None:
    root = make_site(locales=("en",))
    argv, path = NEW[what]
    assert main([*argv, "--title", title, "--config", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: {message}"), out
    assert not os.path.lexists(root / path)


@pytest.mark.parametrize("argv", [["new", "statement", "gb\n"], ["new", "finding", "2018", "x\n", "-m", "gb", "-p", "user-needs"],
                                  ["new", "revision", "user-needs\n", "2021"]])
def test_new_refuses_ids_with_a_trailing_newline(make_site, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    root = make_site(locales=("en",))
    before = snapshot(root)
    assert main([*argv, "--config", str(root / "mkdocs.yml")]) == 1
    assert "\n" not in capsys.readouterr().out.rstrip("\n")
    assert snapshot(root) == before


def test_new_checks_the_file_as_check_reads_it_before_writing(
    make_site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: whatever the arguments, a front matter the schema refuses is never written."""
    from d5site.cli import scaffold

    root = make_site(locales=("en",))
    monkeypatch.setattr(scaffold, "_yaml_str", lambda value: "[not, a, title]")
    assert main([*NEW["finding"][0], "--config", str(root / "mkdocs.yml")]) == 1
    assert "findings/2018/fresh-look.md:2: nothing written: the file would not pass check: title must be text" in capsys.readouterr().out
    assert not (root / NEW["finding"][1]).exists()


# -- years are whole numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2018.0", "2.018e3"])
def test_a_year_written_as_a_float_is_read_as_the_year(make_site, capsys: pytest.CaptureFixture[str], written: str) -> None:
    members = BASE_TREE["charter/members.yml"].replace("ca:\n  joined: 2018\n", f"ca:\n  joined: {written}\n")
    root = make_site({"charter/members.yml": members}, locales=("en",))
    assert check(root, capsys)[:2] == (0, [])
    assert mkdocs_build(root).returncode == 0
    built = [p for p in (root / "site").rglob("*") if p.suffix in (".html", ".json", ".csv", ".xml")]
    assert not [p for p in built if re.search(r"2018\.0|2\.018e3", p.read_text("utf-8"))]
    assert "2018" in (root / "site/members/ca/index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2018.5", "ca.joined must be a whole number, not a number"),
        ("true", "ca.joined must be a whole number, not true/false"),
        ('"2018"', "ca.joined must be a whole number, not text"),
    ],
)
def test_a_year_that_is_not_a_whole_number_is_refused(make_site, capsys: pytest.CaptureFixture[str], written: str, message: str) -> None:
    members = BASE_TREE["charter/members.yml"].replace("ca:\n  joined: 2018\n", f"ca:\n  joined: {written}\n")
    root = make_site({"charter/members.yml": members}, locales=("en",))
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert_line(lines, "charter/members.yml", 11, message)
