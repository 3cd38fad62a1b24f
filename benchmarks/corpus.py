"""A synthetic d5site site for benchmarks: N findings over several years, in en/fr/ko, all translated and stamped.

    python benchmarks/corpus.py OUT_DIR [--findings 1000] [--years 10]

or, from Python, `generate(Path(out), findings=1000, years=10)`.

The site is valid (`d5site check` exits 0), every translation is `current`, and
it builds with `mkdocs build` (Material, mkdocs-static-i18n with en/fr/ko, d5site,
docs/index.md). Finding bodies hold paragraphs, a list and a table, as real
findings do (the site enables Markdown's `tables`). The charter has five editions with amendments, additions, a
renumbering, and a withdrawal with a replacement:

    2014  9 principles
    2016  principle-03 amended
    2018  digital-skills added as 2 (principles 2..9 renumbered 3..10)
    2021  assisted-digital withdrawn, replaced by digital-inclusion (added last); user-needs amended
    2023  sustainability added; co-creation amended
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from d5site.core.model import Finding, Revision, YearOverview

LOCALES = ("en", "fr", "ko")
FIRST_YEAR = 2014

BASE_PRINCIPLES = [
    "user-needs",
    "open-standards",
    "open-source",
    "open-markets",
    "open-government",
    "connectivity",
    "teach-children-to-code",
    "assisted-digital",
    "share-and-learn",
]

# year -> ordered principle ids; principle -> years with a revision
EDITIONS: dict[int, list[str]] = {
    2014: list(BASE_PRINCIPLES),
    2016: list(BASE_PRINCIPLES),
    2018: ["user-needs", "digital-skills", *BASE_PRINCIPLES[1:]],
    2021: [
        "user-needs",
        "digital-skills",
        *[p for p in BASE_PRINCIPLES[1:] if p != "assisted-digital"],
        "digital-inclusion",
        "co-creation",
    ],
    2023: [
        "user-needs",
        "digital-skills",
        *[p for p in BASE_PRINCIPLES[1:] if p != "assisted-digital"],
        "digital-inclusion",
        "co-creation",
        "sustainability",
    ],
}
REVISIONS: dict[str, list[int]] = {
    **{pid: [2014] for pid in BASE_PRINCIPLES},
    "open-source": [2014, 2016],
    "user-needs": [2014, 2021],
    "digital-skills": [2018],
    "digital-inclusion": [2021],
    "co-creation": [2021, 2023],
    "sustainability": [2023],
}
REPLACES = {"digital-inclusion": ["assisted-digital"]}

MEMBERS: list[tuple[str, int, int | None]] = [
    ("ee", 2014, None), ("il", 2014, None), ("nz", 2014, None), ("kr", 2014, None), ("gb", 2014, None),
    ("ca", 2018, None), ("uy", 2018, None), ("mx", 2018, None), ("pt", 2018, None), ("dk", 2019, None),
    ("fi", 2014, 2017), ("jp", 2015, None), ("se", 2016, None), ("es", 2016, 2022), ("nl", 2017, None),
    ("ie", 2019, None), ("at", 2020, None), ("cl", 2020, None), ("sg", 2021, None), ("au", 2015, None),
]

WORDS = (
    "service design data open standards government digital public users trust code share platform identity "
    "procurement skills cloud security privacy accessibility inclusion research prototype agile team budget "
    "policy citizens infrastructure interoperability transparency licence api registry network learning"
).split()
FR_WORDS = (
    "service conception données standards ouverts gouvernement numérique public usagers confiance code partage "
    "plateforme identité achats compétences nuage sécurité vie privée accessibilité inclusion recherche"
).split()
KO_WORDS = "서비스 설계 데이터 개방형 표준 정부 디지털 공공 사용자 신뢰 코드 공유 플랫폼 신원 조달 역량 보안 접근성 포용".split()
THEMES = ["artificial-intelligence", "data-360", "digital-identity", "digital-governance", "sustainable-it", "open-source"]


def mkdocs_yml(site_name: str = "Benchmark site") -> str:
    """Material, the i18n plugin with en (default), fr, ko, and d5site."""
    return (
        f"site_name: {site_name}\n"
        "site_url: https://example.org/\n"
        "theme:\n"
        "  name: material\n"
        "plugins:\n"
        "  - search\n"
        "  - i18n:\n"
        "      docs_structure: suffix\n"
        "      languages:\n"
        "        - locale: en\n"
        "          default: true\n"
        "          name: English\n"
        "          build: true\n"
        "        - locale: fr\n"
        "          name: Français\n"
        "          build: true\n"
        "        - locale: ko\n"
        "          name: 한국어\n"
        "          build: true\n"
        "  - d5site\n"
        "markdown_extensions:\n"
        "  - tables\n"
        "  - attr_list\n"
        "  - toc:\n"
        "      permalink: true\n"
    )


@dataclass
class _Writer:
    root: Path
    files: int = 0

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        self.files += 1


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sentence(rng: random.Random, words: list[str], count: int) -> str:
    chosen = " ".join(rng.choice(words) for _ in range(count))
    return chosen[0].upper() + chosen[1:] + "."


def _paragraphs(rng: random.Random, words: list[str], paragraphs: int = 3) -> str:
    return "\n\n".join(" ".join(_sentence(rng, words, rng.randint(8, 16)) for _ in range(4)) for _ in range(paragraphs))


def _structured(rng: random.Random, words: list[str]) -> str:
    """A list and a table, as real findings have: three points, then a table of three rows and three columns."""
    items = "\n".join(f"- {_sentence(rng, words, rng.randint(5, 10))}" for _ in range(3))
    head = " | ".join(rng.choice(words).capitalize() for _ in range(3))
    rows = "\n".join(" | ".join(rng.choice(words) for _ in range(3)) for _ in range(3))
    return f"{items}\n\n{head}\n--- | --- | ---\n{rows}"


def _body(rng: random.Random, words: list[str]) -> str:
    """A finding's body: three paragraphs around a list and a table."""
    return _paragraphs(rng, words, 2) + "\n\n" + _structured(rng, words) + "\n\n" + _paragraphs(rng, words, 1) + "\n"


def _front(fields: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n"


def edition_in_force(year: int) -> int | None:
    """The latest edition year <= `year`."""
    found = None
    for edition in sorted(EDITIONS):
        if edition <= year:
            found = edition
    return found


def generate(root: Path, findings: int = 1000, years: int = 10, seed: int = 5, unstamped_every: int = 0) -> dict[str, int]:
    """Write the site under `root` (created if needed); return counts of what was written.

    `unstamped_every`: when N > 0, every Nth finding's translations carry no stamp
    (they are `outdated`, and their pages show the outdated notice); the text is
    otherwise the same.
    """
    rng = random.Random(seed)
    out = _Writer(root)
    root.mkdir(parents=True, exist_ok=True)

    out.write("mkdocs.yml", mkdocs_yml())
    out.write("docs/index.md", "# Benchmark site\n\nA synthetic site for benchmarks.\n")
    out.write("docs/index.fr.md", "# Site de test de performance\n\nUn site synthétique.\n")
    out.write("docs/index.ko.md", "# 벤치마크 사이트\n\n합성 사이트입니다.\n")

    # members and editions
    members = ""
    for code, joined, left in MEMBERS:
        members += f"{code}:\n  joined: {joined}\n" + (f"  left: {left}\n" if left else "")
    out.write("charter/members.yml", members)
    editions = ""
    for year, principles in EDITIONS.items():
        editions += (
            f"{year}:\n  date: {year}-11-{10 + year % 10:02d}\n"
            f"  place: {{en: City {year}, fr: Ville {year}, ko: 도시 {year}}}\n"
            f"  principles: [{', '.join(principles)}]\n"
        )
    out.write("charter/editions.yml", editions)
    # The vocabulary of `themes:` (charter/themes.yml): every theme the findings below use, named per locale.
    out.write("charter/themes.yml", "".join(
        f"{theme}:\n  name: {{en: {theme.replace('-', ' ').capitalize()}, fr: Thème {theme}, ko: 주제 {theme}}}\n" for theme in THEMES
    ))

    # principle revisions, each translated and stamped
    revisions = 0
    for pid, revision_years in REVISIONS.items():
        for index, year in enumerate(revision_years):
            title = pid.replace("-", " ").capitalize()
            change = None if index == 0 and year == FIRST_YEAR else f"Amended in {year}."
            body = _paragraphs(rng, WORDS, 2) + "\n"
            fields = [("title", _q(title))]
            if change:
                fields.append(("change", _q(change)))
            if index == 0 and pid in REPLACES:
                fields.append(("replaces", f"[{', '.join(REPLACES[pid])}]"))
            rel = f"charter/principles/{pid}/{year}.md"
            out.write(rel, _front(fields) + body)
            digest = Revision(path=rel, title=title, body=body, principle_id=pid, year=year, change=change).digest()
            for locale, words in (("fr", FR_WORDS), ("ko", KO_WORDS)):
                tr = [("title", _q(f"{title} ({locale})"))]
                if change:
                    tr.append(("change", _q(f"{change} ({locale})")))
                tr.append(("stamp", digest))
                out.write(f"charter/principles/{pid}/{year}.{locale}.md", _front(tr) + _paragraphs(rng, words, 2) + "\n")
            revisions += 1

    # findings, spread evenly over the years, each with an overview
    per_year = [findings // years + (1 if i < findings % years else 0) for i in range(years)]
    written = 0
    for offset, count in enumerate(per_year):
        year = FIRST_YEAR + offset
        if count == 0:
            continue
        edition = edition_in_force(year)
        assert edition is not None
        in_force = EDITIONS[edition]
        current = [code for code, joined, left in MEMBERS if joined <= year and (left is None or year <= left)]
        host = current[offset % len(current)]
        title, place, theme = f"{year}: City {year}", f"City {year}", f"Theme of {year}"
        body = _paragraphs(rng, WORDS, 1) + "\n"
        out.write(
            f"findings/{year}/index.md",
            _front([("title", _q(title)), ("date", f"{year}-11-20"), ("place", _q(place)), ("host", host), ("theme", _q(theme))]) + body,
        )
        digest = YearOverview(path="", title=title, body=body, year=year, place=place, theme=theme).digest()
        for locale, words in (("fr", FR_WORDS), ("ko", KO_WORDS)):
            out.write(
                f"findings/{year}/index.{locale}.md",
                _front([("title", _q(f"{title} ({locale})")), ("place", _q(f"{place} ({locale})")), ("stamp", digest)])
                + _paragraphs(rng, words, 1)
                + "\n",
            )
        for number in range(1, count + 1):
            fid = f"finding-{number:03d}-{rng.choice(WORDS)}"
            title = _sentence(rng, WORDS, 6)[:-1]
            summary = _sentence(rng, WORDS, 20)
            body = _body(rng, WORDS)
            fields = [
                ("title", _q(title)),
                ("members", f"[{', '.join(rng.sample(current, 2))}]"),
                ("principles", f"[{', '.join(rng.sample(in_force, 2))}]"),
                ("date", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
                ("summary", _q(summary)),
                ("themes", f"[{rng.choice(THEMES)}]"),
            ]
            if number % 5 == 0:
                fields.append(("links", f"\n  - {{title: Source code, url: \"https://example.org/{year}/{fid}\"}}"))
            out.write(f"findings/{year}/{fid}.md", _front(fields) + body)
            digest = Finding(path="", title=title, body=body, summary=summary).digest()
            for locale, words in (("fr", FR_WORDS), ("ko", KO_WORDS)):
                tr = [("title", _q(f"{title} ({locale})")), ("summary", _q(f"{summary} ({locale})"))]
                if not (unstamped_every and number % unstamped_every == 0):
                    tr.append(("stamp", digest))
                out.write(f"findings/{year}/{fid}.{locale}.md", _front(tr) + _body(rng, words))
            written += 1
    return {"findings": written, "revisions": revisions, "editions": len(EDITIONS), "files": out.files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the site into (created)")
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--unstamped-every", type=int, default=0, metavar="N", help="leave every Nth finding's translations unstamped")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out}: not empty", file=sys.stderr)
        return 1
    counts = generate(args.out, args.findings, args.years, unstamped_every=args.unstamped_every)
    print(", ".join(f"{value} {key}" for key, value in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
