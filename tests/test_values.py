"""@value classes behave as frozen dataclasses do: a page plan relies on each of these."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from llmdiff_site.values import value


@value
class Point:
    """A plain value with a default and a default factory."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)


@value
class Labelled(Point):
    """A subclass adds a field after the inherited ones."""

    label: str = ""


def test_fields_defaults_and_factories_are_set() -> None:
    """Positional, keyword, default and factory values land in their fields."""
    assert (Point(1).x, Point(1).y, Point(1).tags) == (1, 0, ())
    assert Point(1, 2, ("a",)) == Point(x=1, y=2, tags=("a",))
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]


def test_equality_hash_and_repr_are_a_dataclasses() -> None:
    """Equal fields mean equal values and hashes; another class never compares equal."""
    assert Point(1, 2) == Point(1, 2) and hash(Point(1, 2)) == hash(Point(1, 2))
    assert Point(1, 2) != Point(2, 1)
    assert Labelled(1, 2) != Point(1, 2)
    assert repr(Labelled(1, label="a")) == "Labelled(x=1, y=0, tags=(), label='a')"
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_fields_cannot_change() -> None:
    """Assigning or deleting a field raises FrozenInstanceError, as a frozen dataclass does."""
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.other = 1  # type: ignore[attr-defined]
    assert point.x == 1


def test_dataclass_tools_and_pickle_work() -> None:
    """fields(), replace() and a pickle round trip give what they give for a dataclass."""
    labelled = Labelled(1, 2, ("t",), "a")
    assert [f.name for f in dataclasses.fields(labelled)] == ["x", "y", "tags", "label"]
    assert dataclasses.replace(labelled, y=5) == Labelled(1, 5, ("t",), "a")
    assert pickle.loads(pickle.dumps(labelled)) == labelled


def test_a_field_left_out_of_comparison_is_refused() -> None:
    """@value compares every field; a class that needs otherwise must say so with @dataclass."""
    with pytest.raises(TypeError, match="compares every field"):

        @value
        class Partial:
            kept: int
            ignored: int = dataclasses.field(default=0, compare=False)


def test_fields_it_cannot_make_a_plain_init_for_are_refused() -> None:
    """Private, `self` and InitVar fields, or a default before a required field: a TypeError at once."""
    with pytest.raises(TypeError, match="public fields only"):

        @value
        class Private:
            _set: int

    with pytest.raises(TypeError, match="public fields only"):

        @value
        class Selfish:
            self: int

    with pytest.raises(TypeError, match="public fields only"):

        @value
        class WithInitVar:
            x: dataclasses.InitVar[int]

    with pytest.raises(TypeError):

        @value
        class Misordered(Point):
            z: int


def test_records_are_frozen_compare_by_value_and_survive_pickle() -> None:
    """A content record: its own defaults, no changes, value equality, and a faithful pickle."""
    from llmdiff_site.records import Family, Highlight, Quantity, Source

    fact = Highlight(label="Size", text="7B", source=Source(url="https://example.org"))
    family = Family(id="llm", name="LLM", short_name="LLM", tagline="t", accent="#fff", highlights=[fact])
    assert family.order == 100 and family.icons == [] and family.table == {} and family.draft is False
    assert Family(id="a", name="A", short_name="A", tagline="t", accent="#000").icons is not family.icons
    with pytest.raises(dataclasses.FrozenInstanceError):
        family.name = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        family.colour = "#000"  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(family))
    assert again == family and type(again) is Family and again is not family
    assert again.highlights[0].source == Source(url="https://example.org")
    assert family != Family(id="llm", name="LLM", short_name="LLM", tagline="other", accent="#fff")
    assert Quantity(low=1, high=3).span == (1, 3)
    assert hash(Source(url="x")) == hash(Source(url="x"))
    assert repr(Source(url="x")) == "Source(url='x', title=None)"


def test_replace_and_fields_of_records() -> None:
    """`replace` changes named fields of a copy and refuses unknown ones; `fields_of` lists them in order."""
    from llmdiff_site.records import Source
    from llmdiff_site.values import fields_of, replace

    source = Source(url="https://example.org", title="Example")
    changed = replace(source, title="Other")
    assert (changed.url, changed.title, source.title) == ("https://example.org", "Other", "Example")
    with pytest.raises(TypeError, match="no field colour"):
        replace(source, colour="red")
    assert fields_of(source) == {"url": "https://example.org", "title": "Example"}


def test_records_print_and_iterate_as_pydantic_models_do() -> None:
    """A template that prints a whole object, or loops over its fields, gives what it gave before records."""
    from llmdiff_site import model
    from llmdiff_site.model import to_record

    for made in (
        model.LabelObject(text="Best", icon="✦"),
        model.Highlight(label="Size", text="7B", source=model.Source(url="https://example.org")),
        model.Hero(title="T", pills=[model.LabelObject(text="a")]),
    ):
        record = to_record(made)
        assert str(record) == str(made)
        assert repr(record) == repr(made)
        assert [name for name, _ in record] == [name for name, _ in made]
        assert dict(record) == {name: to_record(item) for name, item in made}
