"""One entry point to the core: load a site's content and check every rule."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from d5site.diagnostics import Diagnostic
from d5site.loader import Loader
from d5site.model import Content
from d5site.siteconfig import SiteConfig, load_site_config
from d5site.validate import validate


@dataclass
class Loaded:
    """A loaded site: its configuration, its content and every diagnostic, sorted."""

    site: SiteConfig
    content: Content
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        """Whether the content has no error."""
        return not self.diagnostics


def load(site: SiteConfig) -> Loaded:
    """Load and validate the content of `site`."""
    content, diagnostics = Loader(site).load()
    diagnostics += validate(
        content,
        editions_rel=site.rel(site.charter_path / "editions.yml"),
        members_rel=site.rel(site.charter_path / "members.yml"),
    )
    return Loaded(site, content, sorted(set(diagnostics)))


def load_from_config_file(config_file: Path) -> Loaded:
    """Load and validate the site described by a mkdocs.yml (raises ContentError if unreadable)."""
    return load(load_site_config(config_file))
