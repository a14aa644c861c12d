"""Read stage: YAML files to plain data that remembers where every value came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from llmdiff_site.errors import Diagnostic

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_NODES = 50_000
MAX_ALIASES = 100

FieldPath = tuple[str | int, ...]

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Document:
    """One content file's data plus the line and column of every key and value in it."""

    path: str
    data: Any
    lines: tuple[str, ...]
    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def mark(self, loc: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """The 1-based line and column nearest to `loc` (the key's place when asked)."""
        probe = tuple(loc)
        if key and probe in self.keys:
            return self.keys[probe]
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def diagnostic(
        self, loc: FieldPath, message: str, hint: str = "", *, key: bool = False, **extra: Any
    ) -> Diagnostic:
        """A diagnostic pinned to `loc` in this file."""
        line, column = self.mark(loc, key=key)
        return Diagnostic(
            path=self.path,
            line=line,
            column=column,
            field=format_field(loc),
            message=message,
            hint=hint,
            source_line=self.source_line(line),
            **extra,
        )

    def source_line(self, line: int) -> str:
        """The text of a 1-based line, for the caret display."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


@dataclass(frozen=True)
class Loaded:
    """One validated content file: its typed value and the document it came from."""

    doc: Document
    value: BaseModel
    rel: str = ""
    """The file's path under content/ ('families/llm.yaml'), the key of incremental builds."""


def format_field(loc: FieldPath) -> str:
    """`highlights[2].label` from ('highlights', 2, 'label')."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Problem(Exception):
    """A loading problem at a node, turned into a diagnostic by `load_document`."""

    def __init__(self, node: yaml.Node, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.hint = hint


def load_document(path: Path, shown_as: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load one YAML file safely; every problem comes back as a diagnostic, never raised."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(shown_as, message=f"cannot read file: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Diagnostic(
                shown_as,
                message=f"file is {len(raw):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
                hint="split it into smaller files; content files are meant to be small",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Diagnostic(
                shown_as,
                line,
                column,
                message=f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                hint="save the file as UTF-8 in your editor",
            )
        ]
    lines = tuple(text.splitlines())
    try:
        roots = list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_diagnostic(exc, shown_as, lines)]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always marks its errors
        return None, [Diagnostic(shown_as, message=f"YAML error: {exc}")]
    roots = [r for r in roots if r is not None]
    if not roots:
        return None, [
            Diagnostic(
                shown_as,
                1,
                1,
                message="file is empty",
                hint="add content, or delete the file if it is not needed",
            )
        ]
    if len(roots) > 1:
        second = roots[1].start_mark
        return None, [
            Diagnostic(
                shown_as,
                second.line + 1,
                second.column + 1,
                message="file holds more than one YAML document",
                hint="remove the '---' separator; each content file holds one document",
                source_line=lines[second.line] if second.line < len(lines) else "",
            )
        ]
    builder = _Builder()
    try:
        data = builder.build(roots[0], (), 0)
    except _Problem as problem:
        mark = problem.node.start_mark
        line = mark.line + 1
        return None, [
            Diagnostic(
                shown_as,
                line,
                mark.column + 1,
                message=problem.message,
                hint=problem.hint,
                source_line=lines[line - 1] if line <= len(lines) else "",
            )
        ]
    problems = [
        Diagnostic(
            shown_as,
            node.start_mark.line + 1,
            node.start_mark.column + 1,
            field=format_field(loc),
            message=message,
            hint=hint,
            source_line=lines[node.start_mark.line] if node.start_mark.line < len(lines) else "",
        )
        for node, loc, message, hint in builder.duplicates
    ]
    if problems:
        return None, problems
    return Document(shown_as, data, lines, builder.values, builder.keys), []


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, shown_as: str, lines: tuple[str, ...]) -> Diagnostic:
    """Turn libyaml's error into one located message with a hint for the usual causes."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    problem = exc.problem or "invalid YAML"
    hint = ""
    if source[column - 1 : column] == "\t" or (problem.startswith("found character") and "\t" in source):
        problem = "tab character used for indentation"
        hint = "YAML indents with spaces only; replace the tab with spaces"
    elif "nesting depth" in problem:
        hint = f"content is nested too deeply; keep it under {MAX_DEPTH} levels"
    elif "mapping values are not allowed" in problem:
        hint = "put text that contains ': ' in quotes"
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = "check the indentation of this line and the one above it"
    elif "found undefined alias" in problem or "found unknown escape" in problem:
        hint = "put the text in quotes"
    return Diagnostic(
        shown_as,
        line,
        column,
        message=f"YAML syntax error: {problem}",
        hint=hint,
        source_line=source,
    )


class _Builder:
    """Walks a composed node graph into plain data, enforcing the safety caps as it goes."""

    def __init__(self) -> None:
        self.values: dict[FieldPath, tuple[int, int]] = {}
        self.keys: dict[FieldPath, tuple[int, int]] = {}
        self.duplicates: list[tuple[yaml.Node, FieldPath, str, str]] = []
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes = 0
        self.aliases = 0
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: FieldPath, depth: int) -> Any:
        """Plain data for one node, recording where it sits."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Problem(
                node,
                f"file expands to more than {MAX_NODES:,} values: rejected as a possible alias bomb",
                "remove the '*' aliases, or split the file",
            )
        if id(node) in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Problem(
                    node,
                    f"more than {MAX_ALIASES} alias uses: rejected as a possible alias bomb",
                    "write the values out instead of repeating anchors with '*'",
                )
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Problem(
                node,
                f"content is nested more than {MAX_DEPTH} levels deep",
                "flatten the structure; no content file needs this much nesting",
            )
        self.values.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise _unsafe_tag(node)
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            raise _unsafe_tag(node)
        value = self.constructor.construct_object(node)
        if isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time(0) else value
        return value

    def _mapping(self, node: yaml.MappingNode, loc: FieldPath, depth: int) -> dict[str, Any]:
        """A dict whose duplicate keys are reported rather than silently overwritten."""
        if node.tag != _MAP_TAG:
            raise _unsafe_tag(node)
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Problem(key_node, "merge keys ('<<') are not supported", "write the keys out")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise _Problem(key_node, "keys must be plain text", "use a simple word as the key")
            key = str(self.constructor.construct_object(key_node))
            child = (*loc, key)
            if key in first_seen:
                self.duplicates.append(
                    (
                        key_node,
                        child,
                        f"duplicate key '{key}'",
                        f"'{key}' is already set on line {first_seen[key]}; keep one of them",
                    )
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, child, depth + 1)
        return out


def _unsafe_tag(node: yaml.Node) -> _Problem:
    """The problem for tags such as !!python/object that safe loading refuses."""
    return _Problem(
        node,
        f"tag '{node.tag}' is not allowed",
        "content files hold plain text, numbers, lists and mappings; remove the '!' tag",
    )
