"""The web app: rendering (escaping, citation links, panels, suggestions), the serve rules, and
the running app through gradio_client, 20 sessions at once."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"  # before gradio_client is imported: it must not look up a hub
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import contextlib
import gc
import json
import socket
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from civassist.cli import main
from civassist.errors import CivassistError, InputError
from civassist.index.snapshot import DocumentRecord
from civassist.settings import Settings
from civassist.types import Answer, Chunk, Citation, Passage
from civassist.web import library, panels, render, suggestions
from civassist.web.roles import KnowledgeRoles

PASSAGE = "Founding and founders\n\nAGRA was announced in 2006 by <b>two</b> foundations & others."
QUOTE = "AGRA was announced in 2006 by <b>two</b> foundations"


def _answer(**changes: Any) -> Answer:
    values: dict[str, Any] = {
        "question": "Who founded <i>AGRA</i>?",
        "standalone_question": "Who founded <i>AGRA</i>?",
        "answer": "AGRA was announced in 2006 [1]. <script>x()</script> [7]\n- first [1]\n- second",
        "abstained": False,
        "citations": [
            Citation(1, "cases/agra.md", "AGRA", "Founding and founders", PASSAGE, QUOTE, 0, 9)
        ],
        "passages": [
            Passage(1, "c1", "cases/agra.md", "AGRA", "Founding and founders", PASSAGE, 0, 9, 0.1)
        ],
        "generator": "extractive",
        "notice": None,
        "timings_ms": {"total": 812.0},
    }
    values.update(changes)
    return Answer(**values)


# ---- render ---------------------------------------------------------------------------------


def test_answer_markers_become_links_and_everything_else_is_escaped() -> None:
    html = render.answer_message(_answer(), turn=3)["content"]
    assert (
        '<a class="cite-chip" href="#cite-3-1" title="AGRA › Founding and founders">1</a>' in html
    )
    assert "&lt;script&gt;x()&lt;/script&gt;" in html and "<script>" not in html
    assert "[7]" in html  # a marker without a citation stays text
    assert "<ul><li>first <a" in html and "<li>second</li></ul>" in html
    assert "msg-final" in html and "1 source · extractive · 0.8 s" in html


def test_user_question_and_rewrite_are_escaped() -> None:
    assert "&lt;i&gt;" in render.user_message("<i>hi</i>")["content"]
    html = render.answer_message(_answer(question="When was it founded?"), turn=0)["content"]
    assert "Understood as: <em>Who founded &lt;i&gt;AGRA&lt;/i&gt;?</em>" in html


def test_abstention_and_fallback_are_shown_as_such() -> None:
    abstained = _answer(
        abstained=True, citations=[], notice="The sources do not cover this question."
    )
    html = render.answer_message(abstained, turn=2)["content"]
    assert "msg-abstained" in html and "notice-abstain" in html and "Not in the sources." in html
    assert '<a class="passage-link" href="#passage-2-0">AGRA › Founding and founders</a>' in html
    assert "answer-body" not in html
    fallback = _answer(notice="The local generator failed; this is an extractive answer.")
    html = render.answer_message(fallback, turn=0)["content"]
    assert 'class="notice notice-warn"><strong>Note.</strong> The local generator failed' in html


def test_pending_message_marks_the_quick_answer_and_the_draft_and_escapes_both() -> None:
    preview = _answer(answer="Quote <i> [1]", notice="The cited passages do not mention <X>.")
    html = render.pending_message("Writing the answer (local)", "<b>draft", preview)["content"]
    assert "Quick answer quoted from the passages" in html
    assert "Quote &lt;i&gt; [1]" in html and "&lt;b&gt;draft" in html
    assert "do not mention &lt;X&gt;." in html  # the preview's premise note comes with it
    assert html.index("preview-label") < html.index("draft-label")
    plain = render.pending_message("Searching")["content"]
    assert "preview" not in plain and "draft" not in plain


def test_progressive_reveal_shows_the_first_words_only() -> None:
    answer = _answer(answer="one two three four five six seven [1].")
    steps = render.reveal_steps(answer.answer, max_steps=3, min_words=2)
    assert steps == [3, 6]
    html = render.answer_message(answer, turn=0, words=3)["content"]
    assert "one two three" in html and "four" not in html and "msg-streaming" in html
    assert render.first_words("a b\n- c d", 3) == "a b\n- c"


def test_passage_view_highlights_the_quote_escaped() -> None:
    ref = panels.Ref.parse("#cite-0-1")
    assert ref == panels.Ref("cite", 0, 1)
    assert panels.Ref.parse("#cite-0-1@7") == ref  # the page script counts clicks
    html = panels.sources_panel(_answer(), 0, ref)
    assert (
        "<mark>AGRA was announced in 2006 by &lt;b&gt;two&lt;/b&gt; foundations</mark> "
        "&amp; others." in html
    )
    assert '<div class="pv-section">Founding and founders</div>' in html
    assert 'class="card selected" href="#cite-0-1"' in html
    closest = panels.sources_panel(
        _answer(abstained=True, citations=[]), 0, panels.Ref.parse("passage-0-0")
    )
    assert "No passage supported an answer" in closest and "<mark>" not in closest
    assert panels.Ref.parse("cite-x-1") is None and panels.Ref.parse("#other-1-1") is None
    assert render.highlight_quote("<a>", "missing") == "&lt;a&gt;"


def test_copy_text_is_plain_with_numbered_sources() -> None:
    text = render.copy_text(_answer())
    assert text.endswith(f"[1] AGRA › Founding and founders: “{QUOTE}”")
    assert "<" in text  # plain text for the clipboard, not HTML


def test_library_shows_markup_in_knowledge_files_as_text() -> None:
    chunks = [
        Chunk("x#1", "cases/xss.md", "XSS <b>case</b>", "", "Intro <img src=x onerror=f()>", 0, 9, 0),
        Chunk("x#2", "cases/xss.md", "XSS <b>case</b>", "S <script>", "<script>f()</script>", 9, 20, 1),
    ]  # fmt: skip
    html = library.library_view(chunks, "cases/xss.md", library.ALL_SECTIONS, {"as_of": "<2024>"})
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;f()&lt;/script&gt;" in html and "&lt;img src=x onerror=f()&gt;" in html
    assert "Facts as of &lt;2024&gt;" in html
    assert library.section_choices(chunks, "cases/xss.md") == [
        ("All sections", "*"), ("(opening)", ""), ("S <script>", "S <script>")
    ]  # fmt: skip
    only = library.library_view(chunks, "cases/xss.md", "S <script>")
    assert "Passage 2" in only and "Passage 1" not in only


def _doc(source: str, title: str, **meta: Any) -> DocumentRecord:
    return DocumentRecord(source, title, "hash", "md", (), meta)


DOCS = {
    "notes/alpha.md": _doc("notes/alpha.md", "Alpha notes"),
    "cases/the-paper.md": _doc("cases/the-paper.md", "The Real Paper", kind="policy paper"),
    "zeta.md": _doc("zeta.md", "Zeta Fund (ZF)"),
}
ROLE_CHUNKS = [
    Chunk("p#0", "cases/the-paper.md", "The Real Paper", "I. Growth Models", "I. Growth Models\n\nx", 0, 9, 0),
    Chunk("p#1", "cases/the-paper.md", "The Real Paper", "II. Trade Links", "II. Trade Links\n\ny", 9, 20, 1),
    Chunk("z#0", "zeta.md", "Zeta Fund (ZF)", "Founding and founders", "ZF was founded.", 0, 9, 0),
    Chunk("z#1", "zeta.md", "Zeta Fund (ZF)", "Headquarters", "ZF sits in Lima.", 9, 20, 1),
]  # fmt: skip


def test_the_paper_is_chosen_by_front_matter_or_setting_never_by_folder() -> None:
    roles = KnowledgeRoles.of(DOCS)
    assert roles.paper == "cases/the-paper.md" and roles.header_title == "The Real Paper"
    assert roles.is_case("notes/alpha.md") and roles.is_case("zeta.md")
    assert not roles.is_case("cases/the-paper.md")
    chosen = KnowledgeRoles.of(DOCS, chosen="zeta.md")  # CIVASSIST_PAPER=zeta.md
    assert chosen.paper == "zeta.md" and chosen.header_title == "Zeta Fund (ZF)"
    assert KnowledgeRoles.of(DOCS, chosen="missing.md").paper == "cases/the-paper.md"
    nothing = KnowledgeRoles.of({"a.md": _doc("a.md", "A")})
    assert nothing.paper is None and nothing.header_title == "the knowledge base"
    assert "The Real Paper" in render.page_header(roles.header_title)


def test_suggestions_and_document_order_follow_the_roles() -> None:
    roles = KnowledgeRoles.of(DOCS)
    assert suggestions.starter_questions(ROLE_CHUNKS, roles) == [
        "What does the paper say about “Growth Models”?",
        "What does the paper say about “Trade Links”?",
        "Who founded ZF?",
    ]
    assert [s for _, s in library.document_choices(ROLE_CHUNKS, roles)] == [
        "cases/the-paper.md", "zeta.md"
    ]  # fmt: skip
    as_paper = suggestions.starter_questions(ROLE_CHUNKS, KnowledgeRoles.of(DOCS, "zeta.md"))
    assert as_paper == [
        "What does the paper say about “Founding and founders”?",
        "What does the paper say about “Headquarters”?",
    ]


def test_every_web_module_is_under_300_lines() -> None:
    folder = Path(render.__file__).parent
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert len(sizes) >= 8 and max(sizes.values()) < 300, sizes


def test_chat_outputs_are_named_once_with_the_chat_first() -> None:
    from civassist.web.chat import ChatView

    names = [f for f in ChatView.__dataclass_fields__ if f != "suggestions"]
    view = ChatView(**{n: n for n in names}, suggestions=("s0", "s1"))
    assert view.outputs[0] == "chatbot"
    assert view.outputs == [*names[:6], "s0", "s1", *names[6:]]


def test_briefing_files_keep_one_folder_per_session_and_go_at_exit(tmp_path: Path) -> None:
    from civassist.web.briefing_tab import BriefingFiles

    files = BriefingFiles(cap=2, parent=tmp_path)
    first = files.folder("session-a")
    (first / "old.md").write_text("x", encoding="utf-8")
    assert files.folder("session-a") == first and list(first.iterdir()) == []
    files.folder("session-b")
    files.folder("../../session c")  # a hostile session id stays inside the root
    assert files.root is not None
    assert sorted(p.name for p in files.root.iterdir()) == ["session-b", "sessionc"]
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == [files.root.name]
    files.close()
    assert [p for p in tmp_path.iterdir() if p.name != "home"] == []


@pytest.mark.e2e
def test_briefing_files_are_rendered_on_one_thread_whatever_thread_asks(
    assistant: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """lxml (python-docx) keeps parser state per thread for the thread's life: rendering on
    each of Gradio's worker threads grew the server's RSS with every briefing (the soak)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    import civassist.export
    from civassist.web.briefing_tab import BriefingFiles, BriefingHandlers

    real = civassist.export.render_briefing
    threads: set[int] = set()

    def recording(briefing: Any, fmt: str) -> bytes:
        threads.add(threading.get_ident())
        return real(briefing, fmt)

    monkeypatch.setattr(civassist.export, "render_briefing", recording)
    handlers = BriefingHandlers(assistant, BriefingFiles(parent=tmp_path))

    def write(n: int) -> tuple[Any, ...]:
        request = SimpleNamespace(session_hash=f"session-{n}")
        return handlers.write("Challenges facing South-South cooperation", "short", request)  # type: ignore[arg-type]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(write, range(4)))
    handlers.files.close()
    for shown, *buttons in results:
        assert "## Bottom line" in shown
        assert all(b.interactive for b in buttons)
    assert len(threads) == 1 and threading.get_ident() not in threads


@pytest.mark.e2e
def test_suggestions_come_from_the_index(assistant: Any) -> None:
    chunks = assistant.retriever.chunks()
    roles = KnowledgeRoles.of(assistant.retriever.snapshot().documents)
    assert roles.paper == "paper.md"  # its front matter says `kind: "policy paper"`
    starters = suggestions.starter_questions(chunks, roles)
    assert len(starters) == 6
    assert "Who founded AGRA?" in starters
    assert sum(q.startswith("What does the paper say about “") for q in starters) == 3
    answer = assistant.ask("Who founded AGRA?")
    follow = suggestions.follow_up_questions(answer, chunks, roles)
    assert follow and "Who founded AGRA?" not in follow
    assert "Where is AGRA headquartered?" in follow  # the next section of the AGRA case
    titles = [label for label, _ in library.document_choices(chunks, roles)]
    assert titles[0].endswith("(paper.md)")


# ---- serve rules ----------------------------------------------------------------------------


def test_only_loopback_may_go_without_a_login() -> None:
    from civassist.web.app import login_for

    assert login_for("127.0.0.1", None) is None
    assert login_for("localhost", None) is None
    assert login_for("::1", None) is None
    assert login_for("0.0.0.0", "ann:s3cret:x") == ("ann", "s3cret:x")
    with pytest.raises(InputError, match=r"binding to 0\.0\.0\.0 would let other machines"):
        login_for("0.0.0.0", None)
    with pytest.raises(InputError, match="USER:PASS"):
        login_for("127.0.0.1", "nopassword")


class _Stop(Exception):
    pass


class _Unstartable:
    settings = Settings()

    def status(self) -> Any:
        raise _Stop


def test_serve_checks_the_login_first_and_reads_civassist_auth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from civassist.web.app import serve

    with pytest.raises(InputError, match="--auth USER:PASS"):
        serve(_Unstartable(), host="0.0.0.0")  # type: ignore[arg-type]
    monkeypatch.setenv("CIVASSIST_AUTH", "ann:pw")
    with pytest.raises(_Stop):  # got past the login check, to the index
        serve(_Unstartable(), host="0.0.0.0")  # type: ignore[arg-type]


def test_cli_serve_refuses_an_open_bind_without_auth() -> None:
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "error: binding to 0.0.0.0" in result.output


def test_generator_choices_show_only_usable_ones() -> None:
    from civassist.web.app import available_generators

    assert available_generators(Settings.load(local_model="no-such-model")) == ["extractive"]
    with_server = Settings.load(local_model="no-such-model", openai_base_url="http://x:9/v1")
    assert available_generators(with_server) == ["extractive", "openai"]
    try:
        from civassist.generation.llama_server import MODELS, part_files

        part_files(MODELS[Settings.load().local_model])
        installed = True
    except CivassistError:
        installed = False
    assert ("local" in available_generators(Settings.load())) == installed


# ---- the running app, through gradio_client --------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _gradio_loops_quiet() -> Iterator[None]:
    """Gradio's ``safe_get_lock`` replaces the thread's event loop without closing the old one
    (third-party noise): while Gradio builds, starts or stops, those loops are collected
    without their ResourceWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield
        gc.collect()


@pytest.fixture(scope="module")
def app_url(assistant: Any) -> Iterator[str]:
    from civassist.web.app import build_app, launch

    port = _free_port()
    with _gradio_loops_quiet():
        demo = build_app(assistant)
        launch(demo, "127.0.0.1", port, None, block=False)
    yield f"http://127.0.0.1:{port}"
    with _gradio_loops_quiet():
        demo.close()


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def _text(message: dict[str, Any]) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(p.get("text", "") for p in content)


SUBJECTS = (
    "AGRA AIIB SELA GCI UNOSSC NAM BAPA UNDP FAO WTO IMF BRICS ASEAN NDB UNCTAD OECD IFAD WFP "
    "ECLAC SADC"
).split()


@pytest.mark.e2e
@pytest.mark.slow
def test_twenty_sessions_keep_their_own_history(app_url: str) -> None:
    """Each session asks about its own subject, then "When was it founded?": the rewrite (from
    the session's gr.State history in the chat, and from the history sent to the API) must name
    that session's subject and no other."""

    def session(subject: str) -> dict[str, Any]:
        client = _client(app_url)
        first = f"What does the paper say about {subject}?"
        chat = client.predict(first, "extractive", api_name="/chat")[0]
        chat = client.predict("When was it founded?", "extractive", api_name="/chat")[0]
        history = [
            {"role": "user", "content": first},
            {"role": "assistant", "content": "(an earlier answer)"},
        ]
        answer = client.predict("When was it founded?", json.dumps(history), "", api_name="/ask")
        return {"subject": subject, "chat": chat, "answer": answer}

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(SUBJECTS)) as pool:
        futures = [pool.submit(session, s) for s in SUBJECTS]
    errors = [f.exception() for f in futures if f.exception() is not None]
    assert errors == []
    elapsed = time.perf_counter() - started
    for result in (f.result() for f in futures):
        subject, chat = result["subject"], result["chat"]
        expected = f"When was {subject} founded?"
        users = [_text(m) for m in chat if m["role"] == "user"]
        assert users == [
            f'<div class="user-q">What does the paper say about {subject}?</div>',
            '<div class="user-q">When was it founded?</div>',
        ]
        assert f"Understood as: <em>{expected}</em>" in _text(chat[-1])
        others = [s for s in SUBJECTS if s != subject and f" {s} " in f" {_text(chat[-1])} "]
        assert not [s for s in others if f"Understood as: <em>When was {s}" in _text(chat[-1])]
        assert result["answer"]["standalone_question"] == expected
    assert elapsed < 120, f"20 sessions took {elapsed:.0f}s"


@pytest.mark.e2e
def test_chat_answer_is_cited_and_questions_are_escaped(app_url: str) -> None:
    client = _client(app_url)
    chat = client.predict("Who founded AGRA?", "extractive", api_name="/chat")[0]
    html = _text(chat[-1])
    assert "msg-final" in html and 'class="cite-chip" href="#cite-0-1"' in html
    chat = client.predict('<img src=x onerror="alert(1)">', "extractive", api_name="/chat")[0]
    assert _text(chat[2]) == (
        '<div class="user-q">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</div>'
    )


@pytest.mark.e2e
def test_api_reports_bad_input_as_an_error(app_url: str) -> None:
    from gradio_client.exceptions import AppError

    client = _client(app_url)
    with pytest.raises(AppError, match="history is not valid JSON"):
        client.predict("Who founded AGRA?", "[not json", "", api_name="/ask")
    with pytest.raises(AppError, match="the question is empty"):
        client.predict("   ", "[]", "", api_name="/ask")


def _download(update: dict[str, Any]) -> tuple[str, bytes]:
    """The file a download button offers, fetched over HTTP as the browser would."""
    import urllib.request

    assert update["interactive"] is True
    value = update["value"]
    with urllib.request.urlopen(value["url"], timeout=30) as response:
        return value["orig_name"], response.read()


@pytest.mark.e2e
def test_briefing_tab_writes_a_cited_briefing_and_its_three_files(app_url: str) -> None:
    import io
    import re

    from docx import Document
    from pypdf import PdfReader

    client = _client(app_url)
    shown, *buttons = client.predict(
        "how the paper proposes to institutionalise South-South cooperation",
        "standard",
        api_name="/brief",
    )
    for heading in ("## Bottom line", "## Key points", "## Recommendations", "## Sources"):
        assert heading in shown
    marks = set(re.findall(r"\[(\d+)\]", shown))
    assert "1" in marks
    files = dict(_download(b) for b in buttons)
    names = sorted(Path(n).suffix for n in files)
    assert names == [".docx", ".md", ".pdf"]
    content = {Path(n).suffix: data for n, data in files.items()}
    assert content[".md"].decode("utf-8").strip() == shown.strip()
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(content[".docx"])).paragraphs)
    pdf = PdfReader(io.BytesIO(content[".pdf"]))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    for text in (docx_text, pdf_text):
        assert "Bottom line" in text and "Sources" in text
        assert marks <= set(re.findall(r"\[(\d+)\]", text))


@pytest.mark.e2e
def test_briefing_tab_reports_bad_topics_in_the_page(app_url: str) -> None:
    client = _client(app_url)
    shown, *buttons = client.predict("   ", "standard", api_name="/brief")
    assert shown.startswith("**Could not write the briefing:**") and "empty" in shown
    assert all(b["interactive"] is False and not b.get("value") for b in buttons)


# ---- the web edge: headers, Host check, login throttle ---------------------------------------


def _http(
    url: str, path: str, host: str | None = None, method: str = "GET", form: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP request (with any ``Host``), as a browser or an attacker's page would send."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Host": host} if host else {}
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=form, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_allowed_hosts_follow_the_bind_and_the_setting() -> None:
    from civassist.web.security import LOOPBACK_NAMES, allowed_hosts

    assert allowed_hosts("127.0.0.1") == LOOPBACK_NAMES
    assert allowed_hosts("localhost", "Chat.Example.org:443, [::1]") == LOOPBACK_NAMES | {
        "chat.example.org"
    }
    assert allowed_hosts("192.168.1.5") == {"192.168.1.5"}
    assert allowed_hosts("0.0.0.0") is None  # needs a login; the deployment knows its names
    assert allowed_hosts("0.0.0.0", "chat.example.org") == LOOPBACK_NAMES | {"chat.example.org"}
    assert allowed_hosts("127.0.0.1", "*") is None


def test_login_throttle_doubles_the_wait_after_five_failures() -> None:
    from civassist.web.security import MAX_LOGIN_DELAY, LoginThrottle

    now = [100.0]
    throttle = LoginThrottle(clock=lambda: now[0])
    for _ in range(5):
        assert throttle.wait("a") == 0
        throttle.failed("a")
    assert throttle.wait("a") == 1.0 and throttle.wait("b") == 0
    now[0] += 1.0
    assert throttle.wait("a") == 0
    throttle.failed("a")
    assert throttle.wait("a") == 2.0
    throttle.failed("a")
    assert throttle.wait("a") == 4.0
    for _ in range(30):
        throttle.failed("a")
    assert throttle.wait("a") == MAX_LOGIN_DELAY
    throttle.succeeded("a")
    assert throttle.wait("a") == 0


@pytest.fixture
def guarded_url() -> Iterator[str]:
    """A small Gradio page behind a login, launched the way ``serve`` launches the chat, with
    one extra allowed host (as ``CIVASSIST_ALLOWED_HOSTS`` gives it)."""
    import gradio as gr

    from civassist.web.app import launch

    port = _free_port()
    with _gradio_loops_quiet():
        with gr.Blocks() as demo:
            gr.Markdown("guarded")
        launch(demo, "127.0.0.1", port, ("ann", "s3cret"), block=False, hosts="chat.example.org")
    yield f"http://127.0.0.1:{port}"
    with _gradio_loops_quiet():
        demo.close()


def test_other_host_names_are_refused_and_logins_are_throttled(guarded_url: str) -> None:
    port = guarded_url.rsplit(":", 1)[1]
    for host in (f"rebound.attacker.example:{port}", "127.0.0.2", ""):
        status, headers, _ = _http(guarded_url, "/", host=host or " ")
        assert status == 421 and headers["x-frame-options"] == "DENY"
    assert _http(guarded_url, "/config", host=f"rebound.attacker.example:{port}")[0] == 421
    for host in (f"localhost:{port}", f"[::1]:{port}", "chat.example.org"):
        assert _http(guarded_url, "/gradio_api/login_check", host=host)[0] == 401  # reached Gradio
    wrong, right = "username=ann&password=nope", "username=ann&password=s3cret"
    for _ in range(5):
        assert _http(guarded_url, "/login", method="POST", form=wrong)[0] == 400
    status, headers, body = _http(guarded_url, "/login", method="POST", form=right)
    assert status == 429 and headers["retry-after"] == "1"
    assert b"too many failed logins" in body
    time.sleep(1.1)
    assert _http(guarded_url, "/login", method="POST", form=wrong)[0] == 400
    status, headers, _ = _http(guarded_url, "/login", method="POST", form=right)
    assert status == 429 and headers["retry-after"] == "2"
    time.sleep(2.1)
    assert _http(guarded_url, "/login", method="POST", form=right)[0] == 200
    assert _http(guarded_url, "/login", method="POST", form=wrong)[0] == 400  # count reset


@pytest.mark.e2e
def test_the_page_has_security_headers_and_only_nonced_scripts(app_url: str) -> None:
    import re

    status, headers, page = _http(app_url, "/")
    assert status == 200
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    csp = headers["content-security-policy"]
    nonce = re.search(r"'nonce-([\w-]+)'", csp)
    assert nonce is not None and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    script_src = next(d for d in csp.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "http" not in script_src
    tags = re.findall(rb"<script\b[^>]*>", page)
    assert len(tags) >= 4 and all(f'nonce="{nonce.group(1)}"'.encode() in t for t in tags)
    assert b'src="civassist/static/civassist.js"' in page
    assert nonce.group(1) not in _http(app_url, "/")[1]["content-security-policy"]  # per page
    status, headers, script = _http(app_url, "/civassist/static/civassist.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert b"cite-ref" in script and headers["x-content-type-options"] == "nosniff"
    assert _http(app_url, "/civassist/static/../app.py")[0] == 404
    assert _http(app_url, "/civassist/static/missing.js")[0] == 404
    assert _http(app_url, "/config")[1]["x-frame-options"] == "DENY"
