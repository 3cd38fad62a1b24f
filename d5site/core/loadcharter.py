"""Loading the charter's texts: each principle's revisions (charter/principles/) and the statements of interest (charter/statements/)."""

from __future__ import annotations

from pathlib import Path

from d5site.core.model import Content, Principle, Revision, Statement
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineList
from d5site.core.sourcegroups import SourceGroups
from d5site.core.sourcenames import ID_RULE, YEAR, is_id, principle_id_problem
from d5site.core.sourcereader import SourceReader
from d5site.core.statements import parse_sections


class CharterTextLoader:
    """Reads principles (with their revisions and translations) and statements into `content`; records which source files exist."""

    def __init__(self, site: SiteConfig, reader: SourceReader, groups: SourceGroups, content: Content):
        self.site = site
        self.reader = reader
        self.groups = groups
        self.content = content
        self.unloaded_revisions: set[tuple[str, int]] = set()
        """(principle id, year) of revision source files that exist but could not be loaded."""
        self.statement_files: set[str] = set()
        """Names of the statement source files that exist (loaded or not), for `accession.statement`."""

    def load_principles(self) -> bool:
        """charter/principles/<principle-id>/<year>[.<locale>].md; whether the folder could be read."""
        folders = self.reader.folders(
            self.site.charter_path / "principles",
            missing="folder not found: every principle needs charter/principles/<id>/<year>.md",
            stray="unexpected file: principles are folders named by principle id",
            invalid=principle_id_problem,
        )
        if folders is None:
            return False
        for entry in folders:
            principle = Principle(id=entry.name)
            refused: set[str] = set()
            groups = self.groups.group(Path(entry.path), "a principle folder", refused)
            self.unloaded_revisions.update((principle.id, int(name)) for name in refused if YEAR.fullmatch(name))
            for name, files in groups.items():
                if not YEAR.fullmatch(name):
                    for path in files.values():
                        self.reader.error(self.site.rel(path), 0, "a revision file is named by its four-digit year: <year>.md")
                    continue
                source = files.get(None)
                if source is None:
                    self.groups.orphans(files, f"{name}.md")
                    continue
                revision = self._revision(source, principle.id, int(name))
                if revision is None:
                    self.unloaded_revisions.add((principle.id, int(name)))
                    continue
                self.groups.attach_translations(revision, files, "revision")
                principle.revisions.append(revision)
            principle.revisions.sort(key=lambda r: r.year)
            if principle.revisions:
                self.content.principles[principle.id] = principle
        return True

    def _revision(self, path: Path, principle_id: str, year: int) -> Revision | None:
        """One revision's source file; None (with diagnostics) if it cannot be read or checked."""
        checked = self.reader.checked_markdown(path, "revision")
        if checked is None:
            return None
        rel, doc = checked
        if not doc.body.strip():
            self.reader.error(rel, doc.body_line, "the principle's text is empty")
        replaces = doc.meta.get("replaces") or LineList()
        return Revision(
            path=rel,
            title=doc.meta["title"],
            body=doc.body,
            body_line=doc.body_line,
            principle_id=principle_id,
            year=year,
            front=doc.meta,
            change=doc.meta.get("change"),
            replaces=list(replaces),
            replaces_lines=list(getattr(replaces, "lines", [])),
        )

    def load_statements(self) -> None:
        """charter/statements/<name>[.<locale>].md: statements of interest (the folder is optional)."""
        folder = self.site.charter_path / "statements"
        if not folder.exists() and not folder.is_symlink():
            return
        rel_folder = self.site.rel(folder)
        if not self.reader.readable_entry(folder, rel_folder):
            return
        if not folder.is_dir():
            self.reader.error(rel_folder, 0, "statements of interest go in a folder: charter/statements/<name>.md")
            return
        for name, files in self.groups.group(folder, "charter/statements").items():
            if not is_id(name):
                for path in files.values():
                    self.reader.error(self.site.rel(path), 0, f"'{name}' is not a valid statement name ({ID_RULE})")
                continue
            source = files.get(None)
            if source is None:
                self.groups.orphans(files, f"{name}.md")
                continue
            self.statement_files.add(name)
            statement = self._statement(source, name)
            if statement is None:
                continue
            self.groups.attach_translations(statement, files, "statement")
            self.content.statements[name] = statement

    def _statement(self, path: Path, name: str) -> Statement | None:
        """One statement's source file, its sections parsed; None (with diagnostics) if it cannot be read or checked."""
        checked = self.reader.checked_markdown(path, "statement")
        if checked is None:
            return None
        rel, doc = checked
        intro, sections, section_problems = parse_sections(doc.body, doc.body_line, rel)
        self.reader.diagnostics.extend(section_problems)
        date = self.reader.date(doc.meta, rel)
        if date is None:
            return None
        return Statement(
            path=rel, title=doc.meta["title"], body=doc.body, front=doc.meta, name=name,
            date=date, publish=doc.meta.get("publish"), intro=intro, sections=sections,
        )
