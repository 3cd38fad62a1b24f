"""Time a d5site build against plain MkDocs (Material + static-i18n) building the same Markdown.

    python benchmarks/bench_build.py [--findings 1000] [--runs 5] [--sizes 500,1000]

For each size: generates the synthetic corpus (benchmarks/corpus.py: N findings
over 10 years with principle revisions, in en/fr/ko, all translated), and a
"peer" site in which the same finding and revision files are ordinary docs/
pages of a plain mkdocs-material + mkdocs-static-i18n site (theme feature
`navigation.prune`, as d5site's). Builds alternate d5site / peer, each in a fresh
process; the report gives median wall time and peak memory (RSS) and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate, mkdocs_yml  # noqa: E402

FEATURES = "  features:\n    - navigation.prune\n    - navigation.indexes\n"


def d5site_site(root: Path, findings: int) -> Path:
    """The corpus as a d5site site."""
    generate(root, findings=findings)
    text = (root / "mkdocs.yml").read_text("utf-8").replace("  name: material\n", "  name: material\n" + FEATURES)
    (root / "mkdocs.yml").write_text(text, "utf-8")
    return root


def peer_site(corpus: Path, root: Path) -> Path:
    """The same findings and revisions as plain docs/ pages, without d5site."""
    docs = root / "docs"
    shutil.copytree(corpus / "docs", docs)
    shutil.copytree(corpus / "findings", docs / "findings")
    shutil.copytree(corpus / "charter" / "principles", docs / "charter" / "principles")
    text = mkdocs_yml("Peer site").replace("  - d5site\n", "").replace("  name: material\n", "  name: material\n" + FEATURES)
    (root / "mkdocs.yml").write_text(text, "utf-8")
    return root


def build_once(site: Path, out: Path) -> dict[str, float]:
    """One build in a fresh process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    result = subprocess.run(
        [sys.executable, str(HERE / "_build_once.py"), str(site / "mkdocs.yml"), str(out)],
        capture_output=True, text=True, env=env, check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"build of {site} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(findings: int, runs: int) -> dict[str, float]:
    """Interleaved runs at one size; medians and ratios."""
    with tempfile.TemporaryDirectory(prefix="d5bench-") as tmp:
        base = Path(tmp)
        d5 = d5site_site(base / "d5site", findings)
        peer = peer_site(d5, base / "peer")
        build_once(d5, base / "out-d5")  # warm-up: disk cache, .pyc
        build_once(peer, base / "out-peer")
        times: dict[str, list[float]] = {"d5site": [], "peer": []}
        memory: dict[str, list[float]] = {"d5site": [], "peer": []}
        for run in range(runs):
            for name, site in (("d5site", d5), ("peer", peer)) if run % 2 == 0 else (("peer", peer), ("d5site", d5)):
                result = build_once(site, base / f"out-{name}")
                times[name].append(result["seconds"])
                memory[name].append(result["peak_mib"])
        pages = {name: sum(1 for _ in (base / f"out-{name}").rglob("*.html")) for name in ("d5site", "peer")}
    d5_time, peer_time = statistics.median(times["d5site"]), statistics.median(times["peer"])
    d5_mem, peer_mem = statistics.median(memory["d5site"]), statistics.median(memory["peer"])
    return {
        "findings": findings, "runs": runs,
        "d5site_seconds": round(d5_time, 2), "peer_seconds": round(peer_time, 2), "time_ratio": round(d5_time / peer_time, 3),
        "d5site_peak_mib": round(d5_mem, 1), "peer_peak_mib": round(peer_mem, 1), "memory_ratio": round(d5_mem / peer_mem, 3),
        "d5site_html_pages": pages["d5site"], "peer_html_pages": pages["peer"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--sizes", help="comma-separated corpus sizes, e.g. 500,1000 (overrides --findings)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.findings]
    results = [measure(size, args.runs) for size in sizes]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(
            f"{r['findings']} findings x 3 locales, median of {r['runs']}: "
            f"d5site {r['d5site_seconds']} s ({r['d5site_html_pages']} pages), peer {r['peer_seconds']} s ({r['peer_html_pages']} pages): "
            f"time ratio {r['time_ratio']}; peak memory d5site {r['d5site_peak_mib']} MiB, peer {r['peer_peak_mib']} MiB: ratio {r['memory_ratio']}"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"scaling {first['findings']} -> {last['findings']} findings ({last['findings'] / first['findings']:.1f}x): "
              f"d5site time x{last['d5site_seconds'] / first['d5site_seconds']:.2f}, peer time x{last['peer_seconds'] / first['peer_seconds']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
