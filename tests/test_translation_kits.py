"""Translation kits (issue 20): export, translate with a third-party XLIFF/PO library, import, and what a kit may not do."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from translate.storage import po as tt_po, xliff as tt_xliff
from translate.storage.placeables import StringElem

from d5site.cli.main import main
from d5site.core.segment import segment
from d5site.core.site import load_from_config_file
from sitetree import make_site

RICH = "findings/2018/rich.md"
RICH_TEXT = (
    "---\n"
    "title: \"Sharing data: a common approach\"\n"
    "members: [ca, gb]\n"
    "principles: [user-needs]\n"
    "date: 2018-11-22\n"
    "summary: How members share data.\n"
    "---\n"
    "Members **agreed** to publish [open data](https://example.org/data \"Data\") with `CSV` files.\n"
    "They keep it current.\n"
    "\n"
    "## Commitments { #commitments }\n"
    "\n"
    "- publish every year\n"
    "- use open formats\n"
    "\n"
    "| Member | Portal |\n"
    "|---|---|\n"
    "| Canada | open.canada.ca |\n"
    "\n"
    "```\n"
    "not = translated\n"
    "```\n"
)
LOCALES = ("en", "fr", "ko", "he")
KO, HE = "정부 간 데이터 공유", "שיתוף נתונים בין ממשלות"


def cli(root: Path, *argv: str) -> int:
    return main([*argv, "--config", str(root / "mkdocs.yml")])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = make_site(tmp_path, {RICH: RICH_TEXT}, LOCALES)
    assert cli(site, "translations", "stamp", str(site / "findings"), str(site / "charter")) == 0
    return site


def report(root: Path, capsys: pytest.CaptureFixture[str], locale: str) -> dict[str, str]:
    capsys.readouterr()
    assert cli(root, "translations", "--locale", locale, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    return {item["path"]: item["state"] for item in data["locales"][locale]["items"]}


def _translate_elem(elem: StringElem, text: str) -> None:
    """Replace every word run of a rich string by `text`, keeping the placeholders (as a CAT tool does)."""
    for index, sub in enumerate(elem.sub):
        if isinstance(sub, str):
            if sub.strip(" .,:"):
                elem.sub[index] = f"{text}"
        elif type(sub).__name__ == "StringElem":
            _translate_elem(sub, text)


def _words(source: str, text: str) -> str:
    """`source` (a PO msgid) with each run of words replaced by `text`, its `{N}` placeholders kept."""
    return re.sub(r"[^{}]+(?=\{|$)", lambda m: text if m.group().strip(" .,:") else m.group(), source)


def _po_kit(root: Path, locale: str, text: str, *options: str, choose: Callable[[str], str | None] | None = None) -> Path:
    """Export a PO kit and translate it with translate-toolkit: every unit's words become `text` (or what `choose(context)` says)."""
    kit = root / f"{locale}.po"
    assert cli(root, "translations", "export", "--locale", locale, "--format", "po", *options, "-o", str(kit)) == 0
    store = tt_po.pofile.parsefile(str(kit))
    for unit in store.units:
        if not unit.isheader():
            chosen = choose(unit.getcontext()) if choose else None
            unit.target = chosen if chosen is not None else _words(unit.source, text)
            unit.markfuzzy(False)
    kit.write_bytes(bytes(store))
    return kit


def test_segments_give_back_the_body() -> None:
    body = RICH_TEXT.split("---\n", 2)[2]
    template = segment(body)
    assert template.fill([s.text for s in template.segments]) == body
    assert [s.context for s in template.segments] == ["paragraph", "heading", "item", "item", "cell", "cell", "cell", "cell"]
    assert all("not = translated" not in s.text for s in template.segments)
    quoted = segment("> \u202f: cité\u202f\n\n\u202fTexte\u202f!  \nsuite\n")  # U+202F is text, not blank, to Markdown
    assert [s.text for s in quoted.segments] == ["\u202f: cité\u202f", "\u202fTexte\u202f!  \nsuite"]  # a hard break
    assert quoted.fill([s.text for s in quoted.segments]) == "> \u202f: cité\u202f\n\n\u202fTexte\u202f!  \nsuite\n"


def test_xliff_kit_translated_by_translate_toolkit_into_korean_is_current(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kit = root / "ko.xlf"
    assert cli(root, "translations", "export", "--locale", "ko", "-o", str(kit)) == 0
    store = tt_xliff.xlifffile.parsefile(str(kit))
    assert {u.getid().split("\x04")[-1] for u in store.units} >= {"title", "summary", "body.1", "body.2"}
    for unit in store.units:
        rich = copy.deepcopy(unit.rich_source)
        for elem in rich:
            _translate_elem(elem, KO)
        unit.rich_target = rich
    kit.write_bytes(bytes(store))
    assert cli(root, "translations", "import", str(kit)) == 0
    states = report(root, capsys, "ko")
    assert set(states.values()) == {"current"}, states
    text = (root / "findings/2018/rich.ko.md").read_text("utf-8")
    assert f"title: {KO}" in text
    assert f"**{KO}**" in text and f"[{KO}](https://example.org/data \"Data\")" in text and "`CSV`" in text
    assert f"## {KO} {{ #commitments }}" in text and f"- {KO}\n- {KO}\n" in text
    assert f"| {KO} | {KO} |\n|---|---|\n" in text and "```\nnot = translated\n```" in text
    assert cli(root, "check") == 0


def test_po_kit_translated_by_translate_toolkit_into_hebrew_is_current(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kit = _po_kit(root, "he", HE)
    assert cli(root, "translations", "import", str(kit)) == 0
    assert set(report(root, capsys, "he").values()) == {"current"}
    text = (root / "findings/2018/rich.he.md").read_text("utf-8")
    assert f"**{HE}**" in text and f"[{HE}](https://example.org/data \"Data\")" in text
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok
    assert loaded.content.findings[(2018, "rich")].translations["he"].fields["summary"] == HE


def test_outdated_units_carry_the_previous_translation_for_review_with_a_word_diff(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kit = root / "fr.xlf"
    assert cli(root, "translations", "export", "--locale", "fr", "--all", "-o", str(kit)) == 0
    store = tt_xliff.xlifffile.parsefile(str(kit))
    for unit in store.units:
        rich = copy.deepcopy(unit.rich_source)
        for elem in rich:
            _translate_elem(elem, "Texte français")
        unit.rich_target = rich
    kit.write_bytes(bytes(store))
    assert cli(root, "translations", "import", str(kit)) == 0
    source = root / RICH
    source.write_text(RICH_TEXT.replace("They keep it current.", "They keep it current and complete."), "utf-8")
    assert report(root, capsys, "fr")["findings/2018/rich.fr.md"] == "outdated"

    for fmt in ("xliff", "po"):
        kit = root / f"fr2.{fmt}"
        assert cli(root, "translations", "export", "--locale", "fr", "--format", fmt, "-o", str(kit)) == 0
        text = kit.read_text("utf-8")
        if fmt == "xliff":
            unit = re.search(r'<trans-unit id="body.1".*?</trans-unit>', text.split('original="findings/2018/rich.md"')[1], re.S).group()
            assert '<target state="needs-review-translation">Texte français' in unit
            assert "current{+ and complete.+}" in unit or "[-current.-]{+current and complete.+}" in unit
            title = re.search(r'<trans-unit id="title".*?</trans-unit>', text.split('original="findings/2018/rich.md"')[1], re.S).group()
            assert '<target state="translated">Texte français' in title
        else:
            entry = text.split('msgctxt "findings/2018/rich.md|body.1|')[0].rsplit("\n\n", 1)[1]
            assert "#, fuzzy" in entry and "{+current and complete.+}" in entry
        # sent back untouched: the translation stays as it was, outdated
        before = (root / "findings/2018/rich.fr.md").read_bytes()
        capsys.readouterr()
        assert cli(root, "translations", "import", str(kit)) == 0
        assert "rich.fr.md" not in capsys.readouterr().out
        assert (root / "findings/2018/rich.fr.md").read_bytes() == before
        assert report(root, capsys, "fr")["findings/2018/rich.fr.md"] == "outdated"


def test_a_stale_kit_is_refused_with_its_file_and_unit(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kit = _po_kit(root, "fr", "Texte")
    (root / RICH).write_text(RICH_TEXT.replace("- use open formats", "- use open and documented formats"), "utf-8")
    capsys.readouterr()
    assert cli(root, "translations", "import", str(kit)) == 1
    out = capsys.readouterr().out
    assert "findings/2018/rich.md, unit 'body.4': the source changed since the kit was made" in out
    assert not (root / "findings/2018/rich.fr.md").exists()


def _xliff(original: str, units: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        f'<file original="{original}" source-language="en" target-language="fr" datatype="x-markdown" build-num="{{digest}}">'
        f"<body>{units}</body></file></xliff>"
    )


def _digest(root: Path, path: str) -> str:
    loaded = load_from_config_file(root / "mkdocs.yml")
    return next(d for d in loaded.content.documents() if d.path == path).digest()


def _import(root: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    kit = root / "kit.xlf"
    kit.write_text(text, "utf-8")
    capsys.readouterr()
    status = cli(root, "translations", "import", str(kit))
    return status, capsys.readouterr().out


TITLE = '<trans-unit id="title"><source>Sharing data: a common approach</source><target>{}</target></trans-unit>'


@pytest.mark.parametrize(
    ("doctype", "target", "message"),
    [
        (
            '<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
            "&xxe;",
            "DTDs, entity declarations and external references are not accepted",
        ),
        (
            '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n',
            "&c;",
            "DTDs, entity declarations",
        ),
        ('<!DOCTYPE xliff SYSTEM "http://example.org/evil.dtd">\n', "Titre", "DTDs, entity declarations"),
        ("", "Titre\x1b[31m", "control character U+001B"),
    ],
)
def test_hostile_xml_is_refused_and_nothing_is_written(
    root: Path, capsys: pytest.CaptureFixture[str], doctype: str, target: str, message: str
) -> None:
    text = _xliff(RICH, TITLE.format(target), doctype).replace("{digest}", _digest(root, RICH))
    if "\x1b" in target:
        text = text.replace("\x1b", "&#27;")  # XML 1.0 cannot carry it raw; a character reference is the way in
        message = "not well-formed XML"
    status, out = _import(root, text, capsys)
    assert status == 1 and message in out, out
    assert not (root / "findings/2018/rich.fr.md").exists()


def test_control_and_bidi_characters_in_a_target_are_refused(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _xliff(RICH, TITLE.format("Titre \u202e inversé")).replace("{digest}", _digest(root, RICH))
    status, out = _import(root, text, capsys)
    assert status == 1 and "unit 'title': bidirectional control U+202E" in out
    assert not (root / "findings/2018/rich.fr.md").exists()


@pytest.mark.parametrize(
    ("original", "unit_id", "message"),
    [
        ("../outside.md", "title", "'../outside.md': outside the site: refused"),
        ("/etc/passwd", "title", "'/etc/passwd': outside the site: refused"),
        ("findings/2018/nothing.md", "title", "not a source file of this site"),
        (RICH, "members", "'members' belongs to the source file only: a kit cannot set it"),
        (RICH, "date", "'date' belongs to the source file only"),
        (RICH, "body.99", "unit 'body.99': no such unit in the source"),
    ],
)
def test_units_outside_the_site_or_on_structural_keys_are_refused(
    root: Path, capsys: pytest.CaptureFixture[str], original: str, unit_id: str, message: str
) -> None:
    unit = f'<trans-unit id="{unit_id}"><source>x</source><target>[gb, kr]</target></trans-unit>'
    text = _xliff(original, TITLE.format("Titre") + unit).replace("{digest}", _digest(root, RICH))
    status, out = _import(root, text, capsys)
    assert status == 1 and message in out, out
    assert not (root / "findings/2018/rich.fr.md").exists() and not (root.parent / "outside.fr.md").exists()
    assert "members:" not in (root / RICH).read_text("utf-8").split("---")[2]


def test_french_typography_and_yaml_specials_are_kept(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "Partager les données\u202f: une approche commune"
    summary = "- «\u202fComment\u202f» : les membres partagent #données ? oui !"

    def choose(context: str) -> str | None:
        if context.startswith(f"{RICH}|title|"):
            return title
        return summary if "|summary|" in context else None

    kit = _po_kit(root, "fr", "Texte\u202f; « cité\u202f»", choose=choose)
    assert cli(root, "translations", "import", str(kit)) == 0
    raw = (root / "findings/2018/rich.fr.md").read_text("utf-8")
    assert "\u202f: une approche" in raw and "\\u202f" not in raw.lower()
    loaded = load_from_config_file(root / "mkdocs.yml")
    translation = loaded.content.findings[(2018, "rich")].translations["fr"]
    assert translation.title == title
    assert translation.fields["summary"] == summary
    assert "Texte\u202f; « cité\u202f»" in translation.body
    assert report(root, capsys, "fr")["findings/2018/rich.fr.md"] == "current"


def test_a_target_that_would_break_the_translation_leaves_the_file_as_it_was(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (root / "findings/2018/responsible-ai.fr.md").read_bytes()
    source = "findings/2018/responsible-ai.md"
    units = '<trans-unit id="title"><source>Responsible use of AI</source><target>   </target></trans-unit>'
    units += ('<trans-unit id="body.1"><source>Measure impact, be transparent, explain decisions.</source>'
              '<target>Mesurer.</target></trans-unit>')
    status, out = _import(root, _xliff(source, units).replace("{digest}", _digest(root, source)), capsys)
    # an empty title target keeps the previous title: written, not stamped
    assert status == 0 and "not stamped: 1 unit(s)" in out
    assert (root / "findings/2018/responsible-ai.fr.md").read_bytes() != before
    assert "title: Usage responsable de l'IA" in (root / "findings/2018/responsible-ai.fr.md").read_text("utf-8")


def test_a_translation_check_refuses_is_not_written(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = root / "findings/2018/responsible-ai.fr.md"
    before = path.read_bytes()
    source = "findings/2018/responsible-ai.md"
    units = '<trans-unit id="title"><source>Responsible use of AI</source><target>Titre</target></trans-unit>'
    units += ('<trans-unit id="body.1"><source>Measure impact, be transparent, explain decisions.</source>'
              '<target>Voir [ceci](nowhere.md).</target></trans-unit>')
    status, out = _import(root, _xliff(source, units).replace("{digest}", _digest(root, source)), capsys)
    assert status == 1
    assert "findings/2018/responsible-ai.fr.md:5: link to 'nowhere.md'" in out and "the file is as it was" in out
    assert path.read_bytes() == before


def test_script_in_a_target_is_published_sanitized(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from htmlutil import build_site

    root = make_site(tmp_path, {RICH: RICH_TEXT}, ("en", "fr"))
    units = TITLE.format("Titre")
    units += ('<trans-unit id="body.1"><source>x</source><target>Bonjour &lt;script&gt;alert(1)&lt;/script&gt;'
              '&lt;img src="https://example.org/x.png" onerror=alert(2)&gt; [lien](javascript:alert(3))</target></trans-unit>')
    text = _xliff(RICH, units).replace("{digest}", _digest(root, RICH))
    text = text.replace(
        "<source>x</source>",
        '<source>Members <ph id="1">**</ph>agreed<ph id="2">**</ph> to publish <ph id="3">[</ph>open data'
        '<ph id="4">](https://example.org/data "Data")</ph> with <ph id="5">`CSV`</ph> files.\nThey keep it current.</source>',
    )
    status, out = _import(root, text, capsys)
    assert status == 0, out
    assert "<script>" in (root / "findings/2018/rich.fr.md").read_text("utf-8")
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site/fr/findings/2018/rich/index.html").read_text("utf-8")
    assert "Bonjour" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


def test_diff_shows_what_changed_since_the_stamp_without_git(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = root / "findings/2018/responsible-ai.md"
    source.write_text(source.read_text("utf-8").replace("be transparent", "be open") + "\nA new paragraph.\n", "utf-8")
    assert not (root / ".git").exists() and any((root / ".d5site/stamps").iterdir())
    capsys.readouterr()
    assert cli(root, "translations", "diff", str(root / "findings/2018/responsible-ai.fr.md")) == 0
    out = capsys.readouterr().out
    assert "body, paragraph 1: Measure impact, be [-transparent,-]{+open,+} explain decisions." in out
    assert "body, paragraph 2: {+A new paragraph.+} (new)" in out
    assert cli(root, "translations", "diff", str(root / "findings/2014/index.fr.md")) == 0
    assert "current: findings/2014/index.md has not changed since the stamp" in capsys.readouterr().out


def test_stamps_from_before_the_store_stay_current_and_diff_says_no_source_is_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path, stamp=True)  # stamped by write_stamp alone, as d5site did before it kept sources
    assert not (root / ".d5site").exists()
    assert report(root, capsys, "fr")["findings/2018/responsible-ai.fr.md"] == "current"
    source = root / "findings/2018/responsible-ai.md"
    source.write_text(source.read_text("utf-8").replace("be transparent", "be open"), "utf-8")
    capsys.readouterr()
    assert cli(root, "translations", "diff", str(root / "findings/2018/responsible-ai.fr.md")) == 0
    assert "outdated, but no earlier source is recorded for its stamp sha256:" in capsys.readouterr().out
    (root / "findings/2018/responsible-ai.fr.md").write_text("---\ntitle: Usage\n---\nTexte.\n", "utf-8")
    assert cli(root, "translations", "diff", str(root / "findings/2018/responsible-ai.fr.md")) == 0
    assert "never stamped, so no earlier source is recorded" in capsys.readouterr().out


def _git(cwd: Path, *args: str) -> str:
    import subprocess

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_changed_since_annotates_the_source_lines_that_make_translations_outdated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path, stamp=True, subdir="repo/site")
    repo = root.parent
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first")
    source = root / "findings/2018/responsible-ai.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace("members: [ca, gb]", "members: [gb, ca]"), "utf-8")
    capsys.readouterr()
    assert cli(root, "translations", "--changed-since", "main") == 0
    out, err = capsys.readouterr()
    assert out == "" and "0 translations made outdated since main" in err  # structural keys do not outdate translations
    source.write_text(text.replace("members: [ca, gb]", "members: [gb, ca]").replace("be transparent", "be open"), "utf-8")
    _git(repo, "commit", "-qam", "second")
    assert cli(root, "translations", "--changed-since", "HEAD~1", "--format", "github") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "::warning file=site/findings/2018/responsible-ai.md,line=8::this change makes 1 translation outdated: "
        "findings/2018/responsible-ai.fr.md (see d5site translations diff findings/2018/responsible-ai.fr.md)"
    ]
    assert cli(root, "translations", "--changed-since", "HEAD~1") == 0
    assert capsys.readouterr().out.startswith("findings/2018/responsible-ai.md:8: warning: this change makes 1 translation outdated")
    assert cli(root, "translations", "--changed-since", "HEAD~1", "--locale", "ko") == 0
    assert capsys.readouterr().out == ""


def test_changed_since_a_missing_ref_or_without_git_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path, stamp=True)
    capsys.readouterr()
    assert cli(root, "translations", "--changed-since", "main") == 2
    assert "the site is not in a git repository" in capsys.readouterr().err
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "first")
    assert cli(root, "translations", "--changed-since", "origin/main") == 2
    err = capsys.readouterr().err
    assert "--changed-since origin/main: no such commit in this clone" in err and "fetch-depth: 0" in err
    assert cli(root, "translations", "--changed-since", "--upload-pack=touch /tmp/x") == 2


MEMBERS = (
    "# the members\n"
    "gb:\n  name: {en: United Kingdom, fr: Royaume-Uni}  # flow style\n  joined: 2014\n"
    "kr:\n  name:\n    en: Republic of Korea\n  joined: 2014\n"
    "ee:\n  joined: 2014\n  left: 2019\n"
    "ca:\n  joined: 2018\n"
)


@pytest.fixture
def names_site(tmp_path: Path) -> Path:
    from sitetree import mkdocs_yml

    config = mkdocs_yml(("en", "fr", "de")).replace("  - d5site\n", "  - d5site:\n      catalogs_dir: catalogs\n")
    files = {"mkdocs.yml": config, "catalogs/de.yml": "# our labels\nfindings: Ergebnisse\n", "charter/members.yml": MEMBERS}
    return make_site(tmp_path, files, ("en", "fr", "de"), stamp=True)


def test_member_and_theme_names_and_labels_go_through_a_kit(names_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = names_site
    kit = root / "de.xlf"
    assert cli(root, "translations", "export", "--locale", "de", "-o", str(kit)) == 0
    store = tt_xliff.xlifffile.parsefile(str(kit))
    names = {"gb": "Vereinigtes Königreich", "kr": "Republik Korea: Süd", "open-source": "Open Source"}
    ids = set()
    for unit in store.units:
        original, uid = unit.getid().split("\x04")
        ids.add((original, uid))
        if original in ("charter/members.yml", "charter/themes.yml"):
            unit.target = names[uid]
        elif original == "@labels" and uid == "adopted":
            rich = copy.deepcopy(unit.rich_source)
            for elem in rich:
                _translate_elem(elem, "Angenommen")
            unit.rich_target = rich
    assert ("@labels", "findings") not in ids and ("@labels", "adopted") in ids
    kit.write_bytes(bytes(store))
    capsys.readouterr()
    assert cli(root, "translations", "import", str(kit)) == 0
    out = capsys.readouterr().out
    assert "wrote charter/members.yml: 2 name(s) or label(s)" in out
    assert "wrote catalogs/de.yml: 1 name(s) or label(s)" in out
    members = (root / "charter/members.yml").read_text("utf-8")
    assert members.startswith("# the members\n")
    assert "  name: {en: United Kingdom, fr: Royaume-Uni, de: Vereinigtes Königreich}  # flow style\n" in members
    assert "    en: Republic of Korea\n    de: 'Republik Korea: Süd'\n  joined: 2014\n" in members
    labels = (root / "catalogs/de.yml").read_text("utf-8")
    assert labels.startswith("# our labels\nfindings: Ergebnisse\n")
    assert "\nadopted: Angenommen{date}Angenommen{place}Angenommen\n" in labels
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    assert loaded.content.members["kr"].names["de"] == "Republik Korea: Süd"
    assert loaded.content.themes["open-source"].names["de"] == "Open Source"


def test_names_of_unknown_members_and_unknown_placeholders_are_refused(names_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = names_site
    before = (root / "charter/members.yml").read_bytes()
    units = '<trans-unit id="zz"><source>Nowhere</source><target>Nirgendwo</target></trans-unit>'
    text = _xliff("charter/members.yml", units).replace("target-language=\"fr\"", "target-language=\"de\"")
    status, out = _import(root, text, capsys)
    assert status == 1 and "charter/members.yml, unit 'zz': no such name or label in the source" in out
    units = '<trans-unit id="adopted"><source>Adopted on {date} in {place}</source><target>Am <x id="9"/></target></trans-unit>'
    text = _xliff("@labels", units).replace("target-language=\"fr\"", "target-language=\"de\"")
    status, out = _import(root, text, capsys)
    assert status == 1 and "@labels, unit 'adopted': placeholder 9 is not in the source" in out
    assert (root / "charter/members.yml").read_bytes() == before
    assert (root / "catalogs/de.yml").read_text("utf-8") == "# our labels\nfindings: Ergebnisse\n"


def test_the_translation_guide_shows_the_kit_workflow_first_with_commands_that_run() -> None:
    from d5site.cli.main import _parser

    guide = (Path(__file__).resolve().parents[1] / "guide" / "translation-guide.md").read_text("utf-8")
    headings = re.findall(r"^##+ (.+)$", guide, flags=re.M)
    steps = [headings.index(name) for name in ("The kit workflow in three steps", "Preview your language", "Hand the work back")]
    assert steps == sorted(steps)
    assert headings.index("Without git") < headings.index("With git") < headings.index("Translating by hand")
    commands = [line.split("#")[0].split() for block in re.findall(r"^```sh\n(.*?)^```$", guide, flags=re.S | re.M)
                for line in block.splitlines() if line.startswith("d5site ")]
    assert ["d5site", "serve", "--locale", "fr"] in commands
    kinds = {tuple(c[1:3]) for c in commands}
    assert {("translations", "export"), ("translations", "import"), ("translations", "diff")} <= kinds
    for command in commands:
        _parser().parse_args(command[1:])  # exits (fails the test) on an option the CLI does not have


def test_a_unit_sent_back_for_review_makes_a_current_translation_outdated(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kit = root / "fr.po"
    assert cli(root, "translations", "export", "--locale", "fr", "--format", "po", "--all", "-o", str(kit)) == 0
    assert report(root, capsys, "fr")["findings/2018/responsible-ai.fr.md"] == "current"
    store = tt_po.pofile.parsefile(str(kit))
    for unit in store.units:
        if "findings/2018/responsible-ai.md|body.1|" in unit.getcontext():
            unit.target = "Mesurer l'impact (à revoir)."
            unit.markfuzzy(True)
        elif not unit.isheader():
            unit.target = ""  # untranslated units of other files: nothing written there
    kit.write_bytes(bytes(store))
    assert cli(root, "translations", "import", str(kit)) == 0
    text = (root / "findings/2018/responsible-ai.fr.md").read_text("utf-8")
    assert "Mesurer l'impact (à revoir)." in text and "stamp:" not in text
    assert report(root, capsys, "fr")["findings/2018/responsible-ai.fr.md"] == "outdated"


def test_a_kit_of_current_translations_sent_back_untouched_changes_no_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kit = root / "fr.xlf"
    assert cli(root, "translations", "export", "--locale", "fr", "--all", "-o", str(kit)) == 0
    before = {p: p.read_bytes() for p in root.rglob("*.fr.md")}
    capsys.readouterr()
    assert cli(root, "translations", "import", str(kit)) == 0
    assert "wrote" not in capsys.readouterr().out
    assert {p: p.read_bytes() for p in root.rglob("*.fr.md")} == before


def test_imported_files_are_readable_like_the_others(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os

    kit = _po_kit(root, "ko", KO)
    umask = os.umask(0o022)
    try:
        assert cli(root, "translations", "import", str(kit)) == 0
    finally:
        os.umask(umask)
    assert (root / "findings/2018/rich.ko.md").stat().st_mode & 0o777 == 0o644
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in (root / ".d5site/stamps").iterdir())


def test_a_kit_whose_tool_wrote_a_region_into_the_language_is_imported(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = TITLE.format("Partager les données\u202f: une approche commune")
    text = _xliff(RICH, units).replace("{digest}", _digest(root, RICH)).replace('target-language="fr"', 'target-language="fr-FR"')
    status, out = _import(root, text.replace('source-language="en"', 'source-language="en-GB"'), capsys)
    assert status == 0, out
    assert "wrote findings/2018/rich.fr.md: not stamped" in out
    status, out = _import(root, text.replace('target-language="fr-FR"', 'target-language="de"'), capsys)
    assert status == 1 and "unknown locale 'de'" in out
