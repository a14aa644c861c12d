"""Forked child processes (validating edited files, checking outputs, rendering): made so that
Ctrl-C ends them quietly. Standard library only: the entry point forks before anything heavy loads."""

from __future__ import annotations

import os
import signal


def fork_quietly() -> int:
    """os.fork, with Ctrl-C held off until the child has given up Python's handler for it.

    A Ctrl-C in the first moments of the child would otherwise reach Python's handler while the
    child runs its after-fork hooks, and print "Exception ignored in ... KeyboardInterrupt". The
    child ends quietly on Ctrl-C (signal.SIG_DFL); the parent gets any Ctrl-C held off as usual.
    """
    if not hasattr(signal, "pthread_sigmask"):
        return os.fork()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return pid
