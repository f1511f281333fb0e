"""Trend over runs: each headline metric over the last N run folders of a runs folder."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.evals.html_charts import line
from civassist.evals.html_report import page
from civassist.evals.report import SUMMARY, fmt, load_summary

HEADLINE = (
    "hit@5", "mrr", "key_fact_coverage", "citation_precision", "citation_recall",
    "citations_verbatim", "abstention_correct", "abstention_recall", "answerable_answered",
    "briefings.coverage", "briefings.answered",
)  # fmt: skip


def runs(folder: Path, last: int) -> list[tuple[str, dict[str, Any]]]:
    """(name, summary) of the last ``last`` runs in ``folder``, oldest first (by file time)."""
    found = sorted(folder.glob(f"*/{SUMMARY}"), key=lambda p: (p.stat().st_mtime, p.parent.name))
    if not found:
        raise InputError(f"{folder} holds no run folders (each with a {SUMMARY})")
    return [(p.parent.name, load_summary(p.parent)) for p in found[-last:]]


def value(summary: dict[str, Any], name: str) -> float | None:
    if name.startswith("briefings."):
        found = summary.get("briefings", {}).get("overall", {}).get(name.split(".", 1)[1])
    else:
        found = summary.get("overall", {}).get(name)
    return found if isinstance(found, int | float) else None


def history_html(folder: Path, last: int = 20) -> str:
    """The history page of the runs in ``folder``."""
    found = runs(folder, last)
    names = [n for n, _ in found]
    charts, head = [], "".join(f"<th>{html.escape(n)}</th>" for n in names)
    table = []
    for metric in HEADLINE:
        values = [value(s, metric) for _, s in found]
        if all(v is None for v in values):
            continue
        charts.append(line(metric, names, values))
        cells = "".join(f"<td class='num'>{fmt(v)}</td>" for v in values)
        table.append(f"<tr><td>{html.escape(metric)}</td>{cells}</tr>")
    body = (
        f"<h1>civassist eval — the last {len(found)} runs in {html.escape(str(folder))}</h1>"
        f"<div class='charts'>{''.join(charts)}</div>"
        f"<table><tr><th>metric</th>{head}</tr>{''.join(table)}</table>"
    )
    return page("civassist eval — history", body)


def write_history(folder: Path, out: Path, last: int = 20) -> Path:
    """Write history.html for the runs in ``folder`` into ``out``; returns its path."""
    text = history_html(folder, last)
    path = out / "history.html"
    try:
        out.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from exc
    return path
