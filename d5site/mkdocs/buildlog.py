"""What d5site changes in MkDocs' build log: the real site folder, not the staging one; no note about the 404 page it writes itself."""

from __future__ import annotations

import logging

from d5site.mkdocs import i18n_bridge

LOGGERS = ("mkdocs.commands.build", i18n_bridge.LOGGER)
"""Where MkDocs and mkdocs-static-i18n log "Building ... documentation to directory" and "Template skipped"."""

SKIPPED_404 = "Template skipped: '404.html' generated empty output."


class BuildLog(logging.Filter):
    """A filter on MkDocs' and static-i18n's loggers, installed once per process and safe across repeated builds.

    While a build publishes through a staging folder, messages naming that folder
    name `site_dir` instead; the note MkDocs logs when a locale's 404 page renders
    empty is dropped when d5site wrote that page itself (to `/<locale>/404.html`).
    """

    def __init__(self) -> None:
        super().__init__("d5site")
        self.staging: str | None = None
        self.site_dir: str | None = None
        self.own_404 = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self.own_404 and record.getMessage() == SKIPPED_404:
            self.own_404 = False
            return False
        if self.staging and self.site_dir and self.staging in str(record.msg):
            record.msg = record.getMessage().replace(self.staging, self.site_dir)
            record.args = ()
        return True


def build_log() -> BuildLog:
    """The process's filter, attached to MkDocs' loggers on first use."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for existing in logger.filters:
            if isinstance(existing, BuildLog):
                return existing
    log = BuildLog()
    for name in LOGGERS:
        logging.getLogger(name).addFilter(log)
    return log
