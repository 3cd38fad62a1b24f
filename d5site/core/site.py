"""One entry point to the core: load a site's content and check every rule."""

from __future__ import annotations

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
from d5site.core.validate import CharterFiles, validate


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
    loaded = Loader(site).load()
    content = loaded.content
    files = CharterFiles.of(site)
    diagnostics = loaded.diagnostics + validate(loaded, files)
    diagnostics += check_body_links(site, content)
    diagnostics += check_limits(content, files.editions)
    diagnostics += check_catalogs(site.root, site.options.catalogs_dir, site.locales)
    diagnostics += config_problems(site)
    diagnostics += check_docs_front_matter(site)
    warnings = [d for d in diagnostics if d.severity == "warning"]
    errors = [d for d in diagnostics if d.severity != "warning"]
    return Loaded(site, content, sorted(set(errors)), sorted(set(warnings)))


def load_from_config_file(config_file: Path) -> Loaded:
    """Load and validate the site described by a mkdocs.yml (raises ContentError if unreadable)."""
    return load(load_site_config(config_file))
