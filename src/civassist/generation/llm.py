"""Generators that ask a chat model: ``local`` (the bundled llama.cpp server) and ``openai``.

The model sees the question and the top passages as numbered sources and is asked to end each
sentence with its source number. Nothing it writes is trusted: its sentences become a draft
whose citations are found and checked in code (see citing), its ``[n]`` markers only a hint.
A server that is down, slow or talking nonsense raises BackendUnavailable, and the answerer
falls back to the extractive generator.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from civassist.citing import DraftSentence, strip_markers
from civassist.condense import Turn
from civassist.corpus.sentences import sentence_spans, split_sentences
from civassist.errors import BackendUnavailable
from civassist.generation.base import Draft
from civassist.guard import addresses_assistant
from civassist.prompts import Prompt, PromptError, load_prompt
from civassist.types import Passage

NOT_IN_SOURCES = "NOT IN SOURCES"
MAX_ANSWER_CHARS = 3000
MAX_QUESTION_CHARS = 300

_SOURCE_WORD = re.compile(r"\[\s*(?:sources?|ref(?:erence)?)\s*(?=\d)", re.I)
_FIRST_MARKER = re.compile(r"\[(\d+)(?:\s*[,;]\s*\d+)*\]")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+")
_PREAMBLE = re.compile(r"^\s*(?:answer|response)\s*(?:\([^)]*\))?\s*:\s*", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_ENDS_SENTENCE = re.compile(r"[.!?:;\])\"'”’]\s*$")
_HEADER_ECHO = re.compile(r"^[ \t]*\[\d+\][ \t]*\([^\n]*\)[ \t]*$", re.M)  # "[1] (title › section)"
_STUTTER = re.compile(r"\b([^\W\d_].{3,79}?)(?:[\s,;.]*\1){2,}", re.S)  # "X, X, X"
_REWRITE_LABEL = re.compile(r"^\s*(?:standalone|rewritten)?\s*question\s*:\s*", re.I)


class LLMGenerator:
    """Drafts answers with a LangChain chat model; its output is parsed, never trusted.

    Args:
        name: the generator's name (``local`` or ``openai``), shown with each answer.
        chat_model: any LangChain chat model (an OpenAI-compatible client in practice).
        prompts_dir: the folder holding ``answer.prompt`` and ``condense.prompt``.
        timeout: seconds a streamed answer may take in all before it is abandoned.
        source_chars: the most passage text shown to the model (prompt processing dominates
            the time to the first token on a CPU); the first passage is always shown.
    """

    def __init__(
        self,
        name: str,
        chat_model: BaseChatModel,
        prompts_dir: Path,
        timeout: float | None = None,
        source_chars: int = 3000,
    ) -> None:
        self.name = name
        self.chat_model = chat_model
        self.timeout = timeout
        self.source_chars = source_chars
        self._answer_prompt = _template(load_prompt(prompts_dir, "answer"))
        self._answer = self._answer_prompt | chat_model | StrOutputParser()
        self._condense = (
            _template(load_prompt(prompts_dir, "condense")) | chat_model | StrOutputParser()
        )
        self._shown = threading.local()  # what the last prompt of this thread showed the model

    def generate(self, question: str, passages: list[Passage]) -> Draft:
        """A draft answer to ``question`` from ``passages``; [] when the model finds none."""
        if not passages:
            return Draft([])
        with self._backend_errors():
            text = self._answer.invoke(self._answer_values(question, passages))
        return self.parse(text)

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        """The model's raw answer text as it is produced (parse it with :meth:`parse`)."""
        if not passages:
            return
        messages = self._answer_prompt.invoke(self._answer_values(question, passages))
        started = time.monotonic()
        # The model's own stream, not the chain's: closing a RunnableSequence's stream drains it
        # to the end, while closing this one drops the connection and the server stops at once.
        chunks = self.chat_model.stream(messages)
        with self._backend_errors(), closing(cast(Generator[AIMessageChunk], chunks)):
            for chunk in chunks:
                if chunk.text:
                    yield chunk.text
                if self.timeout is not None and time.monotonic() - started > self.timeout:
                    raise BackendUnavailable(
                        f"the model took longer than {self.timeout:g} s to answer"
                    )

    def parse(self, text: str, sources: int | None = None) -> Draft:
        """The draft in the model's ``text``: one sentence each, its first ``[n]`` as a hint.

        ``sources`` is how many sources the model saw (default: as many as in the last prompt
        this thread sent); a marker beyond them gives no hint. Echoes of the sources' headers
        and headings are not answer sentences and are dropped.

        Raises:
            BackendUnavailable: the text is empty, has no words, is too long, repeats itself or
                only echoes the sources' headers.
        """
        raw = text
        if sources is None:
            sources = getattr(self._shown, "count", None)
        headings: frozenset[str] = getattr(self._shown, "headings", frozenset())
        text = _HEADER_ECHO.sub("", _SOURCE_WORD.sub("[", text.strip())).strip()
        if text and NOT_IN_SOURCES in text.upper():
            return Draft([], raw=raw)
        if _unusable(text):
            raise BackendUnavailable("the model returned unusable output")
        # a chat model does not wrap its lines: each line ends a sentence, heading or item
        pieces = [p for line in _PREAMBLE.sub("", text).splitlines() for p in split_sentences(line)]
        if len(pieces) > 1 and not _ENDS_SENTENCE.search(pieces[-1]):
            pieces = pieces[:-1]  # cut off by the token limit
        texts: list[str] = []
        hints: list[int | None] = []
        for piece in pieces:
            leading = _LEADING_MARKERS.match(piece)
            if leading and texts and hints[-1] is None:
                # "... cooperation. [2] Next sentence": the marker closes the previous sentence
                hints[-1] = _hint(leading.group(0), sources)
                piece = piece[leading.end() :]
            body = _BULLET.sub("", strip_markers(piece)).strip()
            if re.search(r"[^\W\d_]", body) and _words(body) not in headings:
                texts.append(body)
                hints.append(_hint(piece, sources))
        if not texts:  # only echoes of the sources' headers
            raise BackendUnavailable("the model returned unusable output")
        sentences = [DraftSentence(t, hint) for t, hint in zip(texts, hints, strict=True)]
        return Draft(sentences, raw=raw)

    def condense(self, question: str, turns: list[Turn]) -> str:
        """``question`` rewritten to stand alone, given the conversation ``turns``.

        Raises:
            BackendUnavailable: the model is unreachable or its rewrite is unusable (the
                answerer then uses the deterministic rewrite).
        """
        history = "\n".join(f"{t.role}: {_brief(t.content)}" for t in turns)
        with self._backend_errors():
            text = self._condense.invoke({"history": history, "question": question})
        line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
        line = _REWRITE_LABEL.sub("", line).strip().strip("\"'“”").strip()
        if not line or len(line) > MAX_QUESTION_CHARS or not re.search(r"[^\W\d_]", line):
            raise BackendUnavailable("the model's rewrite of the follow-up was unusable")
        return line

    def _answer_values(self, question: str, passages: list[Passage]) -> dict[str, str]:
        blocks = source_blocks(passages, self.source_chars)
        self._shown.count = len(blocks)
        self._shown.headings = frozenset(
            _words(name)
            for p in passages[: len(blocks)]
            for name in (p.title, *p.section.split(" › "))
        )
        return {"question": question, "sources": "\n\n".join(blocks)}

    @contextmanager
    def _backend_errors(self) -> Iterator[None]:
        """Turn the client's transport and HTTP errors into BackendUnavailable."""
        try:
            yield
        except BackendUnavailable:
            raise
        except Exception as exc:
            reason = _describe(exc, getattr(self.chat_model, "openai_api_base", None))
            if reason is None:
                raise
            raise BackendUnavailable(reason) from exc


def _template(prompt: Prompt) -> ChatPromptTemplate:
    """The prompt file as a chat template whose variables are the ones the file declares."""
    template = ChatPromptTemplate.from_messages(list(prompt.messages))
    if set(template.input_variables) != prompt.variables:
        raise PromptError(
            f"prompt {prompt.name!r}: template variables {sorted(template.input_variables)} "
            f"differ from the declared {sorted(prompt.variables)}"
        )
    return template


def source_blocks(passages: list[Passage], budget: int) -> list[str]:
    """Numbered source blocks ``[n] (title › section)`` + text, up to ``budget`` characters."""
    blocks: list[str] = []
    used = 0
    for number, passage in enumerate(passages, start=1):
        if not passage.text.strip():
            continue  # focused away (answering.focused): its number stays, so hints still match
        place = f"{passage.title} › {passage.section}" if passage.section else passage.title
        block = f"[{number}] ({place})\n{_without_instructions(passage.text).strip()}"
        if blocks and used + len(block) > budget:
            break
        blocks.append(block)
        used += len(block)
    return blocks


def _without_instructions(text: str) -> str:
    """The passage minus sentences addressed to an assistant (they are data, not orders)."""
    cut = [(a, b) for a, b in sentence_spans(text) if addresses_assistant(text[a:b])]
    for a, b in reversed(cut):
        text = text[:a] + text[b:]
    return text


def _hint(text: str, sources: int | None) -> int | None:
    """The passage index of the first ``[n]`` in ``text``, when it names a shown source."""
    match = _FIRST_MARKER.search(text)
    if match is None:
        return None
    index = int(match.group(1)) - 1
    if index < 0 or (sources is not None and index >= sources):
        return None
    return index


def _words(text: str) -> str:
    """``text`` lower-cased, without a leading "2." or "II." and without punctuation."""
    text = re.sub(r"^\s*(?:\d+|[IVXLC]+)[.)]\s+", "", text.strip())
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def _unusable(text: str) -> bool:
    """Empty, wordless, overlong or looping output."""
    if not text or len(text) > MAX_ANSWER_CHARS or not re.search(r"[^\W\d_]", text):
        return True
    words = text.lower().split()
    trigrams = list(zip(words, words[1:], words[2:], strict=False))
    if len(trigrams) >= 24 and len(set(trigrams)) / len(trigrams) < 0.5:
        return True
    if _STUTTER.search(text):
        return True
    # citation markers are not sentences: "… [2]" three times is three sources, not a loop
    sentences = (" ".join(strip_markers(s).lower().split()) for s in split_sentences(text))
    repeats = Counter(s for s in sentences if re.search(r"[^\W\d_]", s))
    return bool(repeats) and max(repeats.values()) >= 3


def _brief(content: str, limit: int = 400) -> str:
    """An earlier turn, shortened: its start names the subject, the rest only costs time."""
    text = " ".join(strip_markers(content).split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _describe(exc: Exception, endpoint: str | None) -> str | None:
    """A short reason for a transport or HTTP failure of the model client, else None."""
    import httpx
    import openai

    where = f" at {endpoint}" if endpoint else ""
    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        return f"the model server{where} did not answer in time"
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError | ConnectionError):
        return f"cannot reach the model server{where}"
    if isinstance(exc, openai.APIStatusError):
        return f"the model server{where} answered HTTP {exc.status_code}"
    if isinstance(exc, openai.APIError | httpx.HTTPError):
        return f"the model server{where} failed: {exc}"
    return None
