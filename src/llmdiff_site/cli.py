"""The command line: a thin shell that runs the pipeline and reports what it said."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from llmdiff_site import __version__
from llmdiff_site.build import OutputRefused, Project, build, check_output_folder
from llmdiff_site.errors import Diagnostic, Severity, has_errors, sort_diagnostics

F = TypeVar("F", bound=Any)
FOLDER = click.Path(file_okay=False, path_type=Path)


def report(diagnostics: Sequence[Diagnostic]) -> None:
    """Print diagnostics to stderr, with a caret under the spot when stderr is a terminal."""
    caret = sys.stderr.isatty()
    for diagnostic in sort_diagnostics(diagnostics):
        click.echo(diagnostic.format(caret=caret), err=True)


def problem_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """'2 errors, 1 warning' for the closing line."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    parts = [f"{errors} error{'s' * (errors != 1)}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts)


def project_options(func: F) -> F:
    """The folder options every command that reads a site shares."""
    for option in reversed(
        [
            click.option(
                "--content",
                type=FOLDER,
                default="content",
                show_default=True,
                help="Content folder (YAML).",
            ),
            click.option(
                "--templates",
                type=FOLDER,
                default="templates",
                show_default=True,
                help="Templates folder (Jinja2).",
            ),
            click.option(
                "--static",
                type=FOLDER,
                default="static",
                show_default=True,
                help="Static files copied as they are.",
            ),
        ]
    ):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="llmdiff")
def main() -> None:
    """llmdiff: comparison pages from YAML, as a static site."""


@main.command("build")
@project_options
@click.option(
    "--out",
    type=FOLDER,
    default="build",
    show_default=True,
    help="Output folder, replaced whole on success.",
)
def build_command(content: Path, templates: Path, static: Path, out: Path) -> None:
    """Build the site into the output folder; on any problem, change nothing."""
    project = Project(content, templates, static, out)
    try:
        check_output_folder(project)
    except OutputRefused as exc:
        raise click.UsageError(str(exc)) from exc
    result, diagnostics = build(project)
    report(diagnostics)
    if result is None or has_errors(diagnostics):
        click.echo(f"Build failed: {problem_summary(diagnostics)}; {out} was not changed.", err=True)
        sys.exit(1)
    click.echo(
        f"Built {result.pages} page{'s' * (result.pages != 1)}, {result.files} files "
        f"in {result.milliseconds} ms → {out}"
    )
