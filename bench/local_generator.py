"""Measure the ``local`` generator: time to the first token, to the full draft, and the checks.

Each question goes through ``Assistant.ask_stream(question, generator="local")``, i.e. the real
pipeline: retrieval, the prompt streamed through the in-process llama.cpp server, then the
support check of every drafted sentence. From the events' timestamps:

- ``first_token_s``: from the call to the first model token (retrieval + prompt processing);
- ``draft_s``: from the call to the last model token;
- ``check_ms``: from the last token to the checked answer (parsing, citation search and checks);
- ``prompt_tokens``: the numbered sources' length in the model's own tokens (the server's count);
  the prompt's fixed instructions (~200 tokens) come on top, cached by llama.cpp after the first
  request, as is any prefix of sources shared with the previous question.

Quality, roughly: whether the answer abstained, the share of each question's key facts found in
the checked answer, and how many drafted sentences survived the support check.

Run: .venv/bin/python bench/local_generator.py [--model qwen2.5-0.5b] [--threads 2]
(uses the index in CIVASSIST_HOME, ingesting knowledge/ first if needed). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import urllib.request
from pathlib import Path
from typing import Any

from civassist.answering import focused
from civassist.assistant import Assistant
from civassist.errors import BackendUnavailable
from civassist.generation.llm import LLMGenerator, source_blocks
from civassist.generation.reader import http_completion
from civassist.question import frame
from civassist.settings import Settings

ROOT = Path(__file__).resolve().parents[1]

# (question, key facts: each a list of acceptable spellings), from the paper's own sections.
QUESTIONS: list[tuple[str, list[list[str]]]] = [
    (
        "When and where did South-South cooperation originate, according to the paper?",
        [["mid-20th century", "mid 20th century"], ["asia"], ["africa"], ["latin america"]],
    ),
    (
        "What concept is the Global Civilization Initiative based on?",
        [["community of shared future", "shared future"]],
    ),
    (
        "At which levels does the paper propose building civilizational dialogue mechanisms?",
        [["government"], ["academic"], ["civil society"]],
    ),
    (
        "Which global problems does the paper describe as becoming increasingly prominent?",
        [["climate change"], ["wealth gap"], ["pandemic"]],
    ),
    (
        "What does the paper describe as the core of South-South cooperation?",
        [["political trust"], ["mutual assistance"], ["technological exchange"]],
    ),
    (
        "What major challenges does South-South cooperation face?",
        [["uneven", "unequal"], ["institution"], ["cultural"], ["global governance"]],
    ),
    (
        "Why can economic interests alone not sustain South-South cooperation?",
        [["difficult to sustain", "sustain"], ["mutual learning", "civilizational exchange"]],
    ),
    (
        "Should developing countries keep away from North-South cooperation, in the paper's view?",
        [["isolation"], ["north-south"], ["complement"]],
    ),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 3),
        "p95": round(percentile(values, 0.95), 3),
        "max": round(max(values), 3),
    }


def prompt_tokens(address: str, text: str) -> int | None:
    """The length of ``text`` in the served model's tokens (llama.cpp's /tokenize)."""
    request = urllib.request.Request(
        f"{address}/tokenize",
        data=json.dumps({"content": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return len(json.loads(response.read())["tokens"])
    except OSError:
        return None


def prompt_rate(address: str, words: int = 250) -> dict[str, float] | None:
    """The server's own prompt-processing rate on a fresh prompt of paper text (no cached
    prefix), from llama.cpp's ``timings``: the hardware bound on the time to the first token."""
    text = " ".join((ROOT / "knowledge" / "paper.md").read_text(encoding="utf-8").split()[:words])
    body = {
        "messages": [{"role": "user", "content": f"{time.time()} {text}"}],
        "max_tokens": 1,
        "temperature": 0,
        "cache_prompt": False,
    }
    try:
        timings = http_completion(f"{address}/v1", timeout=300)(body).get("timings", {})
    except BackendUnavailable:
        return None
    if not timings.get("prompt_n"):
        return None
    return {
        "prompt_tokens": timings["prompt_n"],
        "tokens_per_s": round(float(timings["prompt_per_second"]), 1),
    }


def ask(assistant: Assistant, question: str, facts: list[list[str]]) -> dict[str, Any]:
    started = time.perf_counter()
    first = last = None
    draft = ""
    answer = None
    for event in assistant.ask_stream(question, generator="local"):
        now = time.perf_counter()
        if event.kind == "token":
            first = first or now
            last = now
            draft += event.text
        elif event.kind == "final":
            answer = event.answer
    done = time.perf_counter()
    assert answer is not None
    text = answer.answer.lower()
    found = [any(s in text for s in spellings) for spellings in facts]
    generator = assistant.generator("local")
    assert isinstance(generator, LLMGenerator)
    try:
        drafted = len(generator.parse(draft).sentences)
    except BackendUnavailable:
        drafted = 0  # unusable output: the answer fell back to extractive
    return {
        "question": question,
        "generator": answer.generator,
        "abstained": answer.abstained,
        "first_token_s": round((first or done) - started, 3),
        "draft_s": round((last or done) - started, 3),
        "check_ms": round((done - (last or done)) * 1000, 1),
        "total_s": round(done - started, 3),
        "draft_chars": len(draft),
        "drafted_sentences": drafted,
        "kept_sentences": sum(1 for s in answer.sentences if s.supported),
        "key_facts_found": round(sum(found) / len(found), 3),
        "notice": answer.notice,
        "draft": draft.strip(),
        "answer": answer.answer,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="local model (default: the settings')")
    parser.add_argument("--threads", type=int, help="llama.cpp threads")
    parser.add_argument("--source-chars", type=int, help="passage text shown to the model")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    parser.add_argument("--brief", action="store_true", help="leave drafts out of the output")
    args = parser.parse_args()
    settings = Settings.load(
        local_model=args.model, local_threads=args.threads, llm_source_chars=args.source_chars
    )
    assistant = Assistant(settings)
    if assistant.status().chunks == 0:
        assistant.ingest()
    assistant.search("warm up the retriever")

    started = time.perf_counter()
    generator = assistant.generator("local")  # assemble the model and start the server
    startup_s = time.perf_counter() - started
    base_url = str(getattr(getattr(generator, "chat_model", None), "openai_api_base", ""))
    address = base_url.removesuffix("/v1")

    load_before = os.getloadavg()[1]
    rate = prompt_rate(address) if address else None
    rows = []
    for question, facts in QUESTIONS[: args.questions]:
        row = ask(assistant, question, facts)
        if address and isinstance(generator, LLMGenerator):
            passages = assistant.search(question).passages
            if settings.llm_focus_sentences:  # what the model reads: the best sentences only
                reader = assistant._get_answerer().reader
                scored = reader.candidates(frame(question), passages)
                passages = focused(passages, scored, settings.llm_focus_sentences)
            sources = "\n\n".join(source_blocks(passages, settings.llm_source_chars))
            row["prompt_tokens"] = prompt_tokens(address, sources)
        rows.append(row)

    answered = [r for r in rows if not r["abstained"] and r["generator"] == "local"]
    report = {
        "model": settings.local_model,
        "threads": settings.local_threads,
        "source_chars": settings.llm_source_chars,
        "focus_sentences": settings.llm_focus_sentences,
        "max_tokens": settings.llm_max_tokens,
        "startup_s": round(startup_s, 2),
        "prompt_processing": rate,
        # other processes competing for the cores slow llama.cpp down a lot: report the load
        "load_average_5min": [round(load_before, 2), round(os.getloadavg()[1], 2)],
        "questions": len(rows),
        "first_token_s": summary([r["first_token_s"] for r in rows]),
        "draft_s": summary([r["draft_s"] for r in rows]),
        "check_ms": summary([r["check_ms"] for r in rows]),
        "total_s": summary([r["total_s"] for r in rows]),
        "sources_tokens_p50": statistics.median(
            [r["prompt_tokens"] for r in rows if r.get("prompt_tokens")] or [0]
        ),
        "answered_by_model": len(answered),
        "fell_back": sum(1 for r in rows if r["generator"] != "local"),
        "abstained": sum(1 for r in rows if r["abstained"]),
        "key_facts_found_mean": round(statistics.mean(r["key_facts_found"] for r in rows), 3),
        # of the sentences the model drafted (answers it wrote itself), how many the check kept
        "sentences_kept_of_drafted": [
            sum(r["kept_sentences"] for r in answered),
            sum(r["drafted_sentences"] for r in answered),
        ],
        "rows": [
            {k: v for k, v in r.items() if not (args.brief and k in ("draft", "answer"))}
            for r in rows
        ],
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
