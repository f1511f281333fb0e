"""Measurements of whole processes: cold CLI wall time and the resident memory of `serve`."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def bench_env(home: Path, knowledge: Path) -> dict[str, str]:
    return dict(
        os.environ,
        CIVASSIST_HOME=str(home),
        CIVASSIST_KNOWLEDGE=str(knowledge),
        HF_HUB_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
        ANONYMIZED_TELEMETRY="False",
    )


def wall_times(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall seconds of ``runs`` cold runs of ``command`` (each must succeed)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {result.stderr[-1000:]}")
    return times


def cold_runs(home: Path, knowledge: Path, question: str, runs: int) -> dict[str, float]:
    """Median wall of a cold `civassist ask --json` against the bare import floor."""
    env = bench_env(home, knowledge)
    floor = wall_times([sys.executable, "-c", "import onnxruntime, chromadb"], env, runs)
    ask = wall_times([sys.executable, "-m", "civassist.cli", "ask", "--json", question], env, runs)
    return {
        "floor_s_median": round(statistics.median(floor), 3),
        "ask_s_median": round(statistics.median(ask), 3),
        "ratio": round(statistics.median(ask) / statistics.median(floor), 2),
        "runs": runs,
        "floor_s": [round(t, 3) for t in floor],
        "ask_s": [round(t, 3) for t in ask],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def serve_memory(home: Path, knowledge: Path, timeout: float = 900) -> dict[str, float]:
    """Start `civassist serve` on an indexed home; its RSS once it answers HTTP, and after a
    few page loads; then stop it with SIGTERM."""
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "civassist.cli", "serve", "--port", str(port)],
        env=bench_env(home, knowledge),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode()[-1000:] if process.stderr else ""
                raise RuntimeError(f"serve exited with {process.returncode}: {err}")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"serve did not answer within {timeout} s")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        ready = time.perf_counter() - started
        rss_ready = _status_kb(process.pid, "VmRSS")
        for _ in range(3):
            with urllib.request.urlopen(url, timeout=30) as response:
                response.read()
        return {
            "ready_s": round(ready, 2),
            "rss_mb_ready": round(rss_ready / 1024, 1),
            "rss_mb_after_pages": round(_status_kb(process.pid, "VmRSS") / 1024, 1),
            "peak_rss_mb": round(_status_kb(process.pid, "VmHWM") / 1024, 1),
        }
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
