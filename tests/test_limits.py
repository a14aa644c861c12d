"""Page time limits outside the main thread (the preview's rebuilds): the watchdog stops runaways, even
after many pages that end just as their limit runs out, and never raises outside a limited block."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from llmdiff_site.limits import TemplateTimeout, time_limit


def _busy(seconds: float) -> None:
    """Python-level work, as a template loop is."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def _in_thread(work: Callable[[], list[str]]) -> list[str]:
    """Run `work` in a thread other than the main one; what it reported."""
    said: list[str] = []
    thread = threading.Thread(target=lambda: said.extend(work()))
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the thread never ended: a runaway was not stopped"
    return said


def test_pages_ending_at_their_limit_leave_the_watchdog_working_and_raise_nowhere_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pages that finish within microseconds of their limit (each with a new watchdog, whose start
    makes the timing tight); after each, a runaway is still stopped and no time-out arrives late."""
    from llmdiff_site import limits

    def attempt() -> list[str]:
        outcomes = []
        try:
            with time_limit(0.002, "index.html"):
                _busy(0.0018)
            outcomes.append("finished")
        except TemplateTimeout:
            outcomes.append("stopped")
        try:
            _busy(0.003)  # after the block: a time-out must never arrive here
        except TemplateTimeout:
            outcomes.append("stray")
        try:
            with time_limit(0.2, "runaway.html"):
                _busy(20)
            outcomes.append("runaway finished")
        except TemplateTimeout as exc:
            outcomes.append(str(exc))
        return outcomes

    started = time.monotonic()
    for _ in range(10):
        monkeypatch.setattr(limits, "_watchdog", limits._Watchdog())
        said = _in_thread(attempt)
        assert "stray" not in said
        assert said[-1] == "rendering runaway.html took over 0.2 seconds; a loop in a template?"
    assert time.monotonic() - started < 30
