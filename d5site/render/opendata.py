"""Open data: every finding and every principle revision, in every locale, as JSON and CSV.

Written once per build at the site root, under `data/`:

- `data/findings.json`: every finding (and every year overview) with its text in every locale; schema `data/findings.schema.json`;
- `data/findings.csv`: one row per finding and locale (columns: `CSV_COLUMNS`); described for CSV on the Web in
  `data/findings.csv-metadata.json`;
- `data/charter.json`: members, editions (numbered, with their changes), principles with their lineage and every revision
  in every locale; schema `data/charter.schema.json`.

A text in a locale carries its translation `state`: `source` (the default
locale), `current`, `outdated` or `missing` (then its fields are null: the
reader falls back to the default locale's). Licences are SPDX ids: a finding's
own, else the site's (the plugin option `licence`).

The order of everything is fixed (years, ids, locales as configured), JSON is
indented with keys in a fixed order and CSV uses RFC 4180 quoting and CRLF, so
the same content always gives the same bytes. Nothing here imports MkDocs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from d5site.core import urls
from d5site.core.catalog import Catalog
from d5site.core.charter import Charter
from d5site.core.model import Content, Document, Finding, Member, Principle, Revision, YearOverview
from d5site.core.siteconfig import SiteConfig
from d5site.core.spdx import licence_url
from d5site.core.statements import RECORD
from d5site.core.translations import state_of
from d5site.core.urls import UrlScheme, data_path
from d5site.render.pages import View

SCHEMAS = {
    "findings.schema.json": "data-findings.schema.json",
    "charter.schema.json": "data-charter.schema.json",
}
"""Published name under data/ -> file shipped in d5site/schemas/."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, "CSV injection")."""


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula.

    As OWASP recommends, text starting with `=`, `+`, `-`, `@`, a tab or a
    carriage return gets a leading `'`, which spreadsheets show as text and
    do not evaluate (`=HYPERLINK(...)` becomes `'=HYPERLINK(...)`). Numbers are
    left as they are. findings.json carries the text unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


CSV_COLUMNS: list[tuple[str, str, str]] = [
    ("year", "integer", "Year of the finding (its folder under findings/)."),
    ("id", "string", "Id of the finding, unique within its year."),
    ("locale", "string", "Locale of this row's text; one row per configured locale, the default locale first."),
    ("state", "string", "Translation state of this row's text: source, current, outdated or missing (text columns empty)."),
    ("date", "date", "Date of the finding (YYYY-MM-DD), empty if it has none."),
    ("members", "string", "Codes (ISO 3166-1 alpha-2, lower case) of the members, separated by spaces."),
    ("member_names", "string", 'Names of the members in this row\'s locale, in the order of `members`, separated by "; ".'),
    ("principles", "string", "Ids of the principles cited, separated by spaces."),
    (
        "principle_titles",
        "string",
        "Titles of the principles cited as in force in the finding's year, in this row's locale "
        '(the default locale\'s where untranslated), in the order of `principles`, separated by "; ".',
    ),
    ("themes", "string", "Theme ids, separated by spaces."),
    ("licence", "string", "SPDX id of the finding's licence (its own, else the site's)."),
    ("code", "anyURI", "URLs of the code and solutions shared (`code:`), separated by spaces; names are in findings.json."),
    ("code_licences", "string", "SPDX ids of the licences of the code shared, in the same order as `code`, separated by spaces."),
    ("partners", "string", 'Names of the partners, separated by "; "; kinds are in `partner_kinds`.'),
    ("partner_kinds", "string", "Kinds of the partners, in the same order (international-organisation, private-sector, academia, "
     "civil-society), separated by spaces."),
    ("url", "anyURI", "The finding's page in this locale."),
    ("title", "string", "Title in this locale."),
    ("summary", "string", "Summary in this locale (plain text), empty if none."),
    ("body", "string", "Body in this locale (Markdown)."),
]
"""Columns of findings.csv: (name, CSV on the Web datatype, description)."""

CSV_SEPARATORS: dict[str, str] = {"members": " ", "principles": " ", "themes": " ", "member_names": "; ", "principle_titles": "; ",
                                  "code": " ", "code_licences": " ", "partners": "; ", "partner_kinds": " "}
"""The list columns of findings.csv and the string between their items (ids by a space; names, which have spaces, by "; ")."""


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _dump(data: Any) -> bytes:
    return (_json(data) + "\n").encode("utf-8")


class OpenData:
    """Builds the open data files of a loaded site."""

    def __init__(self, site: SiteConfig, content: Content, *, site_url: str | None = None, use_directory_urls: bool = True,
                 catalogs: dict[str, Catalog] | None = None):
        self.site = site
        self.content = content
        self.charter = Charter(content)
        self.site_url = site_url if site_url is not None else site.site_url
        self.use_directory_urls = use_directory_urls
        self.urls = UrlScheme(content.default_locale, use_directory_urls, self.site_url)
        self.default = content.default_locale
        self.locales = list(content.locales)
        catalogs = catalogs or {}
        self.views = {
            loc: View(site, content, self.charter, loc, catalogs.get(loc) or Catalog(loc), use_directory_urls)
            for loc in self.locales
        }

    # -- helpers ---------------------------------------------------------------

    def url(self, src_uri: str, locale: str) -> str:
        """A page's URL in `locale`: absolute with `site_url`, else relative to the site root."""
        return self.urls.public(self.urls.page(src_uri, locale))

    def page_urls(self, src_uri: str) -> dict[str, str]:
        """A page's URL in every locale (see `url`)."""
        return {loc: self.url(src_uri, loc) for loc in self.locales}

    def licence(self, finding: Finding | None = None) -> str:
        return (finding.licence if finding is not None else None) or self.site.options.licence

    def texts(self, document: Document, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """{locale: {state, title, <fields>..., body}}: what each locale has of `document`."""
        result: dict[str, dict[str, Any]] = {}
        for loc in self.locales:
            if loc == self.default:
                entry: dict[str, Any] = {"state": "source", "title": document.title}
                for name in fields:
                    entry[name] = getattr(document, name, None) or None
                entry["body"] = document.body
            else:
                translation = document.translations.get(loc)
                entry = {"state": state_of(document, loc), "title": translation.title if translation else None}
                for name in fields:
                    entry[name] = (translation.fields.get(name) or None) if translation else None
                entry["body"] = translation.body if translation else None
            result[loc] = entry
        return result

    def _common(self) -> dict[str, Any]:
        return {
            "default_locale": self.default,
            "locales": self.locales,
            "site_url": self.site_url or None,
            "licence": self.licence(),
            "licence_url": licence_url(self.licence()),
        }

    # -- findings --------------------------------------------------------------

    def finding(self, finding: Finding) -> dict[str, Any]:
        principles = []
        for pid in finding.principles:
            found = self.charter.in_force(pid, finding.year)
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
            "licence": self.licence(finding),
            "licence_url": licence_url(self.licence(finding)),
            "source": finding.path,
            "urls": self.page_urls(urls.finding_page(finding.year, finding.id)),
            "text": self.texts(finding, ("summary",)),
        }

    def overview(self, overview: YearOverview) -> dict[str, Any]:
        summits = overview.meetings(self.content.default_locale)
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
            "urls": self.page_urls(urls.year_page(overview.year)),
            "text": self.texts(overview, ("place", "theme", "summary")),
        }

    def findings_json(self) -> dict[str, Any]:
        return {**self._findings_head(), "findings": [self.finding(self.content.findings[key]) for key in sorted(self.content.findings)]}

    def _findings_head(self) -> dict[str, Any]:
        content = self.content
        return {
            **self._common(),
            "years": [
                {
                    "year": year,
                    "findings": [f"{year}/{fid}" for (y, fid) in sorted(content.findings) if y == year],
                    "overview": self.overview(content.overviews[year]) if year in content.overviews else None,
                }
                for year in content.years
            ],
        }

    def write_findings_json(self, out: BinaryIO) -> None:
        """findings.json, written one finding at a time (the same bytes as `findings_json` dumped whole)."""
        head = _json(self._findings_head())
        out.write((head[:-1] + ',"findings":[').encode("utf-8"))
        for index, key in enumerate(sorted(self.content.findings)):
            out.write(((',' if index else '') + _json(self.finding(self.content.findings[key]))).encode("utf-8"))
        out.write(b"]}\n")

    def findings_csv(self) -> bytes:
        """findings.csv: every text cell neutralised against spreadsheet formulas (see `csv_cell`)."""
        out = io.BytesIO()
        self.write_findings_csv(out)
        return out.getvalue()

    def write_findings_csv(self, binary: BinaryIO) -> None:
        """findings.csv, written one row at a time."""
        out = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([name for name, _, _ in CSV_COLUMNS])
        for key in sorted(self.content.findings):
            finding = self.content.findings[key]
            texts = self.texts(finding, ("summary",))
            for loc in self.locales:
                text = texts[loc]
                view = self.views[loc]
                sep = CSV_SEPARATORS
                writer.writerow([csv_cell(cell) for cell in [
                    finding.year, finding.id, loc, text["state"],
                    finding.date.isoformat() if finding.date else "",
                    " ".join(finding.members), sep["member_names"].join(view.member_name(code) for code in finding.members),
                    " ".join(finding.principles),
                    sep["principle_titles"].join(view.principle_title(pid, finding.year) for pid in finding.principles),
                    " ".join(finding.themes),
                    self.licence(finding),
                    sep["code"].join(c.url for c in finding.code), sep["code_licences"].join(c.licence for c in finding.code),
                    sep["partners"].join(p.name for p in finding.partners), sep["partner_kinds"].join(p.kind for p in finding.partners),
                    self.url(urls.finding_page(finding.year, finding.id), loc),
                    text["title"] or "", text["summary"] or "", text["body"] or "",
                ]])
        out.detach()  # leave `binary` open for the caller

    @staticmethod
    def csv_metadata() -> dict[str, Any]:
        """A CSV on the Web (W3C) description of findings.csv: its columns, types and key."""
        return {
            "@context": "http://www.w3.org/ns/csvw",
            "url": "findings.csv",
            "dc:title": "Findings, one row per finding and locale",
            "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\r\n"]},
            "tableSchema": {
                "columns": [
                    {"name": name, "titles": name, "datatype": datatype, "dc:description": description,
                     **({"separator": CSV_SEPARATORS[name]} if name in CSV_SEPARATORS else {}),
                     **({"required": True} if name in ("year", "id", "locale", "state", "licence", "url") else {})}
                    for name, datatype, description in CSV_COLUMNS
                ],
                "primaryKey": ["year", "id", "locale"],
            },
        }

    # -- charter ---------------------------------------------------------------

    def revision(self, revision: Revision) -> dict[str, Any]:
        return {
            "year": revision.year,
            "source": revision.path,
            "replaces": list(revision.replaces),
            "editions": [s.edition.year for s in self.charter.editions_of_revision(revision)],
            "text": self.texts(revision, ("change",)),
        }

    def principle(self, principle: Principle) -> dict[str, Any]:
        charter = self.charter
        latest = charter.latest
        withdrawn = charter.withdrawn_in(principle.id)
        return {
            "id": principle.id,
            "in_force": bool(latest and principle.id in latest.principles),
            "number": latest.number_of(principle.id) if latest else None,
            "withdrawn_in": withdrawn.year if withdrawn else None,
            "replaces": charter.replaces(principle.id),
            "replaced_by": charter.replaced_by(principle.id),
            "standings": [
                {"edition": s.edition.year, "number": s.number, "revision": s.revision.year}
                for s in charter.standings(principle.id)
            ],
            "urls": self.page_urls(urls.principle_page(principle.id)),
            "revisions": [self.revision(r) for r in principle.revisions],
        }

    def edition(self, year: int) -> dict[str, Any]:
        charter = self.charter
        edition = self.content.editions[year]
        following = charter.next(edition)
        return {
            "year": edition.year,
            "date": edition.date.isoformat(),
            "place": {loc: edition.place[loc] for loc in self.locales if loc in edition.place},
            "note": {loc: edition.note[loc] for loc in self.locales if loc in edition.note},
            "online": edition.online,
            "chair": edition.chair,
            "in_force_until": following.year - 1 if following else None,
            "principles": [
                {"number": number, "id": pid,
                 "revision": (rev.year if (rev := charter.text_in(pid, edition)) else None)}
                for number, pid in enumerate(edition.principles, start=1)
            ],
            "changes": [
                {"kind": c.kind, "principle": c.principle_id, "old_number": c.old_number, "new_number": c.new_number,
                 "replaces": list(c.replaces), "replaced_by": list(c.replaced_by)}
                for c in charter.changes(edition)
            ],
            "urls": self.page_urls(urls.charter_page(edition.year)),
        }

    def charter_json(self) -> dict[str, Any]:
        content = self.content
        latest = self.charter.latest
        return {
            **self._common(),
            "current_edition": latest.year if latest else None,
            "members": [self.member(m) for m in sorted(content.public_members(), key=lambda m: m.code)],
            "editions": [self.edition(year) for year in sorted(content.editions)],
            "principles": [self.principle(content.principles[pid]) for pid in sorted(content.principles)],
        }

    def member(self, member: Member) -> dict[str, Any]:
        """A member (or a candidate with a published statement): admission, and the statement of interest if published."""
        code = member.code
        accession = None
        if member.accession is not None:
            a = member.accession
            statement = self.content.published_statement(code)
            accession = {
                "proposed_by": a.proposed_by,
                "seconded_by": a.seconded_by,
                "agreed": a.agreed.isoformat() if a.agreed else None,
                "statement": None if statement is None else {
                    "name": statement.name,
                    "date": statement.date.isoformat() if statement.date else None,
                    "source": statement.path,
                    "principles": [s.id for s in statement.sections if s.id != RECORD],
                    "text": self.texts(statement, ()),
                },
            }
        return {
            "code": code,
            "status": "candidate" if member.pending else "member",
            "joined": member.joined,
            "left": member.left,
            "names": {loc: self.views[loc].member_name(code) for loc in self.locales},
            "accession": accession,
            "urls": self.page_urls(urls.member_page(code)),
        }

    # -- files -----------------------------------------------------------------

    def writers(self) -> dict[str, Callable[[BinaryIO], None]]:
        """Every open data file: path under the site root -> what writes it, in a fixed order."""
        result: dict[str, Callable[[BinaryIO], None]] = {
            data_path("findings.json"): self.write_findings_json,
            data_path("findings.csv"): self.write_findings_csv,
            data_path("findings.csv-metadata.json"): lambda out: out.write(_dump(self.csv_metadata())),
            data_path("charter.json"): lambda out: out.write(_dump(self.charter_json())),
        }
        for published, shipped in SCHEMAS.items():
            result[data_path(published)] = lambda out, shipped=shipped: out.write(schema_bytes(shipped))
        return result

    def files(self) -> dict[str, bytes]:
        """Every open data file: path under the site root -> bytes, in a fixed order."""
        result = {}
        for path, write in self.writers().items():
            out = io.BytesIO()
            write(out)
            result[path] = out.getvalue()
        return result

    def write(self, folder: Path) -> dict[str, Path]:
        """Write every open data file under `folder` (one finding or row at a time, never a whole file in memory).

        Returns path under the site root -> the file written.
        """
        written = {}
        for path, write in self.writers().items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                write(out)
            written[path] = target
        return written


def data_paths() -> list[str]:
    """Every open data file's path under the site root (the keys of `OpenData.files()`), without computing them."""
    names = ["findings.json", "findings.csv", "findings.csv-metadata.json", "charter.json", *SCHEMAS]
    return [data_path(name) for name in names]


def schema_bytes(name: str) -> bytes:
    """A JSON Schema shipped in d5site/schemas/."""
    return resources.files("d5site.schemas").joinpath(name).read_bytes()


def open_data(site: SiteConfig, content: Content, **kwargs: Any) -> dict[str, bytes]:
    """Every open data file of a site: path under the site root -> bytes."""
    return OpenData(site, content, **kwargs).files()


def write_open_data(folder: Path, site: SiteConfig, content: Content, **kwargs: Any) -> dict[str, Path]:
    """Write every open data file of a site under `folder`: path under the site root -> file."""
    return OpenData(site, content, **kwargs).write(folder)
