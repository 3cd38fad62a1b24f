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

`OpenData` writes the files; each one is built by its own collaborator over a shared `DataContext`
(locales, URLs, licences, texts per locale): `FindingsData` (findings.json), `FindingsCsv` (findings.csv and
its description) and `CharterData` (charter.json).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from d5site.core.catalog import Catalog
from d5site.core.model import Content
from d5site.core.siteconfig import SiteConfig
from d5site.core.urls import data_path
from d5site.render.charterdata import CharterData
from d5site.render.datacontext import DataContext, dump
from d5site.render.findingscsv import CSV_COLUMNS, FindingsCsv
from d5site.render.findingsdata import FindingsData

__all__ = ["CSV_COLUMNS", "SCHEMAS", "OpenData", "data_paths", "open_data", "schema_bytes", "write_open_data"]
"""The open data files' builder and helpers, and `CSV_COLUMNS`, which tests have always imported from here."""

SCHEMAS = {
    "findings.schema.json": "data-findings.schema.json",
    "charter.schema.json": "data-charter.schema.json",
}
"""Published name under data/ -> file shipped in d5site/schemas/."""


class OpenData:
    """Builds the open data files of a loaded site, each by its collaborator, and writes them."""

    def __init__(self, site: SiteConfig, content: Content, *, site_url: str | None = None, use_directory_urls: bool = True,
                 catalogs: dict[str, Catalog] | None = None):
        self.context = DataContext(site, content, site_url=site_url, use_directory_urls=use_directory_urls, catalogs=catalogs)
        self.findings_doc = FindingsData(self.context)
        self.findings_table = FindingsCsv(self.context)
        self.charter_doc = CharterData(self.context)

    def findings_json(self) -> dict[str, Any]:
        """findings.json as one document."""
        return self.findings_doc.json()

    def findings_csv(self) -> bytes:
        """findings.csv: every text cell neutralised against spreadsheet formulas."""
        return self.findings_table.as_bytes()

    @staticmethod
    def csv_metadata() -> dict[str, Any]:
        """A CSV on the Web (W3C) description of findings.csv: its columns, types and key."""
        return FindingsCsv.metadata()

    def charter_json(self) -> dict[str, Any]:
        """charter.json as one document."""
        return self.charter_doc.json()

    def writers(self) -> dict[str, Callable[[BinaryIO], None]]:
        """Every open data file: path under the site root -> what writes it, in a fixed order."""
        result: dict[str, Callable[[BinaryIO], None]] = {
            data_path("findings.json"): self.findings_doc.write,
            data_path("findings.csv"): self.findings_table.write,
            data_path("findings.csv-metadata.json"): lambda out: out.write(dump(self.csv_metadata())),
            data_path("charter.json"): lambda out: out.write(dump(self.charter_json())),
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
