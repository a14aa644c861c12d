"""Render stage: page plans to HTML and data files through Jinja2, with content always treated as data.

Fragments that do not depend on the page they sit on (a family's card, its deep-dive, benchmark
and guide entries) are rendered once per build and reused; footnote numbers, which do depend on
the page, are left in them as marks that each page fills in.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import types
from collections import deque
from collections.abc import (
    Callable,
    Iterable,
    MutableMapping,
    MutableSequence,
    MutableSet,
    Sequence,
)
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import jinja2
import jinja2.bccache
import markupsafe
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from llmdiff_site.cache import make_private_folder, read_kept, write_kept
from llmdiff_site.content import Content
from llmdiff_site.errors import Diagnostic, display_path
from llmdiff_site.exports import Memo, canonical_url, comparison_files, json_ld
from llmdiff_site.limits import TemplateTimeout, time_limit
from llmdiff_site.markup import plain_text, render_inline
from llmdiff_site.pages import (
    NOTE_SECTIONS,
    Badge,
    ComparisonPlan,
    FamilyPlan,
    PagePlan,
    Tinted,
    benchmark_parts,
    folder_prefix,
    note_key,
)
from llmdiff_site.project import cache_folder
from llmdiff_site.records import Fact, Family
from llmdiff_site.safefs import below, read_regular
from llmdiff_site.values import Record

if TYPE_CHECKING:
    from traceback import FrameSummary

FOOTNOTE_MACROS = "partials/label.html"


BYTECODE_FLAVOUR = "sandboxed-2"
"""How templates are compiled, which Jinja2's cache key (name and source) does not capture: code
compiled for a plain environment calls functions without the sandbox's checks. Change it when
the environment's compile-time settings change."""


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja2's bytecode cache in the cache folder; none when it cannot be created."""
    folder = cache_folder() / "jinja" / BYTECODE_FLAVOUR
    try:
        make_private_folder(folder)
    except OSError:
        return None
    return CheckedBytecodeCache(str(folder))


class CheckedBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja2's file cache of compiled templates, with a checksum over each file.

    Jinja2 checks only the template source's hash: a compiled file damaged on disk would be
    loaded by `marshal` as it is, publishing whatever the changed code writes, or crashing the
    interpreter. A file whose checksum fails is compiled again instead.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """The bucket's code from its file, when the file is whole."""
        try:
            bucket.bytecode_from_string(read_kept(Path(self._get_cache_filename(bucket))))
        except (OSError, ValueError):  # missing, damaged or not this user's alone: compiled again
            return

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Write the bucket's code with its checksum (atomically; a failure only costs time)."""
        with contextlib.suppress(OSError):
            write_kept(Path(self._get_cache_filename(bucket)), bucket.bytecode_to_string())


MAX_TEMPLATE_BYTES = 1024 * 1024


class FolderLoader(jinja2.FileSystemLoader):
    """Jinja2's file loader, reading only regular files that stay inside their templates folder."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text; a link out of the folder, a FIFO or a device is an error, not a read."""
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = Path(searchpath, *pieces)
            if not os.path.lexists(filename):
                continue
            if not below(searchpath, filename):
                raise jinja2.TemplateError(
                    f"{filename} is reached through a link out of its templates folder"
                )
            try:
                raw = read_regular(filename, MAX_TEMPLATE_BYTES)
            except OSError as exc:
                raise jinja2.TemplateError(f"cannot read {filename}: {exc.strerror}") from exc
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise jinja2.TemplateError(f"{filename} is over {MAX_TEMPLATE_BYTES:,} bytes")
            try:
                text = raw.decode(self.encoding)
            except UnicodeDecodeError as exc:
                raise jinja2.TemplateError(f"{filename} is not UTF-8 (byte {exc.start})") from None
            mtime = filename.stat().st_mtime

            def uptodate(filename: Path = filename, mtime: float = mtime) -> bool:
                try:
                    return filename.stat().st_mtime == mtime
                except OSError:
                    return False

            return text, os.path.normpath(filename), uptodate
        raise jinja2.TemplateNotFound(template)


_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)
_new_str = str.__new__


def quick_escape(value: Any) -> Markup:
    """markupsafe.escape, without its general checks for the two kinds almost every `{{ … }}` prints.

    A page prints over a hundred values; the checks cost more than the escaping. The result is
    the same Markup: a str escaped by markupsafe's own routine, a Markup as it is (immutable).
    """
    kind = type(value)
    if kind is str and _escape_inner is not None:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    return markupsafe.escape(value)


class QuickTemplate(jinja2.Template):
    """A compiled template whose `{{ … }}` output goes through quick_escape."""

    @classmethod
    def _from_namespace(
        cls,
        environment: jinja2.Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> jinja2.Template:
        """The compiled code's module namespace, with Jinja2's `escape` swapped for the quick one."""
        if namespace.get("escape") is markupsafe.escape:
            namespace["escape"] = quick_escape
        return super()._from_namespace(environment, namespace, globals)


class Sandbox(ImmutableSandboxedEnvironment):
    """Templates may read what they are given, never reach Python's internals or run for ever.

    A site's templates are data as much as its YAML is (a pull request can change them, and CI
    checks it): Jinja2's immutable sandbox refuses internals (`__globals__`, `__class__` …) and
    changes to values, its `range` stops at 100,000, and here repeating text or lists, or
    raising to a power, may not make a value past a million items.
    """

    template_class = QuickTemplate
    intercepted_binops = frozenset({"*", "**"})
    MAX_ITEMS = 1_000_000
    MAX_BITS = 4096

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A data field of a content object or page plan is read at once; anything else is checked.

        Jinja2's checks (no `_` names, no internals of functions or types, no mutating methods
        of lists, dicts and sets) can never refuse a public field of a plain data class, so
        skipping them there decides exactly as they would, at a tenth of the cost.
        """
        kind = type(obj)
        if attribute in (_FIELDS.get(kind) or _data_fields(kind)):
            try:
                return getattr(obj, attribute)
            except AttributeError:  # a field never set: Jinja2's way gives Undefined
                pass
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja2's checks, and on a pydantic model only what llmdiff's own classes define.

        Content reaches templates as records, which carry only their fields. A pydantic model
        would also carry pydantic's methods, and some are dangerous in a template:
        `parse_raw(..., allow_pickle=True)` runs code, `parse_file` reads any file.
        """
        if not super().is_safe_attribute(obj, attr, value):
            return False
        kind = obj if isinstance(obj, type) else type(obj)
        if getattr(kind, "__pydantic_fields__", None) is None:
            return True
        for klass in kind.__mro__:
            if attr in vars(klass):
                return klass.__module__.startswith("llmdiff_site.")
        return False

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict, not Jinja2's ChainMap over the environment's.

        Every page and fragment copies its template's globals and every `{% from %}` compares
        their keys; a dict does both natively. The environment's globals are all set before the
        first template loads (`Renderer` sets them when it is made), so nothing is missed.
        """
        return {**self.globals, **(d or {})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helpers: set[Callable[..., Any]] = set()
        """llmdiff's own template functions: plain Python that takes values and returns text."""

    def add_helpers(self, **helpers: Callable[..., Any]) -> None:
        """Make functions template globals that are called directly (a table cell calls several)."""
        self.globals.update(helpers)
        self.helpers.update(helpers.values())

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """llmdiff's helpers are called at once; anything else through the sandbox's checks."""
        if isinstance(__obj, _PLAIN_CALLABLES) and __obj in __self.helpers:
            kwargs.pop("_loop_vars", None)  # what Jinja2 hands to context functions, which these are not
            kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        """`*` and `**`, refused where the result would be enormous."""
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"the power {right} is too large for a template")
        whole = isinstance(left, int) and isinstance(right, int)
        if whole and operator == "**" and abs(left).bit_length() * max(right, 0) > self.MAX_BITS:
            raise SecurityError("this power makes a number too large for a template")
        if whole and operator == "*" and abs(left).bit_length() + abs(right).bit_length() > self.MAX_BITS:
            raise SecurityError("this product makes a number too large for a template")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * count > self.MAX_ITEMS:
                    raise SecurityError("repeating this makes a value too large for a template")
        return super().call_binop(context, operator, left, right)


_FIELDS: dict[type, frozenset[str]] = {}


def _data_fields(kind: type) -> frozenset[str]:
    """Public fields (and llmdiff's own properties) of a record, dataclass or model; a loop's counters."""
    known = _FIELDS.get(kind)
    if known is None:
        names: Iterable[str] = ()
        if issubclass(kind, Record):
            names = kind._fields
        elif issubclass(kind, LoopContext):
            names = _LOOP_FIELDS
        elif not issubclass(kind, _MUTABLE):
            names = (
                getattr(kind, "__dataclass_fields__", None)
                or getattr(kind, "__pydantic_fields__", None)
                or ()
            )
            if hasattr(kind, "__dataclass_fields__"):  # a page plan's derived values, as llmdiff defines them
                own = [k for k in kind.__mro__ if k.__module__.startswith("llmdiff_site.")]
                names = [*names, *(n for k in own for n, v in vars(k).items() if isinstance(v, property))]
        known = _FIELDS[kind] = frozenset(name for name in names if not name.startswith("_"))
    return known


_PLAIN_CALLABLES = (types.FunctionType, types.MethodType)


def published_name(published: dict[str, str]) -> Callable[[str], str]:
    """`asset()` for templates: a static file's published name (hashed for stylesheets)."""

    def asset(rel: str) -> str:
        return published.get(rel, rel)

    return asset


_LOOP_FIELDS = ("index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0")
"""The counters of a `{% for %}` loop (`loop.index0` …): numbers and flags, read in every table cell."""

_MUTABLE = (MutableMapping, MutableSequence, MutableSet, deque)
"""What Jinja2's immutable sandbox guards the methods of; never given the fast path."""


def make_environment(template_dirs: Sequence[Path]) -> Sandbox:
    """A strict, autoescaping, sandboxed environment; the first folder that has a template wins."""
    env = Sandbox(
        loader=FolderLoader([str(d) for d in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
        auto_reload=False,
        cache_size=-1,  # a plain dict: a site has a few dozen templates, an LRU costs on every include
    )
    env.filters["md"] = render_inline
    env.add_helpers(
        benchmark_parts=benchmark_parts, accent_style=accent_style, page_accents=page_accents, favicon=favicon
    )
    return env


NEUTRAL_ACCENTS = ("#ffd88a", "#ff9f6b")
"""The theme's gold, for pages that compare no families (the hub, the 404 page)."""


def _pair(families: Sequence[Family]) -> tuple[str, str]:
    """The two colours a page is tinted with: its first and last family's accents."""
    if not families:
        return NEUTRAL_ACCENTS
    return families[0].accent, families[-1].accent


def page_accents(families: Sequence[Family]) -> str:
    """Custom properties for what belongs to all of a page's families (synergy, shared advice)."""
    first, last = _pair(families)
    return f"--pair-a: {first}; --pair-b: {last}"


_FAVICON = "data:image/svg+xml," + (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'>"
    "<rect width='64' height='64' rx='16' fill='%23120d2e'/>"
    "<circle cx='24' cy='32' r='14' fill='{first}'/>"
    "<circle cx='40' cy='32' r='14' fill='{last}' opacity='.75'/></svg>"
).replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
"""The tab icon's address, with a place for each colour."""


def favicon(families: Sequence[Family]) -> str:
    """The tab icon, two overlapping discs in the page's family colours, as a data: URL."""
    first, last = _pair(families)
    return _FAVICON.format(first=_url_part(first), last=_url_part(last))


@functools.lru_cache(maxsize=4096)
def _url_part(colour: str) -> str:
    """A colour as the icon's address holds it (`#7aa2ff` → `%237aa2ff`): once per colour, not per page."""
    return quote(colour, safe="")


def accent_style(family: Family | Badge | None) -> str:
    """The custom properties that colour a family's card edge, chips and column."""
    if family is None:
        return ""
    return f"--accent: {family.accent}; --accent-2: {family.accent_2 or family.accent}"


def _fragment_key(value: Any) -> str | None:
    """A key under which a fragment's input is the same on every page, or None when it is not."""
    if isinstance(value, Family):
        return f"family:{value.id}"
    if isinstance(value, Tinted):
        return value.key
    return None


PAGE_SECONDS = 30
"""A page that takes longer to render is a template running away (a real page takes milliseconds)."""


class Renderer:
    """One build's templates, site-wide names and rendered fragments."""

    def __init__(
        self,
        env: Sandbox,
        content: Content,
        assets: dict[str, str] | None = None,
        *,
        minify: bool = False,
    ) -> None:
        self.env = env
        self.minify = minify
        published = dict(assets or {})
        self.content = content
        self._fragments: dict[tuple[str, str, str], Markup] = {}
        self._exported = Memo()
        self._mark = f"\ue000{os.urandom(8).hex()}:"  # as secrets.token_hex, without loading it
        self._marks = re.compile(re.escape(self._mark) + r"(\w+):(\w+)\ue001")
        env.globals.update(site=content.site, text=content.site.text, reply=content.reply)
        env.add_helpers(fragment=self.fragment, fnref=self.footnote_mark, asset=published_name(published))

    def fragment(self, template: str, **one: Any) -> Markup:
        """A partial rendered with one named value; rendered once per build when the value allows."""
        if len(one) != 1:
            raise TypeError("fragment() takes the template and exactly one named value")
        ((name, value),) = one.items()
        key = _fragment_key(value)
        memo = (template, name, key) if key is not None else None
        if memo is not None and memo in self._fragments:
            return self._fragments[memo]
        html = Markup(self.env.get_template(template).render({name: value}))
        if memo is not None:
            self._fragments[memo] = html
        return html

    def footnote_mark(self, section: str, fact: Fact) -> Markup:
        """A mark where a fact's footnote number goes; each page fills in its own numbers."""
        if section not in NOTE_SECTIONS:  # refused here, where the template names it
            raise ValueError(f"no footnote list {section!r}: the lists are {', '.join(NOTE_SECTIONS)}")
        key = note_key(fact)
        return Markup(f"{self._mark}{section}:{key}\ue001") if key is not None else Markup("")

    def _fill_footnotes(self, html: str, plan: PagePlan) -> str:
        """Replace every footnote mark with the page's numbered reference."""
        if self._mark not in html:
            return html
        notes = plan.notes if isinstance(plan, ComparisonPlan | FamilyPlan) else None
        macro = self.env.get_template(FOOTNOTE_MACROS).module.footnote_ref  # type: ignore[attr-defined]

        def reference(match: re.Match[str]) -> str:
            note = notes.section(match.group(1)).by_key(match.group(2)) if notes is not None else None
            return str(macro(note)) if note is not None else ""

        return self._marks.sub(reference, html)

    def page_html(self, plan: PagePlan) -> str:
        """One page's HTML."""
        site = self.content.site
        context = plan.context()
        context["canonical"] = None if plan.noindex else canonical_url(site.base_url, plan.url_path)
        context["jsonld"] = Markup(json_ld(site, plan))
        context["og_image"] = None
        if isinstance(plan, ComparisonPlan) and site.social_cards:
            card = folder_prefix(plan.url_path) + plan.exports.card
            context["og_image"] = canonical_url(site.base_url, card) or plan.exports.card
        html = self.env.get_template(plan.template).render(context)
        return self._fill_footnotes(html, plan)

    def page_files(self, plan: PagePlan) -> list[tuple[str, bytes]]:
        """Everything one page puts in the output: its HTML and, for a comparison, its data files."""
        with time_limit(PAGE_SECONDS, plan.output):
            html = self.page_html(plan)
        if self.minify:
            html = minified(html)
        files = [(plan.output, html.encode("utf-8"))]
        if isinstance(plan, ComparisonPlan):
            files.extend(comparison_files(self.content, plan, self._exported))
            if self.content.site.social_cards:
                files.append((folder_prefix(plan.url_path) + plan.exports.card, self.card(plan)))
        return files

    def card(self, plan: ComparisonPlan) -> bytes:
        """The page's social card, from the user's cache when it was drawn before."""
        from llmdiff_site.cards import CardFace, card_png

        hero = plan.hero
        face = CardFace(
            site=self.content.site.name,
            title=hero.title if hero is not None else plan.page_title,
            subtitle=plain_text(hero.subtitle) if hero is not None and hero.subtitle else "",
            families=tuple((f.short_name, f.accent) for f in plan.families),
            dark=self.content.site.theme != "light",
        )
        return card_png(face, cache_folder())


def minified(html: str) -> str:
    """A page's HTML minified by minify-html: the same document, without needless spaces and quotes."""
    import minify_html

    return str(minify_html.minify(html, minify_css=True, minify_js=True))


def template_diagnostic(exc: BaseException, cwd: Path) -> Diagnostic:
    """A template mistake (syntax, a missing name, a bad operation) as a located diagnostic."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = display_path(Path(exc.filename), cwd) if exc.filename else str(exc.name or "template")
        return Diagnostic(
            path,
            exc.lineno or 0,
            message=f"template syntax error: {exc.message}",
            hint="check that every {% … %}, {{ … }} and {# … #} on this line is closed and spelt right",
        )
    if isinstance(exc, jinja2.TemplateNotFound):
        including = _template_frames(exc)
        if including:
            where = including[-1]
            return Diagnostic(
                display_path(Path(where.filename), cwd),
                where.lineno or 0,
                message=f"template not found: {exc.name}",
                hint="check the name, or copy the template into templates/",
            )
        return Diagnostic(
            str(exc.name or "templates"),
            message="template not found",
            hint="copy the starter templates with 'llmdiff init', or check --templates",
        )
    frames = _template_frames(exc)
    undefined = isinstance(exc, jinja2.UndefinedError)
    message = (
        f"template error: {exc}"
        if isinstance(exc, jinja2.TemplateError)
        else f"template error: {type(exc).__name__}: {exc}"
    )
    if undefined:
        hint = "a template uses a name the page does not provide; check the spelling"
    elif "out of its templates folder" in str(exc):
        hint = "copy the template into templates/ instead of linking to it"
    elif "is not UTF-8" in str(exc):
        hint = "save the template as UTF-8 in your editor"
    elif isinstance(exc, SecurityError):
        hint = "templates read the values they are given; no Python internals, no huge values"
    elif isinstance(exc, TemplateTimeout):
        hint = "look for a loop that never ends or runs over a very large range"
    elif isinstance(exc, jinja2.TemplateError):
        hint = ""
    else:
        hint = "the template does something its value does not support (look at this line)"
    if frames:
        where = frames[-1]
        return Diagnostic(
            display_path(Path(where.filename), cwd), where.lineno or 0, message=message, hint=hint
        )
    return Diagnostic("templates", message=message, hint=hint)


def _frames(exc: BaseException) -> list[FrameSummary]:
    """Where an exception passed (traceback loads only when something went wrong)."""
    import traceback

    return list(traceback.extract_tb(exc.__traceback__))


def _template_frames(exc: BaseException) -> list[FrameSummary]:
    """The frames of an exception that are template lines."""
    return [f for f in _frames(exc) if f.filename.endswith((".html", ".jinja"))]


def unexpected_diagnostic(exc: BaseException, cwd: Path) -> Diagnostic:
    """Anything else raised while building: in a template, located there; otherwise a bug, said plainly."""
    if _template_frames(exc):
        return template_diagnostic(exc, cwd)
    frames = _frames(exc)
    place = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return Diagnostic(
        "llmdiff",
        message=f"internal error: {type(exc).__name__}: {exc}{place}",
        hint="this is a bug in llmdiff; please report it with the content that causes it",
    )
