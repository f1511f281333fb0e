"""The briefing metrics, listed once, like the answer metrics in :mod:`civassist.evals.catalog`.

coverage   share of the topic's key points (any alternative) in the lowercased reading text:
           sentences, case headings and lead-in labels (not the title, which repeats the topic,
           nor the Sources list, which repeats the quotes)
support    share of sentences whose cited quote supports them (citation recall)
precision  share of (sentence, citation) pairs that support (citation precision)
verbatim   every quote in its passage and every passage at file[start:end]
sections   share of the topic's gold sections cited at least once
answered   an in-scope request got a briefing, not "the sources do not cover this topic"
"""

from __future__ import annotations

from statistics import fmean

from civassist.briefing.model import Briefing
from civassist.evals import metrics as m
from civassist.evals.catalog import Context, Metric
from civassist.evals.dataset import BriefingCase
from civassist.evals.metrics import MetricResult

BriefingMetric = Metric[BriefingCase, Briefing]


def reading_text(briefing: Briefing) -> str:
    """What a reader reads in the sections: case headings, lead-in labels and sentences."""
    parts = [
        part
        for section in briefing.sections
        for block in section.blocks
        for part in (block.heading, block.label, block.text())
        if part
    ]
    return " ".join(parts)


def coverage(case: BriefingCase, briefing: Briefing, _: Context) -> MetricResult:
    if not case.key_points:
        return MetricResult(None, "no key points")
    text = reading_text(briefing).lower()
    missing = [alts[0] for alts in case.key_points if not any(alt in text for alt in alts)]
    covered = len(case.key_points) - len(missing)
    reason = f"{covered}/{len(case.key_points)} key points" + (
        f"; missing: {', '.join(missing)}" if missing else ""
    )
    return MetricResult(covered / len(case.key_points), reason)


def gold_sections(case: BriefingCase, briefing: Briefing, _: Context) -> MetricResult:
    if not case.gold_sections:
        return MetricResult(None, "no gold sections")
    cited = {c.section for c in briefing.citations}
    found = [
        any(g == s or s.endswith(g) or g in s.split(" › ") for s in cited)
        for g in case.gold_sections
    ]
    missing = [g for g, ok in zip(case.gold_sections, found, strict=True) if not ok]
    reason = f"{sum(found)}/{len(found)} gold sections cited" + (
        f"; missing: {', '.join(missing)}" if missing else ""
    )
    return MetricResult(fmean(found), reason)


def answered(case: BriefingCase, briefing: Briefing, _: Context) -> MetricResult:
    if briefing.abstained:
        return MetricResult(0.0, f"abstained on an in-scope request: {briefing.notice or ''}")
    return MetricResult(1.0, "briefed")


BRIEFING_METRICS: list[BriefingMetric] = [
    Metric("coverage", "share of key points in the briefing's reading text", coverage),
    Metric("support", "share of sentences with a supporting citation",
           lambda c, b, x: m.citation_recall(list(b.sentences()), b.citations), answered=True),
    Metric("precision", "share of (sentence, citation) pairs that support",
           lambda c, b, x: m.citation_precision(list(b.sentences()), b.citations), answered=True),
    Metric("verbatim", "every quote and passage verbatim at its place",
           lambda c, b, x: m.citations_verbatim(b.citations, x.files), answered=True),
    Metric("sections", "share of gold sections cited", gold_sections, answered=True),
    Metric("answered", "an in-scope request is not abstained on", answered, must_abstain=False),
]  # fmt: skip
