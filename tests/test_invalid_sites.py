"""Each broken site under tests/sites/invalid/ fails with its problem at its place, changing nothing.

A case folder holds files laid over a copy of the default site, and `expected.yaml`: the
file, line (and column, field, hint where they matter) and part of the message a person
should see. `remove:` lists files to delete first; `pad:` grows a file past the size cap.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import SITES, run_cli, snapshot

CASES = sorted(p for p in (SITES / "invalid").iterdir() if p.is_dir())


def prepare(case: Path, site: Path) -> dict[str, Any]:
    """Lay the case over the site; return what it expects."""
    expected: dict[str, Any] = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    for rel in expected.get("remove", []):
        (site / rel).unlink()
    for path in sorted(case.rglob("*")):
        if path.is_file() and path.name != "expected.yaml":
            target = site / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if "pad" in expected:
        with (site / expected["pad"]["file"]).open("a", encoding="utf-8") as handle:
            handle.write("#" * expected["pad"]["bytes"] + "\n")
    return expected


def test_there_are_at_least_thirty_cases() -> None:
    """The catalogue of mistakes stays broad."""
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_site_fails_at_the_right_place(case: Path, site: Path) -> None:
    """`build` exits 1 with `file:line:col: field: message` and leaves the previous build/ as it was."""
    assert run_cli(site, "build").exit_code == 0
    before = snapshot(site / "build")
    expected = prepare(case, site)

    result = run_cli(site, "build")
    assert result.exit_code == 1, result.output
    where = expected["file"]
    if "line" in expected:
        where += f":{expected['line']}"
        if "column" in expected:
            where += f":{expected['column']}"
    lines = [line for line in result.stderr.splitlines() if line.startswith(where + ":")]
    assert lines, f"no diagnostic at {where} in:\n{result.stderr}"
    matching = [line for line in lines if expected["message"] in line]
    assert matching, f"{expected['message']!r} not in {lines}"
    if "field" in expected:
        assert any(f": {expected['field']}: " in line for line in matching), matching
    if "hint" in expected:
        assert f"hint: {expected['hint']}" in result.stderr or expected["hint"] in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(site / "build") == before, "a failed build must not touch build/"

    checked = run_cli(site, "check", "--format", "json")
    assert checked.exit_code == 1
    problems = json.loads(checked.stdout)
    assert any(p["path"] == expected["file"] and expected["message"] in p["message"] for p in problems)
