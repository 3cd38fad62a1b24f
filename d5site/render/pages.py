"""The generated pages: which exist, where they live, and their Markdown from Jinja templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

import jinja2
import markdown as _markdown
from markupsafe import Markup

from d5site.core import urls
from d5site.core.catalog import Catalog
from d5site.core.charter import Charter
from d5site.core.model import Content, Document
from d5site.core.siteconfig import SiteConfig
from d5site.core.urls import locale_prefix
from d5site.render.bodies import BodyRenderer
from d5site.render.charterpages import CharterPages
from d5site.render.findingpages import FindingPages
from d5site.render.localtext import LocaleText
from d5site.render.memberpages import MemberPages
from d5site.render.pagebodies import PageBodies
from d5site.render.pagelinks import PageLinks, charter_years
from d5site.render.rawhtml import html_block
from d5site.render.sanitize import sanitize
from d5site.render.statuspage import TranslationStatus

_MD_SPECIAL = {c: "\\" + c for c in "\\`*_[]{}#+!|~"}
_MD_TEXT = str.maketrans({**_MD_SPECIAL, "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md_text(value: Any) -> Markup:
    """Plain text made safe inside Markdown: Markdown punctuation backslash-escaped, `& < >` as entities.

    One pass, so an entity is never itself escaped: `'` and `"` stay as they are
    (harmless in Markdown text), since `html.escape` would turn them into `&#39;`,
    whose `#` the Markdown escaping then broke into a visible "&#39;" in the
    page title and header.
    """
    return Markup(str(value).translate(_MD_TEXT))


@dataclass(frozen=True)
class PageSpec:
    """One generated page, independent of locale."""

    src_uri: str
    """Its path as if it were a docs/ file (default locale), e.g. findings/2018/x.md."""
    template: str
    """Template name under d5site/pages/."""
    in_nav: bool = False
    document: Document | None = None
    """For pages that show one document: the page is a fallback where it is untranslated."""
    searchable: bool = True
    """False for pages that only repeat what other pages say (reports, member lists, status):
    they stay out of the search index, so results lead to the finding itself."""
    args: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def page_specs(content: Content) -> list[PageSpec]:
    """Every generated page, in navigation order."""
    charter = Charter(content)
    specs = [PageSpec(urls.FINDINGS, "findings.md", in_nav=True)]
    for year in sorted(content.years, reverse=True):
        specs.append(PageSpec(urls.year_page(year), "year.md", in_nav=True, args={"year": year}))
    for (year, fid), finding in sorted(content.findings.items()):
        specs.append(PageSpec(urls.finding_page(year, fid), "finding.md", document=finding, args={"finding": finding}))
    for year in sorted(content.years):
        specs.append(PageSpec(urls.report_page(year), "report.md", searchable=False, args={"year": year}))
    if content.themes:
        specs.append(PageSpec(urls.THEMES, "themes.md", searchable=False))
        for tid, theme in content.themes.items():
            specs.append(PageSpec(urls.theme_page(tid), "theme.md", searchable=False, args={"theme": theme}))
    specs.append(PageSpec(urls.CHARTER, "edition.md", in_nav=True, args={"current": True}))
    for year in sorted(content.editions, reverse=True):
        specs.append(PageSpec(urls.charter_page(year), "edition.md", in_nav=True, args={"edition": content.editions[year]}))
    for old, new in charter.pairs():
        # Every pair of editions, n(n-1)/2 pages: not in the navigation (linked from each edition page),
        # and out of the search index: they repeat the editions' texts, and their number grows with the square of the editions'.
        specs.append(PageSpec(urls.compare_page(old.year, new.year), "compare.md", searchable=False, args={"old": old, "new": new}))
    for year in charter_years(content):
        if year not in content.editions:
            # The charter as in force in a year without an edition: not in the navigation
            # (editions are), linked from that year's findings page.
            # Its text is that edition's: out of the search index, so that results lead to the edition.
            specs.append(PageSpec(urls.charter_page(year), "edition.md", searchable=False,
                                  args={"edition": charter.edition_in_force(year), "in_force_year": year}))
    specs.append(PageSpec(urls.PRINCIPLES, "principles.md", in_nav=True))
    for pid in sorted(content.principles):
        specs.append(PageSpec(urls.principle_page(pid), "principle.md", args={"principle": content.principles[pid]}))
    specs.append(PageSpec(urls.MEMBERS, "members.md", in_nav=True))
    for member in sorted(content.public_members(), key=lambda m: m.code):
        # A member page is searchable when it carries a published statement of interest, text no other page has.
        searchable = content.published_statement(member.code) is not None
        specs.append(PageSpec(urls.member_page(member.code), "member.md", searchable=searchable, args={"member": member}))
    specs.append(PageSpec(urls.CODE, "code.md", in_nav=True, searchable=False))
    specs.append(PageSpec(urls.TRANSLATIONS, "translations.md", searchable=False))
    return specs


_PARTS: dict[str, type] = {"links": PageLinks, "text": LocaleText, "page_bodies": PageBodies, "charter_pages": CharterPages,
                            "member_pages": MemberPages, "finding_pages": FindingPages, "status": TranslationStatus}
"""The view's collaborators (attribute -> class), in the order in which they answer a name."""


class View:
    """What templates see of the site in one locale (`v`), with links relative to one page.

    Collaborators do the work, one per job: `links` (links from the page being
    rendered), `text` (labels, dates, translations, names, `lang` attributes),
    `page_bodies` (documents' bodies placed in the page), and what each family of
    pages shows: `charter_pages`, `member_pages`, `finding_pages`, `status` (the
    translation status page). A template reads any of their names on `v` itself
    (`v.member_url` is `v.links.member_url`, `v.growth()` is `v.member_pages.growth()`):
    the names page templates read, d5site's and a site's overrides alike, whichever
    collaborator does the job. Python code had better call the collaborators.
    """

    __slots__ = ("site", "site_name", "content", "charter", "locale", "catalog", "links", "text", "page_bodies", "charter_pages",
                 "member_pages", "finding_pages", "status", "_parts", "_routes")
    # No other attribute: setting a collaborator's name on the view (`v.here = ...`) would hide the collaborator's; it fails instead.

    def __init__(self, site: SiteConfig, content: Content, charter: Charter, locale: str, catalog: Catalog, use_directory_urls: bool = True,
                 bodies: BodyRenderer | None = None, site_name: str = "", source_links: bool = False) -> None:
        self.site = site
        self.site_name = site_name
        """The organisation publishing the site (mkdocs.yml's `site_name`, as static-i18n gives it for this locale)."""
        self.content = content
        self.charter = charter
        self.locale = locale
        self.catalog = catalog
        self.links = PageLinks(content, locale_prefix(locale, site.default_locale), use_directory_urls, source_links)
        self.text = LocaleText(site, content, locale, catalog)
        self.page_bodies = PageBodies(self.text, self.links, bodies)
        self.charter_pages = CharterPages(content, charter, self.text)
        self.member_pages = MemberPages(content, self.text, self.charter_pages)
        self.finding_pages = FindingPages(site, content, self.text, self.links, site_name)
        self.status = TranslationStatus(site, content, self.text, self.links)
        self._parts: tuple[object, ...] = tuple(getattr(self, part) for part in _PARTS)
        self._routes: dict[str, object] = {}
        """Name -> the collaborator that has it, as templates read them."""

    def open_page(self, src_uri: str) -> None:
        """Start rendering page `src_uri`: links are written from it, and its table of contents starts empty."""
        self.links.open(src_uri)
        self.page_bodies.page_headings = []

    def __getattr__(self, name: str) -> Any:
        """`v.<name>` that is neither the view's own nor a collaborator's class attribute (those are `_route`s): an
        attribute a collaborator sets on itself (`here`, `page_headings`), the first's (in the order of `_parts`) that has it."""
        if not name.startswith("_"):
            part = self._routes.get(name)
            if part is None:
                part = next((p for p in self._parts if name in vars(p) or hasattr(type(p), name)), None)
                if part is not None:
                    self._routes[name] = part
            if part is not None:
                return getattr(part, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def _route(part: str, name: str) -> property:
    """`v.<name>` read as `v.<part>.<name>`, in C (`attrgetter`): templates read such names hundreds of thousands of
    times a build, and `__getattr__` runs only after a failed lookup."""
    return property(attrgetter(f"{part}.{name}"), doc=f"`v.{part}.{name}`")


def _add_routes(view: type[View], parts: dict[str, type]) -> None:
    """A `_route` on `view` for each public class attribute (methods, properties) of each collaborator's class, the
    first collaborator's where two had one (none do: tests/test_view.py)."""
    for part, cls in parts.items():
        for name in dir(cls):
            if not name.startswith("_") and not hasattr(view, name):
                setattr(view, name, _route(part, name))


_add_routes(View, _PARTS)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled page templates kept for the life of the process, keyed by name and source checksum.

    Each build makes a fresh environment; `mkdocs serve` rebuilds in the same
    process, and compiling the templates again was a tenth of a preview rebuild.
    An edited template has another checksum, so it is compiled again.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def environment(custom_dir: Path | None = None, markdown: Callable[[str], str] | None = None) -> jinja2.Environment:
    """The autoescaped Jinja environment of page templates; a site overrides them in custom_dir/d5site/.

    `markdown` renders Markdown to HTML for the `markdown` filter (`{{ text | markdown }}`,
    sanitized like bodies); by default plain Python-Markdown. Bodies themselves go
    through `v.body_html` (`PageBodies.body_html`; or the `body` filter: `{{ finding | body }}`).
    """
    loaders: list[jinja2.BaseLoader] = []
    if custom_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(custom_dir)))
    loaders.append(jinja2.PackageLoader("d5site", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one environment per build: no need to stat each template at every include
        bytecode_cache=_BYTECODE,
    )
    env.filters["md"] = md_text
    render = markdown or (lambda text: _markdown.markdown(text))
    env.filters["markdown"] = lambda text: Markup(sanitize(render(text)))
    env.filters["body"] = jinja2.pass_context(lambda context, document, **kw: context["v"].body_html(document, **kw))
    env.filters["html_block"] = html_block
    env.tests["contains"] = lambda container, item: item in container
    return env


class Renderer:
    """Renders generated pages' Markdown for one locale."""

    def __init__(self, env: jinja2.Environment, view: View):
        self.env = env
        self.view = view

    def render_body(self, spec: PageSpec) -> str:
        """The Markdown of `spec` in this renderer's locale, without its front matter."""
        view = self.view
        view.open_page(spec.src_uri)
        template = self.env.get_template(f"d5site/pages/{spec.template}")
        return template.render(v=view, t=view.text.t, spec=spec, **spec.args)

    @staticmethod
    def front_matter(spec: PageSpec) -> str:
        """The front matter block that goes before `spec`'s Markdown: out of the search index, or nothing."""
        return "" if spec.searchable else "---\nsearch:\n  exclude: true\n---\n"
