"""Loading the charter's registers: charter/members.yml, charter/editions.yml and charter/themes.yml (or the themes findings name)."""

from __future__ import annotations

from typing import Any

from d5site.core.model import Accession, Content, Edition, Member, Theme
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineList
from d5site.core.sourcenames import is_id, label_from_id
from d5site.core.sourcereader import SourceReader


class RegisterLoader:
    """Reads members, editions and themes into `content`, reporting through a `SourceReader`."""

    def __init__(self, site: SiteConfig, reader: SourceReader, content: Content):
        self.site = site
        self.reader = reader
        self.content = content
        self.themes_derived = False
        """Whether charter/ has no themes.yml, so that findings' themes are labelled from their ids."""

    def load_members(self) -> None:
        """charter/members.yml."""
        data = self.reader.yaml_file(self.site.charter_path / "members.yml", "members")
        if data is None:
            return
        rel = self.site.rel(self.site.charter_path / "members.yml")
        for code, entry in data.items():
            accession = None
            raw = entry.get("accession")
            if raw is not None:
                accession = Accession(
                    proposed_by=raw.get("proposed_by"),
                    seconded_by=raw.get("seconded_by"),
                    agreed=self.reader.date(raw, rel, "agreed"),
                    statement=raw.get("statement"),
                    line=entry.line_of("accession"),
                    lines=dict(raw.lines),
                )
            self.content.members[code] = Member(
                code=code,
                joined=_year(entry.get("joined")),
                left=_year(entry.get("left")),
                names=dict(entry.get("name") or {}),
                line=data.key_lines[code],
                accession=accession,
                lines=dict(entry.lines),
            )

    def load_editions(self) -> None:
        """charter/editions.yml."""
        data = self.reader.yaml_file(self.site.charter_path / "editions.yml", "editions")
        if data is None:
            return
        for key, entry in data.items():
            year = int(key)
            date = self.reader.date(entry, self.site.rel(self.site.charter_path / "editions.yml"))
            if date is None:
                continue
            principles: LineList = entry["principles"]
            self.content.editions[year] = Edition(
                year=year,
                date=date,
                principles=list(principles),
                place=dict(entry.get("place") or {}),
                note=dict(entry.get("note") or {}),
                line=data.key_lines[key],
                principle_lines=list(principles.lines),
                online=entry.get("online") is True,
                chair=entry.get("chair"),
                chair_line=_key_line(entry, "chair", data.key_lines[key]),
                place_line=_key_line(entry, "place", data.key_lines[key]),
            )
        self.content.editions = dict(sorted(self.content.editions.items()))

    def load_themes(self) -> None:
        """charter/themes.yml, the optional vocabulary of themes (without it, the themes findings name: see derive_themes)."""
        path = self.site.charter_path / "themes.yml"
        if not path.exists() and not path.is_symlink():
            self.themes_derived = True
            return
        data = self.reader.yaml_file(path, "themes")
        if data is None:
            return
        for tid, entry in data.items():
            self.content.themes[tid] = Theme(
                id=tid, names=dict(entry.get("name") or {}), descriptions=dict(entry.get("description") or {}), line=data.key_lines[tid]
            )

    def derive_themes(self) -> None:
        """Without charter/themes.yml, every valid theme id a finding names is a theme labelled from its id (contract v3 §5).

        The label is the default locale's (ids are written with the source), shown in every locale.
        `index` is left out: /findings/themes/index/ is the list of themes (validate says so at the finding).
        """
        ids = {tid for finding in self.content.findings.values() for tid in finding.themes if is_id(tid) and tid != "index"}
        default = self.content.default_locale
        self.content.themes = {tid: Theme(id=tid, names={default: label_from_id(tid)}, derived=True) for tid in sorted(ids)}


def _year(value: Any) -> Any:
    """A year as a whole number: `2014.0`, which the schema's `integer` accepts (as it always did), is 2014."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _key_line(entry: Any, key: str, default: int) -> int:
    """The line of `key` in a loaded mapping that records its keys' lines, else `default`."""
    lines = getattr(entry, "key_lines", None)
    return lines.get(key, default) if isinstance(lines, dict) else default
