"""Front matter of hand-written docs/ pages: anything goes, except the key d5site reserves for the pages it generates."""

from __future__ import annotations

from d5site.core.diagnostics import Diagnostic
from d5site.core.siteconfig import SiteConfig
from d5site.core.translations import docs_files, front_matter_of

RESERVED_KEY = "d5site"
"""A generated page's state (language notice, hreflang, feed link: d5site.compile.state); the theme trusts it."""


def check_docs_front_matter(site: SiteConfig) -> list[Diagnostic]:
    """An error for each docs/ page whose front matter sets `d5site:`: it could hide a notice or inject links."""
    problems = []
    for rel, path in docs_files(site):
        meta = front_matter_of(path)
        if RESERVED_KEY not in meta:
            continue
        key_lines = getattr(meta, "key_lines", {}) or getattr(meta, "lines", {})
        line = key_lines.get(RESERVED_KEY, 0)
        problems.append(Diagnostic(
            site.rel(path), line + 1 if line else 1,
            f"front matter key '{RESERVED_KEY}:' is reserved for the pages d5site generates (their language notices "
            "and links); remove it or rename the key",
        ))
    return problems
