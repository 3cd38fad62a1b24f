"""Translation currency: each translatable item per locale is current, outdated or missing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from d5site.model import Content, Document, Finding, Revision, YearOverview

State = Literal["current", "outdated", "missing"]


@dataclass(frozen=True)
class ItemStatus:
    """The state of one item in one locale."""

    kind: Literal["revision", "overview", "finding"]
    key: str
    """`principle-id/year`, `year` or `year/finding-id`."""
    locale: str
    state: State
    source: str
    """Path of the source file."""
    path: str
    """Path of the translation file (existing or expected)."""
    title: str
    """The source's title."""


def kind_of(document: Document) -> Literal["revision", "overview", "finding"]:
    """The kind of a translatable document."""
    if isinstance(document, Revision):
        return "revision"
    if isinstance(document, YearOverview):
        return "overview"
    return "finding"


def key_of(document: Document) -> str:
    """A stable key for a document, used in reports and data."""
    if isinstance(document, Revision):
        return f"{document.principle_id}/{document.year}"
    if isinstance(document, YearOverview):
        return str(document.year)
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


def statuses(content: Content, locales: list[str] | None = None) -> list[ItemStatus]:
    """Every item in every non-default locale (or in `locales`), in a stable order."""
    wanted = [loc for loc in content.locales if loc != content.default_locale]
    if locales:
        wanted = [loc for loc in wanted if loc in locales]
    result = []
    for locale in wanted:
        for document in content.documents():
            result.append(
                ItemStatus(
                    kind=kind_of(document),
                    key=key_of(document),
                    locale=locale,
                    state=state_of(document, locale),
                    source=document.path,
                    path=translation_path(document.path, locale),
                    title=document.title,
                )
            )
    return result


def write_stamp(path: Path, stamp: str) -> None:
    """Set `stamp:` in a translation's front matter, keeping everything else byte for byte."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    for index in range(1, end):
        if lines[index].startswith("stamp:"):
            lines[index] = f"stamp: {stamp}"
            break
    else:
        lines.insert(end, f"stamp: {stamp}")
    out = newline.join(lines).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out)


def report(loaded, locales: list[str] | None = None) -> dict:
    """The JSON report of `d5site translations --format json` (documented in docs/reference.md)."""
    content = loaded.content
    result: dict = {"default_locale": content.default_locale, "locales": {}}
    for status in statuses(content, locales):
        entry = result["locales"].setdefault(
            status.locale, {"summary": {"current": 0, "outdated": 0, "missing": 0}, "items": []}
        )
        entry["summary"][status.state] += 1
        entry["items"].append(
            {"kind": status.kind, "key": status.key, "state": status.state,
             "source": status.source, "path": status.path, "title": status.title}
        )
    return result
