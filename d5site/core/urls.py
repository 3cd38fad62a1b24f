"""The URL scheme of a site (CONTRACT §8), in one place: generated pages, locale prefixes, feeds, open data, absolute URLs.

A generated page is named by its `src_uri`: its path as if it were a docs/ file of
the default locale (`findings/2018/x.md`). `page_url` turns it into the page's
site-relative URL in a locale (`fr/findings/2018/x/`, or `fr/findings/2018/x.html`
without `use_directory_urls`); `UrlScheme` does the same for one site's settings.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

# -- generated pages (src_uri) -----------------------------------------------------

FINDINGS = "findings/index.md"
"""`/findings/`: all years."""
THEMES = "findings/themes/index.md"
"""`/findings/themes/`: the themes and their findings."""
CHARTER = "charter/index.md"
"""`/charter/`: the edition in force now."""
PRINCIPLES = "charter/principles/index.md"
"""`/charter/principles/`: every principle ever."""
MEMBERS = "members/index.md"
"""`/members/`: the members and candidates."""
CODE = "code/index.md"
"""`/code/`: code and solutions shared in findings."""
TRANSLATIONS = "translations/index.md"
"""`/translations/`: the translation status of every item."""


def year_page(year: int) -> str:
    """`/findings/<year>/`: a year's findings. A page of the Findings section, not a section of its own: `findings/<year>.md`."""
    return f"findings/{year}.md"


def finding_page(year: int, finding_id: str) -> str:
    """`/findings/<year>/<finding-id>/`: one finding."""
    return f"findings/{year}/{finding_id}.md"


def theme_page(theme_id: str) -> str:
    """`/findings/themes/<theme-id>/`: one theme's findings."""
    return f"findings/themes/{theme_id}.md"


def report_page(year: int) -> str:
    """`/reports/<year>/`: a year's findings as one publication."""
    return f"reports/{year}.md"


def charter_page(year: int) -> str:
    """`/charter/<year>/`: the edition adopted in `year`, or the charter as in force that year."""
    return f"charter/{year}.md"


def compare_page(old_year: int, new_year: int) -> str:
    """`/charter/compare/<a>-<b>/`: every principle's change from edition `a` to edition `b` (a < b)."""
    return f"charter/compare/{old_year}-{new_year}.md"


def principle_page(principle_id: str) -> str:
    """`/charter/principles/<principle-id>/`: one principle's history."""
    return f"charter/principles/{principle_id}.md"


def member_page(code: str) -> str:
    """`/members/<code>/`: one member or candidate."""
    return f"members/{code}.md"


def revision_fragment(year: int) -> str:
    """The fragment of a revision on its principle's page: `r<year>`."""
    return f"r{year}"


STATEMENT_FRAGMENT = "statement"
"""The fragment of a statement of interest on its member's page."""

# -- files outside the pages ---------------------------------------------------------

FEED = "feed.xml"
"""The Atom feed of findings, at the root of each locale."""
DATA_DIR = "data"
"""The folder of open data files, once at the site root (every locale in each file)."""


def data_path(name: str) -> str:
    """An open data file's path under the site root: `data/<name>`."""
    return f"{DATA_DIR}/{name}"


def locale_prefix(locale: str | None, default_locale: str) -> str:
    """The folder of a locale's pages: `""` for the default locale (and None), else `<locale>/`."""
    return "" if locale is None or locale == default_locale else f"{locale}/"


def feed_path(locale: str, default_locale: str) -> str:
    """Where a locale's feed lives, relative to the site root: `feed.xml` or `<locale>/feed.xml`."""
    return locale_prefix(locale, default_locale) + FEED


# -- URL arithmetic ------------------------------------------------------------------


def page_url(src_uri: str, prefix: str = "", use_directory_urls: bool = True) -> str:
    """The site-relative URL of a page: findings/2018/x.md -> [fr/]findings/2018/x/ (or x.html without directory URLs)."""
    stem = src_uri[:-3]
    if use_directory_urls:
        if stem == "index" or stem.endswith("/index"):
            url = stem[: -len("index")]
        else:
            url = stem + "/"
    else:
        url = stem + ".html"
    return f"{prefix}{url}"


def with_fragment(url: str, fragment: str = "") -> str:
    """`url#fragment`, or `url` without a fragment."""
    return f"{url}#{fragment}" if fragment else url


def absolute_url(site_url: str, path: str) -> str:
    """A site-relative path made absolute under `site_url` (with or without its trailing slash)."""
    return site_url.rstrip("/") + "/" + path


def relative_url(target: str, source: str) -> str:
    """A link from the page at `source` to `target` (both site-relative URLs)."""
    target_path, _, fragment = target.partition("#")
    base = source if source.endswith("/") or not source else posixpath.dirname(source) + "/"
    rel = _relpath(target_path, base) if target_path != base else "."
    if target_path.endswith("/") or target_path == "":
        rel = rel.rstrip("/") + "/"
    return with_fragment(rel, fragment)


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath("/" + target, "/" + base), without its normalisation where none is needed (a build makes ~50,000)."""
    to = [part for part in target.split("/") if part]
    start = [part for part in base.split("/") if part]
    if "." in to or ".." in to or "." in start or ".." in start:
        return posixpath.relpath("/" + target, "/" + base)
    common = 0
    for a, b in zip(to, start, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + to[common:]
    return "/".join(parts) if parts else "."


@dataclass(frozen=True)
class UrlScheme:
    """One site's URLs: its default locale, `use_directory_urls` and `site_url` applied to the scheme above."""

    default_locale: str
    use_directory_urls: bool = True
    site_url: str | None = None

    def prefix(self, locale: str | None) -> str:
        """The folder of `locale`'s pages (see `locale_prefix`)."""
        return locale_prefix(locale, self.default_locale)

    def page(self, src_uri: str, locale: str | None = None, fragment: str = "") -> str:
        """The site-relative URL of page `src_uri` in `locale` (the default locale if None)."""
        return with_fragment(page_url(src_uri, self.prefix(locale), self.use_directory_urls), fragment)

    def feed(self, locale: str) -> str:
        """The site-relative path of `locale`'s feed."""
        return feed_path(locale, self.default_locale)

    def public(self, path: str) -> str:
        """A site-relative path as published: absolute under `site_url` when the site has one, else unchanged."""
        return absolute_url(self.site_url, path) if self.site_url else path
