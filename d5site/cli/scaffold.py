"""Scaffolding: `d5site new finding` and `d5site new revision` write a valid file to start from."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path

from d5site.core import schema
from d5site.core.catalog import Catalog
from d5site.core.charter import Charter
from d5site.core.diagnostics import ContentError, Diagnostic
from d5site.core.loader import is_id
from d5site.core.model import RESERVED_FINDING_IDS, RESERVED_PRINCIPLE_IDS
from d5site.core.site import Loaded
from d5site.core.source import parse_front_matter, text_problem


def _fail(path: str, message: str) -> ContentError:
    return ContentError([Diagnostic(path, 0, message)])


def _yaml_str(value: str) -> str:
    """A YAML scalar for `value` (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _check_title(rel: str, title: str | None) -> None:
    """A title given on the command line is one line of text UTF-8 can encode."""
    if title is None:
        return
    if not title.strip():
        raise _fail(rel, "--title must not be empty")
    if schema.ecma_pattern(schema.ONE_LINE).search(title) is None:
        raise _fail(rel, "--title must be one line (no line breaks or tabs)")
    problem = text_problem(title)
    if problem is not None:
        raise _fail(rel, f"--title: {problem}")
    try:
        title.encode("utf-8")
    except UnicodeEncodeError:
        raise _fail(rel, "--title is not valid text (it holds bytes that are not UTF-8)") from None


def _refuse_existing(path: Path, rel: str) -> None:
    """Refuse a target that exists, or is a symbolic link (even one leading nowhere)."""
    if path.is_symlink():
        raise _fail(rel, "is a symbolic link: nothing written")
    if os.path.lexists(path):
        raise _fail(rel, "already exists")


def _valid_as_check_reads_it(rel: str, text: str, schema_name: str) -> None:
    """Refuse a file that `check` would reject: its front matter is parsed and validated as the loader does."""
    doc, problems = parse_front_matter(text, rel)
    if doc is not None:
        problems = schema.check(schema_name, doc.meta, rel)
    if problems:
        raise ContentError([Diagnostic(p.path, p.line, f"nothing written: the file would not pass check: {p.message}") for p in problems])


def _write_new(root: Path, rel: str, text: str, schema_name: str | None = None) -> Path:
    """Create `rel` under `root` with `text`: never overwrites, never follows a link out of the root, never invalid.

    The text is validated against `schema_name` (a content file's schema; None for
    a file no schema describes, such as `d5site init`'s mkdocs.yml) and encoded before anything is
    created, so a failure leaves no file; the file is created with O_EXCL |
    O_NOFOLLOW, so an existing file or any symbolic link at the target (even a
    dangling one) is refused.
    """
    if schema_name is not None:
        _valid_as_check_reads_it(rel, text, schema_name)
    data = text.encode("utf-8")
    path = root / rel
    real_root = Path(os.path.realpath(root))

    def inside(folder: Path) -> bool:
        real = Path(os.path.realpath(folder))
        return real == real_root or real.is_relative_to(real_root)

    if not inside(path.parent):
        raise _fail(rel, "its folder is a symbolic link leading outside the site root: nothing written")
    _refuse_existing(path, rel)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not inside(path.parent):
            raise _fail(rel, "its folder is a symbolic link leading outside the site root: nothing written")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:
        raise _fail(rel, "already exists") from None
    except OSError as exc:
        raise _fail(rel, f"cannot create: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _fail(rel, f"cannot write: {exc.strerror or exc}") from None
    return path


def new_finding(loaded: Loaded, year: int, finding_id: str, members: list[str], principles: list[str], title: str | None = None) -> Path:
    """Write findings/<year>/<id>.md; raise ContentError when the request is not valid."""
    site, content = loaded.site, loaded.content
    rel = f"{site.options.findings_dir}/{year}/{finding_id}.md"
    if not 1000 <= year <= 9999:
        raise _fail(rel, f"'{year}' is not a four-digit year")
    if not is_id(finding_id):
        raise _fail(rel, f"'{finding_id}' is not a valid finding id (lower-case letters and digits, joined by single hyphens)")
    if finding_id in RESERVED_FINDING_IDS:
        raise _fail(rel, "'index' is reserved for the year's overview (findings/<year>/index.md): choose another id")
    _check_title(rel, title)
    _refuse_existing(site.root / rel, rel)
    errors = []
    for code in members:
        member = content.members.get(code)
        if member is None:
            errors.append(f"unknown member '{code}' (known: {', '.join(sorted(content.members))})")
        elif not member.is_member_in(year):
            errors.append(f"'{code}' was not a member in {year}")
    edition = Charter(content).edition_in_force(year)
    for pid in principles:
        if edition is None:
            errors.append(f"no edition of the charter is in force in {year}")
            break
        if pid not in edition.principles:
            errors.append(
                f"principle '{pid}' is not in the {edition.year} edition in force in {year} (it has: {', '.join(edition.principles)})"
            )
    if not members:
        errors.append("give at least one --member")
    if not principles:
        errors.append("give at least one --principle")
    if errors:
        raise ContentError([Diagnostic(rel, 0, e) for e in errors])
    text = (
        "---\n"
        f"title: {_yaml_str(title or finding_id.replace('-', ' ').capitalize())}\n"
        f"members: [{', '.join(members)}]\n"
        f"principles: [{', '.join(principles)}]\n"
        "summary: One paragraph used in lists, feeds and open data.\n"
        "# code:   # optional: code and solutions the members shared, each with its SPDX licence\n"
        "#   - {name: Notify, url: \"https://example.org/notify\", licence: MIT}\n"
        "---\n\n"
        "What the members found, in plain words.\n"
    )
    return _write_new(site.root, rel, text, "finding")


def new_revision(loaded: Loaded, principle_id: str, year: int, title: str | None = None) -> Path:
    """Write charter/principles/<id>/<year>.md, starting from the revision in force before."""
    site, content = loaded.site, loaded.content
    rel = f"{site.options.charter_dir}/principles/{principle_id}/{year}.md"
    if not is_id(principle_id):
        raise _fail(rel, f"'{principle_id}' is not a valid principle id (lower-case letters and digits, joined by single hyphens)")
    if principle_id in RESERVED_PRINCIPLE_IDS:
        raise _fail(rel, f"'{principle_id}' cannot be a principle id: /charter/principles/{principle_id}/ is a generated page")
    if year not in content.editions:
        raise _fail(
            rel, f"no edition in {year}: add {year} to {site.options.charter_dir}/editions.yml first (with its date and principles)"
        )
    _check_title(rel, title)
    principle = content.principles.get(principle_id)
    previous = principle.revision_at(year) if principle else None
    if previous is not None:
        heading = title or previous.title
        body = previous.body.strip() + "\n"
        change = f"Amended in {year}: say what changed."
    else:
        heading = title or principle_id.replace("-", " ").capitalize()
        body = "The text of the principle as adopted this year.\n"
        change = f"New in {year}."
    text = f"---\ntitle: {_yaml_str(heading)}\nchange: {_yaml_str(change)}\n---\n\n{body}"
    return _write_new(site.root, rel, text, "revision")


_CODE = re.compile(r"^[a-z]{2}$")


def new_statement(loaded: Loaded, code: str, date: _dt.date | None = None, title: str | None = None) -> Path:
    """Write charter/statements/<name>.md for member or candidate `code`: one section per principle in force at `date`, plus `record`.

    The name is the one the member's `accession.statement` gives, else the code.
    The file is never overwritten and never written outside the site root.
    """
    site, content = loaded.site, loaded.content
    folder = f"{site.options.charter_dir}/statements"
    if not _CODE.fullmatch(code):
        raise _fail(f"{folder}/{json.dumps(code)[1:-1]}.md", "not a member code (two lower-case letters, ISO 3166-1)")
    member = content.members.get(code)
    name = member.accession.statement if member and member.accession and member.accession.statement else code
    rel = f"{folder}/{name}.md"
    if member is None:
        raise _fail(
            rel, f"'{code}' is not in {site.options.charter_dir}/members.yml: add it first (a candidate: an accession without 'agreed')"
        )
    _check_title(rel, title)
    date = date or _dt.date.today()
    edition = Charter(content).edition_in_force(date.year)
    if edition is None:
        raise _fail(rel, f"no edition of the charter is in force in {date.year}")
    country = member.names.get(site.default_locale) or Catalog(site.default_locale).territory(code) or code.upper()
    lines = [
        "---",
        f"title: {_yaml_str(title or f'Statement of interest of {country}')}",
        f"date: {date.isoformat()}",
        "---",
        f"What {country} presented to the steering group: one section per principle of the {edition.year} charter, then its record.",
        "",
    ]
    charter = Charter(content)
    for pid in edition.principles:
        revision = charter.text_in(pid, edition)
        heading = revision.title if revision else pid
        lines += [f"## {heading} {{ #{pid} }}", "", f"What {country} does to meet this principle.", ""]
    lines += ["## Record in digital government { #record }", "", f"{country}'s record of excellence in digital government.", ""]
    return _write_new(site.root, rel, "\n".join(lines), "statement")
