"""Quality gate: the Nu Html Checker (vnu.jar) finds no error in d5site's markup, on every built page.

vnu.jar comes from the vnu-jar npm package (node_modules/, installed by scripts/test from
package-lock.json) and runs on Java: `java -jar vnu.jar --format json --errors-only FILES`.

The only errors let through are Material for MkDocs' own, listed one by one in
MATERIAL_ERRORS with the template that writes them: each is matched on vnu's message *and*
on the exact element in its extract, so the same message on any other element (d5site's
or a site's) still fails. An entry that no longer matches anything is reported as a
warning, so the list can be pruned when Material fixes its markup.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from examplesite import NODE_MODULES, BuiltSite

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class KnownError:
    """An error of Material's own templates (seen with mkdocs-material 9.7 and 9.8), not of d5site's."""

    origin: str
    message: re.Pattern[str]
    element: re.Pattern[str]

    def matches(self, error: dict) -> bool:
        return bool(self.message.fullmatch(error.get("message", "")) and self.element.search(error.get("extract", "")))


MATERIAL_ERRORS: tuple[KnownError, ...] = (
    KnownError(
        "material/templates/base.html: the drawer and search toggles are checkboxes with autocomplete=off",
        re.compile(r"Attribute “autocomplete” is only allowed when the input type is .*"),
        re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">'),
    ),
    KnownError(
        "material/templates/partials/nav-item.html: a section's label gets tabindex=\"\" under navigation.tabs, "
        "both for a section linked to its index page (navigation.indexes) and for a section without one",
        re.compile(r"Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer\."),
        re.compile(r'<label class="md-nav__link(?: [^"]*)?" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">'),
    ),
    KnownError(
        "material/templates/partials/toc.html: the table of contents' title labels the __toc toggle, "
        "which partials/nav-item.html writes only for a page in the navigation that has a table of contents",
        re.compile(r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control\."),
        re.compile(r'<label class="md-nav__title" for="__toc">'),
    ),
)


def run_vnu(files: list[Path]) -> list[dict]:
    """vnu.jar's messages (errors only) about `files`."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run ./scripts/test, which installs it with npm ci", pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu Html Checker needs a Java runtime (default-jre-headless)", pytrace=False)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}", pytrace=False)


def check(site: BuiltSite, files: list[Path]) -> None:
    assert files
    messages = run_vnu(files)
    used: Counter[KnownError] = Counter()
    unexpected = []
    for message in messages:
        known = next((k for k in MATERIAL_ERRORS if message.get("type") == "error" and k.matches(message)), None)
        if known is None:
            unexpected.append(message)
        else:
            used[known] += 1
    if unexpected:
        lines = []
        for m in unexpected[:100]:
            where = m.get("url", "").replace("file:" + str(site.root) + "/", "")
            lines.append(
                f"{where}:{m.get('lastLine', '?')}: [{m.get('type')}{'/' + m['subType'] if m.get('subType') else ''}] {m.get('message')}"
            )
            lines.append(f"    {m.get('extract', '').strip()[:300]!r}")
        lines.append(f"{len(unexpected)} unexpected vnu messages in {len(files)} pages")
        pytest.fail("\n".join(lines), pytrace=False)
    stale = [k.origin for k in MATERIAL_ERRORS if not used[k]]
    if stale:
        warnings.warn(f"MATERIAL_ERRORS entries no longer seen (prune them?): {stale}", stacklevel=1)


def test_every_page_of_the_example_is_valid_html(example_site: BuiltSite) -> None:
    check(example_site, example_site.html_files())


def test_every_hebrew_page_is_valid_html(hebrew_site: BuiltSite) -> None:
    check(hebrew_site, sorted((hebrew_site.root / "he").rglob("*.html")))


def test_vnu_reports_an_error_in_d5site_markup(tmp_path: Path, example_site: BuiltSite) -> None:
    """The gate is live: an invalid page, even next to Material's known errors, is caught."""
    page = tmp_path / "bad.html"
    source = example_site.file_of("findings/2018/responsible-ai/").read_text("utf-8")
    page.write_text(source.replace('<dl class="d5-meta">', '<dl class="d5-meta"><p>not allowed here</p>', 1), "utf-8")
    messages = [m for m in run_vnu([page]) if not any(k.matches(m) for k in MATERIAL_ERRORS)]
    assert messages and "“p”" in messages[0]["message"], messages
