"""The mistakes a newcomer makes first get a message that says what to do, from `check` and the build alike."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from d5site.cli.main import main
from htmlutil import build_site

F = "findings/2018/responsible-ai.md"
FR = "findings/2018/responsible-ai.fr.md"
FINDING = "---\ntitle: Responsible use of AI\nmembers: [ca, gb]\nprinciples: [user-needs]\n---\nBody.\n"
TRANSLATION = "---\ntitle: Usage responsable de l'IA\n---\nCorps.\n"


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["check"]) == 1
    finally:
        os.chdir(cwd)
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # YAML: the parser's words, then what to do
        (
            {FR: "---\ntitle: Usage responsable : l'IA\n---\nCorps.\n"},
            f"{FR}:2: invalid YAML: mapping values are not allowed in this context; a value holding ': ' must be quoted",
        ),
        (
            {F: FINDING.replace("principles: [user-needs]", "principles:\n\t- user-needs")},
            f"{F}:5: invalid YAML: while scanning for the next token, found character that cannot start any token; "
            "a tab cannot indent YAML: indent with spaces",
        ),
        ({F: FINDING.replace("\nmembers:", "\n\tmembers:")}, f"{F}:3: invalid YAML: "),
        (
            {"charter/editions.yml": "2014:\n  date: 2014-12-10\n\tprinciples: [user-needs]\n"},
            "a tab cannot indent YAML: indent with spaces",
        ),
        (
            {"mkdocs.yml": "site_name: x\nplugins:\n\t- d5site\n"},
            "mkdocs.yml:3: invalid YAML: found character '\\t' that cannot start any token; a tab cannot indent YAML",
        ),
        # codes and ids are lower case
        (
            {F: FINDING.replace("[ca, gb]", "[ca, GB]")},
            f"{F}:3: members[1]: 'GB' is not a member code (two lower-case letters, ISO 3166-1) (did you mean 'gb'?)",
        ),
        (
            {"charter/members.yml": "GB:\n  joined: 2014\n"},
            "charter/members.yml:1: key: 'GB' is not a member code (two lower-case letters, ISO 3166-1) (did you mean 'gb'?)",
        ),
        (
            {F: FINDING.replace("[user-needs]", "[User-Needs]")},
            "'User-Needs' is not a valid id (lower-case letters and digits, joined by single hyphens) (did you mean 'user-needs'?)",
        ),
        # a translation misnamed, or copied with the source's keys
        (
            {"findings/2018/responsible-ai-fr.md": TRANSLATION},
            "findings/2018/responsible-ai-fr.md: looks like a translation of responsible-ai.md misnamed: name it responsible-ai.fr.md",
        ),
        (
            {"findings/2018/responsible-ai_fr.md": TRANSLATION},
            "findings/2018/responsible-ai_fr.md: looks like a translation of responsible-ai.md misnamed: name it responsible-ai.fr.md",
        ),
        (
            {"findings/2018/responsible-ai.FR.md": TRANSLATION},
            ("findings/2018/responsible-ai.FR.md: unknown locale 'FR' in file name (configured: en, fr, ko) (did you mean "
             "responsible-ai.fr.md?)"),
        ),
        (
            {"charter/principles/user-needs/2014-fr.md": "---\ntitle: Besoins\n---\nTexte.\n"},
            "charter/principles/user-needs/2014-fr.md: looks like a translation of 2014.md misnamed: name it 2014.fr.md",
        ),
        (
            {FR: "---\ntitle: Usage responsable\nmembers: [ca, gb]\n---\nCorps.\n"},
            f"{FR}:3: 'members' belongs to the source file only, not to a translation: delete this line",
        ),
    ],
    ids=[
        "colon",
        "tab-token",
        "tab-indent",
        "tab-editions",
        "tab-mkdocs",
        "GB",
        "GB-key",
        "Id",
        "dash-fr",
        "underscore-fr",
        "FR",
        "revision-dash-fr",
        "members-in-translation",
    ],
)
def test_check_says_what_to_do(make_site, capsys: pytest.CaptureFixture[str], files: dict[str, str], expected: str) -> None:
    out = check(make_site(files), capsys)
    assert expected in out, out


def test_a_misnamed_translation_is_not_read_as_a_finding(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    out = check(make_site({"findings/2018/responsible-ai-fr.md": TRANSLATION}), capsys)
    assert "missing required key" not in out and out.count("responsible-ai-fr.md") == 1


def test_an_id_that_only_ends_like_a_locale_is_a_finding(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """`open-data-fr` with no `open-data.md` beside it is a finding of its own, checked as one."""
    out = check(make_site({"findings/2018/open-data-fr.md": TRANSLATION}), capsys)
    assert "findings/2018/open-data-fr.md:2: missing required key 'members'" in out
    assert "misnamed" not in out


def test_the_build_refuses_a_misnamed_translation_with_the_same_message(make_site) -> None:
    built = build_site(make_site({"findings/2018/responsible-ai-fr.md": TRANSLATION}))
    assert built.returncode != 0
    assert "findings/2018/responsible-ai-fr.md: looks like a translation of responsible-ai.md misnamed" in built.stdout + built.stderr
