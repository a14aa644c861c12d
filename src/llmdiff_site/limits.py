"""Time limits on rendering: a page that runs past its limit is stopped with a located error.

In a process's main thread an alarm (SIGALRM) stops it. Signals reach only the main thread, so
elsewhere (the preview rebuilds in a watcher thread) a watchdog thread raises the same error into
the rendering thread through CPython's PyThreadState_SetAsyncExc: the exception arrives at the next
bytecode, which a looping template always reaches.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import jinja2


class TemplateTimeout(jinja2.TemplateError):
    """A page took longer than its limit to render."""


def _message(seconds: float, what: str) -> str:
    """What a stopped render says."""
    return f"rendering {what} took over {seconds:g} seconds; a loop in a template?"


_limits: list[tuple[float, str]] = []
"""The running time limits of the main thread, innermost last: what the alarm names."""


def _stop(signum: int, frame: Any) -> None:
    """The alarm: stop the render that ran past its limit."""
    seconds, what = _limits[-1] if _limits else (0.0, "a page")
    raise TemplateTimeout(_message(seconds, what))


def _alarm_usable() -> bool:
    """Whether an alarm can be set here: in the main thread of a process only (signals live there)."""
    return threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Stop a render that runs away: by an alarm in the main thread, by the watchdog elsewhere.

    The alarm's handler stays installed while `alarms()` is open, so that a page costs two
    timer calls rather than four system calls.
    """
    if not _alarm_usable():
        with _watchdog.watching(seconds, what):
            yield
        return
    previous = signal.getsignal(signal.SIGALRM)
    if previous is not _stop:
        signal.signal(signal.SIGALRM, _stop)
    _limits.append((seconds, what))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _limits.pop()
        if previous is not _stop:
            signal.signal(signal.SIGALRM, previous)


@contextmanager
def alarms() -> Iterator[None]:
    """Keep the time limit's handler installed over many pages; the previous one comes back after."""
    if not _alarm_usable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGALRM, previous)


class _Overdue(TemplateTimeout):
    """Raised into a thread by the watchdog; CPython makes it with no arguments, so it looks up its page."""

    def __init__(self, message: str | None = None) -> None:
        seconds, what = _watchdog.stopped.get(threading.get_ident(), (0.0, "a page"))
        super().__init__(message or _message(seconds, what))


def _raise_in(thread: int, exception: type[BaseException] | None) -> None:
    """Raise an exception in another thread at its next bytecode; None takes back one not yet raised."""
    import ctypes

    pending = None if exception is None else ctypes.py_object(exception)  # None passes NULL: take back
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), pending)


class _Watchdog:
    """One daemon thread that stops renders in threads other than the main one when they run over."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        """Taken by rendering threads as a plain lock: its `with` has no Python frame in which the
        watchdog's exception could arrive after the lock is taken and before the block can release it
        (Condition.__enter__ is Python code: a time-out landing there left the lock held for ever)."""
        self._cond = threading.Condition(self._lock)
        self._due: dict[int, tuple[float, float, str]] = {}
        """Thread id → (deadline on the monotonic clock, seconds, what) of each render being watched."""
        self.stopped: dict[int, tuple[float, str]] = {}
        """Thread id → (seconds, what) of the last render stopped there, for its message."""
        self._thread: threading.Thread | None = None
        self._waking = 0.0
        """When the watchdog next wakes (monotonic): a render due sooner wakes it at once."""

    @contextmanager
    def watching(self, seconds: float, what: str) -> Iterator[None]:
        """Watch the calling thread's render for `seconds`."""
        usable = hasattr(__import__("ctypes"), "pythonapi")  # CPython; elsewhere no limit, as before
        if not usable:
            yield
            return
        me = threading.get_ident()
        deadline = time.monotonic() + seconds
        with self._lock:
            self._due[me] = (deadline, seconds, what)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="llmdiff-watchdog", daemon=True)
                self._thread.start()
            elif deadline < self._waking:
                self._cond.notify()
        try:
            yield
        finally:
            with self._lock:
                self._due.pop(me, None)  # gone already when the watchdog stopped it
                _raise_in(me, None)  # raised just as the render ended: it must not arrive after this block

    def _run(self) -> None:
        """Wait for the earliest deadline; stop each render past its own."""
        with self._cond:
            while True:
                now = time.monotonic()
                for thread, (deadline, seconds, what) in list(self._due.items()):
                    if deadline <= now:
                        del self._due[thread]
                        self.stopped[thread] = (seconds, what)
                        _raise_in(thread, _Overdue)
                self._waking = min((d for d, _, _ in self._due.values()), default=now + 60.0)
                self._cond.wait(max(self._waking - now, 0.01))


_watchdog = _Watchdog()
