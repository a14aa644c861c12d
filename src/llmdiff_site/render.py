"""Render stage: pages to HTML text through Jinja2, with content always treated as data."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from pathlib import Path

import jinja2

from llmdiff_site.errors import Diagnostic, display_path
from llmdiff_site.markup import render_inline
from llmdiff_site.model import Family
from llmdiff_site.pages import Page, benchmark_parts


def make_environment(template_dirs: Sequence[Path]) -> jinja2.Environment:
    """A strict, autoescaping environment; the first folder that has a template wins."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = render_inline
    env.globals["benchmark_parts"] = benchmark_parts
    env.globals["accent_style"] = accent_style
    return env


def accent_style(family: Family | None) -> str:
    """The custom properties that colour a family's card edge, chips and column."""
    if family is None:
        return ""
    return f"--accent: {family.accent}; --accent-2: {family.accent_2 or family.accent}"


def render_page(env: jinja2.Environment, page: Page) -> str:
    """One page's HTML."""
    template = env.get_template(page.template)
    return template.render({"root": page.root, **page.context}, page=page)


def template_diagnostic(exc: jinja2.TemplateError, cwd: Path) -> Diagnostic:
    """A template mistake (syntax or a missing name) as a located diagnostic, not a traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = display_path(Path(exc.filename), cwd) if exc.filename else str(exc.name or "template")
        return Diagnostic(path, exc.lineno or 0, message=f"template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Diagnostic(
            str(exc.name or "templates"),
            message="template not found",
            hint="copy the starter templates with 'llmdiff init', or check --templates",
        )
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".jinja"))]
    if frames:
        where = frames[-1]
        return Diagnostic(
            display_path(Path(where.filename), cwd),
            where.lineno or 0,
            message=f"template error: {exc}",
            hint="a template uses a name the page does not provide; check the spelling",
        )
    return Diagnostic("templates", message=f"template error: {exc}")
