"""Helpers for tests on built sites: a small HTML tree (stdlib html.parser), page lookup, link resolution, builds.

    result = build_site(root)                       # `mkdocs build --strict` in a subprocess
    site = BuiltSite(root / "site")
    page = site.page("fr/findings/2018/x/")          # parsed once, cached
    article = page.article                          # Material's <article class="md-content__inner">
    for a in article.find_all("a", cls="d5-chip"):
        url, fragment = page.resolve(a["href"])     # site-relative URL ("fr/charter/2018/"), fragment

Only the standard library: html.parser builds a lenient tree (void elements,
end tags closing whatever is open above them); text is entity-decoded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

SITE_URL = "https://example.org/"
"""The site_url of tests/sitetree.py's mkdocs.yml."""

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class Node:
    """An element: tag, attributes, children (Nodes and text), parent."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None = None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    def __repr__(self) -> str:
        attrs = " ".join(f'{k}="{v}"' for k, v in self.attrs.items())
        return f"<{self.tag}{' ' + attrs if attrs else ''}>"

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def elements(self) -> list[Node]:
        """Child elements (no text)."""
        return [c for c in self.children if isinstance(c, Node)]

    def iter(self) -> Iterator[Node]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def matches(self, tag: str | None = None, cls: str | None = None, id: str | None = None, **attrs: str) -> bool:
        if tag is not None and self.tag != tag:
            return False
        if cls is not None and cls not in self.classes:
            return False
        if id is not None and self.attrs.get("id") != id:
            return False
        return all(self.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())

    def find_all(self, tag: str | None = None, cls: str | None = None, id: str | None = None, **attrs: str) -> list[Node]:
        """Elements below this one (not itself) matching tag, class, id and attribute values."""
        return [n for n in self.iter() if n is not self and n.matches(tag, cls, id, **attrs)]

    def find(self, tag: str | None = None, cls: str | None = None, id: str | None = None, **attrs: str) -> Node | None:
        found = self.find_all(tag, cls, id, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, cls: str | None = None, id: str | None = None, **attrs: str) -> Node:
        """The only matching element; fails otherwise."""
        found = self.find_all(tag, cls, id, **attrs)
        assert len(found) == 1, f"expected one {tag or '*'}.{cls or ''}#{id or ''} {attrs or ''} in {self!r}, found {len(found)}"
        return found[0]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def lang(self) -> str | None:
        """The language of this element's text: its own `lang`, else the nearest ancestor's."""
        for node in (self, *self.ancestors()):
            if "lang" in node.attrs:
                return node.attrs["lang"]
        return None

    def find_text(self, text: str) -> Node:
        """The innermost element whose text contains `text`."""
        found = [n for n in self.iter() if text in n.text and not any(text in c.text for c in n.elements)]
        assert found, f"{text!r} not in {self!r}"
        return found[0]

    def inside(self, tag: str | None = None, cls: str | None = None) -> bool:
        """Whether an ancestor matches."""
        return any(a.matches(tag, cls) for a in self.ancestors())

    @property
    def raw_text(self) -> str:
        """All text below, as it is (entities decoded)."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.raw_text)
        return "".join(parts)

    @property
    def text(self) -> str:
        """All text below, whitespace collapsed."""
        return " ".join(self.raw_text.split())

    def following_siblings(self) -> list[Node]:
        """Element siblings after this one."""
        assert self.parent is not None
        siblings = self.parent.elements
        return siblings[siblings.index(self) + 1 :]

    def section(self) -> list[Node]:
        """For a heading: the elements after it up to the next heading of the same or a higher level."""
        assert self.tag in HEADINGS, self
        level = int(self.tag[1])
        result = []
        for sibling in self.following_siblings():
            if sibling.tag in HEADINGS and int(sibling.tag[1]) <= level:
                break
            result.append(sibling)
        return result


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """The document tree of `html` (root tag '#document')."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def url_to_path(url: str) -> str:
    """A site-relative URL to the file that serves it: 'fr/charter/' -> 'fr/charter/index.html'."""
    path = url.split("#", 1)[0]
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def resolve(href: str, page_url: str, site_url: str = SITE_URL) -> tuple[str, str] | None:
    """Where a link on the page at `page_url` goes, as (site-relative URL, fragment); None if off-site."""
    absolute = urljoin(site_url + page_url, href)
    parts, base = urlsplit(absolute), urlsplit(site_url)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base.path):
        return None
    return parts.path[len(base.path) :], parts.fragment


class Page:
    """One built HTML page."""

    def __init__(self, url: str, html: str):
        self.url = url
        self.html = html

    @cached_property
    def doc(self) -> Node:
        return parse(self.html)

    @cached_property
    def article(self) -> Node:
        """Material's content area."""
        return self.doc.one("article", cls="md-content__inner")

    @property
    def lang(self) -> str | None:
        return self.doc.one("html").get("lang")

    @property
    def title(self) -> str:
        """The text of <title>."""
        return self.doc.one("title").text

    @property
    def canonical(self) -> str | None:
        link = self.doc.one("head").find("link", rel="canonical")
        return link.get("href") if link else None

    @property
    def hreflang(self) -> dict[str, str]:
        """<link rel=alternate hreflang> in head: locale -> absolute URL."""
        head = self.doc.one("head")
        return {
            link["hreflang"]: urljoin(SITE_URL + self.url, link["href"])
            for link in head.find_all("link")
            if "alternate" in link.get("rel", "").split() and "hreflang" in link.attrs
        }

    @property
    def switcher(self) -> dict[str, str]:
        """d5site's language switcher: locale -> site-relative URL it leads to (the current locale: this page)."""
        nav = self.doc.one("nav", cls="d5-languages")
        result = {nav.one("span", cls="d5-languages__current")["lang"]: self.url}
        for link in nav.find_all("a", cls="d5-languages__link"):
            target = resolve(link["href"], self.url)
            assert target is not None, link
            result[link["lang"]] = target[0]
        return result

    @property
    def primary_nav(self) -> Node:
        return self.doc.one("nav", cls="md-nav--primary")

    def resolve(self, href: str) -> tuple[str, str] | None:
        return resolve(href, self.url)

    def nav_section(self, title: str) -> list[tuple[str, str]]:
        """(text, site-relative URL) of each page link in the primary navigation's section titled `title` (the section's
        own label is not a link, nor the current page's table of contents there); fails if no section has that title."""
        nav = self.primary_nav
        labels = [n for n in nav.find_all(cls="md-nav__link") if n.tag != "a" and n.text == title]
        assert labels, f"{self.url}: no navigation section titled {title!r}"
        item = next(a for a in labels[0].ancestors() if a.tag == "li")
        links = []
        for a in item.find_all("a", cls="md-nav__link"):
            if a.inside("nav", "md-nav--secondary"):
                continue
            target = self.resolve(a["href"])
            assert target is not None, a
            links.append((a.text, target[0]))
        return links

    def heading(self, id: str) -> Node:
        """The heading with this id in the content."""
        found = [n for n in self.article.find_all(id=id) if n.tag in HEADINGS]
        assert len(found) == 1, f"{self.url}: expected one heading #{id}, found {len(found)}"
        return found[0]


class BuiltSite:
    """A built site folder (`site/`), read page by page."""

    def __init__(self, site_dir: Path):
        self.dir = site_dir
        self._pages: dict[str, Page] = {}

    def exists(self, url: str) -> bool:
        return (self.dir / url_to_path(url)).is_file()

    def page(self, url: str) -> Page:
        """The page at a site-relative URL ('' is the home page)."""
        url = url.split("#", 1)[0]
        if url not in self._pages:
            path = self.dir / url_to_path(url)
            assert path.is_file(), f"no page at /{url} ({path})"
            self._pages[url] = Page(url, path.read_text("utf-8"))
        return self._pages[url]

    def html_files(self) -> list[Path]:
        return sorted(self.dir.rglob("*.html"))

    def url_of(self, path: Path) -> str:
        """The site-relative URL of a built HTML file."""
        rel = path.relative_to(self.dir).as_posix()
        if rel == "index.html":
            return ""
        return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command; output captured as UTF-8 text; never raises on failure."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=300, check=False)


def build_site(root: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build [--strict]` of the site at `root` (output in root/site) in a subprocess."""
    argv = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml")]
    if strict:
        argv.append("--strict")
    return run(argv, cwd=root)


def built_site(built: tuple[Path, subprocess.CompletedProcess[str]]) -> BuiltSite:
    """The site a `(root, result)` build wrote, once the build is known to have succeeded."""
    root, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(root / "site")


def check_site(root: Path) -> subprocess.CompletedProcess[str]:
    """`d5site check` of the site at `root` in a subprocess."""
    return run([sys.executable, "-m", "d5site.cli", "check", "--config", str(root / "mkdocs.yml")], cwd=root)


MATERIAL_SEARCH = Path(__file__).parent / "data" / "material_search.js"
"""Runs Material's search worker in Node on a search index (see the script's header)."""


def material_search(site_dir: Path, index: Path, *queries: str) -> dict[str, list[str]]:
    """Each query's results (locations, best first), as the site's own copy of Material's search worker gives them."""
    import json
    import shutil

    node = shutil.which("node") or shutil.which("nodejs")
    assert node is not None, "Node.js is required (scripts/test installs the test tools)"
    worker = next((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    result = subprocess.run(
        [node, str(MATERIAL_SEARCH), str(worker), str(index), *queries], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
