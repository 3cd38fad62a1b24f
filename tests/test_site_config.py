"""d5site inside MkDocs: plugin order, hand-written pages beside generated ones, strict builds,
content errors, generated paths taken by docs/, and what `mkdocs serve` watches.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from htmlutil import SITE_URL, BuiltSite, build_site, check_site
from sitetree import make_site, mkdocs_yml

from d5site.core.catalog import Catalog

PREFIX = {"en": "", "fr": "fr/", "ko": "ko/"}
ABOUT = {
    "docs/about.md": "# About\n\nABOUT-EN: who we are.\n",
    "docs/about.fr.md": "# À propos\n\nABOUT-FR : qui nous sommes.\n",
}


def _with_plugin_order(order: tuple[str, ...]) -> str:
    """sitetree's mkdocs.yml with its three plugins (search, i18n with its options, d5site) in `order`."""
    text = mkdocs_yml()
    head, plugins = text.split("plugins:\n", 1)
    blocks: dict[str, str] = {}
    current = ""
    for line in plugins.splitlines(keepends=True):
        if line.startswith("  - "):
            current = line[4:].strip().rstrip(":")
            blocks[current] = ""
        blocks[current] += line
    assert set(blocks) == set(order), blocks
    return head + "plugins:\n" + "".join(blocks[name] for name in order)


ORDERS = [
    ("d5site", "search", "i18n"),
    ("search", "d5site", "i18n"),
    ("d5site", "i18n", "search"),
    ("i18n", "d5site", "search"),
    ("search", "i18n", "d5site"),
]


def _messages(output: str) -> list[str]:
    """Output lines, without MkDocs' `ERROR    -  ` style log prefix."""
    result = []
    for line in output.splitlines():
        level, sep, rest = line.partition(" -  ")
        result.append(rest.strip() if sep and level.strip() in ("ERROR", "WARNING", "INFO", "DEBUG") else line.strip())
    return result


# -- 9. plugin order; hand-written docs beside generated pages -------------------------------


@pytest.mark.parametrize("order", ORDERS, ids="-".join)
def test_plugin_order_does_not_matter(tmp_path: Path, order: tuple[str, ...]) -> None:
    root = make_site(tmp_path, {"mkdocs.yml": _with_plugin_order(order), **ABOUT})
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(root / "site")
    for locale, prefix in PREFIX.items():
        catalog = Catalog(locale)
        # generated pages, in the locale's words
        charter = site.page(prefix + "charter/2021/")
        assert charter.lang == locale
        assert charter.article.one("h1").text == catalog.t("edition_of", year=2021)
        assert [h["id"] for h in charter.article.find_all("h2")][:4] == ["user-needs", "necessary-safeguards", "open-standards", "digital-inclusion"]
        finding = site.page(prefix + "findings/2018/responsible-ai/")
        assert finding.switcher == {other: PREFIX[other] + "findings/2018/responsible-ai/" for other in PREFIX}
        assert set(finding.hreflang) == {"en", "fr"}
        # hand-written pages build beside them, in every locale, and are in the navigation
        about = site.page(prefix + "about/")
        assert ("ABOUT-FR" if locale == "fr" else "ABOUT-EN") in about.article.text
        assert about.switcher == {other: PREFIX[other] + "about/" for other in PREFIX}
        nav = {target[0] for a in about.primary_nav.find_all("a", cls="md-nav__link") if (target := about.resolve(a["href"]))}
        assert {prefix + "about/", prefix + "charter/", prefix + "findings/2018/", prefix + "members/"} <= nav
        assert prefix + "findings/2018/responsible-ai/" not in nav
    assert site.page("fr/findings/2018/responsible-ai/").article.one("h1").text == "Usage responsable de l'IA"
    assert site.page("ko/findings/2018/responsible-ai/").article.find("aside", cls="d5-notice--fallback") is not None
    assert site.page("ko/about/").canonical == SITE_URL + "about/"
    # the search index holds generated pages too
    index = (site.dir / "search" / "search_index.json").read_text("utf-8")
    assert "findings/2018/responsible-ai/" in index


# -- 10. strict mode and content errors ------------------------------------------------------


BAD = {
    "findings/2018/responsible-ai.md": "---\ntitle: Responsible use of AI\nmembers: [ca, zz]\nprinciples: [user-needs]\n---\nBody.\n",
    "findings/2016/assisted-services.md": "---\ntitle: Assisted digital services\nmembers: [kr]\nprinciples: [no-such-principle]\n---\nBody.\n",
}


def test_content_errors_fail_the_build_with_the_check_messages(tmp_path: Path) -> None:
    root = make_site(tmp_path, BAD)
    checked = check_site(root)
    assert checked.returncode == 1
    messages = checked.stdout.splitlines()
    assert len(messages) == 2
    assert messages[0].startswith("findings/2016/assisted-services.md:4: ")
    assert messages[1].startswith("findings/2018/responsible-ai.md:3: ")
    for strict in (True, False):
        result = build_site(root, strict=strict)
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "Traceback" not in output
        lines = _messages(output)
        for message in messages:
            assert message in lines, f"{message!r} not in build output:\n{output}"
        assert not (root / "site" / "findings" / "index.html").exists()


# -- 11. docs/ pages at generated paths -------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "docs/findings/index.md",
        "docs/findings/index.fr.md",
        "docs/charter/2018.md",
        "docs/members/gb.ko.md",
        # other files at the same URL as a generated page
        "docs/findings.md",
        "docs/findings/2018/responsible-ai/index.md",
        "docs/members/gb/index.ko.md",
        "docs/charter/README.md",
    ],
)
def test_docs_page_at_a_generated_url_fails_clearly(tmp_path: Path, path: str) -> None:
    root = make_site(tmp_path, {path: "# Mine\n\nHAND-WRITTEN\n"})
    result = build_site(root, strict=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert any(line.startswith(f"{path}: ") and "generated by d5site" in line for line in _messages(output)), output


def test_docs_page_beside_generated_urls_is_fine(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"docs/findings/how-we-work.md": "# How we work\n\nHOW\n", "docs/charter/history.md": "# History\n\nHISTORY\n"})
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(root / "site")
    assert "HOW" in site.page("findings/how-we-work/").article.text
    assert "HISTORY" in site.page("ko/charter/history/").article.text


# -- 12. mkdocs serve watches findings/ and charter/ -------------------------------------------


class FakeServer:
    """Records what a plugin asks LiveReloadServer to watch."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, func: object = None, *, recursive: bool = True) -> None:
        self.watched.append(path)


@pytest.mark.parametrize(
    ("options", "folders"),
    [
        ("", ("findings", "charter")),
        (":\n      findings_dir: content/findings\n      charter_dir: content/charter", ("content/findings", "content/charter")),
    ],
)
def test_serve_watches_content_folders(tmp_path: Path, options: str, folders: tuple[str, str]) -> None:
    from mkdocs.config import load_config

    root = make_site(tmp_path, {"mkdocs.yml": mkdocs_yml().replace("  - d5site\n", f"  - d5site{options}\n")})
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["d5site"]
    server = FakeServer()
    returned = plugin.on_serve(server, config=config, builder=lambda: None)
    assert returned is server
    watched = {Path(p).resolve() for p in server.watched}
    assert {(root / folder).resolve() for folder in folders} <= watched


def test_serve_hook_runs_through_mkdocs_plugin_events(tmp_path: Path) -> None:
    """The same through MkDocs' own dispatch (`plugins.on_serve`), which `mkdocs serve` calls."""
    from mkdocs.config import load_config

    root = make_site(tmp_path)
    config = load_config(str(root / "mkdocs.yml"))
    server = FakeServer()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    watched = {Path(p).resolve() for p in server.watched}
    assert {(root / "findings").resolve(), (root / "charter").resolve()} <= watched


def test_serve_rebuild_reads_the_edited_content(tmp_path: Path) -> None:
    """`mkdocs serve` reloads the config for each rebuild and MkDocs reuses the plugin instance: the content is read again."""
    from mkdocs.config import load_config

    root = make_site(tmp_path)
    path = root / "findings/2018/responsible-ai.md"
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["d5site"]
    plugin.on_config(config)
    assert plugin.build is not None
    assert plugin.build.compiler.loaded.content.findings[(2018, "responsible-ai")].title == "Responsible use of AI"
    path.write_text(path.read_text("utf-8").replace("title: Responsible use of AI", "title: Edited while serving"), "utf-8")
    again = load_config(str(root / "mkdocs.yml"))
    assert again.plugins["d5site"] is plugin
    plugin.on_config(again)
    assert plugin.build.compiler.loaded.content.findings[(2018, "responsible-ai")].title == "Edited while serving"
