"""What one `mkdocs build` publishes besides pages, and how: feeds, open data, atomic replacement.

MkDocs side of d5site.feeds, d5site.opendata and d5site.publish (which know
nothing of MkDocs). The plugin drives a `Publication` from its events:

- `begin` (on_config of the first build of a run, not `mkdocs serve`): the
  build writes into a fresh staging folder beside `site_dir` (inside it when
  its parent is not writable; never into `site_dir` itself: if no staging folder
  can be made, the build stops and says why);
- `add_files` (on_files of every locale's build): that locale's Atom feed and
  the open data files join MkDocs' files, so MkDocs writes them with the site
  and links to them from pages are checked like any other;
- `finish` (on_post_build of the outer build, after static-i18n built every
  other locale): the staging folder replaces `site_dir` whole, unless strict
  mode counted a warning (MkDocs aborts right after);
- `fail` (on_build_error) and `shutdown`: the staging folder is deleted and
  `site_dir` stays exactly as it was.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_build_datetime

from d5site.core.diagnostics import escape
from d5site.mkdocs import i18n_bridge
from d5site.mkdocs.buildlog import build_log
from d5site.render.publish import PublishError, Scratch, Staging

if TYPE_CHECKING:
    from d5site.compile import LocaleCompiler, SiteCompiler

log = logging.getLogger("mkdocs.plugins.d5site")


class WarningCounter(logging.Handler):
    """Counts warnings logged under `mkdocs` as MkDocs' strict mode does."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Publication:
    """One run of the plugin: a build of every locale (or one `mkdocs serve` rebuild)."""

    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.staging: Staging | None = None
        self.site_dir: str | None = None
        self.config: MkDocsConfig | None = None
        self.counter: WarningCounter | None = None
        self._scratch: Scratch | None = None
        """The temporary folder of this run: see `scratch`."""

    # -- events --------------------------------------------------------------

    def startup(self, command: str, dirty: bool) -> None:
        """Remember the command (`build`, `gh-deploy`, `serve`) and whether the build is dirty."""
        self.command = command
        self.dirty = dirty

    def begin(self, config: MkDocsConfig) -> None:
        """At the first build of a run: send the build into a staging folder (not for `mkdocs serve`)."""
        if self.staging is not None or not i18n_bridge.is_first_build(config):
            return
        self.config = config
        if self.command == "serve":
            return
        try:
            self.staging = Staging(config.site_dir, seed=self.dirty)
        except PublishError as exc:
            raise PluginError(f"d5site: {exc}") from None
        except OSError as exc:  # never build in place: a failed build must not touch the published site
            raise PluginError(f"d5site: cannot prepare a staging folder for {config.site_dir}: {exc.strerror or exc}") from None
        for folder in self.staging.stale_removed:
            log.info(f"d5site: deleted {folder.name}, left by a build that was stopped")
        if self.staging.inside:
            log.info(f"d5site: the folder of {config.site_dir} is not writable: building inside it, published by replacing its content")
        self.site_dir = config.site_dir
        config.site_dir = str(self.staging.path)
        names = build_log()  # the log names site_dir, not the staging folder
        names.staging, names.site_dir = config.site_dir, self.site_dir
        if config.strict:
            self.counter = WarningCounter()
            logging.getLogger("mkdocs").addHandler(self.counter)

    def add_files(self, files: Files, config: MkDocsConfig, locale: LocaleCompiler) -> Files:
        """Add this locale's feed and the open data files to the build's files.

        Both are written to a temporary folder (see `scratch`) and copied by
        MkDocs like any other file, so no build holds them in memory.
        """
        default = locale.compiler.default_locale
        dest, feed = locale.feed(self.scratch(), get_build_datetime())
        outputs = {dest: feed, **self.data(locale.compiler)}
        for dest, path in outputs.items():
            # A locale's feed is `feed.<locale>.xml` to static-i18n, which resolves a
            # link to `feed.xml` from that locale's pages to it.
            src = dest if locale.locale == default or dest.startswith("data/") else f"{PurePosixPath(dest).stem}.{locale.locale}.xml"
            clash = next((f for f in files if f.src_uri in (src, dest) or f.dest_uri == dest), None)
            if clash is not None:
                raise PluginError(escape(f"{Path(config.docs_dir).name}/{clash.src_uri}: d5site writes {dest}; rename or remove the file"))
            file = File.generated(config, src, abs_src_path=str(path))
            file.dest_uri = dest
            files.append(file)
        return files

    def data(self, compiler: SiteCompiler) -> dict[str, Path]:
        """The open data files, written once per run (`d5site build` writes them before it starts the locales' processes)."""
        return compiler.open_data(self.scratch() / "data")

    def scratch(self) -> Path:
        """A temporary folder of this run for the files d5site writes before MkDocs copies them (feeds, open data).

        Deleted at the end of the command by the process that made it (a
        `d5site build` process of one locale shares its parent's); see
        d5site.render.publish.Scratch.
        """
        if self._scratch is None or not self._scratch.path.is_dir():
            try:
                self._scratch = Scratch()
            except OSError as exc:
                raise PluginError(f"d5site: cannot make a temporary folder for the feeds and open data ({exc.strerror or exc}); "
                                  "set TMPDIR to a writable folder") from None
        return self._scratch.path

    def _drop_scratch(self) -> None:
        if self._scratch is not None and self._scratch.pid == os.getpid():
            self._scratch.discard()
            self._scratch = None

    def finish(self, config: MkDocsConfig) -> None:
        """After the last locale's build: replace the site folder with the staging folder."""
        if self.staging is None or not i18n_bridge.is_first_build(config):
            return
        staging = self.staging
        if self.counter is not None and self.counter.count:
            self._end()  # strict mode: MkDocs aborts once this event returns
            return
        try:
            staging.publish()
        except OSError as exc:
            self._end()
            raise PluginError(f"d5site: could not replace {staging.target} with the new site: {exc}") from exc
        if not staging.atomic and not staging.inside:
            log.info(f"d5site: {staging.target} could not be renamed (a mount point?); its content was replaced in place")
        if staging.left_behind is not None:
            log.info(f"d5site: could not delete the previous site, left in {staging.left_behind}")
        self._end()

    def fail(self) -> None:
        """The build failed: delete the staging folder; the site folder is untouched."""
        config = self.config
        self._end()
        if config is not None:
            i18n_bridge.recover_after_error(config)

    def shutdown(self) -> None:
        """End of the command (also after an interrupt): nothing staged may remain, nor any temporary file."""
        self._end()
        self._drop_scratch()

    def _end(self) -> None:
        if self.staging is not None:
            self.staging.discard()
            self.staging = None
            build_log().staging = None
        if self.config is not None and self.site_dir is not None:
            self.config.site_dir = self.site_dir
        self.site_dir = None
        self.config = None
        if self.counter is not None:
            logging.getLogger("mkdocs").removeHandler(self.counter)
            self.counter = None
