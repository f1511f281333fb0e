"""Eval reports: results.jsonl, summary.json, summary.md and a self-contained report.html."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.evals.runner import QUESTION_METRICS, EvalRun


def write_run(run: EvalRun, folder: Path, baseline: dict[str, Any] | None = None) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "results.jsonl").open("w", encoding="utf-8") as fh:
            for row in run.rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        (folder / "summary.json").write_text(json.dumps(run.summary, indent=2), encoding="utf-8")
        (folder / "summary.md").write_text(
            summary_markdown(run.summary, baseline), encoding="utf-8"
        )
        (folder / "report.html").write_text(report_html(run, baseline), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the report to {folder}: {exc}") from exc


def load_summary(folder: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{folder} holds no readable summary.json: {exc}") from exc
    return data


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, float | None, float | None]]:
    """(metric, value in A, value in B) for every overall metric and latency of either run."""
    rows = []
    for section in ("overall", "latency_ms"):
        names = sorted(set(a.get(section, {})) | set(b.get(section, {})))
        rows += [(f"{n}", a.get(section, {}).get(n), b.get(section, {}).get(n)) for n in names]
    return rows


def _fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def summary_markdown(summary: dict[str, Any], baseline: dict[str, Any] | None = None) -> str:
    lines = [
        f"## civassist eval — {summary['questions']} questions, generator `{summary['generator']}`",
        "",
        "| metric | value |" + (" baseline | change |" if baseline else ""),
        "|---|---|" + ("---|---|" if baseline else ""),
    ]
    base = baseline or {}
    for name, value, old in compare(summary, base):
        row = f"| {name} | {_fmt(value)} |"
        if baseline:
            delta = (
                value - old
                if isinstance(value, float | int) and isinstance(old, float | int)
                else None
            )
            row += f" {_fmt(old)} | {'' if delta is None else f'{delta:+.3f}'} |"
        lines.append(row)
    lines += ["", "### Per kind", "", "| kind | n | " + " | ".join(QUESTION_METRICS) + " |",
              "|---|---|" + "---|" * len(QUESTION_METRICS)]  # fmt: skip
    for kind, values in summary["per_kind"].items():
        cells = " | ".join(_fmt(values.get(n)) for n in QUESTION_METRICS)
        lines.append(f"| {kind} | {values['n']} | {cells} |")
    if summary.get("judge"):
        judge = summary["judge"]
        lines += [
            "",
            f"`judge_*` metrics are **model-judged** by the `{judge}` generator's model; "
            "every other metric is computed offline, with no model.",
        ]
    return "\n".join(lines) + "\n"


def _bars(
    title: str, items: list[tuple[str, float]], width: int = 560, signed: bool = False
) -> str:
    """A horizontal bar chart as inline SVG (values in [0, 1], or [-1, 1] when signed)."""
    row, label_w = 22, 190
    height = row * len(items) + 30
    zero = label_w + (width - label_w) / 2 if signed else label_w
    scale = (width - label_w) / (2 if signed else 1)
    parts = [
        f'<svg width="{width + 60}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">',
        f'<text x="0" y="14" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(items):
        y = 24 + i * row
        w = abs(value) * scale
        x = zero if value >= 0 else zero - w
        color = "#3b7dd8" if value >= 0 else "#d8553b"
        shown = f"{value:+.3f}" if signed else f"{value:.2f}"
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(label)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="14" fill="{color}"/>')
        parts.append(f'<text x="{x + w + 4:.1f}" y="{y + 14}" font-size="11">{shown}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(values: list[float], width: int = 560, bins: int = 20) -> str:
    if not values:
        return ""
    top = max(values) or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(v / top * bins))] += 1
    peak = max(counts)
    bar_w = width / bins
    bars = "".join(
        f'<rect x="{i * bar_w:.1f}" y="{120 - c / peak * 100:.1f}" width="{bar_w - 2:.1f}" '
        f'height="{c / peak * 100:.1f}" fill="#6a9f58"><title>{c}</title></rect>'
        for i, c in enumerate(counts)
    )
    return (f'<svg width="{width}" height="140" role="img" aria-label="latency histogram">{bars}'
            f'<text x="0" y="136" font-size="11">0 ms</text>'
            f'<text x="{width - 70}" y="136" font-size="11">{top:.0f} ms</text></svg>')  # fmt: skip


def _row_html(row: dict[str, Any]) -> str:
    reasons = "<br>".join(
        html.escape(f"{name}: {_fmt(row['metrics'][name])} — {why}")
        for name, why in row["reasons"].items()
    )
    cells = [row["id"], row["kind"], row["result"].get("question", ""), row["result"]["answer"]]
    return (
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + f"<td>{reasons}</td></tr>"
    )


def report_html(run: EvalRun, baseline: dict[str, Any] | None = None) -> str:
    s = run.summary
    charts = []
    for metric in ("hit@5", "key_fact_coverage", "citation_recall", "abstention_correct"):
        items = [(k, v[metric]) for k, v in s["per_kind"].items() if v.get(metric) is not None]
        if items:
            charts.append(_bars(f"{metric} per kind", items))
    if baseline:
        deltas = [
            (name, a - b)
            for name, a, b in compare(s, baseline)
            if isinstance(a, float | int)
            and isinstance(b, float | int)
            and not name.endswith(("_p50", "_p95"))
        ]
        charts.append(_bars("change versus baseline", deltas, signed=True))
    totals = [r["result"]["timings_ms"].get("total", 0.0) for r in run.rows]
    rows = "".join(_row_html(r) for r in run.rows)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>civassist eval</title><style>
body{{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}}
table{{border-collapse:collapse}} svg{{display:block;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top;font-size:13px}}
</style></head><body>
<h1>civassist eval — {s["questions"]} questions, generator {html.escape(str(s["generator"]))}</h1>
<pre>{html.escape(summary_markdown(s, baseline))}</pre>
{"".join(charts)}
<h2>Answer latency (ms)</h2>{_histogram(totals)}
<h2>Questions</h2><table>
<tr><th>id</th><th>kind</th><th>question</th><th>answer</th><th>metrics</th></tr>{rows}</table>
</body></html>
"""
