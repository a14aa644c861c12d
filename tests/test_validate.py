"""The content model: the default content validates; each kind of mistake is caught and placed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from llmdiff_site.errors import Diagnostic, Severity
from llmdiff_site.exports import as_data
from llmdiff_site.loader import load_document
from llmdiff_site.model import FILE_MODELS, MODELS, Family, PageSpec, Quantity, to_record
from llmdiff_site.validate import load_content, walk
from tests.conftest import PAGE, REPO, edit_yaml, run_cli


def errors_of(site: Path) -> list[Diagnostic]:
    """Validate a site's content; return its errors."""
    content, diagnostics = load_content(site / "content", site)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert (content is None) == bool(errors)
    return errors


def test_default_content_is_valid() -> None:
    """The repository's own content validates with no problems at all."""
    content, diagnostics = load_content(REPO / "content", REPO)
    assert diagnostics == []
    assert content is not None
    [comparison] = content.comparisons
    assert comparison.slug == "llm-vs-diffusion"
    assert [f.id for f in comparison.families] == ["llm", "diffusion"]
    assert content.features is not None and len(content.features.rows) == 7
    assert content.benchmarks is not None
    assert [b.name for b in content.benchmarks.groups[0].items][:2] == ["MMLU", "HumanEval"]


def test_family_id_defaults_to_file_name(site: Path) -> None:
    """A family file without an id takes its file name as id."""
    path = site / "content/families/llm.yaml"
    edit_yaml(path, lambda d: d.pop("id"))
    content, _ = load_content(site / "content", site)
    assert content is not None and content.families[0].id == "llm"


def test_wrong_type_is_reported_at_its_line(site: Path) -> None:
    """A list where text belongs names the field path and the line."""
    path = site / "content/families/llm.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "label: Training" in line)
    lines[index] = lines[index].replace("label: Training", "label: [Training, Data]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [error] = errors_of(site)
    assert error.path == "content/families/llm.yaml"
    assert error.line == index + 1
    assert error.field == "highlights[2].label"
    assert error.message == "expected text, got a list"


def test_text_fields_keep_numbers_and_words_as_written(site: Path) -> None:
    """`label: 0.30`, a cell `Yes` and `12:30` are text as written (YAML 1.1 would make 0.3, true, 750)."""
    path = site / "content/families/llm.yaml"
    text = path.read_text(encoding="utf-8").replace("label: Training", "label: 0.30")
    path.write_text(text, encoding="utf-8")
    features = site / "content/features.yaml"
    cells = features.read_text(encoding="utf-8")
    cells = cells.replace("llm: Text, code, structured reasoning", "llm: Yes")
    cells = cells.replace("diffusion: Images, video, 3D, audio", "diffusion: 12:30")
    features.write_text(cells, encoding="utf-8")
    content, diagnostics = load_content(site / "content", site)
    assert content is not None, diagnostics
    llm = next(f for f in content.families if f.id == "llm")
    assert llm.highlights[2].label == "0.30"
    assert content.features is not None
    assert content.features.rows[0].values["llm"].text == "Yes"
    assert content.features.rows[0].values["diffusion"].text == "12:30"
    assert llm.order == 1, "a field typed as a number still takes the number"


def test_impossible_date_is_reported_at_its_line(site: Path) -> None:
    """`as_of: 2026-02-30` is a located error with a hint, not a traceback."""
    path = site / "content/families/llm.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - label: Core competency\n", "  - label: Core competency\n    as_of: 2026-02-30\n"
    )
    path.write_text(text, encoding="utf-8")
    [error] = errors_of(site)
    assert error.field == "highlights[0].as_of"
    assert error.message == "'2026-02-30' is not a real date"
    assert "YYYY-MM-DD" in error.hint


def test_unknown_key_suggests_the_near_one(site: Path) -> None:
    """A misspelt key is an error with a 'did you mean' hint, placed at the key."""
    path = site / "content/families/diffusion.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tagline:", "tagLine:"), encoding="utf-8")
    errors = errors_of(site)
    unknown = next(e for e in errors if "unknown key" in e.message)
    assert unknown.message == "unknown key 'tagLine'"
    assert unknown.hint == "did you mean 'tagline'?"
    assert unknown.column == 1
    assert not any("missing" in e.message for e in errors), "the misspelling explains the missing field"


def test_bad_colour_has_a_plain_hint(site: Path) -> None:
    """Accent colours must be hex; the hint shows the form."""
    edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(accent="blue"))
    [error] = errors_of(site)
    assert error.field == "accent"
    assert "#rrggbb" in error.hint


def test_table_row_must_cover_every_family(site: Path) -> None:
    """A row missing a value for a compared family is an error naming the family."""
    edit_yaml(site / "content/features.yaml", lambda d: d["rows"][3]["values"].pop("diffusion"))
    [error] = errors_of(site)
    assert error.path == "content/features.yaml"
    assert error.field == "rows[3].values"
    assert "no value for family 'diffusion'" in error.message


def test_unknown_family_reference_suggests_a_known_id(site: Path) -> None:
    """Referencing a family that does not exist suggests the nearest id."""
    edit_yaml(site / "content/guide.yaml", lambda d: d["items"][0].update(family="lm"))
    [error] = errors_of(site)
    assert error.field == "items[0].family"
    assert error.message == "no family with id 'lm'"
    assert error.hint == "did you mean 'llm'?"


def test_unsafe_link_in_markdown_is_rejected(site: Path) -> None:
    """A javascript: link in a text field is a content error, not silently dropped."""
    edit_yaml(site / PAGE, lambda d: d["synergy"].update(body="[x](javascript:alert(1))"))
    [error] = errors_of(site)
    assert error.field == "synergy.body"
    assert "javascript:alert(1)" in error.message


def test_optional_sections_may_be_absent(site: Path) -> None:
    """A site with only site.yaml and families is valid; missing sections are simply not shown."""
    for name in ("deep-dive", "benchmarks", "guide", "reply", "features"):
        (site / f"content/{name}.yaml").unlink()
    edit_yaml(site / PAGE, lambda d: [d.pop(k) for k in ("deep_dive", "synergy", "metrics", "guide")])
    content, diagnostics = load_content(site / "content", site)
    assert content is not None and content.features is None
    [warning] = diagnostics
    assert warning.severity is Severity.WARNING
    assert warning.message == "there is no features.yaml: pages show no comparison table"


def test_unknown_file_is_a_warning_with_suggestion(site: Path) -> None:
    """A stray file is reported but does not stop the build."""
    (site / "content/feature.yaml").write_text("title: x\n", encoding="utf-8")
    content, diagnostics = load_content(site / "content", site)
    assert content is not None
    [warning] = diagnostics
    assert warning.severity is Severity.WARNING
    assert warning.hint == "did you mean 'features.yaml'?"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            lambda d: d.update(display="inline"),
            "groups[0].items[4].display",
            "is not one of: label, phrase",
        ),
        (
            lambda d: d.update(value=[]),
            "groups[0].items[4].value",
            "expected text, got a list",
        ),
        (lambda d: d.pop("name"), "groups[0].items[4].name", "required field 'name' is missing"),
    ],
)
def test_benchmark_mistakes(site: Path, change: object, field: str, message: str) -> None:
    """Benchmarks are structured; each mistake is named precisely."""
    edit_yaml(site / "content/benchmarks.yaml", lambda d: change(d["groups"][0]["items"][4]))  # type: ignore[operator]
    [error] = errors_of(site)
    assert error.field == field
    assert message in error.message


def test_numbers_are_accepted_as_benchmark_values(site: Path) -> None:
    """`value: 1300` is as good as `value: "1300"` for a benchmark."""
    edit_yaml(site / "content/benchmarks.yaml", lambda d: d["groups"][0]["items"][3].update(value=1300))
    assert errors_of(site) == []


def _models_in(value: object) -> list[BaseModel]:
    """Every pydantic model inside a content value, outermost first."""
    found: list[BaseModel] = []
    if isinstance(value, BaseModel):
        found.append(value)
        for name in type(value).model_fields:
            found.extend(_models_in(getattr(value, name)))
    elif isinstance(value, list | tuple):
        for item in value:
            found.extend(_models_in(item))
    elif isinstance(value, dict):
        for item in value.values():
            found.extend(_models_in(item))
    return found


@pytest.mark.parametrize("starter", ["default", "blank"])
def test_pipeline_records_are_what_pydantic_makes_of_their_data(starter: str, tmp_path: Path) -> None:
    """Records the pipeline builds itself (merged entries and rows) still match their models.

    For every record in the validated content (the default site; the blank starter, whose
    families keep their table values in their own files, merged into features.yaml's rows):
    pydantic accepts its exported data and gives back an equal record, and pydantic's own dump
    of that data is the record's export.
    """
    root = REPO
    if starter == "blank":
        assert run_cli(tmp_path, "init", "s", "--blank").exit_code == 0
        root = tmp_path / "s"
    content, _ = load_content(root / "content", root)
    assert content is not None and content.features is not None
    if starter == "blank":  # the rows carry values that only family files give
        assert all(family.table for family in content.families)
        assert all(family.id in row.values for row in content.features.rows for family in content.families)
    parts = [content.site, content.features, content.deep_dive, content.benchmarks, content.guide]
    records = [record for _, record in walk([*parts, content.reply, *content.families], ())]
    assert len(records) > 20
    for record in records:
        data = as_data(record)
        again = MODELS[type(record)].model_validate(data)
        assert to_record(again) == record, type(record).__name__
        assert again.model_dump(mode="json", exclude_none=True, exclude_defaults=True) == data


def _validated_models() -> list[BaseModel]:
    """The default content's files validated by the pydantic models directly, as pydantic objects."""
    found: list[BaseModel] = []
    for name, kind in FILE_MODELS.items():
        doc, _ = load_document(REPO / "content" / name, name)
        assert doc is not None
        found.append(kind.model_validate(doc.data))
    for folder, kind, key in (("families", Family, "id"), ("pages", PageSpec, "slug")):
        for path in sorted((REPO / "content" / folder).glob("*.yaml")):
            doc, _ = load_document(path, path.name)
            assert doc is not None
            found.append(kind.model_validate({key: path.stem, **doc.data}))
    return found


def test_records_and_exported_data_match_pydantics_own_dump() -> None:
    """Each model's record has its fields; data.json's dump of it says what pydantic's model_dump says."""
    models = _models_in(_validated_models())
    models += [Quantity(low=1, high=3, unit="B"), Quantity(value=0.5, better="lower"), Quantity(value=2)]
    assert len(models) > 50
    for model in models:
        record = to_record(model)
        assert type(record).__name__ == type(model).__name__
        assert type(record)._fields == tuple(type(model).model_fields)
        expected = model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        assert as_data(record) == expected, type(model).__name__
