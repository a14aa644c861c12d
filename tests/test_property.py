"""Property: whatever an editor does to the content, llmdiff builds or explains; it never crashes."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, copy_site, run_cli, snapshot

CONTENT_FILES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "content").rglob("*.yaml"))
JUNK = st.sampled_from(
    ["\t", ":", "- ", "{", "]", "&a ", "*a", "!!python/name:os.system ", '"', "\x00", "\ufeff", "#", "\n  "]
)
REPLACEMENTS: list[Any] = [None, 0, 3.5, True, "", "text", [], ["x"], {}, {"k": "v"}, "2026-13-45"]


def paths_in(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path inside a loaded YAML value."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, (*prefix, index))
    return found


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    """The container that holds the value at `path`."""
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, Any]:
    """A file and one mutation: delete a key, swap a type, insert junk, or duplicate a line."""
    rel = draw(st.sampled_from(CONTENT_FILES))
    kind = draw(st.sampled_from(["delete", "swap", "junk", "duplicate"]))
    text = (REPO / rel).read_text(encoding="utf-8")
    if kind in ("delete", "swap"):
        data = yaml.safe_load(text)
        path = draw(st.sampled_from(paths_in(data)))
        return rel, kind, (path, draw(st.sampled_from(REPLACEMENTS)))
    if kind == "junk":
        return rel, kind, (draw(st.integers(0, len(text))), draw(JUNK))
    lines = text.splitlines()
    return rel, kind, draw(st.integers(0, len(lines) - 1))


def apply(site: Path, rel: str, kind: str, arg: Any) -> None:
    """Make the mutation on disk."""
    path = site / rel
    text = path.read_text(encoding="utf-8")
    if kind in ("delete", "swap"):
        data = yaml.safe_load(text)
        where, value = arg
        holder = parent_of(data, where)
        if kind == "delete":
            del holder[where[-1]]
        else:
            holder[where[-1]] = value
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif kind == "junk":
        offset, junk = arg
        path.write_text(text[:offset] + junk + text[offset:], encoding="utf-8")
    else:
        lines = text.splitlines()
        lines.insert(arg, lines[arg])
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutated_content_builds_or_fails_cleanly(mutation: tuple[str, str, Any]) -> None:
    """Exit 0, or exit 1 with located diagnostics and build/ unchanged; never a traceback."""
    rel, kind, arg = mutation
    with tempfile.TemporaryDirectory() as tmp:
        site = copy_site(REPO, Path(tmp) / "site")
        assert run_cli(site, "build").exit_code == 0
        before = snapshot(site / "build")
        apply(site, rel, kind, arg)
        result = run_cli(site, "build")  # an exception here fails the test: that is a bug
        assert result.exit_code in (0, 1), result.output
        event(f"{kind}: exit {result.exit_code}")
        if result.exit_code == 1:
            assert snapshot(site / "build") == before
            first = result.stderr.splitlines()[0]
            assert first.startswith("content/"), result.stderr
            assert "Traceback" not in result.stderr
