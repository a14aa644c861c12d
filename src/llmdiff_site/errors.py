"""Diagnostics: problems as values, formatted only at the edge."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is; only errors stop a build."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place, carried up the pipeline instead of raised."""

    path: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    hint: str = ""
    severity: Severity = Severity.ERROR
    source_line: str = dataclasses.field(default="", compare=False)

    def location(self) -> str:
        """`path:line:column`, leaving out what is unknown."""
        parts = [self.path]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self, *, caret: bool = False, colour: bool = False) -> str:
        """The line a person reads, with the hint and (on terminals) a caret under the spot.

        Control characters from content are shown escaped (\\x1b), never sent to the terminal;
        with `colour` the place is bold, the message red (an error) or yellow, the hint dim.
        """
        bold, dim, reset = ("\x1b[1m", "\x1b[2m", "\x1b[0m") if colour else ("", "", "")
        tone = ("\x1b[31m" if self.severity is Severity.ERROR else "\x1b[33m") if colour else ""
        head = bold + printable_name(self.location()) + reset
        where = f" {printable_name(self.field)}:" if self.field else ""
        tag = "" if self.severity is Severity.ERROR else f" {self.severity.value}:"
        text = f"{head}:{tone}{tag}{where} {printable(self.message)}{reset}"
        if caret and self.source_line and self.line:
            gutter = f"{self.line:>5} | "
            text += (
                f"\n{gutter}{printable(self.source_line)}\n{' ' * (len(gutter) + max(self.column - 1, 0))}^"
            )
        if self.hint:
            text += f"\n  {dim}hint: {printable(self.hint)}{reset}"
        return text

    def to_json(self) -> dict[str, object]:
        """A plain dict for `--format json`."""
        data = asdict(self)
        data["path"] = printable_name(self.path)  # a name that is not UTF-8 as \\xNN: JSON is UTF-8
        data["severity"] = self.severity.value
        data.pop("source_line")
        return data

    def to_github(self) -> str:
        """A GitHub Actions workflow annotation."""
        kind = "error" if self.severity is Severity.ERROR else "warning"
        props = [f"file={_escape_property(printable_name(self.path))}"]
        if self.line:
            props.append(f"line={self.line}")
        if self.column:
            props.append(f"col={self.column}")
        if self.field:
            props.append(f"title={_escape_property(self.field)}")
        body = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{kind} {','.join(props)}::{_escape_data(body)}"


CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 (but tab and newline), DEL and C1: characters that must not reach a terminal or a page."""


def printable(text: str) -> str:
    """Text safe for a terminal: control characters (ESC, BEL, C1 …) written as \\xNN escapes."""
    return CONTROL_CHARACTERS.sub(_hex, text)


def _hex(match: re.Match[str]) -> str:
    """A matched character as its \\xNN escape."""
    return f"\\x{ord(match.group()):02x}"


NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Every control character, tab and newline included: none belongs in a file name or on one line."""


def printable_name(text: str) -> str:
    """A place (a path, a field) kept on one line: every control character, and each byte of a name
    that is not UTF-8, written as \\xNN."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return NAME_CONTROL.sub(_hex, text)


def _escape_data(text: str) -> str:
    """Escape annotation data as the Actions runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape annotation properties as the Actions runner expects."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic should stop a build."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """File, then line, then column: the order an editor walks them in."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.column, d.field, d.message))


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """Diagnostics as a JSON list for editors and scripts."""
    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean …' hint, or empty when nothing is close."""
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def display_path(path: Path, root: Path) -> str:
    """A path as the user typed it: relative to the working folder when possible.

    Only the folders above it are resolved: a link is named by its own name, not its target's.
    """
    try:
        full = path.parent.resolve() / path.name if path.name else path.resolve()
    except (OSError, RuntimeError):  # a link loop: name the link itself
        full = path.absolute()
    try:
        return full.relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()


class RenderFailed(Exception):
    """A template failed while rendering; carries the located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
