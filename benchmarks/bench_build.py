"""Time a d5site build against plain MkDocs (Material + static-i18n) building the same Markdown.

    python benchmarks/bench_build.py [--findings 1000] [--runs 5] [--sizes 500,1000] [--jobs 2] [--unstamped-every N]
    python benchmarks/bench_build.py --out-dir /dev/shm ...   # builds written to memory: no disk in the measure
    python benchmarks/bench_build.py --pdf [--findings 1000] [--runs 3]   # the annual reports' PDFs' cost

For each size: generates the synthetic corpus (benchmarks/corpus.py: N findings
over 10 years with principle revisions, in en/fr/ko, all translated), and a
"peer" site in which the same finding and revision files are ordinary docs/
pages of a plain mkdocs-material + mkdocs-static-i18n site (theme feature
`navigation.prune`, as d5site's). Four builds alternate, in an order that
rotates each run, each in a fresh process: `mkdocs build` of the d5site site,
`d5site build --jobs N` of it, `d5site build --engine zensical --jobs N` of it
(the other engine, side by side), and `mkdocs build` of the peer. The report gives
median wall time, CPU time (user and system; and user time alone, the builds' own
computing, which the disk's writes do not vary) and peak memory (RSS of the largest process), the
ratios to the peer from the same runs, and the load average before each run
(the machine may be shared: compare ratios, not seconds, across runs).
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate, mkdocs_yml

HERE = Path(__file__).resolve().parent

FEATURES = "  features:\n    - navigation.prune\n    - navigation.indexes\n"


def d5site_site(root: Path, findings: int, unstamped_every: int = 0) -> Path:
    """The corpus as a d5site site."""
    generate(root, findings=findings, unstamped_every=unstamped_every)
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


def build_once(site: Path, out: Path, jobs: int | None = None, engine: str = "mkdocs") -> dict[str, float]:
    """One build in a fresh process (`mkdocs build`, or `d5site build --jobs N`), with the load average before it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    argv = [sys.executable, str(HERE / "_build_once.py"), str(site / "mkdocs.yml"), str(out)]
    if jobs is not None:
        argv += ["--jobs", str(jobs)]
        if engine != "mkdocs":
            argv += ["--engine", engine]
    load = os.getloadavg()[0]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"build of {site} failed:\n{result.stderr[-3000:]}")
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "load": load}


CONTENDERS = ("d5site", "jobs", "zensical", "peer")
"""`mkdocs build` of the d5site site, `d5site build --jobs N` of it, `d5site build --engine zensical --jobs N` of it,
`mkdocs build` of the peer."""


MEASURES = ("seconds", "cpu_seconds", "user_seconds", "peak_mib")


def medians(samples: dict[str, list[dict[str, float]]]) -> tuple[dict[str, dict[str, float]], dict[str, object]]:
    """Each contender's median of each measure, and the report's entries every benchmark gives: those medians as
    `<contender>_<measure>`, then each run's seconds and the load average before it."""
    med = {name: {key: statistics.median(s[key] for s in runs) for key in MEASURES} for name, runs in samples.items()}
    entries: dict[str, object] = {f"{name}_{key}": round(med[name][key], 2) for name in samples for key in MEASURES}
    entries["seconds_by_run"] = {name: [round(s["seconds"], 1) for s in runs] for name, runs in samples.items()}
    entries["load_by_run"] = {name: [round(s["load"], 1) for s in runs] for name, runs in samples.items()}
    return med, entries


def measure(findings: int, runs: int, jobs: int = 2, unstamped_every: int = 0, out_dir: Path | None = None) -> dict[str, object]:
    """Interleaved runs at one size (the order rotates each run); medians and ratios from the same runs.

    `out_dir`: where the sites and their builds are written (default: the system's temporary folder, on disk);
    a memory file system (`/dev/shm`) takes the disk's writes, and their variation, out of the measure."""
    with tempfile.TemporaryDirectory(prefix="d5bench-", dir=out_dir) as tmp:
        base = Path(tmp)
        d5 = d5site_site(base / "d5site", findings, unstamped_every)
        peer = peer_site(d5, base / "peer")
        sites = {"d5site": (d5, None, "mkdocs"), "jobs": (d5, jobs, "mkdocs"), "zensical": (d5, jobs, "zensical"),
                 "peer": (peer, None, "mkdocs")}
        build_once(d5, base / "out-d5site")  # warm-up: disk cache, .pyc
        build_once(d5, base / "out-zensical", jobs, "zensical")
        build_once(peer, base / "out-peer")
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in CONTENDERS}
        for run in range(runs):
            order = CONTENDERS[run % len(CONTENDERS):] + CONTENDERS[: run % len(CONTENDERS)]
            for name in order:
                site, n, engine = sites[name]
                samples[name].append(build_once(site, base / f"out-{name}", n, engine))
        pages = {name: sum(1 for _ in (base / f"out-{name}").rglob("*.html")) for name in CONTENDERS}
    med, entries = medians(samples)
    peer = med["peer"]
    return {
        "findings": findings, "runs": runs, "jobs": jobs, "unstamped_every": unstamped_every,
        **entries,
        "d5site_time_ratio": round(med["d5site"]["seconds"] / peer["seconds"], 3),
        "jobs_time_ratio": round(med["jobs"]["seconds"] / peer["seconds"], 3),
        "zensical_time_ratio": round(med["zensical"]["seconds"] / peer["seconds"], 3),
        "d5site_cpu_ratio": round(med["d5site"]["cpu_seconds"] / peer["cpu_seconds"], 3),
        "d5site_user_ratio": round(med["d5site"]["user_seconds"] / peer["user_seconds"], 3),
        "d5site_memory_ratio": round(med["d5site"]["peak_mib"] / peer["peak_mib"], 3),
        "jobs_memory_ratio": round(med["jobs"]["peak_mib"] / peer["peak_mib"], 3),
        "zensical_memory_ratio": round(med["zensical"]["peak_mib"] / peer["peak_mib"], 3),
        "html_pages": pages,
    }


PDF_CONTENDERS = ("no_pdf", "pdf_cold", "pdf_warm", "peer")
"""`d5site build --jobs N` without PDFs, with PDFs and an empty cache, with PDFs from the cache, the peer."""


def with_pdfs(site: Path, root: Path) -> Path:
    """A copy of the corpus site with the annual reports' PDFs turned on."""
    shutil.copytree(site, root, ignore=shutil.ignore_patterns(".cache"))
    text = (root / "mkdocs.yml").read_text("utf-8").replace("  - d5site\n", "  - d5site:\n      pdf: true\n")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    return root


def measure_pdfs(findings: int, runs: int, jobs: int = 2) -> dict[str, object]:
    """The PDFs' cost, apart from the build ratios (the peer prints none): `d5site build --jobs N` without PDFs, with
    them from an empty cache (every report printed), and again with the cache full (nothing changed, nothing printed)."""
    with tempfile.TemporaryDirectory(prefix="d5bench-pdf-") as tmp:
        base = Path(tmp)
        d5 = d5site_site(base / "d5site", findings)
        pdfs = with_pdfs(d5, base / "d5site-pdf")
        peer = peer_site(d5, base / "peer")
        cache = pdfs / ".cache"
        build_once(d5, base / "out-no_pdf", jobs)  # warm-up
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in PDF_CONTENDERS}
        for _ in range(runs):
            samples["no_pdf"].append(build_once(d5, base / "out-no_pdf", jobs))
            shutil.rmtree(cache, ignore_errors=True)
            samples["pdf_cold"].append(build_once(pdfs, base / "out-pdf_cold", jobs))
            samples["pdf_warm"].append(build_once(pdfs, base / "out-pdf_warm", jobs))
            samples["peer"].append(build_once(peer, base / "out-peer"))
        files = sorted((base / "out-pdf_cold").rglob("*.pdf"))
        sizes = [f.stat().st_size for f in files]
    med, entries = medians(samples)
    return {
        "findings": findings, "runs": runs, "jobs": jobs, "pdfs": len(files),
        "pdf_mib_total": round(sum(sizes) / 2**20, 2), "pdf_kib_largest": round(max(sizes, default=0) / 1024, 1),
        **entries,
        "pdf_cold_extra_seconds": round(med["pdf_cold"]["seconds"] - med["no_pdf"]["seconds"], 2),
        "pdf_warm_extra_seconds": round(med["pdf_warm"]["seconds"] - med["no_pdf"]["seconds"], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--sizes", help="comma-separated corpus sizes, e.g. 500,1000 (overrides --findings)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of d5site build (default 2)")
    parser.add_argument("--unstamped-every", type=int, default=0, metavar="N", help="leave every Nth finding's translations unstamped")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--out-dir", type=Path, help="write the sites and their builds there (e.g. /dev/shm: no disk writes; "
                                                       "default: the temporary folder)")
    parser.add_argument("--pdf", action="store_true",
                        help="measure the annual reports' PDFs instead: d5site build --jobs N without PDFs, with an empty "
                             "PDF cache and with a full one (needs Pango)")
    args = parser.parse_args(argv)
    if args.pdf:
        sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.findings]
        pdf_results = [measure_pdfs(size, args.runs, args.jobs) for size in sizes]
        print(json.dumps(pdf_results, indent=None if not args.json else 2))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.findings]
    print(f"uptime before: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}", file=sys.stderr)
    results = [measure(size, args.runs, args.jobs, args.unstamped_every, args.out_dir) for size in sizes]
    print(f"uptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        every = f" (every {r['unstamped_every']}th unstamped)" if r["unstamped_every"] else ""
        print(
            f"{r['findings']} findings x 3 locales{every}, "
            f"median of {r['runs']}: mkdocs build (d5site) {r['d5site_seconds']} s, d5site build --jobs {r['jobs']} {r['jobs_seconds']} s, "
            f"peer {r['peer_seconds']} s: ratios {r['d5site_time_ratio']} and {r['jobs_time_ratio']}; "
            f"CPU d5site {r['d5site_cpu_seconds']} s, peer {r['peer_cpu_seconds']} s (ratio {r['d5site_cpu_ratio']}; "
            f"user time alone {r['d5site_user_ratio']}); "
            f"peak memory d5site {r['d5site_peak_mib']} MiB, --jobs {r['jobs_peak_mib']} MiB, peer {r['peer_peak_mib']} MiB: "
            f"ratios {r['d5site_memory_ratio']} and {r['jobs_memory_ratio']}; "
            f"zensical --jobs {r['jobs']} {r['zensical_seconds']} s, {r['zensical_peak_mib']} MiB: "
            f"ratios {r['zensical_time_ratio']} and {r['zensical_memory_ratio']}; pages {r['html_pages']}; "
            f"seconds by run {r['seconds_by_run']}; load average before each run {r['load_by_run']}"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        factor = last["findings"] / first["findings"]
        print(f"growth {first['findings']} -> {last['findings']} findings ({factor:.1f}x): "
              + ", ".join(f"{name} x{last[name + '_seconds'] / first[name + '_seconds']:.2f}" for name in CONTENDERS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
