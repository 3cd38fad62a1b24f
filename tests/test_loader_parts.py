"""The loader records what loaded whole (members.yml, editions.yml, the principles folder, themes.yml, each revision file),
and validation skips exactly the checks that depend on a part that did not load (its own error explains it)."""

from __future__ import annotations

import os
from pathlib import Path

from d5site.core.loader import Loader, LoadResult, Part
from d5site.core.site import load_from_config_file
from d5site.core.siteconfig import load_site_config


def _load(root: Path) -> LoadResult:
    return Loader(load_site_config(root / "mkdocs.yml")).load()


def _messages(root: Path) -> list[str]:
    return [str(d) for d in load_from_config_file(root / "mkdocs.yml").diagnostics]


def test_a_valid_site_loads_every_part_whole(make_site) -> None:
    result = _load(make_site())
    assert result.whole == set(Part)
    assert result.loaded(*Part)
    assert result.unloaded_revisions == set()
    assert result.diagnostics == []


def test_a_broken_members_file_is_not_whole_and_its_dependants_are_not_reported_again(make_site) -> None:
    root = make_site({"charter/members.yml": "gb: [unclosed\n"})
    result = _load(root)
    assert Part.MEMBERS not in result.whole
    assert {Part.EDITIONS, Part.PRINCIPLES, Part.THEMES} <= result.whole
    messages = _messages(root)
    assert any(m.startswith("charter/members.yml:") for m in messages), messages
    assert not any("unknown member" in m for m in messages), messages


def test_a_bad_date_in_editions_makes_them_not_whole(make_site) -> None:
    root = make_site()
    editions = (root / "charter/editions.yml").read_text("utf-8")
    (root / "charter/editions.yml").write_text(editions.replace("2021-11-16", "2021-13-16"), "utf-8")
    result = _load(root)
    assert result.diagnostics, "the edited date should not load"
    assert Part.EDITIONS not in result.whole
    assert Part.MEMBERS in result.whole


def test_revision_files_that_exist_but_did_not_load_are_recorded(make_site) -> None:
    root = make_site({
        "charter/principles/open-standards/2014.md": "---\ntitle: [\n---\nBroken front matter.\n",
        "charter/principles/user-needs/2018.md": None,
        "charter/principles/user-needs/2018.fr.md": None,
    })
    (root / "charter/principles/user-needs/2018.md").mkdir()
    result = _load(root)
    assert result.unloaded_revisions == {("open-standards", 2014), ("user-needs", 2018)}
    assert Part.PRINCIPLES in result.whole
    messages = _messages(root)
    # the editions name both: no "has no revision" on top of the files' own errors
    assert not any("has no revision" in m for m in messages), messages
    assert not any("unknown principle 'open-standards'" in m for m in messages), messages


def test_a_missing_principles_folder_or_charter(make_site) -> None:
    root = make_site({path: None for path in _principle_files()})
    result = _load(root)
    assert Part.PRINCIPLES not in result.whole
    assert Part.MEMBERS in result.whole
    messages = _messages(root)
    assert any(m.startswith("charter/principles:") and "folder not found" in m for m in messages), messages
    assert not any("unknown principle" in m or "has no revision" in m for m in messages), messages

    root = make_site()
    os.rename(root / "charter", root / "elsewhere")
    result = _load(root)
    assert result.whole == set()


def test_statement_files_are_recorded_loaded_or_not(make_site) -> None:
    root = make_site()
    (root / "charter/statements").mkdir(exist_ok=True)
    (root / "charter/statements/broken.md").write_text("---\ntitle: [\n---\n", "utf-8")
    result = _load(root)
    assert "broken" in result.statement_files
    assert "broken" not in result.content.statements


def _principle_files() -> list[str]:
    from sitetree import BASE_TREE

    return [path for path in BASE_TREE if path.startswith("charter/principles/")]
