"""Read stage: YAML files to plain data that remembers where every value came from."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]

from llmdiff_site.documents import Document, FieldPath, Positions, format_field
from llmdiff_site.errors import Diagnostic
from llmdiff_site.manifest import hash_bytes
from llmdiff_site.safefs import read_regular

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 32
MAX_NODES = 50_000
MAX_ALIASES = 100


class Scalar(str):
    """A plain (unquoted, untagged) YAML scalar: its text exactly as written, and the value YAML gives it.

    Fields the model types as text take the text (`0.30`, `12:30`, `Yes` stay as written, as
    StrictYAML does); fields typed as numbers, dates or booleans take the value. A value YAML
    cannot read (a date like 2026-02-30) keeps its text, so a typed field reports it.
    """

    value: Any

    def __new__(cls, text: str, value: Any) -> Scalar:
        """The text, carrying its value."""
        scalar = super().__new__(cls, text)
        scalar.value = value
        return scalar

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as text and value (the parse cache and worker processes pickle data)."""
        return (Scalar, (str(self), self.value))


def plain_scalar(text: str, read: Any) -> Any:
    """What a plain scalar loads as: None when empty, else its text with the value `read` gives."""
    if text == "":
        return None
    try:
        value = read()
    except Exception:  # PyYAML's readers fail in assorted ways on odd text: keep the text
        value = text
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    return Scalar(text, value)


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_CONTROL_NAMES = {"\x00": "a NUL byte", "\x1b": "an ESC character", "\x7f": "a DEL character"}
_STR_TAG = "tag:yaml.org,2002:str"
_VALUE_TAG = "tag:yaml.org,2002:value"
_KIND_WORDS = {"int": "whole number", "float": "number", "bool": "true or false", "timestamp": "date"}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class _Problem(Exception):
    """A loading problem at a node, turned into a diagnostic by `load_document`."""

    def __init__(self, node: yaml.Node, message: str, hint: str = "", loc: FieldPath = ()) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.hint = hint
        self.loc = loc


_RISKY = re.compile(r"(?:^|[\s\[{,])[&!]|<<")
"""Anchors, tags and merge keys: files with these take the positioned loader, which enforces the caps."""


class _FastConstructor(yaml.constructor.SafeConstructor):
    """PyYAML's safe constructor, refusing duplicate keys instead of keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A mapping with text keys; a repeated key is an error (the positioned loader then says where)."""
        mapping = super().construct_mapping(node, deep=deep)
        if not all(type(k) is str for k in mapping):
            mapping = {str(k): v for k, v in mapping.items()}
        if len(mapping) != len(node.value):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return mapping

    def _plain(self, node: yaml.ScalarNode, base: Any) -> Any:
        """A resolved plain scalar as text plus value (tagged ones never reach this loader)."""
        return plain_scalar(node.value, lambda: base(self, node))

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """An integer as written."""
        return self._plain(node, yaml.constructor.SafeConstructor.construct_yaml_int)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        """A float as written."""
        return self._plain(node, yaml.constructor.SafeConstructor.construct_yaml_float)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> Any:
        """A yes/no/true/false as written."""
        return self._plain(node, yaml.constructor.SafeConstructor.construct_yaml_bool)

    def construct_yaml_null(self, node: yaml.ScalarNode) -> Any:
        """A null as written (nothing at all stays None)."""
        return self._plain(node, yaml.constructor.SafeConstructor.construct_yaml_null)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date or time as written."""
        return self._plain(node, yaml.constructor.SafeConstructor.construct_yaml_timestamp)


for _tag, _method in (
    ("int", _FastConstructor.construct_yaml_int),
    ("float", _FastConstructor.construct_yaml_float),
    ("bool", _FastConstructor.construct_yaml_bool),
    ("null", _FastConstructor.construct_yaml_null),
    ("timestamp", _FastConstructor.construct_yaml_timestamp),
):
    _FastConstructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)  # type: ignore[type-var]


class _FastLoader(CParser, _FastConstructor, yaml.resolver.Resolver):
    """libyaml's parser with the duplicate-refusing safe constructor."""

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _FastConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


def load_document(path: Path, shown_as: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load one YAML file safely; every problem comes back as a diagnostic, never raised.

    Plain files (no anchors, tags or merge keys) are read by libyaml's loader without positions,
    which is twice as fast; positions are worked out again only when a message needs them.
    """
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except OSError as exc:
        return None, [_unreadable(shown_as, exc)]
    if len(raw) <= MAX_FILE_BYTES:
        try:
            text = raw.decode("utf-8-sig")
            if not _RISKY.search(text):
                loader = _FastLoader(text)
                try:
                    data = loader.get_single_data()
                finally:
                    loader.dispose()
                if isinstance(data, dict) and data:
                    return Document(shown_as, data, path, digest=hash_bytes(raw), escapes=b"\\" in raw), []
        except Exception:  # anything odd: the positioned loader reads it again and says where
            pass
    return _positioned(path, shown_as, raw)


def _unreadable(shown_as: str, exc: OSError) -> Diagnostic:
    """A content file that cannot be read: a FIFO, a device, a link loop, no permission."""
    hint = "content files are plain YAML files; replace it with one"
    if exc.errno == errno.ELOOP:
        hint = "the link points at itself (a loop); replace it with the file"
    elif exc.errno == errno.EACCES:
        hint = "check the file's permissions"
    return Diagnostic(shown_as, message=f"cannot read file: {exc.strerror}", hint=hint)


PARALLEL_MIN_FILES = 400
"""Below this many files, starting worker processes costs more than it saves."""


def _load_chunk(items: list[tuple[Path, str]]) -> list[tuple[Document | None, list[Diagnostic]]]:
    """Load a run of files."""
    return [load_document(path, shown) for path, shown in items]


def _load_chunk_data(items: list[tuple[Path, str]]) -> list[tuple[Any, list[Diagnostic], str]]:
    """Load a run of files in a worker process; only plain data travels back (it pickles fast)."""
    return [
        (doc.data, problems, doc.digest) if doc is not None else (None, problems, "")
        for doc, problems in _load_chunk(items)
    ]


def load_documents(
    items: list[tuple[Path, str]], *, parallel: bool = True
) -> list[tuple[Document | None, list[Diagnostic]]]:
    """Load many files, across processes when there are many (and `parallel`); results in the order given."""
    workers = min(os.cpu_count() or 1, 8)
    if not parallel or len(items) < PARALLEL_MIN_FILES or workers < 2:
        return _load_chunk(items)
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return _load_chunk(items)
    step = -(-len(items) // (workers * 4))
    chunks = [items[i : i + step] for i in range(0, len(items), step)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = [result for chunk in pool.map(_load_chunk_data, chunks) for result in chunk]
    return [
        (Document(shown, data, path, digest=digest) if data is not None else None, problems)
        for (path, shown), (data, problems, digest) in zip(items, results, strict=True)
    ]


def _positioned(
    path: Path, shown_as: str, raw: bytes | None = None
) -> tuple[Document | None, list[Diagnostic]]:
    """Load one YAML file recording the line and column of every key and value."""
    if raw is None:
        try:
            raw = read_regular(path, MAX_FILE_BYTES)
        except OSError as exc:
            return None, [_unreadable(shown_as, exc)]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Diagnostic(
                shown_as,
                message=f"file is over the {MAX_FILE_BYTES:,}-byte limit",
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
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        char = control.group()
        name = _CONTROL_NAMES.get(char, "a control character")
        return None, [
            Diagnostic(
                shown_as,
                line,
                column,
                message=f"{name} (U+{ord(char):04X}) is not allowed in a content file",
                hint="delete it: it is invisible in most editors (it often comes from copy and paste)",
                source_line=lines[line - 1] if line <= len(lines) else "",
            )
        ]
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
    builder = _Builder(lines)
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
                field=format_field(problem.loc),
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
    return Document(
        shown_as, data, path, [Positions(lines, builder.values, builder.keys)], hash_bytes(raw)
    ), []


_KEY_VALUE = re.compile(r"^\s*(?:- )?([\w-]+):[ \t]+(\S.*?)\s*$")
_YAML_STARTERS = "*&!|>%@`[{\"'"


def _short(text: str, limit: int = 60) -> str:
    """A value as a message quotes it: long ones cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoting_hint(lines: tuple[str, ...], line: int) -> str:
    """For text that starts with a character YAML reads as syntax (Markdown **bold**, `code`, [links])."""
    for number in (line, line - 1):
        match = _KEY_VALUE.match(lines[number - 1]) if 0 < number <= len(lines) else None
        if match and match.group(2)[0] in _YAML_STARTERS:
            key, value = match.groups()
            if value[0] in "\"'" and (value.count(value[0]) == 1 or value.endswith(value[0])):
                continue  # a whole quoted value, or an unclosed quote: not this
            shown = value if len(value) <= 40 else value[:37] + "..."
            quoted = shown.replace("\\", "\\\\").replace('"', '\\"')
            return f'text that starts with {value[0]} must be quoted as a whole: {key}: "{quoted}"'
    return ""


def _indented_under_a_value(lines: tuple[str, ...], line: int) -> bool:
    """Whether a `key: …` line sits deeper than a `key: value` line just above it (a stray indent)."""
    if not 1 < line <= len(lines):
        return False
    above = next((text for text in reversed(lines[: line - 1]) if text.strip()), "")
    here = lines[line - 1]
    return bool(_KEY_VALUE.match(above) and _KEY_VALUE.match(here)) and _indent(here) > _indent(above)


def _indent(text: str) -> int:
    """How many spaces a line starts with."""
    return len(text) - len(text.lstrip(" "))


def _unclosed_quote_above(lines: tuple[str, ...], line: int) -> tuple[int, int] | None:
    """Line and column of a quoted value opened above `line` and not closed on its own line.

    YAML lets a quoted text run on over lines, so an unclosed quote takes in the lines below it
    up to the next quote character, and the error is only found there, lines later.
    """
    for number in range(line - 1, max(0, line - 40), -1):
        match = _KEY_VALUE.match(lines[number - 1])
        if match is None:
            continue
        value = match.group(2)
        if value[0] not in "\"'" or _in_block_text(lines, number):
            continue
        closing = _closing_line(lines, number, match.start(2))
        if closing == number:
            continue  # a value quoted on its own line: not this one
        if closing is None or closing >= line:  # the quoted text ran on to the error
            return number, match.start(2) + 1
        return None  # a quoted text over several lines that closes before the error: valid, not the cause
    return None


_BLOCK_TEXT = re.compile(r"^\s*(?:- )?[^#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$")


def _in_block_text(lines: tuple[str, ...], number: int) -> bool:
    """Whether a line is text of a block scalar (`key: |` or `key: >` above it, less indented)."""
    indent = _indent(lines[number - 1])
    for above in range(number - 1, 0, -1):
        text = lines[above - 1]
        if text.strip() and _indent(text) < indent:
            return bool(_BLOCK_TEXT.match(text))
    return False


def _closing_line(lines: tuple[str, ...], number: int, start: int) -> int | None:
    """The line on which the quote at `start` of line `number` closes (YAML's escapes: \\x, '')."""
    quote = lines[number - 1][start]
    at, i = number, start + 1
    while at <= len(lines):
        text = lines[at - 1]
        while i < len(text):
            char = text[i]
            if quote == '"' and char == "\\":
                i += 2
                continue
            if char == quote:
                if quote == "'" and text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return at
            i += 1
        at, i = at + 1, 0
    return None


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
    elif "mapping values are not allowed" in problem and _indented_under_a_value(lines, line):
        hint = "this line is indented deeper than the key above, so it reads as more of that key's text"
        hint += "; line it up with the keys beside it"
    elif "mapping values are not allowed" in problem:
        hint = "put text that contains ': ' in quotes"
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = "check the indentation of this line and the one above it"
    elif "found undefined alias" in problem or "found unknown escape" in problem:
        hint = "put the text in quotes"
    elif "end of stream" in problem and "quoted scalar" in str(exc.context or ""):
        hint = "a quote is opened but never closed; close it on the same line"
        context = exc.context_mark
        if context is not None:
            line, column = context.line + 1, context.column + 1
            source = lines[line - 1] if 0 < line <= len(lines) else ""
    elif "did not find expected key" in problem or "did not find expected '-'" in problem:
        hint = "check the indentation: keys of one mapping start in the same column"
    quoting = _quoting_hint(lines, line)
    if quoting and not hint.startswith("YAML indents"):
        hint = quoting
    swallowed = hint.startswith(("check the indentation", "put text"))  # what lines taken in by a quote give
    opened = _unclosed_quote_above(lines, line) if swallowed else None
    if opened is not None:  # the usual cause of an error found lines below: named at the quote
        found_at = line
        line, column = opened
        source = lines[line - 1]
        hint = f"this quote is never closed on its line, so YAML read on to line {found_at}; close it"
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

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.lines = lines
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
        if node.tag in (_STR_TAG, _VALUE_TAG):  # '=' alone resolves to YAML 1.1's value tag: text here
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise _unsafe_tag(node)
        if not self._tagged(node):
            return plain_scalar(node.value, lambda: self.constructor.construct_object(node))
        try:
            value = self.constructor.construct_object(node)
        except Exception:  # PyYAML's readers fail in assorted ways (ValueError, AttributeError, …)
            kind = node.tag.rsplit(":", 1)[-1]
            raise _Problem(
                node,
                f"'{_short(node.value)}' is not a valid {_KIND_WORDS.get(kind, kind)} (tag !!{kind})",
                "remove the '!!' tag, or write a valid value",
                loc,
            ) from None
        if isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time(0) else value
        return value

    def _tagged(self, node: yaml.Node) -> bool:
        """True when the file gives the node an explicit tag ('!!int 5')."""
        mark = node.start_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        return line[mark.column : mark.column + 1] == "!"

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
                raise _Problem(
                    key_node,
                    "keys must be plain text",
                    "use a simple word as the key; a value that starts with { or [ must be put in quotes",
                )
            key = key_node.value if isinstance(key_node.value, str) else str(key_node.value)
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
