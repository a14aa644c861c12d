"""Frozen value classes that cost little to define: a CLI pays for every class it creates at start-up.

`@value` makes a frozen dataclass with dataclass equality, hashing and repr, but only its
`__init__` is compiled for the class (from a few lines of source, without the dataclass
module's code generation); equality, hash, repr and the refusal to change a field are shared
functions. On Python 3.11 a frozen dataclass compiles six functions when it is defined (about
0.8 ms a class); the planning module alone defines two dozen, and every `llmdiff build` pays.
Classes with fields left out of comparison, private or `InitVar` fields, or a frozen dataclass
among their bases keep the standard decorator; `@value` classes derive only from each other.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, TypeVar, dataclass_transform

T = TypeVar("T")


def _refuse_set(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


_FACTORY = object()
"""The default of a parameter whose field has a default factory: call the factory."""


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """An `__init__` that sets each field past the frozen `__setattr__`, as a dataclass's does."""
    scope: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    params: list[str] = []
    body: list[str] = []
    for f in fields:
        if f.kw_only:
            raise TypeError(f"{cls.__name__}: @value takes no keyword-only fields")
        if f.default is not dataclasses.MISSING:
            scope[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            body.append(f" if {f.name} is _FACTORY: {f.name} = _f_{f.name}()")
        else:
            params.append(f.name)
        body.append(f" _set(self, {f.name!r}, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append(" self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or [" pass"])
    try:
        exec(source, scope)  # our own source, built from field names, as dataclasses does
    except SyntaxError:
        raise TypeError(f"{cls.__name__}: a field without a default follows one with a default") from None
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _install(cls: type[T]) -> type[T]:
    """Give a dataclass (made with init, eq, repr off) its `__init__`, freezing, equality, hash and repr."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if not all(f.compare and f.hash is None and f.init for f in fields):
        raise TypeError(f"{cls.__name__}: @value compares every field; use @dataclass for others")
    odd = [f.name for f in fields if f.name.startswith("_") or f.name == "self"]
    pseudo = [
        name
        for name, f in cls.__dataclass_fields__.items()  # type: ignore[attr-defined]
        if isinstance(f.type, dataclasses.InitVar) or (isinstance(f.type, str) and "InitVar" in f.type)
    ]
    if odd or pseudo:
        raise TypeError(f"{cls.__name__}: @value takes public fields only ({', '.join(odd + pseudo)})")
    names = tuple(f.name for f in fields)
    shown = tuple(f.name for f in fields if f.repr)
    key: Callable[[Any], tuple[Any, ...]]
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        key = lambda self: (single(self),)  # noqa: E731 (attrgetter of one name gives no tuple)
    elif names:
        key = operator.attrgetter(*names)
    else:
        key = lambda self: ()  # noqa: E731

    def __eq__(self: Any, other: Any) -> bool:
        if other.__class__ is self.__class__:
            return bool(key(self) == key(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(key(self))

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    cls.__init__ = _init(cls, fields)  # type: ignore[method-assign]
    cls.__setattr__ = _refuse_set  # type: ignore[method-assign]
    cls.__delattr__ = _refuse_delete  # type: ignore[method-assign]
    cls.__eq__ = __eq__  # type: ignore[method-assign]
    cls.__hash__ = __hash__  # type: ignore[method-assign]
    cls.__repr__ = __repr__  # type: ignore[method-assign]
    return cls


@dataclass_transform(frozen_default=True)
def value(cls: type[T]) -> type[T]:
    """A frozen dataclass whose methods are shared or cheaply made rather than generated per class."""
    return _install(dataclasses.dataclass(init=False, eq=False, repr=False)(cls))


_set = object.__setattr__
_new = object.__new__


class Record:
    """Validated content as the pipeline reads it: frozen, slotted, with no validation machinery.

    Each content model (model.py, pydantic) has a record twin of the same name and fields
    (records.py, generated from the models). Validation makes pydantic objects and turns them
    into records at once, and the content cache keeps records, so a build whose content is all
    cached neither imports the models nor builds their classes, and unpickles plain objects.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    """Every field, in the model's order."""
    _defaults: ClassVar[dict[str, Any]] = {}
    """The model's default per field, for exports that leave defaults out."""
    _make: ClassVar[Callable[..., Any]]
    """Builds a record from its field values in order, without checks (one generated per class)."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Record)
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({inner})"

    def __str__(self) -> str:
        """`name='value' …`, as pydantic prints a model: a template printing a whole object says the same."""
        return " ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(name, value) pairs, as a pydantic model gives them: templates may loop over an object."""
        return ((name, getattr(self, name)) for name in self._fields)

    def __reduce__(self) -> tuple[Any, ...]:
        return (self._make, self._values())


R = TypeVar("R", bound=Record)


def replace(record: R, **changes: Any) -> R:
    """A copy of a record with some fields changed (as dataclasses.replace; no checks)."""
    unknown = changes.keys() - set(record._fields)
    if unknown:
        raise TypeError(f"{record.__class__.__name__} has no field {', '.join(sorted(unknown))}")
    made: R = record._make(*[changes.get(n, getattr(record, n)) for n in record._fields])
    return made


def fields_of(record: Record) -> dict[str, Any]:
    """A record's fields by name, in order."""
    return {name: getattr(record, name) for name in record._fields}
