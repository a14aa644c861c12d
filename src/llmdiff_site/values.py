"""Frozen value classes that cost little to define: a CLI pays for every class it creates at start-up.

`@value` is `@dataclass(frozen=True)` with the same equality, hashing and repr, but those three
are shared functions instead of code compiled for each class. On Python 3.11 a frozen
dataclass compiles six functions when it is defined (about 0.8 ms each class); a value class
compiles three, which takes about 10 ms off every `llmdiff build` (the planning module alone
defines two dozen). Classes with fields left out of comparison keep the standard decorator.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


def _install(cls: type[T]) -> type[T]:
    """Give a frozen dataclass (made with eq=False, repr=False) dataclass equality, hash and repr."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if not all(f.compare and f.hash is None for f in fields):
        raise TypeError(f"{cls.__name__}: @value compares every field; use @dataclass for others")
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

    cls.__eq__ = __eq__  # type: ignore[method-assign]
    cls.__hash__ = __hash__  # type: ignore[method-assign]
    cls.__repr__ = __repr__  # type: ignore[method-assign]
    return cls


@dataclass_transform(frozen_default=True)
def value(cls: type[T]) -> type[T]:
    """A frozen dataclass whose equality, hash and repr are shared rather than compiled per class."""
    return _install(dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls))
