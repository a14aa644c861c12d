"""Whether to colour what is printed (standard library only: the entry point answers before click loads).

Colour follows the conventions people expect (https://no-color.org): only when the stream is a
terminal, never when NO_COLOR is set (to anything) or in CI, and always with FORCE_COLOR.
"""

from __future__ import annotations

import os
from typing import IO


def colour(stream: IO[str] | None) -> bool:
    """Colour on a terminal only; never with a non-empty NO_COLOR or in CI; always with FORCE_COLOR."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return stream is not None and stream.isatty()


def green(text: str) -> str:
    """Text in green, as click.style(text, fg="green") writes it."""
    return f"\x1b[32m{text}\x1b[0m"
