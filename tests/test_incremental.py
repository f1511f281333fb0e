"""Incremental ingest against the real model and embedded Chroma: equal to a full rebuild."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from civassist.index import lexical
from civassist.index.embedding import Embedder
from civassist.index.lexical import LexicalIndex, tokenize
from civassist.index.snapshot import IndexFiles
from civassist.ingest import ingest
from civassist.retrieval import HybridRetriever
from civassist.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.e2e

QUERIES = [
    "Who founded AGRA?",
    "AGRA funding by the Gates Foundation",
    "Where is the SELA Permanent Secretariat?",
    "What does the Global Civilization Initiative propose?",
    "Kofi Annan chair",
    "okapi migration annex",
]


def view(retriever: HybridRetriever) -> tuple[list[dict[str, Any]], list[list[tuple[Any, ...]]]]:
    """Everything a reader serves: the chunks in order and the ranked hits of every query."""
    chunks = [c.to_dict() for c in retriever.chunks()]
    results = [
        [
            (h.passage.id, h.passage.rank, h.passage.score, round(h.dense, 4), round(h.lexical, 4))
            for h in retriever.search(q, k=8).hits
        ]
        for q in QUERIES
    ]
    return chunks, results


def _edit(path: Path, old: str, new: str) -> Callable[[], None]:
    def step() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return step


def test_incremental_updates_equal_a_full_rebuild(
    tmp_path: Path, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("civassist.ingest.MAX_SEGMENTS", 2)  # merge segments often
    knowledge = knowledge_copy / "cases"
    for name in ("aiib.md", "south-south-milestones.md"):  # a small corpus: three files
        (knowledge / name).unlink()
    originals = {p.name: p.read_text(encoding="utf-8") for p in knowledge.glob("*.md")}
    embedder = Embedder()
    live = Settings.load(home=tmp_path / "live", knowledge=knowledge)
    ingest(live, embedder=embedder)
    reader = HybridRetriever(live, embedder)  # one long-lived reader follows every switch
    view(reader)

    steps: list[Callable[[], None]] = [
        _edit(knowledge / "agra.md", "founded by Kofi", "founded, it says, by Kofi"),  # shifts
        lambda: (knowledge / "sela.md").unlink(),
        lambda: (knowledge / "okapi.md").write_text(
            "# Okapi\n\nThe okapi migration annex lists forest corridors.\n", encoding="utf-8"
        ),
        _edit(knowledge / "global-civilization-initiative.md", "the", "the the"),
        lambda: (knowledge / "agra.md").write_text(originals["agra.md"], encoding="utf-8"),
        lambda: (knowledge / "sela.md").write_text(originals["sela.md"], encoding="utf-8"),
    ]
    for number, step in enumerate(steps):
        step()
        report = ingest(live, embedder=embedder)
        assert report.changed, number
        fresh = Settings.load(home=tmp_path / f"fresh-{number}", knowledge=knowledge)
        ingest(fresh, embedder=embedder)
        expected = view(HybridRetriever(fresh, embedder))
        assert view(reader) == expected, f"after step {number}"
        assert view(HybridRetriever(live, embedder)) == expected, f"after step {number}"
        assert len(reader.snapshot().manifest.segments) <= 2
        shutil.rmtree(fresh.home)

    # what is on disk is exactly the live generation, its previous one and their segments
    files = IndexFiles(live.index_dir)
    manifest = reader.snapshot().manifest
    previous = reader.catalog.read(manifest.previous or "")
    assert set(files.generations()) == {manifest.generation, previous.generation}
    assert set(files.segment_folders()) == set(manifest.segments) | set(previous.segments)


def _never() -> list[str]:
    raise AssertionError("the saved BM25 index was rebuilt instead of loaded")


def test_a_saved_bm25_index_scores_like_a_fresh_one(tmp_path: Path) -> None:
    texts = [
        "The okapi lives in the Ituri forest.",
        "AGRA was founded in 2006 to support African farmers.",
        "",
        "Farmers and farms: the forest okapi and the farm.",
    ]
    built = LexicalIndex.open(tmp_path / "bm25", lambda: texts)
    assert (tmp_path / "bm25" / "complete").is_file()
    loaded = LexicalIndex.open(tmp_path / "bm25", _never)
    assert loaded.search("okapi forest", 4)
    for query in ("okapi forest", "farmers", "AGRA 2006", "unknown words"):
        assert loaded.search(query, 4) == built.search(query, 4)
    for term in ("okapi", "farmer", "forest", "zebra"):
        assert loaded.idf(term) == built.idf(term) and loaded.knows(term) == built.knows(term)


def test_bm25_scores_and_order_match_bm25s_own_retrieval(tmp_path: Path) -> None:
    """Searching uses numpy over bm25s's saved matrix; it must rank exactly as bm25s does."""
    import bm25s

    paragraphs = (PROJECT_ROOT / "knowledge" / "paper.md").read_text(encoding="utf-8").split("\n\n")
    texts = [p for p in paragraphs if p.strip()]
    built = LexicalIndex.open(tmp_path / "bm25", lambda: texts)
    loaded = LexicalIndex.open(tmp_path / "bm25", _never)
    reference = bm25s.BM25()
    reference.index([tokenize(t) or ["∅"] for t in texts], show_progress=False)
    queries = ("civilization diversity", "South-South cooperation cooperation", "the of", "AGRA")
    for query in queries:
        tokens = [t for t in tokenize(query) if t in reference.vocab_dict]
        expected = []
        if tokens:
            docs, scores = reference.retrieve([tokens], k=10, show_progress=False, n_threads=1)
            expected = [
                (int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0
            ]
        assert built.search(query, 10) == expected
        assert loaded.search(query, 10) == expected


def test_a_new_generation_tokenizes_only_its_new_segment_for_bm25(
    tmp_path: Path, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    knowledge = knowledge_copy / "cases"
    settings = Settings.load(home=tmp_path / "home", knowledge=knowledge)
    embedder = Embedder()
    ingest(settings, embedder=embedder)
    HybridRetriever(settings, embedder).search("Who founded AGRA?")  # tokenizes every segment
    _edit(knowledge / "agra.md", "founded by Kofi", "founded, it says, by Kofi")()
    report = ingest(settings, embedder=embedder)
    tokenized: list[str] = []
    real = lexical.tokenize
    monkeypatch.setattr(lexical, "tokenize", lambda text: tokenized.append(text) or real(text))
    reader = HybridRetriever(settings, embedder)  # a new process's reader, saved tokens on disk
    hits = reader.search("Who founded AGRA?").hits
    new_segment = reader.snapshot().documents["agra.md"].segment
    in_new_segment = reader.snapshot().manifest.segments[new_segment]
    assert report.updated == ["agra.md"] and hits
    assert 0 < len(tokenized) - 1 <= in_new_segment  # the query itself is tokenized once
