"""data/findings.json: every finding and every year overview (with its summits), in every locale."""

from __future__ import annotations

from typing import Any, BinaryIO

from d5site.core import urls
from d5site.core.model import Finding, YearOverview
from d5site.core.spdx import licence_url
from d5site.render.datacontext import DataContext, compact_json


class FindingsData:
    """Builds findings.json, whole (`json`) or one finding at a time (`write`), the same bytes either way."""

    def __init__(self, context: DataContext):
        self.context = context

    def finding(self, finding: Finding) -> dict[str, Any]:
        """One finding: its facts, the principles it cites as in force in its year, its URLs and its text per locale."""
        context = self.context
        principles = []
        for pid in finding.principles:
            found = context.charter.in_force(pid, finding.year)
            edition, number, revision = found if found else (None, None, None)
            principles.append({
                "id": pid,
                "edition": edition.year if edition else None,
                "number": number,
                "revision": revision.year if revision else None,
            })
        return {
            "key": f"{finding.year}/{finding.id}",
            "year": finding.year,
            "id": finding.id,
            "date": finding.date.isoformat() if finding.date else None,
            "members": list(finding.members),
            "principles": principles,
            "themes": list(finding.themes),
            "links": [{"title": link.title, "url": link.url} for link in finding.links],
            "code": [{"name": c.name, "url": c.url, "licence": c.licence, "licence_url": licence_url(c.licence)} for c in finding.code],
            "partners": [{"name": p.name, "kind": p.kind} for p in finding.partners],
            "licence": context.licence(finding),
            "licence_url": licence_url(context.licence(finding)),
            "source": finding.path,
            "urls": context.page_urls(urls.finding_page(finding.year, finding.id)),
            "text": context.texts(finding, ("summary",)),
        }

    def overview(self, overview: YearOverview) -> dict[str, Any]:
        """One year's overview: its summits, URLs and text per locale."""
        summits = overview.meetings(self.context.content.default_locale)
        return {
            "year": overview.year,
            "date": overview.first_date.isoformat() if overview.first_date else None,
            "host": summits[0].host if summits else None,
            "summits": [
                {
                    "date": summit.date.isoformat() if summit.date else None,
                    "end": summit.end.isoformat() if summit.end else None,
                    "place": dict(summit.place),
                    "host": summit.host,
                    "theme": dict(summit.theme),
                    "online": summit.online,
                }
                for summit in summits
            ],
            "source": overview.path,
            "urls": self.context.page_urls(urls.year_page(overview.year)),
            "text": self.context.texts(overview, ("place", "theme", "summary")),
        }

    def json(self) -> dict[str, Any]:
        """findings.json as one document."""
        content = self.context.content
        return {**self._head(), "findings": [self.finding(content.findings[key]) for key in sorted(content.findings)]}

    def _head(self) -> dict[str, Any]:
        """findings.json without its findings: the common keys and every year (its findings' keys, its overview)."""
        content = self.context.content
        return {
            **self.context.common(),
            "years": [
                {
                    "year": year,
                    "findings": [f"{year}/{fid}" for (y, fid) in sorted(content.findings) if y == year],
                    "overview": self.overview(content.overviews[year]) if year in content.overviews else None,
                }
                for year in content.years
            ],
        }

    def write(self, out: BinaryIO) -> None:
        """findings.json, written one finding at a time (the same bytes as `json` dumped whole)."""
        content = self.context.content
        head = compact_json(self._head())
        out.write((head[:-1] + ',"findings":[').encode("utf-8"))
        for index, key in enumerate(sorted(content.findings)):
            out.write(((',' if index else '') + compact_json(self.finding(content.findings[key]))).encode("utf-8"))
        out.write(b"]}\n")
