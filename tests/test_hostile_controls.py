"""Issue 16: control characters and bidirectional controls written by YAML escapes are refused, located, by check and build.

`"\\x1b]0;x\\x07"` or `"\\0"` in a title, a name, a summary, a place or a catalog label
would reach HTML, `<title>`, feeds and CSV; U+202A-U+202E and U+2066-U+2069 would
reorder the text around a title or a name on every page. d5site refuses them (it does
not isolate them with `<bdi>`: `<title>`, feeds and CSV have no such element), while
the marks U+200E and U+200F stay allowed. One site holds one such value per file;
`d5site check` and `mkdocs build --strict` both refuse it, naming each file and line,
without printing the characters raw.
"""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from d5site.core.source import NOT_TEXT, YamlError, load_yaml
from htmlutil import build_site, check_site
from sitetree import BASE_TREE, make_site

LOCALES = ("en", "fr", "ko")
CONTROL = "control character U+001B is not allowed"


def _replace(path: str, old: str, new: str) -> str:
    text = BASE_TREE[path]
    assert old in text, (path, old)
    return text.replace(old, new, 1)


FILES: dict[str, str] = {
    "mkdocs.yml": BASE_TREE["mkdocs.yml"].replace("  - d5site\n", "  - d5site:\n      catalogs_dir: catalogs\n"),
    "catalogs/fr.yml": 'members: Membres\nfindings: "Constats\\e[31m"\n',
    "findings/2018/responsible-ai.md": _replace(
        "findings/2018/responsible-ai.md", "title: Responsible use of AI", 'title: "Responsible \\x1b]0;x\\x07 AI"'
    ),
    "charter/principles/user-needs/2014.fr.md": _replace(
        "charter/principles/user-needs/2014.fr.md", "title: Besoins des usagers", 'title: "Besoins\\0 des usagers"'
    ),
    "findings/2016/assisted-services.md": _replace(
        "findings/2016/assisted-services.md",
        "principles: [assisted-digital]\n",
        'principles: [assisted-digital]\nsummary: "Two lines\\nare fine,\\ta tab too, \\a not"\n',
    ),
    "charter/editions.yml": _replace("charter/editions.yml", "place: {en: London,", 'place: {en: "Lon\\x9bdon",'),
    "findings/2021/safeguards-for-data.md": _replace(
        "findings/2021/safeguards-for-data.md", "title: Safeguards for data", 'title: "Safeguards\\tfor data"'
    ),
    # bidirectional controls; a right-to-left mark is text
    "findings/2014/shared-code.md": _replace(
        "findings/2014/shared-code.md", "title: Sharing code between governments", 'title: "Sharing \\u202Eedoc\\u202C between governments"'
    ),
    "charter/members.yml": _replace("charter/members.yml", "name: {en: Republic of Korea,", 'name: {en: "\\u2067Korea\\u2069",'),
    "findings/2014/index.md": _replace("findings/2014/index.md", 'title: "2014: London"', 'title: "2014: \\u200fלונדון\\u200f"'),
}
EXPECTED = [
    ("catalogs/fr.yml", 2, f"findings: {CONTROL}"),
    ("findings/2018/responsible-ai.md", 2, f"title: {CONTROL}"),
    ("charter/principles/user-needs/2014.fr.md", 2, "title: control character U+0000 is not allowed"),
    ("findings/2016/assisted-services.md", 5, "summary: control character U+0007 is not allowed"),
    ("charter/editions.yml", 3, "en: control character U+009B is not allowed"),
    ("findings/2021/safeguards-for-data.md", 2, "title must be one line (no line breaks or tabs)"),
]
BIDI = [
    ("findings/2014/shared-code.md", 2, "title: bidirectional control U+202E is not allowed"),
    ("charter/members.yml", 5, "en: bidirectional control U+2067 is not allowed"),
]


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """(`d5site check`, `mkdocs build --strict`) of the site."""
    root = make_site(tmp_path_factory.mktemp("controls"), FILES, LOCALES)
    return check_site(root), build_site(root)


def _assert_refused(result: subprocess.CompletedProcess[str], expected: list[tuple[str, int, str]]) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert NOT_TEXT.search(output) is None and "\u200f" not in output, repr(output)  # nothing raw from the input
    lines = output.splitlines()
    for path, line, message in expected:
        assert any(text.strip().startswith(f"{path}:{line}: {message}") for text in lines), (path, line, message, lines)


@pytest.mark.parametrize("tool", ["check", "build"])
def test_control_characters_are_refused_by_check_and_build(refused: tuple, tool: str) -> None:
    _assert_refused(refused[0 if tool == "check" else 1], EXPECTED)


@pytest.mark.parametrize("tool", ["check", "build"])
def test_bidi_controls_are_refused_and_marks_allowed(refused: tuple, tool: str) -> None:
    result = refused[0 if tool == "check" else 1]
    _assert_refused(result, BIDI)
    assert "findings/2014/index.md" not in result.stdout + result.stderr  # U+200F, a right-to-left mark, is text


@settings(deadline=None, database=None, max_examples=300)
@given(value=st.text(max_size=12).filter(lambda v: v != "a"), where=st.sampled_from(["key", "value", "item"]))
def test_load_yaml_refuses_every_character_that_is_not_text(value: str, where: str) -> None:
    """Any value written with YAML escapes: it loads as written, or is refused on its line naming the code point."""
    quoted = '"' + "".join(f"\\U{ord(c):08x}" for c in value) + '"'
    text = {"key": f"a: 1\n{quoted}: 2\n", "value": f"a: 1\nb: {quoted}\n", "item": f"a: 1\nb:\n  - {quoted}\n"}[where]
    line = 3 if where == "item" else 2
    try:
        data = load_yaml(text)
    except YamlError as exc:
        found = NOT_TEXT.search(value)
        assert found is not None, (value, exc.message)
        assert exc.line == line
        assert f"U+{ord(found.group()):04X} is not allowed" in exc.message
        return
    assert NOT_TEXT.search(value) is None
    loaded = {"key": lambda d: next(k for k in d if k != "a"), "value": lambda d: d["b"], "item": lambda d: d["b"][0]}[where](data)
    assert loaded == value
