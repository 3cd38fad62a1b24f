"""Zensical processes: one `zensical build` per locale, up to `jobs` at once, their warnings and errors collected.

Zensical prints each problem as `Warning: <what>` (or `Error:`) followed by a
box whose first line names `<file>:<line>:<column>` inside the staged docs
folder; the file is mapped back to the site's own (`docs/index.fr.md`) or to
the generated page's URL, so that a message names what the reader can edit.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from d5site.core.diagnostics import escape
from d5site.render.localebuild import LocaleResult
from d5site.zensical.stage import StagedLocale

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_LEVEL = re.compile(r"^\s*(ERROR|WARNING|Error|Warning)\b[:\s-]*(.*)$")
_WHERE = re.compile(r"\[\s*(\S+?):([0-9]+):[0-9]+\s*\]")
_EXCEPTION = re.compile(r"^[A-Za-z_.]*(Error|Exception)\b")


def _command(staged: StagedLocale, strict: bool) -> list[str]:
    return [sys.executable, "-m", "zensical", "build", "-f", str(staged.config_file), *(["--strict"] if strict else [])]


def _environment() -> dict[str, str]:
    """The environment of a Zensical process: d5site importable (its Markdown extension), no colours."""
    env = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parent.parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([package_parent, *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    env["NO_COLOR"] = "1"
    return env


def messages(output: str, staged: StagedLocale) -> list[tuple[int, str]]:
    """The warnings and errors in a Zensical process's output, each naming the site's file and line where it has one."""
    found = []
    lines = [_ANSI.sub("", line) for line in output.splitlines()]
    for index, line in enumerate(lines):
        match = _LEVEL.match(line)
        if not match:
            continue
        level = logging.ERROR if match.group(1).lower() == "error" else logging.WARNING
        text = f"zensical: {match.group(2).strip()}"
        where = next((m for m in map(_WHERE.search, lines[index + 1:index + 3]) if m), None)
        if where is not None:
            text = f"{staged.source_of(where.group(1), int(where.group(2)))}: {text}"
        found.append((level, escape(text)))
    return found


def run(staged: dict[str, StagedLocale], strict: bool, jobs: int, progress: Callable[[str], None] | None) -> list[LocaleResult]:
    """Run every locale's Zensical build, at most `jobs` at once; results in the order of `staged`.

    Each process writes its output to `zensical.log` in its staged folder (no pipe to fill while another is read).
    """
    waiting = list(staged)
    running: dict[str, tuple[subprocess.Popen[bytes], float]] = {}
    results: dict[str, LocaleResult] = {}
    env = _environment()
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                locale = waiting.pop(0)
                with open(staged[locale].log, "wb") as log:
                    process = subprocess.Popen(_command(staged[locale], strict), cwd=staged[locale].root, env=env,
                                               stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
                running[locale] = (process, time.perf_counter())
                if progress is not None:
                    progress(f"building {locale}")
            done = [locale for locale, (process, _) in running.items() if process.poll() is not None]
            if not done:
                time.sleep(0.02)
                continue
            for locale in done:
                process, start = running.pop(locale)
                results[locale] = _result(locale, staged[locale], process.returncode, time.perf_counter() - start)
                if progress is not None:
                    progress(f"built {locale} in {results[locale].seconds:.1f} s" if results[locale].ok else f"{locale} failed")
    finally:
        for process, _ in running.values():
            process.kill()
            process.wait()
    return [results[locale] for locale in staged]


def _result(locale: str, staged: StagedLocale, returncode: int, seconds: float) -> LocaleResult:
    """What a finished process reports: its messages; if it failed without an error message, its last error line."""
    output = staged.log.read_bytes().decode("utf-8", "replace")
    result = LocaleResult(locale, seconds=seconds, messages=messages(output, staged))
    result.ok = returncode == 0 and staged.site.is_dir()
    if not result.ok and not any(level >= logging.ERROR for level, _ in result.messages):
        lines = [_ANSI.sub("", line).strip() for line in output.splitlines() if line.strip()]
        tail = ([line for line in lines if _EXCEPTION.match(line)] or lines or ["no output"])[-1]
        result.messages.append((logging.ERROR, f"zensical build of '{locale}' failed (exit code {returncode}): {escape(tail)}"))
    return result
