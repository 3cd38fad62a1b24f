"""Relative links in bodies: where they lead, and `check`'s errors for those that lead nowhere.

A body is shown on several pages (its own, its year's page or report, in every
locale), so a relative link cannot be left for the browser to resolve: the
build rewrites every relative link to the page or file it names. A relative
link may name a content file (a finding, a translation, a revision, a year
overview: `other-finding.md`, `../2016/x.fr.md`), a page of the docs folder
(`../../docs/guide/reference.md`) or a file of the docs folder (an image).
Anything else (a missing `.md` file, a folder, a file that is not published,
a path out of the site) is an error naming the body's file and line, reported
by `check` and the build alike (the build loads content through the same
rules). Absolute (`https:`, `mailto:`), root-relative (`/x`) and fragment
(`#x`) links are left alone here; the sanitizer refuses unsafe schemes.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from d5site.core.diagnostics import Diagnostic
from d5site.core.model import Content
from d5site.core.siteconfig import SiteConfig

_URL_IGNORED = re.compile(r"[\t\n\r]")
_C0_SPACE = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:\s*(?:<([^>\n]*)>|(\S+))")
_HTML_ATTR = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


SPECIAL_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "file"})
"""WHATWG's special schemes: in their URLs (and in relative URLs of a page served over http(s)) `\\` means `/`."""


def browser_url(url: str) -> str:
    """`url` (an attribute value, character references already decoded) as a browser reads it.

    WHATWG URL parsing: leading and trailing C0 controls and spaces go, tabs and
    line breaks anywhere go, and in a URL with a special scheme or none (relative
    to the site's own http(s) pages) a backslash before the query or fragment is
    a slash: `\\\\evil.example/x`, `/\\evil.example` and `https:\\\\evil.example` all name
    another host, exactly as `//evil.example` does.
    """
    url = _URL_IGNORED.sub("", url.strip(_C0_SPACE))
    scheme = _SCHEME.match(url)
    if scheme is None or scheme.group(0)[:-1].lower() in SPECIAL_SCHEMES:
        end = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        url = url[:end].replace("\\", "/") + url[end:]
    return url


def url_scheme(url: str) -> str | None:
    """The scheme of `url` (as `browser_url` gives it), lower case; None for a relative URL."""
    found = _SCHEME.match(url)
    return found.group(0)[:-1].lower() if found else None


def is_relative(url: str) -> bool:
    """Whether `url` is a relative path (not absolute, not root-relative, not a bare fragment).

    Read as a browser reads it (`browser_url`, character references decoded), so
    `jav&#x09;ascript:` counts as a scheme (which the sanitizer removes) and
    `\\\\host/x` as another host, not as relative paths.
    """
    url = browser_url(html.unescape(url))
    return bool(url) and not url.startswith(("#", "/")) and url_scheme(url) is None


def code_free_lines(body: str) -> Iterator[tuple[int, str]]:
    """(0-based index, line) of every line of Markdown `body` outside fenced code blocks (fence lines aside)."""
    fence: str | None = None
    for index, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield index, line


def link_urls(body: str) -> Iterator[tuple[int, str]]:
    """(0-based line within the body, URL) of every link and image in Markdown `body`, code aside."""
    if "](" not in body and "]:" not in body and "=" not in body:
        return  # no inline link, no reference definition, no HTML attribute
    for index, line in code_free_lines(body):
        if line.startswith(("    ", "\t")) and not line.lstrip().startswith(("-", "*", "+", "<", "[")):
            continue  # an indented code block (or a continuation paragraph: links there are rare)
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for pattern in (_INLINE, _REFERENCE, _HTML_ATTR):
            for match in pattern.finditer(text):
                url = next((g for g in match.groups() if g is not None), "")
                if url:
                    yield index, url


def split_url(url: str) -> tuple[str, str]:
    """(path, fragment) of a relative URL (as written in Markdown or HTML); any query is dropped."""
    path, _, fragment = browser_url(html.unescape(url)).partition("#")
    path = path.partition("?")[0]
    return unquote(path), fragment


def resolve_path(source_path: str, path: str) -> str | None:
    """The site-root-relative file a relative `path` in the file `source_path` names; None if out of the site."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source_path), path.replace("\\", "/")))
    if joined == ".." or joined.startswith("../") or joined.startswith("/") or joined == ".":
        return None
    return joined


def _safe(text: str) -> str:
    """`text` for a one-line message: control characters and line breaks shown as `?`."""
    return _CONTROL.sub("?", text)[:200]


def check_body_links(site: SiteConfig, content: Content) -> list[Diagnostic]:
    """An error for every relative link of every body that leads to no published page or file."""
    known = content_paths(content)
    docs_prefix = site.docs_prefix
    out: list[Diagnostic] = []
    for path, line, body in bodies(content):
        for offset, url in link_urls(body):
            if not is_relative(url):
                continue
            problem = link_problem(site, known, docs_prefix, path, url)
            if problem:
                out.append(Diagnostic(path, line + offset if line else 0, f"link to '{_safe(url)}': {problem}"))
    return out


def content_paths(content: Content) -> set[str]:
    """Paths (relative to the site root) of every loaded content file: sources and translations."""
    paths: set[str] = set()
    for document in content.documents():
        paths.add(document.path)
        paths.update(translation.path for translation in document.translations.values())
    return paths


def bodies(content: Content) -> Iterator[tuple[str, int, str]]:
    """(path, line of the body's start, body) of every source and translation."""
    for document in content.documents():
        yield document.path, document.body_line, document.body
        for translation in document.translations.values():
            yield translation.path, translation.body_line, translation.body


def link_problem(site: SiteConfig, known: set[str], docs_prefix: str, source_path: str, url: str) -> str | None:
    """Why the relative `url` in `source_path` cannot be published; None when it leads to a page or file."""
    path, _ = split_url(url)
    if not path:
        return None  # `?query` or an empty path: the page itself
    target = resolve_path(source_path, path)
    if target is None:
        return "it points outside the site"
    if target.endswith(".md"):
        if target in known:
            return None
        if target.startswith(docs_prefix) and (site.root / target).is_file():
            return None
        return f"no finding, translation, revision or docs page at {_safe(target)}"
    if target.startswith(docs_prefix) and (site.root / target).is_file():
        return None
    return (f"{_safe(target)} is not published: a relative link must name a .md file (a finding, "
            f"revision or docs page) or a file under {docs_prefix}; use an https:// URL for anything else")
