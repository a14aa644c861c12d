"""Content files as the stages after reading see them: their data, and where each value sits.

Standard library only (no YAML): a build whose content all comes from the cache never loads the parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmdiff_site.errors import Diagnostic
from llmdiff_site.values import Record, value

FieldPath = tuple[str | int, ...]


@value
class Positions:
    """The line and column of every key and value in a file, and its lines for the caret display."""

    lines: tuple[str, ...] = ()
    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Document:
    """One content file's data; where each value sits is worked out when a message needs it."""

    path: str
    data: Any
    source: Path | None = None
    """The file, read again for positions when the fast loader left them out."""
    known: list[Positions] = field(default_factory=list, repr=False)
    digest: str = ""
    """The hash of the file's bytes as read (see manifest.hash_bytes)."""
    escapes: bool = True
    """The file may hold escapes (a backslash): its text values need a check for control characters."""

    @property
    def positions(self) -> Positions:
        """Positions, from the loader or by reading the file again with the positioned loader."""
        if not self.known:
            self.recheck()
        return self.known[0] if self.known else Positions()

    def recheck(self) -> list[Diagnostic]:
        """Load the file again with the positioned loader and its caps; its problems, if any."""
        if self.known or self.source is None:
            return []
        from llmdiff_site.loader import _positioned  # YAML is loaded only when a message needs a place

        doc, problems = _positioned(self.source, self.path)
        self.known.append(doc.positions if doc is not None else Positions())
        return problems

    @property
    def lines(self) -> tuple[str, ...]:
        """The file's lines."""
        return self.positions.lines

    @property
    def values(self) -> dict[FieldPath, tuple[int, int]]:
        """Field path → (line, column) of its value."""
        return self.positions.values

    @property
    def keys(self) -> dict[FieldPath, tuple[int, int]]:
        """Field path → (line, column) of its key."""
        return self.positions.keys

    def mark(self, loc: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """The 1-based line and column nearest to `loc` (the key's place when asked)."""
        probe = tuple(loc)
        if key and probe in self.keys:
            return self.keys[probe]
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def diagnostic(
        self, loc: FieldPath, message: str, hint: str = "", *, key: bool = False, **extra: Any
    ) -> Diagnostic:
        """A diagnostic pinned to `loc` in this file."""
        line, column = self.mark(loc, key=key)
        return Diagnostic(
            path=self.path,
            line=line,
            column=column,
            field=format_field(loc),
            message=message,
            hint=hint,
            source_line=self.source_line(line),
            **extra,
        )

    def source_line(self, line: int) -> str:
        """The text of a 1-based line, for the caret display."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


@value
class Loaded:
    """One validated content file: its typed value and the document it came from."""

    doc: Document
    value: Record
    rel: str = ""
    """The file's path under content/ ('families/llm.yaml'), the key of incremental builds."""


def format_field(loc: FieldPath) -> str:
    """`highlights[2].label` from ('highlights', 2, 'label')."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
