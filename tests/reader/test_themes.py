"""Themes: a vocabulary in charter/themes.yml, checked by `d5site check`, with labels per locale and a page per theme."""

from __future__ import annotations

import pytest
from htmlutil import BuiltSite, build_site

from d5site.cli.main import main
from sitetree import BASE_TREE

FINDING = "findings/2014/shared-code.md"


def check(root, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["check", "--config", str(root / "mkdocs.yml")])
    return code, capsys.readouterr().out


def test_an_unknown_theme_on_a_finding_is_an_error_at_its_line(make_site, capsys) -> None:
    text = BASE_TREE[FINDING].replace("themes: [open-source]", "themes: [open-source, open-sauce]")
    root = make_site({FINDING: text})
    line = text.splitlines().index("themes: [open-source, open-sauce]") + 1
    code, out = check(root, capsys)
    assert code == 1
    assert f"{FINDING}:{line}: themes: unknown theme 'open-sauce' (add it to charter/themes.yml) (did you mean 'open-source'?)" in out


def test_without_a_vocabulary_a_theme_is_unknown(make_site, capsys) -> None:
    root = make_site({"charter/themes.yml": None})
    code, out = check(root, capsys)
    assert code == 1 and "themes: unknown theme 'open-source' (themes are listed in charter/themes.yml)" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("open-source:\n  name: {fr: Logiciel libre}\n", "charter/themes.yml:1: open-source: name needs a label in the default locale (en)"),
        ("open-source:\n  name: {en: Open source}\n  colour: red\n", "charter/themes.yml:3"),
        ("Open Source:\n  name: {en: Open source}\n", "charter/themes.yml:1"),
        ("open-source:\n  name: {en: Open source}\nindex:\n  name: {en: Index}\n", "charter/themes.yml:3: 'index' is reserved"),
        ("- open-source\n", "charter/themes.yml:1"),
    ],
    ids=["no-default-label", "unknown-key", "bad-id", "reserved-id", "not-a-mapping"],
)
def test_the_vocabulary_is_checked_strictly(make_site, capsys, text: str, message: str) -> None:
    root = make_site({"charter/themes.yml": text})
    code, out = check(root, capsys)
    assert code == 1 and message in out, out
    assert "Traceback" not in out


def test_a_page_per_theme_in_every_locale_linked_from_findings(make_site) -> None:
    root = make_site()
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(root / "site")
    for prefix, label, lang in (("", "Open source", None), ("fr/", "Logiciel libre", None), ("ko/", "Open source", "en")):
        finding = site.page(f"{prefix}findings/2014/shared-code/")
        chip = finding.article.one("a", cls="d5-chip--theme")
        assert chip.text == label
        assert finding.resolve(chip["href"]) == (f"{prefix}findings/themes/open-source/", "")
        if lang:
            assert chip["lang"] == lang  # the Korean label is missing: the English one, marked as English
        theme = site.page(f"{prefix}findings/themes/open-source/")
        assert theme.article.one("h1").text == label
        links = [theme.resolve(a["href"])[0] for a in theme.article.find_all("a") if "/findings/2014/shared-code/" in "/" + theme.resolve(a["href"])[0]]
        assert links == [f"{prefix}findings/2014/shared-code/"]
        index = site.page(f"{prefix}findings/themes/")
        rows = index.article.one("table").one("tbody").find_all("tr")
        assert [(r.one("th").text, index.resolve(r.one("th").one("a")["href"])[0]) for r in rows] == [(label, f"{prefix}findings/themes/open-source/")]
        findings = site.page(f"{prefix}findings/")
        assert findings.resolve(findings.article.one("p", cls="d5-themes-link").one("a")["href"])[0] == f"{prefix}findings/themes/"
