"""The benchmark harness keeps working: `--quick` runs every workload once and prints its tables."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_quick_benchmark_prints_its_table_and_targets() -> None:
    """Small sizes, one run: the table has a row per workload and every target has a ratio."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for row in ("| default page |", "| 60 pages, a file each |", "| pairs: all, 20 families |"):
        assert row in out, out
    targets = [
        line for line in out.splitlines() if line.startswith("| ") and line.endswith((" yes |", " no |"))
    ]
    assert len(targets) >= 4, out
    assert any("serve, default page" in line for line in targets)
