"""Citations checked in code: every answer sentence is matched to a verbatim supporting quote.

A sentence is kept only when a retrieved passage supports it: enough of its content words occur
in the quote (or its meaning is close), and every number, year and proper name in it occurs in
the cited passage. Citations are numbered from 1 in order of first appearance.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from civassist.corpus.sentences import sentence_spans
from civassist.guard import addresses_assistant
from civassist.index.lexical import tokenize
from civassist.types import AnswerSentence, Citation, Passage

_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?%?")
# A possessive "'s" is not part of the name: "Xi's" names Xi (dev5, 2026-12-03: the notice
# said "The cited passages do not mention Xi's" of passages naming Xi Jinping).
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+|'(?!s\b)[A-Z]?[a-z]+)*|[A-Z]{2,}[a-z]?)\b")
_MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
# Capitalised words that are not names: sentence openers and function words.
_NOT_NAMES = frozenset(
    """The A An In On At By For From To Of And Or But With As It Its This That These Those They
    Their There Here We Our You Your He She His Her Since Under Through Within Without While When
    Where Which Who What Why How Yes No Not Also However Moreover Furthermore Finally First Second
    Third Both Each Every Some Many Most Several According Despite Although Because If Then Thus
    So Such Per Into Over After Before During Between Among Note Overall Instead Rather""".split()
)


@dataclass(frozen=True)
class DraftSentence:
    """A sentence a generator proposes, with the passage span it was taken from, if known."""

    text: str
    passage: int | None = None  # index into the retrieved passages
    span: tuple[int, int] | None = None  # quote offsets within that passage's text


@dataclass(frozen=True)
class Support:
    passage: int
    span: tuple[int, int]
    score: float


def strip_markers(text: str) -> str:
    """Remove ``[n]`` markers a model may have written."""
    return _MARKER.sub("", text).strip()


def normalise_number(token: str) -> str:
    return token.replace(",", "").rstrip("%").rstrip(".")


def facts_of(sentence: str) -> set[str]:
    """Numbers and proper names in ``sentence`` that its citation must contain."""
    facts = {normalise_number(m.group(0)) for m in _NUMBER.finditer(sentence)}
    for match in _NAME.finditer(sentence):
        word = match.group(0)
        if word not in _NOT_NAMES:
            facts.add(word)
    return {f for f in facts if f}


def missing_facts(sentence: str, passage_text: str) -> list[str]:
    """The facts of ``sentence`` that do not occur in ``passage_text``."""
    numbers = {normalise_number(m.group(0)) for m in _NUMBER.finditer(passage_text)}
    missing = []
    for fact in sorted(facts_of(sentence)):
        if fact[0].isdigit():
            if fact not in numbers:
                missing.append(fact)
        elif fact not in passage_text and fact.lower() not in passage_text.lower():
            missing.append(fact)
    return missing


def containment(sentence: str, quote: str) -> float:
    """Share of the sentence's content words (stemmed) that occur in the quote."""
    words = set(tokenize(sentence))
    if not words:
        return 0.0
    return len(words & set(tokenize(quote))) / len(words)


def _candidate_spans(text: str) -> list[tuple[int, int]]:
    """Each sentence of a passage, and each pair of adjacent sentences.

    A sentence addressed to the assistant is never a quote, alone or in a pair.
    """
    spans = [s for s in sentence_spans(text) if not addresses_assistant(text[s[0] : s[1]])]
    pairs = [(a[0], b[1]) for a, b in itertools.pairwise(spans) if text[a[1] : b[0]].isspace()]
    return spans + pairs


def _quotable(text: str) -> str:
    """The passage without its sentences addressed to the assistant: they vouch for no fact."""
    for a, b in reversed(sentence_spans(text)):
        if addresses_assistant(text[a:b]):
            text = text[:a] + text[b:]
    return text


def find_support(
    sentence: str,
    passages: list[Passage],
    similarity: Callable[[str, list[str]], NDArray[np.float32]],
    min_score: float,
) -> tuple[Support | None, str]:
    """The best supporting quote for ``sentence`` among ``passages``, or None and the reason."""
    candidates: list[tuple[int, tuple[int, int]]] = []
    for index, passage in enumerate(passages):
        candidates.extend((index, span) for span in _candidate_spans(passage.text))
    if not candidates:
        return None, "no passages"
    texts = [passages[i].text[a:b] for i, (a, b) in candidates]
    lexical = np.array([containment(sentence, t) for t in texts], dtype=np.float32)
    dense = similarity(sentence, texts)
    scores = 0.5 * lexical + 0.5 * dense
    best_reason = "no passage supports it"
    for position in np.argsort(-scores)[:8]:
        index, span = candidates[int(position)]
        score = float(scores[position])
        if score < min_score:
            break
        missing = missing_facts(sentence, _quotable(passages[index].text))
        if missing:
            best_reason = f"not in the cited passage: {', '.join(missing)}"
            continue
        return Support(index, span, score), ""
    return None, best_reason


def number_citations(
    drafts: list[tuple[str, list[Support]]], passages: list[Passage]
) -> tuple[list[AnswerSentence], list[Citation]]:
    """Number citations by first appearance; one citation per distinct (passage, quote)."""
    citations: list[Citation] = []
    ids: dict[tuple[str, int, int], int] = {}
    sentences: list[AnswerSentence] = []
    for text, supports in drafts:
        numbers: list[int] = []
        for support in supports:
            passage = passages[support.passage]
            key = (passage.id, *support.span)
            if key not in ids:
                ids[key] = len(citations) + 1
                citations.append(
                    Citation(
                        id=ids[key],
                        source=passage.source,
                        title=passage.title,
                        section=passage.section,
                        passage=passage.text,
                        quote=passage.text[support.span[0] : support.span[1]],
                        start=passage.start,
                        end=passage.end,
                    )
                )
            if ids[key] not in numbers:
                numbers.append(ids[key])
        sentences.append(AnswerSentence(text, tuple(numbers)))
    return sentences, citations


def render(sentences: list[AnswerSentence]) -> str:
    """The answer text with ``[n]`` markers after each sentence."""
    out = ""
    for sentence in sentences:
        marks = "".join(f"[{n}]" for n in sentence.citations)
        text = sentence.text
        if not sentence.supported:
            piece = f"(unsupported: {sentence.reason}) {text}"
        elif text[-1:] in ".!?:;" and marks:
            piece = f"{text[:-1]} {marks}{text[-1]}"
        else:
            piece = f"{text} {marks}".strip()
        if text[-1:] not in ".!?:;\"'”’)":  # a heading or list item: one per line
            out += f"\n- {piece}"
        else:
            out += f" {piece}" if out else piece
    return out.strip()
