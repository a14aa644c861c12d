"""JSON Schemas for each kind of content file, generated from the model for editor autocompletion."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

from llmdiff_site.model import FILE_MODELS, Family, PageSpec, Strict
from llmdiff_site.safefs import replace_file

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_kinds() -> dict[str, type[Strict]]:
    """Schema file stem → model, one per kind of content file."""
    kinds: dict[str, type[Strict]] = {name.removesuffix(".yaml"): kind for name, kind in FILE_MODELS.items()}
    kinds["family"] = Family
    kinds["page"] = PageSpec
    return dict(sorted(kinds.items()))


def render_schemas() -> dict[str, str]:
    """File name → JSON Schema text, stable byte for byte."""
    out: dict[str, str] = {}
    for stem, kind in schema_kinds().items():
        schema = {"$schema": SCHEMA_DIALECT, **kind.model_json_schema()}
        _describe(schema, kind)
        schema["title"] = f"llmdiff {stem}"
        if kind is Family:
            schema["required"] = [r for r in schema["required"] if r != "id"]
        out[f"{stem}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def _describe(schema: dict[str, Any], kind: type[Strict]) -> None:
    """Each property's description from the docstring under its field, for editors' hover text."""
    from llmdiff_site import model
    from llmdiff_site.reference import field_docs

    parts = [(schema, kind)] + [
        (definition, getattr(model, name, None)) for name, definition in schema.get("$defs", {}).items()
    ]
    for part, model_class in parts:
        if not isinstance(model_class, type) or not issubclass(model_class, Strict):
            continue
        docs = field_docs(model_class)
        for name, prop in part.get("properties", {}).items():
            if name in docs and "description" not in prop:
                prop["description"] = docs[name]


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns the files written."""
    if folder.is_symlink():
        raise OSError(errno.EPERM, "is a link; name a real folder with --out", str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    schemas = render_schemas()
    for stale in folder.glob("*.schema.json"):
        if stale.name not in schemas:
            stale.unlink()
    written = []
    for name, text in schemas.items():
        path = folder / name
        replace_file(path, text.encode("utf-8"))
        written.append(path)
    return written


def schema_for_content_file(relative: str) -> str | None:
    """Which schema stem describes a content file ('families/llm.yaml' → 'family')."""
    if relative.startswith("families/"):
        return "family"
    if relative.startswith("pages/"):
        return "page"
    name = relative.rsplit("/", 1)[-1]
    return name.removesuffix(".yaml") if name in FILE_MODELS else None
