"""Forked child processes (validating edited files, checking outputs, rendering): made so that
Ctrl-C ends them quietly. Standard library only: the entry point forks before anything heavy loads."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable
from typing import NoReturn


def fork_quietly(register: Callable[[int], None] | None = None) -> int:
    """os.fork, with Ctrl-C held off until the child has given up Python's handler for it.

    A Ctrl-C in the first moments of the child would otherwise reach Python's handler while the
    child runs its after-fork hooks, and print "Exception ignored in ... KeyboardInterrupt". The
    child ends quietly on Ctrl-C (signal.SIG_DFL); the parent gets any Ctrl-C held off as usual,
    after `register` has been given the child's pid (so that whoever stops children knows it).
    """
    if not hasattr(signal, "pthread_sigmask"):
        pid = os.fork()
        if pid and register is not None:
            register(pid)
        return pid
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        elif register is not None:
            register(pid)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return pid


def fork_with_pipe(register: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Fork a quiet child with a pipe from it to this process: (0, the write end) in the child,
    (its pid, the read end) here. OSError, with nothing left open, when either cannot be made.

    `register` is given (pid, read end) in this process before a held-off Ctrl-C can arrive."""
    read, write = os.pipe()
    try:
        pid = fork_quietly(None if register is None else lambda pid: register(pid, read))
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:
        os.close(read)
        return 0, write
    os.close(write)
    return pid, read


def answer_and_exit(write: int, answer: Callable[[], bytes]) -> NoReturn:
    """In a forked child: send `answer()` down the pipe, then end at once (no cleanup), 1 on any failure."""
    status = 1
    try:
        data = answer()
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)


def stop(pid: int) -> None:
    """Stop a child whose answer is no longer wanted, and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
