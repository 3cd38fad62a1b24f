"""Loading findings/: each year's overview (with its summits) and findings, and their translations."""

from __future__ import annotations

from pathlib import Path

from d5site.core.model import Code, Content, Finding, Link, Partner, Summit, YearOverview
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineDict
from d5site.core.sourcegroups import SourceGroups
from d5site.core.sourcenames import ID_RULE, is_id, year_folder_problem
from d5site.core.sourcereader import SourceReader


class FindingLoader:
    """Reads findings/<year>/index[.<locale>].md and findings/<year>/<id>[.<locale>].md into `content`."""

    def __init__(self, site: SiteConfig, reader: SourceReader, groups: SourceGroups, content: Content):
        self.site = site
        self.reader = reader
        self.groups = groups
        self.content = content

    def load_findings(self) -> None:
        """findings/<year>/index[.<locale>].md and findings/<year>/<id>[.<locale>].md."""
        years = self.reader.folders(
            self.site.findings_path,
            missing="folder not found",
            stray="unexpected file: findings go in a folder named by their four-digit year",
            invalid=year_folder_problem,
        )
        for entry in years or []:
            year = int(entry.name)
            for name, files in self.groups.group(Path(entry.path), "a year folder").items():
                source = files.get(None)
                if source is None:
                    self.groups.orphans(files, f"{name}.md")
                    continue
                if name == "index":
                    overview = self._overview(source, year)
                    if overview is not None:
                        self.groups.attach_translations(overview, files, "overview")
                        self.content.overviews[year] = overview
                    continue
                if not is_id(name):
                    for path in files.values():
                        self.reader.error(self.site.rel(path), 0, f"'{name}' is not a valid finding id ({ID_RULE})")
                    continue
                finding = self._finding(source, year, name)
                if finding is not None:
                    self.groups.attach_translations(finding, files, "finding")
                    self.content.findings[(year, name)] = finding

    def _overview(self, path: Path, year: int) -> YearOverview | None:
        """A year's overview (index.md) with its summits; None (with diagnostics) if it cannot be read or checked."""
        checked = self.reader.checked_markdown(path, "overview")
        if checked is None:
            return None
        rel, doc = checked
        meta = doc.meta
        overview = YearOverview(
            path=rel, title=meta["title"], body=doc.body, body_line=doc.body_line, year=year, front=meta,
            date=self.reader.date(meta, rel), place=meta.get("place"), host=meta.get("host"),
            theme=meta.get("theme"), summary=meta.get("summary"),
            summits=[self._summit(item, rel) for item in meta.get("summits") or []],
        )
        return overview

    def _summit(self, item: LineDict, rel: str) -> Summit:
        """One entry of an overview's `summits:` (schema-checked)."""
        date = self.reader.date
        return Summit(
            date=date(item, rel), end=date(item, rel, "end"), place=dict(item.get("place") or {}),
            host=item.get("host"), theme=dict(item.get("theme") or {}), online=item.get("online") is True,
            line=item.line, lines=dict(item.lines),
        )

    def _finding(self, path: Path, year: int, finding_id: str) -> Finding | None:
        """One finding's source file; None (with diagnostics) if it cannot be read or checked."""
        checked = self.reader.checked_markdown(path, "finding")
        if checked is None:
            return None
        rel, doc = checked
        meta = doc.meta
        finding = Finding(
            path=rel, title=meta["title"], body=doc.body, body_line=doc.body_line, id=finding_id, year=year, front=meta,
            members=list(meta["members"]), principles=list(meta["principles"]),
            date=self.reader.date(meta, rel), summary=meta.get("summary"),
            themes=list(meta.get("themes") or []),
            links=[Link(title=link["title"], url=link["url"]) for link in meta.get("links") or []],
            licence=meta.get("licence"),
            code=[Code(name=item["name"], url=item["url"], licence=item["licence"]) for item in meta.get("code") or []],
            partners=[Partner(name=item["name"], kind=item["kind"]) for item in meta.get("partners") or []],
        )
        return finding
