"""Issue 16, bodies: no file included, no other host through backslashes, no `cite` script, bounded work, footnotes and docs links.

Each class is tested on the sanitizer or the limits counter (a table of variants)
and on a built site: the built HTML, feed and search index, with `check` and
`mkdocs build --strict` agreeing on what they refuse, naming the same file and line.
"""

from __future__ import annotations

import html as _html
import re
from pathlib import Path

import pytest

from d5site.core import limits
from d5site.core.bodylinks import browser_url, is_relative
from d5site.core.limits import body_problems
from d5site.render.bodies import BodyRenderer, default_markdown, without_file_includes
from d5site.render.sanitize import sanitize
from htmlutil import BuiltSite, build_site, check_site
from sitetree import build_tree, make_site, mkdocs_yml

SECRET = "TOKEN-d5-3f9a"
F = "findings/2018/responsible-ai.md"
FRONT = "---\ntitle: Responsible use of AI\nmembers: [ca, gb]\nprinciples: [user-needs]\n---\n"
"""A finding's front matter: the body starts on line 6."""

# -- other hosts through backslashes: every variant a browser reads as //evil.example ------------

HOSTS = [
    "\\\\evil.example/p.png", "/\\evil.example/p.png", "\\/evil.example/p.png", " //evil.example/p.png",
    "\t//evil.example/p.png", "//evil.example/p.png", "https:\\\\evil.example/p.png", "HtTpS:\\\\evil.example/p.png",
    "hTTp://evil.example/p.png", "\x01//evil.example/p.png ", "/\t/evil.example/p.png", "\\\n\\evil.example/p.png",
]
ENCODED = [  # as written in HTML: character references
    "&#92;&#92;evil.example/p.png", "&#x5c;&#x2F;evil.example/p.png", "/&bsol;evil.example/p.png",
    "&#9;&#47;&#47;evil.example/p.png", "https:&#92;&#92;evil.example/p.png",
]


def _html_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


def _images_elsewhere(html: str) -> list[str]:
    """The `src` of every image in `html` that a browser would fetch from another host."""
    sources = [_html.unescape(src) for src in re.findall(r'<img\b[^>]*\ssrc="([^"]*)"', html)]
    return [src for src in sources if browser_url(src).startswith("//") or ":" in browser_url(src).split("/")[0]]


@pytest.mark.parametrize("url", HOSTS + ENCODED)
def test_images_from_other_hosts_are_links_whatever_the_slashes(url: str) -> None:
    """Each variant, as raw HTML (quoted, entity-encoded) and in Markdown, publishes no image from another host."""
    written = url if url in ENCODED else _html_attribute(url)
    sources = [f'<img src="{written}" alt="p">', f'<p><img src="{written}" alt="p"></p>', f'x <img src="{written}" alt="p">']
    if not any(c in url for c in "\t\n\x01 &"):
        sources.append(f"![p]({url})")
    for source in sources:
        for html in (BodyRenderer().render("findings/2018/x.md", source, "en").html, sanitize(source)):
            assert _images_elsewhere(html) == [], (source, html)
    assert re.search(r'<a href="(https?:)?//evil\.example/p\.png"', sanitize(sources[0]), re.IGNORECASE), sanitize(sources[0])


@pytest.mark.parametrize("url", HOSTS)
def test_browser_url_reads_backslashes_and_controls_like_a_browser(url: str) -> None:
    read = browser_url(url).lower()
    assert read.endswith("//evil.example/p.png") and "\\" not in read
    assert not is_relative(url)


def test_backslashes_in_a_query_or_another_scheme_stay() -> None:
    assert browser_url("https://x.example/a\\b?q=a\\b#f\\g") == "https://x.example/a/b?q=a\\b#f\\g"
    assert browser_url("mailto:a\\b@x.example") == "mailto:a\\b@x.example"
    assert is_relative("../../docs/img\\chart.png")


@pytest.mark.parametrize("tag", ["blockquote", "q", "ins", "del"])
@pytest.mark.parametrize("value", ["javascript:alert(1)", "JaVa&#x09;Script:alert(1)", " data:text/html,x", "vbscript:x",
                                   "&#106;avascript:alert(1)"])
def test_cite_takes_no_script_url(tag: str, value: str) -> None:
    html = sanitize(f'<{tag} cite="{value}">x</{tag}>')
    assert "cite" not in html and "script" not in html.lower() and "data:" not in html, html


@pytest.mark.parametrize("value", ["https://example.org/source", "../2016/x.md", "#part"])
def test_cite_keeps_web_and_same_site_urls(value: str) -> None:
    assert f'cite="{value}"' in sanitize(f'<blockquote cite="{value}">x</blockquote>')


def test_cite_to_another_host_through_backslashes_is_read_as_a_browser_reads_it() -> None:
    assert 'cite="//evil.example/x"' in sanitize('<q cite="\\\\evil.example/x">x</q>')


# -- snippets: bodies never include a file ----------------------------------------------------------

def test_file_reading_extensions_are_left_out_for_bodies() -> None:
    class Snippets:  # an Extension object, as MkDocs may hold one, from pymdownx.snippets
        pass

    Snippets.__module__ = "pymdownx.snippets"
    extensions = ["toc", "pymdownx.snippets", "pymdownx.snippets:SnippetExtension", Snippets(), "markdown_include.include", "tables"]
    assert without_file_includes(extensions) == ["toc", "tables"]
    html = default_markdown(("toc", "pymdownx.snippets"))('--8<-- "pyproject.toml"')
    assert "d5site" not in html and "--8&lt;--" in html


@pytest.mark.parametrize("line", ['--8<-- ".env"', "  --8<-- '.git/config'", "--8<--", ";--8<-- \".env\"", "-8<- \".env\""])
def test_snippet_lines_are_refused_outside_code(line: str) -> None:
    assert [(o, m[:20]) for o, m in body_problems(f"Text.\n\n{line}\n")] == [(2, "a snippet line (--8<")]
    assert list(body_problems(f"```\n{line}\n```\n")) == []


# -- structural limits -----------------------------------------------------------------------

LIMITS = [  # (name, largest admitted body, smallest refused body, expected words)
    ("html depth", "<div>" * limits.MAX_HTML_DEPTH + "</div>" * 200, "<div>" * (limits.MAX_HTML_DEPTH + 1), "HTML elements nested"),
    ("unclosed elements", "<span>x</span>" * 5000, "<p>x" * (limits.MAX_HTML_DEPTH + 1), "HTML elements nested"),
    ("markdown depth", "> " * limits.MAX_MARKDOWN_DEPTH + "x", "> " * (limits.MAX_MARKDOWN_DEPTH + 1) + "x", "levels deep"),
    ("indentation", "\t" * limits.MAX_MARKDOWN_DEPTH + "- x", "    " * (limits.MAX_MARKDOWN_DEPTH + 1) + "- x", "levels deep"),
    ("brackets", "[" * 3161, "[" * 3163, "too many '['"),
    ("link openings", "[a](#" * 1414, "[a](#" * 1415, "too many '['"),
    ("link openings over paragraphs", ("[a](#b) " * 300 + "\n\n") * 13, ("[a](#b) " * 300 + "\n\n") * 14, "too many '['"),
    ("entities", "&amp;" * limits.MAX_ENTITIES, "&amp;" * limits.MAX_ENTITIES + "&#233;", "character references"),
    ("headings", "## h\n\n" * limits.MAX_HEADINGS, "## h\n\n" * limits.MAX_HEADINGS + "<h3>x</h3>", "headings"),
    ("setext headings", "h\n-\n\n" * limits.MAX_HEADINGS, "h\n=\n\n" * (limits.MAX_HEADINGS + 1), "headings"),
]


@pytest.mark.parametrize(("name", "admitted", "refused", "words"), LIMITS, ids=[item[0] for item in LIMITS])
def test_limits_admit_up_to_the_bound_and_refuse_beyond(name: str, admitted: str, refused: str, words: str) -> None:
    assert list(body_problems(admitted)) == []
    problems = list(body_problems(refused))
    assert len(problems) == 1 and words in problems[0][1], problems


@pytest.mark.parametrize("control", ["\u202a", "\u202e", "\u2066", "\u2069"])
@pytest.mark.parametrize("heading", ["## A {} heading", "<h2>A {} heading</h2>", "# {}"])
def test_bidi_controls_are_refused_in_headings_only(heading: str, control: str) -> None:
    problems = list(body_problems("Text.\n\n" + heading.format(control) + "\n"))
    assert [offset for offset, _ in problems] == [2] and f"U+{ord(control):04X} in a heading" in problems[0][1]
    assert list(body_problems("## \u05e9\u05dc\u05d5\u05dd \u200f(1)\u200f\n\ntext " + control + " inside a paragraph\n")) == []


def test_limits_ignore_code_and_report_the_line() -> None:
    assert list(body_problems("```\n" + "<div>" * 500 + "\n" + "## h\n" * 600 + "```\n")) == []
    assert [offset for offset, _ in body_problems("a\n\nb\n" + "<div>" * 101 + "\n")] == [3]


# -- built sites: check and build agree -------------------------------------------------------

SNIPPETS_YML = "markdown_extensions:\n  - footnotes\n  - toc:\n      permalink: true\n  - pymdownx.snippets:\n      base_path: ['.']\n"

BODY = """Text with a note[^1] and the [about page](../../docs/about.md), [in French](../../docs/about.fr.md) and
a ![chart](../../docs/img/chart.png).

<img src="\\\\evil.example/p.png" alt="backslash image"> <img src="/\\evil.example/q.png" alt="q">

<blockquote cite="javascript:alert(1)">Quoted.</blockquote>

```
--8<-- ".env"
```

[^1]: A note.
"""


@pytest.fixture(scope="module")
def safe_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    """A site with pymdownx.snippets and footnotes enabled, a secret `.env`, a finding using them: built once."""
    return build_tree(make_site(tmp_path_factory.mktemp("bodies-security"), {
        "mkdocs.yml": mkdocs_yml(("en", "fr")) + SNIPPETS_YML,
        ".env": f"SECRET={SECRET}\n",
        "docs/about.md": "# About\n\nAbout the group.\n",
        "docs/about.fr.md": "# À propos\n\nLe groupe.\n",
        "docs/img/chart.png": b"\x89PNG\r\n\x1a\n",
        F: FRONT + BODY,
        "findings/2018/index.md": '---\ntitle: "2018: Ottawa"\n---\n' + BODY,  # the year page shows the overview's body
    }, locales=("en", "fr")), checked=True)


def test_no_file_is_published_and_no_image_from_another_host(safe_site: tuple[Path, BuiltSite]) -> None:
    root, _ = safe_site
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".csv", ".txt"):
            text = path.read_text("utf-8", errors="replace")
            assert SECRET not in text, path
            if path.suffix == ".html":  # data downloads (CSV, JSON) carry the Markdown source as text
                assert _images_elsewhere(text) == [], path
                assert not re.search(r'cite="[^"]*script', text, re.IGNORECASE), path


@pytest.mark.parametrize("page", ["findings/2018/responsible-ai/", "findings/2018/", "reports/2018/"])
def test_footnotes_and_docs_links_work_on_every_page_showing_the_body(safe_site: tuple[Path, BuiltSite], page: str) -> None:
    _, site = safe_site
    article = site.page(page).article
    resolved = [site.page(page).resolve(a["href"]) for a in article.find_all("a") if a.get("href")]
    targets = {found[0] for found in resolved if found is not None}
    assert "about/" in targets and "fr/about/" in targets, targets
    assert any(img.get("src", "").endswith("img/chart.png") for img in article.find_all("img"))
    text = site.page(page).html
    assert 'class="footnote"' in text and "A note." in text
    assert re.search(r'<a href="//evil\.example/p\.png"[^>]*>backslash image</a>', text)


def test_docs_links_in_the_feed_and_search_index(safe_site: tuple[Path, BuiltSite]) -> None:
    root, _ = safe_site
    feed = (root / "site" / "feed.xml").read_text("utf-8")
    assert "https://example.org/about/" in feed and "img/chart.png" in feed
    assert "--8&amp;lt;--" in feed or "--8&lt;--" in feed  # the code block, as text
    assert SECRET not in (root / "site" / "search" / "search_index.json").read_text("utf-8")


def _assert_both_refuse(root: Path, where: str, words: str) -> None:
    checked = check_site(root)
    assert checked.returncode == 1 and where in checked.stdout + checked.stderr and words in checked.stdout + checked.stderr, (
        checked.stdout + checked.stderr
    )
    built = build_site(root)
    output = built.stdout + built.stderr
    assert built.returncode == 1 and where in output and words in output and "Traceback" not in output, output
    assert SECRET not in output


REFUSED = [
    ("snippet", {F: FRONT + 'Text.\n\n--8<-- ".env"\n'}, f"{F}:8:", "snippet line"),
    ("snippet block", {F: FRONT + "Text.\n--8<--\n.env\n--8<--\n"}, f"{F}:7:", "snippet line"),
    ("html depth", {F: FRONT + "<div>" * 30000}, f"{F}:6:", "HTML elements nested"),
    ("brackets", {F: FRONT + "[" * 50000}, f"{F}:6:", "too many '['"),
    ("entities", {F: FRONT + "&amp;" * 200000}, f"{F}:6:", "character references"),
    ("headings", {F: FRONT + "## h\n\n" * 30000}, f"{F}:1006:", "headings"),
    ("bidi heading", {F: FRONT + "Text.\n\n## A \u202eheading\n"}, f"{F}:8:", "U+202E in a heading"),
    ("finding year", {"findings/9999/far.md": FRONT}, "findings/9999/far.md:", "more than 100 years after the first edition"),
    (
        "overview year",
        {"findings/2115/index.md": "---\ntitle: Far\n---\nText.\n"},
        "findings/2115/index.md:",
        "2115 is more than 100 years",
    ),
]


@pytest.mark.parametrize(("name", "files", "where", "words"), REFUSED, ids=[item[0] for item in REFUSED])
def test_check_and_build_refuse_alike(tmp_path: Path, name: str, files: dict[str, str], where: str, words: str) -> None:
    root = make_site(tmp_path, {"mkdocs.yml": mkdocs_yml(("en",)) + SNIPPETS_YML, ".env": f"SECRET={SECRET}\n", **files},
                     locales=("en",))
    _assert_both_refuse(root, where, words)


def test_a_year_within_the_window_builds(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"findings/2114/near.md": FRONT}, locales=("en",))
    assert check_site(root).returncode == 0
