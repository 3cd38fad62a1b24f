"""Fonts: without `theme.font`, pages use the system font stack (nothing from Google Fonts) and `check` is quiet;
a `font:` mapping loads Google Fonts, and `check` warns (without failing) unless the privacy plugin self-hosts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from d5site.cli.main import main
from d5site.core.diagnostics import Diagnostic
from htmlutil import build_site
from sitetree import mkdocs_yml


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["check", "--config", str(root / "mkdocs.yml"), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def with_theme(theme: str, plugins: str = "") -> str:
    config = mkdocs_yml().replace("theme:\n  name: material\n  font: false\n", theme)
    return config.replace("plugins:\n", "plugins:\n" + plugins, 1)


def test_material_without_font_is_quiet(make_site, capsys) -> None:
    root = make_site({"mkdocs.yml": with_theme("theme:\n  name: material\n")})
    code, out, err = check(root, capsys)
    assert (code, out) == (0, "") and "warning" not in err


def test_a_font_mapping_is_a_warning_not_an_error(make_site, capsys) -> None:
    root = make_site({"mkdocs.yml": with_theme("theme:\n  name: material\n  font:\n    text: Roboto\n")})
    code, out, err = check(root, capsys)
    assert code == 0
    assert out.startswith("mkdocs.yml:5: warning: theme.font: ") and "Google Fonts" in out and "remove `font:`" in out
    assert "1 warning" in err and "error" not in err


def test_a_google_font_named_is_a_warning_at_its_line(make_site, capsys) -> None:
    root = make_site({"mkdocs.yml": with_theme("theme:\n  name: material\n  font:\n    text: Lato\n")})
    code, out, _ = check(root, capsys, "--format", "github")
    assert code == 0
    assert out.startswith("::warning file=mkdocs.yml,line=5::theme.font: every page would load its fonts from Google Fonts")


@pytest.mark.parametrize(
    "theme,plugins",
    [
        ("theme:\n  name: material\n  font: false\n", ""),
        ("theme:\n  name: material\n  font:\n    text: Lato\n", "  - privacy\n"),
        ("theme:\n  name: material\n  font:\n    text: Lato\n", "  - material/privacy\n"),
        ("theme:\n  name: material\n  font:\n", ""),
    ],
    ids=["system-fonts", "privacy-plugin", "material/privacy", "font-null"],
)
def test_system_fonts_or_self_hosted_fonts_do_not_warn(make_site, capsys, theme: str, plugins: str) -> None:
    root = make_site({"mkdocs.yml": with_theme(theme, plugins)})
    code, out, err = check(root, capsys)
    assert (code, out) == (0, "") and "warning" not in err


def test_a_disabled_privacy_plugin_still_warns(make_site, capsys) -> None:
    root = make_site(
        {"mkdocs.yml": with_theme("theme:\n  name: material\n  font:\n    code: Fira Code\n", "  - privacy:\n      enabled: false\n")}
    )
    assert "warning: theme.font" in check(root, capsys)[1]


def test_errors_still_fail_next_to_the_warning(make_site, capsys) -> None:
    root = make_site(
        {"mkdocs.yml": with_theme("theme:\n  name: material\n  font:\n    text: Lato\n"), "charter/members.yml": "gb:\n  joined: x\n"}
    )
    code, out, _ = check(root, capsys)
    assert code == 1
    assert out.splitlines()[0].startswith("mkdocs.yml:5: warning:")
    assert any(line.startswith("charter/members.yml:2:") for line in out.splitlines())


def test_a_warning_prints_as_a_warning() -> None:
    warning = Diagnostic("mkdocs.yml", 4, "x, y: z", severity="warning")
    assert warning.text() == "mkdocs.yml:4: warning: x, y: z"
    assert warning.github() == "::warning file=mkdocs.yml,line=4::x, y: z"
    assert Diagnostic("a.md", 1, "m").github() == "::error file=a.md,line=1::m"


@pytest.mark.parametrize(
    ("files", "google"),
    [
        ({"mkdocs.yml": with_theme("theme:\n  name: material\n")}, False),
        ({"mkdocs.yml": with_theme("theme:\n  name: material\n  font:\n")}, False),
        ({"mkdocs.yml": "INHERIT: base.yml\n" + with_theme("theme:\n  name: material\n"),
          "base.yml": "theme:\n  name: material\n  font:\n    text: Lato\n"}, True),
    ],
    ids=["unset", "null", "inherited-mapping"],
)
def test_the_build_loads_web_fonts_only_when_mkdocs_yml_sets_them(make_site, files: dict[str, str], google: bool) -> None:
    root = make_site(files)
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    for page in ("index.html", "fr/findings/index.html", "ko/404.html"):
        html = (root / "site" / page).read_text("utf-8")
        assert ("https://fonts.googleapis.com/css?family=Lato" in html) is google, page
        assert ("fonts.googleapis.com" in html) is google, page
