"""Bad input and faults at the web edge (issue 12): every error reaches the client as one line
of our own words; an unexpected one as a generic message whose id is in the log with the
traceback. Checked on the handlers and on the running app through gradio_client and raw HTTP."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"  # before gradio_client is imported: it must not look up a hub
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import contextlib
import gc
import http.client
import json
import logging
import re
import socket
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import gradio as gr
import pytest

from civassist.errors import BackendUnavailable, InputError
from civassist.web.faults import GENERIC, client_errors, client_message, decoded

GENERIC_START = GENERIC.split("{")[0]
_ID = re.compile(r"error id ([0-9a-f]{8})")


def test_our_errors_keep_their_words_on_one_line() -> None:
    assert client_message(InputError("the question\nis empty")) == "the question is empty"
    long = client_message(BackendUnavailable("x" * 2_000))
    assert len(long) == 500 and long.endswith("…")


def test_other_errors_become_a_generic_message_with_a_logged_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="civassist.web"):
        try:
            raise RuntimeError("secret /home/x/.local/share/civassist path")
        except RuntimeError as exc:
            said = client_message(exc, "test")
    assert said.startswith(GENERIC_START) and "secret" not in said
    match = _ID.search(said)
    assert match is not None
    record = next(r for r in caplog.records if match.group(1) in r.getMessage())
    assert record.exc_info is not None and "RuntimeError" in record.getMessage()


def test_client_errors_wraps_functions_and_generators() -> None:
    @client_errors
    def plain(x: int) -> int:
        return 10 // x

    @client_errors
    def stream(x: int) -> Iterator[int]:
        yield 1
        yield 10 // x

    @client_errors
    def ours() -> None:
        raise gr.Error("<b>as written</b>")

    assert plain(2) == 5 and list(stream(2)) == [1, 5]
    with pytest.raises(gr.Error) as caught:
        plain(0)
    assert caught.value.message.startswith(GENERIC_START)
    with pytest.raises(gr.Error):
        list(stream(0))
    with pytest.raises(gr.Error, match="<b>as written</b>"):
        ours()

    @client_errors
    def markup() -> None:
        raise InputError("unknown length '<img src=x>'")

    with pytest.raises(gr.Error) as caught:
        markup()
    assert caught.value.message == "unknown length '&lt;img src=x&gt;'"  # Gradio shows HTML


def test_decoded_replaces_lone_surrogates_once_with_a_note() -> None:
    notes: list[str] = []
    assert decoded("AIIB \ud800", "question", notes) == "AIIB \ufffd"
    assert decoded(None, "question", notes) == ""
    assert notes == ["Your question had characters that are not valid text; they were replaced "
                     "with \ufffd."]  # fmt: skip


# ---- the running app ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _gradio_loops_quiet() -> Iterator[None]:
    """Gradio leaves replaced event loops to the collector (third-party noise, as in
    tests/test_web.py)."""
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


def _app_error(call: Any) -> str:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError) as caught:
        call()
    return str(caught.value)


HOSTILE_ASKS = [
    ("empty", "   ", "[]", "", "the question is empty"),
    ("huge", "why " * 5_000, "[]", "", "the limit is 2,000"),
    ("deep-history", "Who founded AGRA?", "[" * 100_000 + "]" * 100_000, "", "nested over 32"),
    ("history-not-list", "Who founded AGRA?", '{"a": 1}', "", "must hold a JSON list"),
    ("history-not-json", "Who founded AGRA?", "[not json", "", "history is not valid JSON"),
    ("history-role", "Who?", '[{"role": "system", "content": "x"}]', "", "role"),
    ("history-long", "Who?", json.dumps([{"role": "user", "content": "a"}] * 1001), "", "limit"),
    ("generator", "Who founded AGRA?", "[]", "gpt9", "gpt9"),
]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("question", "history", "generator", "says"),
    [case[1:] for case in HOSTILE_ASKS],
    ids=[case[0] for case in HOSTILE_ASKS],
)
def test_bad_api_input_gets_one_line_of_our_words(
    app_url: str, question: str, history: str, generator: str, says: str
) -> None:
    said = _app_error(
        lambda: _client(app_url).predict(question, history, generator, api_name="/ask")
    )
    assert says in said, said
    assert "\n" not in said.strip() and "Traceback" not in said and "Error(" not in said
    assert not said.startswith(GENERIC_START)  # a known mistake, named; not a fault


def _call(url: str, api: str, data: list[Any]) -> tuple[str, Any]:
    """One call of a Gradio endpoint over plain HTTP, as any client may make it (JSON with
    ``\\ud800`` escapes, which gradio_client cannot send): the final event and its data."""
    body = json.dumps({"data": data}).encode()  # ensure_ascii: lone surrogates as escapes
    status, answer = _post(
        url, f"/gradio_api/call/{api}", body, {"Content-Type": "application/json"}
    )
    assert status == 200, answer
    event_id = json.loads(answer)["event_id"]
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request("GET", f"/gradio_api/call/{api}/{event_id}")
        stream = connection.getresponse().read().decode()
    finally:
        connection.close()
    events = re.findall(r"^event: (\w+)\ndata: (.*)$", stream, re.MULTILINE)
    event, payload = events[-1]
    return event, json.loads(payload)


@pytest.mark.e2e
def test_invalid_text_is_replaced_with_a_note_and_answered(app_url: str) -> None:
    history = json.dumps([{"role": "user", "content": "What is AGRA? \ud800"},
                          {"role": "assistant", "content": "An alliance."}])  # fmt: skip
    event, data = _call(app_url, "ask", ["Who founded AGRA? \udcff", history, ""])
    assert event == "complete", data
    answer = data[0]
    assert answer["citations"] and "\ufffd" in answer["question"]
    assert answer["input_notes"][0].startswith("Your question had characters")
    assert "a history turn had invalid characters; replaced" in answer["input_notes"]
    event, data = _call(app_url, "chat", ["Who founded AGRA? \ud800", "extractive"])
    chat = data[0]
    assert event == "complete" and "not valid text" in _text(chat[0])
    assert "msg-final" in _text(chat[-1])


@pytest.mark.e2e
def test_an_internal_fault_shows_a_generic_message_and_logs_its_id(
    app_url: str, assistant: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("chromadb internal state at /secret/home/index")

    for name in ("ask", "ask_stream", "brief"):
        monkeypatch.setattr(assistant, name, broken)
    client = _client(app_url)
    with caplog.at_level(logging.ERROR, logger="civassist.web"):
        said = _app_error(lambda: client.predict("Who founded AGRA?", "[]", "", api_name="/ask"))
        chat = client.predict("Who founded AGRA?", "extractive", api_name="/chat")[0]
        shown = client.predict("AGRA", "standard", api_name="/brief")[0]
    failed = _text(chat[-1])
    assert "msg-error" in failed
    for text in (said, failed, shown):
        assert GENERIC_START in text and "secret" not in text and "chromadb" not in text
    ids = {_ID.search(t).group(1) for t in (said, failed, shown)}  # type: ignore[union-attr]
    logged = "\n".join(r.getMessage() for r in caplog.records if r.exc_info)
    assert len(ids) == 3 and all(i in logged for i in ids)


def _post(url: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    except (BrokenPipeError, ConnectionResetError):
        return 413, b""  # refused before the whole body was sent
    finally:
        connection.close()


@pytest.mark.e2e
def test_a_request_over_the_size_limit_is_refused_with_a_reason(app_url: str) -> None:
    from civassist.web.security import MAX_REQUEST_BYTES

    huge = json.dumps({"data": ["x" * MAX_REQUEST_BYTES, "[]", ""]}).encode()
    status, body = _post(
        app_url, "/gradio_api/call/ask", huge, {"Content-Type": "application/json"}
    )
    assert status == 413
    if body:  # else the server refused before the client had sent it all
        assert json.loads(body)["detail"].startswith("the request is 4.0 MB; the limit is 4 MB")
    declared = {"Content-Type": "application/json", "Content-Length": str(MAX_REQUEST_BYTES + 1)}
    status, body = _post(app_url, "/gradio_api/queue/join", b"{}", declared)
    assert status == 413
    assert json.loads(body)["detail"] == (
        "the request is 4.0 MB; the limit is 4 MB (shorten the question or history)"
    )
    small = json.dumps({"data": ["Who founded AGRA?", "[]", ""]}).encode()
    status, body = _post(
        app_url, "/gradio_api/call/ask", small, {"Content-Type": "application/json"}
    )
    assert status == 200 and "event_id" in json.loads(body)


@pytest.mark.e2e
def test_sessions_kept_in_memory_are_capped(
    assistant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every API call is a Gradio session holding state; the oldest go past SESSION_CAPACITY."""
    from civassist.web import app

    monkeypatch.setattr(app, "SESSION_CAPACITY", 3)
    port = _free_port()
    with _gradio_loops_quiet():
        demo = app.build_app(assistant)
        app.launch(demo, "127.0.0.1", port, None, block=False)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(5):
            assert _call(url, "chat", ["Who founded AGRA?", "extractive"])[0] == "complete"
        sessions = demo.server_app.state_holder.session_data  # type: ignore[attr-defined]
        assert 0 < len(sessions) <= 3
    finally:
        with _gradio_loops_quiet():
            demo.close()
