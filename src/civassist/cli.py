"""The `civassist` command: parse, call the Assistant API, print. No logic of its own."""

from __future__ import annotations

import functools
import io
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from civassist.cli_files import check_input, check_output, read_history
from civassist.errors import CivassistError, InputError
from civassist.generation import registry
from civassist.guard import flagged_sentences
from civassist.terminal import decode_input, for_terminal, json_for_terminal

F = TypeVar("F", bound=Callable[..., Any])


def _echo(message: Any = "", err: bool = False, nl: bool = True, **style: Any) -> None:
    """Print ``message`` without the control sequences a knowledge file could smuggle in."""
    text = for_terminal(str(message))
    if style:
        click.secho(text, err=err, nl=nl, **style)
    else:
        click.echo(text, err=err, nl=nl)


def _decoded(text: str, what: str) -> str:
    """``text`` from argv or stdin, with bytes that are not UTF-8 replaced once, here."""
    clean, replaced = decode_input(text)
    if replaced:
        _echo(f"note: the {what} had bytes that are not valid UTF-8; they were replaced", err=True)
    return clean


def _friendly(func: F) -> F:
    """Map civassist errors to a one-line message and exit status (2 for bad input, else 1)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CivassistError as exc:
            _echo(f"error: {_one_line(str(exc))}", err=True)
            sys.exit(2 if isinstance(exc, InputError) else 1)
        except BrokenPipeError:
            # the reader stopped reading (`civassist ask … | head`): nothing to report; stdout
            # goes to devnull so the interpreter's final flush does not fail again
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:  # the home, a lock or an output the user can fix
            where = f": {exc.filename}" if exc.filename else ""
            _echo(f"error: {exc.strerror or exc}{where} (check CIVASSIST_HOME)", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            _echo("interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _one_line(text: str) -> str:
    return " ".join(for_terminal(text).split())


def _assistant() -> Any:
    from civassist.assistant import Assistant

    return Assistant()


def _progress(items: Iterable[Any], label: str, total: int) -> Iterable[Any]:
    from tqdm import tqdm

    bar: Iterable[Any] = tqdm(
        items, desc=label, total=total, unit="", file=sys.stderr, disable=None, leave=False
    )
    return bar


def _emit_json(data: Any) -> None:
    click.echo(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="civassist")
def main() -> None:
    """civassist: ask the Global Civilization Initiative / South-South cooperation paper and its
    case materials, and get answers whose every sentence cites the passage it came from.

    Settings come from CIVASSIST_* environment variables (CIVASSIST_HOME, CIVASSIST_KNOWLEDGE,
    CIVASSIST_CHROMA_URL, ...) or $CIVASSIST_HOME/config.toml.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@_friendly
def ingest(paths: tuple[Path, ...], as_json: bool) -> None:
    """Index knowledge files (default: the knowledge folder). Unchanged files are skipped.

    A file that cannot be read is listed with the reason and the rest is indexed. Sentences
    that address the assistant (never quoted in answers) are listed as suspicious.

    \b
    Exit status: 0 every file was read; 3 some files failed (the rest is indexed);
    1 every file given failed, or the index could not be written; 2 bad input.
    """
    report = _assistant().ingest(list(paths) or None, progress=_progress)
    if as_json:
        _emit_json(
            {
                "added": report.added,
                "updated": report.updated,
                "removed": report.removed,
                "skipped": report.skipped,
                "errors": [{"source": s, "reason": r} for s, r in report.errors],
                "suspicious": [
                    {"source": s, "sentences": found} for s, found in report.suspicious.items()
                ],
                "documents": report.documents,
                "chunks": report.chunks,
                "generation": report.generation,
                "seconds": round(report.seconds, 3),
                "stages": report.stages,
            }
        )
    else:
        _echo(
            f"added {len(report.added)} · updated {len(report.updated)} · "
            f"removed {len(report.removed)} · skipped {len(report.skipped)} unchanged · "
            f"{len(report.errors)} error(s)  →  {report.documents} documents, "
            f"{report.chunks} chunks ({report.seconds:.1f}s)"
        )
        for source, reason in report.errors:
            _echo(f"  error: {source}: {_one_line(reason)}", err=True)
        for source, found in report.suspicious.items():
            _echo(
                f"  suspicious: {source}: {len(found)} sentence(s) address the assistant "
                "(indexed, never quoted as an answer):",
                err=True,
            )
            for sentence in found[:3]:
                _echo(f"    “{textwrap.shorten(_one_line(sentence), 140)}”", err=True)
        if report.ignored:
            _echo(f"  ignored {len(report.ignored)} file(s) of unsupported type", err=True)
    sys.exit(report.exit_code)


@main.command()
@click.argument("query")
@click.option("-k", "k", type=click.IntRange(1, 50), default=None, help="How many passages.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_friendly
def search(query: str, k: int | None, as_json: bool) -> None:
    """Show the passages that best match QUERY (dense + BM25, fused)."""
    result = _assistant().search(_decoded(query, "query"), k)
    if as_json:
        _emit_json({"query": result.query, "passages": [p.to_dict() for p in result.passages]})
        return
    if not result.passages:
        _echo("no passages (is the index empty? run `civassist ingest`)")
    for p in result.passages:
        where = f"{p.source} › {p.section}" if p.section else p.source
        _echo(f"[{p.rank}] {where}  (score {p.score:.4f})", bold=True)
        flagged = flagged_sentences(p.text)
        if flagged:
            _echo(
                f"    ⚠ {len(flagged)} sentence(s) here are addressed to the assistant; "
                "they are never quoted in answers",
                fg="yellow",
            )
        _echo(textwrap.indent(textwrap.fill(p.text, 96), "    "))


def _print_answer(answer: Any) -> None:
    _echo(textwrap.fill(answer.answer, 96, break_long_words=False, replace_whitespace=False))
    if answer.notice:
        _echo(f"note: {answer.notice}", fg="yellow", err=False)
    for c in answer.citations:
        where = f"{c.source} › {c.section}" if c.section else c.source
        _echo(f"  [{c.id}] {where}", bold=True)
        _echo(textwrap.indent(textwrap.fill(f"“{c.quote}”", 92), "      "))


_GENERATOR_OPTION = click.option(
    "--generator",
    type=click.Choice(registry.NAMES),
    default=None,
    help="Which generator writes the draft (default: CIVASSIST_GENERATOR or extractive): "
    + "; ".join(f"{name}: {spec.summary}" for name, spec in registry.SPECS.items())
    + ".",
)


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--history",
    "history_file",
    type=click.Path(path_type=Path),
    default=None,
    help="JSON file: a list of {role, content} turns before this question.",
)
@_GENERATOR_OPTION
@click.option("--debug", is_flag=True, help="Keep unsupported sentences, flagged.")
@_friendly
def ask(
    question: str, as_json: bool, history_file: Path | None, generator: str | None, debug: bool
) -> None:
    """Answer QUESTION from the sources; every sentence cites its quote."""
    question = _decoded(question, "question")
    history = None
    if history_file is not None:
        history, notes = read_history(history_file)
        for note in notes:
            _echo(f"note: {note}", err=True)
    answer = _assistant().ask(question, history, generator, debug)
    if as_json:
        _emit_json(answer.to_dict())
    else:
        _print_answer(answer)


@main.command()
@_GENERATOR_OPTION
@_friendly
def chat(generator: str | None) -> None:
    """A multi-turn conversation in the terminal (empty line or Ctrl-D to quit)."""
    assistant = _assistant()
    history: list[dict[str, str]] = []
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Bytes that are not UTF-8 reach _decoded() instead of ending the conversation.
        sys.stdin.reconfigure(errors="surrogateescape")
    _echo("Ask about the paper and its cases. Empty line or Ctrl-D to quit.")
    while True:
        try:
            line = input("\nyou> ")
        except EOFError:
            _echo()
            return
        except UnicodeDecodeError:
            _echo("error: that line could not be read as text; type it again", err=True)
            continue
        question = _decoded(line, "question").strip()
        if not question:
            return
        try:
            answer = assistant.ask(question, history, generator)
        except CivassistError as exc:  # one turn failed; the conversation goes on
            _echo(f"error: {_one_line(str(exc))}", err=True)
            continue
        if answer.standalone_question != question:
            _echo(f"(understood as: {answer.standalone_question})", dim=True)
        _print_answer(answer)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.answer},
        ]


def _judge(assistant: Any, name: str | None) -> Any:
    """The eval judge over generator ``name``'s chat model, or None."""
    if name is None:
        return None
    from civassist.evals.judge import Judge

    return Judge(assistant.generator(name).chat_model, assistant.settings.prompts, name)


def _parse_minimums(items: tuple[str, ...]) -> dict[str, float]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise InputError(f"--fail-under takes METRIC=VALUE, got {item!r}")
    return out


@main.command(name="eval")
@click.option(
    "--questions",
    "question_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="JSONL question set(s) (default: evals/questions*.jsonl).",
)
@click.option(
    "--briefings",
    "briefing_arg",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="FILE",
    help="Also brief and score these reference topics (alone: evals/briefings.jsonl).",
)
@click.option(
    "--split",
    type=click.Choice(["all", "dev", "test"]),
    default="all",
    show_default=True,
    help="Run one split only; with all, the reports show dev and test side by side.",
)
@click.option(
    "--split-file",
    type=click.Path(path_type=Path),
    default=None,
    help='{"dev": [ids], "test": [ids]} (default: a split.json beside the sets, if any).',
)
@_GENERATOR_OPTION
@click.option(
    "--report",
    "report_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for results.jsonl, summary.json, summary.md, report.html (and compare.html "
    "or history.html with --compare or --history).",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    default=None,
    help="An earlier run's report folder to compare with.",
)
@click.option(
    "--fail-under",
    "fail_under",
    multiple=True,
    metavar="METRIC=VALUE",
    help="Fail when a metric is below VALUE (e.g. hit@5=0.8, per_kind.list.hit@5=0.7).",
)
@click.option(
    "--gate",
    is_flag=True,
    help="Also apply the minimums in evals/thresholds.toml ([minimum], [minimum.test], ...).",
)
@click.option(
    "--thresholds",
    "thresholds_file",
    type=click.Path(path_type=Path),
    default=None,
    help="The minimums --gate applies (default: evals/thresholds.toml).",
)
@click.option(
    "--judge",
    type=click.Choice(registry.MODEL_NAMES),
    default=None,
    help="Add model-judged metrics (judge_faithfulness, judge_answer_relevance) from this "
    "generator's model; labelled as model-judged in the reports.",
)
@click.option(
    "--compare",
    "compare_runs",
    nargs=2,
    type=click.Path(path_type=Path),
    default=None,
    help="Compare two run folders A B, write B/compare.html (or --report DIR) and exit.",
)
@click.option(
    "--history",
    "history_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Chart the headline metrics over the run folders in DIR, write DIR/history.html "
    "(or --report DIR) and exit.",
)
@click.option("--last", default=20, show_default=True, help="How many runs --history shows.")
@_friendly
def eval_command(
    question_files: tuple[Path, ...],
    briefing_arg: str | None,
    split: str,
    split_file: Path | None,
    generator: str | None,
    report_dir: Path | None,
    baseline: Path | None,
    fail_under: tuple[str, ...],
    gate: bool,
    thresholds_file: Path | None,
    judge: str | None,
    compare_runs: tuple[Path, Path] | None,
    history_dir: Path | None,
    last: int,
) -> None:
    """Run reference questions (and briefings) and score retrieval, answers, citations and
    abstention, per split with 95 % intervals."""
    from civassist.evals import report as reports

    if compare_runs:
        from civassist.evals.compare import write_compare

        a, b = (reports.load_summary(p) for p in compare_runs)
        _echo(f"{'metric':28} {'A':>10} {'B':>10} {'B-A':>10}")
        for name, va, vb in reports.compare(a, b):
            delta = (
                f"{vb - va:+.3f}"
                if isinstance(va, float | int) and isinstance(vb, float | int)
                else ""
            )
            _echo(f"{name:28} {reports.fmt(va):>10} {reports.fmt(vb):>10} {delta:>10}")
        path = write_compare(*compare_runs, report_dir or compare_runs[1])
        _echo(f"comparison written to {path}", err=True)
        return
    if history_dir:
        from civassist.evals.history import write_history

        path = write_history(history_dir, report_dir or history_dir, last)
        click.echo(f"history written to {path}", err=True)
        return
    from civassist.evals.gate import gate_all, load_thresholds
    from civassist.evals.suite import evaluate, load_suite

    assistant = _assistant()
    settings = assistant.settings
    briefing_file = None if briefing_arg is None else Path(briefing_arg)
    if briefing_arg == "":
        briefing_file = settings.evals / "briefings.jsonl"
    for file in question_files:
        check_input(Path(file), "question file")
    suite = load_suite(
        settings.knowledge,
        list(question_files) or sorted(settings.evals.glob("questions*.jsonl")),
        briefing_file,
        split_file,
        split,
    )
    if assistant.status().chunks == 0:
        assistant.ingest(progress=_progress)
    result = evaluate(
        assistant, suite, generator, progress=_progress, judge=_judge(assistant, judge)
    )
    base = reports.load_summary(baseline) if baseline else None
    if report_dir:
        base_rows = reports.load_rows(baseline) if baseline else None
        reports.write_run(result, report_dir, base, base_rows)
        _echo(f"report written to {report_dir}/report.html", err=True)
    _echo(reports.summary_markdown(result.summary, base))
    thresholds_file = thresholds_file or settings.evals / "thresholds.toml"
    thresholds = load_thresholds(thresholds_file) if gate else {None: {}}
    thresholds[None] = {**thresholds.get(None, {}), **_parse_minimums(fail_under)}
    failures = gate_all(result.summary, thresholds, split)
    for failure in failures:
        _echo(f"FAIL: {failure}", err=True)
    if failures:
        sys.exit(1)


@main.command()
@click.argument("topic")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx", "pdf", "json"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write here (required for docx and pdf); default: standard output.",
)
@click.option(
    "--length", type=click.Choice(["short", "standard"]), default="standard", show_default=True
)
@_GENERATOR_OPTION
@_friendly
def brief(topic: str, fmt: str, output: Path | None, length: str, generator: str | None) -> None:
    """A one-page briefing on TOPIC: bottom line, key points, cases, recommendations, caveats."""
    from civassist.export import render_briefing, write_atomically

    if output is None and fmt in ("docx", "pdf"):
        raise InputError(f"--format {fmt} needs an output file: add -o briefing.{fmt}")
    if output is not None:
        check_output(output)
    topic = _decoded(topic, "topic")
    briefing = _assistant().brief(topic, length=length, generator=generator)
    data = render_briefing(briefing, fmt)
    if output is None:
        _echo(data.decode("utf-8"), nl=False)
    else:
        check_output(output)  # again: the briefing took a while
        write_atomically(output, data)
        _echo(f"briefing written to {output}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--auth",
    default=None,
    metavar="USER:PASS",
    help="Require this login (or set CIVASSIST_AUTH); needed to bind beyond loopback.",
)
@_friendly
def serve(host: str, port: int, auth: str | None) -> None:
    """Open the chat in the browser (Gradio), indexing the knowledge folder first if needed."""
    from civassist.web.app import serve as serve_app

    serve_app(_assistant(), host=host, port=port, auth=auth, progress=_progress)


@main.group()
def feedback() -> None:
    """Thumbs up/down saved from the chat."""


@feedback.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write eval questions (JSONL) here instead of standard output.",
)
@click.option("--only", type=click.Choice(["all", "down", "up"]), default="all", show_default=True)
@_friendly
def feedback_export(output: Path | None, only: str) -> None:
    """Turn saved feedback into eval questions (the evals/questions.jsonl format)."""
    from civassist.feedback import FeedbackStore

    store = FeedbackStore(_assistant().settings)
    lines = [json.dumps(case, ensure_ascii=False) for case in store.export_cases(only)]
    text = "\n".join(lines) + ("\n" if lines else "")
    if output is None:
        _echo(text, nl=False)
    else:
        check_output(output)
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {output}: {exc}") from exc
        _echo(f"{len(lines)} case(s) written to {output}", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_friendly
def status(as_json: bool) -> None:
    """What is indexed, where, and with which embedding model."""
    info = _assistant().status()
    if as_json:
        _emit_json(info.to_dict())
        return
    _echo(f"documents:       {info.documents}")
    _echo(f"chunks:          {info.chunks}")
    _echo(f"store:           {info.store} ({info.location})")
    _echo(f"embedding model: {info.embedding_model or '-'}")
    _echo(f"index version:   {info.generation or 'none: run `civassist ingest`'}")
    _echo(f"knowledge:       {info.knowledge}")


if __name__ == "__main__":
    main()
