"""The words of every summary line the commands print; standard library only, so any command can use it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a no-change build skips it)
if TYPE_CHECKING:  # at run time severities compare as text: a no-change build imports nothing more
    from llmdiff_site.errors import Diagnostic


def plural(count: int, word: str) -> str:
    """'1 page', '2 pages'."""
    return f"{count} {word}{'s' * (count != 1)}"


def site_size(pages: int, files: int, milliseconds: int, rendered: int | None = None) -> str:
    """'12 pages (4 rendered again), 36 files in 45 ms': the middle of every summary line."""
    again = f" ({rendered} rendered again)" if rendered is not None and rendered != pages else ""
    return f"{plural(pages, 'page')}{again}, {plural(files, 'file')} in {milliseconds} ms"


def problem_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """'2 errors, 1 warning' for the closing line."""
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = sum(1 for d in diagnostics if d.severity == "warning")
    parts = [plural(errors, "error")]
    if warnings:
        parts.append(plural(warnings, "warning"))
    return ", ".join(parts)


def built(pages: int, files: int, milliseconds: int, rendered: int, out: Path) -> str:
    """The line a successful build ends with."""
    return f"Built {site_size(pages, files, milliseconds, rendered)} → {out}"


def up_to_date(pages: int, files: int, milliseconds: int, out: Path) -> str:
    """The line a build with nothing to do prints."""
    return f"Up to date: {site_size(pages, files, milliseconds)} → {out}"


def build_failed(diagnostics: Sequence[Diagnostic], out: Path, *, untouched: bool = True) -> str:
    """The line a failed build ends with; `untouched`: the output folder is as it was."""
    summary = problem_summary(diagnostics)
    if untouched:
        return f"Build failed: {summary}; {out} was not changed."
    return f"Build failed: {summary}; {out} is incomplete, and the next build writes it whole."


def left_incomplete(out: Path) -> str:
    """The line a build stopped while it moved files into place ends with."""
    return f"Stopped while replacing files: {out} is incomplete, and the next build writes it whole."


def checked(pages: int, files: int, milliseconds: int, warnings: int) -> str:
    """The line `check` ends with when there is no error."""
    extra = f", {plural(warnings, 'warning')}" if warnings else ""
    return f"No errors: {plural(pages, 'page')}, {plural(files, 'file')} checked in {milliseconds} ms{extra}."


def rebuilt(
    changed: Sequence[str],
    *,
    ok: bool,
    css_only: bool,
    pages: int,
    files: int,
    rendered: int,
    milliseconds: int,
    diagnostics: Sequence[Diagnostic],
    serving: bool,
) -> str:
    """One terminal line per preview rebuild, in the same words as `build`."""
    what = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    cause = f" after {what}" if what else ""
    if ok:
        kind = "Styles reloaded" if css_only else ("Rebuilt" if changed else "Built")
        return f"{kind}{cause}: {site_size(pages, files, milliseconds, rendered if changed else None)}"
    if serving:
        return f"Rebuild failed{cause}: {problem_summary(diagnostics)}; still serving the last good build"
    return f"Build failed{cause}: {problem_summary(diagnostics)}; fix it and save, the preview rebuilds"


def root_note() -> str:
    """Why base_url matters, said once by `check` for a site with a 404 page and no base_url."""
    return (
        "note: without base_url, 404.html links to the host's root (/css/style.css, /); "
        "set base_url in site.yaml if the site is published under a subpath"
    )


def failure(message: str, hint: str = "") -> str:
    """A problem that is not in the content (a port in use, a folder that cannot be written)."""
    return f"Error: {message}" + (f"\n  hint: {hint}" if hint else "")


def created(directory: Path, folders: Sequence[str], kept: Sequence[str]) -> str:
    """What `init` says: what it wrote, what it left alone, and the next command to type."""
    import shlex

    here = directory.resolve() == Path.cwd().resolve()
    where = "here" if here else f"in {directory}"
    lines = [f"Created a site {where} ({', '.join([*folders, '.gitignore'])})."]
    if kept:
        more = " …" if len(kept) > 5 else ""
        lines.append(f"Kept {plural(len(kept), 'file')} that were already there: {', '.join(kept[:5])}{more}")
    go = "" if here else f"cd {shlex.quote(str(directory))} && "
    lines.append(f"Next: {go}llmdiff serve    (preview; llmdiff build writes build/ to publish)")
    return "\n".join(lines)


def cleaned(out: Path, removed: int, kept: Sequence[str]) -> str:
    """What `clean` says it did."""
    if not removed and not kept:
        return f"Nothing to clean in {out}."
    line = f"Removed {plural(removed, 'file')} from {out}"
    if kept:
        more = " …" if len(kept) > 5 else ""
        line += f"; kept {plural(len(kept), 'file')} llmdiff did not write: {', '.join(kept[:5])}{more}"
    return line + "."
