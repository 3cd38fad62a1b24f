"""What a public reader meets on the built example site: only the publication, never the tool's guides."""

from __future__ import annotations

import json

from examplesite import BuiltSite


def test_the_guides_are_not_part_of_the_public_site(example_site: BuiltSite) -> None:
    """The guides for secretariats and developers live in guide/, outside docs/: no page, nav entry or search result."""
    assert not (example_site.root / "guide").exists()
    for locale in example_site.locales:
        prefix = example_site.prefix(locale)
        assert not (example_site.root / prefix / "guide").exists()
        index = json.loads((example_site.root / prefix / "search" / "search_index.json").read_text("utf-8"))
        assert index["docs"], locale
        assert not [d["location"] for d in index["docs"] if "guide" in d["location"] or "Reference" == d["title"]]
        home = example_site.file_of(prefix).read_text("utf-8")
        assert "guide/" not in home and "authoring-guide" not in home
