"""One entry point to the core: load a site's content and check every rule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from d5site.core.bodylinks import check_body_links
from d5site.core.catalog import check_catalogs
from d5site.core.diagnostics import Diagnostic
from d5site.core.docsmeta import check_docs_front_matter
from d5site.core.limits import check_limits
from d5site.core.loader import Loader
from d5site.core.model import Content
from d5site.core.sitecheck import config_problems
from d5site.core.siteconfig import SiteConfig, load_site_config
from d5site.core.validate import validate

_REVISION_FILE = re.compile(r"[0-9]{4}\.md")


@dataclass
class Loaded:
    """A loaded site: its configuration, its content and every diagnostic, sorted."""

    site: SiteConfig
    content: Content
    diagnostics: list[Diagnostic]
    """Errors: the content cannot be published."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """What `check` prints as warnings about the content (exit 0) and the build logs at INFO (e.g. no theme vocabulary)."""

    @property
    def ok(self) -> bool:
        """Whether the content has no error."""
        return not self.diagnostics


def load(site: SiteConfig) -> Loaded:
    """Load and validate the content of `site`."""
    loader = Loader(site)
    content, diagnostics = loader.load()
    editions_rel = site.rel(site.charter_path / "editions.yml")
    members_rel = site.rel(site.charter_path / "members.yml")
    failed = {d.path for d in diagnostics}
    charter_missing = site.rel(site.charter_path) in failed
    principles_rel = site.rel(site.charter_path / "principles")
    themes_rel = site.rel(site.charter_path / "themes.yml")
    diagnostics += validate(
        content,
        editions_rel=editions_rel,
        members_rel=members_rel,
        members_ok=members_rel not in failed and not charter_missing,
        editions_ok=editions_rel not in failed and not charter_missing,
        principles_ok=principles_rel not in failed and not charter_missing,
        unloaded_revisions=_unloaded_revisions(content, failed, principles_rel + "/"),
        themes_rel=themes_rel,
        themes_ok=themes_rel not in failed and not charter_missing,
        statement_files=loader.statement_files,
        statements_dir=site.rel(site.charter_path / "statements"),
    )
    diagnostics += check_body_links(site, content)
    diagnostics += check_limits(content, editions_rel)
    diagnostics += check_catalogs(site.root, site.options.catalogs_dir, site.locales)
    diagnostics += config_problems(site)
    diagnostics += check_docs_front_matter(site)
    warnings = [d for d in diagnostics if d.severity == "warning"]
    errors = [d for d in diagnostics if d.severity != "warning"]
    return Loaded(site, content, sorted(set(errors)), sorted(set(warnings)))


def _unloaded_revisions(content: Content, failed: set[str], prefix: str) -> set[tuple[str, int]]:
    """(principle id, year) of revision source files that have a diagnostic and were not loaded."""
    result = set()
    for path in failed:
        if not path.startswith(prefix):
            continue
        parts = path[len(prefix) :].split("/")
        if len(parts) != 2 or not _REVISION_FILE.fullmatch(parts[1]):
            continue
        pid, year = parts[0], int(parts[1][:4])
        principle = content.principles.get(pid)
        if principle is None or all(revision.year != year for revision in principle.revisions):
            result.add((pid, year))
    return result


def load_from_config_file(config_file: Path) -> Loaded:
    """Load and validate the site described by a mkdocs.yml (raises ContentError if unreadable)."""
    return load(load_site_config(config_file))
