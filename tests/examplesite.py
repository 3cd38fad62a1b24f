"""The example site (this repository) built once per test session, served over HTTP, and a browser.

Used by tests/browser/ and tests/quality/ through tests/conftest.py:

    example_site   BuiltSite of the repository's mkdocs.yml (en, fr, ko), with .url
    hebrew_site    BuiltSite of a copy of the repository with a `he` (RTL) locale added
                   and two Hebrew translations, with .url
    browser        Debian's Chromium driven by Playwright (session-scoped)
    page           a fresh Playwright page (function-scoped)

Each build is made once per test session with `mkdocs build --strict`, even under
pytest-xdist: the first worker builds under a lock in the session's shared temporary
folder and the other workers reuse the result. Each worker serves the build with its own
http.server on 127.0.0.1 and a free port.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SITE_URL = "https://example.org/"
"""site_url of the example's mkdocs.yml (and of the Hebrew copy)."""
NODE_MODULES = REPO / "node_modules"
CHROMIUM = "/usr/bin/chromium"
NOT_LOOPBACK = re.compile(r"^(?!(https?|wss?)://127\.0\.0\.1[:/]|data:|blob:|about:)")
"""Every URL but the local server's."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: One representative URL path (relative to a locale's root) per kind of page.
PAGE_KINDS: dict[str, str] = {
    "home": "",
    "findings index": "findings/",
    "year": "findings/2018/",
    "finding": "findings/2018/responsible-ai/",
    "theme": "findings/themes/artificial-intelligence/",
    "members": "members/",
    "member": "members/kr/",
    "member with accession": "members/ca/",
    "shared code": "code/",
    "charter": "charter/",
    "edition": "charter/2021/",
    "comparison": "charter/compare/2014-2021/",
    "charter in force": "charter/2019/",
    "principles": "charter/principles/",
    "principle": "charter/principles/user-needs/",
    "report": "reports/2018/",
    "translations": "translations/",
}

#: Pages that carry a language notice in the example (untranslated, and stamped against an older source).
FALLBACK_PAGE = "fr/findings/2015/it-talent-and-procurement/"
OUTDATED_PAGE = "ko/findings/2019/digital-nations/"

HEBREW_FILES: dict[str, str] = {
    "docs/index.he.md": (
        "---\ntemplate: d5site/home.html\ntitle: אומות דיגיטליות\n---\n"
        "# אומות דיגיטליות\n\n"
        "אומות דיגיטליות היא קבוצה של ממשלות שעובדות יחד על ממשל דיגיטלי.\n"
    ),
    "findings/2018/responsible-ai.he.md": (
        "---\n"
        "title: גישה משותפת לשימוש אחראי בבינה מלאכותית\n"
        "summary: בפסגת ירושלים הסכימו החברות על גישה משותפת לשימוש אחראי של ממשלות בבינה מלאכותית.\n"
        "---\n"
        "בפסגת ירושלים בנובמבר 2018 הסכימו החברות על גישה משותפת לשימוש אחראי של ממשלות בבינה מלאכותית.\n"
    ),
}


@dataclass(frozen=True)
class BuiltSite:
    """A built site: its output folder, its locales and, once served, its base URL."""

    root: Path
    locales: tuple[str, ...]
    default_locale: str = "en"
    site_url: str = SITE_URL
    url: str = field(default="", compare=False)

    def prefix(self, locale: str) -> str:
        """URL path prefix of a locale: '' for the default, 'fr/' for fr."""
        return "" if locale == self.default_locale else f"{locale}/"

    def html_files(self) -> list[Path]:
        """Every built HTML page, sorted."""
        return sorted(self.root.rglob("*.html"))

    def file_of(self, path: str) -> Path:
        """The file served for a URL path relative to the site root ('fr/findings/' -> fr/findings/index.html)."""
        return self.root / (path + "index.html" if path == "" or path.endswith("/") else path)


def mkdocs_build(config_file: Path, dest: Path) -> None:
    """`mkdocs build --strict -f config_file -d dest`; fail the session with MkDocs' output if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(dest)],
        cwd=config_file.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict of {config_file} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False
        )


def example_copy(dest: Path) -> Path:
    """A copy of the repository's example site (its mkdocs.yml and sources) in a new folder; returns its mkdocs.yml."""
    dest.mkdir(parents=True)
    for name in ("docs", "findings", "charter"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest / "mkdocs.yml"


def hebrew_source(dest: Path) -> Path:
    """A copy of the example's sources with `he` added as a locale; returns its mkdocs.yml."""
    for name in ("docs", "findings", "charter"):
        shutil.copytree(REPO / name, dest / name)
    raw = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    for plugin in raw["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"].append({"locale": "he", "name": "עברית", "build": True})
            break
    else:  # pragma: no cover - the example always has the i18n plugin
        raise AssertionError("the example's mkdocs.yml has no i18n plugin")
    config = dest / "mkdocs.yml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    for rel, text in HEBREW_FILES.items():
        (dest / rel).write_text(text, "utf-8")
    return config


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder shared by every xdist worker of this session (the session's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_build(tmp_path_factory: pytest.TempPathFactory, name: str, make_config) -> Path:
    """Build once per session (across workers) into <shared>/<name>/site; returns the output folder."""
    shared = _shared_dir(tmp_path_factory)
    folder = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = folder / "done"
            failed = folder / "failed"
            if failed.exists():
                pytest.fail(f"the {name} build failed in another worker:\n{failed.read_text()}", pytrace=False)
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                try:
                    mkdocs_build(make_config(folder), folder / "site")
                except BaseException as exc:
                    failed.write_text(str(exc))
                    raise
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the signature of the base class
        pass


@functools.cache
def _register_types() -> None:
    import mimetypes

    mimetypes.add_type("application/javascript", ".js")
    mimetypes.add_type("application/json", ".json")


def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port in a thread; yields the base URL ('http://127.0.0.1:PORT/')."""
    _register_types()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http {root}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- fixtures (imported by tests/conftest.py) --------------


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The repository's own site, built with --strict and served."""
    root = shared_build(tmp_path_factory, "example", lambda folder: REPO / "mkdocs.yml")
    for url in serve(root):
        yield BuiltSite(root=root, locales=("en", "fr", "ko"), url=url)


@pytest.fixture(scope="session")
def hebrew_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """A copy of the example with a right-to-left `he` locale, built with --strict and served."""
    root = shared_build(tmp_path_factory, "example-he", lambda folder: hebrew_source(folder / "src"))
    for url in serve(root):
        yield BuiltSite(root=root, locales=("en", "fr", "ko", "he"), url=url)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, launched by Playwright (no `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/test, which installs Debian's chromium", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh page (own context) at a desktop size, where Material shows its header search and language selector."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Nothing leaves the machine: Material's web fonts and its fetches of site_url's sitemap are refused.
    context.route(NOT_LOOPBACK, lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()
