"""The command line: a thin shell that runs the pipeline and reports what it said."""

from __future__ import annotations

import datetime as dt
import errno
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from llmdiff_site import __version__, wording
from llmdiff_site.console import console, output_options
from llmdiff_site.errors import Diagnostic, Severity, display_path, format_json, has_errors, sort_diagnostics
from llmdiff_site.project import Project
from llmdiff_site.urls import url_problem

if TYPE_CHECKING:
    from llmdiff_site.locate import SiteDefaults
    from llmdiff_site.serve import Rebuild

F = TypeVar("F", bound=Any)


def parse_age(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.timedelta | None:
    """Parse an age such as 180d or 26w for --stale."""
    if value is None:
        return None
    match = re.fullmatch(r"(\d{1,6})([dw])", value.strip())
    if not match:
        raise click.BadParameter(f"{value!r} is not an age like 180d or 26w", ctx, param)
    return dt.timedelta(days=int(match.group(1)) * (7 if match.group(2) == "w" else 1))


FOLDER = click.Path(file_okay=False, path_type=Path)


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """Problems on stderr (warnings too, unless --quiet)."""
    console.diagnostics(diagnostics)


def refuse_output(project: Project, defaults: SiteDefaults, reason: str) -> NoReturn:
    """An output folder the site itself names (site.yaml, or its own build/) cannot be used: say where."""
    hint = "name another folder in site.yaml (build.output), or give one with --out"
    origin = defaults.origin("output")
    if origin is not None:
        path, line, column = origin
        problem = Diagnostic(path, line, column, field="build.output", message=reason, hint=hint)
    else:
        problem = Diagnostic(display_path(project.out, project.cwd), message=reason, hint=hint)
    print_diagnostics([problem])
    sys.exit(1)


def fail(message: str, hint: str = "") -> NoReturn:
    """Stop on a problem outside the content: one clear line and a hint, exit 1 (2 is for usage)."""
    console.say(wording.failure(message, hint), err=True, style=RED)
    sys.exit(1)


RED = {"fg": "red"}
GREEN = {"fg": "green"}


def named_folder_exists(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A folder named on the command line must exist; only the default falls back to the packaged one."""
    if value is not None and not value.is_dir():
        raise click.BadParameter(f"folder '{value}' not found", ctx, param)
    return value


def site_folder(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """`-s DIR` must name a site: a folder with content/site.yaml."""
    from llmdiff_site.locate import SITE_FILE

    if value is not None and not (value / SITE_FILE).is_file():
        raise click.BadParameter(f"'{value}' is not a site (no {SITE_FILE.as_posix()} in it)", ctx, param)
    return value


site_option = click.option(
    "-s",
    "--site",
    "site_dir",
    type=FOLDER,
    default=None,
    callback=site_folder,
    help="The site's folder (default: the nearest folder, from here up, with content/site.yaml).",
)


def valid_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--base-url must take page paths at its end: absolute, no query, fragment or user name."""
    if value is not None and (problem := url_problem(value, base=True)):
        raise click.BadParameter(problem, ctx, param)
    return value


def project_options(func: F) -> F:
    """The folder options every command that reads a site shares."""
    for option in reversed(
        [
            site_option,
            click.option(
                "--content",
                type=FOLDER,
                default=None,
                help="Content folder (YAML)  [default: content]",
            ),
            click.option(
                "--templates",
                type=FOLDER,
                default=None,
                callback=named_folder_exists,
                help="Templates folder (Jinja2); else the packaged templates  [default: templates]",
            ),
            click.option(
                "--static",
                type=FOLDER,
                default=None,
                callback=named_folder_exists,
                help="Static files copied as they are; else the packaged ones  [default: static]",
            ),
        ]
    ):
        func = option(func)
    return func


def open_site(
    site_dir: Path | None,
    content: Path | None,
    templates: Path | None,
    static: Path | None,
    out: Path | None = None,
    **options: Any,
) -> tuple[Project, SiteDefaults]:
    """The project a command works on: folders from the command line, else site.yaml, else defaults."""
    from llmdiff_site.locate import find_site, read_defaults, shown
    from llmdiff_site.safefs import below

    cwd = Path.cwd()
    if site_dir is not None or content is not None:  # as typed: `-s ../other` shows `../other/build`
        root = site_dir if site_dir is not None else Path()

        def place(path: Path) -> Path:
            return path
    else:  # found from here up: shown from here, as git does
        root = find_site(cwd) or cwd

        def place(path: Path) -> Path:
            return shown(path, cwd)

    content_dir = content if content is not None else place(root / "content")
    defaults, problems = read_defaults(
        content_dir, cwd, root
    )  # with --content too: its site.yaml is the site's
    named = (("content", "content", content), ("templates", defaults.templates, templates))
    for name, folder_name, given in (*named, ("static", defaults.static, static)):
        folder = root / folder_name
        if given is None and folder.is_symlink() and not below(root, folder):
            problems.append(
                Diagnostic(
                    place(folder).as_posix(),  # the link itself, not where it leads
                    message=f"the site's {name} folder is a link to a folder outside the site",
                    hint=f"put the folder itself in the site, or name it on the command line with --{name}",
                )
            )
    if problems:
        print_diagnostics(problems)
        message = wording.failure("the site's folders or settings cannot be used", "fix what is listed above")
        console.say(message, err=True, style=RED)
        sys.exit(1)
    project = Project(
        content_dir,
        templates if templates is not None else place(root / defaults.templates),
        static if static is not None else place(root / defaults.static),
        out if out is not None else place(root / defaults.output),
        cwd,
        **options,
    )
    return project, defaults


out_option = click.option(
    "-o",
    "--out",
    type=FOLDER,
    default=None,
    help="Output folder  [default: build, or site.yaml's build.output]",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="llmdiff")
@click.pass_context
def main(ctx: click.Context) -> None:
    """llmdiff: comparison pages from YAML, as a static site.

    \b
    Examples:
      llmdiff init my-site --blank    a new site: one page, two families to fill in
      llmdiff serve                   preview at http://127.0.0.1:8000/, reloading on save
      llmdiff build                   publish-ready files in build/

    \b
    Tab completion: add one line to your shell's start-up file
      bash  eval "$(_LLMDIFF_COMPLETE=bash_source llmdiff)"
      zsh   eval "$(_LLMDIFF_COMPLETE=zsh_source llmdiff)"
      fish  _LLMDIFF_COMPLETE=fish_source llmdiff | source
    """
    console.verbosity = 0  # each run starts at the default (the tests run many in one process)
    if ctx.invoked_subcommand is None:  # a bare `llmdiff` is a request for help, not a mistake
        click.echo(ctx.get_help())


@main.command("build")
@output_options
@project_options
@out_option
@click.option(
    "--base-url",
    default=None,
    callback=valid_base_url,
    help="Absolute address of the published site (overrides site.yaml).",
)
@click.option("--clean", is_flag=True, help="Ignore the last build's manifest and build everything.")
@click.option(
    "-D", "--drafts", is_flag=True, help="Build draft families and pages too, each marked as a draft."
)
@click.option("--minify", is_flag=True, help="Minify every HTML page (smaller files, the same pages).")
@click.option(
    "--force", is_flag=True, help="Build into a non-empty folder llmdiff did not write (its files are kept)."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    help="Processes that render pages (default: every core, up to 8, for sites of 300 pages or more).",
)
def build_command(
    site_dir: Path | None,
    content: Path | None,
    templates: Path | None,
    static: Path | None,
    out: Path | None,
    base_url: str | None,
    clean: bool,
    drafts: bool,
    minify: bool,
    force: bool,
    jobs: int | None,
) -> None:
    """Build the site into the output folder, rendering only what changed; on any problem, change nothing.

    \b
    Examples:
      llmdiff build                   the site around the current folder, into build/
      llmdiff build -D -o preview     drafts too, into preview/
      llmdiff build --base-url https://example.org/models/ -v
    """
    started = time.perf_counter()
    project, defaults = open_site(
        site_dir,
        content,
        templates,
        static,
        out,
        base_url=base_url,
        jobs=jobs,
        force=force,
        drafts=drafts,
        minify=minify,
    )
    from llmdiff_site.outputs import OutputRefused, check_output_folder

    try:
        check_output_folder(project)
    except OutputRefused as exc:
        if out is not None:  # the user typed it: a usage error, like any bad option
            raise click.UsageError(str(exc)) from exc
        refuse_output(project, defaults, str(exc))
    out = project.out
    from llmdiff_site.manifest import freshness, up_to_date_summary

    state = freshness(project, clean=clean)
    looked = time.perf_counter()
    if state.up_to_date and state.manifest is not None:
        console.say(up_to_date_summary(state.manifest, round((looked - started) * 1000), out))
        return
    from llmdiff_site import prevalidate

    prevalidate.start(project, state)  # edited files are validated while the pipeline loads
    from llmdiff_site.build import build

    loaded = time.perf_counter()
    from llmdiff_site.outputs import WriteInterrupted

    try:
        result, diagnostics = build(project, state=state, progress=console.progress())
    except WriteInterrupted:  # Ctrl-C during the renames: click says "Aborted!" after this
        console.say(wording.left_incomplete(out), err=True, style=RED)
        raise
    print_diagnostics(diagnostics)
    if result is None or has_errors(diagnostics):
        from llmdiff_site.manifest import manifest_stamp

        untouched = manifest_stamp(out) == state.stamp  # a write that failed midway marks it incomplete
        console.say(wording.build_failed(diagnostics, out, untouched=untouched), err=True, style=RED)
        sys.exit(1)
    elapsed = round((time.perf_counter() - started) * 1000)
    console.say(wording.built(result.pages, result.files, elapsed, result.rendered, out), style=GREEN)
    console.detail(f"  hash the inputs: {round((looked - started) * 1000)} ms")
    console.detail(f"  load the pipeline (Jinja2, Markdown): {round((loaded - looked) * 1000)} ms")
    for stage, milliseconds in result.stages:
        console.detail(f"  {stage}: {milliseconds} ms")


@main.command("check")
@output_options
@project_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for editors and scripts, github for workflow annotations.",
)
@click.option(
    "--stale",
    callback=parse_age,
    default=None,
    help="List facts whose as_of is older than this (e.g. 180d, 26w) as warnings.",
)
@click.option("--strict", is_flag=True, help="With --stale: stale facts are errors (exit 1).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date --stale counts back from (default: today), for reproducible checks.",
)
def check_command(
    site_dir: Path | None,
    content: Path | None,
    templates: Path | None,
    static: Path | None,
    output_format: str,
    stale: dt.timedelta | None,
    strict: bool,
    today: dt.datetime | None,
) -> None:
    """Validate everything and render in memory; write nothing. Exit 1 on any error.

    \b
    Examples:
      llmdiff check
      llmdiff check --stale 180d      facts older than half a year, as warnings
      llmdiff check --format github   annotations for a GitHub Actions run
    """
    from llmdiff_site.build import gather_site
    from llmdiff_site.validate import Checks

    project, _ = open_site(site_dir, content, templates, static)
    checks = None
    if stale is not None:
        reference = today.date() if today is not None else dt.date.today()
        try:
            checks = Checks(stale_before=reference - stale, stale_is_error=strict)
        except OverflowError:
            raise click.BadParameter("reaches back before the year 1", param_hint="--stale") from None
    elif strict:
        raise click.UsageError("--strict goes with --stale")
    started = time.perf_counter()
    site, diagnostics = gather_site(project, checks)
    elapsed = round((time.perf_counter() - started) * 1000)
    ordered = sort_diagnostics(diagnostics)
    if output_format == "json":
        click.echo(format_json(ordered))
    elif output_format == "github":
        for diagnostic in ordered:
            click.echo(diagnostic.to_github())
    else:
        print_diagnostics(ordered)
        if site is not None and not has_errors(ordered):
            warnings = sum(1 for d in ordered if d.severity is Severity.WARNING)
            if "404.html" in site.files and site.base_url is None:
                console.say(wording.root_note(), err=True, essential=False)
            console.say(wording.checked(site.pages, len(site.files), elapsed, warnings), style=GREEN)
        else:
            console.say(f"Found {wording.problem_summary(ordered)}.", err=True, style=RED)
    if site is None or has_errors(ordered):
        sys.exit(1)


@main.command("schema")
@output_options
@site_option
@click.option(
    "--out",
    type=FOLDER,
    default=None,
    help="Folder for the .schema.json files  [default: the site's schemas/]",
)
@click.option(
    "--reference",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the content reference (Markdown: every file and field) to this file.",
)
def schema_command(site_dir: Path | None, out: Path | None, reference: Path | None) -> None:
    """Write a JSON Schema for each kind of content file, for editor autocompletion.

    \b
    Examples:
      llmdiff schema --out schemas
      llmdiff schema --reference docs/content.md
    """
    from llmdiff_site.locate import find_site, shown
    from llmdiff_site.schema import write_schemas

    if out is None:  # beside content/, where every content file's first line points
        root = site_dir if site_dir is not None else find_site(Path.cwd())
        out = shown(root / "schemas", Path.cwd()) if root is not None else Path("schemas")
    try:
        written = write_schemas(out)
    except OSError as exc:
        fail(f"cannot write the schemas to {out}: {exc.strerror}", "choose a folder you can write with --out")
    console.say(f"Wrote {len(written)} schemas to {out}")
    if reference is not None:
        from llmdiff_site.reference import render_reference
        from llmdiff_site.safefs import replace_file

        try:
            reference.parent.mkdir(parents=True, exist_ok=True)
            replace_file(reference, render_reference().encode("utf-8"))
        except OSError as exc:
            fail(f"cannot write {reference}: {exc.strerror}", "choose a file you can write")
        console.say(f"Wrote the content reference to {reference}")


def rebuild_line(report: Rebuild) -> str:
    """One terminal line per rebuild."""
    return wording.rebuilt(
        report.changed,
        ok=report.ok,
        css_only=report.css_only,
        pages=report.pages,
        files=report.files,
        rendered=report.rendered,
        milliseconds=report.milliseconds,
        diagnostics=report.diagnostics,
        serving=report.serving,
    )


def rebuild_printer() -> Callable[[Rebuild], None]:
    """What `serve` prints per rebuild: errors every time, a warning only the first time it appears."""
    warned: set[Diagnostic] = set()

    def on_rebuild(report: Rebuild) -> None:
        fresh = [d for d in report.diagnostics if d.severity is Severity.ERROR or d not in warned]
        warned.update(d for d in report.diagnostics if d.severity is not Severity.ERROR)
        if fresh:
            print_diagnostics(fresh)
        console.say(rebuild_line(report), err=not report.ok, style=GREEN if report.ok else RED)

    return on_rebuild


def is_loopback(host: str) -> bool:
    """localhost, 127.x.x.x or ::1: reachable from this machine only."""
    import ipaddress

    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


PORT_TRIES = 20
"""How many ports after the default `serve` tries when it is taken."""


@main.command("serve")
@output_options
@project_options
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind; loopback unless told otherwise."
)
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port (0: any free one)  [default: 8000, or site.yaml's serve.port; the next free one if taken]",
)
@click.option(
    "--base-url",
    default=None,
    callback=valid_base_url,
    help="Absolute address the pages name themselves by (canonical, og:image).",
)
@click.option("--no-reload", is_flag=True, help="Rebuild on save but do not reload open pages.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default browser.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this host name (loopback names always work).",
)
def serve_command(
    site_dir: Path | None,
    content: Path | None,
    templates: Path | None,
    static: Path | None,
    host: str,
    port: int | None,
    base_url: str | None,
    no_reload: bool,
    open_browser: bool,
    allow_hosts: tuple[str, ...],
) -> None:
    """Build into memory, serve on 127.0.0.1, rebuild on every save and reload open pages.

    Drafts are shown, with a draft mark.

    \b
    Examples:
      llmdiff serve                   http://127.0.0.1:8000/ (or the next free port)
      llmdiff serve -p 1313 --open
      llmdiff serve --no-reload
    """
    from llmdiff_site.serve import Preview

    host = host.strip().strip("[]")
    if not host:
        raise click.BadParameter("give an address, such as 127.0.0.1", param_hint="--host")
    project, defaults = open_site(site_dir, content, templates, static, base_url=base_url)
    first = port if port is not None else defaults.port
    tries = 1 if port is not None else PORT_TRIES
    for candidate in range(first, min(first + tries, 65536)):
        try:
            preview = Preview(
                project,
                host,
                candidate,
                on_rebuild=rebuild_printer(),
                allowed_hosts=frozenset(allow_hosts),
                live_reload=not no_reload,
            )
            break
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and candidate + 1 < min(first + tries, 65536):
                continue
            hint = (
                "choose another port with --port, or --port 0 for any free one"
                if exc.errno == errno.EADDRINUSE
                else "--host must be an address of this machine, such as 127.0.0.1"
            )
            ports = f"{first}–{candidate}" if candidate != first else str(candidate)
            fail(f"cannot listen on {host} port {ports}: {exc.strerror or exc}", hint)
    if not is_loopback(host):
        console.say(
            f"Warning: serving on {host}, reachable from other machines; use --host 127.0.0.1",
            err=True,
            style={"fg": "yellow"},
        )
    if candidate != first:
        console.say(f"Port {first} is in use; using {candidate} instead.", err=True, essential=False)
    preview.start()
    console.say(f"Serving on {preview.url} (Ctrl-C to stop)", essential=True, style={"bold": True})
    if open_browser:
        import webbrowser

        webbrowser.open(preview.url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        console.say("Stopping…")
    finally:
        preview.stop()


@main.command("clean")
@output_options
@project_options
@out_option
def clean_command(
    site_dir: Path | None,
    content: Path | None,
    templates: Path | None,
    static: Path | None,
    out: Path | None,
) -> None:
    """Remove what llmdiff built: the output folder's files (never any it did not write) and the site's cache.

    \b
    Examples:
      llmdiff clean
      llmdiff clean -s ~/sites/models --out public
    """
    import contextlib
    import shutil

    from llmdiff_site.cache import ParseCache
    from llmdiff_site.outline import outline_path
    from llmdiff_site.outputs import BuildBusy, OutputRefused, clean_output
    from llmdiff_site.project import cache_folder

    project, _ = open_site(site_dir, content, templates, static, out)
    try:
        removed, kept = clean_output(project.out)
    except OutputRefused as exc:
        fail(str(exc), "remove it yourself if it is yours to remove, or name llmdiff's output with --out")
    except BuildBusy as exc:
        fail(str(exc), exc.hint)
    except OSError as exc:
        fail(f"cannot clean {project.out}: {exc.strerror}", "check the folder's permissions")
    cache = ParseCache.for_site(project.content, {}, cache_folder()).file
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)
    with contextlib.suppress(OSError):  # the outline of this content built into this folder
        outline_path(cache_folder(), project.content, project.out).unlink(missing_ok=True)
    console.say(wording.cleaned(project.out, removed, kept))


@main.command("init")
@output_options
@click.argument("directory", type=FOLDER, default=".")
@click.option("--blank", is_flag=True, help="One page and two placeholder families, instead of the demo.")
@click.option("--force", is_flag=True, help="Also into a folder that holds files (existing files are kept).")
def init_command(directory: Path, blank: bool, force: bool) -> None:
    """Create a new site in DIRECTORY (default: here) that builds as it is.

    \b
    Examples:
      llmdiff init my-site            the demo page, LLMs vs Diffusion Models
      llmdiff init my-site --blank    one page, two families to fill in
      llmdiff init . --force          into the current folder, keeping its files
    """
    from llmdiff_site.scaffold import StarterMissing, TargetNotEmpty, write_starter

    try:
        written = write_starter(directory, blank=blank, force=force)
    except TargetNotEmpty as exc:
        raise click.UsageError(f"{exc}; choose a new or empty folder, or add --force") from exc
    except StarterMissing as exc:
        fail(str(exc), "reinstall llmdiff (pip install --force-reinstall llmdiff-site)")
    except OSError as exc:
        fail(f"cannot create the site in {directory}: {exc.strerror}", "choose a folder you can write")
    console.say(wording.created(directory, written.folders, written.kept))


@main.group("new")
def new_group() -> None:
    """Add a family or a page: a file with every required field, each value to fill in marked TODO.

    \b
    Examples:
      llmdiff new family ssm
      llmdiff new page llm-vs-ssm --families llm,ssm
      llmdiff check                 lists every TODO left, with its line
    """


def _families_list(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """`--families a,b` as a list of ids."""
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _write_new(write: Callable[[], Path]) -> None:
    """Run one `new` and say what was written and what comes next."""
    from llmdiff_site.scaffold import NewFileProblem

    try:
        path = write()
    except NewFileProblem as exc:
        fail(str(exc), "choose another name, or edit the existing file")
    except OSError as exc:
        fail(f"cannot write the new file: {exc.strerror}", "check the content folder's permissions")
    console.say(f"Wrote {path}. Next: fill in every TODO, then llmdiff check")


@new_group.command("family")
@output_options
@click.argument("family_id", metavar="ID")
@project_options
def new_family_command(
    family_id: str,
    site_dir: Path | None,
    content: Path | None,
    templates: Path | None,
    static: Path | None,
) -> None:
    """Write content/families/ID.yaml, with a value to fill in for each table row and section.

    \b
    Example:
      llmdiff new family ssm
    """
    from llmdiff_site.scaffold import new_family

    project, _ = open_site(site_dir, content, templates, static)
    _write_new(lambda: new_family(project.content, family_id))


@new_group.command("page")
@output_options
@click.argument("slug")
@click.option(
    "--families", callback=_families_list, default=None, help="Family ids to compare, comma-separated."
)
@project_options
def new_page_command(
    slug: str,
    families: list[str] | None,
    site_dir: Path | None,
    content: Path | None,
    templates: Path | None,
    static: Path | None,
) -> None:
    """Write content/pages/SLUG.yaml, a comparison page published at /SLUG/.

    \b
    Example:
      llmdiff new page llm-vs-ssm --families llm,ssm
    """
    from llmdiff_site.scaffold import new_page

    project, _ = open_site(site_dir, content, templates, static)
    _write_new(lambda: new_page(project.content, slug, families))
