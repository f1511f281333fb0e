"""Run against run: the questions whose metrics changed between two eval runs, as compare.html."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civassist.errors import InputError
from civassist.evals.html_report import page
from civassist.evals.report import compare, fmt, load_rows, load_summary

Row = dict[str, Any]

FILTER_SCRIPT = """
document.getElementById('f-direction').addEventListener('input', (event) => {
  const wanted = event.target.value;
  let shown = 0;
  for (const section of document.querySelectorAll('section.change')) {
    const visible = !wanted || section.dataset.direction === wanted;
    section.hidden = !visible;
    if (visible) shown += 1;
  }
  document.getElementById('shown').textContent = shown + ' shown';
});
"""


@dataclass(frozen=True)
class Change:
    """One question whose metrics differ between run A and run B."""

    id: str
    a: Row
    b: Row
    deltas: dict[str, tuple[float | None, float | None]]

    @property
    def direction(self) -> str:
        """better, worse or mixed (a metric only in one run counts as neither)."""
        signs = {
            (new > old) for old, new in self.deltas.values() if old is not None and new is not None
        }
        return "mixed" if len(signs) != 1 else "better" if signs == {True} else "worse"


def changes(rows_a: list[Row], rows_b: list[Row]) -> list[Change]:
    """Exactly the questions (in both runs) where some metric's value differs, in B's order."""
    by_id = {r["id"]: r for r in rows_a}
    out = []
    for b in rows_b:
        a = by_id.get(b["id"])
        if a is None:
            continue
        names = list(dict.fromkeys([*a["metrics"], *b["metrics"]]))
        deltas = {
            n: (a["metrics"].get(n), b["metrics"].get(n))
            for n in names
            if a["metrics"].get(n) != b["metrics"].get(n)
        }
        if deltas:
            out.append(Change(b["id"], a, b, deltas))
    return out


def _answer(row: Row, label: str) -> str:
    result = row["result"]
    notice = f"<p class='muted'>{html.escape(result['notice'])}</p>" if result.get("notice") else ""
    state = " (abstained)" if result.get("abstained") else ""
    return (
        f"<div><h4>{html.escape(label)}{state}</h4>{notice}"
        f"<p>{html.escape(result.get('answer', ''))}</p></div>"
    )


def _change_html(change: Change) -> str:
    metrics = "".join(
        f"<tr><td>{html.escape(n)}</td><td class='num'>{fmt(a)}</td><td class='num'>{fmt(b)}</td>"
        f"<td class='{_word(a, b)}'>{_word(a, b)}</td></tr>"
        for n, (a, b) in change.deltas.items()
    )
    question = change.b["result"].get("question", "")
    return (
        f'<section class="change" data-direction="{change.direction}" '
        f'data-id="{html.escape(change.id)}"><h3>{html.escape(change.id)} '
        f"<span class='muted'>({html.escape(change.b['kind'])}, {change.direction})</span></h3>"
        f"<p>{html.escape(question)}</p>"
        f"<table><tr><th>metric</th><th>A</th><th>B</th><th></th></tr>{metrics}</table>"
        f"<div class='side'>{_answer(change.a, 'A')}{_answer(change.b, 'B')}</div></section>"
    )


def _word(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "only in A" if b is None else "only in B"
    return "better" if b > a else "worse"


def _delta(a: Any, b: Any) -> str:
    return f"{b - a:+.3f}" if isinstance(a, int | float) and isinstance(b, int | float) else ""


def compare_html(a: Path, b: Path) -> str:
    """The comparison page of run folders ``a`` and ``b``."""
    summary_a, summary_b = load_summary(a), load_summary(b)
    found = changes(load_rows(a), load_rows(b))
    counts = {d: sum(1 for c in found if c.direction == d) for d in ("better", "worse", "mixed")}
    overall = "".join(
        f"<tr><td>{html.escape(n)}</td><td class='num'>{fmt(va)}</td>"
        f"<td class='num'>{fmt(vb)}</td><td class='num'>"
        f"{_delta(va, vb)}</td></tr>"
        for n, va, vb in compare(summary_a, summary_b)
    )
    options = "".join(f'<option value="{d}">{d} ({n})</option>' for d, n in counts.items())
    body = (
        f"<h1>civassist eval — run against run</h1><p>A: {html.escape(str(a))}<br>"
        f"B: {html.escape(str(b))}</p><h2>Summary</h2>"
        f"<table><tr><th>metric</th><th>A</th><th>B</th><th>B − A</th></tr>{overall}</table>"
        f"<h2>{len(found)} questions changed</h2><div class='filters'><label>show "
        f'<select id="f-direction"><option value="">all</option>{options}</select></label>'
        f'<span id="shown" class="muted">{len(found)} shown</span></div>'
        + "".join(_change_html(c) for c in found)
    )
    return page("civassist eval — compare", body, FILTER_SCRIPT)


def write_compare(a: Path, b: Path, folder: Path) -> Path:
    """Write compare.html for runs ``a`` and ``b`` into ``folder``; returns its path."""
    text = compare_html(a, b)
    path = folder / "compare.html"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from exc
    return path
