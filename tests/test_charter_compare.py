"""What changed between any two editions (`Charter.compare`, the pages `/charter/compare/<a>-<b>/`).

The default tree (tests/sitetree.py) has three editions:

    2014  1 user-needs   2 open-standards        3 assisted-digital
    2018  1 user-needs*  2 open-standards        3 assisted-digital       (* revision 2018, reworded)
    2021  1 user-needs   2 necessary-safeguards  3 open-standards  4 digital-inclusion (replaces assisted-digital)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from d5site.core.charter import Charter, Comparison
from d5site.core.site import load_from_config_file


def charter_of(root: Path) -> Charter:
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    return Charter(loaded.content)


def table(charter: Charter, old: int, new: int) -> list[tuple[str, int | None, int | None, tuple[str, ...]]]:
    editions = charter.content.editions
    return [(c.principle_id, c.old_number, c.new_number, c.statuses) for c in charter.compare(editions[old], editions[new])]


EDITIONS = (
    "2014:\n  date: 2014-12-10\n  principles: [user-needs, open-standards, assisted-digital]\n"
    "2018:\n  date: 2018-11-22\n  principles: [user-needs, open-standards, assisted-digital]\n"
)


def test_pairs_are_every_older_newer_pair(site: Path) -> None:
    charter = charter_of(site)
    assert [(a.year, b.year) for a, b in charter.pairs()] == [(2014, 2018), (2014, 2021), (2018, 2021)]


def test_first_to_last_added_renumbered_reworded_replaced(site: Path) -> None:
    charter = charter_of(site)
    assert table(charter, 2014, 2021) == [
        ("user-needs", 1, 1, ("reworded",)),
        ("necessary-safeguards", None, 2, ("added",)),
        ("open-standards", 2, 3, ("renumbered",)),
        ("digital-inclusion", None, 4, ("added",)),
        ("assisted-digital", 3, None, ("replaced",)),
    ]
    rows = {c.principle_id: c for c in charter.compare(charter.content.editions[2014], charter.content.editions[2021])}
    assert rows["digital-inclusion"].replaces == ("assisted-digital",)
    assert rows["assisted-digital"].replaced_by == ("digital-inclusion",)
    assert rows["necessary-safeguards"].replaces == ()
    assert rows["user-needs"].old_revision.year == 2014 and rows["user-needs"].new_revision.year == 2018
    assert rows["digital-inclusion"].old_revision is None and rows["assisted-digital"].new_revision is None


def test_unchanged_between_neighbours_and_reworded_across_them(site: Path) -> None:
    charter = charter_of(site)
    assert table(charter, 2014, 2018) == [
        ("user-needs", 1, 1, ("reworded",)),
        ("open-standards", 2, 2, ("unchanged",)),
        ("assisted-digital", 3, 3, ("unchanged",)),
    ]
    # user-needs has the same revision (2018) in 2018 and 2021: not reworded there.
    assert table(charter, 2018, 2021)[0] == ("user-needs", 1, 1, ("unchanged",))


def test_withdrawn_without_successor_and_reworded_and_renumbered(make_site) -> None:
    files = {
        "charter/editions.yml": EDITIONS + "2021:\n  date: 2021-11-16\n  principles: [user-needs, open-standards]\n2023:\n"
        "  date: 2023-11-13\n  principles: [open-standards, user-needs]\n",
        "charter/principles/open-standards/2023.md": "---\ntitle: Open standards\n---\nOpen standards, royalty free.\n",
        "charter/principles/digital-inclusion/2021.md": "---\ntitle: Digital inclusion\n---\nInclusion.\n",
        "findings/2021/safeguards-for-data.md": "---\ntitle: Safeguards for data\nmembers: [kr]\nprinciples: [user-needs]\n---\nx\n",
    }
    charter = charter_of(make_site(files))
    assert table(charter, 2018, 2021) == [
        ("user-needs", 1, 1, ("unchanged",)),
        ("open-standards", 2, 2, ("unchanged",)),
        ("assisted-digital", 3, None, ("withdrawn",)),
    ]
    assert table(charter, 2014, 2023) == [
        ("open-standards", 2, 1, ("reworded", "renumbered")),
        ("user-needs", 1, 2, ("reworded", "renumbered")),
        ("assisted-digital", 3, None, ("withdrawn",)),
    ]


def test_a_new_revision_with_the_same_words_is_unchanged(make_site) -> None:
    """A review that re-adopts a principle word for word (only its change note differs) did not reword it."""
    files = {"charter/principles/open-standards/2018.md": "---\ntitle: Open standards\nchange: Re-adopted.\n---\n"
                                                          "A credible, royalty-free open standards policy.\n"}
    charter = charter_of(make_site(files))
    assert table(charter, 2014, 2018)[1] == ("open-standards", 2, 2, ("unchanged",))


def test_replacement_followed_through_an_edition_in_between(make_site) -> None:
    """assisted-digital -> digital-inclusion (2018) -> necessary-safeguards (2021): 2014 to 2021 reads as one replacement."""
    files = {
        "charter/editions.yml": (
            "2014:\n  date: 2014-12-10\n  principles: [user-needs, open-standards, assisted-digital]\n"
            "2018:\n  date: 2018-11-22\n  principles: [user-needs, open-standards, digital-inclusion]\n"
            "2021:\n  date: 2021-11-16\n  principles: [user-needs, necessary-safeguards, open-standards]\n"
        ),
        "charter/principles/digital-inclusion/2021.md": None,
        "charter/principles/digital-inclusion/2021.fr.md": None,
        "charter/principles/digital-inclusion/2018.md": "---\ntitle: Digital inclusion\nreplaces: [assisted-digital]\n---\nInclusion.\n",
        "charter/principles/necessary-safeguards/2021.md": "---\ntitle: Necessary safeguards\nreplaces: [digital-inclusion]\n---\nSafe.\n",
        "charter/principles/necessary-safeguards/2021.ko.md": None,
        "findings/2021/safeguards-for-data.md": "---\ntitle: Safeguards for data\nmembers: [kr]\nprinciples: [user-needs]\n---\nx\n",
    }
    charter = charter_of(make_site(files))
    rows = {c.principle_id: c for c in charter.compare(charter.content.editions[2014], charter.content.editions[2021])}
    assert rows["assisted-digital"].statuses == ("replaced",)
    assert rows["assisted-digital"].replaced_by == ("necessary-safeguards",)
    assert rows["necessary-safeguards"].replaces == ("assisted-digital",)
    assert "digital-inclusion" not in rows
    rows = {c.principle_id: c for c in charter.compare(charter.content.editions[2018], charter.content.editions[2021])}
    assert rows["digital-inclusion"].replaced_by == ("necessary-safeguards",)
    assert rows["necessary-safeguards"].replaces == ("digital-inclusion",)


def test_compare_refuses_editions_out_of_order(site: Path) -> None:
    charter = charter_of(site)
    editions = charter.content.editions
    with pytest.raises(ValueError, match="2021 is not before edition 2014"):
        charter.compare(editions[2021], editions[2014])
    assert isinstance(charter.compare(editions[2014], editions[2018])[0], Comparison)
