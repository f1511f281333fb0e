"""The extractive generator: an answer composed of the retrieved passages' own sentences.

No model writes anything, so nothing can be invented: sentences are scored for the question
(meaning + shared words + the passage's rank), de-duplicated, and a list introduced by a colon
brings its items along.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civassist.citing import DraftSentence, containment
from civassist.corpus.sentences import sentence_spans
from civassist.generation.base import Draft
from civassist.guard import addresses_assistant
from civassist.index.lexical import tokenize
from civassist.outline import heading_of, leading_outline
from civassist.similarity import SentenceSimilarity
from civassist.types import Passage


@dataclass(frozen=True)
class _Candidate:
    passage: int
    span: tuple[int, int]
    text: str
    score: float
    order: int


class ExtractiveGenerator:
    """Selects and orders the passages' sentences that answer the question."""

    name = "extractive"

    def __init__(
        self,
        similarity: SentenceSimilarity,
        max_sentences: int = 4,
        max_list_items: int = 6,
        relative_floor: float = 0.8,
    ) -> None:
        self.similarity = similarity
        self.max_sentences = max_sentences
        self.max_list_items = max_list_items
        self.relative_floor = relative_floor

    def candidates(self, question: str, passages: list[Passage]) -> list[_Candidate]:
        """Every quotable sentence of the passages, scored for the question."""
        spans: list[tuple[int, tuple[int, int]]] = []
        for index, passage in enumerate(passages):
            for span in sentence_spans(passage.text):
                text = passage.text[span[0] : span[1]]
                if span[0] == 0 and text == heading_of(passage):
                    continue  # a heading is quoted only in outline answers
                if len(text.split()) >= 4 and not addresses_assistant(text):
                    spans.append((index, span))
        if not spans:
            return []
        texts = [passages[i].text[a:b] for i, (a, b) in spans]
        dense = self.similarity.scores(question, texts)
        out = []
        for order, ((index, span), text, sim) in enumerate(zip(spans, texts, dense, strict=True)):
            passage = passages[index]
            lexical = containment(question, f"{passage.section} {text}")
            rank_prior = 1.0 / (passage.rank + 1)
            score = 0.6 * float(sim) + 0.3 * lexical + 0.1 * rank_prior
            out.append(_Candidate(index, span, text, score, order))
        return out

    def generate(self, question: str, passages: list[Passage]) -> Draft:
        lead = leading_outline(question, passages)
        if lead:
            return Draft(
                [
                    DraftSentence(heading_of(p), i, (0, len(heading_of(p))))
                    for i, p in enumerate(lead)
                ]
            )
        scored = self.candidates(question, passages)
        if not scored:
            return Draft([])
        ranked = sorted(scored, key=lambda c: -c.score)
        best = ranked[0].score
        chosen: list[_Candidate] = []
        for cand in ranked:
            if len(chosen) >= self.max_sentences or cand.score < best * self.relative_floor:
                break
            if any(_near_duplicate(cand.text, c.text) for c in chosen):
                continue
            chosen.append(cand)
        chosen = self._with_list_items(chosen, scored)
        # best sentence first, then the rest in reading order of their passages
        head, rest = chosen[0], sorted(chosen[1:], key=lambda c: (c.passage, c.span[0]))
        ordered = [head, *[c for c in rest if c is not head]]
        return Draft([DraftSentence(c.text, c.passage, c.span) for c in ordered])

    def _with_list_items(
        self, chosen: list[_Candidate], scored: list[_Candidate]
    ) -> list[_Candidate]:
        """A chosen sentence ending in ':' introduces a list: bring the items that follow it."""
        result = list(chosen)
        for intro in chosen:
            if not intro.text.rstrip().endswith(":"):
                continue
            followers = [
                c for c in scored if c.passage == intro.passage and c.span[0] > intro.span[1]
            ]
            items = _list_items(followers)
            for item in items[: self.max_list_items]:
                if all(item.span != c.span or item.passage != c.passage for c in result):
                    result.append(item)
        return result


_ITEM = re.compile(r"^(?:[-*+]\s+|\d+[.)]\s+)?[A-Z][^.:!?\n]{2,80}:\s")


def _list_items(followers: list[_Candidate]) -> list[_Candidate]:
    """The labelled items ("Label: text" or "- text") that follow a list intro, in order."""
    items: list[_Candidate] = []
    for cand in sorted(followers, key=lambda c: c.span[0]):
        if _ITEM.match(cand.text):
            items.append(cand)
        elif not items or "\n" in cand.text:
            break
    return items


def _near_duplicate(a: str, b: str) -> bool:
    words_a, words_b = set(tokenize(a)), set(tokenize(b))
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / min(len(words_a), len(words_b)) > 0.8
