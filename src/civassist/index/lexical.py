"""BM25 over the chunks (bm25s), with Snowball stemming and English stopwords."""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_DONE = "complete"
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
# A short list: BM25's idf already discounts common words; these only add noise to short queries.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "about",
        "also",
        "not",
        "no",
        "paper",
        "say",
        "says",
        "said",
        "tell",
        "me",
        "please",
        "according",
    ]
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lowercased, stopword-free, stemmed word tokens."""
    words = [w.lower() for w in _WORD.findall(text)]
    words = [w.replace("'", "") for w in words if w not in STOPWORDS]
    stems: list[str] = _stemmer().stemWords(words)
    return stems


def idf(document_frequency: int, documents: int) -> float:
    """BM25-style inverse document frequency; an unseen term gets the highest weight."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


class LexicalIndex:
    """An in-memory BM25 index over texts, built once per generation and kept on disk.

    ``open`` loads a saved index when there is one (memory-mapped), else builds it from the texts
    and saves it, so that only the first process to read a generation pays for tokenizing it.
    """

    def __init__(self, bm25: Any, size: int, df: dict[str, int]) -> None:
        self._bm25 = bm25
        self._size = size
        self._df = df

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        import bm25s

        bm25 = bm25s.BM25()
        corpus = [tokenize(t) or ["∅"] for t in texts]
        df: Counter[str] = Counter(term for tokens in corpus for term in set(tokens))
        if texts:
            bm25.index(corpus, show_progress=False)
        return cls(bm25, len(texts), dict(df))

    @classmethod
    def open(cls, folder: Path | None, texts: Callable[[], list[str]]) -> LexicalIndex:
        """The index saved in ``folder``, or one built from ``texts()`` and saved there."""
        if folder is not None and (folder / _DONE).is_file():
            with contextlib.suppress(Exception):  # unreadable: rebuild below
                return cls._load(folder)
        index = cls.build(texts())
        if folder is not None and index._size:
            with contextlib.suppress(OSError):  # a read-only home still searches
                index._save(folder)
        return index

    @classmethod
    def _load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        bm25 = bm25s.BM25.load(str(folder), mmap=True, load_corpus=False)
        size = int(bm25.scores["num_docs"])
        indptr = np.asarray(bm25.scores["indptr"])
        counts = np.diff(indptr)
        df = {  # bm25s may add an empty token to the vocabulary without a column
            term: int(counts[i])
            for term, i in bm25.vocab_dict.items()
            if i < len(counts) and counts[i] > 0
        }
        return cls(bm25, size, df)

    def _save(self, folder: Path) -> None:
        """Save under a temporary name, then rename: readers see a whole index or none."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = folder.parent / f".{folder.name}.{os.getpid()}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        self._bm25.save(str(tmp), show_progress=False)
        (tmp / _DONE).write_text("ok\n", encoding="utf-8")
        try:
            os.rename(tmp, folder)
        except OSError:  # another reader saved it first
            shutil.rmtree(tmp, ignore_errors=True)

    def idf(self, term: str) -> float:
        """Inverse document frequency of a (tokenized) term over the indexed texts."""
        return idf(self._df.get(term, 0), self._size)

    def knows(self, term: str) -> bool:
        """Whether a (tokenized) term occurs in any indexed text."""
        return self._df.get(term, 0) > 0

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position, score) of the best ``k`` texts with a positive score."""
        tokens = tokenize(query)
        if not tokens or not self._size:
            return []
        # bm25s raises on tokens it has never seen; keep only known ones
        vocab = self._bm25.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        docs, scores = self._bm25.retrieve(
            [tokens], k=min(k, self._size), show_progress=False, n_threads=1
        )
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]
