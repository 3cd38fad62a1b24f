"""CHANGELOG.md is kept per release (Keep a Changelog): a version bump without its notes fails here."""

from __future__ import annotations

import re
from pathlib import Path

import d5site

CHANGELOG = Path(__file__).resolve().parents[1] / "CHANGELOG.md"
HEADINGS = ("Security", "Breaking", "Deprecated", "Added", "Changed", "Fixed")
"""The sections of a release, in this order (CONTRIBUTING.md)."""
RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.M)


def releases(text: str) -> dict[str, str]:
    """Each release's version -> its section's text (up to the next release)."""
    found = list(RELEASE.finditer(text))
    return {m.group(1): text[m.end() : found[i + 1].start() if i + 1 < len(found) else len(text)] for i, m in enumerate(found)}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def test_the_current_version_has_its_section_with_notes() -> None:
    sections = releases(CHANGELOG.read_text("utf-8"))
    assert d5site.__version__ in sections, f"CHANGELOG.md has no '## [{d5site.__version__}] - YYYY-MM-DD' section"
    section = sections[d5site.__version__]
    assert re.search(r"^- \S", section, re.M), f"the {d5site.__version__} section lists no change"
    headings = re.findall(r"^### (.+)$", section, re.M)
    assert headings and all(h in HEADINGS for h in headings), headings
    assert headings == sorted(headings, key=HEADINGS.index), f"sections out of order: {headings}"


def test_releases_come_newest_first_with_their_dates() -> None:
    text = CHANGELOG.read_text("utf-8")
    found = RELEASE.findall(text)
    assert [v for v, _ in found] == sorted((v for v, _ in found), key=version_key, reverse=True)
    assert [d for _, d in found] == sorted((d for _, d in found), reverse=True)
    assert "## Unreleased" not in text or text.index("## Unreleased") < RELEASE.search(text).start()
