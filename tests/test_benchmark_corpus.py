"""The benchmark corpus stays a valid site: benchmarks/corpus.py must follow every content rule the core adds."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from d5site.core.site import load_from_config_file

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_a_small_generated_corpus_passes_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))  # as the benchmark scripts import it
    corpus = importlib.import_module("corpus")
    corpus.generate(tmp_path, 40, unstamped_every=3)
    loaded = load_from_config_file(tmp_path / "mkdocs.yml")
    assert [d.text() for d in loaded.diagnostics] == []
    assert len(loaded.content.findings) == 40
    assert loaded.content.themes  # the findings' themes come from the generated vocabulary
