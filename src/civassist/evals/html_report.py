"""report.html (placeholder while the page is rebuilt)."""

from __future__ import annotations

import html
from typing import Any

from civassist.evals.runner import EvalRun


def report_html(
    run: EvalRun,
    baseline: dict[str, Any] | None = None,
    baseline_rows: list[dict[str, Any]] | None = None,
) -> str:
    from civassist.evals.report import summary_markdown

    return f"<!doctype html><pre>{html.escape(summary_markdown(run.summary, baseline))}</pre>"
