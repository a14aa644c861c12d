"""Plain-language messages for pydantic's validation errors, placed at their YAML lines."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import TYPE_CHECKING, Any

from llmdiff_site.content import FAMILY_ID, HEX_COLOR
from llmdiff_site.documents import Document, FieldPath
from llmdiff_site.errors import Diagnostic, did_you_mean

if TYPE_CHECKING:  # pydantic is loaded only when something is validated
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails


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
    "float_type": "a number",
    "float_parsing": "a number",
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


_UNREADABLE = {
    "date_parsing": ("a real date", "a date that exists, as YYYY-MM-DD, like 2026-01-31"),
    "date_from_datetime_parsing": ("a real date", "a date that exists, as YYYY-MM-DD, like 2026-01-31"),
    "int_parsing": ("a whole number", "digits only, like 3"),
    "float_parsing": ("a number", "a number like 42, 0.5 or 1.5e9"),
    "bool_parsing": ("true or false", "true or false"),
}
"""Errors for text that should have been a value of another type: what it is not, and how to write it."""


def errors_to_diagnostics(
    doc: Document, kind: type[BaseModel], errors: list[ErrorDetails]
) -> list[Diagnostic]:
    """All of a file's errors; a 'missing' field explained by a misspelt key is not reported twice.

    A field that takes one of several kinds (text or `false`, say) fails once per kind, each
    under a location naming pydantic's internal kind; such errors become one, at the field.
    """
    errors = _one_per_field(doc.data, errors)
    misspelt: set[FieldPath] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = _loc(err)
            import difflib  # only when a name is wrong

            close = difflib.get_close_matches(str(loc[-1]), _fields_at(kind, loc[:-1]), n=1, cutoff=0.6)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    return [
        error_to_diagnostic(doc, kind, err)
        for err in errors
        if not (err["type"] == "missing" and _loc(err) in misspelt)
    ]


_KIND_TAG = re.compile(
    r"\[|^(?:constrained|literal|function|is-instance|json-or-python|lax|strict|union|nullable|tagged|chain|default)\b|^[A-Z]|^(?:str|int|float|bool|list|dict|none|date)$"
)
"""Location parts pydantic adds for the members of a union ('constrained-str', 'literal[False]', …)."""


def _clean_loc(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A location without union-member parts: keys and indexes the data has (or, last, a key it lacks)."""
    out: list[Any] = []
    current = data
    for i, part in enumerate(loc):
        has_key = isinstance(current, dict) and part in current
        has_index = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if has_key or has_index:
            out.append(part)
            current = current[part]
        elif isinstance(part, str) and _KIND_TAG.search(part):
            continue
        else:
            out.append(part)
            current = None if i < len(loc) - 1 else current
    return tuple(out)


def _one_per_field(data: Any, errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Errors with union-member parts taken out of their locations; the first per location kept."""
    seen: set[tuple[Any, ...]] = set()
    kept: list[ErrorDetails] = []
    for err in errors:
        loc = _clean_loc(data, tuple(err["loc"]))
        if loc in seen:
            continue
        seen.add(loc)
        kept.append({**err, "loc": loc})
    return kept


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
    if etype == "float_type" and isinstance(given, int) and not isinstance(given, bool):
        return doc.diagnostic(
            loc,
            f"this number ({len(str(abs(given)))} digits) is too large",
            "write a number below 1e308, like 1.5e12",
        )
    if etype in _UNREADABLE and isinstance(given, str):
        what, example = _UNREADABLE[etype]
        return doc.diagnostic(loc, f"'{given}' is not {what}", f"write {example}")
    if etype in _EXPECTED:
        hint = _type_hint(etype, given)
        if given is None and re.search(r":\s+#", doc.source_line(doc.mark(loc)[0])):
            hint = "'#' starts a comment in YAML: put the value in quotes, like \"#7aa2ff\""
        elif etype == "string_type" and "!!" in doc.source_line(doc.mark(loc)[0]):
            hint = "remove the '!!' tag: a text field takes the text as written"
        return doc.diagnostic(loc, f"expected {_EXPECTED[etype]}, got {describe(given)}", hint)
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
        if given is None:  # `key:` with nothing after it, or `null`
            return doc.diagnostic(
                loc,
                f"no value given; expected one of: {', '.join(options)}",
                f"write '{options[0]}'" if options else "",
            )
        return doc.diagnostic(
            loc,
            f"'{given}' is not one of: {', '.join(options)}",
            did_you_mean(str(given), options),
        )
    if etype == "finite_number":
        return doc.diagnostic(
            loc,
            f"expected a finite number, got {given}",
            "write a number like 42 or 0.5: YAML's .nan and .inf are no value a page can show",
        )
    bounds = {"greater_than_equal": ("ge", "at least"), "less_than_equal": ("le", "at most")}
    if etype in bounds:
        key, words = bounds[etype]
        limit = err.get("ctx", {}).get(key)
        return doc.diagnostic(
            loc, f"{given} is too {'small' if key == 'ge' else 'large'}", f"write a number {words} {limit}"
        )
    if etype == "string_pattern_mismatch":
        pattern = str(err.get("ctx", {}).get("pattern", ""))
        hint = _pattern_hint(pattern)
        if isinstance(given, str) and given != given.lower() and re.match(pattern, given.lower()):
            hint = f"ids are lowercase: write '{given.lower()}'"
        return doc.diagnostic(loc, f"'{given}' is not valid here", hint)
    message = str(err["msg"]).removeprefix("Value error, ")
    hint = ""
    if "https://" in message:
        hint = "for example https://example.org/ (one line, no spaces)"
    elif "date" in message:
        hint = "write the date as YYYY-MM-DD, like 2026-01-31"
    return doc.diagnostic(loc, message, hint)


def _type_hint(etype: str, given: Any) -> str:
    """A fix for the common type slips of YAML."""
    if etype == "string_type" and isinstance(given, bool):
        return "YAML reads yes/no/true/false as true or false; put the text in quotes"
    if etype == "string_type" and isinstance(given, int | float):
        return "put the number in quotes to use it as text"
    if etype == "string_type" and isinstance(given, dt.date):
        return "put the date in quotes to use it as text"
    if etype == "string_type" and isinstance(given, list):
        return "write the text after the key, without [ ] or '- ' items (quote it if it starts with [)"
    if etype == "string_type" and isinstance(given, dict):
        return "text that contains ': ' must be put in quotes"
    if etype == "list_type":
        return "write each item on its own line starting with '- '"
    if given is None:
        return "write a value after the colon, or remove the key if it is optional"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return "write the keys on their own lines, indented under this one ('key: value')"
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return "write a whole number, like 3"
    if etype in ("bool_type", "bool_parsing"):
        return "write true or false"
    return ""


def _pattern_hint(pattern: str) -> str:
    """Plain words for the patterns the model uses."""
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
    from pydantic import BaseModel

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
