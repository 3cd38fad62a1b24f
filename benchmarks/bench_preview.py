"""Preview latency: save a finding, time until the served page shows the change.

    python benchmarks/bench_preview.py [--findings 1000] [--runs 3] [--modes locale-dirty,locale,all]

For each mode, starts a development server on the synthetic corpus
(benchmarks/corpus.py) and waits for its first build; then, `runs` times,
appends a unique sentence to one finding's French translation and polls the
French page over HTTP until the sentence is there. Reports the median seconds
from the save to the first response that shows it. Modes:

- `locale-dirty`: `d5site serve --locale fr --dirty`
- `locale`: `d5site serve --locale fr`
- `all`: `mkdocs serve` (every locale rebuilt on each save)
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

HERE = Path(__file__).resolve().parent

COMMANDS = {
    "locale-dirty": ["-m", "d5site", "serve", "--locale", "fr", "--dirty"],
    "locale": ["-m", "d5site", "serve", "--locale", "fr"],
    "all": ["-m", "mkdocs", "serve", "--no-livereload"],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, deadline: float) -> float | None:
    """Poll every 50 ms until `url` contains `text`; the time it did, or None at the deadline."""
    while time.monotonic() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return time.monotonic()
        time.sleep(0.05)
    return None


def measure(root: Path, mode: str, runs: int) -> dict[str, object]:
    port = free_port()
    argv = [sys.executable, *COMMANDS[mode], "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    if mode == "all":
        argv = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = open(root / f"serve-{mode}.log", "w")  # closed below
    server = subprocess.Popen(argv, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    finding = sorted((root / "findings" / "2018").glob("finding-*.fr.md"))[0]
    fid = finding.name[: -len(".fr.md")]
    url = f"http://127.0.0.1:{port}/fr/findings/2018/{fid}/"
    original = finding.read_text("utf-8")
    latencies: list[float] = []
    try:
        start = time.monotonic()
        if wait_for(url, "</html>", start + 900) is None:
            raise SystemExit(f"{mode}: the server did not serve {url}; see {log.name}")
        first_build = time.monotonic() - start
        time.sleep(2)
        for run in range(runs):
            marker = f"Marqueur {mode} {run} {time.time_ns()}"
            saved = time.monotonic()
            finding.write_text(original + f"\n{marker}\n", "utf-8")
            seen = wait_for(url, marker, saved + 300)
            if seen is None:
                raise SystemExit(f"{mode}: the edit never appeared at {url}; see {log.name}")
            latencies.append(seen - saved)
            time.sleep(3)  # let the server settle (a second rebuild may follow the first)
    finally:
        finding.write_text(original, "utf-8")
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return {"mode": mode, "first_build_s": round(first_build, 1), "latencies_s": [round(x, 2) for x in latencies],
            "median_s": round(statistics.median(latencies), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default="locale-dirty,locale,all")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="d5preview-") as tmp:
        root = Path(tmp) / "site"
        generate(root, findings=args.findings)
        for mode in args.modes.split(","):
            load = os.getloadavg()
            result = measure(root, mode, args.runs)
            result["load_before"] = [round(x, 2) for x in load]
            results.append(result)
            if not args.json:
                print(f"{mode}: save -> visible median {result['median_s']} s (runs {result['latencies_s']}; "
                      f"first build {result['first_build_s']} s; load average before {result['load_before'][0]})", flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
