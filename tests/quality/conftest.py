"""Fixtures of the built example site, its server and Debian's Chromium (see tests/examplesite.py)."""

from examplesite import browser, example_site, hebrew_site, page  # noqa: F401 - re-exported fixtures
