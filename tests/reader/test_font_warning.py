"""`d5site check` warns (without failing) when the theme would load fonts from Google Fonts."""

from __future__ import annotations

from pathlib import Path

import pytest

from d5site.cli.main import main
from d5site.core.diagnostics import Diagnostic
from sitetree import mkdocs_yml


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["check", "--config", str(root / "mkdocs.yml"), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def with_theme(theme: str, plugins: str = "") -> str:
    config = mkdocs_yml().replace("theme:\n  name: material\n  font: false\n", theme)
    return config.replace("plugins:\n", "plugins:\n" + plugins, 1)


def test_default_material_fonts_are_a_warning_not_an_error(make_site, capsys) -> None:
    root = make_site({"mkdocs.yml": with_theme("theme:\n  name: material\n")})
    code, out, err = check(root, capsys)
    assert code == 0
    assert out.startswith("mkdocs.yml:3: warning: theme.font: ") and "Google Fonts" in out and "font: false" in out
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
        ("theme:\n  name: material\n", "  - material/privacy\n"),
    ],
    ids=["system-fonts", "privacy-plugin", "material/privacy"],
)
def test_system_fonts_or_self_hosted_fonts_do_not_warn(make_site, capsys, theme: str, plugins: str) -> None:
    root = make_site({"mkdocs.yml": with_theme(theme, plugins)})
    code, out, err = check(root, capsys)
    assert (code, out) == (0, "") and "warning" not in err


def test_a_disabled_privacy_plugin_still_warns(make_site, capsys) -> None:
    root = make_site({"mkdocs.yml": with_theme("theme:\n  name: material\n", "  - privacy:\n      enabled: false\n")})
    assert "warning: theme.font" in check(root, capsys)[1]


def test_errors_still_fail_next_to_the_warning(make_site, capsys) -> None:
    root = make_site({"mkdocs.yml": with_theme("theme:\n  name: material\n"), "charter/members.yml": "gb:\n  joined: x\n"})
    code, out, _ = check(root, capsys)
    assert code == 1
    assert out.splitlines()[0].startswith("mkdocs.yml:3: warning:")
    assert any(line.startswith("charter/members.yml:2:") for line in out.splitlines())


def test_a_warning_prints_as_a_warning() -> None:
    warning = Diagnostic("mkdocs.yml", 4, "x, y: z", severity="warning")
    assert warning.text() == "mkdocs.yml:4: warning: x, y: z"
    assert warning.github() == "::warning file=mkdocs.yml,line=4::x, y: z"
    assert Diagnostic("a.md", 1, "m").github() == "::error file=a.md,line=1::m"
