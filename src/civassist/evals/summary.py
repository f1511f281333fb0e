"""From per-question rows to summary.json: means, 95 % intervals, per kind and per split."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import fmean
from typing import Any

from civassist.evals.dataset import SPLITS
from civassist.evals.intervals import interval, wilson
from civassist.evals.metrics import percentile

Row = dict[str, Any]


def _means(rows: Sequence[Row], names: Sequence[str]) -> dict[str, float]:
    out = {}
    for name in names:
        values = [r["metrics"][name] for r in rows if r["metrics"].get(name) is not None]
        if values:
            out[name] = round(fmean(values), 4)
    return out


def _abstention(rows: Sequence[Row]) -> dict[str, tuple[float, int]]:
    """Set-level abstention figures as (successes, n): precision, recall, answered share."""
    abstained = [r for r in rows if r["result"].get("abstained")]
    should = [r for r in rows if r["must_abstain"]]
    answerable = [r for r in rows if not r["must_abstain"]]
    caught = sum(1 for r in abstained if r["must_abstain"])
    out = {
        "abstention_precision": (caught, len(abstained)),
        "abstention_recall": (caught, len(should)),
        "answerable_answered": (sum(1 for r in answerable if not r["result"].get("abstained")),
                                len(answerable)),
    }  # fmt: skip
    # Today's convention: with nothing to measure, abstention precision and recall are 1.0.
    return {k: v for k, v in out.items() if v[1] or k != "answerable_answered"}


def figures(rows: Sequence[Row], names: Sequence[str], answers: bool = True) -> dict[str, Any]:
    """Overall means (for answers, with set-level abstention figures) and 95 % intervals."""
    overall: dict[str, float] = _means(rows, names)
    intervals: dict[str, tuple[float, float]] = {}
    for name in overall:
        intervals[name] = interval([r["metrics"][name] for r in rows
                                    if r["metrics"].get(name) is not None])  # fmt: skip
    if answers:
        for name, (hits, n) in _abstention(rows).items():
            overall[name] = round(hits / n, 4) if n else 1.0
            low, high = wilson(hits, n)
            intervals[name] = (round(low, 3), round(high, 3))
    return {"n": len(rows), "overall": overall, "intervals": intervals}


def _per_kind(rows: Sequence[Row], names: Sequence[str]) -> dict[str, Any]:
    kinds = sorted({r["kind"] for r in rows})
    out = {}
    for kind in kinds:
        subset = [r for r in rows if r["kind"] == kind]
        out[kind] = {"n": len(subset), **_means(subset, names)}
    return out


def _splits(rows: Sequence[Row], names: Sequence[str]) -> dict[str, Any]:
    out = {}
    for split in SPLITS:
        subset = [r for r in rows if r.get("split") == split]
        if subset:
            out[split] = {**figures(subset, names), "per_kind": _per_kind(subset, names)}
    return out


def summarise(rows: Sequence[Row], names: Sequence[str]) -> dict[str, Any]:
    """The summary of a run over ``rows`` for the metrics ``names``."""
    retrieve = [r["result"]["timings_ms"].get("retrieve", 0.0) for r in rows]
    total = [r["result"]["timings_ms"].get("total", 0.0) for r in rows]
    overall = figures(rows, names)
    return {
        "questions": len(rows),
        "errors": sum(1 for r in rows if "error" in r["result"]),
        "generator": next(
            (r["result"].get("generator") for r in rows if r["result"].get("generator")), None
        ),
        "metrics": list(names),
        "overall": overall["overall"],
        "intervals": overall["intervals"],
        "per_kind": _per_kind(rows, names),
        "splits": _splits(rows, names),
        "latency_ms": {
            "retrieve_p50": round(percentile(retrieve, 0.5), 2),
            "retrieve_p95": round(percentile(retrieve, 0.95), 2),
            "answer_p50": round(percentile(total, 0.5), 2),
            "answer_p95": round(percentile(total, 0.95), 2),
        },
    }


def summarise_briefings(rows: Sequence[Row], names: Sequence[str]) -> dict[str, Any]:
    """The ``briefings`` section of a summary: means, intervals, splits, abstentions, time."""
    seconds = [r["seconds"] for r in rows]
    overall = figures(rows, names, answers=False)
    splits = {}
    for split in SPLITS:
        subset = [r for r in rows if r.get("split") == split]
        if subset:
            splits[split] = figures(subset, names, answers=False)
    return {
        "briefings": len(rows),
        "metrics": list(names),
        "overall": overall["overall"],
        "intervals": overall["intervals"],
        "splits": splits,
        "abstained": sum(1 for r in rows if r["abstained"]),
        "seconds_p50": round(percentile(seconds, 0.5), 3),
        "seconds_p95": round(percentile(seconds, 0.95), 3),
    }
