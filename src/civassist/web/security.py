"""The web edge's protections, as one ASGI middleware in front of Gradio's routes.

- Every response carries ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: no-referrer`` and a Content-Security-Policy. Scripts run only from this
  server's own files or from the page's inline scripts that carry the response's nonce, which
  this middleware adds to Gradio's page; no inline handlers, no other host, no framing.
- A request whose ``Host`` is not one this server answers to gets 421, so a web page on another
  name cannot reach a loopback server through DNS rebinding (``CIVASSIST_ALLOWED_HOSTS`` adds
  the names a proxy forwards; ``*`` allows any).
- After :data:`FREE_LOGIN_FAILURES` failed logins a client waits 1 s, then 2 s, 4 s … (at most
  :data:`MAX_LOGIN_DELAY`) before another login is looked at (429 with ``Retry-After``).
- A request body over :data:`MAX_REQUEST_BYTES` gets 413 with a one-line reason (one whose
  length is not declared is cut off there).
- The page's own script and style (``static/``) are served under :data:`STATIC_PREFIX`.
"""

from __future__ import annotations

import ipaddress
import json
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FREE_LOGIN_FAILURES = 5
# The largest thing a client sends is an ``ask`` call: a question (at most 100,000 characters
# with CIVASSIST_MAX_QUESTION_CHARS at its top, up to 6 bytes each as JSON escapes) and a history
# of at most 2 MB (history_input.MAX_HISTORY_BYTES), JSON-quoted once more. The page has no upload.
MAX_REQUEST_BYTES = 4_000_000
_LIMIT_TEXT = f"the limit is {MAX_REQUEST_BYTES // 10**6} MB (shorten the question or history)"
MAX_LOGIN_DELAY = 300.0  # seconds
STATIC_PREFIX = "/civassist/static/"
PAGE_SCRIPT = "civassist.js"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARDS = frozenset({"", "0.0.0.0", "::"})
_SCRIPT_TAG = re.compile(rb"<script(?=[\s>])")
_STATIC_TYPES = {".js": b"text/javascript; charset=utf-8", ".css": b"text/css; charset=utf-8"}


def content_security_policy(nonce: str | None = None) -> str:
    """The page's CSP; inline scripts need ``nonce``.

    Two loosenings, both for Gradio 6's own front end: its HTML component compiles every
    template with ``Function()`` (so ``'unsafe-eval'``; the HTML it shows is a value passed to
    that function, never code), and it sets inline styles. Inline scripts and event-handler
    attributes stay blocked, so markup that got past the escaping still could not run.
    """
    scripts = "'self'" + (f" 'nonce-{nonce}'" if nonce else "") + " 'unsafe-eval'"
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "media-src 'self' data: blob:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def allowed_hosts(bound: str, extra: str = "") -> frozenset[str] | None:
    """The ``Host`` names the server answers to, or None for any.

    A loopback server answers to the loopback names, a server bound to one address to that
    address; ``extra`` (comma-separated, the ``allowed_hosts`` setting) adds names, and ``*``
    allows any. A wildcard bind (``0.0.0.0``) needs a login anyway and, without ``extra``,
    answers to any name, since the names that reach it are the deployment's to know.
    """
    names = {_normalise(n) for n in extra.split(",") if n.strip()}
    if "*" in names:
        return None
    host = _normalise(bound)
    if host in _WILDCARDS:
        return frozenset(names | LOOPBACK_NAMES) if names else None
    if is_loopback(host):
        names |= LOOPBACK_NAMES
    return frozenset(names | {host})


class LoginThrottle:
    """Failed logins per client; a client past the free failures waits, doubling each time."""

    def __init__(
        self,
        free: int = FREE_LOGIN_FAILURES,
        first_delay: float = 1.0,
        max_delay: float = MAX_LOGIN_DELAY,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.free, self.first_delay, self.max_delay = free, first_delay, max_delay
        self.clock, self.max_clients = clock, max_clients
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()

    def wait(self, client: str) -> float:
        """Seconds ``client`` must still wait before its next login is checked (0: none)."""
        count, last = self._failures.get(client, (0, 0.0))
        if count < self.free:
            return 0.0
        delay = min(self.max_delay, self.first_delay * 2.0 ** (count - self.free))
        return max(0.0, last + delay - self.clock())

    def failed(self, client: str) -> None:
        count, _ = self._failures.pop(client, (0, 0.0))
        self._failures[client] = (count + 1, self.clock())
        while len(self._failures) > self.max_clients:
            self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)


class WebGuard:
    """The ASGI middleware described in the module docstring."""

    def __init__(
        self, app: ASGIApp, hosts: frozenset[str] | None, throttle: LoginThrottle | None = None
    ) -> None:
        self.app, self.hosts = app, hosts
        self.throttle = throttle or LoginThrottle()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self.hosts is not None and _host_of(scope) not in self.hosts:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await _plain(send, 421, "this server does not answer to that host name")
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path.startswith(STATIC_PREFIX) and scope.get("method") in ("GET", "HEAD"):
            await _static(send, path[len(STATIC_PREFIX) :])
            return
        declared = _content_length(scope)
        if declared > MAX_REQUEST_BYTES:
            await _plain(send, 413, f"the request is {declared / 1e6:.1f} MB; {_LIMIT_TEXT}")
            return
        receive = _bounded(receive, MAX_REQUEST_BYTES) if declared < 0 else receive
        client = (scope.get("client") or ("?", 0))[0]
        login = scope.get("method") == "POST" and path.rstrip("/").endswith("/login")
        if login:
            wait = self.throttle.wait(client)
            if wait > 0:
                seconds = int(wait) + 1
                text = f"too many failed logins: try again in {seconds} s"
                await _plain(send, 429, text, [(b"retry-after", str(seconds).encode())])
                return
        nonce = secrets.token_urlsafe(16)
        body: list[bytes] = []
        started: Message = {}

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                if login and message["status"] == 200:
                    self.throttle.succeeded(client)
                elif login and message["status"] in (400, 401, 403):
                    self.throttle.failed(client)
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in
                           (b"x-frame-options", b"content-security-policy")]  # fmt: skip
                is_page = _is_html(headers) and scope.get("method") != "HEAD"
                headers += _security_headers(nonce if is_page else None)
                message["headers"] = headers
                if is_page:  # held back until the whole page is read, to add the nonces
                    started.update(message)
                    return
            elif message["type"] == "http.response.body" and started:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = _with_nonce(b"".join(body), nonce)
                headers = [(k, v) for k, v in started["headers"] if k.lower() != b"content-length"]
                started["headers"] = [*headers, (b"content-length", str(len(page)).encode())]
                await send(started)
                message = {"type": "http.response.body", "body": page, "more_body": False}
            await send(message)

        await self.app(scope, receive, guarded_send)


def _with_nonce(page: bytes, nonce: str) -> bytes:
    """Gradio's page with the nonce on each script tag and the page script before ``</head>``."""
    tag = f'<script nonce="{nonce}"'.encode()
    page = _SCRIPT_TAG.sub(tag, page)
    script = f'{tag.decode()} src="civassist/static/{PAGE_SCRIPT}" defer></script></head>'
    return page.replace(b"</head>", script.encode(), 1)


def _security_headers(nonce: str | None) -> list[tuple[bytes, bytes]]:
    return [
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"content-security-policy", content_security_policy(nonce).encode()),
    ]


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    values = {k.lower(): v.lower() for k, v in headers}
    return values.get(b"content-type", b"").startswith(b"text/html") and (
        values.get(b"content-encoding", b"identity") == b"identity"
    )


async def _static(send: Send, name: str) -> None:
    folder = resources.files("civassist.web") / "static"
    names = {entry.name for entry in folder.iterdir() if entry.is_file()}
    kind = _STATIC_TYPES.get("." + name.rsplit(".", 1)[-1]) if name in names else None
    if kind is None:
        await _plain(send, 404, "not found")
        return
    data = (folder / name).read_bytes()
    headers = [(b"content-type", kind), (b"content-length", str(len(data)).encode()),
               (b"cache-control", b"no-cache"), *_security_headers(None)]  # fmt: skip
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": data})


async def _plain(
    send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    data = json.dumps({"detail": text}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
               *(extra or []), *_security_headers(None)]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


def _content_length(scope: Scope) -> int:
    """The declared body length, or -1 when none is declared (or it is not a number)."""
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            return int(value) if value.strip().isdigit() else -1
    return -1


def _bounded(receive: Receive, limit: int) -> Receive:
    """``receive`` that reports a disconnect once more than ``limit`` body bytes came."""
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        return {"type": "http.disconnect"} if seen > limit else message

    return bounded


def _host_of(scope: Scope) -> str:
    for key, value in scope.get("headers", []):
        if key == b"host":
            return _normalise(value.decode("latin-1"))
    return ""


def _normalise(host: str) -> str:
    """``Example.org:7860`` → ``example.org``; ``[::1]:7860`` → ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost`` or a loopback address)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
