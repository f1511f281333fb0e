"""Benchmark: the chat as students see it.

Starts `civassist serve` on a fresh home (so its first start indexes the knowledge folder), then
- in chromium (Playwright), times each question from Enter to the first answer words on screen
  (the status line, then the first streamed words) and to the complete, checked answer;
- reads the server's memory (RSS now and at peak);
- runs 20 sessions at once through gradio_client (two chat turns each, the second a follow-up,
  plus one call of the `ask` API), counting errors and timing the whole.
With --compare-concurrency 1,4,8 it also repeats the 20 sessions against in-process servers
with those queue limits. Prints one JSON object; figures go to docs/ui.md.

Run: .venv/bin/python bench/web_latency.py [--sessions 20] [--compare-concurrency 1,4,8]
Not a test: the numbers vary with load.
"""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"  # gradio_client must not look up a hub
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

QUESTIONS = [
    "Who founded AGRA?",
    "What are the main challenges facing South-South cooperation?",
    "What concept is the Global Civilization Initiative based on?",
    "Where is SELA headquartered?",
    "What does the paper recommend on digital cooperation?",
]
SUBJECTS = "AGRA AIIB SELA GCI UNOSSC NAM BAPA UNDP FAO WTO IMF BRICS ASEAN NDB UNCTAD".split()
SUBJECTS += "OECD IFAD WFP ECLAC SADC".split()
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]  # fmt: skip

# Installed before each question: records when Enter was pressed, when the status line, the
# first answer words and the final answer appeared (performance.now(), in the page).
TIMER_JS = """
() => {
  const chat = document.querySelector('#chat');
  const finals = () => chat.querySelectorAll('.msg-final, .msg-error').length;
  const before = finals();
  const T = window.__timing = {};
  document.querySelector('#question textarea').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') T.enter = performance.now();
  }, {once: true, capture: true});
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (T.enter === undefined) return;
    if (T.status === undefined && chat.querySelector('.msg-pending')) T.status = now;
    const done = finals() > before;
    if (T.first === undefined && (chat.querySelector('.msg-streaming') || done)) T.first = now;
    if (done) { T.final = now; observer.disconnect(); }
  });
  observer.observe(chat, {childList: true, subtree: true, characterData: true});
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)


def _memory_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields["rss_mb" if name == "VmRSS" else "peak_rss_mb"] = int(value.split()[0]) / 1024
    return {k: round(v, 1) for k, v in fields.items()}


def start_server(home: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVASSIST_", "OPENAI_"))}
    env.update(CIVASSIST_HOME=str(home), HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "civassist"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    while True:
        if process.poll() is not None:
            raise SystemExit("civassist serve exited before it listened")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return process, url, time.perf_counter() - started
        except OSError:
            time.sleep(0.25)


def browser_timings(url: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=LAUNCH_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("#suggestions button.suggestion", timeout=60_000)
        page_ready = time.perf_counter() - started
        for question in QUESTIONS:
            restart = page.locator('#chat button[aria-label="New conversation"]')
            if restart.count():  # the chat's toolbar shows once there are messages
                restart.click()
                page.wait_for_function("!document.querySelector('#chat .msg-final')")
            page.evaluate(TIMER_JS)
            page.fill("#question textarea", question)
            page.press("#question textarea", "Enter")
            page.wait_for_function("window.__timing.final !== undefined", timeout=60_000)
            t = page.evaluate("window.__timing")
            rows.append(
                {
                    "question": question,
                    "status_ms": round(t["status"] - t["enter"], 1),
                    "first_words_ms": round(t["first"] - t["enter"], 1),
                    "complete_ms": round(t["final"] - t["enter"], 1),
                }
            )
        browser.close()
    first = [r["first_words_ms"] for r in rows]
    complete = [r["complete_ms"] for r in rows]
    return {
        "page_ready_s": round(page_ready, 2),
        "questions": rows,
        "first_words_ms_p50": _pct(first, 0.5),
        "first_words_ms_max": max(first),
        "complete_ms_p50": _pct(complete, 0.5),
        "complete_ms_max": max(complete),
    }


def sessions(url: str, count: int) -> dict[str, Any]:
    """``count`` sessions at once: a question, a follow-up on it (chat), and one API call."""
    from gradio_client import Client

    def one(subject: str) -> list[float]:
        client = Client(url, verbose=False, download_files=False)
        times = []
        first = f"What does the paper say about {subject}?"
        for question in (first, "When was it founded?"):
            t0 = time.perf_counter()
            chat = client.predict(question, "extractive", api_name="/chat")[0]
            times.append(time.perf_counter() - t0)
        text = "".join(p.get("text", "") for p in chat[-1]["content"])
        if f"Understood as: <em>When was {subject} founded?</em>" not in text:
            raise AssertionError(f"session {subject} saw another history")
        history = json.dumps([{"role": "user", "content": first},
                              {"role": "assistant", "content": "(earlier answer)"}])  # fmt: skip
        t0 = time.perf_counter()
        answer = client.predict("When was it founded?", history, "", api_name="/ask")
        times.append(time.perf_counter() - t0)
        if answer["standalone_question"] != f"When was {subject} founded?":
            raise AssertionError(f"API session {subject} saw another history")
        return times

    names = (SUBJECTS * (count // len(SUBJECTS) + 1))[:count]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(one, name) for name in names]
    total = time.perf_counter() - started
    errors = [repr(f.exception()) for f in futures if f.exception() is not None]
    latencies = [t * 1000 for f in futures if f.exception() is None for t in f.result()]
    return {
        "sessions": count,
        "requests": 3 * count,
        "errors": len(errors),
        "error_examples": errors[:3],
        "total_s": round(total, 2),
        "request_ms_p50": _pct(latencies, 0.5) if latencies else None,
        "request_ms_p95": _pct(latencies, 0.95) if latencies else None,
        "request_ms_mean": round(statistics.fmean(latencies), 1) if latencies else None,
    }


def compare_concurrency(limits: list[int], count: int) -> dict[str, Any]:
    """The 20-session run against in-process servers with other queue limits."""
    import warnings

    from civassist.assistant import Assistant
    from civassist.web import app

    warnings.simplefilter("ignore", ResourceWarning)  # Gradio's unclosed helper event loops
    assistant = Assistant()
    assistant.ask(app.WARM_UP_QUESTION)
    out = {}
    default = app.CONCURRENCY
    for limit in limits:
        app.CONCURRENCY = limit
        demo = app.build_app(assistant)
        port = _free_port()
        app.launch(demo, "127.0.0.1", port, None, block=False)
        out[str(limit)] = sessions(f"http://127.0.0.1:{port}", count)
        demo.close()
    app.CONCURRENCY = default
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--compare-concurrency", default="", help="e.g. 1,4,8")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="civassist-web-") as tmp:
        home = Path(tmp) / "home"
        process, url, startup = start_server(home)
        try:
            result: dict[str, Any] = {"cold_start_s": round(startup, 1)}
            result["memory_idle"] = _memory_mb(process.pid)
            result["browser"] = browser_timings(url)
            result["memory_after_browser"] = _memory_mb(process.pid)
            result["concurrent"] = sessions(url, args.sessions)
            result["memory_after_sessions"] = _memory_mb(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
        if args.compare_concurrency:
            os.environ["CIVASSIST_HOME"] = str(home)
            limits = [int(x) for x in args.compare_concurrency.split(",") if x.strip()]
            result["by_concurrency_limit"] = compare_concurrency(limits, args.sessions)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
