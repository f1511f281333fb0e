"""The benchmark's synthetic corpus is reproducible and has about one chunk per section."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from civassist.corpus.chunking import chunk_document
from civassist.corpus.loaders import load_document
from civassist.settings import PROJECT_ROOT
from civassist.tokens import TokenCounter

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
import synthetic_corpus


def test_the_same_seed_gives_the_same_files(tmp_path: Path) -> None:
    a = synthetic_corpus.build(PROJECT_ROOT / "knowledge", tmp_path / "a", 250, per_file=100)
    b = synthetic_corpus.build(PROJECT_ROOT / "knowledge", tmp_path / "b", 250, per_file=100)
    c = synthetic_corpus.build(PROJECT_ROOT / "knowledge", tmp_path / "c", 250, seed=7)
    assert [p.name for p in a.files] == ["dossier-00000.md", "dossier-00001.md", "dossier-00002.md"]
    assert [p.read_bytes() for p in a.files] == [p.read_bytes() for p in b.files]
    assert a.files[0].read_bytes() != c.files[0].read_bytes()


def test_sections_become_chunks_and_an_edit_changes_one_file(tmp_path: Path) -> None:
    corpus = synthetic_corpus.build(PROJECT_ROOT / "knowledge", tmp_path / "c", 120, per_file=60)
    counter = TokenCounter("cl100k_base", tmp_path / "cache")
    chunks = [
        c
        for path in corpus.files
        for c in chunk_document(load_document(path, path.name, 1_000_000), counter.count, 200)
    ]
    assert 120 <= len(chunks) <= 132, len(chunks)  # a title chunk per file, rarely a split section
    before = [p.read_bytes() for p in corpus.files]
    synthetic_corpus.edit_one_file(corpus.files[1], random.Random(1))
    after = [p.read_bytes() for p in corpus.files]
    assert before[0] == after[0] and before[1] != after[1]
