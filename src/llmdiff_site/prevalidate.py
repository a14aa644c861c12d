"""Validate the edited content files in a forked child while this process loads the rest of the pipeline.

Validating one edited file needs pydantic and the content models: 150–190 ms to import and
build, more than anything else in a small rebuild. The command knows which files changed as soon
as it has compared the inputs with the manifest, before it imports click, Jinja2 and the rest of
the pipeline, so it forks a child that validates them meanwhile, on another core. The build then
takes the child's values as if its own parse cache had kept them. When the child fails, finds
anything to report, or was never started, the build validates those files itself, as always.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from typing import Any

from llmdiff_site.children import answer_and_exit, fork_with_pipe, stop
from llmdiff_site.manifest import Freshness
from llmdiff_site.project import Project

FOLDERS = ("content/families/", "content/pages/")
MAX_FILES = 32
"""More edited files than this are left to the build (a checkout, a generator): it validates them in bulk."""

Answer = dict[str, tuple[str, Any, Any]]
"""File under content/ → (its hash, its parse cache entry, its validated value)."""


class Pending:
    """A child validating files; its answer is read once, and the child always waited for."""

    def __init__(self, pid: int, read: int) -> None:
        self.pid = pid
        self.read = read
        self.answer: Answer | None = None

    def collect(self) -> Answer:
        """The child's answer ({} when it failed): waits for it to finish."""
        if self.answer is None:
            with os.fdopen(self.read, "rb") as pipe:
                data = pipe.read()
            status = os.waitpid(self.pid, 0)[1]
            self.answer = {}
            if status == 0:
                with contextlib.suppress(Exception):  # a child killed mid-write leaves a torn pickle
                    answer = pickle.loads(data)
                    if isinstance(answer, dict):
                        self.answer = answer
        return self.answer

    def abandon(self) -> None:
        """Stop a child whose answer is no longer wanted, and wait for it."""
        if self.answer is not None:
            return
        self.answer = {}
        with contextlib.suppress(OSError):
            os.close(self.read)
        stop(self.pid)


_pending: Pending | None = None


def edited_files(state: Freshness) -> list[str]:
    """Family and page files (under content/) that were there last build and whose bytes changed."""
    previous = state.manifest
    if previous is None:
        return []
    return [
        key.removeprefix("content/")
        for key, entry in state.inputs.items()
        if key.startswith(FOLDERS)
        and key.count("/") == 2
        and key in previous.inputs
        and entry[2] != previous.inputs[key][2]
    ]


def start(project: Project, state: Freshness) -> list[str]:
    """Fork a child to validate the edited family and page files, when there are a few and forking is safe.

    Returns the edited files, validated by the child or not."""
    global _pending
    rels = edited_files(state)
    if _pending is not None or not hasattr(os, "fork") or threading.active_count() != 1:
        return rels
    if not 0 < len(rels) <= MAX_FILES:
        return rels
    try:
        pid, pipe = fork_with_pipe()
    except OSError:
        return rels
    if pid == 0:
        answer_and_exit(pipe, lambda: _validated(project, rels))
    _pending = Pending(pid, pipe)
    return rels


def take() -> Answer:
    """What the child found ({} when there is no child); the same answer however often it is asked."""
    return _pending.collect() if _pending is not None else {}


def drop() -> None:
    """Forget the child: stopped if still running, always waited for."""
    global _pending
    if _pending is not None:
        _pending.abandon()
        _pending = None


def _validated(project: Project, rels: list[str]) -> bytes:
    """In the forked child: the files validated, pickled as the answer."""
    from llmdiff_site.validate import validate_files

    return pickle.dumps(validate_files(project.content, project.cwd, rels), protocol=5)
