"""Screenshots of the example site's key pages in every locale, for a person to review (run by scripts/screenshots).

Builds the example site (en, fr, ko) and its Hebrew variant (tests/examplesite.py's
`hebrew_source`, which adds a right-to-left `he` locale) with `mkdocs build --strict`,
serves each on 127.0.0.1, and writes with Debian's Chromium (Playwright):

- `<out>/<locale>/<page>-<width>.png`: full-page screenshots at 1280 and 390 px wide;
- `<out>/<locale>/report-<year>.pdf`: the annual report printed from the browser, and,
  where `pdftoppm` (poppler-utils) is installed, its pages as `report-<year>-<n>.png`.

Nothing is fetched from another host: every request that is not to the local server
is refused, as in the browser tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from examplesite import CHROMIUM, CHROMIUM_ARGS, NOT_LOOPBACK, REPO, hebrew_source, serve

PAGES: dict[str, str] = {
    "home": "",
    "findings": "findings/",
    "year-2018": "findings/2018/",
    "finding": "findings/2018/responsible-ai/",
    "members": "members/",
    "member": "members/ca/",
    "code": "code/",
    "charter": "charter/",
    "charter-2014": "charter/2014/",
    "charter-2019": "charter/2019/",
    "principles": "charter/principles/",
    "principle": "charter/principles/user-needs/",
    "compare-2014-2021": "charter/compare/2014-2021/",
    "report-2018": "reports/2018/",
}
"""Name -> URL path (relative to a locale's root) of each page photographed."""
WIDTHS = (1280, 390)
REPORT_YEAR = 2018


def build(config: Path, dest: Path) -> None:
    """`mkdocs build --strict`; exits with MkDocs' output if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(dest)],
                            cwd=config.parent, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"scripts/screenshots: mkdocs build of {config} failed:\n{result.stdout}{result.stderr}")


def shoot(base: str, locale: str, default: bool, out: Path, pages: dict[str, str], widths: tuple[int, ...], browser) -> list[Path]:
    """Screenshots (and the report's PDF) of one locale; the files written."""
    prefix = "" if default else f"{locale}/"
    folder = out / locale
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for width in widths:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.route(NOT_LOOPBACK, lambda route: route.abort("blockedbyclient"))
        page = context.new_page()
        for name, path in pages.items():
            page.goto(base + prefix + path)
            target = folder / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
        context.close()
    context = browser.new_context()
    context.route(NOT_LOOPBACK, lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.goto(base + prefix + f"reports/{REPORT_YEAR}/")
    page.emulate_media(media="print")
    pdf = folder / f"report-{REPORT_YEAR}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, display_header_footer=False, prefer_css_page_size=True)
    context.close()
    written.append(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / f"report-{REPORT_YEAR}")], check=True)
        written.extend(sorted(folder.glob(f"report-{REPORT_YEAR}-*.png")))
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default="screenshots", help="folder to write into (default: screenshots/)")
    parser.add_argument("--locales", default="en,fr,ko,he", help="comma-separated locales (default: en,fr,ko,he)")
    parser.add_argument("--pages", default="", help="comma-separated page names to take (default: all of " + ", ".join(PAGES) + ")")
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)), help="comma-separated viewport widths (default: 1280,390)")
    args = parser.parse_args(argv)
    locales = [loc for loc in args.locales.split(",") if loc]
    names = [n for n in args.pages.split(",") if n] or list(PAGES)
    unknown = [n for n in names if n not in PAGES]
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)} (known: {', '.join(PAGES)})")
    pages = {n: PAGES[n] for n in names}
    widths = tuple(int(w) for w in args.widths.split(",") if w)
    out = Path(args.out).resolve()
    if not Path(CHROMIUM).exists():
        sys.exit(f"scripts/screenshots: {CHROMIUM} is missing (apt-get install chromium)")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="d5site-shots-") as tmp:
        tmp_path = Path(tmp)
        sites: dict[str, Path] = {}
        if any(loc != "he" for loc in locales):
            build(REPO / "mkdocs.yml", tmp_path / "example")
            sites["example"] = tmp_path / "example"
        if "he" in locales:
            (tmp_path / "he-src").mkdir()
            build(hebrew_source(tmp_path / "he-src"), tmp_path / "hebrew")
            sites["hebrew"] = tmp_path / "hebrew"
        servers = {name: serve(root) for name, root in sites.items()}
        bases = {name: next(server) for name, server in servers.items()}
        written: list[Path] = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    for locale in locales:
                        base = bases["hebrew" if locale == "he" else "example"]
                        written += shoot(base, locale, locale == "en", out, pages, widths, browser)
                finally:
                    browser.close()
        finally:
            for server in servers.values():
                server.close()
    for path in written:
        print(path.relative_to(out.parent) if path.is_relative_to(out.parent) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
