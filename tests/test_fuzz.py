"""A fuzzer over content files: whatever a file holds, the pipeline answers with diagnostics, not a crash.

Each case mutates one content file of the default site (byte flips, deleted or doubled lines,
renamed keys, swapped values, odd tags, dates and anchors, changed indentation) and runs the
whole pipeline in memory without its error boundary, so any exception fails the test with its
traceback. The cases are drawn from a fixed seed: a failure reproduces.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from llmdiff_site.build import _gather_site
from llmdiff_site.errors import Severity
from llmdiff_site.project import Project
from tests.conftest import REPO, copy_site

CASES = int(os.environ.get("LLMDIFF_FUZZ_CASES", "5000"))
SEED = int(os.environ.get("LLMDIFF_FUZZ_SEED", "20261127"))

VALUES = [
    "[]",
    "{}",
    "null",
    "~",
    "yes",
    "No",
    "0.30",
    "12:30",
    "1_000",
    "0x1F",
    "0o17",
    "-1e999",
    ".inf",
    ".nan",
    "2026-02-30",
    "2026-13-01",
    "2026-01-01 25:00:00",
    "!!int abc",
    "!!float 1x",
    "!!bool maybe",
    "!!timestamp yesterday",
    "!!binary aGk=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!python/object:os.system x",
    "!custom x",
    "*nowhere",
    "&anchor x",
    '"unclosed',
    "'unclosed",
    '"\\u0000 nul escape"',
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "#7aa2ff",
    "x" * 3000,
    "[" * 200 + "x" + "](y)" * 50,
    "|\n  block text",
    ">-\n  folded text",
    "- a\n- b",
    "a: b: c",
    "\t",
    "",
]
KEYS = [
    "nmae",
    "Name",
    "id",
    "order",
    "family",
    "families",
    "values",
    "items",
    "<<",
    "? complex",
    "1",
    "true",
]
BYTES = [0x00, 0x09, 0x0A, 0x1B, 0x22, 0x23, 0x26, 0x27, 0x2A, 0x2D, 0x3A, 0x5B, 0x7B, 0x7F, 0xC3, 0xFF]


def mutate(text: str, rng: random.Random) -> bytes:
    """One random change of the kinds people and tools make."""
    lines = text.split("\n")
    kind = rng.randrange(8)
    i = rng.randrange(len(lines))
    if kind == 0:  # flip a byte
        raw = bytearray(text.encode("utf-8"))
        raw[rng.randrange(len(raw))] = rng.choice(BYTES)
        return bytes(raw)
    if kind == 1:
        del lines[i]
    elif kind == 2:
        lines.insert(i, lines[i])
    elif kind == 3 and ":" in lines[i]:  # rename a key
        indent = len(lines[i]) - len(lines[i].lstrip(" -"))
        lines[i] = lines[i][:indent] + rng.choice(KEYS) + ":" + lines[i].split(":", 1)[1]
    elif kind == 4 and ": " in lines[i]:  # swap a value
        key = lines[i].split(": ", 1)[0]
        value = rng.choice(VALUES).replace("\n", "\n" + " " * (len(key) - len(key.lstrip()) + 2))
        lines[i] = f"{key}: {value}"
    elif kind == 5:  # change the indentation
        lines[i] = (" " * rng.choice([1, 2, 3, 4])) + lines[i] if rng.random() < 0.5 else lines[i].lstrip()
    elif kind == 6:  # a stray line
        lines.insert(
            i, rng.choice(["junk", "- item", "key:", ": value", "---", "...", "&a x: *a", "%YAML 1.1"])
        )
    else:  # an anchor and alias pair
        lines.insert(i, "shared: &s " + rng.choice(VALUES[:12]))
        lines.insert(min(i + 2, len(lines)), "again: *s")
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def test_no_content_file_crashes_the_pipeline(tmp_path: Path) -> None:
    """Thousands of mutated files: each run ends in pages or located diagnostics, never an exception."""
    site = copy_site(REPO, tmp_path / "site")
    files = sorted(p for p in (site / "content").rglob("*.yaml"))
    originals = {p: p.read_text(encoding="utf-8") for p in files}
    project = Project.at(site)
    rng = random.Random(SEED)
    outcomes = {"built": 0, "refused": 0}
    for case in range(CASES):
        path = rng.choice(files)
        path.write_bytes(mutate(originals[path], rng))
        try:
            result, diagnostics = _gather_site(project, None)
        except Exception as exc:
            raise AssertionError(
                f"case {case}: {path.name} raised; content was:\n{path.read_text(errors='replace')}"
            ) from exc
        finally:
            path.write_text(originals[path], encoding="utf-8")
        errors = [d for d in diagnostics if d.severity is Severity.ERROR]
        assert result is not None or errors, f"case {case}: no site and no error"
        assert all(d.path and d.message for d in diagnostics), f"case {case}: {diagnostics}"
        outcomes["built" if result is not None else "refused"] += 1
    assert outcomes["built"] > CASES // 10 and outcomes["refused"] > CASES // 10, outcomes
