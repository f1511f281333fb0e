"""The suite's results as a short Markdown table (targets from issue 11)."""

from __future__ import annotations

from typing import Any


def _row(*cells: Any) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(data: dict[str, Any]) -> str:
    meta = data["meta"]
    lines = [
        f"# Benchmark {meta['date']} (commit {meta['commit']}, {meta['cpus']} CPUs, "
        f"load {meta['load_before'][0]} → {meta.get('load_after', ['?'])[0]})",
        "",
        _row("measure", "civassist", "reference", "ratio", "target"),
        _row("---", "---", "---", "---", "---"),
    ]
    for label, key in (("real knowledge", "real_knowledge"), ("synthetic", "synthetic")):
        cold = data.get("cold_ask", {}).get(key)
        if cold:
            lines.append(_row(
                f"cold `civassist ask --json`, {label} (median of {cold['runs']})",
                f"{cold['ask_s_median']} s",
                f"bare import floor {cold['floor_s_median']} s",
                f"{cold['ratio']}×",
                "≤ 2.5 s and ≤ 1.5×",
            ))  # fmt: skip
    for key, label in (("retrieval", "synthetic"), ("retrieval_real", "real knowledge")):
        r = data.get(key)
        if r:
            lines.append(_row(
                f"retrieval p50 / p95, {label} ({r['chunks']} chunks, {r['query_backend']})",
                f"{r['search']['p50_ms']} / {r['search']['p95_ms']} ms",
                f"bare embed + Chroma {r['bare_embed_chroma']['p50_ms']} / "
                f"{r['bare_embed_chroma']['p95_ms']} ms",
                f"{r['ratio_p50']}×",
                "≤ 1.2× (p50); ≤ 150 ms at 100k",
            ))  # fmt: skip
    n = data.get("naive_vs_hybrid")
    if n:
        h, v = n["hybrid"], n["naive"]
        lines.append(_row(
            f"hybrid vs naive LangChain ({n['questions']} answerable questions, k=5)",
            f"p50 {h['p50_ms']} ms, hit@5 {h['hit@5']}",
            f"p50 {v['p50_ms']} ms, hit@5 {v['hit@5']}",
            f"{round(h['p50_ms'] / v['p50_ms'], 2)}×",
            "as fast, better hit@5",
        ))  # fmt: skip
    i = data.get("ingest")
    if i:
        lines.append(_row(
            f"full ingest ({i['chunks']} chunks)",
            f"{i['chunks_per_s']} chunks/s ({i['wall_s']} s)",
            f"without the one-time ONNX export ({i['onnx_export_s']} s): "
            f"{i['chunks_per_s_without_export']} chunks/s",
            "",
            "≥ 40 chunks/s",
        ))  # fmt: skip
    r = data.get("reingest")
    if r:
        lines.append(_row(
            f"re-ingest after editing one file (~{r['chunks_per_file']} chunks)",
            f"{r['one_edited_file_s_median']} s",
            f"unchanged re-ingest {r['unchanged_s_median']} s",
            f"{r['ratio']}×",
            "≤ 6×; ≤ 10 s at 100k",
        ))  # fmt: skip
    s = data.get("serve")
    if s:
        lines.append(_row(
            "`civassist serve` RSS (synthetic index)",
            f"{s['rss_mb_ready']} MB ready, {s['rss_mb_after_pages']} MB after 3 page loads",
            f"peak {s['peak_rss_mb']} MB; ready in {s['ready_s']} s",
            "",
            "bounded",
        ))  # fmt: skip
    parts = ", ".join(f"{k} {v} s" for k, v in data["part_seconds"].items())
    lines += ["", f"Seconds per part: {parts}.", ""]
    return "\n".join(lines)
