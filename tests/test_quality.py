"""The code stays ruff- and mypy-clean, checked by the same suite CI runs."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a Python tool module from this environment in the repository root."""
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_ruff_lint_is_clean() -> None:
    """ruff finds nothing to complain about."""
    done = run_tool("ruff", "check", "src", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean() -> None:
    """The code is formatted as ruff formats it."""
    done = run_tool("ruff", "format", "--check", "src", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_is_clean() -> None:
    """mypy --strict (configured in pyproject.toml) finds no type errors."""
    done = run_tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
