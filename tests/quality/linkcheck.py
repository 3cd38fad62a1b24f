"""Internal link check of a built static site: every internal URL resolves to a file, every #fragment to an id.

    from linkcheck import check_links
    report = check_links(Path("site"), site_url="https://example.org/")
    assert not report.broken, report.describe()

or from a shell, after `mkdocs build`:

    python tests/quality/linkcheck.py site https://example.org/

Checked on every *.html under the build: <a href>, <area href>, <link href>, <script src>,
<img src>, <source src>, <iframe src>. A URL is internal when it is relative, root-relative,
or absolute under `site_url` (such as the canonical and hreflang alternate links MkDocs and
d5site write): it is mapped onto the build folder, where a URL ending in `/` means its
index.html. Other absolute URLs (another host, mailto:, data:, ...) are external and not
checked. A fragment must be the id (or an <a name>) of an element of the target page
(an empty fragment, `#`, always resolves).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

#: (tag, attribute) pairs whose URL is checked.
CHECKED: frozenset[tuple[str, str]] = frozenset(
    {
        ("a", "href"),
        ("area", "href"),
        ("link", "href"),
        ("script", "src"),
        ("img", "src"),
        ("source", "src"),
        ("iframe", "src"),
    }
)


@dataclass(frozen=True)
class Link:
    """One URL found in a page."""

    page: str
    """Path of the page in the build, e.g. `fr/findings/index.html`."""
    line: int
    tag: str
    attr: str
    url: str


@dataclass(frozen=True)
class BrokenLink:
    """A link whose target file or fragment does not exist in the build."""

    link: Link
    reason: str

    def __str__(self) -> str:
        link = self.link
        return f"{link.page}:{link.line}: <{link.tag} {link.attr}=\"{link.url}\">: {self.reason}"


@dataclass
class LinkReport:
    """What check_links found."""

    pages: int = 0
    internal: int = 0
    external: int = 0
    broken: list[BrokenLink] = field(default_factory=list)

    def describe(self, limit: int = 200) -> str:
        """The broken links, one a line (at most `limit`), with counts."""
        lines = [str(b) for b in self.broken[:limit]]
        if len(self.broken) > limit:
            lines.append(f"... and {len(self.broken) - limit} more")
        lines.append(
            f"{len(self.broken)} broken of {self.internal} internal links in {self.pages} pages ({self.external} external not checked)"
        )
        return "\n".join(lines)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in CHECKED:
                self.links.append((self.getpos()[0], tag, name, value))

    handle_startendtag = handle_starttag


@dataclass
class _Page:
    ids: set[str]
    links: list[tuple[int, str, str, str]]


class _Build:
    """Parsed pages of a build, parsed once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pages: dict[Path, _Page] = {}

    def page(self, path: Path) -> _Page:
        if path not in self._pages:
            parser = _PageParser()
            parser.feed(path.read_text("utf-8", errors="replace"))
            parser.close()
            self._pages[path] = _Page(parser.ids, parser.links)
        return self._pages[path]


def _is_html(path: Path) -> bool:
    return path.suffix.lower() in {".html", ".htm"}


def check_links(site_dir: Path, site_url: str | None = None, pages: Iterable[Path] | None = None) -> LinkReport:
    """Check every internal link of every HTML page under `site_dir` (or only of `pages`).

    `site_url` is the site's public base URL (mkdocs.yml's `site_url`); absolute links
    under it are checked against the build. Without it, every absolute URL is external.
    """
    root = site_dir.resolve()
    base = (site_url or "https://d5site.invalid/").rstrip("/") + "/"
    base_parts = urlsplit(base)
    build = _Build(root)
    report = LinkReport()
    for path in sorted(pages if pages is not None else root.rglob("*.html")):
        path = path.resolve()
        rel = path.relative_to(root).as_posix()
        report.pages += 1
        page_url = urljoin(base, rel)
        for line, tag, attr, raw in build.page(path).links:
            url = raw.strip()
            link = Link(rel, line, tag, attr, url)
            if not url:
                report.broken.append(BrokenLink(link, "empty URL"))
                continue
            target = urljoin(page_url, url)
            parts = urlsplit(target)
            if (parts.scheme, parts.netloc) != (base_parts.scheme, base_parts.netloc) or not parts.path.startswith(base_parts.path):
                report.external += 1
                continue
            report.internal += 1
            reason = _resolve(build, root, unquote(parts.path[len(base_parts.path) :]), unquote(parts.fragment))
            if reason:
                report.broken.append(BrokenLink(link, reason))
    return report


def _resolve(build: _Build, root: Path, rel_path: str, fragment: str) -> str | None:
    """None if `rel_path#fragment` exists in the build, else why not."""
    if rel_path == "" or rel_path.endswith("/"):
        file = root / rel_path / "index.html"
    else:
        file = root / rel_path
    try:
        file = file.resolve()
        file.relative_to(root)
    except (OSError, ValueError):
        return "points outside the build"
    if file.is_dir():
        return f"/{rel_path} is a folder: link to /{rel_path}/ (with a trailing slash)"
    if not file.is_file():
        return f"no file /{file.relative_to(root).as_posix()} in the build"
    if fragment and _is_html(file) and fragment not in build.page(file).ids:
        return f"no id \"{fragment}\" in /{file.relative_to(root).as_posix()}"
    return None


def main(argv: list[str]) -> int:
    """`python linkcheck.py SITE_DIR [SITE_URL]`: print broken links; exit 1 if any."""
    if not 1 <= len(argv) <= 2:
        print("usage: python linkcheck.py SITE_DIR [SITE_URL]", file=sys.stderr)
        return 2
    report = check_links(Path(argv[0]), argv[1] if len(argv) > 1 else None)
    print(report.describe(limit=10_000))
    return 1 if report.broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
