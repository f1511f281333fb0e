"""Prompt-injection guard: text that addresses the assistant is treated as data, never obeyed.

Knowledge sentences that look like instructions are never quoted as evidence; instruction
sentences in a question are dropped before retrieval (the rest of the question is answered).
"""

from __future__ import annotations

import re

from civassist.corpus.sentences import split_sentences

INSTRUCTION_LIKE = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instruction|prompt|source|rule|previous|above"
    r"|context|guideline)s?\b"
    r"|\b(system prompt|developer mode|unrestricted mode|jailbreak)\b"
    r"|\byou are (now )?(an? )?(ai|assistant|language model|chatbot|dan)\b"
    r"|\b(assistant|ai|model|chatbot)s?\b.{0,30}\b(must|should) (answer|say|respond|reply)\b"
    r"|^\s*(pretend|act as|roleplay)\b",
    re.IGNORECASE,
)


def is_instruction(text: str) -> bool:
    return bool(INSTRUCTION_LIKE.search(text))


def strip_instructions(question: str) -> tuple[str, bool]:
    """The question without its instruction-like sentences, and whether any were dropped.

    When every sentence looks like an instruction, the question is returned unchanged (it is
    then answered, or more likely abstained on, from the sources like any other).
    """
    sentences = split_sentences(question)
    kept = [s for s in sentences if not is_instruction(s)]
    if not kept or len(kept) == len(sentences):
        return question, False
    return " ".join(kept), True
