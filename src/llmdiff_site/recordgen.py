"""Writes records.py, the record twin of every content model: `python -m llmdiff_site.recordgen`.

The models stay the one place a field is declared; this turns each into a plain class with the
same name, fields, defaults and read-only members, so the pipeline and the content cache never
need pydantic. A test checks that records.py is what this writes.
"""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
import sys
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from llmdiff_site import model

TARGET = Path(__file__).with_name("records.py")

HEADER = '''\
"""Validated content as the pipeline reads it: one frozen record per content model.

Generated from model.py by `python -m llmdiff_site.recordgen`; do not edit. Field meanings are
documented on the models.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from llmdiff_site.values import Record, _new, _set
'''


def models() -> list[type[model.Strict]]:
    """Every content model, in the order model.py defines them."""
    return [
        kind
        for kind in vars(model).values()
        if isinstance(kind, type) and issubclass(kind, model.Strict) and kind is not model.Strict
    ]


def hint(tp: Any) -> str:
    """A type as the record declares it: validation metadata dropped, models named by their record."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return hint(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(hint(a) for a in args)
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(a) for a in args)}]"
    if origin in (list, dict, tuple):
        return f"{origin.__name__}[{', '.join(hint(a) for a in args)}]"
    if tp is type(None):
        return "None"
    if tp is dt.date:
        return "dt.date"
    if isinstance(tp, type):
        return tp.__name__
    raise TypeError(f"no record type for {tp!r}")


def _default(info: Any) -> tuple[bool, Any]:
    """(has a default, the default) of a model field; only defaults a record can share or copy.

    A record's `__init__` writes its defaults into source: plain scalars, or an empty list or
    dict (a fresh one per record). Anything else (a non-empty list shared by every record, a
    date or a model) is refused here rather than generated wrong.
    """
    if info.is_required():
        return False, None
    default = info.get_default(call_default_factory=True, validated_data={})
    if default is None or type(default) in (bool, int, float, str) or default in ([], {}):
        return True, default
    raise TypeError(f"no record default for {default!r}: use None, a scalar, [] or {{}}")


def members(kind: type[BaseModel]) -> list[str]:
    """Read-only members the model itself defines (properties), as source for the record."""
    found = []
    for item in vars(kind).values():
        if isinstance(item, property) and item.fget is not None:
            found.append(textwrap.dedent(inspect.getsource(item.fget)))
    return found


def _names(names: list[str]) -> str:
    """A tuple of names as source."""
    return f"({''.join(f'{n!r}, ' for n in names).rstrip()})"


def record_source(kind: type[model.Strict]) -> str:
    """One record class."""
    base = next(b for b in kind.__bases__ if issubclass(b, model.Strict))
    parent = "Record" if base is model.Strict else base.__name__
    inherited = set(base.model_fields) if base is not model.Strict else set()
    own = [name for name in kind.model_fields if name not in inherited]
    doc = (kind.__doc__ or "").strip().splitlines()[0]
    lines = [f"class {kind.__name__}({parent}):", f'    """{doc}"""', ""]
    fields = list(kind.model_fields.items())
    lines.append(f"    __slots__ = {_names(sorted(own))}")
    lines.append(f"    _fields: ClassVar[tuple[str, ...]] = {_names([n for n, _ in fields])}")
    defaults = {name: _default(info)[1] for name, info in fields if _default(info)[0]}
    lines.append(f"    _defaults: ClassVar[dict[str, Any]] = {defaults!r}")
    lines.append("")
    for name in own:
        lines.append(f"    {name}: {hint(kind.model_fields[name].annotation)}")
    params = []
    body = []
    for name, info in fields:
        has, default = _default(info)
        if has and default in ([], {}):  # a fresh empty list or dict per record, as pydantic gives
            params.append(f"{name}: {hint(info.annotation)} | None = None")
            body.append(f"        _set(self, {name!r}, {default!r} if {name} is None else {name})")
        else:
            params.append(f"{name}: {hint(info.annotation)}" + (f" = {default!r}" if has else ""))
            body.append(f"        _set(self, {name!r}, {name})")
    lines.append("")
    lines.append(f"    def __init__(self, *, {', '.join(params)}) -> None:")
    lines.extend(body)
    name = kind.__name__
    lines.append("")
    lines.append("    @staticmethod")
    typed = ", ".join(f"{n}: {hint(info.annotation)}" for n, info in fields)
    if parent == "Record":
        lines.append(f"    def _make({typed}) -> {name}:")
    else:  # it takes more fields than its parent's
        lines.append(f"    def _make(  # type: ignore[override]\n{typed}) -> {name}:")
    lines.append(f'        """A {name} from its field values in order (unpickling: they were checked)."""')
    lines.append(f"        self = _new({name})")
    lines.extend(f"        _set(self, {n!r}, {n})" for n, _ in fields)
    lines.append("        return self")
    for source in members(kind):
        lines.append("")
        lines.extend(f"    {line}" if line else "" for line in source.rstrip().splitlines())
    return "\n".join(lines)


def generate() -> str:
    """The whole of records.py, formatted as ruff formats it (ruff comes with the test extras)."""
    source = HEADER + "".join(f"\n\n{record_source(kind)}\n" for kind in models())
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


if __name__ == "__main__":
    TARGET.write_text(generate(), encoding="utf-8")
    print(f"wrote {TARGET}")
