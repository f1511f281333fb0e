"""Measure the reader (civassist.generation.reader) against MiniLM cosine on the reference set.

For each question of evals/questions*.jsonl (deduplicated by text; follow-ups rewritten as the
answerer does): retrieve the top --k passages, split them into sentences, keep up to
--candidates of them (the ones most similar to the question by MiniLM cosine, in passage order),
and score every candidate with each scorer: ``cosine`` (MiniLM, the cheap baseline) and
``reader:<model>`` for each bundled model, with llama.cpp's prompt cache on (and, for the first
--nocache questions, off, to show what the cache saves). Reported per scorer:

- answerability: AUROC of the best candidate's score (answerable vs must_abstain), and the
  abstention recall / false-abstention rate at fixed thresholds and at the highest threshold whose
  false abstentions stay <= 3 % on this set (that one is tuned on this set: it is dev material);
- selection: whether the top-judged sentence matches a gold quote, the share of key facts in the
  top 1 and top 3 sentences, and against the candidate pool (the ceiling of any ranking);
- latency per question (p50/p95) and per candidate.

Run (the index is built in --home on first use; the models are assembled there once):
  PYTHONPATH=src .venv/bin/python bench/reader_eval.py --home /tmp/reader-home --limit 40 \
      --models qwen2.5-0.5b,qwen2.5-1.5b --out bench/results/reader-$(date +%F).json
  PYTHONPATH=src .venv/bin/python bench/reader_eval.py --table bench/results/reader-*.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civassist.assistant import Assistant
from civassist.condense import rewrite_followup, validate_history
from civassist.corpus.sentences import split_sentences
from civassist.evals.dataset import EvalQuestion, knowledge_texts, load_questions
from civassist.generation.llama_server import close_servers
from civassist.generation.reader import CompletionFn, ModelReader
from civassist.settings import Settings

THRESHOLDS = (0.3, 0.5, 0.7)


@dataclass
class Case:
    question: EvalQuestion
    query: str
    candidates: list[str]
    scores: dict[str, list[float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _norm(text: str) -> str:
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return " ".join(text.lower().split())


def _is_gold(sentence: str, quotes: list[str]) -> bool:
    s = _norm(sentence).strip("\"' ")
    for quote in quotes:
        q = _norm(quote).strip("\"' ")
        if q and (q in s or q[:60] in s or (len(s) >= 25 and s in q)):
            return True
    return False


def _facts(text: str, groups: list[list[str]]) -> float:
    if not groups:
        return 0.0
    t = _norm(text)
    return sum(any(_norm(alias) in t for alias in group) for group in groups) / len(groups)


def _auroc(positive: list[float], negative: list[float]) -> float | None:
    if not positive or not negative:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def select_questions(settings: Settings, limit: int, seed: int) -> list[EvalQuestion]:
    texts = knowledge_texts(settings.knowledge)
    files = sorted(settings.evals.glob("questions*.jsonl"))
    seen: set[str] = set()
    questions = []
    for q in (q for f in files for q in load_questions(f, texts)):
        if q.question.lower() not in seen:
            seen.add(q.question.lower())
            questions.append(q)
    if limit and limit < len(questions):
        rng = random.Random(seed)
        abstain = [q for q in questions if q.must_abstain]
        answer = [q for q in questions if not q.must_abstain]
        n_abstain = min(len(abstain), max(limit * len(abstain) // len(questions), limit // 4))
        questions = rng.sample(abstain, n_abstain) + rng.sample(answer, limit - n_abstain)
        rng.shuffle(questions)  # the no-cache re-run takes the first few: a mix of both
    return questions


def build_cases(assistant: Assistant, questions: list[EvalQuestion], k: int, n: int) -> list[Case]:
    cases = []
    for q in questions:
        query = q.question
        if q.history:
            query = rewrite_followup(q.question, validate_history(q.history))
        sentences: list[str] = []
        for passage in assistant.search(query, k=k).passages:
            for sentence in split_sentences(passage.text):
                if len(sentence.split()) >= 4 and sentence not in sentences:
                    sentences.append(sentence)
        if len(sentences) > n:
            scores = assistant.similarity.scores(query, sentences)
            keep = set(sorted(range(len(sentences)), key=lambda i: -float(scores[i]))[:n])
            sentences = [s for i, s in enumerate(sentences) if i in keep]
        cases.append(Case(q, query, sentences))
    return cases


def score_cosine(assistant: Assistant, cases: list[Case]) -> None:
    embedder = assistant.retriever.embedder
    for case in cases:
        started = time.perf_counter()
        vectors = embedder.embed_batch([case.query, *case.candidates])  # no cache: honest cost
        case.scores["cosine"] = [float(v) for v in vectors[1:] @ vectors[0]]
        case.seconds["cosine"] = time.perf_counter() - started


def score_reader(
    settings: Settings,
    model: str,
    cases: list[Case],
    nocache: int,
    log: list[dict[str, Any]],
    budget: float,
) -> None:
    reader = ModelReader.bundled(settings, model)
    inner = reader.complete

    def timed(body: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        reply = inner(body)
        timings = reply.get("timings", {})
        log.append({
            "scorer": f"reader:{model}", "cache": body["cache_prompt"],
            "seconds": time.perf_counter() - started,
            "prompt_n": timings.get("prompt_n"), "cache_n": timings.get("cache_n"),
        })  # fmt: skip
        return reply

    complete: CompletionFn = timed
    reader.complete = complete
    reader.judge("Warm-up question?", ["A warm-up sentence."])
    log.clear()
    deadline = time.monotonic() + budget
    for label, cache, subset in ((":nocache", False, cases[:nocache]), ("", True, cases)):
        reader.cache_prompt = cache
        for case in subset:
            if time.monotonic() > deadline:
                break  # out of time: the summary covers the questions scored so far
            started = time.perf_counter()
            case.scores[f"reader:{model}{label}"] = reader.judge(case.query, case.candidates)
            case.seconds[f"reader:{model}{label}"] = time.perf_counter() - started
            name = f"reader:{model}{label}"
            best = max(case.scores[name], default=0.0)
            print(f"{name} {case.question.id}: {case.seconds[name]:.1f} s, best {best:.2f}",
                  file=sys.stderr, flush=True)  # fmt: skip
    close_servers()


def summarise(cases: list[Case], scorer: str, log: list[dict[str, Any]]) -> dict[str, Any]:
    rows = [c for c in cases if scorer in c.scores and c.candidates]
    best = {id(c): max(c.scores[scorer]) for c in rows}
    answerable = [c for c in rows if not c.question.must_abstain]
    abstain = [c for c in rows if c.question.must_abstain]
    pos = [best[id(c)] for c in answerable]
    neg = [best[id(c)] for c in abstain]
    out: dict[str, Any] = {"questions": len(rows), "answerable": len(pos), "must_abstain": len(neg)}
    out["auroc"] = _auroc(pos, neg)

    def at(t: float) -> dict[str, float]:
        return {
            "threshold": round(t, 4),
            "abstention_recall": sum(s < t for s in neg) / len(neg) if neg else 0.0,
            "false_abstention": sum(s < t for s in pos) / len(pos) if pos else 0.0,
        }

    points = [at(t) for t in THRESHOLDS] if not scorer.startswith("cosine") else []
    ok = [t for t in sorted(set(pos)) if sum(s < t for s in pos) <= 0.03 * len(pos)]
    if ok:  # a subset with no answerable question (a short no-cache run) has no such threshold
        chosen = "highest with false abstention <= 3 % (on this set)"
        points.append({**at(max(ok)), "chosen": chosen})
    out["thresholds"] = points

    graded = [c for c in answerable if c.question.gold_quotes or c.question.key_facts]
    top1_gold = top1_useful = kf1 = kf3 = pool_gold = pool_kf = 0.0
    for c in graded:
        order = sorted(range(len(c.candidates)), key=lambda i: -c.scores[scorer][i])
        ranked = [c.candidates[i] for i in order]
        quotes, facts = c.question.gold_quotes, c.question.key_facts
        top1_gold += _is_gold(ranked[0], quotes)
        top1_useful += _is_gold(ranked[0], quotes) or _facts(ranked[0], facts) > 0
        kf1 += _facts(ranked[0], facts)
        kf3 += _facts(" ".join(ranked[:3]), facts)
        pool_gold += any(_is_gold(s, quotes) for s in ranked)
        pool_kf += _facts(" ".join(ranked), facts)
    g = max(len(graded), 1)
    out["selection"] = {
        "graded": len(graded),
        "top1_gold_quote": round(top1_gold / g, 3),
        "top1_gold_or_key_fact": round(top1_useful / g, 3),
        "key_facts_top1": round(kf1 / g, 3),
        "key_facts_top3": round(kf3 / g, 3),
        "pool_gold_quote": round(pool_gold / g, 3),
        "pool_key_facts": round(pool_kf / g, 3),
    }
    per_q = [c.seconds[scorer] * 1000 for c in rows]
    calls = [e for e in log if e["scorer"] == scorer.removesuffix(":nocache")]
    calls = [e for e in calls if e["cache"] == (not scorer.endswith(":nocache"))]
    out["latency_ms"] = {
        "per_question_p50": round(statistics.median(per_q), 1),
        "per_question_p95": round(_pct(per_q, 0.95), 1),
        "candidates_mean": round(statistics.mean(len(c.candidates) for c in rows), 1),
    }
    if calls:
        out["latency_ms"]["per_candidate_p50"] = round(
            statistics.median(e["seconds"] for e in calls) * 1000, 1
        )
        out["prompt_tokens_per_candidate"] = {
            "processed_mean": round(statistics.mean(e["prompt_n"] or 0 for e in calls), 1),
            "from_cache_mean": round(statistics.mean(e["cache_n"] or 0 for e in calls), 1),
        }
    return out


def table(paths: list[Path]) -> str:
    """A Markdown table of the summaries in result files of this script."""
    lines = [
        "| scorer | questions (ans/abst) | AUROC | abst. recall @ FA<=3% (t) | top-1 gold | "
        "key facts top-1 / top-3 (pool) | per question p50 / p95 | per candidate p50 (ms) | "
        "prompt tokens processed / cached |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for path in paths:
        for name, s in json.loads(path.read_text(encoding="utf-8"))["summary"].items():
            chosen, sel, lat = s["thresholds"][-1], s["selection"], s["latency_ms"]
            chosen = chosen if "chosen" in chosen else {"abstention_recall": 0.0, "threshold": 0}
            toks = s.get("prompt_tokens_per_candidate", {})
            auroc = "–" if s["auroc"] is None else f"{s['auroc']:.2f}"
            lines.append(
                f"| {name} | {s['questions']} ({s['answerable']}/{s['must_abstain']}) | {auroc} | "
                f"{chosen['abstention_recall']:.2f} ({chosen['threshold']:.2f}) | "
                f"{sel['top1_gold_quote']:.2f} | {sel['key_facts_top1']:.2f} / "
                f"{sel['key_facts_top3']:.2f} ({sel['pool_key_facts']:.2f}) | "
                f"{lat['per_question_p50']:.0f} / {lat['per_question_p95']:.0f} ms | "
                f"{lat.get('per_candidate_p50', '–')} | "
                f"{toks.get('processed_mean', '–')} / {toks.get('from_cache_mean', '–')} |"
            )
    return "\n".join(lines)


def main() -> None:
    if sys.argv[1:2] == ["--table"]:
        print(table([Path(p) for p in sys.argv[2:]]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a temp CIVASSIST_HOME")
    parser.add_argument("--models", default="qwen2.5-0.5b,qwen2.5-1.5b")
    parser.add_argument("--limit", type=int, default=40, help="0 = every question")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--candidates", type=int, default=12)
    parser.add_argument("--nocache", type=int, default=6, help="questions re-run without cache")
    parser.add_argument("--budget", type=float, default=3600.0, help="seconds per model")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    settings = Settings.load(home=args.home)
    assistant = Assistant(settings)
    if assistant.status().chunks == 0:
        assistant.ingest()
    questions = select_questions(settings, args.limit, args.seed)
    cases = build_cases(assistant, questions, args.k, args.candidates)
    score_cosine(assistant, cases)
    log: list[dict[str, Any]] = []
    calls: list[dict[str, Any]] = []
    scorers = ["cosine"]
    for model in filter(None, args.models.split(",")):
        score_reader(settings, model, cases, args.nocache, log, args.budget)
        calls.extend(log)
        scorers += [f"reader:{model}", f"reader:{model}:nocache"]
    report = {
        "config": {k: str(v) for k, v in vars(args).items()},
        "summary": {
            s: summarise(cases, s, calls) for s in scorers if any(s in c.scores for c in cases)
        },
        "cases": [
            {"id": c.question.id, "must_abstain": c.question.must_abstain, "query": c.query,
             "candidates": c.candidates,
             "scores": {s: [round(x, 4) for x in v] for s, v in c.scores.items()}}
            for c in cases
        ],
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report["summary"], indent=1))


if __name__ == "__main__":
    main()
