"""Hostile and unusual input (issue 8): nothing crashes, hangs, leaks or is silently lost.

Each class of input from the contract (sections 1, 5, 6a) is fed to `d5site check`
in-process and, where the build reads the same input, to `mkdocs build --strict`
in a subprocess: both refuse it with exit status 1, naming the same source file,
without a traceback and without anything from outside the site root.
Boundedness is asserted by construction (an alias refused before the rest of the
document is read, a lineage that the old algorithm could not finish), never with a timer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from d5site.cli.main import main
from d5site.core.diagnostics import Diagnostic
from d5site.core.model import Content, Principle, Revision
from d5site.core.source import MAX_DEPTH, YamlError, load_yaml
from d5site.core.validate import _replaces_cycles
from d5site.render import publish
from sitetree import BASE_TREE

F = "findings/2018/responsible-ai.md"
MEMBERS = "charter/members.yml"
EDITIONS = "charter/editions.yml"
AD14 = "charter/principles/assisted-digital/2014.md"


def fm(*lines: str, body: str = "Body.\n") -> str:
    """A Markdown file whose front matter is `lines`: lines[i] is line i + 2 of the file."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def finding(
    *extra: str, title: str = "Responsible use of AI", members: str = "[ca, gb]", principles: str = "[user-needs]", body: str = "Body.\n"
) -> str:
    """A finding: title on line 2, members on 3, principles on 4, `extra` from line 5."""
    return fm(f"title: {title}", f"members: {members}", f"principles: {principles}", *extra, body=body)


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str], str]:
    """`d5site check` in-process: (exit status, stdout lines, stderr)."""
    status = main(["check", "--config", str(root / "mkdocs.yml"), *extra])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def mkdocs_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the site at `root`, in a subprocess."""
    argv = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml"), *args]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=root, env=env, timeout=300, check=False)


def assert_line(lines: list[str], path: str, line: int | None, message: str) -> None:
    """Some line is exactly `path:line: ...message...` (or `path: ...message...`)."""
    prefix = f"{path}:{line}: " if line is not None else f"{path}: "
    assert any(text.startswith(prefix) and message in text for text in lines), f"{prefix!r} {message!r} not in:\n" + "\n".join(lines)


def assert_build_refuses(root: Path, path: str, message: str) -> None:
    """The strict build fails naming `path` and saying `message`, without a traceback."""
    result = mkdocs_build(root)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert path in output and message in output, output


# -- YAML is data ------------------------------------------------------------------------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def test_alias_is_refused_before_the_document_is_read_further() -> None:
    """The first anchor stops the parser: what follows it (here invalid YAML) is never read, nothing is expanded."""
    with pytest.raises(YamlError) as caught:
        load_yaml("title: x\nlol: &a [lol]\n" + "bad: [unclosed\n" * 1000)
    assert (caught.value.line, caught.value.message) == (2, "anchors (&a) are not allowed: write each value out")
    with pytest.raises(YamlError) as caught:
        load_yaml(BILLION_LAUGHS)
    assert caught.value.line == 1 and "anchors (&a)" in caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: *x\n", 2, "aliases (*x) are not allowed"),
        ("a: !!python/object:os.system x\n", 1, "tags (!!python/object:os.system) are not allowed"),
        ("a: !!str 3\n", 1, "tags (!!str) are not allowed"),
        ("a: !custom 3\n", 1, "tags (!custom) are not allowed"),
        ("2018: a\n'2018': b\n", 2, "duplicate key '2018' (first on line 1)"),
        ('no: a\n"no": b\n', 2, "duplicate key 'no' (first on line 1)"),
        ("[" * 1000, 1, f"nested more than {MAX_DEPTH} levels deep"),
        ("a:\n" + "".join("  " * i + "- x:\n" for i in range(1, 200)), 17, "levels deep"),
        ("a: 1\n---\nb: 2\n", 2, "only one YAML document is allowed"),
        ("a: '\x07'\n", 1, "character U+0007 is not allowed"),
        ("a: 1" + "0" * 5000 + "\n", 1, "a: "),
    ],
)
def test_yaml_refusals_are_located(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlError) as caught:
        load_yaml(text)
    assert caught.value.line == line
    assert message in caught.value.message


def test_keys_are_text_and_yaml_11_booleans_do_not_apply() -> None:
    data = load_yaml("no: [no, yes, on, off, y, n]\n2018: 1\nnull: ~\ntrue: True\n")
    assert list(data) == ["no", "2018", "null", "true"]
    assert data["no"] == ["no", "yes", "on", "off", "y", "n"]
    assert (data["null"], data["true"]) == (None, True)
    assert data.key_lines == {"no": 1, "2018": 2, "null": 3, "true": 4}


def test_billion_laughs_front_matter_is_refused_by_check_and_build(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({F: "---\n" + BILLION_LAUGHS + "title: x\n---\nBody.\n"}, locales=("en",))
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert_line(lines, F, 2, "anchors (&a) are not allowed")
    assert_build_refuses(root, F, "anchors (&a) are not allowed")


def test_deep_nesting_is_refused_by_check_and_build(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(
        {F: finding("themes: " + "[" * 600 + "]" * 600), EDITIONS: BASE_TREE[EDITIONS] + "x: " + "{a: " * 400 + "1" + "}" * 400 + "\n"},
        locales=("en",),
    )
    status, lines, err = check(root, capsys)
    assert status == 1 and "internal error" not in err
    assert_line(lines, F, 5, f"nested more than {MAX_DEPTH} levels deep")
    assert_line(lines, EDITIONS, len(BASE_TREE[EDITIONS].split("\n")), f"nested more than {MAX_DEPTH} levels deep")
    assert_build_refuses(root, F, "levels deep")


def test_duplicate_year_quoted_or_not_is_refused(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    editions = BASE_TREE[EDITIONS] + '"2018":\n  date: 2018-05-01\n  principles: [user-needs]\n'
    line = len(BASE_TREE[EDITIONS].split("\n"))
    status, lines, _ = check(make_site({EDITIONS: editions}), capsys)
    assert status == 1
    assert_line(lines, EDITIONS, line, "duplicate key '2018'")


def test_norway_can_join(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """`no:` is Norway's code, in members.yml and in a finding's members, not false."""
    members = BASE_TREE[MEMBERS] + "no:\n  name: {en: Norway, fr: Norvège}\n  joined: 2018\n"
    root = make_site(
        {MEMBERS: members, F: finding(members="[no, gb]"), "findings/2018/nordic.md": finding(members="\n  - no", title="Nordic")},
        locales=("en", "fr"),
    )
    status, lines, err = check(root, capsys)
    assert (status, lines) == (0, []), err
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site/members/no/index.html").read_text("utf-8")
    assert "Norway" in page and "Nordic" in page
    assert "Norvège" in (root / "site/fr/members/no/index.html").read_text("utf-8")


def test_tags_in_members_are_refused(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    members = "gb:\n  joined: !!int 2014\n"
    status, lines, _ = check(make_site({MEMBERS: members}), capsys)
    assert status == 1
    assert_line(lines, MEMBERS, 2, "tags (!!int) are not allowed")


def test_members_error_points_at_the_key_line(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """A member far down members.yml (here `on`, a YAML 1.1 boolean) is reported on its own lines."""
    filler = "".join(f"# comment {i}\n" for i in range(12))
    members = BASE_TREE[MEMBERS].rstrip("\n") + "\n" + filler
    start = len(members.split("\n"))
    members += "on:\n  joined: 14\nyes:\n  joind: 2018\n"
    status, lines, _ = check(make_site({MEMBERS: members}), capsys)
    assert status == 1
    assert start >= 20
    assert_line(lines, MEMBERS, start + 1, "on.joined: 14 is not a four-digit year")
    assert_line(lines, MEMBERS, start + 3, "unknown key 'joind' in yes")


# -- titles are one line -----------------------------------------------------------------


@pytest.mark.parametrize("title", ['"A\\nB"', '"A\\u2028B"', '"A\\u2029B"', '"A\\rB"', "|\n  A\n  ===="])
def test_titles_are_one_line(make_site, capsys: pytest.CaptureFixture[str], title: str) -> None:
    status, lines, _ = check(make_site({F: finding(title=title), AD14: fm(f"title: {title}", body="Text.\n")}), capsys)
    assert status == 1
    assert_line(lines, F, 2, "title must be one line")
    assert_line(lines, AD14, 2, "title must be one line")


def test_line_numbers_after_a_u2028_title(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """YAML parsers count U+2028 as a line break; editors and d5site do not."""
    text = "---\ntitle: \"A\u2028B\u2029C\x85D\"\nsummary: \"\u2028\u2028\"\nmembers: [ca, GBR]\nprinciples: [user-needs]\n---\nBody.\n"
    status, lines, _ = check(make_site({F: text}), capsys)
    assert status == 1
    assert_line(lines, F, 2, "title must be one line")
    assert_line(lines, F, 4, "members[1]: 'GBR' is not a member code")


# -- names match as whole strings --------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "path", "message"),
    [
        ({"findings/2016\n/x.md": finding(), "findings/2018/responsible-ai.md": None}, "findings/2016\\n", "is not a year folder"),
        ({"findings/2018/late\n.md": finding()}, "findings/2018/late\\n.md", "is not a valid finding id"),
        (
            {"charter/principles/user-needs\n/2014.md": fm("title: x", body="T.\n")},
            "charter/principles/user-needs\\n",
            "is not a valid principle id",
        ),
        (
            {"charter/principles/user-needs/2014\n.md": fm("title: x", body="T.\n")},
            "charter/principles/user-needs/2014\\n.md",
            "named by its four-digit year",
        ),
        ({"charter/principles/index/2014.md": fm("title: Index", body="T.\n")}, "charter/principles/index", "cannot be a principle id"),
    ],
)
def test_names_with_a_trailing_newline_or_reserved_are_refused(
    make_site, capsys: pytest.CaptureFixture[str], files: dict, path: str, message: str
) -> None:
    status, lines, _ = check(make_site(files), capsys)
    assert status == 1
    assert_line(lines, path, None, message)


@pytest.mark.parametrize(
    ("line_text", "line", "message"),
    [
        ('themes: ["ai\\n"]', 5, "is not a valid id"),
        ('members: ["gb\\n"]', 3, "is not a member code"),
        ("date: \"2018-11-22\\n\"", 5, "is not a date"),
        ('links: [{title: x, url: "https://example.org/\\n"}]', 5, "links must be http"),
        ("principles: [\"user-needs\\n\"]", 4, "is not a valid id"),
    ],
)
def test_values_with_a_trailing_newline_are_refused(
    make_site, capsys: pytest.CaptureFixture[str], line_text: str, line: int, message: str
) -> None:
    key = line_text.split(":")[0]
    lines_in = {"title": "title: Responsible use of AI", "members": "members: [ca, gb]", "principles": "principles: [user-needs]"}
    lines_in[key] = line_text
    text = fm(
        lines_in["title"], lines_in["members"], lines_in["principles"], *([line_text] if key not in ("members", "principles") else [])
    )
    status, lines, _ = check(make_site({F: text}), capsys)
    assert status == 1
    assert any(text_.startswith(f"{F}:{line}: ") and (message in text_ or "is not allowed" in text_) for text_ in lines), lines


def test_member_code_and_edition_year_keys_with_a_newline(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    members = BASE_TREE[MEMBERS] + '"fr\\n":\n  joined: 2018\n'
    editions = BASE_TREE[EDITIONS] + '"2022\\n":\n  date: 2022-01-01\n  principles: [user-needs]\n'
    status, lines, _ = check(make_site({MEMBERS: members, EDITIONS: editions}), capsys)
    assert status == 1
    assert_line(lines, MEMBERS, len(BASE_TREE[MEMBERS].split("\n")), "key: 'fr\\n' is not a member code")
    assert_line(lines, EDITIONS, len(BASE_TREE[EDITIONS].split("\n")), "key: '2022\\n' is not a four-digit year")


# -- messages never carry raw control characters --------------------------------------------

FORGED = '"x\\n::warning file=docs/index.md,line=1::forged\\u2028\\r\\u001b[31m"'


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_messages_escape_line_breaks_and_controls(make_site, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    root = make_site({F: finding(f"{FORGED}: 1"), MEMBERS: BASE_TREE[MEMBERS] + f"{FORGED}:\n  joined: 2014\n"})
    status, lines, _ = check(root, capsys, "--format", fmt)
    assert status == 1
    start = "::error file=" if fmt == "github" else ""
    for text in lines:
        assert text.startswith(start), text
        assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029" for ch in text), repr(text)
    assert not any(text.startswith("::warning") or text.startswith("docs/") for text in lines)
    joined = "\n".join(lines)
    assert "x\\n::warning" in joined and "\\u2028" in joined and "\\x1b" in joined


def test_diagnostic_escapes_paths_and_messages() -> None:
    d = Diagnostic("a\nb.md", 3, "key 'x\r\n\u202e\x85'")
    assert d.text() == "a\\nb.md:3: key 'x\\r\\n\\u202e\\x85'"
    assert d.github() == "::error file=a\\nb.md,line=3::key 'x\\r\\n\\u202e\\x85'"


# -- lineage is linear ------------------------------------------------------------------------


def _lineage(count: int, extra: dict[int, list[int]] | None = None) -> Content:
    """`count` principles, each replacing the next two (a circle): exponentially many simple cycles."""
    content = Content(default_locale="en", locales=["en"])
    for index in range(count):
        pid = f"p{index:03d}"
        targets = [f"p{(index + 1) % count:03d}", f"p{(index + 2) % count:03d}"]
        revision = Revision(path=f"charter/principles/{pid}/2014.md", title=pid, body="x", principle_id=pid, year=2014,
                            replaces=targets, replaces_lines=[3, 3])
        content.principles[pid] = Principle(pid, [revision])
    return content


def test_lineage_cycles_are_found_in_linear_time() -> None:
    """200 principles each replacing two others: the old search enumerated every simple cycle (more than 2^100)."""
    content = _lineage(200)
    found = _replaces_cycles(content)
    assert [d.text() for d in found] == [
        "charter/principles/p000/2014.md:3: replaces: cycle " + " → ".join(f"p{i:03d}" for i in range(0, 200, 2)) + " → p000"
    ]


def test_lineage_of_30_principles_passes_check(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """30+ principles each replacing two others (a chain, no cycle) are checked; the edition lists them all."""
    files: dict[str, str | None] = {}
    ids = [f"rule-{i}" for i in range(34)]
    for index, pid in enumerate(ids):
        targets = ", ".join(ids[index + 1 : index + 3])
        files[f"charter/principles/{pid}/2021.md"] = fm(f"title: Rule {index}", f"replaces: [{targets}]", body="Text.\n")
    editions = BASE_TREE[EDITIONS].replace("digital-inclusion]", "digital-inclusion, " + ", ".join(ids) + "]")
    files[EDITIONS] = editions
    status, lines, err = check(make_site(files), capsys)
    assert (status, lines) == (0, []), err


# -- files: only regular files inside the site root --------------------------------------------

SECRET = "Top secret text from outside the site root"
SECRET_FINDING = finding(title=SECRET, body=f"{SECRET}.\n")
NO_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
"""As root, permission bits only apply once these capabilities are dropped."""


def d5site_check(root: Path, *, drop_privileges: bool = False) -> subprocess.CompletedProcess[str]:
    """`d5site check` in a subprocess (a safety timeout only: a FIFO must not block it)."""
    argv = [*(NO_DAC if drop_privileges else []), sys.executable, "-m", "d5site.cli", "check", "--config", str(root / "mkdocs.yml")]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False)


def test_symlink_to_a_file_outside_the_root_is_refused_and_not_published(
    make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text(SECRET_FINDING, "utf-8")
    (outside / "members.yml").write_text(BASE_TREE[MEMBERS], "utf-8")
    root = make_site(locales=("en",))
    (root / "findings/2018/leak.md").symlink_to(outside / "leak.md")
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert lines == ["findings/2018/leak.md: symbolic link leading outside the site root: not followed, not published"]
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "findings/2018/leak.md: symbolic link leading outside" in result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stdout + result.stderr
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("make_link", "path", "message"),
    [
        (lambda root: (root / "findings/2018/loop.md").symlink_to("loop.md"), "findings/2018/loop.md", "symbolic link loop: not followed"),
        (
            lambda root: (root / "findings/2018/zero.md").symlink_to("/dev/zero"),
            "findings/2018/zero.md",
            "symbolic link leading outside the site root",
        ),
        (lambda root: (root / "findings/2018/gone.md").symlink_to("nowhere.md"), "findings/2018/gone.md", "symbolic link to nothing"),
        (lambda root: (root / "findings/2019").symlink_to("/etc"), "findings/2019", "symbolic link leading outside the site root"),
        (
            lambda root: (root / "charter/principles/etc").symlink_to("/etc"),
            "charter/principles/etc",
            "symbolic link leading outside the site root",
        ),
        (lambda root: os.mkfifo(root / "findings/2018/fifo.md"), "findings/2018/fifo.md", "not a regular file"),
        (
            lambda root: (root / "findings/2018/big.md").write_text(finding(body="x" * (5 * 1024 * 1024 + 1)), "utf-8"),
            "findings/2018/big.md",
            "file is larger than 5 MB: not read",
        ),
    ],
    ids=["loop", "dev-zero", "dangling", "year-folder-outside", "principle-folder-outside", "fifo", "over-5mb"],
)
def test_unreadable_or_foreign_files_are_errors_naming_the_path(make_site, make_link, path: str, message: str) -> None:
    root = make_site(locales=("en",))
    make_link(root)
    result = d5site_check(root)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert any(line.startswith(f"{path}: ") and message in line for line in result.stdout.splitlines()), result.stdout


def test_fifo_and_loop_fail_the_build_naming_the_file(make_site) -> None:
    root = make_site(locales=("en",))
    os.mkfifo(root / "findings/2018/fifo.md")
    (root / "charter/members.yml").unlink()
    (root / "charter/members.yml").symlink_to("members.yml")
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "findings/2018/fifo.md: not a regular file" in result.stderr
    assert "charter/members.yml: symbolic link loop" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_in_docs_is_refused_by_check_and_build_before_anything_reads_it(make_site) -> None:
    """MkDocs would block forever reading a FIFO in docs/; check and the build name it instead."""
    root = make_site(locales=("en",))
    os.mkfifo(root / "docs/pipe.md")
    checked = d5site_check(root)
    assert checked.returncode == 1
    assert any(line.startswith("docs/pipe.md: not a regular file") for line in checked.stdout.splitlines()), checked.stdout
    built = mkdocs_build(root)
    assert built.returncode == 1
    assert "docs/pipe.md: not a regular file" in built.stderr
    assert "Traceback" not in built.stderr + checked.stderr


def test_symlinks_inside_the_root_are_followed(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(locales=("en",))
    (root / "shared").mkdir()
    (root / "charter/members.yml").rename(root / "shared/members.yml")
    (root / "charter/members.yml").symlink_to("../shared/members.yml")
    assert check(root, capsys)[:2] == (0, [])


@pytest.mark.parametrize("target", ["findings/2018", "findings/2018/responsible-ai.md", "charter/principles"])
def test_unreadable_folders_and_files(make_site, target: str) -> None:
    root = make_site(locales=("en",))
    os.chmod(root / target, 0)
    try:
        result = d5site_check(root, drop_privileges=True)
    finally:
        os.chmod(root / target, 0o755)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    what = "folder" if (root / target).is_dir() else "file"
    assert f"{target}: cannot read {what}: Permission denied" in result.stdout.splitlines()


# -- d5site new: never writes outside the root, never leaves an empty file ------------------------

NEW_FINDING = ["new", "finding", "2018", "fresh-look", "--member", "gb", "--principle", "user-needs"]
NEW_PATH = "findings/2018/fresh-look.md"


def test_new_refuses_a_dangling_symlink_target(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(locales=("en",))
    outside = tmp_path / "outside-target.md"
    (root / NEW_PATH).symlink_to(outside)
    assert main([*NEW_FINDING, "--config", str(root / "mkdocs.yml")]) == 1
    assert capsys.readouterr().out.strip() == f"{NEW_PATH}: is a symbolic link: nothing written"
    assert not outside.exists()


def test_new_refuses_a_folder_linking_out_of_the_root(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(locales=("en",))
    outside = tmp_path / "outside-folder"
    outside.mkdir()
    (root / "charter/principles/fresh").symlink_to(outside)
    assert main(["new", "revision", "fresh", "2021", "--config", str(root / "mkdocs.yml")]) == 1
    assert "charter/principles/fresh/2021.md: its folder is a symbolic link leading outside the site root" in capsys.readouterr().out
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Bad \udcff bytes", "--title is not valid text"),
        ("Two\nlines", "--title must be one line"),
        ("A\u2028B", "--title must be one line"),
        ("A\tB", "--title must be one line"),
        ("A\x1b]0;x\x07", "--title: control character U+001B is not allowed"),
        ("A\u202eB", "--title: bidirectional control U+202E is not allowed"),
    ],
)
def test_new_with_a_bad_title_leaves_no_file(make_site, capsys: pytest.CaptureFixture[str], title: str, message: str) -> None:
    root = make_site(locales=("en",))
    assert main([*NEW_FINDING, "--title", title, "--config", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{NEW_PATH}: {message}"), out
    assert not os.path.lexists(root / NEW_PATH)


def test_new_never_overwrites_and_writes_a_valid_file(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(locales=("en",))
    assert main([*NEW_FINDING, "--title", "Ünïcode — fine", "--config", str(root / "mkdocs.yml")]) == 0
    written = (root / NEW_PATH).read_bytes()
    assert main([*NEW_FINDING, "--config", str(root / "mkdocs.yml")]) == 1
    assert f"{NEW_PATH}: already exists" in capsys.readouterr().out
    assert (root / NEW_PATH).read_bytes() == written
    assert check(root, capsys)[:2] == (0, [])


# -- d5site translations stamp: one front matter, one stamp, still valid ----------------------------

FR = "findings/2018/responsible-ai.fr.md"


@pytest.mark.parametrize(
    "text",
    [
        "---\r\ntitle: IA responsable\nsummary: Résumé.\n---\nCorps.\n",
        '---\n"title": IA responsable\n"stamp": sha256:0000000000000000\n---\nCorps.\n',
        "---\n'stamp': sha256:0000000000000000\ntitle: IA responsable\n---\nCorps.\n",
        "---\ntitle: IA responsable\nstamp:\n  sha256:0000000000000000\n---\nCorps.\nstamp: in the body stays\n",
        "---\r\ntitle: IA responsable\r\nstamp: sha256:0000000000000000\r\n...\r\nCorps.\r\n",
        "\ufeff---\ntitle: IA responsable\n---",
    ],
    ids=["crlf-first-line", "quoted-keys", "single-quoted-stamp-first", "value-on-next-line", "crlf-dots", "bom-no-final-newline"],
)
def test_stamp_writes_one_stamp_and_stays_valid(make_site, capsys: pytest.CaptureFixture[str], text: str) -> None:
    root = make_site({FR: text.encode("utf-8")})
    assert main(["translations", "stamp", str(root / FR), "--config", str(root / "mkdocs.yml")]) == 0, capsys.readouterr()
    capsys.readouterr()
    written = (root / FR).read_bytes().decode("utf-8-sig")
    assert written.count("---") + written.count("\n...") == 2, written
    assert sum(1 for line in written.replace("\r", "\n").split("\n") if line.lstrip("'\"").startswith("stamp")) == 1 + (
        "in the body" in text
    ), written
    assert "Corps." in written or not text.endswith("Corps.\n")
    data = main(["translations", "--format", "json", "--config", str(root / "mkdocs.yml")])
    assert data == 0
    report = capsys.readouterr().out
    assert '"path": "findings/2018/responsible-ai.fr.md",\n' in report
    status, lines, _ = check(root, capsys)
    assert (status, lines) == (0, [])
    import json as _json

    items = _json.loads(report)["locales"]["fr"]["items"]
    assert next(i for i in items if i["path"] == FR)["state"] == "current"


def test_stamp_refuses_a_front_matter_it_would_break(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    path = root / FR
    assert main(["translations", "stamp", str(path), "--config", str(root / "mkdocs.yml")]) == 0
    capsys.readouterr()
    from d5site.core.translations import StampError, write_stamp

    path.write_text("---\ntitle: x\nstamp: [sha256:0000000000000000,\n  x]\n---\nBody.\n", "utf-8")
    before = path.read_bytes()
    with pytest.raises(StampError):
        write_stamp(path, "sha256:1111111111111111")
    assert path.read_bytes() == before


DOCS_FR = "docs/index.fr.md"


@pytest.mark.parametrize(
    "text",
    [
        "---\r\ntitle: Accueil\n---\n# Site de test\n",
        '---\n"stamp": sha256:0000000000000000\n---\n# Site de test\n',
        "# Site de test\r\n\r\nTexte.\r\n",
        "---\n\n# Site de test\n\n---\n\nTexte.\n",
    ],
    ids=["crlf-first-line", "quoted-stamp", "no-front-matter", "horizontal-rules-not-front-matter"],
)
def test_stamp_docs_pages_keeps_them_valid_for_mkdocs(make_site, capsys: pytest.CaptureFixture[str], text: str) -> None:
    root = make_site({DOCS_FR: text.encode("utf-8")}, locales=("en", "fr"))
    assert main(["translations", "stamp", str(root / DOCS_FR), "--config", str(root / "mkdocs.yml")]) == 0, capsys.readouterr()
    written = (root / DOCS_FR).read_text("utf-8")
    from mkdocs.utils.meta import get_data

    body, meta = get_data(written.replace("\r\n", "\n"))
    assert str(meta.get("stamp", "")).startswith("sha256:"), written
    assert "stamp" not in body and "---\n\"stamp\"" not in body
    assert "Site de test" in body


# -- check and build agree on docs/ files at generated paths --------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("docs/members/gb.md", "this path is generated by d5site (/members/gb/)"),
        ("docs/charter/principles/user-needs/index.fr.md", "this path is generated by d5site (/fr/charter/principles/user-needs/)"),
        ("docs/feed.xml", "d5site writes feed.xml"),
        ("docs/feed.fr.xml", "d5site writes fr/feed.xml"),
        ("docs/data/findings.json", "d5site writes data/findings.json"),
        ("docs/data/findings.csv", "d5site writes data/findings.csv"),
        ("docs/reports/2018/index.html", "this path is generated by d5site (/reports/2018/)"),
    ],
)
def test_docs_files_at_generated_paths_fail_check_and_build(make_site, capsys: pytest.CaptureFixture[str], path: str, message: str) -> None:
    root = make_site({path: "# Mine\n\nHAND-WRITTEN\n"}, locales=("en", "fr"))
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert lines == [f"{path}: {message}; rename or remove the file"]
    if path in ("docs/members/gb.md", "docs/feed.xml", "docs/data/findings.json"):
        assert_build_refuses(root, f"{path}: {message}", "rename or remove the file")


def test_docs_files_beside_generated_paths_pass(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(
        {
            "docs/members/how-to-join.md": "# Join\n",
            "docs/data/README.txt": "about\n",
            "docs/feeds.xml": "<x/>\n",
            "docs/.hidden/feed.xml": "x",
            "docs/templates/members/gb.md": "x",
        }
    )
    assert check(root, capsys)[:2] == (0, [])


# -- configuration read as MkDocs reads it ------------------------------------------------------


def test_inherited_plugins_are_read_like_mkdocs(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """`INHERIT: base.yml` holding `plugins:` (and a chain of two), merged as MkDocs merges: mappings deep, lists replaced."""
    base = BASE_TREE["mkdocs.yml"].replace("site_name: Test site\n", "INHERIT: config/root.yml\n")
    root_yml = "site_name: Test site\ntheme:\n  name: material\n  language: de\nplugins:\n  - search\n"
    root = make_site(
        {
            "mkdocs.yml": "INHERIT: base.yml\ntheme:\n  features: [navigation.tabs]\nsite_description: Child\n",
            "base.yml": base,
            "config/root.yml": root_yml,
        }
    )
    status, lines, err = check(root, capsys)
    assert (status, lines) == (0, []), lines
    assert "locales en, fr, ko" in err
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/fr/members/gb/index.html").is_file()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": "INHERIT: mkdocs.yml\n"},
            "base.yml: INHERIT: 'mkdocs.yml' makes a loop of inherited files",
        ),
        ({"mkdocs.yml": "INHERIT: missing.yml\n"}, "missing.yml: not found (INHERIT)"),
        ({"mkdocs.yml": "INHERIT: [a]\n"}, "mkdocs.yml: INHERIT must be the path of another configuration file"),
    ],
)
def test_bad_inherit_is_a_located_error(make_site, capsys: pytest.CaptureFixture[str], files: dict, expected: str) -> None:
    status, lines, err = check(make_site(files), capsys)
    assert status == 1 and "internal error" not in err
    assert lines == [expected]


# -- open data: no formula injection -----------------------------------------------------------------


def test_csv_cells_never_start_a_formula(make_site) -> None:
    import csv
    import io
    import json

    from d5site.core.site import load_from_config_file
    from d5site.render.opendata import open_data

    title = '=HYPERLINK("https://evil.example","click")'
    root = make_site(
        {
            F: finding('summary: "+1 -1"', title=f"'{title}'", body="- a list first\n"),
            "findings/2018/responsible-ai.fr.md": fm('title: "@SUM(A1:A2)"', 'summary: "\\tx"', body="\r=1+1\n"),
        },
        locales=("en", "fr"),
    )
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    files = open_data(loaded.site, loaded.content)
    rows = list(csv.DictReader(io.StringIO(files["data/findings.csv"].decode("utf-8"), newline="")))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    en = next(r for r in rows if r["id"] == "responsible-ai" and r["locale"] == "en")
    fr = next(r for r in rows if r["id"] == "responsible-ai" and r["locale"] == "fr")
    assert (en["title"], en["summary"], en["body"].strip()) == ("'" + title, "'+1 -1", "'- a list first")
    assert (fr["title"], fr["summary"]) == ("'@SUM(A1:A2)", "'\tx")
    data = json.loads(files["data/findings.json"])
    text = next(f for f in data["findings"] if f["id"] == "responsible-ai")["text"]["en"]
    assert text["title"] == title  # JSON carries the text unchanged


# -- faults in publishing ---------------------------------------------------------------------------


def mkdocs_unprivileged(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` where permission bits apply (as root: without the capabilities that bypass them)."""
    argv = [*NO_DAC, sys.executable, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"), *args]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=root, env=env, timeout=300, check=False)


def tree_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): (b"<dir>" if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def test_site_dir_in_a_folder_that_is_not_writable(make_site) -> None:
    """A failed strict build never changes the site; a good one is staged inside site/ and published; no site/: refused, saying why."""
    config = BASE_TREE["mkdocs.yml"] + "site_dir: public/site\n"
    root = make_site({"mkdocs.yml": config}, locales=("en",))
    first = mkdocs_build(root)
    assert first.returncode == 0, first.stderr
    site = root / "public/site"
    (site / "stale.txt").write_text("from an older build\n")
    before = tree_of(site)
    os.chmod(root / "public", 0o555)
    try:
        (root / "docs/index.md").write_text("# Home\n\n[Missing](nowhere.md)\n")
        failed = mkdocs_unprivileged(root, "--strict")
        assert failed.returncode == 1, failed.stderr
        assert "Traceback" not in failed.stderr
        assert tree_of(site) == before
        (root / "docs/index.md").write_text("# Home\n")
        good = mkdocs_unprivileged(root, "--strict")
        assert good.returncode == 0, good.stderr
        assert "not writable: building inside it" in good.stderr
        after = tree_of(site)
        assert "stale.txt" not in after and "members/gb/index.html" in after
        assert not [name for name in after if name.startswith(publish.PREFIX)]
    finally:
        os.chmod(root / "public", 0o755)
    shutil.rmtree(site)
    os.chmod(root / "public", 0o555)
    try:
        refused = mkdocs_unprivileged(root)
    finally:
        os.chmod(root / "public", 0o755)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "is not writable" in refused.stderr and "choose another site_dir" in refused.stderr
    assert not site.exists()


def test_read_only_site_folder(make_site) -> None:
    root = make_site(locales=("en",))
    assert mkdocs_build(root).returncode == 0
    for path in [root / "site", *(root / "site").rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    os.chmod(root, 0o555)
    try:
        result = mkdocs_unprivileged(root, "--strict")
    finally:
        os.chmod(root, 0o755)
        for path in [root / "site", *(root / "site").rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{root / 'site'}" in result.stderr and "writable" in result.stderr


def _kill_during_build(target: Path) -> Path:
    """A process that starts staging `target` and is killed (SIGKILL): its staging folder stays behind."""
    code = ("import os, signal, sys; from d5site.render.publish import Staging; s = Staging(sys.argv[1]); (s.path / "
            "'index.html').write_text('half'); print(s.path, flush=True); os.kill(os.getpid(), signal.SIGKILL)")
    result = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == -9
    left = Path(result.stdout.strip())
    assert left.is_dir()
    return left


def test_stale_staging_folders_are_cleaned_but_not_a_running_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "site"
    target.mkdir()
    killed = _kill_during_build(target)
    running = publish.Staging(target)  # this process's own build, still running: its lock is held
    monkeypatch.setattr(publish, "STALE_AFTER", 0.0)  # lockless folders count as stale at once
    retired = tmp_path / f"{publish.PREFIX}site-old-abc"
    retired.mkdir()
    other_site = tmp_path / f"{publish.PREFIX}other-build-abc"
    other_site.mkdir()
    fresh = publish.Staging(target)
    assert not killed.exists() and not retired.exists()
    assert (running.stale_removed, fresh.stale_removed) == ([killed], [retired])
    assert running.path.is_dir() and other_site.is_dir()
    (running.path / "index.html").write_text("new")
    running.publish()
    assert sorted(p.name for p in target.iterdir()) == ["index.html"]
    fresh.discard()


def test_a_killed_build_is_cleaned_by_the_next_mkdocs_build(make_site) -> None:
    root = make_site(locales=("en",))
    killed = _kill_during_build(root / "site")
    os.utime(killed, (0, 0))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert not killed.exists()
    assert not [p.name for p in root.iterdir() if p.name.startswith(publish.PREFIX)]


def test_docs_symlink_out_of_the_root_fails_check_and_build(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    root = make_site(locales=("en",))
    (root / "docs/leak.txt").symlink_to(secret)
    (root / "docs/etc").symlink_to("/etc")
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert lines == [
        "docs/etc: symbolic link leading outside the site root: not followed, not published",
        "docs/leak.txt: symbolic link leading outside the site root: not followed, not published",
    ]
    result = mkdocs_build(root)
    assert result.returncode == 1 and "docs/leak.txt: symbolic link leading outside" in result.stderr
    assert SECRET not in result.stdout + result.stderr and not (root / "site").exists()


def test_translations_report_escapes_titles(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({"docs/about.md": "# About \x1b[31mred\x1b[0m\n"}, locales=("en", "fr"))
    assert main(["translations", "--config", str(root / "mkdocs.yml")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "About \\x1b[31mred" in out


# -- all at once, on the example site ------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def test_hostile_inputs_on_the_example_site_are_all_refused(tmp_path: Path) -> None:
    """The repository's own site plus every hostile input at once: each is reported, naming its file.

    Bounded by construction (aliases refused unexpanded, nesting capped, lineage linear,
    a FIFO and /dev/zero never read), so `check` returns quickly on this site.
    """
    root = tmp_path / "example"
    for name in ("docs", "findings", "charter"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    year = root / "findings/2018"
    (year / "laughs.md").write_text("---\n" + BILLION_LAUGHS + "---\nBody.\n", "utf-8")
    (year / "deep.md").write_text("---\ntitle: x\nthemes: " + "[" * 100000 + "\n---\nBody.\n", "utf-8")
    (year / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(year / "fifo.md")
    (year / "big.md").write_bytes(b"---\ntitle: x\n---\n" + b"x" * (6 * 1024 * 1024))
    ids = [f"circle-{i}" for i in range(40)]
    for index, pid in enumerate(ids):
        folder = root / "charter/principles" / pid
        folder.mkdir()
        targets = f"{ids[(index + 1) % 40]}, {ids[(index + 2) % 40]}"
        (folder / "2021.md").write_text(f"---\ntitle: Circle {index}\nreplaces: [{targets}]\n---\nText.\n", "utf-8")
    result = d5site_check(root)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    out = result.stdout.splitlines()
    for rel, message in [
        ("findings/2018/laughs.md:2", "anchors (&a) are not allowed"),
        ("findings/2018/deep.md:3", "nest"),  # libyaml stops at its own depth limit first here
        ("findings/2018/zero.md", "symbolic link leading outside the site root"),
        ("findings/2018/fifo.md", "not a regular file"),
        ("findings/2018/big.md", "larger than 5 MB"),
        ("charter/principles/circle-0/2021.md:3", "replaces: cycle circle-0 → circle-2"),
    ]:
        assert any(line.startswith(f"{rel}: ") and message in line for line in out), (rel, out)


def test_site_catalog_linking_out_of_the_root_is_refused(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "fr.yml"
    outside.write_text(f"findings: {SECRET}\n", "utf-8")
    config = BASE_TREE["mkdocs.yml"].replace("  - d5site\n", "  - d5site:\n      catalogs_dir: catalogs\n")
    root = make_site({"mkdocs.yml": config})
    (root / "catalogs").mkdir()
    (root / "catalogs/fr.yml").symlink_to(outside)
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert lines == ["catalogs/fr.yml: symbolic link leading outside the site root: not followed, not published"]
