"""The benchmark suite: speed and scale figures measured side by side in one run.

Run: make bench (10k chunks) · make bench-large (100k chunks) · or
     .venv/bin/python bench/suite.py --chunks 2000 [--skip naive,serve] [--keep]

On a synthetic corpus (bench/synthetic_corpus.py, fixed seed) of about --chunks chunks:
full ingest chunks/s, re-ingest with nothing changed and after editing one file, in-process
retrieval p50/p95 against the bare embed + raw Chroma query, and the RSS of `serve`. On the real
knowledge folder: hybrid retrieval against a naive LangChain pipeline (latency and hit@5 on the
answerable reference questions), and a cold `civassist ask --json` against the bare
`import onnxruntime, chromadb` floor (also on the synthetic index). Writes
bench/results/<date>[-<chunks>].json and .md. Not a test: absolute times vary with load, so
compare the ratios measured in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import naive_langchain
import processes
import synthetic_corpus
from civassist.assistant import Assistant
from civassist.evals.dataset import EvalQuestion, knowledge_texts, load_questions
from civassist.evals.metrics import hit_at_k, text_relevance
from civassist.index import onnx_embedder
from civassist.index.embedding import model_path
from civassist.settings import PROJECT_ROOT, Settings

KNOWLEDGE = PROJECT_ROOT / "knowledge"
RESULTS = Path(__file__).resolve().parent / "results"
PARTS = ("ingest", "reingest", "retrieval", "retrieval_real", "naive", "cold", "serve")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(_pct(values, 0.5), 2), "p95_ms": round(_pct(values, 0.95), 2)}


def answerable_questions() -> list[EvalQuestion]:
    texts = knowledge_texts(KNOWLEDGE)
    files = sorted((PROJECT_ROOT / "evals").glob("questions*.jsonl"))
    return [
        q for f in files for q in load_questions(f, texts) if not q.must_abstain and q.gold_quotes
    ]


class Run:
    """The results of one suite run, and the seconds each part took."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.data: dict[str, Any] = {"meta": _meta(args), "part_seconds": {}}

    @contextlib.contextmanager
    def part(self, name: str) -> Iterator[bool]:
        if name in self.args.skip:
            yield False
            return
        print(f"[bench] {name}…", file=sys.stderr, flush=True)
        started = time.perf_counter()
        yield True
        self.data["part_seconds"][name] = round(time.perf_counter() - started, 1)


def _meta(args: argparse.Namespace) -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    return {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": commit,
        "target_chunks": args.chunks,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
    }


def ingest_figures(
    run: Run, assistant: Assistant, corpus: synthetic_corpus.SyntheticCorpus
) -> None:
    settings = assistant.settings
    with run.part("ingest") as on:
        if on:
            # model loading is not ingest work (nor, since ingest embeds with it, the export)
            load_s, _ = _timed(lambda: assistant.retriever.embedder.embed_documents(["warm"]))
            exported = _export_seconds(settings)  # made by the warm-up: not in the ingest's time
            wall, report = _timed(assistant.ingest)
            export = _export_seconds(settings) if not exported else 0.0
            run.data["ingest"] = {
                "documents": report.documents,
                "chunks": report.chunks,
                "model_load_s": round(load_s, 1),
                "wall_s": round(wall, 1),
                "chunks_per_s": round(report.chunks / wall, 1),
                "onnx_export_s": export,
                "chunks_per_s_without_export": round(report.chunks / max(wall - export, 1e-9), 1),
            }
    with run.part("reingest") as on:
        if on:
            unchanged = [_timed(assistant.ingest)[0] for _ in range(3)]
            rng = random.Random(run.args.seed)
            edited = []
            for path in corpus.files[: min(3, len(corpus.files))]:
                synthetic_corpus.edit_one_file(path, rng)
                seconds, report = _timed(assistant.ingest)
                assert report.updated == [path.name], report.updated
                edited.append(seconds)
            u, e = statistics.median(unchanged), statistics.median(edited)
            run.data["reingest"] = {
                "unchanged_s_median": round(u, 3),
                "one_edited_file_s_median": round(e, 3),
                "ratio": round(e / u, 1),
                "chunks_per_file": len(corpus.files) and round(corpus.sections / len(corpus.files)),
                "unchanged_s": [round(t, 3) for t in unchanged],
                "one_edited_file_s": [round(t, 3) for t in edited],
            }


def _timed(func: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = func()
    return time.perf_counter() - started, value


def _export_seconds(settings: Settings) -> float:
    folder = onnx_embedder.export_folder(settings.cache_dir, onnx_embedder.export_key(model_path()))
    try:
        return float(json.loads((folder / "export.json").read_text())["seconds"])
    except (OSError, ValueError, KeyError):
        return 0.0


def retrieval_figures(run: Run, assistant: Assistant, queries: list[str], key: str) -> None:
    with run.part(key) as on:
        if not on:
            return
        retriever = assistant.retriever
        for q in queries:  # warm: BM25 build, Chroma client, ONNX session
            assistant.search(q)
        segments = list(retriever.snapshot().manifest.segments)  # an edit adds a segment
        full: list[float] = []
        bare: list[float] = []
        for _ in range(run.args.repeat):
            for q in queries:
                t0 = time.perf_counter()
                assistant.search(q)
                full.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                vector = retriever.embedder.embed_query(q)
                for segment in segments:
                    retriever.store.query(segment, vector, assistant.settings.top_k)
                bare.append((time.perf_counter() - t0) * 1000)
        run.data[key] = {
            "chunks": len(retriever.chunks()),
            "query_backend": retriever.embedder.backend,
            "search": _ms(full),
            "bare_embed_chroma": _ms(bare),
            "ratio_p50": round(_pct(full, 0.5) / _pct(bare, 0.5), 2),
            "queries": len(full),
        }


def quality_figures(
    run: Run, assistant: Assistant, questions: list[EvalQuestion], work: Path
) -> None:
    with run.part("naive") as on:
        if not on:
            return
        pipeline = naive_langchain.build(KNOWLEDGE, work / "naive-chroma", model_path())
        rows: dict[str, dict[str, list[float]]] = {
            "hybrid": {"ms": [], "hit": []},
            "naive": {"ms": [], "hit": []},
        }
        searches = {
            "hybrid": lambda q: [p.text for p in assistant.search(q, k=5).passages],
            "naive": pipeline.search,
        }
        for name, search in searches.items():
            search(questions[0].question)  # warm
            for _ in range(run.args.repeat):
                for q in questions:
                    t0 = time.perf_counter()
                    texts = search(q.question)
                    rows[name]["ms"].append((time.perf_counter() - t0) * 1000)
                    if len(rows[name]["hit"]) < len(questions):
                        rel = text_relevance(texts, q.gold_quotes)
                        rows[name]["hit"].append(hit_at_k(rel, 5).value or 0.0)
        run.data["naive_vs_hybrid"] = {
            "questions": len(questions),
            "naive_chunks": pipeline.chunks,
            "naive_ingest_s": round(pipeline.ingest_seconds, 1),
            **{
                name: {**_ms(r["ms"]), "hit@5": round(statistics.mean(r["hit"]), 3)}
                for name, r in rows.items()
            },
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chunks", type=int, default=10_000, help="synthetic corpus size")
    parser.add_argument("--seed", type=int, default=synthetic_corpus.SEED)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the questions")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--skip", type=lambda s: set(s.split(",")) - {""}, default=set(),
                        help=f"comma-separated parts to skip: {','.join(PARTS)}")  # fmt: skip
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    unknown = args.skip - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    run = Run(args)
    work = Path(tempfile.mkdtemp(prefix="civassist-bench-"))
    try:
        with run.part("corpus"):
            corpus = synthetic_corpus.build(
                KNOWLEDGE, work / "synthetic", args.chunks, seed=args.seed
            )
        questions = answerable_questions()
        texts = [q.question for q in questions]
        synthetic = Assistant(Settings.load(home=work / "home-synthetic", knowledge=corpus.folder))
        ingest_figures(run, synthetic, corpus)
        retrieval_figures(run, synthetic, texts, "retrieval")
        real_home = work / "home-real"
        (real_home / "cache").mkdir(parents=True)
        (real_home / "cache" / "onnx").symlink_to(synthetic.settings.cache_dir / "onnx")
        real = Assistant(Settings.load(home=real_home, knowledge=KNOWLEDGE))
        real.ingest()
        retrieval_figures(run, real, texts, "retrieval_real")
        quality_figures(run, real, questions, work)
        with run.part("cold") as on:
            if on:
                question = "What are the core principles of the Global Civilization Initiative?"
                run.data["cold_ask"] = {
                    "real_knowledge": processes.cold_runs(
                        real_home, KNOWLEDGE, question, args.cold_runs
                    ),
                    "synthetic": processes.cold_runs(
                        synthetic.settings.home, corpus.folder, question, args.cold_runs
                    ),
                }
        with run.part("serve") as on:
            if on:
                run.data["serve"] = processes.serve_memory(synthetic.settings.home, corpus.folder)
    finally:
        run.data["meta"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
        if args.keep:
            print(f"[bench] work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    write(run.data, args.out, args.chunks)


def write(data: dict[str, Any], out: Path, chunks: int) -> None:
    from report import markdown

    out.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("%Y-%m-%d") + ("" if chunks == 10_000 else f"-{chunks}")
    (out / f"{stem}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown(data), encoding="utf-8")
    print(markdown(data))
    print(f"[bench] written: {out / stem}.json and .md", file=sys.stderr)


if __name__ == "__main__":
    main()
