"""Validate stage: documents to a typed, cross-checked Content, or every problem found."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from llmdiff_site import markup
from llmdiff_site.errors import Diagnostic, Severity, did_you_mean, display_path
from llmdiff_site.loader import Document, FieldPath, load_document
from llmdiff_site.model import (
    FILE_KINDS,
    Benchmarks,
    Content,
    DeepDive,
    Family,
    Features,
    Guide,
    Hero,
    InlineMarkdown,
    Reply,
    Site,
    Strict,
    Synergy,
)

FAMILIES_DIR = "families"
K = TypeVar("K", bound=Strict)


@dataclass(frozen=True)
class Loaded:
    """One validated content file: its typed value and the document it came from."""

    doc: Document
    value: Strict


def load_content(content_dir: Path, cwd: Path | None = None) -> tuple[Content | None, list[Diagnostic]]:
    """Read and validate every file under content/; all problems of all files at once."""
    cwd = cwd or Path.cwd()
    diagnostics: list[Diagnostic] = []
    shown_dir = display_path(content_dir, cwd)
    if not content_dir.is_dir():
        return None, [
            Diagnostic(
                shown_dir,
                message="content folder not found",
                hint="run it in a site folder, pass --content DIR, or create a site with 'llmdiff init'",
            )
        ]
    singles: dict[str, Loaded] = {}
    for path in sorted(content_dir.iterdir()):
        name = path.name
        shown = display_path(path, cwd)
        if path.is_dir():
            if name != FAMILIES_DIR and not name.startswith("."):
                diagnostics.append(_unknown_file(shown, name, is_dir=True))
            continue
        if name.startswith(".") or not name.endswith((".yaml", ".yml")):
            continue
        kind = FILE_KINDS.get(name)
        if kind is None:
            diagnostics.append(_unknown_file(shown, name, is_dir=False))
            continue
        loaded = _load_one(path, shown, kind, diagnostics)
        if loaded is not None:
            singles[name] = loaded
    families, family_ids = _load_families(content_dir / FAMILIES_DIR, cwd, diagnostics)
    if "site.yaml" not in singles and not (content_dir / "site.yaml").exists():
        diagnostics.append(
            Diagnostic(
                f"{shown_dir}/site.yaml",
                message="site.yaml not found",
                hint="every site needs content/site.yaml; 'llmdiff init' writes a starter one",
            )
        )
    if not families and not (content_dir / FAMILIES_DIR).is_dir():
        diagnostics.append(
            Diagnostic(
                f"{shown_dir}/{FAMILIES_DIR}",
                message="no families folder",
                hint="add content/families/<id>.yaml, one file per model family",
            )
        )
    if "site.yaml" not in singles:
        return None, diagnostics

    def pick(name: str, kind: type[K]) -> K | None:
        """The validated value of one single file, typed."""
        loaded = singles.get(name)
        return loaded.value if loaded is not None and isinstance(loaded.value, kind) else None

    site = pick("site.yaml", Site)
    assert site is not None
    content = Content(
        site=site,
        families=tuple(sorted((f.value for f in families if isinstance(f.value, Family)), key=_family_order)),
        hero=pick("hero.yaml", Hero),
        deep_dive=pick("deep-dive.yaml", DeepDive),
        features=pick("features.yaml", Features),
        synergy=pick("synergy.yaml", Synergy),
        benchmarks=pick("benchmarks.yaml", Benchmarks),
        guide=pick("guide.yaml", Guide),
        reply=pick("reply.yaml", Reply),
    )
    diagnostics.extend(_cross_check(content, singles, family_ids))
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    return content, diagnostics


def _family_order(family: Family) -> tuple[int, str]:
    """Families sort by their `order`, then by id, so output never depends on the disk."""
    return (family.order, family.id)


def _unknown_file(shown: str, name: str, *, is_dir: bool) -> Diagnostic:
    """A warning for a file the site does not use, with the nearest known name."""
    known = [FAMILIES_DIR] if is_dir else list(FILE_KINDS)
    hint = did_you_mean(name, known) or f"known files: {', '.join(sorted(FILE_KINDS))}"
    return Diagnostic(
        shown,
        message="not a known content file; it is ignored",
        hint=hint,
        severity=Severity.WARNING,
    )


def _load_one(path: Path, shown: str, kind: type[Strict], out: list[Diagnostic]) -> Loaded | None:
    """Load and validate one file, appending its problems to `out`."""
    doc, problems = load_document(path, shown)
    out.extend(problems)
    if doc is None:
        return None
    return _validate_doc(doc, doc.data, kind, out)


def _validate_doc(doc: Document, data: Any, kind: type[Strict], out: list[Diagnostic]) -> Loaded | None:
    """Validate a document's data against its kind, then check its inline Markdown links."""
    if not isinstance(data, dict):
        out.append(
            doc.diagnostic(
                (),
                f"expected a mapping of keys to values, got {describe(data)}",
                "start the file with 'key: value' lines",
            )
        )
        return None
    try:
        value = kind.model_validate(data)
    except ValidationError as exc:
        out.extend(errors_to_diagnostics(doc, kind, exc.errors()))
        return None
    out.extend(_check_links(doc, value))
    return Loaded(doc, value)


def _load_families(folder: Path, cwd: Path, out: list[Diagnostic]) -> tuple[list[Loaded], set[str]]:
    """One family per file; the file name is the id unless the file sets one.

    Also returns every id the files claim, valid or not, so that a broken family file
    does not make each reference to it an error too.
    """
    if not folder.is_dir():
        return [], set()
    loaded: list[Loaded] = []
    claimed: set[str] = set()
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.name.endswith((".yaml", ".yml")):
            continue
        shown = display_path(path, cwd)
        stem = path.name.rsplit(".", 1)[0]
        doc, problems = load_document(path, shown)
        out.extend(problems)
        if doc is None:
            claimed.add(stem)
            continue
        data = doc.data
        if isinstance(data, dict) and "id" not in data:
            data = {"id": stem, **data}
        claimed.add(str(data.get("id", stem)) if isinstance(data, dict) else stem)
        item = _validate_doc(doc, data, Family, out)
        if item is not None:
            loaded.append(item)
    first: dict[str, Loaded] = {}
    for item in loaded:
        assert isinstance(item.value, Family)
        fid = item.value.id
        if fid in first:
            out.append(
                item.doc.diagnostic(
                    ("id",),
                    f"family id '{fid}' is already used by {first[fid].doc.path}",
                    "give each family its own id (the file name is the default id)",
                )
            )
        else:
            first[fid] = item
    return list(first.values()), claimed


def _cross_check(content: Content, singles: dict[str, Loaded], known: set[str]) -> Iterator[Diagnostic]:
    """References between files: family ids exist, and the table has a value for every family."""

    def unknown(doc: Document, loc: FieldPath, fid: str, *, key: bool = False) -> Diagnostic:
        hint = did_you_mean(fid, known) or f"known families: {', '.join(sorted(known))}"
        return doc.diagnostic(loc, f"no family with id '{fid}'", hint, key=key)

    site = singles["site.yaml"]
    for i, fid in enumerate(content.site.compare or []):
        if fid not in known:
            yield unknown(site.doc, ("compare", i), fid)
    if not known:
        yield site.doc.diagnostic((), "the site has no families to compare", "add content/families/<id>.yaml")
    compared = {f.id for f in content.compared()}
    if "features.yaml" in singles and content.features:
        doc = singles["features.yaml"].doc
        for r, row in enumerate(content.features.rows):
            for fid in row.values:
                if fid not in known:
                    yield unknown(doc, ("rows", r, "values", fid), fid, key=True)
            for fid in sorted(compared - set(row.values)):
                yield doc.diagnostic(
                    ("rows", r, "values"),
                    f"row '{row.attribute}' has no value for family '{fid}'",
                    f"add '{fid}: …' under values (the page compares {', '.join(sorted(compared))})",
                )
    for name, loc_items in (
        ("deep-dive.yaml", ("cards",)),
        ("benchmarks.yaml", ("groups",)),
        ("benchmarks.yaml", ("cards",)),
        ("guide.yaml", ("items",)),
    ):
        if name not in singles:
            continue
        loaded = singles[name]
        for i, item in enumerate(getattr(loaded.value, loc_items[0])):
            ref = getattr(item, "family", None)
            if ref is not None and ref not in known:
                yield unknown(loaded.doc, (*loc_items, i, "family"), ref)


def _check_links(doc: Document, value: BaseModel) -> Iterator[Diagnostic]:
    """Links in inline Markdown may only use http, https, mailto or relative addresses."""
    for loc, text in _inline_fields(value, ()):
        for href in markup.find_links(text):
            if not markup.is_safe_url(href):
                yield doc.diagnostic(
                    loc,
                    f"link '{href}' uses a scheme that is not allowed",
                    "links may use http, https, mailto or a relative address",
                )


def _inline_fields(value: Any, loc: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Every inline-Markdown string in a model, with where it sits."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            child = getattr(value, name)
            if isinstance(child, str):
                if any(isinstance(m, InlineMarkdown) for m in info.metadata):
                    yield (*loc, name), child
            else:
                yield from _inline_fields(child, (*loc, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _inline_fields(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _inline_fields(item, (*loc, key))


# --- pydantic errors to diagnostics ---------------------------------------------------


def describe(value: Any) -> str:
    """What a person would call a YAML value's type."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    return type(value).__name__


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "date_type": "a date like 2026-01-31",
    "date_parsing": "a date like 2026-01-31",
    "date_from_datetime_parsing": "a date like 2026-01-31",
}


def errors_to_diagnostics(
    doc: Document, kind: type[BaseModel], errors: list[ErrorDetails]
) -> list[Diagnostic]:
    """All of a file's errors; a 'missing' field explained by a misspelt key is not reported twice."""
    misspelt: set[FieldPath] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = _loc(err)
            close = difflib.get_close_matches(str(loc[-1]), _fields_at(kind, loc[:-1]), n=1, cutoff=0.6)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    return [
        error_to_diagnostic(doc, kind, err)
        for err in errors
        if not (err["type"] == "missing" and _loc(err) in misspelt)
    ]


def _loc(err: ErrorDetails) -> FieldPath:
    """An error's location as a field path."""
    return tuple(p for p in err["loc"] if isinstance(p, int | str))


def error_to_diagnostic(doc: Document, kind: type[BaseModel], err: ErrorDetails) -> Diagnostic:
    """One pydantic error as a located, plain-language diagnostic with a hint."""
    loc = _loc(err)
    etype = err["type"]
    given = err.get("input")
    if etype == "missing":
        name = loc[-1]
        return doc.diagnostic(loc, f"required field '{name}' is missing", f"add '{name}: …' here")
    if etype == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(kind, loc[:-1])
        hint = did_you_mean(name, allowed) or (f"allowed keys: {', '.join(allowed)}" if allowed else "")
        return doc.diagnostic(loc, f"unknown key '{name}'", hint, key=True)
    if etype in _EXPECTED:
        return doc.diagnostic(
            loc, f"expected {_EXPECTED[etype]}, got {describe(given)}", _type_hint(etype, given)
        )
    if etype == "string_too_short":
        return doc.diagnostic(
            loc, "must not be empty", "write some text, or remove the key if it is optional"
        )
    if etype == "too_short":
        least = err.get("ctx", {}).get("min_length", 1)
        return doc.diagnostic(loc, f"needs at least {least} item(s)", "add an item to the list")
    if etype == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        return doc.diagnostic(
            loc,
            f"'{given}' is not one of: {', '.join(options)}",
            did_you_mean(str(given), options),
        )
    if etype == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        return doc.diagnostic(loc, f"'{given}' is not valid here", _pattern_hint(pattern))
    message = str(err["msg"]).removeprefix("Value error, ")
    return doc.diagnostic(loc, message)


def _type_hint(etype: str, given: Any) -> str:
    """A fix for the common type slips of YAML."""
    if etype == "string_type" and isinstance(given, bool):
        return "YAML reads yes/no/true/false as true or false; put the text in quotes"
    if etype == "string_type" and isinstance(given, int | float):
        return "put the number in quotes to use it as text"
    if etype == "string_type" and isinstance(given, dt.date):
        return "put the date in quotes to use it as text"
    if etype == "string_type" and isinstance(given, dict):
        return "text that contains ': ' must be put in quotes"
    if etype == "list_type":
        return "write each item on its own line starting with '- '"
    return ""


def _pattern_hint(pattern: str) -> str:
    """Plain words for the patterns the model uses."""
    from llmdiff_site.model import FAMILY_ID, HEX_COLOR

    if pattern == FAMILY_ID:
        return "ids use lowercase letters, digits, '-' and '_', and start with a letter or digit"
    if pattern == HEX_COLOR:
        return "write a colour as #rgb or #rrggbb, for example #7c8cff"
    return f"it must match {pattern}"


def _fields_at(kind: type[BaseModel], loc: FieldPath) -> list[str]:
    """The keys allowed at `loc` inside `kind`, for 'did you mean' hints."""
    current: Any = kind
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return []
    model = _as_model(current)
    return list(model.model_fields) if model else []


def _unwrap(tp: Any, part: str | int) -> Any:
    """The type one step down from `tp` along `part`."""
    model = _as_model(tp)
    if model is not None:
        if isinstance(part, str) and part in model.model_fields:
            return model.model_fields[part].annotation
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _as_model(tp: Any) -> type[BaseModel] | None:
    """The model class inside Optional/Annotated wrappers, if any."""
    for _ in range(4):
        if isinstance(tp, type) and not typing.get_args(tp) and issubclass(tp, BaseModel):
            return tp
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return None
    return None
