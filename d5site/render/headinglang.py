"""The language of headings written in another language than their page's, for the entries of its table of contents.

A generated page marks a heading shown untranslated with `lang` (and `dir`) on the heading itself
(`## Title { lang="en" }`) or on a span around its title (`## 10. <span lang="en">Sustainability</span>`).
The table of contents repeats the heading's text without its markup; `heading_langs` recovers each
heading's language so that the theme can mark the entry too (WCAG 3.1.2).
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"<h[1-6]\b([^>]*)>(.*?)</h[1-6]>", re.DOTALL)
_ID = re.compile(r'\bid="([^"]+)"')
_LANG = re.compile(r'\blang="([^"]+)"(?:\s+dir="(ltr|rtl)")?')
_SPAN = re.compile(r'^[^<]*<span\s([^>]*)>')


def heading_langs(html: str) -> dict[str, tuple[str, str]]:
    """heading id -> (lang, dir or "") for each heading of `html` marked as written in another language."""
    found: dict[str, tuple[str, str]] = {}
    for match in _HEADING.finditer(html):
        attrs, inner = match.groups()
        ident = _ID.search(attrs)
        if ident is None:
            continue
        lang = _LANG.search(attrs)
        if lang is None:
            span = _SPAN.match(inner)
            lang = _LANG.search(span.group(1)) if span else None
        if lang is not None:
            found[ident.group(1)] = (lang.group(1), lang.group(2) or "")
    return found
