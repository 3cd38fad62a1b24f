"""Marked HTML runs of generated pages: stored by Markdown unparsed, with the same result as parsing them."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from d5site.render.pages import environment
from d5site.render.rawhtml import BEGIN, END, RawHtmlExtension, html_block
from htmlutil import BuiltSite, build_site
from sitetree import make_site, mkdocs_yml

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition", "footnotes"]

PAGE = """# Title {{ #top }}

{run1}

## Section

Some *Markdown* between runs.

{run2}
"""

RUN1 = """<dl class="d5-meta">
<dt>Year</dt> <dd><a href="../">2018</a></dd>
</dl>

<div class="d5-body">
<p>A body with a blank line inside code:</p>
<pre><code>line one

line three
```
not a fence
</code></pre>
<h2 id="method">Method</h2>
</div>"""

RUN2 = """<ul class="d5-finding-list">
<li id="item-1"><a name="old-anchor" href="x/">Item &amp; more</a></li>
</ul>"""


def _convert(text: str, stash: bool) -> tuple[str, RawHtmlExtension]:
    extension = RawHtmlExtension()
    md = markdown.Markdown(extensions=[*EXTENSIONS, *([extension] if stash else [])])
    return md.convert(text), extension


def _lines(html: str) -> list[str]:
    return [line for line in html.splitlines() if line.strip()]


def test_a_marked_run_comes_out_as_the_same_html_block() -> None:
    plain = PAGE.format(run1=RUN1, run2=RUN2)
    marked = PAGE.format(run1=html_block(RUN1), run2=html_block(RUN2))
    expected, _ = _convert(plain, stash=False)
    stashed, extension = _convert(marked, stash=True)
    assert _lines(stashed) == _lines(expected)
    assert "d5site:html" not in stashed
    assert "line one\n\nline three" in stashed  # the run is stored whole, blank lines included
    assert extension.anchor_ids == {"method", "item-1", "old-anchor"}


def test_without_the_extension_markers_are_plain_comments_around_the_same_html() -> None:
    marked = PAGE.format(run1=html_block(RUN1), run2=html_block(RUN2))
    expected, _ = _convert(PAGE.format(run1=RUN1, run2=RUN2), stash=False)
    fallback, _ = _convert(marked, stash=False)
    assert [line for line in _lines(fallback) if "d5site:html" not in line] == _lines(expected)


def test_an_unclosed_run_is_left_to_markdowns_own_parser() -> None:
    text = f"# Title\n\n{BEGIN}\n<p>open run</p>\n\nMore *text*.\n"
    html, extension = _convert(text, stash=True)
    assert "<p>open run</p>" in html and "<em>text</em>" in html
    assert extension.anchor_ids == set()


def test_html_block_drops_inner_markers_and_writes_nothing_for_blank_text() -> None:
    inner = html_block("<p>inner</p>")
    outer = html_block(f"<div>\n{inner}\n</div>")
    assert outer.count(BEGIN) == 1 and outer.count(END) == 1
    assert html_block("  \n\n ") == ""


def test_the_templates_filter_marks_the_run() -> None:
    env = environment()
    text = env.from_string("# T\n\n{% filter html_block %}\n<p>{{ x }}</p>\n{% endfilter %}\n").render(x="<b>")
    assert f"{BEGIN}\n<p>&lt;b&gt;</p>\n{END}" in text


def test_ids_inside_runs_satisfy_mkdocs_anchor_validation(tmp_path: Path) -> None:
    """A docs page links to ids that a generated page writes as HTML; `validation.anchors: warn` with --strict."""
    root = make_site(tmp_path, {
        "mkdocs.yml": mkdocs_yml() + "validation:\n  anchors: warn\n",
        "docs/about.md": "# About\n\n[Principle in 2018](findings/2018.md#principle-user-needs) and "
                         "[a year of a member](members/gb.md#y2018).\n",
    })
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(root / "site")
    assert site.page("findings/2018/").article.find(id="principle-user-needs") is not None


def test_a_missing_anchor_is_still_reported(tmp_path: Path) -> None:
    root = make_site(tmp_path, {
        "mkdocs.yml": mkdocs_yml() + "validation:\n  anchors: warn\n",
        "docs/about.md": "# About\n\n[Nowhere](findings/2018.md#no-such-anchor).\n",
    })
    result = build_site(root)
    assert result.returncode != 0
    assert "no-such-anchor" in result.stdout + result.stderr


@pytest.mark.parametrize("marker", [BEGIN, END])
def test_a_marker_in_a_body_is_only_text(marker: str) -> None:
    """Bodies are sanitized (comments removed) before they are placed, so no body can end or open a run."""
    from d5site.render.bodies import BodyRenderer

    body = BodyRenderer().render("findings/2018/x.md", f"Before.\n\n{marker}\n\nAfter.\n", "en")
    assert "d5site:html" not in body.html
