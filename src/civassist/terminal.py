"""Text crossing the terminal edge: input decoded once, output without control sequences."""

from __future__ import annotations

import contextlib
import re

# Lone surrogates: what Python makes of bytes that are not UTF-8 in argv or stdin
# (surrogateescape), or what a JSON "\ud800" escape decodes to. Nothing downstream can encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls except tab and newline, DEL, and C1 controls: ESC ] 0 ; ... BEL retitles a
# terminal, CSI sequences move the cursor or clear the screen.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_C1 = re.compile("[\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def decode_input(text: str) -> tuple[str, bool]:
    """``text`` with undecodable bytes and lone surrogates replaced by U+FFFD, and whether any were.

    Bytes that surrogateescape kept are decoded as UTF-8 where they form valid sequences.
    """
    if not _SURROGATE.search(text):
        return text, False
    # A surrogate that was never a byte (from JSON, say) cannot be re-encoded: replaced below.
    with contextlib.suppress(UnicodeEncodeError):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _SURROGATE.sub(REPLACEMENT, text), True


def for_terminal(text: str) -> str:
    """``text`` without the control characters a terminal would act on (newline and tab kept)."""
    text = text.replace("\r\n", "\n")
    return _CONTROL.sub("", text)


def json_for_terminal(text: str) -> str:
    """JSON text with DEL and C1 controls escaped (``json.dumps`` escapes only C0)."""
    return _C1.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
