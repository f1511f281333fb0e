"""Score briefings on the reference topics, for one or several evidence-gathering settings.

Run: .venv/bin/python bench/briefing_eval.py [--briefings evals/briefings.jsonl]
         [--length standard] [--sweep] [--out DIR]

Each topic is briefed with the extractive generator and scored for
  coverage, support, precision, verbatim, sections, answered
                the metrics of `civassist eval --briefings` (civassist.evals.briefing_metrics,
                which says what each one means), computed on the typed briefing
  words         words in the briefing's sentences
  seconds       time per briefing once the process is warm (p50 / p95); the cold pass (model
                load, first embedding of each corpus sentence) is reported separately
Prints one JSON line per configuration; --out writes results.jsonl (one row per topic and
configuration) and summary.md there. The figures behind the defaults are in docs/briefings.md.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from statistics import fmean
from typing import Any

from civassist.assistant import Assistant
from civassist.briefing import Briefer, Briefing, BriefingPlan
from civassist.evals import metrics as m
from civassist.evals.briefing_metrics import BRIEFING_METRICS, coverage
from civassist.evals.catalog import Context
from civassist.evals.dataset import BriefingCase, load_briefings
from civassist.evals.runner import knowledge_files
from civassist.settings import PROJECT_ROOT, Settings

DEFAULT = BriefingPlan()
STANDARD = DEFAULT.lengths["standard"]
# One change at a time from the defaults. "no whole sections" is the narrow baseline: one query
# per aspect and per case, top-k passages only (case files and qualifying sections still read).
SWEEP: dict[str, BriefingPlan] = {
    "default": DEFAULT,
    "with sub-questions": replace(DEFAULT, sub_questions=True),
    "no whole sections": replace(DEFAULT, whole_sections=False),
    "passages_per_aspect=4": replace(DEFAULT, passages_per_aspect=4),
    "passages_per_aspect=12": replace(DEFAULT, passages_per_aspect=12),
    "relative_floor=0.5": replace(DEFAULT, relative_floor=0.5),
    "relative_floor=0.7": replace(DEFAULT, relative_floor=0.7),
    "section_match=0.35": replace(DEFAULT, section_match=0.35),
    "section_match=0.55": replace(DEFAULT, section_match=0.55),
    "case_similarity=0.35": replace(DEFAULT, case_similarity=0.35),
    "case_similarity=0.55": replace(DEFAULT, case_similarity=0.55),
    "case_facts=3": replace(
        DEFAULT,
        lengths={**DEFAULT.lengths, "standard": replace(STANDARD, case_facts=3)},
    ),
    "key_points=5": replace(
        DEFAULT, lengths={**DEFAULT.lengths, "standard": replace(STANDARD, key_points=5)}
    ),
    "key_points=9": replace(
        DEFAULT, lengths={**DEFAULT.lengths, "standard": replace(STANDARD, key_points=9)}
    ),
    "key_points=3, caveats=3": replace(
        DEFAULT,
        lengths={**DEFAULT.lengths, "standard": replace(STANDARD, key_points=3, caveats=3)},
    ),
    "case_facts=3, caveats=6": replace(
        DEFAULT,
        lengths={**DEFAULT.lengths, "standard": replace(STANDARD, case_facts=3, caveats=6)},
    ),
}


def score(case: BriefingCase, briefing: Briefing, files: dict[str, str]) -> dict[str, Any]:
    """The eval's briefing metrics (civassist.evals.briefing_metrics) plus sizes."""
    context = Context(files)
    values = {}
    for metric in BRIEFING_METRICS:
        result = metric.score(case, briefing, context)
        values[metric.name] = None if result is None else result.value
    covered = coverage(case, briefing, context).reason
    return {
        "abstained": briefing.abstained,
        **values,
        "missing": covered.split("missing: ", 1)[1].split(", ") if "missing: " in covered else [],
        "words": len(briefing.body().split()),
        "sentences": sum(1 for _ in briefing.sentences()),
        "citations": len(briefing.citations),
    }


def percentile(values: list[float], q: float) -> float:
    return m.percentile(values, q)


def run(
    assistant: Assistant, plan: BriefingPlan, cases: list[BriefingCase], length: str
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    files = knowledge_files(assistant.settings.knowledge)
    briefer = Briefer(assistant, plan)
    rows = []
    for case in cases:
        started = time.perf_counter()
        briefing = briefer.brief(case.topic, length=length)
        seconds = time.perf_counter() - started
        rows.append({"id": case.id, "topic": case.topic, "seconds": seconds,
                     **score(case, briefing, files)})  # fmt: skip
    summary: dict[str, Any] = {}
    for name in ("coverage", "support", "precision", "verbatim", "sections", "words"):
        values = [r[name] for r in rows if r[name] is not None and not r["abstained"]]
        summary[name] = round(fmean(values), 3) if values else None
    times = [r["seconds"] for r in rows]
    summary["abstained"] = sum(1 for r in rows if r["abstained"])
    summary["seconds_p50"] = round(percentile(times, 0.5), 3)
    summary["seconds_p95"] = round(percentile(times, 0.95), 3)
    return rows, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefings", type=Path, default=PROJECT_ROOT / "evals/briefings.jsonl")
    parser.add_argument("--length", choices=["short", "standard"], default="standard")
    parser.add_argument("--sweep", action="store_true", help="Try the SWEEP configurations.")
    parser.add_argument("--out", type=Path, default=None, help="Write results.jsonl here.")
    parser.add_argument("--only", nargs="+", default=None, help="Sweep only these configurations.")
    args = parser.parse_args()
    cases = load_briefings(args.briefings)
    home = Path(tempfile.mkdtemp(prefix="civassist-briefing-eval-"))
    assistant = Assistant(Settings.load(home=home, knowledge=PROJECT_ROOT / "knowledge"))
    assistant.ingest()
    # A cold pass first: the first briefing of a process loads the embedding model, and each
    # corpus sentence is embedded once and then cached; the timed passes measure the warm state.
    cold = []
    for case in cases:
        started = time.perf_counter()
        Briefer(assistant).brief(case.topic, length=args.length)
        cold.append(time.perf_counter() - started)
    print(json.dumps({"cold_first_s": round(cold[0], 2), "cold_total_s": round(sum(cold), 2)}))
    plans = SWEEP if args.sweep else {"default": DEFAULT}
    if args.only:
        plans = {name: SWEEP[name] for name in args.only}
    all_rows = []
    lines = ["| configuration | coverage | support | sections | words | p50 s | p95 s |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, plan in plans.items():
        rows, summary = run(assistant, plan, cases, args.length)
        all_rows += [{"config": name, **r} for r in rows]
        print(json.dumps({"config": name, "length": args.length, **summary}), flush=True)
        lines.append(
            f"| {name} | {summary['coverage']} | {summary['support']} | {summary['sections']} "
            f"| {summary['words']} | {summary['seconds_p50']} | {summary['seconds_p95']} |"
        )
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        with (args.out / "results.jsonl").open("w", encoding="utf-8") as out:
            for row in all_rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        plan_text = json.dumps(asdict(DEFAULT), default=dict, indent=2)
        summary_md = "\n".join(lines) + f"\n\nDefault plan:\n\n```json\n{plan_text}\n```\n"
        (args.out / "summary.md").write_text(summary_md, encoding="utf-8")


if __name__ == "__main__":
    main()
