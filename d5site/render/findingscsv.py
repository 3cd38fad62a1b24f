"""data/findings.csv, one row per finding and locale, and its CSV on the Web description (findings.csv-metadata.json)."""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

from d5site.core import urls
from d5site.render.datacontext import DataContext

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


class FindingsCsv:
    """Builds findings.csv (RFC 4180 quoting, CRLF, every text cell neutralised against formulas) and its description."""

    def __init__(self, context: DataContext):
        self.context = context

    def as_bytes(self) -> bytes:
        """findings.csv: every text cell neutralised against spreadsheet formulas (see `csv_cell`)."""
        out = io.BytesIO()
        self.write(out)
        return out.getvalue()

    def write(self, binary: BinaryIO) -> None:
        """findings.csv, written one row at a time."""
        context = self.context
        out = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([name for name, _, _ in CSV_COLUMNS])
        for key in sorted(context.content.findings):
            finding = context.content.findings[key]
            texts = context.texts(finding, ("summary",))
            for loc in context.locales:
                text = texts[loc]
                sep = CSV_SEPARATORS
                writer.writerow([csv_cell(cell) for cell in [
                    finding.year, finding.id, loc, text["state"],
                    finding.date.isoformat() if finding.date else "",
                    " ".join(finding.members), sep["member_names"].join(context.member_name(code, loc) for code in finding.members),
                    " ".join(finding.principles),
                    sep["principle_titles"].join(context.principle_title(pid, finding.year, loc) for pid in finding.principles),
                    " ".join(finding.themes),
                    context.licence(finding),
                    sep["code"].join(c.url for c in finding.code), sep["code_licences"].join(c.licence for c in finding.code),
                    sep["partners"].join(p.name for p in finding.partners), sep["partner_kinds"].join(p.kind for p in finding.partners),
                    context.url(urls.finding_page(finding.year, finding.id), loc),
                    text["title"] or "", text["summary"] or "", text["body"] or "",
                ]])
        out.detach()  # leave `binary` open for the caller

    @staticmethod
    def metadata() -> dict[str, Any]:
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
