"""Eval run folders: results.jsonl, briefings.jsonl, summary.json, summary.md, report.html."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.evals.runner import EvalRun

RESULTS, BRIEFINGS, SUMMARY = "results.jsonl", "briefings.jsonl", "summary.json"


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_run(
    run: EvalRun,
    folder: Path,
    baseline: dict[str, Any] | None = None,
    baseline_rows: list[dict[str, Any]] | None = None,
) -> None:
    """Write every report file of ``run`` to ``folder``."""
    from civassist.evals.html_report import report_html

    try:
        folder.mkdir(parents=True, exist_ok=True)
        _jsonl(folder / RESULTS, run.rows)
        if run.briefing_rows:
            _jsonl(folder / BRIEFINGS, run.briefing_rows)
        (folder / SUMMARY).write_text(json.dumps(run.summary, indent=2), encoding="utf-8")
        (folder / "summary.md").write_text(
            summary_markdown(run.summary, baseline), encoding="utf-8"
        )
        (folder / "report.html").write_text(
            report_html(run, baseline, baseline_rows), encoding="utf-8"
        )
    except OSError as exc:
        raise InputError(f"cannot write the report to {folder}: {exc}") from exc


def load_summary(folder: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{folder} holds no readable {SUMMARY}: {exc}") from exc
    return data


def load_rows(folder: Path, name: str = RESULTS) -> list[dict[str, Any]]:
    """The rows of a run's results.jsonl (or briefings.jsonl; none when it has no such file)."""
    path = folder / name
    if name != RESULTS and not path.exists():
        return []
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{folder} holds no readable {name}: {exc}") from exc


def compare(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, float | None, float | None]]:
    """(metric, value in A, value in B) for every overall metric and latency of either run."""
    rows = []
    for section in ("overall", "latency_ms"):
        names = sorted(set(a.get(section, {})) | set(b.get(section, {})))
        rows += [(f"{n}", a.get(section, {}).get(n), b.get(section, {}).get(n)) for n in names]
    for name in sorted(set(a.get("briefings", {}).get("overall", {}))
                       | set(b.get("briefings", {}).get("overall", {}))):  # fmt: skip
        rows.append((f"briefings.{name}", a.get("briefings", {}).get("overall", {}).get(name),
                     b.get("briefings", {}).get("overall", {}).get(name)))  # fmt: skip
    return rows


def fmt(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def fmt_interval(pair: Any) -> str:
    return "" if not pair else f"[{pair[0]:.2f}, {pair[1]:.2f}]"


def _delta(value: Any, old: Any) -> str:
    if isinstance(value, float | int) and isinstance(old, float | int):
        return f"{value - old:+.3f}"
    return ""


def _figures_table(section: dict[str, Any], base: dict[str, Any] | None) -> list[str]:
    """Overall metrics with intervals, the dev and test splits beside them, then the baseline."""
    splits = section.get("splits", {})
    head = "| metric | value | 95 % interval |"
    rule = "|---|---|---|"
    for split, data in splits.items():
        head += f" {split} (n={data['n']}) |"
        rule += "---|"
    if base is not None:
        head += " baseline | change |"
        rule += "---|---|"
    lines = [head, rule]
    for name, value in section.get("overall", {}).items():
        row = f"| {name} | {fmt(value)} | {fmt_interval(section.get('intervals', {}).get(name))} |"
        for data in splits.values():
            cell = fmt(data["overall"].get(name))
            row += f" {cell} {fmt_interval(data['intervals'].get(name))} |"
        if base is not None:
            old = base.get("overall", {}).get(name)
            row += f" {fmt(old)} | {_delta(value, old)} |"
        lines.append(row)
    return lines


def summary_markdown(summary: dict[str, Any], baseline: dict[str, Any] | None = None) -> str:
    names = [n for n in summary.get("metrics", []) if not n.startswith("judge_")]
    lines = [
        f"## civassist eval — {summary['questions']} questions, generator `{summary['generator']}`",
        "",
        *_figures_table(summary, baseline),
        "",
        "| latency | value |" + (" baseline | change |" if baseline else ""),
        "|---|---|" + ("---|---|" if baseline else ""),
    ]
    for name, value in summary.get("latency_ms", {}).items():
        row = f"| {name} | {fmt(value)} |"
        if baseline is not None:
            old = baseline.get("latency_ms", {}).get(name)
            row += f" {fmt(old)} | {_delta(value, old)} |"
        lines.append(row)
    lines += ["", "### Per kind", "", "| kind | n | " + " | ".join(names) + " |",
              "|---|---|" + "---|" * len(names)]  # fmt: skip
    for kind, values in summary["per_kind"].items():
        cells = " | ".join(fmt(values.get(n)) for n in names)
        lines.append(f"| {kind} | {values['n']} | {cells} |")
    briefings = summary.get("briefings")
    if briefings:
        lines += ["", f"### Briefings — {briefings['briefings']} requests, "
                  f"{briefings['abstained']} abstained, p50 {briefings['seconds_p50']} s", "",
                  *_figures_table(briefings, (baseline or {}).get("briefings")
                                  if baseline is not None else None)]  # fmt: skip
    if summary.get("judge"):
        judge = summary["judge"]
        lines += [
            "",
            f"`judge_*` metrics are **model-judged** by the `{judge}` generator's model; "
            "every other metric is computed offline, with no model.",
        ]
    return "\n".join(lines) + "\n"
