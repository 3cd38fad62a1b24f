"""Run one build in this process and print its wall time, CPU time and peak memory as JSON.

    python _build_once.py mkdocs.yml SITE_DIR            # mkdocs build (every locale in this process)
    python _build_once.py mkdocs.yml SITE_DIR --jobs N   # d5site build --jobs N (one process per locale)
    python _build_once.py mkdocs.yml SITE_DIR --jobs N --engine zensical   # d5site build --engine zensical --jobs N

CPU time is user and system time; user time alone is the build's own computing,
without the kernel's work of writing and deleting files (which varies from run to run
with the disk). Peak memory is the largest resident set of any one process of the build: this
process for `mkdocs build`, the largest locale process for `d5site build`.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time


def main() -> None:
    config_file, site_dir = sys.argv[1], sys.argv[2]
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--jobs" else None
    engine = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--engine" else "mkdocs"
    logging.basicConfig(level=logging.ERROR)
    start = time.perf_counter()
    if jobs is None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        config = load_config(config_file, site_dir=site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    else:
        if engine == "zensical":
            from d5site.zensical.build import build_site
        else:
            from d5site.mkdocs.parallel import build_site

        outcome = build_site(config_file, site_dir=site_dir, jobs=jobs)
        if outcome.status != 0:
            print("\n".join(outcome.lines), file=sys.stderr)
            sys.exit(1)
    seconds = time.perf_counter() - start
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kib = max(me.ru_maxrss, children.ru_maxrss)
    user = me.ru_utime + children.ru_utime
    cpu = user + me.ru_stime + children.ru_stime
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "user_seconds": user, "peak_mib": peak_kib / 1024}))


if __name__ == "__main__":
    main()
