"""Every module of civassist imports, and imports nothing but the standard library, civassist
itself and distributions that pyproject.toml declares (not one that merely happens to be
installed as another package's dependency, as scikit-learn was for the stopword list)."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import pytest

import civassist

PACKAGE = Path(civassist.__file__).resolve().parent
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"

# Imports every module, recording the top-level names that civassist's own modules import.
PROBE = r"""
import builtins, importlib, json, pkgutil, sys
seen = set()
real_import = builtins.__import__
def recording(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__") or ""
    if level == 0 and importer.split(".")[0] == "civassist":
        seen.add(name.split(".")[0])
    return real_import(name, globals, locals, fromlist, level)
builtins.__import__ = recording
import pytest

import civassist
failed = {}
for info in pkgutil.walk_packages(civassist.__path__, "civassist."):
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed[info.name] = f"{type(exc).__name__}: {exc}"
print(json.dumps({"imported": sorted(seen), "failed": failed}))
"""


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    """Distributions named in ``dependencies`` and the optional extras other than ``dev``."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    requirements = [*project["dependencies"]]
    requirements += [r for name, rs in extras.items() if name != "dev" for r in rs]
    return {_normal(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in requirements}  # type: ignore[union-attr]


def _undeclared(names: Iterable[str]) -> list[str]:
    declared, providers = _declared(), metadata.packages_distributions()
    out = []
    for name in names:
        if name in sys.stdlib_module_names or name in ("civassist", "__future__"):
            continue
        dists = {_normal(d) for d in providers.get(name, [])} or {_normal(name)}
        if not dists & declared:
            out.append(name)
    return sorted(out)


def _imported_in_source() -> dict[str, set[str]]:
    """Top-level names in every import statement of the package, lazy ones included."""
    out: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                out.setdefault(name.split(".")[0], set()).add(str(path.relative_to(PACKAGE)))
    return out


def test_the_check_tells_declared_from_merely_installed() -> None:
    assert _undeclared(["yaml", "docx", "Stemmer", "gradio", "json", "civassist"]) == []
    assert _undeclared(["sklearn"]) == ["sklearn"]  # installed (for sentence-transformers) only


def test_no_import_statement_names_an_undeclared_distribution() -> None:
    imported = _imported_in_source()
    assert {n: sorted(imported[n]) for n in _undeclared(imported)} == {}


@pytest.mark.slow
def test_every_module_imports_with_declared_dependencies_only() -> None:
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    assert len(report["imported"]) > 10 and _undeclared(report["imported"]) == []
