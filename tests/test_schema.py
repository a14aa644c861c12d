"""JSON Schemas: generated from the model, committed, referenced by every content file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from llmdiff_site.schema import render_schemas, schema_for_content_file
from tests.conftest import REPO, run_cli

SCHEMA_LINE = "# yaml-language-server: $schema="


def test_committed_schemas_match_the_model() -> None:
    """schemas/ is what `llmdiff schema` writes today (regenerate it after changing the model)."""
    committed = {p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "schemas").glob("*.json"))}
    assert committed == render_schemas()


def test_schema_command_writes_one_file_per_kind(tmp_path: Path) -> None:
    """`llmdiff schema --out DIR` writes a schema per kind of content file."""
    result = run_cli(tmp_path, "schema", "--out", "s")
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert "family.schema.json" in names and "site.schema.json" in names
    assert result.stdout.strip() == f"Wrote {len(names)} schemas to s"


def test_every_content_file_points_at_its_schema_and_satisfies_it() -> None:
    """Editors autocomplete from the first line, and the default content passes its own schema."""
    content = REPO / "content"
    for path in sorted(content.rglob("*.yaml")):
        rel = path.relative_to(content).as_posix()
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(SCHEMA_LINE), rel
        target = (path.parent / first.removeprefix(SCHEMA_LINE)).resolve()
        assert target.name == f"{schema_for_content_file(rel)}.schema.json"
        schema = json.loads(target.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)


def test_schema_rejects_what_the_model_rejects() -> None:
    """An unknown key fails the schema too, so editors underline it."""
    schema = json.loads(render_schemas()["page.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    page = {
        "title": "x",
        "description": "d",
        "hero": {"title": "h", "pills": ["a", {"text": "b", "icon": "c"}]},
    }
    assert not list(validator.iter_errors(page))
    assert list(validator.iter_errors({**page, "titel": "y"}))


def test_content_reference_matches_the_model() -> None:
    """docs/content.md says what the model says (regenerate: llmdiff schema --reference docs/content.md)."""
    from llmdiff_site.reference import render_reference

    committed = (REPO / "docs/content.md").read_text(encoding="utf-8")
    assert committed == render_reference()


def test_content_reference_names_every_field_of_every_file() -> None:
    """Each file kind's every field has a row with its type, whether required, and a description."""
    from llmdiff_site.reference import field_docs, files, render_reference

    text = render_reference()
    for path, kind in files().items():
        section = text.split(f"### `{path}`", 1)[1].split("\n### ", 1)[0]
        for name, info in kind.model_fields.items():
            row = next(line for line in section.splitlines() if line.startswith(f"| `{name}` |"))
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            assert cells[2] == ("yes" if info.is_required() else "no"), row
            described = " ".join(field_docs(kind)[name].split()).replace("|", "\\\\|")
            assert cells[4] and cells[4] == described, row


def test_records_are_generated_from_the_models() -> None:
    """records.py is what the models make it (regenerate: python -m llmdiff_site.recordgen)."""
    from llmdiff_site import recordgen

    assert recordgen.TARGET.read_text(encoding="utf-8") == recordgen.generate()


def test_record_generator_refuses_defaults_it_cannot_copy() -> None:
    """A non-empty list default would be shared by every record: the generator refuses it by name."""
    from llmdiff_site import recordgen
    from llmdiff_site.model import Strict

    class Shared(Strict):
        """A model with a default a record cannot write safely."""

        tags: list[str] = ["a"]  # noqa: RUF012 (the mistake under test)

    with pytest.raises(TypeError, match=r"no record default for \['a'\]"):
        recordgen.record_source(Shared)
