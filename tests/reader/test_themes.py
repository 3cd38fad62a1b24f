"""Themes: a vocabulary in charter/themes.yml, checked by `d5site check`, with labels per locale and a page per theme."""

from __future__ import annotations

import pytest

from d5site.cli.main import main
from d5site.core.loader import label_from_id
from htmlutil import BuiltSite, build_site
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


NO_VOCABULARY = {
    "charter/themes.yml": None,
    "findings/2018/responsible-ai.md": BASE_TREE["findings/2018/responsible-ai.md"].replace(
        "principles: [user-needs]\n", "principles: [user-needs]\nthemes: [artificial-intelligence, open-source]\n", 1
    ),
}
"""Contract v2 content: findings with themes and no charter/themes.yml."""


def test_label_from_id() -> None:
    assert label_from_id("artificial-intelligence") == "Artificial intelligence"
    assert label_from_id("data-360") == "Data 360"
    assert label_from_id("x") == "X"


def test_without_a_vocabulary_any_theme_is_accepted_with_a_warning(make_site, capsys) -> None:
    root = make_site(NO_VOCABULARY)
    assert "themes: [artificial-intelligence" in (root / "findings/2018/responsible-ai.md").read_text()
    capsys.readouterr()
    code = main(["check", "--config", str(root / "mkdocs.yml")])
    out, err = capsys.readouterr()
    assert code == 0, out
    assert out == ("charter/themes.yml: warning: no theme vocabulary: the themes of findings (artificial-intelligence, open-source) are "
                   "shown with labels made from their ids, the same in every locale; list them in charter/themes.yml to give each a "
                   "label per locale\n")
    assert err.rstrip().endswith("; 1 warning")


def test_without_a_vocabulary_index_is_still_reserved(make_site, capsys) -> None:
    text = BASE_TREE[FINDING].replace("themes: [open-source]", "themes: [open-source, index]")
    root = make_site({"charter/themes.yml": None, FINDING: text})
    line = text.splitlines().index("themes: [open-source, index]") + 1
    code, out = check(root, capsys)
    assert code == 1 and f"{FINDING}:{line}: themes: 'index' is reserved for /findings/themes/: choose another theme id" in out


def test_without_a_vocabulary_themes_get_pages_in_every_locale_and_strict_builds(make_site) -> None:
    root = make_site(NO_VOCABULARY)
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "INFO    -  d5site: charter/themes.yml: warning: no theme vocabulary" in result.stderr
    site = BuiltSite(root / "site")
    for prefix in ("", "fr/", "ko/"):
        finding = site.page(f"{prefix}findings/2018/responsible-ai/")
        chips = finding.article.find_all("a", cls="d5-chip--theme")
        assert [(c.text, finding.resolve(c["href"])[0]) for c in chips] == [
            ("Artificial intelligence", f"{prefix}findings/themes/artificial-intelligence/"),
            ("Open source", f"{prefix}findings/themes/open-source/"),
        ]
        # A label made from an id is the source's words (the default locale's), not a translation: marked as such elsewhere.
        assert [c.get("lang") for c in chips] == [None if not prefix else "en"] * 2
        theme = site.page(f"{prefix}findings/themes/artificial-intelligence/")
        assert theme.article.one("h1").text == "Artificial intelligence"
        assert theme.article.one("h1").get("lang") == (None if not prefix else "en")
        index = site.page(f"{prefix}findings/themes/")
        rows = index.article.one("table").one("tbody").find_all("tr")
        assert [index.resolve(r.one("th").one("a")["href"])[0] for r in rows] == [
            f"{prefix}findings/themes/artificial-intelligence/", f"{prefix}findings/themes/open-source/"]
        open_source = site.page(f"{prefix}findings/themes/open-source/")
        targets = [open_source.resolve(a["href"])[0] for a in open_source.article.find_all("a")]
        assert [t for t in targets if t.count("/") == 3 + bool(prefix)] == [
            f"{prefix}findings/2018/responsible-ai/",
            f"{prefix}findings/2014/shared-code/",
        ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "open-source:\n  name: {fr: Logiciel libre}\n",
            "charter/themes.yml:1: open-source: name needs a label in the default locale (en)",
        ),
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
        links = [
            theme.resolve(a["href"])[0]
            for a in theme.article.find_all("a")
            if "/findings/2014/shared-code/" in "/" + theme.resolve(a["href"])[0]
        ]
        assert links == [f"{prefix}findings/2014/shared-code/"]
        index = site.page(f"{prefix}findings/themes/")
        rows = index.article.one("table").one("tbody").find_all("tr")
        assert [(r.one("th").text, index.resolve(r.one("th").one("a")["href"])[0]) for r in rows] == [
            (label, f"{prefix}findings/themes/open-source/")
        ]
        findings = site.page(f"{prefix}findings/")
        assert findings.resolve(findings.article.one("p", cls="d5-themes-link").one("a")["href"])[0] == f"{prefix}findings/themes/"
