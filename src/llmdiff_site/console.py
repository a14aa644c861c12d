"""What the commands print, and how: quiet or verbose, in colour only on a terminal (see terminal.py),
with a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from llmdiff_site import terminal

if TYPE_CHECKING:
    from llmdiff_site.errors import Diagnostic

BAR_MIN_PAGES = 200
"""Builds that render fewer pages finish before a bar would be worth drawing."""


class Console:
    """The command's voice: how much it says and whether it may colour it."""

    verbosity = 0
    """-1 with --quiet (errors only), 1 with --verbose (stage timings)."""

    colour = staticmethod(terminal.colour)

    def say(
        self,
        text: str,
        *,
        err: bool = False,
        style: dict[str, Any] | None = None,
        essential: bool | None = None,
    ) -> None:
        """One message; --quiet keeps only essential ones (by default, those on stderr: problems)."""
        if self.verbosity < 0 and not (err if essential is None else essential):
            return
        stream = sys.stderr if err else sys.stdout
        colour = self.colour(stream)
        click.echo(click.style(text, **style) if style and colour else text, err=err, color=colour)

    def detail(self, text: str) -> None:
        """Said only with --verbose."""
        if self.verbosity > 0:
            self.say(text, style={"dim": True})

    def diagnostics(self, diagnostics: Sequence[Diagnostic], *, warnings: bool = True) -> None:
        """Problems on stderr, with a caret under the spot on a terminal; warnings not when quiet."""
        from llmdiff_site.errors import Severity, sort_diagnostics

        caret = sys.stderr.isatty()
        colour = self.colour(sys.stderr)
        for diagnostic in sort_diagnostics(diagnostics):
            if diagnostic.severity is not Severity.ERROR and (self.verbosity < 0 or not warnings):
                continue
            click.echo(diagnostic.format(caret=caret, colour=colour), err=True, color=colour)

    def progress(self) -> Bar:
        """A progress bar for rendering, drawn only on a terminal and only for many pages."""
        return Bar(enabled=self.verbosity >= 0 and sys.stderr.isatty())


class Bar:
    """click's progress bar behind the build's Progress hooks."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None

    def start(self, total: int) -> None:
        """Draw a bar for a build of many pages."""
        if self.enabled and total >= BAR_MIN_PAGES:
            self.bar = click.progressbar(length=total, label="Rendering", file=sys.stderr, show_pos=True)
            self.bar.__enter__()

    def advance(self, pages: int) -> None:
        """Move the bar on."""
        if self.bar is not None:
            self.bar.update(pages)

    def finish(self) -> None:
        """Clear the bar away before the summary line."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


console = Console()


def set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """-q and -v set how much every message says."""
    if value:
        console.verbosity = -1 if param.name == "quiet" else 1


def output_options(func: Any) -> Any:
    """-q/--quiet and -v/--verbose, on every command."""
    func = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=set_verbosity,
        help="Say more: how long each stage took.",
    )(func)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=set_verbosity,
        help="Say nothing but errors.",
    )(func)
