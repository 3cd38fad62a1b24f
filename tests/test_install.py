"""The README's install works without any package index: a wheel built from a clean clone installs offline and runs.

The wheel is built with hatchling (the build backend in pyproject.toml, one of the test extras) without build isolation,
installed with `--no-index --no-deps` into a fresh venv that borrows d5site's dependencies from this interpreter's
site-packages (a `.pth` line), then `d5site --version`, `d5site init` and `mkdocs build --strict` run from that venv.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

from d5site import __version__

REPO = Path(__file__).resolve().parents[1]


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_a_wheel_from_a_clean_clone_installs_offline_and_builds_a_first_site(tmp_path: Path) -> None:
    assert importlib.util.find_spec("hatchling"), "hatchling, a test extra, is missing: ./scripts/test installs the test extras"
    clone = tmp_path / "clone"
    ok(run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)], tmp_path))
    ok(
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                str(tmp_path / "dist"),
                str(clone),
            ],
            tmp_path,
        )
    )
    wheel = next((tmp_path / "dist").glob("d5site-*.whl"))

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site_packages = Path(ok(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path)).strip())
    dependencies = [entry for entry in sys.path if entry.endswith("site-packages")]  # this interpreter's, after the venv's own
    (site_packages / "dependencies.pth").write_text("".join(f"{entry}\n" for entry in dependencies), "utf-8")
    ok(run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-index", "--no-deps", str(wheel)], tmp_path))

    where = ok(run([str(python), "-c", "import d5site; print(d5site.__file__)"], tmp_path))
    assert where.startswith(str(site_packages)), where  # the wheel's copy, not this checkout's
    assert ok(run([str(env_dir / "bin" / "d5site"), "--version"], tmp_path)).strip() == f"d5site {__version__}"
    ok(run([str(env_dir / "bin" / "d5site"), "init", "site"], tmp_path))
    ok(run([str(env_dir / "bin" / "d5site"), "check"], tmp_path / "site"))
    ok(run([str(python), "-m", "mkdocs", "build", "--strict"], tmp_path / "site"))
    assert (tmp_path / "site" / "site" / "fr" / "index.html").is_file()
