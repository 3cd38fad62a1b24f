"""Translation currency: each translatable item per locale is current, outdated or missing."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from d5site.core.catalog import Catalog
from d5site.core.model import Content, Document, Finding, Revision, Statement, YearOverview
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineDict, YamlError, load_yaml, os_reason, parse_front_matter, read_bytes

State = Literal["current", "outdated", "missing"]
Reason = Literal["unstamped", "source changed"]


@dataclass(frozen=True)
class ItemStatus:
    """The state of one item in one locale."""

    kind: Literal["revision", "overview", "finding", "statement", "page"]
    key: str
    """`principle-id/year`, `year`, `year/finding-id`, a statement's name, or a docs page's path without `.md` (`about`)."""
    locale: str
    state: State
    source: str
    """Path of the source file."""
    path: str
    """Path of the translation file (existing or expected)."""
    title: str
    """The source's title."""
    reason: Reason | None = None
    """Why an `outdated` translation is: `unstamped` (never stamped) or `source changed` (since its stamp); None otherwise."""


def reason_of(state: State, stamp: str | None) -> Reason | None:
    """Why a translation in `state` with `stamp` is outdated (None when it is not)."""
    if state != "outdated":
        return None
    return "source changed" if stamp else "unstamped"


def kind_of(document: Document) -> Literal["revision", "overview", "finding", "statement"]:
    """The kind of a translatable document."""
    if isinstance(document, Revision):
        return "revision"
    if isinstance(document, YearOverview):
        return "overview"
    if isinstance(document, Statement):
        return "statement"
    return "finding"


def key_of(document: Document) -> str:
    """A stable key for a document, used in reports and data."""
    if isinstance(document, Revision):
        return f"{document.principle_id}/{document.year}"
    if isinstance(document, YearOverview):
        return str(document.year)
    if isinstance(document, Statement):
        return document.name
    assert isinstance(document, Finding)
    return f"{document.year}/{document.id}"


def translation_path(source: str, locale: str) -> str:
    """`findings/2018/x.md` -> `findings/2018/x.fr.md`."""
    return f"{source[:-3]}.{locale}.md"


def state_of(document: Document, locale: str) -> State:
    """The state of `document`'s translation into `locale`."""
    translation = document.translations.get(locale)
    if translation is None:
        return "missing"
    return "current" if translation.stamp == document.digest() else "outdated"


def statuses(content: Content, locales: list[str] | None = None, *, published_only: bool = False) -> list[ItemStatus]:
    """Every item in every non-default locale (or in `locales`), in a stable order.

    `published_only` leaves out statements of interest that are not published
    (for the public translation status page; translators see them all).
    """
    wanted = [loc for loc in content.locales if loc != content.default_locale]
    if locales:
        wanted = [loc for loc in wanted if loc in locales]
    result = []
    for locale in wanted:
        for document in content.documents():
            if published_only and isinstance(document, Statement) and not content.is_published(document):
                continue
            state = state_of(document, locale)
            translation = document.translations.get(locale)
            result.append(
                ItemStatus(
                    kind=kind_of(document),
                    key=key_of(document),
                    locale=locale,
                    state=state,
                    source=document.path,
                    path=translation_path(document.path, locale),
                    title=document.title,
                    reason=reason_of(state, translation.stamp if translation else None),
                )
            )
    return result


# -- hand-written docs/ pages -------------------------------------------------------

_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""MkDocs' own YAML front matter pattern (mkdocs.utils.meta)."""
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def _split_page(text: str) -> tuple[dict, str]:
    """(front matter, body) of a docs page, as MkDocs reads it: no or bad front matter is no front matter."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    try:
        meta = load_yaml(match.group(1), text_only=False)
    except YamlError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    return meta, text[match.end() :]


@dataclass
class DocsPage:
    """A hand-written page of docs/ in the default locale, and the files of its translations.

    Its digest covers the source's `title` (front matter) and body, so any change
    to its text makes stamped translations `outdated`, as for findings.
    """

    uri: str
    """Path inside docs/ of the default-locale file's page, e.g. `about.md` or `guide/index.md`."""
    path: str
    """Site-relative path of the source file, e.g. `docs/about.md`."""
    title: str
    digest: str
    translations: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """locale -> (site-relative path of the translation file, its stamp or None)."""

    def state(self, locale: str) -> State:
        """The state of this page's translation into `locale`."""
        found = self.translations.get(locale)
        if found is None:
            return "missing"
        return "current" if found[1] == self.digest else "outdated"

    def translation_path(self, locale: str) -> str:
        """Site-relative path of the translation into `locale` (existing or expected)."""
        found = self.translations.get(locale)
        return found[0] if found else translation_path(self.path, locale)


def _page_digest(meta: dict, body: str) -> str:
    title = meta.get("title")
    payload = json.dumps({"title": str(title) if title is not None else None, "body": body.strip()}, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _read(path: Path) -> tuple[dict, str]:
    """A docs page's (front matter, body); nothing for what is not a readable regular file of at most 5 MB."""
    raw, _ = read_bytes(path, path.name)
    if raw is None:
        return {}, ""
    return _split_page(raw.decode("utf-8", errors="replace"))


def page_title(path: Path) -> str | None:
    """The title of a docs page file: its front matter's `title`, else its first heading; None if it has neither."""
    meta, body = _read(path)
    heading = _H1.search(body)
    title = meta.get("title") or (heading.group(1) if heading else None)
    return str(title) if title else None


def docs_files(site: SiteConfig) -> list[tuple[str, Path]]:
    """(path inside docs/, file) of every Markdown file of docs/ MkDocs publishes, sorted (no dot-files, no `templates/`)."""
    docs = site.docs_path
    if not docs.is_dir():
        return []
    found = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts) or parts[0] == "templates" or not path.is_file():
            continue
        found.append((rel, path))
    return found


def front_matter_of(path: Path) -> dict:
    """A docs page's front matter (keys remember their lines, counted from the line after the opening `---`)."""
    return _read(path)[0]


def docs_pages(site: SiteConfig) -> list[DocsPage]:
    """Every Markdown page of docs/ (suffix layout) with its translations, sorted by path.

    Files MkDocs leaves out by default (dot-files and folders, `templates/`) are
    left out. `x.<default>.md` is the source when there is no `x.md`.
    """
    default = site.default_locale
    sources: dict[str, Path] = {}
    translated: dict[str, dict[str, Path]] = {}
    for rel, path in docs_files(site):
        stem, dot, suffix = rel[:-3].rpartition(".")
        if dot and "/" not in suffix and suffix in site.locales:
            uri = f"{stem}.md"
            if suffix == default:
                sources.setdefault(uri, path)
            else:
                translated.setdefault(uri, {})[suffix] = path
        else:
            sources[rel] = path
    pages = []
    for uri in sorted(sources):
        meta, body = _read(sources[uri])
        heading = _H1.search(body)
        title = str(meta.get("title") or (heading.group(1) if heading else "") or uri[:-3])
        page = DocsPage(uri=uri, path=site.rel(sources[uri]), title=title, digest=_page_digest(meta, body))
        for locale, path in sorted(translated.get(uri, {}).items()):
            stamp = _read(path)[0].get("stamp")
            page.translations[locale] = (site.rel(path), stamp if isinstance(stamp, str) else None)
        pages.append(page)
    return pages


def page_statuses(site: SiteConfig, locales: list[str] | None = None, pages: list[DocsPage] | None = None) -> list[ItemStatus]:
    """Every docs/ page in every non-default locale (or in `locales`)."""
    wanted = [loc for loc in site.locales if loc != site.default_locale]
    if locales:
        wanted = [loc for loc in wanted if loc in locales]
    pages = docs_pages(site) if pages is None else pages
    return [
        ItemStatus(kind="page", key=page.uri[:-3], locale=locale, state=page.state(locale),
                   source=page.path, path=page.translation_path(locale), title=page.title,
                   reason=reason_of(page.state(locale), page.translations.get(locale, ("", None))[1]))
        for locale in wanted
        for page in pages
    ]


def catalog_missing(site: SiteConfig, locale: str) -> list[str]:
    """Keys of the messages that `locale`'s catalog (shipped and the site's `catalogs_dir`) lacks."""
    extra = site.root / site.options.catalogs_dir if site.options.catalogs_dir else None
    return Catalog(locale, extra).missing()


class StampError(Exception):
    """A translation whose stamp cannot be written without breaking it; `line` is the file's line (0: whole file)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|\Z)")


def _lines(text: str) -> list[str]:
    """`text` as lines that keep their own line end (LF, CRLF or CR; nothing else is a line end)."""
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _fence(line: str) -> str:
    return line.rstrip("\r\n").rstrip(" \t")


def write_stamp(path: Path, stamp: str, *, docs_page: bool = False) -> None:
    """Set `stamp:` in a translation's front matter, keeping everything else byte for byte.

    The front matter is found as the loader finds it and parsed as YAML, so a
    stamp anywhere in it (quoted key, value on the next line) is replaced, never
    doubled; a new one goes just before the closing line, with the file's own
    line end. A file without front matter gets one holding the stamp; so does a
    docs/ page whose leading `---` block is not a mapping (MkDocs shows such a
    block, horizontal rules around a heading for instance, as text). The result is parsed again before it is written: if it
    would not read back with this stamp, StampError is raised and the file is
    left as it was.
    """
    if path.is_symlink():
        raise StampError(LINK_NOT_STAMPED)
    raw, problem = read_bytes(path, path.name)
    if raw is None:
        raise StampError(problem.message if problem else "cannot read file")
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StampError("not valid UTF-8") from None
    lines = _lines(text)
    first_end = lines[0][len(lines[0].rstrip("\r\n")):] if lines else ""
    newline = first_end or "\n"
    end = None
    if lines and _fence(lines[0]) == "---":
        end = next((i for i in range(1, len(lines)) if _fence(lines[i]) in ("---", "...")), None)
        if end is None and not docs_page:
            raise StampError("front matter is not closed: add a line '---' after it", 1)
    data = None
    if end is not None:
        try:
            data = load_yaml("".join(lines[1:end]).replace("\r\n", "\n").replace("\r", "\n"), text_only=not docs_page)
        except YamlError as exc:
            raise StampError(f"front matter: {exc.message}", exc.line + 1 if exc.line else 1) from None
        if data is None and not docs_page:  # the loader reads an empty front matter as no keys
            data = LineDict()
            data.line, data.lines, data.key_lines = 1, {}, {}
        if not isinstance(data, LineDict):
            if not docs_page:
                raise StampError("front matter must be a mapping of keys to values", 2)
            end = data = None
    entry = f"stamp: {stamp}{newline}"
    if end is None or data is None:
        out = "".join([f"---{newline}", entry, f"---{newline}", text])
    else:
        if not lines[end].endswith(("\n", "\r")):
            lines[end] += newline  # MkDocs needs a line end after the closing line
        if "stamp" in data:
            first, last = data.key_lines["stamp"], max(data.key_lines["stamp"], data.lines["stamp"])
            lines[first : last + 1] = [entry]
        else:
            lines.insert(end, entry)
        out = "".join(lines)
    _verify_stamp(out, stamp, docs_page)
    _write_no_follow(path, (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"))


LINK_NOT_STAMPED = "symbolic link: not written through (stamp the file it leads to, inside the site)"


def _write_no_follow(path: Path, data: bytes) -> None:
    """Replace the content of the regular file `path`, refusing a symbolic link put in its place meanwhile."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StampError(LINK_NOT_STAMPED) from None
        raise StampError(f"cannot write file: {os_reason(exc)}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _verify_stamp(text: str, stamp: str, docs_page: bool) -> None:
    """Raise StampError unless `text` reads back (as the loader, and MkDocs for docs pages, read it) with `stamp`."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    doc, problems = parse_front_matter(normal, "")
    if problems or doc is None or doc.meta.get("stamp") != stamp:
        line = problems[0].line if problems else 0
        raise StampError("the stamp cannot be written without breaking the front matter: fix it by hand", line)
    if docs_page and _split_page(normal)[0].get("stamp") != stamp:
        raise StampError("the stamp cannot be written without breaking the front matter: fix it by hand", 1)


def report(loaded, locales: list[str] | None = None) -> dict:
    """The JSON report of `d5site translations --format json` (documented in guide/reference.md).

    Per locale: `summary` and `items` for findings, revisions and year overviews;
    `pages` (the same for hand-written docs/ pages); `catalog_missing`, the keys of
    labels that fall back to English in that locale.
    """
    content = loaded.content
    site = loaded.site
    result: dict = {"default_locale": content.default_locale, "locales": {}}

    def entry_of(locale: str) -> dict:
        return result["locales"].setdefault(
            locale, {"summary": {"current": 0, "outdated": 0, "missing": 0}, "items": []}
        )

    def add(target: dict, status: ItemStatus) -> None:
        target["summary"][status.state] += 1
        target["items"].append(
            {"kind": status.kind, "key": status.key, "state": status.state, "reason": status.reason,
             "source": status.source, "path": status.path, "title": status.title}
        )

    wanted = [loc for loc in content.locales if loc != content.default_locale and (not locales or loc in locales)]
    for locale in wanted:
        entry_of(locale)
    for status in statuses(content, locales):
        add(entry_of(status.locale), status)
    for status in page_statuses(site, locales):
        entry = entry_of(status.locale)
        add(entry.setdefault("pages", {"summary": {"current": 0, "outdated": 0, "missing": 0}, "items": []}), status)
    for locale in wanted:
        entry = entry_of(locale)
        entry.setdefault("pages", {"summary": {"current": 0, "outdated": 0, "missing": 0}, "items": []})
        entry["catalog_missing"] = catalog_missing(site, locale)
    return result
