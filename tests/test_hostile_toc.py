"""Issue 16: headings, catalog labels and titles are text in every table of contents, nav, `<title>` and search index.

One `mkdocs build --strict` (module scope) of tests/sitetree.py's default tree (en, fr,
ko) whose finding bodies, year overview and statement of interest carry hostile
headings, whose site catalogs (`catalogs_dir`) give hostile labels in every locale, and
whose titles carry markup. Assertions are on the final HTML (parsed with
tests/htmlutil.py) and on each locale's search index: every hostile string reads
as the text it is, and nothing in it became an element or an attribute.
Hypothesis feeds generated headings and labels to the functions that make the
titles (`Heading`, `View.toc_heading`, the toc of marked HTML runs, `section_titles`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings, strategies as st

from htmlutil import BuiltSite, Node, parse
from sitetree import BASE_TREE, build_tree, make_site

LOCALES = ("en", "fr", "ko")
PREFIX = {"en": "", "fr": "fr/", "ko": "ko/"}

HEADINGS = [
    "`<img src=/ onerror=alert(document.domain)>`",
    "<script>alert(1)</script> after",
    "&lt;img src=/ onerror=alert(2)&gt;",
    "&amp;lt;b&amp;gt;entity&amp;lt;/b&amp;gt;",
    '"><svg onload=alert(3)>',
    "`</a><img src=/ onerror=alert(4)>`",
    "Tom & Jerry's <b>bold</b> \\<i\\>",
]
"""Markdown headings of a body; each one's text as a reader sees it is in TEXTS."""

TEXTS = [
    "<img src=/ onerror=alert(document.domain)>",
    "after",  # raw HTML in a body is removed by the sanitizer; its text stays
    "<img src=/ onerror=alert(2)>",
    "&lt;b&gt;entity&lt;/b&gt;",
    '">',
    "</a><img src=/ onerror=alert(4)>",
    "Tom & Jerry's bold \\<i>",  # Python-Markdown does not take \\< as an escape
]

STATEMENT_HEADING = "<script>alert(1)</script>"
LABEL = "<img src=/ onerror=alert(4)>"
"""A catalog label: text, whatever it holds."""


def _label(key: str, locale: str) -> str:
    return f"{LABEL} {key} {locale} `x` *y* [z](javascript:alert(5))"


CATALOG_KEYS = tuple(yaml.safe_load((Path(__file__).parent.parent / "d5site/locales/en.yml").read_text("utf-8")))
"""Every label d5site ships: each one is hostile in the site's catalogs."""

BODY = "Intro.\n\n" + "".join(f"## {h}\n\nText {i}.\n\n" for i, h in enumerate(HEADINGS))

MEMBERS = BASE_TREE["charter/members.yml"].replace(
    "ca:\n  joined: 2018\n",
    "ca:\n  joined: 2018\n  accession:\n    proposed_by: kr\n    seconded_by: gb\n    agreed: 2018-02-22\n    statement: ca\n",
)
STATEMENT = (
    "---\ntitle: Statement of Canada <img src=/ onerror=alert(6)>\ndate: 2018-02-01\n---\nIntro.\n\n"
    f"## {STATEMENT_HEADING} {{ #user-needs }}\n\nUsers.\n\n"
    f"## `{LABEL}` {{ #open-standards }}\n\nStandards.\n\n### {HEADINGS[0]}\n\nMore.\n\n"
    "## Help { #assisted-digital }\n\nHelp.\n\n"
    "## Record & <b>more</b> { #record }\n\nRecord.\n"
)
STATEMENT_FR = STATEMENT.replace("date: 2018-02-01\n", "").replace("Statement of Canada", "Déclaration du Canada")

FILES: dict[str, str | None] = {
    "mkdocs.yml": BASE_TREE["mkdocs.yml"].replace("  - d5site\n", "  - d5site:\n      catalogs_dir: catalogs\n"),
    **{f"catalogs/{loc}.yml": "".join(f"{key}: {json.dumps(_label(key, loc))}\n" for key in CATALOG_KEYS) for loc in LOCALES},
    "charter/members.yml": MEMBERS,
    "charter/statements/ca.md": STATEMENT,
    "charter/statements/ca.fr.md": STATEMENT_FR,
    "findings/2014/shared-code.md": (
        "---\n"
        "title: 'Sharing <img src=/ onerror=alert(7)> code \u200f'\n"  # a right-to-left mark is text
        "members: [gb, ee]\n"
        "principles: [open-standards, user-needs]\n"
        "date: 2014-12-10\n"
        "---\n" + BODY
    ),
    "findings/2014/shared-code.fr.md": "---\ntitle: Partager <script>alert(8)</script>\n---\n" + BODY,
    "findings/2014/index.md": BASE_TREE["findings/2014/index.md"] + "\n" + BODY,
    "findings/2014/index.fr.md": BASE_TREE["findings/2014/index.fr.md"] + "\n" + BODY,
    "findings/2014/shared-code.ko.md": None,
}
FINDING = "findings/2014/shared-code/"
PAGES_WITH_BODY_TOC = ("findings/2014/shared-code/", "findings/2014/", "reports/2014/")
"""Pages that show the finding's body (and the overview's), whose table of contents lists its headings."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    return build_tree(make_site(tmp_path_factory.mktemp("hostile-toc"), FILES, LOCALES, stamp=True), checked=True)


# -- what may never appear ------------------------------------------------------

HOSTILE_TAGS = frozenset({"script", "img", "iframe", "b", "i", "code", "em", "strong"})


def injected(node: Node) -> list[str]:
    """Elements and attributes below `node` that can only have come from hostile text."""
    found = []
    for element in node.iter():
        for name, value in element.attrs.items():
            if name.startswith("on") or (name in ("href", "src") and "javascript:" in value.lower()):
                found.append(f"{element!r}: attribute {name}={value!r}")
        if element.tag == "script" and "alert(" in element.raw_text:
            found.append(f"{element!r}: script {element.raw_text!r}")
        if element.tag == "img" and element.get("src") == "/":
            found.append(f"{element!r}: image")
    return found


def labels(nav: Node) -> list[str]:
    """The text of each link and label of a navigation."""
    return [n.text for n in nav.iter() if n.tag in ("a", "label") and n.text]


def plain(nav: Node) -> list[str]:
    """Elements inside a navigation's links that Material does not write (d5site's text never adds any)."""
    return [f"{a!r} > {e!r}" for a in nav.iter() if a.tag == "a" for e in a.iter() if e is not a and e.tag in HOSTILE_TAGS]


def _toc(page: Node) -> Node:
    navs = page.find_all("nav", cls="md-nav--secondary")
    assert navs, "no table of contents"
    return navs[0]


# -- 1. tables of contents --------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("url", PAGES_WITH_BODY_TOC)
def test_toc_lists_body_headings_as_text(hostile: tuple[Path, BuiltSite], locale: str, url: str) -> None:
    """Headings of a finding body (and a year overview) in the TOC of the finding, year and report pages: text."""
    _, site = hostile
    page = site.page(PREFIX[locale] + url)
    toc = _toc(page.doc)
    assert injected(toc) == [] and plain(toc) == []
    listed = labels(toc)
    for text in TEXTS:
        assert text in listed, (text, listed)


@pytest.mark.parametrize("locale", LOCALES)
def test_toc_lists_statement_sections_as_text(hostile: tuple[Path, BuiltSite], locale: str) -> None:
    """A statement of interest's section headings in the member page's TOC: text."""
    _, site = hostile
    page = site.page(PREFIX[locale] + "members/ca/")
    toc = _toc(page.doc)
    assert injected(toc) == [] and plain(toc) == []
    listed = labels(toc)
    for text in (STATEMENT_HEADING, f"`{LABEL}`", TEXTS[0], "Record & <b>more</b>"):  # a section heading is text as written
        assert text in listed, (text, listed)
    assert page.heading("user-needs").text == STATEMENT_HEADING


# -- 2. catalog labels ------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_labels_are_text_in_navigation(hostile: tuple[Path, BuiltSite], locale: str) -> None:
    _, site = hostile
    for url in ("", "findings/", FINDING, "members/ca/", "charter/"):
        page = site.page(PREFIX[locale] + url)
        nav = page.primary_nav
        assert injected(nav) == [] and plain(nav) == [], url
        listed = labels(nav)
        for key in ("findings", "members", "charter"):
            assert _label(key, locale) in listed, (url, key, listed)


# -- 3. <title>, meta, header and the whole page --------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_titles_and_meta_are_text(hostile: tuple[Path, BuiltSite], locale: str) -> None:
    _, site = hostile
    expected = {"findings/": _label("findings", locale), "members/": _label("members", locale),
                FINDING: "Partager <script>alert(8)</script>" if locale == "fr" else "Sharing <img src=/ onerror=alert(7)> code \u200f"}
    for url, title in expected.items():
        page = site.page(PREFIX[locale] + url)
        assert page.title == f"{title} – Test site"
        head = page.doc.one("head")
        assert injected(head) == []
        assert [e.tag for e in head.iter() if e.tag in HOSTILE_TAGS - {"script"}] == []
        assert page.doc.one("div", cls="md-header__topic", data_md_component="header-topic").text == title


def test_no_markup_from_content_on_any_page(hostile: tuple[Path, BuiltSite]) -> None:
    _, site = hostile
    problems = []
    for path in site.html_files():
        page = site.page(site.url_of(path))
        problems += [f"{page.url}: {p}" for p in injected(page.doc)]
        for nav in page.doc.find_all("nav"):
            problems += [f"{page.url}: {p}" for p in plain(nav)]
    assert problems == []


# -- 4. search index ----------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
def test_search_index_holds_escaped_text(hostile: tuple[Path, BuiltSite], locale: str) -> None:
    _, site = hostile
    index = json.loads((site.dir / PREFIX[locale] / "search/search_index.json").read_text("utf-8"))
    titles = []
    for doc in index["docs"]:
        for field in ("title", "text"):  # text, or HTML from the sanitizer and Material (a code span stays <code>)
            assert injected(parse(doc[field])) == [], (field, doc)
        titles.append(parse(doc["title"]).raw_text)
    for text in TEXTS:
        assert text in titles, (text, titles)


# -- unit functions, with generated text ----------------------------------------------

SETTINGS = settings(deadline=None, database=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
hostile_text = st.lists(st.one_of(
    st.sampled_from(["<", ">", "&", '"', "'", "`", "<img src=/ onerror=alert(1)>", "<script>", "</a>", "&lt;", "&amp;",
                     "&#60;", "\\", "*", "[x](javascript:alert(1))", "<!--", "-->", "{ #id }", "\u202e", "\u200f"]),
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=8)), min_size=1, max_size=6).map("".join)


def _only_text(html_text: str) -> str:
    """`html_text` parsed: fails if it holds any element; its text otherwise."""
    tree = parse(f"<a>{html_text}</a>")
    anchor = tree.elements[0]
    assert anchor.elements == [], html_text
    return anchor.raw_text


@SETTINGS
@given(text=hostile_text)
def test_heading_titles_are_escaped_where_made(text: str) -> None:
    """Whoever makes a Heading (a body, a template), its title is HTML whose text is the text given."""
    from d5site.render.bodies import Heading

    heading = Heading(2, "x", text)
    assert _only_text(heading.title) == text
    assert Heading(3, "y", heading.title).title == heading.title  # escaped once, not twice


@SETTINGS
@given(text=hostile_text)
def test_toc_heading_of_a_template_is_escaped(text: str) -> None:
    from d5site.core.catalog import Catalog
    from d5site.core.charter import Charter
    from d5site.core.model import Content
    from d5site.core.siteconfig import Options, SiteConfig
    from d5site.render.pages import View

    site = SiteConfig(root=Path("."), default_locale="en", locales=["en"], locale_names={}, options=Options())
    content = Content(default_locale="en", locales=["en"])
    view = View(site, content, Charter(content), "en", Catalog("en"))
    assert view.toc_heading(3, "user-needs", text) == ""
    assert _only_text(view.page_headings[0].title) == text


@SETTINGS
@given(texts=st.lists(hostile_text, min_size=1, max_size=5))
@example(texts=["__", "Title"])  # an id the sanitizer refuses: the heading has no anchor, hence no entry
def test_toc_of_marked_runs_titles_are_text(texts: list[str]) -> None:
    """Body headings rendered by the site's Markdown, placed in a marked HTML run, joined to the toc: every title is escaped text."""
    import markdown
    from mkdocs.structure.toc import get_toc

    from d5site.render.bodies import BodyRenderer, default_markdown
    from d5site.render.rawhtml import RawHtmlExtension, html_block, toc_marker

    body = "".join(f"## {t}\n\nText.\n\n" for t in texts)
    rendered = BodyRenderer(default_markdown(), None).render("findings/2014/x.md", body, "en")
    html_text, headings = rendered.place(lambda target: target, 2, "")
    md = markdown.Markdown(extensions=["toc", RawHtmlExtension()])
    md.convert("# Page\n" + str(html_block(html_text)) + toc_marker(headings))
    toc = get_toc(md.toc_tokens)  # type: ignore[attr-defined]
    # A heading whose id the sanitizer refused (`__x` could clobber the page's own ids) has no anchor: no entry.
    assert sum(len(item.children) for item in toc) == len({h.id for h in headings if h.id})
    for item in toc:
        for child in [item, *item.children]:
            _only_text(child.title)
            assert "<" not in child.title and ">" not in child.title


@SETTINGS
@given(label=hostile_text.filter(bool))
def test_nav_titles_from_catalogs_are_escaped(label: str) -> None:
    from d5site.compile.nav import section_titles
    from d5site.core.catalog import Catalog

    catalog = Catalog("en")
    catalog.messages = {key: label for key in catalog.messages}  # as a site catalog would give them
    for title in section_titles(catalog).values():
        assert _only_text(title) == label
