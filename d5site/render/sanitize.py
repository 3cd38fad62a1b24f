"""The HTML allowlist of bodies: what Markdown written by many hands may put in a page, enforced with nh3.

Bodies (findings, translations, revisions, year overviews, statements) are
Markdown, and Markdown lets authors write raw HTML and attribute lists. Their
HTML is cleaned here, once per body and locale, before it is placed in any
page: only the elements and attributes below survive; scripts, styles, frames,
forms, event handlers, `style` attributes and every URL other than http(s),
mailto, relative and `#fragment` ones are removed. nh3 (ammonia, html5ever)
parses like a browser, so obfuscated input (entities, whitespace or case in a
`javascript:` URL, unclosed or misnested tags, comments) is judged as a browser
would read it, and its output is always balanced: it can never close or open
an element of the page around it.
"""

from __future__ import annotations

import re

import nh3

from d5site.core.bodylinks import browser_url, url_scheme

TAGS: frozenset[str] = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "a", "img", "abbr", "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite",
    "em", "strong", "i", "b", "u", "s", "small", "mark", "sup", "sub", "ins", "del",
    "span", "div", "details", "summary", "figure", "figcaption", "time",
})
"""Elements kept; any other element is unwrapped (its text stays, the tag goes)."""

REMOVED_WITH_CONTENT: frozenset[str] = frozenset({
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
    "form", "textarea", "select", "button", "input", "frame", "frameset", "noembed", "noframes",
    "applet", "base", "meta", "link", "title",
})
"""Elements removed together with everything inside them."""

GLOBAL_ATTRIBUTES: frozenset[str] = frozenset({"lang", "dir", "title", "id"})

ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "scope", "colspan", "rowspan", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ins": {"cite", "datetime"},
    "del": {"cite", "datetime"},
    "time": {"datetime"},
    "details": {"open"},
}
"""Attributes kept per element, besides GLOBAL_ATTRIBUTES and `class` (see CLASSES).

`style` is kept on table cells only, and only its `text-align` (Python-Markdown's
tables write column alignment that way); every other `style` goes.
"""

STYLE_PROPERTIES: frozenset[str] = frozenset({"text-align"})

ADMONITION_TYPES: frozenset[str] = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
    "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
    "danger", "error", "bug", "example", "quote", "cite",
})
"""Material's admonition (notice) types."""

CLASSES: dict[str, set[str]] = {
    "div": {"admonition", "highlight", "footnote", *ADMONITION_TYPES},
    "details": {"admonition", *ADMONITION_TYPES},
    "p": {"admonition-title"},
    "a": {"headerlink", "footnote-ref", "footnote-backref"},
    "sup": {"footnote-ref"},
}
"""CSS classes kept per element: Material's notices, permalinks and footnotes; nothing that restyles the page."""

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
"""Absolute URLs must use one of these; relative and `#fragment` URLs are kept."""

URL_ATTRIBUTES: dict[str, frozenset[str]] = {
    "href": URL_SCHEMES,
    "src": frozenset({"http", "https"}),
    "cite": frozenset({"http", "https"}),
}
"""Every kept attribute that holds a URL, and the schemes it may use (relative URLs are kept).

nh3 checks the schemes of `href` and `src` only; `cite` (on blockquote, q, ins,
del) is checked here, and every URL is rewritten as a browser reads it
(`browser_url`), so that `\\\\evil.example` is seen, and published, as `//evil.example`.
"""

_ID = re.compile(r"(?!__)[^\s\"'<>&`=]+\Z")
_FLOW_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """Values of kept attributes that are still refused (odd ids, bad `dir`/`lang`, URLs with other schemes), URLs as browsers read them."""
    if name == "id":
        # Ids must not clobber the page's own (`__search`, `__drawer` are Material's) or be empty.
        return value if _ID.match(value) and len(value) <= 128 else None
    if name == "dir":
        return value if value in ("ltr", "rtl", "auto") else None
    if name == "lang" or name == "hreflang":
        return value if _FLOW_LANG.match(value) else None
    schemes = URL_ATTRIBUTES.get(name)
    if schemes is not None:
        url = browser_url(value)
        scheme = url_scheme(url)
        return url if scheme is None or scheme in schemes else None
    if name in ("width", "height", "colspan", "rowspan", "span", "start", "value"):
        return value if value.isdigit() and len(value) <= 5 else None
    return value


def _cleaner() -> nh3.Cleaner:
    """One reusable nh3 cleaner configured with the allowlist above."""
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=_attribute_filter,
        allowed_classes={tag: set(classes) for tag, classes in CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


_CLEANER = _cleaner()


_IMG_TAG = re.compile(r"<img\b([^>]*)>")
_ATTR = re.compile(r'\s([a-z-]+)="([^"]*)"')
_OTHER_HOST = ("http:", "https:", "//")


def _image_as_link(match: re.Match[str]) -> str:
    """An image from another host as a link to it: no page makes readers' browsers contact another host."""
    attrs = dict(_ATTR.findall(match.group(1)))
    src = attrs.get("src", "")
    if not src.lower().startswith(_OTHER_HOST):  # the attribute filter wrote it as a browser reads it
        return match.group(0)
    text = attrs.get("alt") or src  # already escaped by nh3's serializer, valid as text too
    return f'<a href="{src}" rel="noopener noreferrer">{text}</a>'


def sanitize(html: str) -> str:
    """`html` (a body's rendered Markdown) reduced to the allowlist: safe to place inside any page.

    Images must be files of the site (CONTRACT section 9: no page asks another host for anything):
    an image from another host becomes a link to it, with its alternative text.
    """
    clean = _CLEANER.clean(html)
    return _IMG_TAG.sub(_image_as_link, clean) if "<img" in clean else clean
