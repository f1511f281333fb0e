"""BM25 over the chunks (bm25s), with Snowball stemming and English stopwords."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

_DONE = "complete"
TOKENS_FILE = "bm25-tokens-1.json"  # a segment's tokens by chunk id; bump when tokenize() changes
_ARRAYS = ("data", "indices", "indptr")  # bm25s's saved score matrix: <name>.csc.index.npy
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


def cached_tokens(
    path: Path | None,
    texts: dict[str, str],
    known: Callable[[str, str], list[str] | None] = lambda _id, _text: None,
) -> dict[str, list[str]]:
    """The tokens of ``texts`` (id → text), read from ``path`` when saved there, else tokenized
    and saved (atomically; a read-only folder just skips saving). ``known(id, text)`` gives the
    tokens of a text already tokenized elsewhere (a record a merge moved from an older segment).

    A segment's records never change, so its tokens are worked out once: the BM25 index of a new
    generation then tokenizes only the segments it has not seen (an edit's new segment), not the
    whole corpus (tokenizing is about half of building BM25).
    """
    saved: dict[str, list[str]] = {}
    if path is not None and path.is_file():
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads(path.read_text(encoding="utf-8"))
    if all(i in saved for i in texts):
        return saved
    tokens = {
        i: saved[i] if i in saved else known(i, text) or tokenize(text) for i, text in texts.items()
    }
    if path is not None:
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(OSError):
            tmp.write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
    return tokens


class _Scores:
    """The BM25 score matrix as bm25s builds and saves it (CSC: one column of precomputed
    scores per term), scored with numpy alone, so that a reader that loads a saved index never
    imports bm25s (whose import pulls in scipy: ~0.4 s of a cold `civassist ask`)."""

    def __init__(
        self, data: Any, indices: Any, indptr: Any, vocab: dict[str, int], size: int
    ) -> None:
        self.data = data
        self.indices = indices
        self.indptr = indptr
        self.vocab = vocab
        self.size = size

    @classmethod
    def of(cls, bm25: Any, size: int) -> _Scores:
        scores = bm25.scores
        return cls(scores["data"], scores["indices"], scores["indptr"], bm25.vocab_dict, size)

    @classmethod
    def load(cls, folder: Path) -> _Scores:
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        data, indices, indptr = (
            np.load(folder / f"{name}.csc.index.npy", mmap_mode="r") for name in _ARRAYS
        )
        terms = {str(term): int(column) for term, column in vocab.items()}
        return cls(data, indices, indptr, terms, int(params["num_docs"]))

    def document_frequencies(self) -> dict[str, int]:
        counts = np.diff(np.asarray(self.indptr))
        return {  # bm25s may add an empty token to the vocabulary without a column
            term: int(counts[i])
            for term, i in self.vocab.items()
            if i < len(counts) and counts[i] > 0
        }

    def top(self, tokens: list[str], k: int) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """The ``k`` best documents and their scores, best first (as bm25s's ``retrieve``)."""
        scores = np.zeros(self.size, dtype=np.float32)
        for term in tokens:  # a repeated term counts again, as in bm25s
            column = self.vocab[term]
            start, end = int(self.indptr[column]), int(self.indptr[column + 1])
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        best = np.argpartition(scores, -k)[-k:]
        best = best[np.flip(np.argsort(scores[best]))]
        return best.astype(np.int64), scores[best]


def hyphen_parts(terms: Iterable[str]) -> set[str]:
    """The stemmed parts of the hyphenated ``terms``: "small-scal" gives "small", "scal"."""
    return {
        stem for term in terms if "-" in term for part in term.split("-") for stem in tokenize(part)
    }


class LexicalIndex:
    """An in-memory BM25 index over texts, built once per generation and kept on disk.

    ``open`` loads a saved index when there is one (memory-mapped), else builds it from the texts
    and saves it, so that only the first process to read a generation pays for tokenizing it.
    """

    def __init__(self, scores: _Scores, df: dict[str, int], bm25: Any = None) -> None:
        self._scores = scores
        self._size = scores.size
        self._df = df
        self._bm25 = bm25  # the bm25s object of a fresh build, kept to save it
        self._parts: frozenset[str] | None = None  # see knows()

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        return cls.build_tokenized([tokenize(t) for t in texts])

    @classmethod
    def build_tokenized(cls, tokenized: list[list[str]]) -> LexicalIndex:
        """The index of texts already passed through :func:`tokenize`."""
        import bm25s

        bm25 = bm25s.BM25()
        corpus = [tokens or ["∅"] for tokens in tokenized]
        df: Counter[str] = Counter(term for tokens in corpus for term in set(tokens))
        if not corpus:
            empty = np.zeros(1, dtype=np.int32)
            return cls(_Scores(empty[:0], empty[:0], empty, {}, 0), {}, bm25)
        bm25.index(corpus, show_progress=False)
        return cls(_Scores.of(bm25, len(corpus)), dict(df), bm25)

    @classmethod
    def open(cls, folder: Path | None, texts: Callable[[], list[str]]) -> LexicalIndex:
        """The index saved in ``folder``, or one built from ``texts()`` and saved there."""
        return cls.open_tokenized(folder, lambda: [tokenize(t) for t in texts()])

    @classmethod
    def open_tokenized(
        cls, folder: Path | None, tokenized: Callable[[], list[list[str]]]
    ) -> LexicalIndex:
        """Like :meth:`open`, from texts already tokenized (see :func:`cached_tokens`)."""
        if folder is not None and (folder / _DONE).is_file():
            with contextlib.suppress(Exception):  # unreadable: rebuild below
                return cls._load(folder)
        index = cls.build_tokenized(tokenized())
        if folder is not None and index._size:
            with contextlib.suppress(OSError):  # a read-only home still searches
                index._save(folder)
        return index

    @classmethod
    def _load(cls, folder: Path) -> LexicalIndex:
        scores = _Scores.load(folder)
        return cls(scores, scores.document_frequencies())

    def _save(self, folder: Path) -> None:
        """Save under a temporary name, then rename: readers see a whole index or none."""
        if self._bm25 is None:  # a loaded index is saved already
            return
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
        """Whether a (tokenized) term occurs in any indexed text, alone or as a part of a
        hyphenated word: "small" is in "small-scale farming households" (dev20, read
        2026-12-04: "how many small farm families …" was refused as never mentioning "small")."""
        return self._df.get(term, 0) > 0 or term in self._hyphen_parts()

    def _hyphen_parts(self) -> frozenset[str]:
        if self._parts is None:
            self._parts = frozenset(hyphen_parts(self._df))
        return self._parts

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position, score) of the best ``k`` texts with a positive score."""
        tokens = tokenize(query)
        if not tokens or not self._size:
            return []
        tokens = [t for t in tokens if t in self._scores.vocab]
        if not tokens:
            return []
        docs, scores = self._scores.top(tokens, min(k, self._size))
        return [(int(d), float(s)) for d, s in zip(docs, scores, strict=True) if s > 0]
