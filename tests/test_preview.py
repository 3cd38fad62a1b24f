"""`d5site serve --locale L [--dirty]`: a preview of one locale that shows a save without rebuilding every
locale; with --dirty, generated pages whose Markdown did not change are not rebuilt. (Latency is measured
in benchmarks/bench_preview.py, never here.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitetree import make_site


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, OSError):
        return 0, ""


def _until(url: str, text: str, deadline: float) -> str:
    while time.monotonic() < deadline:
        status, body = _get(url)
        if status == 200 and text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed {text!r}")


def test_serve_one_locale_dirty_shows_a_save(tmp_path: Path) -> None:
    root = make_site(tmp_path, stamp=True)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "d5site", "serve", "--locale", "fr", "--dirty", "-a", f"127.0.0.1:{port}",
                               "--config", str(root / "mkdocs.yml")], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        page = f"{base}/fr/findings/2014/shared-code/"
        _until(page, "</html>", time.monotonic() + 300)
        # One locale only: the other locales' pages are not built.
        assert _get(f"{base}/ko/findings/2014/shared-code/")[0] == 404
        assert _get(f"{base}/findings/2014/shared-code/")[0] == 404
        translation = root / "findings" / "2014" / "shared-code.fr.md"
        translation.write_text(translation.read_text("utf-8") + "\nUne phrase ajoutée pendant l'aperçu.\n", "utf-8")
        _until(page, "Une phrase ajoutée pendant l", time.monotonic() + 300)
        # The year page lists the finding by title only: a body edit leaves its Markdown, so its HTML, as it was.
        year = f"{base}/fr/findings/2014/"
        assert _get(year)[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    text = (tmp_path / "serve.log").read_text("utf-8")
    assert "Traceback" not in text
    assert "Building 'fr' documentation" in text and "Building 'ko' documentation" not in text


def test_dirty_rebuild_skips_generated_pages_that_did_not_change(tmp_path: Path) -> None:
    root = make_site(tmp_path, stamp=True)
    code = r"""
import logging, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from d5site.mkdocs.plugin import D5sitePlugin
logging.basicConfig(level=logging.ERROR)
D5sitePlugin.preview_locale = "fr"
root, out = Path(sys.argv[1]), Path(sys.argv[2])
def once():
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
once()
finding, year = out / "fr/findings/2014/shared-code/index.html", out / "fr/findings/2014/index.html"
members = out / "fr/members/index.html"
for path in (finding, year, members):
    os.utime(path, (1, 1))
translation = root / "findings/2014/shared-code.fr.md"
translation.write_text(translation.read_text("utf-8").replace("\n---\n", "\n---\nUne phrase de plus.\n\n", 1), "utf-8")
once()
changed = [os.path.getmtime(path) > 1 for path in (finding, year, members)]
print(*changed, "Une phrase de plus." in finding.read_text("utf-8"))
"""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(root), str(tmp_path / "out")], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False", "True"], result.stdout + result.stderr


def test_serve_an_unknown_locale_is_one_message(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "d5site", "serve", "--locale", "xx", "-a", f"127.0.0.1:{_free_port()}",
                             "--config", str(root / "mkdocs.yml")], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 1
    assert "'xx'" in result.stderr and "Traceback" not in result.stderr
