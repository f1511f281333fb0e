"""report.html: one offline page a maintainer works in.

A summary table with 95 % intervals and the dev and test splits side by side, charts per kind,
then every question in a table that filters (kind, split, failing metric, changed since the
baseline) and sorts by any column; a row opens its drill-down. Questions, answers and passages
travel as JSON inside the page (``<`` escaped) and are put on screen as text, never as markup.
"""

from __future__ import annotations

import html
import json
from typing import Any

from civassist.evals.html_charts import bars, histogram
from civassist.evals.metrics import quote_in
from civassist.evals.report_assets import CSS, SCRIPT
from civassist.evals.runner import EvalRun

CHART_METRICS = ("hit@5", "key_fact_coverage", "citation_recall", "abstention_correct")
Row = dict[str, Any]


def json_script(element_id: str, data: Any) -> str:
    """``data`` as a JSON script element that no text inside it can close."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def page(title: str, body: str, script: str = "") -> str:
    """A complete self-contained page."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
        f"{body}{f'<script>{script}</script>' if script else ''}</body></html>\n"
    )


def _num(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _ci(pair: Any) -> str:
    return f'<span class="ci">[{pair[0]:.2f}, {pair[1]:.2f}]</span>' if pair else ""


def summary_table(section: dict[str, Any], base: dict[str, Any] | None) -> str:
    """Overall figures with intervals, dev and test beside them, the baseline after them."""
    splits = section.get("splits", {})
    head = "<tr><th>metric</th><th>all</th><th>95 % interval</th>"
    head += "".join(f"<th>{html.escape(s)} (n={d['n']})</th>" for s, d in splits.items())
    head += "<th>baseline</th><th>change</th></tr>" if base is not None else "</tr>"
    rows = []
    for name, value in section.get("overall", {}).items():
        cells = [f"<td>{html.escape(name)}</td>", f'<td class="num">{_num(value)}</td>',
                 f"<td>{_ci(section.get('intervals', {}).get(name))}</td>"]  # fmt: skip
        for data in splits.values():
            cells.append(f'<td class="num">{_num(data["overall"].get(name))} '
                         f"{_ci(data['intervals'].get(name))}</td>")  # fmt: skip
        if base is not None:
            old = base.get("overall", {}).get(name)
            delta = value - old if isinstance(old, int | float) else None
            cls = "" if not delta else "better" if delta > 0 else "worse"
            cells.append(f'<td class="num">{_num(old)}</td>')
            cells.append(f'<td class="num {cls}">{"" if delta is None else f"{delta:+.3f}"}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="summary">{head}{"".join(rows)}</table>'


def _gold(passage: dict[str, Any], gold_quotes: list[str]) -> bool:
    return any(quote_in(q, passage["text"]) for q in gold_quotes)


def page_data(rows: list[Row], metrics: list[str], baseline_rows: list[Row] | None) -> Any:
    """What the question table and drill-downs need; each passage text stored once."""
    passages: dict[str, dict[str, str]] = {}
    keys: dict[tuple[str, str, str], str] = {}

    def key(p: dict[str, Any]) -> str:
        text = p["text"] if "text" in p else p["passage"]
        found = keys.setdefault((p["source"], p["section"], text), f"p{len(keys)}")
        passages[found] = {"source": p["source"], "section": p["section"], "text": text}
        return found

    base = {r["id"]: r for r in baseline_rows or []}
    out = []
    for row in rows:
        result = row["result"]
        old = base.get(row["id"])
        sentences = row.get("sentences", [])
        out.append({
            "id": row["id"], "kind": row["kind"], "split": row.get("split"),
            "q": result.get("question", ""), "sq": result.get("standalone_question"),
            "answer": "" if sentences else result.get("answer", ""),
            "abstained": result.get("abstained"), "notice": result.get("notice"),
            "error": result.get("error"),
            "sentences": [{"t": s["text"], "c": s["citations"]} for s in sentences],
            "citations": [{"id": c["id"], "p": key(c), "quote": c["quote"]}
                          for c in result.get("citations", [])],
            "top": [{"p": key(p), "score": p["score"],
                     "gold": _gold(p, row.get("gold_quotes", []))}
                    for p in result.get("passages", [])],
            "m": row["metrics"], "r": row["reasons"], "t": result.get("timings_ms", {}),
            "base": old["metrics"] if old else None,
            "changed": baseline_rows is not None and (old is None
                                                      or old["metrics"] != row["metrics"]),
        })  # fmt: skip
    return {"metrics": metrics, "passages": passages, "rows": out}


def _options(values: list[str], everything: str) -> str:
    return f'<option value="">{everything}</option>' + "".join(
        f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values
    )


def question_table(rows: list[Row], metrics: list[str], baseline_rows: list[Row] | None) -> str:
    kinds = sorted({r["kind"] for r in rows})
    splits = sorted({r["split"] for r in rows if r.get("split")})
    heads = ["id", "kind", "split", "question", *metrics, "ms"]
    changed = "" if baseline_rows is not None else " disabled"
    return (
        '<div class="filters">'
        f'<label>kind <select id="f-kind">{_options(kinds, "every kind")}</select></label>'
        f'<label>split <select id="f-split">{_options(splits, "every split")}</select></label>'
        '<label>failing metric <select id="f-fail"><option value="">any or none</option>'
        '<option value="*">any metric below 1</option>'
        + "".join(
            f'<option value="{html.escape(m)}">{html.escape(m)} below 1</option>' for m in metrics
        )
        + f'</select></label><label><input type="checkbox" id="f-changed"{changed}> '
        "changed since baseline</label>"
        '<label>search <input type="search" id="f-text"></label>'
        '<span id="shown" class="muted"></span></div>'
        '<table id="questions"><thead><tr>'
        + "".join(f'<th data-col="{html.escape(h)}">{html.escape(h)}</th>' for h in heads)
        + "</tr></thead><tbody></tbody></table>"
        + json_script("eval-data", page_data(rows, metrics, baseline_rows))
    )


def briefing_section(summary: dict[str, Any], rows: list[Row], base: dict[str, Any] | None) -> str:
    names = summary.get("metrics", [])
    head = "".join(f"<th>{html.escape(h)}</th>" for h in ["id", "split", "topic", *names, "s"])
    body = []
    for row in rows:
        cells = [row["id"], row.get("split") or "", row["topic"]]
        tds = "".join(f"<td>{html.escape(str(c))}</td>" for c in cells)
        for name in names:
            value = row["metrics"].get(name)
            why = html.escape(row["reasons"].get(name, ""))
            cls = "" if value is None else " low" if value < 1 else ""
            tds += f'<td class="num{cls}" title="{why}">{_num(value)}</td>'
        tds += f'<td class="num">{row["seconds"]:.2f}</td>'
        body.append(f"<tr>{tds}</tr>")
    return (
        f"<h2>Briefings — {summary['briefings']} requests, {summary['abstained']} abstained, "
        f"p50 {summary['seconds_p50']} s</h2>"
        + summary_table(summary, base)
        + f'<table id="briefings"><tr>{head}</tr>{"".join(body)}</table>'
        + '<p class="muted">Hover a value for its reason; the briefings are in briefings.jsonl.</p>'
    )


def report_html(
    run: EvalRun, baseline: dict[str, Any] | None = None, baseline_rows: list[Row] | None = None
) -> str:
    s = run.summary
    metrics = list(s.get("metrics", []))
    charts = []
    for metric in CHART_METRICS:
        items = [(k, v[metric]) for k, v in s["per_kind"].items() if v.get(metric) is not None]
        if items:
            charts.append(bars(f"{metric} per kind", items))
    totals = [r["result"]["timings_ms"].get("total", 0.0) for r in run.rows]
    latency = "".join(f"<tr><td>{html.escape(k)}</td><td class='num'>{_num(v)}</td></tr>"
                      for k, v in s.get("latency_ms", {}).items())  # fmt: skip
    judged = (
        f"<p>judge_* metrics are <strong>model-judged</strong> by the "
        f"{html.escape(str(s['judge']))} generator's model; every other metric is offline.</p>"
        if s.get("judge")
        else ""
    )
    briefings = (
        briefing_section(s["briefings"], run.briefing_rows, (baseline or {}).get("briefings"))
        if s.get("briefings")
        else ""
    )
    title = f"civassist eval — {s['questions']} questions, generator {s['generator']}"
    body = (
        f"<h1>{html.escape(title)}</h1>"
        f"<p class='muted'>split: {html.escape(str(s.get('split', 'all')))}; "
        "intervals: Wilson for 0/1 metrics, seeded bootstrap for the others.</p>"
        f"<h2>Summary</h2>{summary_table(s, baseline)}{judged}"
        f"<h2>Per kind</h2><div class='charts'>{''.join(charts)}</div>"
        f"<h2>Latency</h2><div class='charts'><table>{latency}</table>{histogram(totals)}</div>"
        f"{briefings}<h2>Questions</h2>{question_table(run.rows, metrics, baseline_rows)}"
    )
    return page(title, body, SCRIPT)
