"""The content-format reference (docs/content.md), written from the model so it cannot drift from it.

Every file, every field, its type, whether it is required, its default and its description (the
docstring under the field in model.py). `llmdiff schema --reference docs/content.md` writes it;
a test fails when the committed copy differs from what the model says today.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import inspect
import itertools
import textwrap
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from llmdiff_site.model import FILE_MODELS, Family, InlineMarkdown, PageSpec


@functools.cache
def field_docs(kind: type[BaseModel]) -> dict[str, str]:
    """Each field's docstring (the string literal under it), from the class and its bases."""
    docs: dict[str, str] = {}
    for klass in reversed(kind.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, BaseModel)) or klass is BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for field, after in itertools.pairwise(body):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs


CONSTRAINTS = (("ge", "≥ {}"), ("le", "≤ {}"), ("min_length", "at least {}"), ("pattern", "matching `{}`"))


def _constraints(metadata: list[Any]) -> str:
    """What Field() constraints and markers add to a type's name."""
    notes: list[str] = []
    flat = [m for item in metadata for m in (item.metadata if isinstance(item, FieldInfo) else [item])]
    for item in flat:
        if isinstance(item, InlineMarkdown):
            notes.append("inline Markdown")
        for name, say in CONSTRAINTS:
            value = getattr(item, name, None)
            if value is not None and not (name == "min_length" and value == 1):
                notes.append(say.format(value))
    return f" ({', '.join(notes)})" if notes else ""


SIMPLE = {
    str: "text",
    int: "whole number",
    float: "number",
    bool: "true or false",
    dt.date: "date, YYYY-MM-DD",
}


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A type as an editor reads it: 'text', 'list of Highlight', 'one of: dark, light, auto'."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *extra = typing.get_args(annotation)
        return type_name(base, [*metadata, *extra])
    shorthand = next((m for m in metadata if isinstance(m, BeforeValidator)), None)
    if shorthand is not None and shorthand.json_schema_input_type not in (Any, PydanticUndefined):
        return type_name(shorthand.json_schema_input_type)
    suffix = _constraints(metadata)
    if origin in (types.UnionType, typing.Union):
        names = [type_name(a) for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(dict.fromkeys(names)) + suffix
    if origin is Literal:
        words = {False: "false", True: "true"}
        values = [words[v] if isinstance(v, bool) else str(v) for v in typing.get_args(annotation)]
        return (values[0] if len(values) == 1 else "one of: " + ", ".join(values)) + suffix
    if origin in (list, tuple):
        return f"list of {type_name(typing.get_args(annotation)[0])}{suffix}"
    if origin is dict:
        key, value = typing.get_args(annotation)
        return f"mapping of {type_name(key)} to {type_name(value)}{suffix}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    simple = {
        str: "text",
        int: "whole number",
        float: "number",
        bool: "true or false",
        dt.date: "date, YYYY-MM-DD",
    }
    return simple.get(annotation, getattr(annotation, "__name__", str(annotation))) + suffix


def _default(info: FieldInfo) -> str:
    """A field's default as YAML would say it, or '—' when it is required."""
    if info.is_required():
        return "—"
    value = info.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value in ([], {}, ()):
        return "empty"
    return f"`{value}`" if value != "" else '`""`'


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type refers to, for the sections that follow."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, BeforeValidator):
            found.extend(_models_in(meta.json_schema_input_type))
    return found


def _cell(text: str) -> str:
    """Text for one table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _section(kind: type[BaseModel], heading: str) -> list[str]:
    """One model's table of fields."""
    docs = field_docs(kind)
    lines = [heading, "", _cell(inspect.cleandoc(kind.__doc__ or "")), ""]
    lines += ["| field | type | required | default | what it is |", "|---|---|---|---|---|"]
    for name, info in kind.model_fields.items():
        required = "yes" if info.is_required() else "no"
        kind_name = type_name(info.annotation, info.metadata)
        lines.append(
            f"| `{name}` | {_cell(kind_name)} | {required} | {_default(info)} | {_cell(docs.get(name, ''))} |"
        )
    return [*lines, ""]


def files() -> dict[str, type[BaseModel]]:
    """Each kind of content file, by where it lives."""
    return {
        **{f"content/{name}": kind for name, kind in FILE_MODELS.items()},
        "content/families/<id>.yaml": Family,
        "content/pages/<slug>.yaml": PageSpec,
    }


def render_reference() -> str:
    """The whole reference, as Markdown."""
    lines = [
        "# Content reference",
        "",
        "<!-- Written from the model by `llmdiff schema --reference docs/content.md`; do not edit. -->",
        "",
        "Every file under `content/`, every field it may hold, its type, whether it is required, its",
        "default and what it is for. Unknown keys are errors. A value written `TODO…` is a placeholder",
        "(`llmdiff new` writes them); `llmdiff check` lists each one left.",
        "",
        "## Files",
        "",
    ]
    seen: list[type[BaseModel]] = []
    queue: list[type[BaseModel]] = []
    for path, kind in files().items():
        lines += _section(kind, f'### `{path}`<a id="{kind.__name__.lower()}"></a>')
        queue.append(kind)
    while queue:
        for info in queue.pop(0).model_fields.values():
            shorthands = [m for m in info.metadata if isinstance(m, BeforeValidator)]
            for found in _models_in(info.annotation) + [
                m for meta in shorthands for m in _models_in(meta.json_schema_input_type)
            ]:
                if found not in seen and found not in files().values():
                    seen.append(found)
                    queue.append(found)
    lines += [
        "## Parts",
        "",
        "The objects the files above are made of, in the order they are first used.",
        "",
    ]
    for kind in seen:
        lines += _section(kind, f'### {kind.__name__}<a id="{kind.__name__.lower()}"></a>')
    return "\n".join(lines).rstrip() + "\n"
