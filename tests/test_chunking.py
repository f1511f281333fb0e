"""Chunks are verbatim spans of their documents, within the token budget, with section paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from civassist.corpus.chunking import chunk_document
from civassist.corpus.loaders import SUPPORTED_SUFFIXES, load_document
from civassist.corpus.sentences import split_sentences
from civassist.settings import Settings
from civassist.tokens import TokenCounter

from .conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def counter(tmp_path_factory: pytest.TempPathFactory) -> TokenCounter:
    return TokenCounter("cl100k_base", tmp_path_factory.mktemp("cache"))


def _knowledge_files() -> list[Path]:
    return sorted(p for p in KNOWLEDGE.rglob("*") if p.suffix in SUPPORTED_SUFFIXES)


@pytest.mark.parametrize("max_tokens", [60, 200, 400])
def test_every_chunk_is_verbatim_in_its_file(counter: TokenCounter, max_tokens: int) -> None:
    for path in _knowledge_files():
        source = path.relative_to(KNOWLEDGE).as_posix()
        doc = load_document(path, source, 1_000_000)
        file_text = path.read_text(encoding="utf-8")
        chunks = chunk_document(doc, counter.count, max_tokens)
        assert chunks, source
        for chunk in chunks:
            assert file_text[chunk.start : chunk.end] == chunk.text
            assert chunk.text == chunk.text.strip()
            assert counter.count(chunk.text) <= max_tokens
        assert len({c.id for c in chunks}) == len(chunks)


def test_paper_sections_are_paths(counter: TokenCounter) -> None:
    doc = load_document(KNOWLEDGE / "paper.md", "paper.md", 1_000_000)
    chunks = chunk_document(doc, counter.count, 200)
    sections = {c.section for c in chunks}
    assert (
        "II. The Evolution and Challenges of South-South Cooperation › 2. Major Challenges"
        in sections
    )
    assert "Introduction" in sections and "Conclusion" in sections
    challenges = [c for c in chunks if c.section.endswith("2. Major Challenges")]
    assert any("Uneven Resources and Capabilities" in c.text for c in challenges)
    # no chunk crosses a section: a chunk never contains a heading line
    assert not any("\n#" in c.text for c in chunks)


def test_ids_are_stable_and_content_addressed(counter: TokenCounter, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# A\n\nOne paragraph.\n\n## B\n\nTwo paragraph.\n")
    first = chunk_document(load_document(path, "a.md", 10_000), counter.count, 200)
    again = chunk_document(load_document(path, "a.md", 10_000), counter.count, 200)
    assert [c.id for c in first] == [c.id for c in again]
    path.write_text("# A\n\nOne paragraph, edited.\n\n## B\n\nTwo paragraph.\n")
    edited = chunk_document(load_document(path, "a.md", 10_000), counter.count, 200)
    assert edited[0].id != first[0].id and edited[1].id == first[1].id
    assert first[0].id.startswith("a.md#")


def test_overlong_paragraph_splits_by_sentence_then_words(
    counter: TokenCounter, tmp_path: Path
) -> None:
    sentence = "South-South cooperation needs durable institutions and shared rules. "
    long_run_on = "word " * 300
    path = tmp_path / "long.md"
    path.write_text("# Long\n\n" + sentence * 30 + "\n\n" + long_run_on + "\n")
    doc = load_document(path, "long.md", 100_000)
    chunks = chunk_document(doc, counter.count, 50)
    assert len(chunks) > 10
    for chunk in chunks:
        assert counter.count(chunk.text) <= 50
        assert doc.text[chunk.start : chunk.end] == chunk.text
    covered = "".join(c.text for c in chunks).replace(" ", "")
    assert covered == doc.text.split("\n\n", 1)[1].replace(" ", "").replace("\n", "")


def test_sentence_splitting_keeps_abbreviations() -> None:
    text = 'The U.S. did not join. AIIB opened in 2016, e.g. in Beijing. "Quoted." Next one!'
    assert split_sentences(text) == [
        "The U.S. did not join.",
        "AIIB opened in 2016, e.g. in Beijing.",
        '"Quoted."',
        "Next one!",
    ]


def test_token_counter_is_offline(tmp_path: Path) -> None:
    settings = Settings.load(home=tmp_path / "h")
    tokens = TokenCounter(settings.encoding, settings.cache_dir)
    assert tokens.count("South-South cooperation") > 2
    assert any((settings.cache_dir / "tiktoken").iterdir())
