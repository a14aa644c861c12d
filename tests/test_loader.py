"""The read stage: positions for every value, and the safety caps."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from llmdiff_site.errors import Diagnostic
from llmdiff_site.loader import load_document


def load(tmp_path: Path, data: bytes | str) -> tuple[object, list[Diagnostic]]:
    """Load text written to a temporary file."""
    path = tmp_path / "doc.yaml"
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return load_document(path, "doc.yaml")


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    """Every value and key knows its 1-based line and column."""
    doc, problems = load(tmp_path, "name: A\nitems:\n  - label: x\n    text: y\n")
    assert problems == []
    assert doc is not None
    assert doc.data == {"name": "A", "items": [{"label": "x", "text": "y"}]}  # type: ignore[attr-defined]
    assert doc.mark(("items", 0, "text")) == (4, 11)  # type: ignore[attr-defined]
    assert doc.mark(("items", 0, "text"), key=True) == (4, 5)  # type: ignore[attr-defined]
    assert doc.mark(("items", 0, "missing")) == (3, 5)  # type: ignore[attr-defined]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Files saved with a UTF-8 BOM load as if it were not there."""
    doc, problems = load(tmp_path, b"\xef\xbb\xbftitle: Caf\xc3\xa9\n")
    assert problems == []
    assert doc.data == {"title": "Café"}  # type: ignore[attr-defined]


def test_dates_load_as_dates(tmp_path: Path) -> None:
    """`as_of: 2026-10-01` keeps its text and carries a date (not a datetime) for date fields."""
    doc, _ = load(tmp_path, "as_of: 2026-10-01\n")
    import datetime as dt

    value = doc.data["as_of"]  # type: ignore[attr-defined]
    assert value == "2026-10-01" and value.value == dt.date(2026, 10, 1)


@pytest.mark.parametrize("text", ["0.30", "12:30", "Yes", "1_000", "null", "2026-13-01", "0o17", "1e3"])
def test_plain_scalars_keep_their_text(tmp_path: Path, text: str) -> None:
    """A plain scalar is kept exactly as written, by both loaders."""
    from llmdiff_site.loader import _positioned

    fast, _ = load(tmp_path, f"value: {text}\n")
    slow, _ = _positioned(tmp_path / "doc.yaml", "doc.yaml")
    assert fast is not None and slow is not None
    assert str(fast.data["value"]) == text == str(slow.data["value"])


def test_billion_laughs_is_rejected_fast(tmp_path: Path) -> None:
    """Nine levels of nine aliases would be 387 million strings; it fails in well under a second."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    started = time.perf_counter()
    doc, problems = load(tmp_path, text)
    assert time.perf_counter() - started < 1.0
    assert doc is None
    assert "alias bomb" in problems[0].message


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    """Ordinary anchors and aliases still work."""
    doc, problems = load(tmp_path, "base: &c '#fff'\naccent: *c\n")
    assert problems == []
    assert doc.data == {"base": "#fff", "accent": "#fff"}  # type: ignore[attr-defined]


def test_libyaml_depth_limit_is_reported(tmp_path: Path) -> None:
    """Absurd nesting never reaches Python's recursion limit."""
    doc, problems = load(tmp_path, "x: " + "[" * 20000 + "]" * 20000 + "\n")
    assert doc is None
    assert problems[0].line == 1
    assert "nest" in problems[0].message + problems[0].hint


def test_caret_points_at_the_column() -> None:
    """On a terminal the source line is shown with a caret under the column."""
    diagnostic = Diagnostic(
        "a.yaml", 3, 8, "title", "expected text", "put it in quotes", source_line="title: 42"
    )
    assert diagnostic.format(caret=True).splitlines() == [
        "a.yaml:3:8: title: expected text",
        "    3 | title: 42",
        " " * 15 + "^",  # under the "4": 8 characters of gutter, then column 8
        "  hint: put it in quotes",
    ]
    assert diagnostic.format().splitlines()[0] == "a.yaml:3:8: title: expected text"


def test_github_annotation_format() -> None:
    """Workflow annotations escape what the runner would misread."""
    diagnostic = Diagnostic("a.yaml", 2, 5, "rows[0].values", "no value: x", "add it\nhere")
    assert diagnostic.to_github() == (
        "::error file=a.yaml,line=2,col=5,title=rows[0].values::no value: x (hint: add it%0Ahere)"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "hint"),
    [
        ('a: 1\ntitle: "LLMs vs Diffusion\nb: 2\nc: "x"\n', 2, 8, "this quote is never closed on its line"),
        ("a: 1\ntitle: 'it is\nb: 2\nc: 'x'\n", 2, 8, "this quote is never closed on its line"),
        (
            'title: "LLMs vs Diffusion\n  Models"\ndescription: Note: a colon\n',
            3,
            18,
            "put text that contains",
        ),
        ("title: 'LLMs vs\n  Models'\ndescription: Note: a colon\n", 3, 18, "put text that contains"),
        ('title: x\ndescription: |\n  note: "he said\nx: y: z\n', 4, 5, "put text that contains"),
        ("hero:\n  title: LLMs\n    subtitle: deeper\n", 3, 13, "indented deeper than the key above"),
    ],
    ids=[
        "double quote open",
        "single quote open",
        "valid double",
        "valid single",
        "block text",
        "stray indent",
    ],
)
def test_a_syntax_error_is_named_at_its_cause(
    tmp_path: Path, text: str, line: int, column: int, hint: str
) -> None:
    """A quote left open is named where it opens; a valid quoted text over two lines or a quote inside a
    block of text is never blamed for an error below it."""
    doc, problems = load(tmp_path, text)
    assert doc is None
    [problem] = problems
    assert (problem.line, problem.column) == (line, column), problem
    assert hint in problem.hint, problem
