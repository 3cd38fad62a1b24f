"""Time `d5site check` on a synthetic site (benchmarks/corpus.py) as a subprocess.

    .venv/bin/python benchmarks/bench_check.py [--findings 1000] [--runs 5]

Generates the corpus in a temporary folder, checks once that it is clean and
that every translation is current, runs `d5site check` once to warm up (file
cache, .pyc), then times `--runs` runs and prints the median. Target: under 2 s
for 1,000 findings in 3 locales.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

TARGET_SECONDS = 2.0


def command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m d5site.cli`."""
    script = Path(sys.executable).parent / "d5site"
    return [str(script)] if script.exists() else [sys.executable, "-m", "d5site.cli"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `d5site check` on a synthetic site.")
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated site and print where it is")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="d5site-bench-"))
    try:
        root = folder / "site"
        counts = generate(root, args.findings, args.years)
        print(f"corpus: {counts['findings']} findings, {counts['revisions']} revisions, {counts['editions']} editions, "
              f"{counts['files']} files, locales en/fr/ko")
        check = [*command(), "check", "--config", str(root / "mkdocs.yml")]

        result = subprocess.run(check, capture_output=True, text=True, check=False)  # warm-up
        if result.returncode != 0:
            print(result.stdout[-3000:], result.stderr[-3000:], sep="\n", file=sys.stderr)
            print("the corpus is not clean", file=sys.stderr)
            return 1
        report = subprocess.run(
            [*command(), "translations", "--format", "json", "--config", str(root / "mkdocs.yml")],
            capture_output=True,
            text=True,
            check=True,
        )
        for locale, data in json.loads(report.stdout)["locales"].items():
            summary = data["summary"]
            if summary["outdated"] or summary["missing"]:
                print(f"{locale}: not every translation is current: {summary}", file=sys.stderr)
                return 1

        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(check, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"d5site check: median {median:.3f} s over {args.runs} runs (min {min(times):.3f}, max {max(times):.3f}); "
              f"target < {TARGET_SECONDS:.1f} s")
        if args.keep:
            print(f"site kept in {root}")
        return 0 if median < TARGET_SECONDS else 3
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
