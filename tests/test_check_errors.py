"""`d5site check` on bad input: every error names the file, the line where there is one, and what is wrong.

Each case starts from the valid default site (tests/sitetree.py), changes a few
files, runs the CLI in-process and asserts an exact `path:line: ` prefix plus a
substring of the message. A few cases also run as a subprocess, to prove there
is no traceback and the exit status is 1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from d5site.cli.main import main
from sitetree import BASE_TREE

F = "findings/2018/responsible-ai.md"
"""A finding of the default tree (members ca, gb; 2018 edition in force)."""
FR = "findings/2018/responsible-ai.fr.md"
MEMBERS = "charter/members.yml"
EDITIONS = "charter/editions.yml"
UN14 = "charter/principles/user-needs/2014.md"
AD14 = "charter/principles/assisted-digital/2014.md"
DI21 = "charter/principles/digital-inclusion/2021.md"
NS21 = "charter/principles/necessary-safeguards/2021.md"
OVERVIEW = "findings/2014/index.md"
LONG_ID = "a" * 65
BASE_PRINCIPLE_FILES = [path for path in BASE_TREE if path.startswith("charter/principles/")]
BASE_MEMBERS = "gb:\n  joined: 2014\nkr:\n  joined: 2014\nee:\n  joined: 2014\n  left: 2019\nca:\n  joined: 2018\n"
EDITIONS_2018_LATE = (
    "2014:\n"
    "  date: 2014-12-10\n"
    "  principles: [user-needs, open-standards, assisted-digital]\n"
    "\n"
    "2018:\n"
    "  date: 2019-01-02\n"
    "  principles: [user-needs, open-standards, assisted-digital]\n"
    "2021:\n"
    "  date: 2021-11-16\n"
    "  principles: [user-needs, necessary-safeguards, open-standards, digital-inclusion]\n"
)


ST = "charter/statements/ca.md"
ST_FR = "charter/statements/ca.fr.md"
SECTIONS = {
    "user-needs": "## User needs { #user-needs }\n\nWhat we do for users.\n\n",
    "open-standards": "## Open standards { #open-standards }\n\nOur standards.\n\n",
    "assisted-digital": "## Assisted digital { #assisted-digital }\n\nHelp for everyone.\n\n",
    "record": "## Record { #record }\n\nOur record.\n",
}


def statement(*extra: str, date: str = "2018-02-01",
              sections: tuple[str, ...] = ("user-needs", "open-standards", "assisted-digital", "record"), more: str = "") -> str:
    """ca's statement of interest: title on line 2, date on line 3, `extra` from line 4; one section per id."""
    return fm("title: Statement of interest of Canada", f"date: {date}", *extra, body="".join(SECTIONS[s] for s in sections) + more)


def accession(**fields: str) -> dict[str, str]:
    """Files for a ca accession with `fields` replacing or removing (empty string) keys, and its statement.

    In members.yml, ca's `proposed_by` is on line 11, `seconded_by` 12, `agreed` 13, `statement` 14.
    """
    entry = {"proposed_by": "gb", "seconded_by": "kr", "agreed": "2018-02-22", "statement": "ca"} | fields
    text = BASE_MEMBERS.replace("ca:\n  joined: 2018\n",
                                "ca:\n  joined: 2018\n  accession:\n" + "".join(f"    {k}: {v}\n" for k, v in entry.items() if v))
    return {MEMBERS: text, ST: statement()}


def fm(*lines: str, body: str = "Body.\n") -> str:
    """A Markdown file whose front matter is `lines`: lines[i] is line i + 2 of the file."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def finding(*extra: str, title: str = "Responsible use of AI", members: str = "[ca, gb]", principles: str = "[user-needs]",
            body: str = "Body.\n") -> str:
    """A finding: title on line 2, members on 3, principles on 4, `extra` from line 5."""
    return fm(f"title: {title}", f"members: {members}", f"principles: {principles}", *extra, body=body)


@dataclass
class Case:
    """One bad input and the diagnostic it must produce."""

    id: str
    files: dict[str, str | bytes | None]
    path: str
    line: int | None
    """None: the diagnostic has no line (`path: message`)."""
    message: str
    locales: tuple[str, ...] = ("en", "fr", "ko")


CASES: list[Case] = [
    # -- YAML syntax ------------------------------------------------------------
    Case("yaml-front-matter-flow", {F: finding(members="[ca, gb")}, F, 4, "invalid YAML: while parsing a flow sequence"),
    Case("yaml-front-matter-indent", {F: fm("title: x", "  members: [gb]")}, F, 3, "invalid YAML: mapping values are not allowed"),
    Case("yaml-members", {MEMBERS: "gb:\n  joined: 2014\n  name: {en: x\nkr:\n  joined: 2014\n"}, MEMBERS, 4,
         "invalid YAML: while parsing a flow mapping"),
    Case("yaml-editions", {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: [a, b]]\n"}, EDITIONS, 3, "invalid YAML"),
    Case("yaml-editions-tab", {EDITIONS: "2014:\n\tdate: 2014-12-10\n"}, EDITIONS, 2, "invalid YAML: while scanning for the next token"),
    Case("yaml-key-not-plain", {F: fm("title: x", "[a]: 1")}, F, 3, "a key must be a plain value"),
    # -- wrong types ------------------------------------------------------------
    Case("type-members-text", {F: finding(members="gb")}, F, 3, "members must be a list, not text"),
    Case("type-title-number", {F: finding(title="42")}, F, 2, "title must be text, not a number"),
    Case("type-title-empty-value", {F: fm("title:", "members: [gb]", "principles: [user-needs]")}, F, 2, "title must be text, not empty"),
    Case("type-title-empty-string", {F: finding(title='""')}, F, 2, "title must not be empty"),
    Case("type-principles-mapping", {F: finding(principles="{a: b}")}, F, 4, "principles must be a list, not a mapping"),
    Case("type-links-mapping", {F: finding("links: {title: x, url: 'https://x.org'}")}, F, 5, "links must be a list, not a mapping"),
    Case("type-joined-text", {MEMBERS: "gb:\n  joined: '2014'\n"}, MEMBERS, 2, "gb.joined must be a whole number, not text"),
    Case("type-joined-bool", {MEMBERS: "gb:\n  joined: true\n"}, MEMBERS, 2, "gb.joined must be a whole number, not true/false"),
    Case("type-joined-short", {MEMBERS: "gb:\n  joined: 14\n"}, MEMBERS, 2, "gb.joined: 14 is not a four-digit year"),
    Case("type-edition-principles-text", {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: user-needs\n"}, EDITIONS, 3,
         "2014.principles must be a list, not text"),
    Case("type-revision-title-list", {UN14: fm("title: [a, b]")}, UN14, 2, "title must be text, not a list"),
    Case("type-translation-title", {FR: fm("title: 3")}, FR, 2, "title must be text, not a number"),
    Case("type-edition-entry-list", {EDITIONS: "2014: [user-needs]\n"}, EDITIONS, 1, "2014 must be a mapping, not a list"),
    # -- unknown keys (did you mean) --------------------------------------------
    Case("unknown-key-finding", {F: fm("title: x", "members: [gb]", "principals: [user-needs]")}, F, 4,
         "unknown key 'principals' (did you mean 'principles'?)"),
    Case("unknown-key-finding-missing", {F: fm("title: x", "members: [gb]", "principals: [user-needs]")}, F, 2,
         "missing required key 'principles'"),
    Case("unknown-keys-each-reported", {F: finding("sumary: x", "theme: [ai]")}, F, 6, "unknown key 'theme' (did you mean 'themes'?)"),
    Case("unknown-keys-each-reported-members", {MEMBERS: "gb:\n  joined: 2014\n  nme: {en: UK}\n  lef: 2020\n"}, MEMBERS, 4,
         "unknown key 'lef' in gb (did you mean 'left'?)"),
    Case("unknown-key-members", {MEMBERS: "gb:\n  joind: 2014\n"}, MEMBERS, 2, "unknown key 'joind' in gb (did you mean 'joined'?)"),
    Case("unknown-key-editions", {EDITIONS: "2014:\n  dates: 2014-12-10\n  principles: [user-needs]\n"}, EDITIONS, 2,
         "unknown key 'dates' in 2014 (did you mean 'date'?)"),
    Case("unknown-key-revision", {DI21: fm("title: D", "replace: [assisted-digital]")}, DI21, 3,
         "unknown key 'replace' (did you mean 'replaces'?)"),
    Case("unknown-key-translation", {FR: fm("title: x", "summry: y")}, FR, 3, "unknown key 'summry' (did you mean 'summary'?)"),
    Case("unknown-key-revision-translation", {"charter/principles/user-needs/2014.fr.md": fm("title: x", "summary: y")},
         "charter/principles/user-needs/2014.fr.md", 3, "unknown key 'summary' (allowed: change, stamp, title)"),
    Case("unknown-key-overview", {OVERVIEW: fm("title: x", "hots: gb")}, OVERVIEW, 3, "unknown key 'hots' (did you mean 'host'?)"),
    Case("unknown-key-link", {F: finding("links:", "  - {title: a, href: 'https://x.org'}")}, F, 6,
         "unknown key 'href' in links[0] (allowed: title, url)"),
    # -- members in their years -------------------------------------------------
    Case("unknown-member", {F: finding(members="[ca, zz]")}, F, 3, "members: unknown member 'zz'"),
    Case("unknown-member-line-per-item", {F: finding(members="\n  - ca\n  - zz")}, F, 5, "members: unknown member 'zz'"),
    Case("member-code-form", {F: finding(members="[GBR]")}, F, 3, "members[0]: 'GBR' is not a member code"),
    Case("member-not-yet-joined", {"findings/2016/assisted-services.md": finding(members="[kr, ca]", principles="[assisted-digital]")},
         "findings/2016/assisted-services.md", 3, "members: 'ca' was not a member in 2016 (joined in 2018)"),
    Case("member-has-left", {"findings/2021/safeguards-for-data.md": finding(members="[kr, ee]", principles="[digital-inclusion]")},
         "findings/2021/safeguards-for-data.md", 3, "members: 'ee' was not a member in 2021 (left in 2019)"),
    Case("members-empty-list", {F: finding(members="[]")}, F, 3, "members must list at least one item"),
    Case("members-twice", {F: finding(members="[gb, gb]")}, F, 3, "members lists the same item twice"),
    Case("host-unknown", {OVERVIEW: fm("title: x", "host: zz")}, OVERVIEW, 3, "host: unknown member 'zz'"),
    Case("host-not-member", {"findings/2016/index.md": fm("title: x", "host: ca")}, "findings/2016/index.md", 3,
         "host: 'ca' was not a member in 2016"),
    Case("member-left-before-joined",
         {MEMBERS: "gb:\n  joined: 2014\nee:\n  joined: 2014\n  left: 2012\nkr:\n  joined: 2014\nca:\n  joined: 2018\n"}, MEMBERS, 3,
         "ee: 'left' (2012) is before 'joined' (2014)"),
    Case("member-code-key", {MEMBERS: "gb:\n  joined: 2014\nGB:\n  joined: 2014\n"}, MEMBERS, 3, "key: 'GB' is not a member code"),
    Case("member-name-locale-key", {MEMBERS: "gb:\n  joined: 2014\n  name: {EN: United Kingdom}\n"}, MEMBERS, 3,
         "key in gb.name: 'EN' is not a locale code"),
    # -- principles in force ----------------------------------------------------
    Case("unknown-principle", {F: finding(principles="[user-need]")}, F, 4,
         "principles: unknown principle 'user-need' (did you mean 'user-needs'?)"),
    Case("principle-not-yet-in-force",
         {"findings/2016/assisted-services.md": finding(members="[kr]", principles="[assisted-digital, necessary-safeguards]")},
         "findings/2016/assisted-services.md", 4, "principles: 'necessary-safeguards' is not in the 2014 edition, in force in 2016"),
    Case("principle-withdrawn",
         {"findings/2021/safeguards-for-data.md": finding(members="[kr]", principles="\n  - digital-inclusion\n  - assisted-digital")},
         "findings/2021/safeguards-for-data.md", 6, "principles: 'assisted-digital' is not in the 2021 edition, in force in 2021"),
    Case("no-edition-in-force", {"findings/2013/early.md": finding(members="[gb]", principles="[user-needs]")}, "findings/2013/early.md", 4,
         "principles: no edition of the charter is in force in 2013"),
    Case("principle-id-too-long", {F: finding(principles=f"[{LONG_ID}]")}, F, 4, "is longer than 64 characters"),
    Case("principle-id-form", {F: finding(principles="[User_Needs]")}, F, 4, "principles[0]: 'User_Needs' is not a valid id"),
    # -- dates ------------------------------------------------------------------
    Case("finding-date-outside-year", {F: finding("date: 2017-12-31")}, F, 5,
         "date: 2017-12-31 is not within 2018, the year of its folder"),
    Case("overview-date-outside-year", {OVERVIEW: fm("title: x", "date: 2015-01-01")}, OVERVIEW, 3, "date: 2015-01-01 is not within 2014"),
    Case("edition-date-outside-year", {EDITIONS: EDITIONS_2018_LATE}, EDITIONS, 5, "2018: date 2019-01-02 is not within 2018"),
    Case("date-not-iso", {F: finding("date: 22/11/2018")}, F, 5, "date: '22/11/2018' is not a date (YYYY-MM-DD)"),
    Case("date-impossible", {F: finding("date: 2018-02-30")}, F, 5, "date: '2018-02-30' is not a calendar date"),
    Case("date-impossible-quoted", {F: finding("date: '2018-02-30'")}, F, 5, "date: '2018-02-30' is not a calendar date"),
    Case("date-impossible-edition", {EDITIONS: "2014:\n  date: 2014-02-30\n  principles: [user-needs]\n"}, EDITIONS, 2,
         "date: '2014-02-30' is not a calendar date"),
    Case("date-with-time", {F: finding("date: 2018-02-03 10:00:00")}, F, 5, "is not a date (YYYY-MM-DD)"),
    # -- file names ---------------------------------------------------------------
    Case("orphan-translation", {"findings/2018/ghost.fr.md": fm("title: Fantôme")}, "findings/2018/ghost.fr.md", None,
         "translation without a source: ghost.md does not exist"),
    Case("orphan-revision-translation", {"charter/principles/user-needs/2016.fr.md": fm("title: x")},
         "charter/principles/user-needs/2016.fr.md", None, "translation without a source: 2016.md does not exist"),
    Case("orphan-overview-translation", {"findings/2018/index.ko.md": fm("title: x")}, "findings/2018/index.ko.md", None,
         "translation without a source: index.md does not exist"),
    Case("unconfigured-locale", {"findings/2018/responsible-ai.de.md": fm("title: x")}, "findings/2018/responsible-ai.de.md", None,
         "unknown locale 'de' in file name (configured: en, fr, ko)"),
    Case("unconfigured-locale-revision", {"charter/principles/user-needs/2014.es.md": fm("title: x")},
         "charter/principles/user-needs/2014.es.md", None, "unknown locale 'es' in file name"),
    Case("default-locale-suffix", {"findings/2018/responsible-ai.en.md": fm("title: x")}, "findings/2018/responsible-ai.en.md", None,
         "'en' is the default locale: its text belongs in the file without a locale suffix"),
    Case("bad-finding-id-underscore", {"findings/2018/Responsible_AI.md": finding()}, "findings/2018/Responsible_AI.md", None,
         "'Responsible_AI' is not a valid finding id"),
    Case("bad-finding-id-double-hyphen", {"findings/2018/ai--ethics.md": finding()}, "findings/2018/ai--ethics.md", None,
         "'ai--ethics' is not a valid finding id"),
    Case("bad-finding-id-translation-too", {"findings/2018/AI.md": finding(), "findings/2018/AI.fr.md": fm("title: x")},
         "findings/2018/AI.fr.md", None, "'AI' is not a valid finding id"),
    Case("finding-id-too-long", {f"findings/2018/{LONG_ID}.md": finding()}, f"findings/2018/{LONG_ID}.md", None, "at most 64 characters"),
    Case("finding-id-64-ok-but-typo", {f"findings/2018/{'a' * 64}.md": finding(members="[zz]")}, f"findings/2018/{'a' * 64}.md", 3,
         "unknown member 'zz'"),
    Case("too-many-dots", {"findings/2018/x.fr.ca.md": fm("title: x")}, "findings/2018/x.fr.ca.md", None,
         "unexpected file in a year folder"),
    Case("not-markdown-in-year", {"findings/2018/notes.txt": "notes"}, "findings/2018/notes.txt", None, "unexpected file in a year folder"),
    Case("folder-in-year", {"findings/2018/extra/x.md": finding()}, "findings/2018/extra", None, "unexpected folder in a year folder"),
    Case("file-in-findings-root", {"findings/README.md": "# Findings\n"}, "findings/README.md", None,
         "findings go in a folder named by their four-digit year"),
    Case("bad-year-folder-short", {"findings/18/x.md": finding()}, "findings/18", None, "'18' is not a year folder"),
    Case("bad-year-folder-word", {"findings/summit-2018/x.md": finding()}, "findings/summit-2018", None,
         "'summit-2018' is not a year folder"),
    Case("bad-principle-folder", {"charter/principles/Open_Data/2014.md": fm("title: x")}, "charter/principles/Open_Data", None,
         "'Open_Data' is not a valid principle id"),
    Case("principle-folder-too-long", {f"charter/principles/{LONG_ID}/2014.md": fm("title: x")}, f"charter/principles/{LONG_ID}", None,
         "at most 64 characters"),
    Case("bad-revision-name", {"charter/principles/user-needs/v2.md": fm("title: x")}, "charter/principles/user-needs/v2.md", None,
         "a revision file is named by its four-digit year"),
    Case("file-in-principles-root", {"charter/principles/README.md": "x"}, "charter/principles/README.md", None,
         "principles are folders named by principle id"),
    # -- encoding and front matter ----------------------------------------------
    Case("invalid-utf8-finding", {F: finding("summary: café").encode("utf-8").replace("é".encode(), b"\xe9")}, F, 5,
         "not valid UTF-8 (byte 0xe9)"),
    Case("invalid-utf8-members", {MEMBERS: b"gb:\n  joined: 2014\n  name: {en: Royaume-Uni \xff}\n"}, MEMBERS, 3,
         "not valid UTF-8 (byte 0xff)"),
    Case("invalid-utf8-body", {F: finding(body="line one\nline two ÿ\n").encode("utf-8").replace("ÿ".encode(), b"\xff")}, F, 7,
         "not valid UTF-8"),
    Case("empty-file", {F: ""}, F, 1, "file is empty"),
    Case("blank-file", {F: "\n\n  \n"}, F, 1, "file is empty"),
    Case("empty-members-file", {MEMBERS: ""}, MEMBERS, 1, "file is empty"),
    Case("empty-editions-file", {EDITIONS: "\n"}, EDITIONS, 1, "file is empty"),
    Case("unclosed-front-matter", {F: "---\ntitle: x\nmembers: [gb]\n\nBody.\n"}, F, 1, "front matter is not closed"),
    Case("missing-front-matter", {F: "# Responsible use of AI\n\nBody.\n"}, F, 1,
         "missing front matter: the file must start with a line '---'"),
    Case("front-matter-list", {F: fm("- title", "- members")}, F, 2, "front matter must be a mapping"),
    Case("front-matter-scalar", {F: fm("just some text")}, F, 2, "front matter must be a mapping"),
    Case("front-matter-empty", {F: "---\n---\nBody.\n"}, F, 2, "missing required key 'title'"),
    Case("duplicate-key-front-matter", {F: finding("title: again")}, F, 5, "duplicate key 'title'"),
    Case("duplicate-key-members", {MEMBERS: "gb:\n  joined: 2014\nkr:\n  joined: 2014\ngb:\n  joined: 2015\n"}, MEMBERS, 5,
         "duplicate key 'gb'"),
    Case("duplicate-key-editions",
         {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: [user-needs]\n2014:\n  date: 2014-12-11\n  principles: [user-needs]\n"},
         EDITIONS, 4, "duplicate key '2014'"),
    Case("members-file-is-list", {MEMBERS: "- gb\n- kr\n"}, MEMBERS, 1, "must be a mapping"),
    Case("missing-members-file", {MEMBERS: None}, MEMBERS, None, "file not found"),
    Case("missing-editions-file", {EDITIONS: None}, EDITIONS, None, "file not found"),
    # -- editions against revisions ---------------------------------------------
    Case("edition-principle-before-first-revision",
         {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: [user-needs, necessary-safeguards]\n2018:\n  date: 2018-11-22\n  principles: "
                    "[user-needs, open-standards, assisted-digital]\n2021:\n  date: 2021-11-16\n  principles: [user-needs, "
                    "necessary-safeguards, open-standards, digital-inclusion]\n"}, EDITIONS, 3,
         "2014: principle 'necessary-safeguards' has no revision at or before 2014 (its first is 2021)"),
    Case("edition-principle-no-revision", {EDITIONS: "2014:\n  date: 2014-12-10\n  principles:\n    - user-needs\n    - open-data\n"},
         EDITIONS, 5, "2014: principle 'open-data' has no revision: add charter/principles/open-data/2014.md"),
    Case("edition-principle-typo", {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: [user-need]\n"}, EDITIONS, 3,
         "(did you mean 'user-needs'?)"),
    Case("revision-without-edition", {"charter/principles/user-needs/2016.md": fm("title: User needs", body="Amended.\n")},
         "charter/principles/user-needs/2016.md", None,
         "no edition in 2016: a revision must be adopted at a review listed in editions.yml (editions: 2014, 2018, 2021)"),
    Case("edition-principles-empty", {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: []\n"}, EDITIONS, 3,
         "2014.principles must list at least one item"),
    Case("edition-principle-twice", {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: [user-needs, user-needs]\n"}, EDITIONS, 3,
         "2014.principles lists the same item twice"),
    Case("edition-year-key",
         {EDITIONS: "2014:\n  date: 2014-12-10\n  principles: [user-needs]\n15:\n  date: 2015-12-10\n  principles: [user-needs]\n"},
         EDITIONS, 4, "key: '15' is not a four-digit year"),
    Case("edition-missing-date", {EDITIONS: "2014:\n  principles: [user-needs]\n"}, EDITIONS, 2, "missing required key 'date'"),
    Case("edition-missing-principles", {EDITIONS: "2014:\n  date: 2014-12-10\n"}, EDITIONS, 2, "missing required key 'principles'"),
    # -- lineage ----------------------------------------------------------------
    Case("replaces-unknown", {DI21: fm("title: D", "replaces: [asisted-digital]", body="Text.\n")}, DI21, 3,
         "replaces: unknown principle 'asisted-digital' (did you mean 'assisted-digital'?)"),
    Case("replaces-self", {DI21: fm("title: D", "replaces:", "  - assisted-digital", "  - digital-inclusion", body="Text.\n")}, DI21, 5,
         "replaces: a principle cannot replace itself ('digital-inclusion')"),
    Case("replaces-cycle-2", {AD14: fm("title: A", "replaces: [digital-inclusion]", body="Text.\n")}, AD14, 3,
         "replaces: cycle assisted-digital → digital-inclusion → assisted-digital"),
    Case("replaces-cycle-3",
         {AD14: fm("title: A", "replaces: [necessary-safeguards]", body="Text.\n"),
          NS21: fm("title: N", "replaces: [digital-inclusion]", body="Text.\n")}, AD14, 3,
         "replaces: cycle assisted-digital → necessary-safeguards → digital-inclusion → assisted-digital"),
    Case("replaces-in-translation", {"charter/principles/digital-inclusion/2021.fr.md": fm("title: D", "replaces: [assisted-digital]")},
         "charter/principles/digital-inclusion/2021.fr.md", 3, "'replaces' belongs to the source file only, not to a translation"),
    Case("empty-principle-text", {UN14: fm("title: User needs", body="\n  \n")}, UN14, 4, "the principle's text is empty"),
    Case("empty-principle-text-after-change", {"charter/principles/user-needs/2018.md": fm("title: User needs", "change: x", body="")},
         "charter/principles/user-needs/2018.md", 5, "the principle's text is empty"),
    # -- links ------------------------------------------------------------------
    Case("link-javascript", {F: finding("links:", "  - {title: Demo, url: 'javascript:alert(1)'}")}, F, 6,
         "links[0].url: 'javascript:alert(1)' is not allowed: links must be http:// or https:// URLs"),
    Case("link-data",
         {F: finding("links:", "  - {title: a, url: 'https://example.org'}", "  - title: b", "    url: 'data:text/html,<b>x</b>'")}, F, 8,
         "links[1].url: 'data:text/html,<b>x</b>' is not allowed"),
    Case("link-ftp", {F: finding("links:", "  - {title: a, url: 'ftp://example.org/x'}")}, F, 6, "links must be http:// or https:// URLs"),
    Case("link-missing-url", {F: finding("links:", "  - {title: a}")}, F, 6, "missing required key 'url'"),
    # -- translations -----------------------------------------------------------
    Case("translation-members", {FR: fm("title: x", "members: [gb]")}, FR, 3,
         "'members' belongs to the source file only, not to a translation"),
    Case("translation-principles", {FR: fm("title: x", "summary: y", "principles: [user-needs]")}, FR, 4,
         "'principles' belongs to the source file only"),
    Case("translation-date", {FR: fm("date: 2018-11-22", "title: x")}, FR, 2, "'date' belongs to the source file only"),
    Case("translation-themes", {FR: fm("title: x", "themes: [ai]")}, FR, 3, "'themes' belongs to the source file only"),
    Case("translation-links", {FR: fm("title: x", "links: []")}, FR, 3, "'links' belongs to the source file only"),
    Case("translation-licence", {FR: fm("title: x", "licence: CC0-1.0")}, FR, 3, "'licence' belongs to the source file only"),
    Case("translation-host", {"findings/2014/index.fr.md": fm("title: x", "host: gb")}, "findings/2014/index.fr.md", 3,
         "'host' belongs to the source file only"),
    Case("translation-missing-title", {FR: fm("summary: Un résumé.")}, FR, 2, "missing required key 'title'"),
    Case("translation-bad-stamp", {FR: fm("title: x", "stamp: abc")}, FR, 3,
         "stamp: 'abc' is not a stamp; run `d5site translations stamp`"),
    Case("translation-empty", {FR: ""}, FR, 1, "file is empty"),
    Case("translation-no-front-matter", {FR: "Juste du texte.\n"}, FR, 1, "missing front matter"),
    # -- accession and statements of interest (contract section 2) ----------------
    Case("accession-proposer-unknown", accession(proposed_by="zz"), MEMBERS, 11, "ca.accession.proposed_by: unknown member 'zz'"),
    Case("accession-proposer-is-candidate", accession(proposed_by="ca"), MEMBERS, 11,
         "ca.accession.proposed_by: 'ca' is the candidate itself"),
    Case("accession-seconder-is-candidate", accession(seconded_by="ca"), MEMBERS, 12,
         "ca.accession.seconded_by: 'ca' is the candidate itself"),
    Case("accession-seconder-same-as-proposer", accession(seconded_by="gb"), MEMBERS, 12,
         "ca.accession.seconded_by: 'gb' also proposed the candidacy: the seconder is another member"),
    Case("accession-proposer-had-left",
         {**accession(), MEMBERS: BASE_MEMBERS.replace("ee:\n  joined: 2014\n  left: 2019\n", "ee:\n  joined: 2014\n  left: 2016\n")
          .replace("ca:\n  joined: 2018\n", "ca:\n  joined: 2018\n  accession:\n    proposed_by: ee\n    agreed: 2018-02-22\n")},
         MEMBERS, 11, "ca.accession.proposed_by: 'ee' was not a member on 2018-02-22 (left in 2016)"),
    Case("accession-seconder-not-yet-member",
         {MEMBERS: BASE_MEMBERS + "dk:\n  joined: 2019\n  accession:\n    seconded_by: ca\n    agreed: 2019-11-06\nmx:\n  joined: 2019\n  "
                                  "accession:\n    proposed_by: dk\n    agreed: 2019-11-06\n"}, MEMBERS, 18,
         "mx.accession.proposed_by: 'dk' was not yet a member on 2019-11-06"),
    Case("accession-agreed-outside-joined-year", accession(agreed="2017-12-01"), MEMBERS, 13,
         "ca.accession.agreed: 2017-12-01 is not in 2018, the year 'ca' joined"),
    Case("accession-agreed-not-a-date", accession(agreed="22/02/2018"), MEMBERS, 13,
         "ca.accession.agreed: '22/02/2018' is not a date (YYYY-MM-DD)"),
    Case("accession-unknown-key", accession(seconder="kr"), MEMBERS, 15,
         "unknown key 'seconder' in ca.accession (did you mean 'seconded_by'?)"),
    Case("accession-pending-has-joined", {MEMBERS: BASE_MEMBERS + "dk:\n  joined: 2019\n  accession:\n    proposed_by: gb\n"}, MEMBERS, 11,
         "dk: a pending candidacy (an accession without 'agreed') has no 'joined'"),
    Case("accession-agreed-without-joined", {MEMBERS: BASE_MEMBERS + "dk:\n  accession:\n    agreed: 2019-11-06\n"}, MEMBERS, 11,
         "missing required key 'joined'"),
    Case("accession-pending-sponsor-is-candidate",
         {MEMBERS: BASE_MEMBERS + "dk:\n  accession:\n    proposed_by: mx\nmx:\n  accession:\n    proposed_by: gb\n"}, MEMBERS, 12,
         "dk.accession.proposed_by: 'mx' is a candidate, not a member"),
    Case("candidate-in-finding", {MEMBERS: BASE_MEMBERS + "dk:\n  accession:\n    proposed_by: gb\n", F: finding(members="[ca, dk]")}, F, 3,
         "members: 'dk' is a candidate, not yet a member"),
    Case("accession-statement-missing-file", {**accession(), ST: None}, MEMBERS, 14,
         "ca.accession.statement: charter/statements/ca.md does not exist"),
    Case("accession-statement-named-twice", {**accession(), MEMBERS: accession()[MEMBERS] + "dk:\n  accession:\n    statement: ca\n"},
         MEMBERS, 17, "dk.accession.statement: 'ca' is already the statement of 'ca'"),
    Case("statement-of-no-member", {ST: statement()}, ST, None, "a statement of interest belongs to a member or candidate"),
    Case("statement-missing-principle", {**accession(), ST: statement(sections=("user-needs", "assisted-digital", "record"))}, ST, 3,
         "the statement does not address principle 'open-standards' of the 2018 edition, in force on 2018-02-01"),
    Case("statement-missing-record", {**accession(), ST: statement(sections=("user-needs", "open-standards", "assisted-digital"))}, ST, 3,
         "the statement does not address the record in digital government"),
    Case("statement-unknown-principle", {**accession(), ST: statement(more="\n## Open data { #open-data }\n\nData.\n")}, ST, 21,
         "section 'open-data': unknown principle"),
    Case("statement-principle-not-in-force", {**accession(), ST: statement(more="\n## Safeguards { #necessary-safeguards }\n\nData.\n")},
         ST, 21, "section 'necessary-safeguards': the principle is not in the 2018 edition, in force on 2018-02-01"),
    Case("statement-heading-without-id", {**accession(), ST: statement(more="\n## Other matters\n\nText.\n")}, ST, 21,
         "a section heading names its principle: '## Heading { #principle-id }'"),
    Case("statement-section-twice", {**accession(), ST: statement(more="\n## User needs again { #user-needs }\n\nText.\n")}, ST, 21,
         "section 'user-needs' appears twice (first on line 5)"),
    Case("statement-empty-section",
         {**accession(), ST: fm("title: S", "date: 2018-02-01", body="## U { #user-needs }\n\n## O { #open-standards }\nx\n## A { "
                                                                     "#assisted-digital }\nx\n## R { #record }\nx\n")}, ST, 5,
         "section 'user-needs' is empty"),
    Case("statement-level-1-heading", {**accession(), ST: statement(more="\n# Canada\n")}, ST, 21, "a statement has no level-1 heading"),
    Case("statement-missing-date", {**accession(), ST: fm("title: Statement", body=SECTIONS["record"])}, ST, 2,
         "missing required key 'date'"),
    Case("statement-unknown-key", {**accession(), ST: statement("publsh: true")}, ST, 4, "unknown key 'publsh' (did you mean 'publish'?)"),
    Case("statement-publish-not-boolean", {**accession(), ST: statement("publish: later")}, ST, 4,
         "publish must be true or false, not text"),
    Case("statement-no-edition-in-force", {**accession(), ST: statement(date="2013-06-01")}, ST, 3,
         "date: no edition of the charter is in force in 2013"),
    Case("statement-after-agreed", {**accession(), ST: statement(date="2018-03-01")}, ST, 3,
         "date: 2018-03-01 is after 2018-02-22, when the accession of 'ca' was agreed"),
    Case("statement-bad-name", {**accession(), "charter/statements/Canada.md": statement()}, "charter/statements/Canada.md", None,
         "'Canada' is not a valid statement name"),
    Case("statement-translation-date", {**accession(), ST_FR: fm("title: Déclaration", "date: 2018-02-01")}, ST_FR, 3,
         "'date' belongs to the source file only"),
    Case("statement-translation-publish", {**accession(), ST_FR: fm("title: Déclaration", "publish: true")}, ST_FR, 3,
         "'publish' belongs to the source file only"),
    Case("statement-translation-missing-section",
         {**accession(), ST_FR: fm("title: Déclaration", body=SECTIONS["user-needs"] + SECTIONS["record"])}, ST_FR, None,
         "section 'open-standards' of the source is missing"),
    Case("statement-translation-extra-section",
         {**accession(), ST_FR: fm("title: Déclaration", body="".join(SECTIONS.values()) + "## Autre { #other }\n\nx\n")}, ST_FR, 19,
         "section 'other' is not in the source (charter/statements/ca.md)"),
    Case("statement-orphan-translation", {ST_FR: fm("title: Déclaration")}, ST_FR, None,
         "translation without a source: ca.md does not exist"),
    Case("statement-title-two-lines",
         {**accession(), ST: fm('title: "Statement\\nof Canada"', "date: 2018-02-01", body="".join(SECTIONS.values()))}, ST, 2, "title"),
    Case("partner-name-two-lines", {F: finding("partners:", '  - {name: "OECD\\nx", kind: academia}')}, F, 6, "partners[0].name"),
    Case("statement-stray-file", {"charter/statements/notes.txt": "x"}, "charter/statements/notes.txt", None,
         "unexpected file in charter/statements"),
    # -- shared code and partners ------------------------------------------------
    Case("code-licence-unknown", {F: finding("code:", "  - {name: Notify, url: 'https://example.org/notify', licence: MIT-2}")}, F, 6,
         "code[0].licence: 'MIT-2' is not in the SPDX License List"),
    Case("code-licence-case", {F: finding("code:", "  - name: Notify", "    url: 'https://example.org/notify'", "    licence: mit")}, F, 8,
         "code[0].licence: 'mit' is not an SPDX licence id: SPDX spells it 'MIT'"),
    Case("code-licence-deprecated", {F: finding("code:", "  - {name: Notify, url: 'https://example.org/notify', licence: GPL-3.0}")}, F, 6,
         "code[0].licence: 'GPL-3.0' is a deprecated SPDX id: use 'GPL-3.0-only' or 'GPL-3.0-or-later'"),
    Case("code-url-javascript", {F: finding("code:", "  - {name: Notify, url: 'javascript:alert(1)', licence: MIT}")}, F, 6,
         "code[0].url: 'javascript:alert(1)' is not allowed: links must be http:// or https:// URLs"),
    Case("code-missing-licence", {F: finding("code:", "  - {name: Notify, url: 'https://example.org/notify'}")}, F, 6,
         "missing required key 'licence'"),
    Case("code-unknown-key", {F: finding("code:", "  - {name: Notify, url: 'https://example.org/notify', license: MIT}")}, F, 6,
         "unknown key 'license' in code[0] (did you mean 'licence'?)"),
    Case("partner-unknown-kind", {F: finding("partners:", "  - {name: OECD, kind: ngo}")}, F, 6,
         "partners[0].kind: 'ngo' is not one of: international-organisation, private-sector, academia, civil-society"),
    Case("partner-missing-name", {F: finding("partners:", "  - {kind: academia}")}, F, 6, "missing required key 'name'"),
    Case("translation-code", {FR: fm("title: x", "code: []")}, FR, 3, "'code' belongs to the source file only"),
    Case("translation-partners", {FR: fm("title: x", "partners: []")}, FR, 3, "'partners' belongs to the source file only"),
    # -- the site ---------------------------------------------------------------
    Case("missing-charter", {path: None for path in (MEMBERS, EDITIONS, "charter/themes.yml", *BASE_PRINCIPLE_FILES)}, "charter", None,
         "folder not found: a site needs charter/members.yml"),
    Case("missing-principles-folder", {path: None for path in BASE_PRINCIPLE_FILES}, "charter/principles", None,
         "folder not found: every principle needs charter/principles/<id>/<year>.md"),
    # the default tree written for en + fr only, then a Korean file added by hand
    Case("locale-not-in-config", {"findings/2014/shared-code.ko.md": fm("title: 정부 간 코드 공유")},
         "findings/2014/shared-code.ko.md", None,
         "unknown locale 'ko' in file name (configured: en, fr)", locales=("en", "fr")),
]


def run_check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str], str]:
    """Run `d5site check` in-process; (exit status, stdout lines, stderr)."""
    status = main(["check", "--config", str(root / "mkdocs.yml"), *extra])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def assert_reported(lines: list[str], path: str, line: int | None, message: str) -> None:
    """Some output line is exactly `path:line: ...message...` (or `path: ...` when line is None)."""
    prefix = f"{path}:{line}: " if line is not None else f"{path}: "
    matching = [text for text in lines if text.startswith(prefix) and message in text[len(prefix) :]]
    assert matching, f"expected {prefix!r} ... {message!r} in:\n" + "\n".join(lines)


def test_cases_are_many_and_distinct() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_located(case: Case, make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(case.files, locales=case.locales)
    status, lines, err = run_check(root, capsys)
    assert status == 1, lines
    assert "Traceback" not in err and "internal error" not in err
    assert_reported(lines, case.path, case.line, case.message)
    assert err.strip().endswith("error" if len(lines) == 1 else "errors")
    assert err.strip() == f"{len(lines)} error{'s' if len(lines) != 1 else ''}"


# -- clean sites --------------------------------------------------------------------


def test_clean_site_exits_0(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, err = run_check(site, capsys)
    assert status == 0
    assert lines == []
    assert err.startswith("ok: 4 findings in 4 years, 5 principles, 3 editions, 4 members, locales en, fr, ko")


def test_clean_site_in_one_locale(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site(locales=("en",)), capsys)
    assert (status, lines) == (0, [])


def test_clean_site_with_github_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(site, capsys, "--format", "github")
    assert (status, lines) == (0, [])


def _bom_crlf(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


def test_bom_and_crlf_are_accepted(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    files: dict[str, str | bytes | None] = {
        F: _bom_crlf(BASE_TREE[F]),
        FR: _bom_crlf(BASE_TREE[FR]),
        MEMBERS: _bom_crlf(BASE_TREE[MEMBERS]),
        EDITIONS: BASE_TREE[EDITIONS].replace("\n", "\r\n"),
        UN14: _bom_crlf(BASE_TREE[UN14]),
        OVERVIEW: BASE_TREE[OVERVIEW].encode("utf-8-sig"),
        "mkdocs.yml": BASE_TREE["mkdocs.yml"].encode("utf-8-sig"),
    }
    status, lines, err = run_check(make_site(files), capsys)
    assert (status, lines) == (0, []), err


def test_bom_and_crlf_keep_line_numbers(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    files = {F: _bom_crlf(finding(members="[zz]")), MEMBERS: _bom_crlf("gb:\n  joined: 2014\n  jined: 2015\n")}
    status, lines, _ = run_check(make_site(files), capsys)
    assert status == 1
    assert_reported(lines, MEMBERS, 3, "unknown key 'jined' in gb (did you mean 'joined'?)")


def test_bom_crlf_finding_line(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site({F: _bom_crlf(finding(members="[ca, zz]"))}), capsys)
    assert status == 1
    assert lines == [f"{F}:3: members: unknown member 'zz'"]


def test_hidden_files_are_ignored(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    files = {".DS_Store": b"\x00\x01", "findings/.gitkeep": "", "findings/2018/.responsible-ai.md.swp": b"\xff\xfe",
             "charter/principles/.hidden/x": "x"}
    status, lines, _ = run_check(make_site(files), capsys)
    assert (status, lines) == (0, [])


def test_stamped_site_is_clean(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site(stamp=True), capsys)
    assert (status, lines) == (0, [])


def test_empty_members_registry_reports_each_finding(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty mapping is a valid (if useless) registry: every finding's members are unknown."""
    status, lines, _ = run_check(make_site({MEMBERS: "{}\n"}), capsys)
    assert status == 1
    assert_reported(lines, F, 3, "members: unknown member 'ca'")
    assert_reported(lines, OVERVIEW, 5, "host: unknown member 'gb'")


# -- every error in one run, sorted ---------------------------------------------------


def test_all_errors_in_one_run_sorted(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        F: finding("date: 2017-01-01", members="[ca, zz]", principles="[user-need]"),
        FR: fm("title: x", "members: [gb]"),
        "findings/2016/assisted-services.md": finding(members="[ca]", principles="[assisted-digital]"),
        "findings/2018/ghost.ko.md": fm("title: x"),
        "findings/2021/x.en.md": fm("title: x"),
        DI21: fm("title: D", "replaces: [digital-inclusion]", body="Text.\n"),
        "charter/principles/user-needs/2016.md": fm("title: U", body="Text.\n"),
        MEMBERS: BASE_MEMBERS + "dk:\n  joined: 2019\n  left: 2018\n",
    }
    status, lines, err = run_check(make_site(files), capsys)
    assert status == 1
    assert lines == [
        "charter/members.yml:10: dk: 'left' (2018) is before 'joined' (2019)",
        "charter/principles/digital-inclusion/2021.md:3: replaces: a principle cannot replace itself ('digital-inclusion')",
        "charter/principles/user-needs/2016.md: no edition in 2016: a revision must be adopted at a review listed in editions.yml "
        "(editions: 2014, 2018, 2021)",
        "findings/2016/assisted-services.md:3: members: 'ca' was not a member in 2016 (joined in 2018)",
        "findings/2018/ghost.ko.md: translation without a source: ghost.md does not exist",
        "findings/2018/responsible-ai.fr.md:3: 'members' belongs to the source file only, not to a translation: delete this line (a "
        "translation carries its title, summary, body and stamp)",
        f"{F}:3: members: unknown member 'zz'",
        f"{F}:4: principles: unknown principle 'user-need' (did you mean 'user-needs'?)",
        f"{F}:5: date: 2017-01-01 is not within 2018, the year of its folder",
        "findings/2021/x.en.md: 'en' is the default locale: its text belongs in the file without a locale suffix",
    ]
    assert err.strip() == "10 errors"


def test_broken_members_file_is_not_buried(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """One typo in members.yml is one error, not one per finding."""
    status, lines, _ = run_check(make_site({MEMBERS: "gb:\n  joined: 2014\nkr:\n  joind: 2014\n"}), capsys)
    assert status == 1
    assert [line.split(":")[0] for line in lines] == [MEMBERS, MEMBERS]
    assert_reported(lines, MEMBERS, 4, "unknown key 'joind' in kr (did you mean 'joined'?)")
    assert_reported(lines, MEMBERS, 4, "missing required key 'joined'")


def test_broken_editions_file_is_not_buried(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site({EDITIONS: "2014:\n  date: 2014-12-10\n  principles: [user-needs\n"}), capsys)
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith(f"{EDITIONS}:")


def test_broken_revision_is_not_buried(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """A principle whose only revision cannot be read is not also 'unknown' in every finding and edition."""
    status, lines, _ = run_check(make_site({AD14: "---\ntitle: [x\n---\nText.\n"}), capsys)
    assert status == 1
    assert len(lines) == 1 and lines[0].startswith(f"{AD14}:2: invalid YAML"), lines


@pytest.mark.parametrize(
    "case_id",
    ["yaml-members", "yaml-editions", "type-joined-text", "empty-members-file", "missing-members-file", "missing-editions-file",
     "type-revision-title-list", "missing-charter", "missing-principles-folder", "date-impossible-edition"],
)
def test_a_file_that_cannot_be_loaded_is_one_error(case_id: str, make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """Checks that depend on a file that failed to load are not repeated for every finding."""
    case = next(c for c in CASES if c.id == case_id)
    status, lines, _ = run_check(make_site(case.files), capsys)
    assert status == 1
    assert len(lines) == 1, lines


def test_every_unknown_key_is_reported(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site({F: finding("sumary: x", "theme: [ai]", "licens: MIT")}), capsys)
    assert status == 1
    assert lines == [
        f"{F}:5: unknown key 'sumary' (did you mean 'summary'?)",
        f"{F}:6: unknown key 'theme' (did you mean 'themes'?)",
        f"{F}:7: unknown key 'licens' (did you mean 'licence'?)",
    ]


def test_each_error_once(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site({F: finding(members="[zz, yy]")}), capsys)
    assert status == 1
    assert lines == [f"{F}:3: members: unknown member 'yy'", f"{F}:3: members: unknown member 'zz'"]


# -- GitHub Actions format --------------------------------------------------------------


def test_github_format(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    files = {F: finding(members="[ca, zz]"), "findings/2018/ghost.fr.md": fm("title: x")}
    status, lines, _ = run_check(make_site(files), capsys, "--format", "github")
    assert status == 1
    assert lines == [
        "::error file=findings/2018/ghost.fr.md::translation without a source: ghost.md does not exist",
        f"::error file={F},line=3::members: unknown member 'zz'",
    ]


def test_github_format_escapes(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site({"findings/2018/a,b.md": finding()}), capsys, "--format", "github")
    assert status == 1
    assert lines == ["::error file=findings/2018/a%2Cb.md::'a,b' is not a valid finding id (lower-case letters and digits, joined by "
                     "single hyphens, at most 64 characters)"]


def test_github_format_on_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [x\n", "utf-8")
    status, lines, _ = run_check(tmp_path, capsys, "--format", "github")
    assert status == 1
    assert lines and lines[0].startswith("::error file=mkdocs.yml,line=")


# -- configuration ----------------------------------------------------------------------


def test_missing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(tmp_path, capsys)
    assert status == 1
    assert lines == ["mkdocs.yml: not found: run d5site from the site's root or pass --config"]


def test_invalid_config_yaml(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site({"mkdocs.yml": "site_name: x\ntheme:\n  name: material\n plugins: [d5site]\n"}), capsys)
    assert status == 1
    assert_reported(lines, "mkdocs.yml", 4, "invalid YAML")


def test_config_not_a_mapping(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, _ = run_check(make_site({"mkdocs.yml": "- a\n"}), capsys)
    assert status == 1
    assert lines == ["mkdocs.yml:1: must be a mapping of settings"]


def test_config_with_mkdocs_tags(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    text = BASE_TREE["mkdocs.yml"] + ("extra:\n  analytics: !ENV [ANALYTICS, none]\nmarkdown_extensions:\n  - pymdownx.emoji:\n      "
                                      "emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    status, lines, _ = run_check(make_site({"mkdocs.yml": text}), capsys)
    assert (status, lines) == (0, [])


def test_run_from_site_root_without_config(site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    assert main(["check"]) == 0
    monkeypatch.chdir(site.parent)
    assert main(["check"]) == 1
    out, _ = capsys.readouterr()
    assert "mkdocs.yml: not found" in out


def test_custom_folders(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """`findings_dir` and `charter_dir` options are honoured, and paths are reported with them."""
    from sitetree import BASE_TREE, tree

    files: dict[str, str | bytes | None] = {}
    for path, text in tree().items():
        if path.startswith("findings/"):
            files[path] = None
            files["content/" + path] = text
        elif path.startswith("charter/"):
            files[path] = None
            files["content/" + path] = text
    files["content/findings/2018/responsible-ai.md"] = finding(members="[zz]")
    files["mkdocs.yml"] = BASE_TREE["mkdocs.yml"].replace("  - d5site\n",
          "  - d5site:\n      findings_dir: content/findings\n      charter_dir: content/charter\n")
    status, lines, _ = run_check(make_site(files), capsys)
    assert status == 1
    assert lines == ["content/findings/2018/responsible-ai.md:3: members: unknown member 'zz'"]


# -- as a subprocess: no traceback, exit status 1 -----------------------------------------

D5SITE = Path(sys.executable).parent / "d5site"
SUBPROCESS_CASES = ["yaml-members", "invalid-utf8-finding", "front-matter-scalar", "replaces-cycle-3", "missing-charter", "link-javascript"]


def _run(argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=120, check=False)


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_subprocess_module(case_id: str, make_site) -> None:
    case = next(c for c in CASES if c.id == case_id)
    root = make_site(case.files, locales=case.locales)
    result = _run([sys.executable, "-m", "d5site.cli", "check", "--config", str(root / "mkdocs.yml")])
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    assert_reported(result.stdout.splitlines(), case.path, case.line, case.message)


@pytest.mark.parametrize("case_id", ["duplicate-key-editions", "principle-not-yet-in-force", "translation-members"])
def test_subprocess_console_script(case_id: str, make_site) -> None:
    case = next(c for c in CASES if c.id == case_id)
    root = make_site(case.files, locales=case.locales)
    result = _run([str(D5SITE), "check"], cwd=root)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    assert_reported(result.stdout.splitlines(), case.path, case.line, case.message)


def test_subprocess_github_and_clean(make_site) -> None:
    root = make_site({F: finding(principles="[necessary-safeguards]")})
    result = _run([str(D5SITE), "check", "--format", "github", "--config", str(root / "mkdocs.yml")])
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"::error file={F},line=4::principles: 'necessary-safeguards' is not in the 2018 edition, in "
                                          f"force in 2018"]
    clean = make_site()
    result = _run([str(D5SITE), "check"], cwd=clean)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.startswith("ok: ")


def test_subprocess_missing_config(tmp_path: Path) -> None:
    result = _run([sys.executable, "-m", "d5site.cli", "check"], cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == "mkdocs.yml: not found: run d5site from the site's root or pass --config"
