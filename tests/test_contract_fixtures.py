"""Content accepted under an earlier contract keeps building: each frozen site of tests/fixtures/ passes
`d5site check`, builds with `mkdocs build --strict`, and every URL its build wrote then still exists."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from htmlutil import build_site, check_site

FIXTURES = Path(__file__).parent / "fixtures"
CONTRACTS = sorted(p.name for p in FIXTURES.iterdir() if (p / "URLS.txt").is_file())


def recorded_urls(folder: Path) -> list[str]:
    """The URLs of a fixture's URLS.txt (comments and blank lines left out)."""
    lines = (folder / "URLS.txt").read_text("utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def served_file(site: Path, url: str) -> Path:
    """The file a static host serves for `url` ('/fr/findings/' -> fr/findings/index.html)."""
    path = url.lstrip("/")
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def test_there_is_a_fixture_per_contract_since_v2() -> None:
    assert "contract-v2" in CONTRACTS
    assert len(recorded_urls(FIXTURES / "contract-v2")) > 200


@pytest.mark.parametrize("contract", CONTRACTS)
def test_a_frozen_site_still_checks_builds_and_keeps_its_urls(contract: str, tmp_path: Path) -> None:
    root = tmp_path / contract
    shutil.copytree(FIXTURES / contract, root, ignore=shutil.ignore_patterns("URLS.txt"))
    checked = check_site(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = build_site(root)
    assert built.returncode == 0, built.stdout + built.stderr
    missing = [url for url in recorded_urls(FIXTURES / contract) if not served_file(root / "site", url).is_file()]
    assert not missing, f"{contract}: {len(missing)} URLs of URLS.txt no longer exist: {missing[:20]}"
