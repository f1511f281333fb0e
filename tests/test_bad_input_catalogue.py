"""The bad-input catalogue (issue 12): hostile inputs across the CLI, each answered with a
one-line message (never a traceback) and its documented exit status, after which `status` and
`search` still work.

Exit statuses: 0 done (a note may say what was replaced); 1 a file or the index failed (for
`ingest`: every file given failed); 2 bad input (a setting, an argument, an input file);
3 `ingest` indexed some files and not others.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from civassist.cli import main
from civassist.settings import Settings

from . import hostile_files
from .conftest import KNOWLEDGE
from .test_hostile import ALIAS_BOMB

pytestmark = pytest.mark.e2e

Setup = Callable[[Path], tuple[list[str], dict[str, str]]]


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    code: int
    says: str  # a fragment of the one-line message (or of the note, for code 0)
    stdin: bytes | None = None
    env: dict[str, str] = field(default_factory=dict)


def _args(*args: str, **env: str) -> Setup:
    return lambda _tmp: (list(args), dict(env))


def _file(name: str, data: bytes | str, *before: str, after: tuple[str, ...] = ()) -> Setup:
    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return [*before, str(path), *after], {}

    return setup


def _special(name: str, kind: str, *before: str, after: tuple[str, ...] = ()) -> Setup:
    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        path = tmp / name
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "device":
            path.symlink_to("/dev/zero")
        elif kind == "dir":
            path.mkdir()
        elif kind == "socket":
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(str(path))
            sock.close()  # the socket file stays
        elif kind == "symlink":
            (tmp / "real.txt").write_text("keep")
            path.symlink_to(tmp / "real.txt")
        return [*before, str(path), *after], {}

    return setup


def _docx(content_types: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
    return buffer.getvalue()


def _built(name: str, build: Callable[[], bytes], *before: str) -> Setup:
    """A hostile file built when its case runs (some take a second to make)."""

    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        return _file(name, build(), *before)(tmp)

    return setup


def _beside_good(name: str, build: Callable[[], bytes]) -> Setup:
    """A hostile file ingested with a good one: the run goes on and indexes the good one."""

    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        (tmp / "good-zebu.md").write_text("# Zebu\n\nThe zebu memo is fine.\n")
        (tmp / name).write_bytes(build())
        return ["ingest", str(tmp / name), str(tmp / "good-zebu.md")], {}

    return setup


def _home_is_file(*args: str) -> Setup:
    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        (tmp / "home-file").write_text("x")
        return list(args), {"CIVASSIST_HOME": str(tmp / "home-file")}

    return setup


def _home_under_file(*args: str) -> Setup:
    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        (tmp / "home-file").write_text("x")
        return list(args), {"CIVASSIST_HOME": str(tmp / "home-file" / "home")}

    return setup


def _config(text: str, *args: str) -> Setup:
    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        (tmp / "config.toml").write_text(text)
        return list(args), {"CIVASSIST_CONFIG": str(tmp / "config.toml")}

    return setup


def _both(good: str, bad: bytes) -> Setup:
    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        (tmp / "good-zebu.md").write_text(f"# Zebu\n\n{good}\n")
        (tmp / "bad.md").write_bytes(bad)
        return ["ingest", str(tmp / "good-zebu.md"), str(tmp / "bad.md")], {}

    return setup


def _feedback(lines: str, *args: str) -> Setup:
    def setup(tmp: Path) -> tuple[list[str], dict[str, str]]:
        home = tmp / "feedback-home"
        home.mkdir()
        (home / "feedback.jsonl").write_text(lines)
        return list(args), {"CIVASSIST_HOME": str(home)}

    return setup


HISTORY_OK = '[{"role": "user", "content": "Who founded AGRA? \\ud800"}]'

CASES = [
    # ingest
    Case("ingest-missing", _args("ingest", "/nonexistent/civassist.md"), 1, "no such file"),
    Case("ingest-fifo", _special("pipe.md", "fifo", "ingest"), 1, "not a regular file (a FIFO)"),
    Case("ingest-socket", _special("sock.md", "socket", "ingest"), 1, "not a regular file"),
    Case("ingest-device", _special("zero.md", "device", "ingest"), 1, "(a device)"),
    Case("ingest-self-link", _special("self.md", "loop", "ingest"), 1, "loops"),
    Case("ingest-alias-bomb", _file("bomb.md", ALIAS_BOMB, "ingest"), 1, "aliases"),
    Case(
        "ingest-huge-front-matter",
        _file("fm.md", "---\nt: " + "x" * 20_000 + "\n---\n# T\n\nText.\n", "ingest"),
        1,
        "front matter is over",
    ),
    Case(
        "ingest-front-matter-mapping-title",
        _file("fm2.md", "---\ntitle: {a: [1]}\n---\n# T\n\nText.\n", "ingest"),
        1,
        "must be a string",
    ),
    Case("ingest-corrupt-docx", _file("c.docx", _docx(b"<notxml"), "ingest"), 1, "XMLSyntax"),
    Case("ingest-random-docx", _file("r.docx", os.urandom(2000), "ingest"), 1, "DOCX"),
    Case("ingest-garbage-pdf", _file("g.pdf", b"%PDF-1.4\n" + b"\x00" * 300, "ingest"), 1, "PDF"),
    # packed formats: zip bombs and page bombs, refused per file
    Case(
        "ingest-docx-zip-bomb", _built("z.docx", hostile_files.docx_zip_bomb, "ingest"), 1, "bomb"
    ),
    Case(
        "ingest-docx-many-members",
        _built("m.docx", lambda: hostile_files.docx_many_members(2_001), "ingest"),
        1,
        "members, over the limit of 2,000",
    ),
    Case(
        "ingest-docx-declared-short",
        _built("s.docx", lambda: hostile_files.docx_declaring("word/document.xml", 99), "ingest"),
        1,
        "Bad CRC-32",
    ),
    Case(
        "ingest-docx-text-over-limit",
        _built("t.docx", lambda: hostile_files.real_docx("zebu " * 400), "ingest"),
        1,
        "over the limit of 1,000 characters",
        env={"CIVASSIST_MAX_FILE_CHARS": "1000"},
    ),
    Case(
        "ingest-docx-bomb-and-good", _beside_good("b.docx", hostile_files.docx_zip_bomb), 3, "bomb"
    ),
    Case(
        "ingest-pdf-many-pages",
        _built("p.pdf", lambda: hostile_files.pdf_blank_pages(2_001), "ingest"),
        1,
        "2,001 pages, over the limit",
    ),
    Case(
        "ingest-pdf-flate-bomb", _built("f.pdf", hostile_files.pdf_flate_bomb, "ingest"), 1, "limit"
    ),
    Case(
        "ingest-pdf-text-over-limit",
        _built("t.pdf", lambda: hostile_files.pdf_text_pages(3), "ingest"),
        1,
        "over the limit of 1,000 characters by page 1",
        env={"CIVASSIST_MAX_FILE_CHARS": "1000"},
    ),
    Case("ingest-empty", _file("empty.md", b"", "ingest"), 1, "empty"),
    Case("ingest-nul-bytes", _file("nul.md", b"# a\x00b\n", "ingest"), 1, "binary"),
    Case(
        "ingest-latin1", _file("l1.txt", "Caf\xe9 au lait".encode("latin-1"), "ingest"), 1, "UTF-8"
    ),
    Case("ingest-unsupported", _file("notes.xyz", "hello", "ingest"), 1, "unsupported"),
    Case("ingest-some-failed", _both("The zebu memo is fine.", b"\xff\xfe"), 3, "UTF-8"),
    Case("ingest-chunk-tokens-0", _args("ingest", CIVASSIST_CHUNK_TOKENS="0"), 2, "CHUNK_TOKENS"),
    Case(
        "ingest-chunk-tokens-neg", _args("ingest", CIVASSIST_CHUNK_TOKENS="-5"), 2, "CHUNK_TOKENS"
    ),
    Case(
        "ingest-home-in-proc",
        _args("ingest", CIVASSIST_HOME="/proc/civassist"),
        1,
        "CIVASSIST_HOME",
    ),
    Case("ingest-home-is-file", _home_is_file("ingest"), 2, "CIVASSIST_HOME"),
    # settings, for any command
    Case("status-home-under-file", _home_under_file("status"), 2, "CIVASSIST_HOME"),
    Case("search-top-k-0", _args("search", "AIIB", CIVASSIST_TOP_K="0"), 2, "CIVASSIST_TOP_K"),
    Case(
        "search-rrf-k-text", _args("search", "AIIB", CIVASSIST_RRF_K="many"), 2, "CIVASSIST_RRF_K"
    ),
    Case("search-bad-toml", _config("chunk_tokens = [", "search", "AIIB"), 2, "not valid TOML"),
    Case("search-unknown-setting", _config("colour = 'red'\n", "search", "AIIB"), 2, "unknown"),
    Case("search-toml-wrong-type", _config("top_k = [1]\n", "search", "AIIB"), 2, "TOP_K"),
    # search
    Case("search-empty", _args("search", ""), 2, "empty"),
    Case("search-blank", _args("search", "  \t "), 2, "empty"),
    Case("search-invalid-utf8", _args("search", "AIIB \udcff members"), 0, "not valid UTF-8"),
    Case("search-lone-surrogate", _args("search", "AIIB \ud800"), 0, "not valid UTF-8"),
    Case("search-overlong", _args("search", "AIIB " * 20_000), 2, "limit"),
    Case("search-k-zero", _args("search", "-k", "0", "AIIB"), 2, "Invalid value"),
    # ask
    Case("ask-invalid-utf8", _args("ask", "How many members does AIIB have? \udcff"), 0, "UTF-8"),
    Case("ask-empty", _args("ask", " "), 2, "empty"),
    Case("ask-bad-generator", _args("ask", "--generator", "gpt9", "Q?"), 2, "Invalid value"),
    Case("ask-min-support-nan", _args("ask", "Q?", CIVASSIST_MIN_SUPPORT="nan"), 2, "MIN_SUPPORT"),
    Case(
        "ask-history-deep",
        _file("deep.json", "[" * 100_000 + "]" * 100_000, "ask", "--history", after=("Q?",)),
        2,
        "nested",
    ),
    Case(
        "ask-history-huge",
        _file("huge.json", "[" + '"x",' * 600_000 + '"x"]', "ask", "--history", after=("Q?",)),
        2,
        "limit",
    ),
    Case(
        "ask-history-not-json",
        _file("h.json", "{oops", "ask", "--history", after=("Q?",)),
        2,
        "JSON",
    ),
    Case(
        "ask-history-not-list",
        _file("h.json", '{"a": 1}', "ask", "--history", after=("Q?",)),
        2,
        "list",
    ),
    Case(
        "ask-history-bad-role",
        _file("h.json", '[{"role": "system", "content": "x"}]', "ask", "--history", after=("Q?",)),
        2,
        "role",
    ),
    Case(
        "ask-history-too-many-turns",
        _file(
            "h.json",
            json.dumps([{"role": "user", "content": "a"}] * 1001),
            "ask",
            "--history",
            after=("Q?",),
        ),
        2,
        "limit",
    ),
    Case("ask-history-missing", _args("ask", "--history", "/nonexistent.json", "Q?"), 2, "history"),
    Case(
        "ask-history-fifo",
        _special("h.json", "fifo", "ask", "--history", after=("Q?",)),
        2,
        "regular",
    ),
    Case("ask-history-dir", _special("hd", "dir", "ask", "--history", after=("Q?",)), 2, "regular"),
    Case(
        "ask-history-invalid-bytes",
        _file(
            "h.json",
            b'[{"role": "user", "content": "AGRA \xff"}]',
            "ask",
            "--history",
            after=("And it?",),
        ),
        0,
        "not valid UTF-8",
    ),
    Case(
        "ask-history-lone-surrogate",
        _file("h.json", HISTORY_OK, "ask", "--history", after=("And its funders?",)),
        0,
        "invalid characters",
    ),
    # chat: an undecodable line is replaced, and the conversation goes on
    Case(
        "chat-invalid-utf8",
        _args("chat"),
        0,
        "not valid UTF-8",
        stdin=b"Who founded AGRA? \xff\nWho funds it?\n\n",
    ),
    # brief
    Case("brief-empty-topic", _args("brief", " "), 2, "empty"),
    Case("brief-pdf-no-output", _args("brief", "AIIB", "--format", "pdf"), 2, "needs an output"),
    Case(
        "brief-output-symlink",
        _special("b.md", "symlink", "brief", "AIIB", "-o"),
        2,
        "symbolic link",
    ),
    Case("brief-output-fifo", _special("b.md", "fifo", "brief", "AIIB", "-o"), 2, "not a regular"),
    Case("brief-output-dir", _special("bd", "dir", "brief", "AIIB", "-o"), 2, "folder"),
    Case("brief-invalid-utf8", _args("brief", "AIIB membership \udcff"), 0, "not valid UTF-8"),
    # eval
    Case(
        "eval-questions-missing",
        _args("eval", "--questions", "/nonexistent.jsonl"),
        2,
        "cannot read",
    ),
    Case(
        "eval-questions-fifo",
        _special("q.jsonl", "fifo", "eval", "--questions"),
        2,
        "not a regular",
    ),
    Case("eval-questions-bad-json", _file("q.jsonl", "{bad\n", "eval", "--questions"), 2, "JSON"),
    Case(
        "eval-questions-bad-bytes",
        _file("q.jsonl", b"\xff\xfe\x00", "eval", "--questions"),
        2,
        "q.jsonl",
    ),
    Case(
        "eval-compare-missing", _args("eval", "--compare", "/nope-a", "/nope-b"), 2, "summary.json"
    ),
    # feedback export
    Case(
        "feedback-corrupt-file", _feedback("garbage\n", "feedback", "export"), 2, "not a feedback"
    ),
    Case(
        "feedback-output-symlink",
        _special("f.jsonl", "symlink", "feedback", "export", "-o"),
        2,
        "symbolic",
    ),
    Case(
        "feedback-output-fifo",
        _special("f.jsonl", "fifo", "feedback", "export", "-o"),
        2,
        "not a regular",
    ),
]


@pytest.fixture(scope="module")
def catalogue_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """One small real index shared by the whole catalogue (the AIIB and AGRA cases)."""
    from civassist.ingest import ingest

    root = tmp_path_factory.mktemp("catalogue")
    knowledge = root / "knowledge" / "cases"
    knowledge.mkdir(parents=True)
    for name in ("aiib.md", "agra.md"):
        shutil.copy(KNOWLEDGE / "cases" / name, knowledge / name)
    settings = Settings.load(home=root / "home", knowledge=root / "knowledge")
    assert not ingest(settings).errors
    yield settings


def _invoke(args: list[str], env: dict[str, str], stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, args, env=env, input=stdin, catch_exceptions=True)


def _assert_one_line(result: Result, case: Case) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    if case.code == 0:
        notes = [line for line in lines if line.startswith("note:")]
        assert notes and any(case.says in n for n in notes), result.stderr
        return
    errors = [line for line in lines if line.lstrip().lower().startswith("error:")]
    assert errors, result.output
    assert any(case.says in line for line in errors), result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(
    case: Case, catalogue_home: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVASSIST_HOME", str(catalogue_home.home))
    monkeypatch.setenv("CIVASSIST_KNOWLEDGE", str(catalogue_home.knowledge))
    args, env = case.setup(tmp_path)
    result = _invoke(args, {**case.env, **env}, case.stdin)
    assert result.exit_code == case.code, result.output
    _assert_one_line(result, case)
    if case.id == "chat-invalid-utf8":
        assert result.stdout.count("[1]") >= 2  # both questions answered, with citations

    status = _invoke(["status", "--json"], {})
    assert status.exit_code == 0 and json.loads(status.stdout)["documents"] >= 2
    search = _invoke(["search", "--json", "-k", "1", "AIIB founding members"], {})
    assert search.exit_code == 0, search.output
    assert json.loads(search.stdout)["passages"][0]["source"] == "cases/aiib.md"


def test_catalogue_is_broad() -> None:
    commands = {c.id.split("-")[0] for c in CASES}
    assert len(CASES) >= 40
    assert {"ingest", "search", "ask", "brief", "eval", "feedback", "chat"} <= commands
