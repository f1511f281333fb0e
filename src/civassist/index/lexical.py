"""BM25 over the chunks (bm25s), with Snowball stemming and English stopwords."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

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
    """An in-memory BM25 index over texts; rebuilt from the chunk list when the index loads."""

    def __init__(self, texts: list[str]) -> None:
        import bm25s

        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(t) or ["∅"] for t in texts]
        self._df: Counter[str] = Counter(term for tokens in corpus for term in set(tokens))
        if texts:
            self._bm25.index(corpus, show_progress=False)

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
