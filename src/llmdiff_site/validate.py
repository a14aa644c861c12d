"""Validate stage: documents to a typed, cross-checked Content, or every problem found."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from llmdiff_site import markup
from llmdiff_site.cache import ParseCache
from llmdiff_site.content import FAMILY_SECTIONS, FILE_KINDS, Content
from llmdiff_site.documents import Document, FieldPath, Loaded
from llmdiff_site.errors import (
    CONTROL_CHARACTERS,
    Diagnostic,
    Severity,
    did_you_mean,
    display_path,
    has_errors,
)
from llmdiff_site.messages import describe, errors_to_diagnostics
from llmdiff_site.records import Fact, Family, Features, PageSpec, Reply, Site
from llmdiff_site.references import cross_check, plan_comparisons
from llmdiff_site.safefs import leaves
from llmdiff_site.scaffold import TODO
from llmdiff_site.values import Record, replace, value

FAMILIES_DIR = "families"
PAGES_DIR = "pages"
FOLDERS = (FAMILIES_DIR, PAGES_DIR)
K = TypeVar("K", bound=Record)


@value
class Checks:
    """Optional checks beyond validity: facts older than `stale_before` are reported."""

    stale_before: dt.date | None = None
    stale_is_error: bool = False


def load_content(
    content_dir: Path,
    cwd: Path | None = None,
    checks: Checks | None = None,
    cache: ParseCache | None = None,
    *,
    parallel: bool = True,
    drafts: bool = False,
) -> tuple[Content | None, list[Diagnostic]]:
    """Read and validate every file under content/; all problems of all files at once.

    Without `drafts`, draft families and pages, and pages that compare a draft family, are left
    out; references to them are not errors.

    `parallel=False` keeps loading in this process (a process with threads must not fork).
    """
    cwd = cwd or Path.cwd()
    diagnostics: list[Diagnostic] = []
    shown_dir = display_path(content_dir, cwd)
    if not content_dir.is_dir():
        return None, [
            Diagnostic(
                shown_dir,
                message="content folder not found",
                hint="run it in a site folder, pass --content DIR, or create a site with 'llmdiff init'",
            )
        ]
    singles: dict[str, Loaded] = {}
    for path in sorted(content_dir.iterdir()):
        name = path.name
        shown = display_path(path, cwd)
        if path.is_dir():
            if name not in FOLDERS and not name.startswith("."):
                diagnostics.append(_unknown_file(shown, name, is_dir=True))
            continue
        if name.startswith(".") or not name.endswith((".yaml", ".yml")):
            continue
        kind = FILE_KINDS.get(name)
        if kind is None:
            diagnostics.append(_unknown_file(shown, name, is_dir=False))
            continue
        if leaves(path, content_dir):
            diagnostics.append(_outside(shown))
            continue
        loaded = _load_one(path, shown, kind, diagnostics, cache)
        if loaded is not None:
            singles[name] = loaded
    folders = []
    for folder in (content_dir / FAMILIES_DIR, content_dir / PAGES_DIR):
        if leaves(folder, content_dir):  # a folder linked from elsewhere: neither read nor written
            diagnostics.append(_outside(display_path(folder, cwd)))
            continue
        folders.append(folder)
        diagnostics.extend(_stray_files(folder, cwd))
    preloaded = _preload(folders, cwd, cache, parallel)
    families, family_ids = _load_families(content_dir / FAMILIES_DIR, preloaded, diagnostics, cache)
    pages = _load_pages(content_dir / PAGES_DIR, preloaded, diagnostics, cache)
    if not drafts:
        families, pages = _published(families, pages)
    if "site.yaml" not in singles and not (content_dir / "site.yaml").exists():
        diagnostics.append(
            Diagnostic(
                f"{shown_dir}/site.yaml",
                message="site.yaml not found",
                hint="every site needs content/site.yaml; 'llmdiff init' writes a starter one",
            )
        )
    if not families and not (content_dir / FAMILIES_DIR).is_dir():
        diagnostics.append(
            Diagnostic(
                f"{shown_dir}/{FAMILIES_DIR}",
                message="no families folder",
                hint="add content/families/<id>.yaml, one file per model family",
            )
        )
    if "site.yaml" not in singles:
        return None, diagnostics

    content = assemble(singles, families, pages, diagnostics)
    diagnostics.extend(
        _coverage_warnings(content, families, singles, (content_dir / "features.yaml").exists())
    )
    diagnostics.extend(cross_check(content, singles, pages, family_ids))
    if checks is not None and checks.stale_before is not None:
        diagnostics.extend(stale_facts([*singles.values(), *families, *pages], checks))
    if has_errors(diagnostics):
        return None, diagnostics
    comparisons, notes = plan_comparisons(content, singles, pages)
    diagnostics.extend(notes)
    if has_errors(diagnostics):
        return None, diagnostics
    return dataclasses.replace(content, comparisons=comparisons), diagnostics


def assemble(
    singles: dict[str, Loaded], families: list[Loaded], pages: list[Loaded], out: list[Diagnostic]
) -> Content:
    """The files' values as one Content: family files' table values and entries joined to the shared files.

    `singles` must hold site.yaml. A targeted rebuild assembles a few families' files the same way.
    """

    def pick(name: str, kind: type[K]) -> K | None:
        """The validated value of one single file, typed."""
        loaded = singles.get(name)
        return loaded.value if loaded is not None and isinstance(loaded.value, kind) else None

    site = pick("site.yaml", Site)
    assert site is not None
    content = Content(
        site=site,
        families=tuple(sorted((f.value for f in families if isinstance(f.value, Family)), key=_family_order)),
        features=pick("features.yaml", Features),
        reply=pick("reply.yaml", Reply),
        **_section_files(singles),
        sources={
            **{f"family:{f.value.id}": f.rel for f in families if isinstance(f.value, Family)},
            **{f"page:{p.value.slug}": p.rel for p in pages if isinstance(p.value, PageSpec)},
        },
    )
    content = _merge_family_values(content, singles.get("features.yaml"), families, out)
    return _merge_family_entries(content, families, out)


def load_part(
    content_dir: Path, cwd: Path, cache: ParseCache, family_files: list[str], page_files: list[str]
) -> tuple[Content | None, list[Loaded], list[Loaded], list[Diagnostic]]:
    """The site-wide files and only the named family and page files, assembled as load_content does.

    No check across the whole site is made (it cannot be: most files are not read); the caller
    makes sure the files it names changed in no way such a check could see. Also returns the
    family and page files as loaded.
    """
    diagnostics: list[Diagnostic] = []
    singles: dict[str, Loaded] = {}
    for name in sorted(FILE_KINDS):
        path = content_dir / name
        if path.is_file():
            if leaves(path, content_dir):
                diagnostics.append(_outside(display_path(path, cwd)))
                continue
            loaded = _load_one(path, display_path(path, cwd), FILE_KINDS[name], diagnostics, cache)
            if loaded is not None:
                singles[name] = loaded
    only = {FAMILIES_DIR: set(family_files), PAGES_DIR: set(page_files)}
    folders = [content_dir / FAMILIES_DIR, content_dir / PAGES_DIR]
    preloaded = _preload(folders, cwd, cache, parallel=False, only=only)
    families, _ = _load_families(content_dir / FAMILIES_DIR, preloaded, diagnostics, cache)
    pages = _load_pages(content_dir / PAGES_DIR, preloaded, diagnostics, cache)
    if "site.yaml" not in singles or has_errors(diagnostics):
        return None, families, pages, diagnostics
    return assemble(singles, families, pages, diagnostics), families, pages, diagnostics


def validate_files(content_dir: Path, cwd: Path, rels: list[str]) -> dict[str, tuple[str, Any, Any]]:
    """Family and page files (paths under content/) read and validated on their own, as the loader does.

    For each file with nothing to report: its hash, its parse cache entry and its validated value.
    Any problem, in any of them, and the answer is empty: the build finds and reports it in context.
    """
    cache = ParseCache({})
    only: dict[str, set[str]] = {}
    for rel in rels:
        folder, _, name = rel.partition("/")
        only.setdefault(folder, set()).add(name)
    problems: list[Diagnostic] = []
    folders = [content_dir / FAMILIES_DIR, content_dir / PAGES_DIR]
    preloaded = _preload(folders, cwd, cache, parallel=False, only=only)
    _load_families(content_dir / FAMILIES_DIR, preloaded, problems, cache)
    _load_pages(content_dir / PAGES_DIR, preloaded, problems, cache)
    if problems:
        return {}
    models = {rel: model for rel, (_, model) in cache.models.items()}
    return {rel: (cache.hashes[rel], entry, models.get(rel)) for rel, entry in cache.entries.items()}


def _published(families: list[Loaded], pages: list[Loaded]) -> tuple[list[Loaded], list[Loaded]]:
    """Families and pages without the drafts, and without pages that compare a draft family."""
    hidden = {f.value.id for f in families if isinstance(f.value, Family) and f.value.draft}
    return [f for f in families if not (isinstance(f.value, Family) and f.value.draft)], [
        p
        for p in pages
        if not (isinstance(p.value, PageSpec) and (p.value.draft or hidden & set(p.value.families or ())))
    ]


def _section_files(singles: dict[str, Loaded]) -> dict[str, Any]:
    """Each family-filled section's shared file, validated, by its field in Content (as declared)."""
    out: dict[str, Any] = {}
    for section in FAMILY_SECTIONS:
        loaded = singles.get(section.file)
        out[section.field] = (
            loaded.value if loaded is not None and isinstance(loaded.value, section.kind) else None
        )
    return out


def _merge_family_values(
    content: Content, features: Loaded | None, families: list[Loaded], out: list[Diagnostic]
) -> Content:
    """Table values kept in family files join features.yaml's rows; a value given twice is an error."""
    owners = [f for f in families if isinstance(f.value, Family) and f.value.table]
    if not owners:
        return content
    if content.features is None or features is None:
        for loaded in owners:
            out.append(
                loaded.doc.diagnostic(
                    ("table",),
                    "table values, but the site has no features.yaml to hold the rows",
                    "add content/features.yaml with the rows, or remove 'table:'",
                    key=True,
                )
            )
        return content
    rows = content.features.rows
    index = {row.attribute: r for r, row in enumerate(rows)}
    extra: list[dict[str, Any]] = [{} for _ in rows]
    for loaded in owners:
        family = loaded.value
        assert isinstance(family, Family)
        for attribute, cell in family.table.items():
            r = index.get(attribute)
            if r is None:
                hint = did_you_mean(attribute, index) or f"rows: {', '.join(index)}"
                out.append(
                    loaded.doc.diagnostic(
                        ("table", attribute), f"no table row '{attribute}' in features.yaml", hint, key=True
                    )
                )
            elif family.id in rows[r].values:
                line, _ = features.doc.mark(("rows", r, "values", family.id), key=True)
                out.append(
                    loaded.doc.diagnostic(
                        ("table", attribute),
                        f"value for '{attribute}' is also given in {features.doc.path}:{line}",
                        "keep the value in one place: the family file or features.yaml",
                        key=True,
                    )
                )
            else:
                extra[r][family.id] = cell
    merged = [
        replace(row, values={**row.values, **more}) if more else row
        for row, more in zip(rows, extra, strict=True)
    ]
    return dataclasses.replace(content, features=replace(content.features, rows=merged))


def _merge_family_entries(content: Content, families: list[Loaded], out: list[Diagnostic]) -> Content:
    """Entries kept in family files (deep-dive card, benchmark card, guide line) join their sections."""
    changes: dict[str, Any] = {}
    for section in FAMILY_SECTIONS:
        shared = getattr(content, section.field)
        extra = []
        for loaded in families:
            family = loaded.value
            if not isinstance(family, Family) or getattr(family, section.field) is None:
                continue
            if shared is None:
                out.append(
                    loaded.doc.diagnostic(
                        (section.field,),
                        f"'{section.field}' is set, but the site has no {section.file}"
                        " to give the section its title",
                        f"add content/{section.file} with a title, or remove '{section.field}:'",
                        key=True,
                    )
                )
                continue
            extra.append(section.entry(family.id, getattr(family, section.field)))
        if extra:
            changes[section.field] = replace(shared, **{section.items: [*section.entries(shared), *extra]})
    return dataclasses.replace(content, **changes) if changes else content


def _coverage_warnings(
    content: Content, families: list[Loaded], singles: dict[str, Loaded], has_features_file: bool
) -> Iterator[Diagnostic]:
    """Say what pages will leave out: no table at all, or a family without its entry in a section."""
    site = singles.get("site.yaml")
    if not has_features_file and site is not None and content.families:
        yield site.doc.diagnostic(
            (),
            "there is no features.yaml: pages show no comparison table",
            "add content/features.yaml with the rows to compare",
            severity=Severity.WARNING,
        )
    for section in FAMILY_SECTIONS:
        label, field, file = section.label, section.field, section.file
        covered = {
            item.family for item in section.entries(getattr(content, field)) if item.family is not None
        }
        if not covered:
            continue
        for loaded in families:
            family = loaded.value
            if isinstance(family, Family) and family.id not in covered:
                yield loaded.doc.diagnostic(
                    (),
                    f"'{family.id}' has no {label}: its generated pair pages leave that section out",
                    f"add '{field}:' to this file, or an entry for '{family.id}' to {file}",
                    severity=Severity.WARNING,
                )


def _family_order(family: Family) -> tuple[int, str]:
    """Families sort by their `order`, then by id, so output never depends on the disk."""
    return (family.order, family.id)


def _outside(shown: str) -> Diagnostic:
    """A content file that is a link to somewhere outside the content folder."""
    return Diagnostic(
        shown,
        message="link points outside the content folder",
        hint="copy the file into content/ instead of linking to it",
    )


def _unknown_file(shown: str, name: str, *, is_dir: bool) -> Diagnostic:
    """A warning for a file the site does not use, with the nearest known name."""
    known = list(FOLDERS) if is_dir else list(FILE_KINDS)
    listing = ", ".join(sorted(known))
    import difflib  # only when a name is wrong

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.85)
    hint = f"did you mean '{close[0]}'?" if close else f"known {'folders' if is_dir else 'files'}: {listing}"
    return Diagnostic(
        shown,
        message=f"not a content {'folder' if is_dir else 'file'}; it is ignored",
        hint=hint,
        severity=Severity.WARNING,
    )


def _load_one(
    path: Path, shown: str, kind: type[Record], out: list[Diagnostic], cache: ParseCache | None
) -> Loaded | None:
    """Load and validate one file, appending its problems to `out`."""
    cached = cache.data(path.name) if cache is not None else None
    if cache is not None and cache.model_ready(path.name, kind):
        doc: Document | None = Document(shown, None, path, escapes=False)  # its kept value is used
    elif cached is not None:
        clean = cache is not None and cache.clean(path.name)
        doc = Document(shown, cached, path, escapes=not clean)
    else:
        from llmdiff_site.loader import load_document  # YAML only when a file must be read

        doc, problems = load_document(path, shown)
        out.extend(problems)
        if cache is not None and doc is not None:
            cache.learn(path.name, doc.digest)
    if doc is None:
        return None
    return _validate_doc(doc, doc.data, kind, out, path.name, cache)


def _validate_doc(
    doc: Document,
    data: Any,
    kind: type[Record],
    out: list[Diagnostic],
    rel: str = "",
    cache: ParseCache | None = None,
) -> Loaded | None:
    """Validate a document's data against its kind, then check its inline Markdown links."""
    clean = cache is not None and cache.clean(rel)
    if cache is not None and clean:
        kept = cache.model(rel, kind)
        if kept is not None:
            cache.put(rel, None, True, kept)
            return Loaded(doc, kept, rel)
    if not isinstance(data, dict):
        out.append(
            doc.diagnostic(
                (),
                f"expected a mapping of keys to values, got {describe(data)}",
                "start the file with 'key: value' lines",
            )
        )
        return None
    control = list(_control_characters(doc, data, ())) if doc.escapes else []
    if control:
        out.extend(control)
        return None
    unfilled = [] if clean else list(_placeholders(doc, data))
    from pydantic import ValidationError  # only here: content from the cache needs no pydantic

    from llmdiff_site import model

    try:
        value = model.validate(kind, data)
    except ValidationError as exc:
        problems = doc.recheck()  # the positioned loader's caps (nesting, size) explain it first
        found = problems or errors_to_diagnostics(doc, model.MODELS[kind], exc.errors())
        filling = {d.field for d in unfilled}  # a placeholder's own type error says nothing more
        out.extend([*unfilled, *(d for d in found if d.field not in filling)])
        return None
    if unfilled:
        out.extend(unfilled)
        return None
    problems = [] if clean else list(_check_links(doc, value))
    out.extend(problems)
    if cache is not None:
        cache.put(rel, doc.data, not problems, value)
    return Loaded(doc, value, rel)


def _texts(data: Any, loc: FieldPath) -> Iterator[tuple[FieldPath, str, bool]]:
    """Every text in a document, with where it is and whether it is a key."""
    if isinstance(data, str):
        yield loc, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*loc, key), key, True
            yield from _texts(value, (*loc, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*loc, i))


def _control_characters(doc: Document, data: Any, loc: FieldPath) -> Iterator[Diagnostic]:
    """Text that an escape (\\e, \\x1b, \\0 …) filled with control characters, which pages must not carry."""
    for where, text, _ in _texts(data, loc):
        found = CONTROL_CHARACTERS.search(text)
        if found is not None:
            yield doc.diagnostic(
                where,
                f"text holds the control character U+{ord(found.group()):04X}",
                "remove the escape (\\e, \\x.., \\0, \\a …): pages and exports carry plain text",
            )


def _placeholders(doc: Document, data: Any) -> Iterator[Diagnostic]:
    """Values `llmdiff new` left for the editor to fill in, one error each, at its line."""
    for where, text, is_key in _texts(data, ()):
        if not is_key and text.startswith(TODO):
            what = text[len(TODO) :].lstrip(" :")
            yield doc.diagnostic(
                where,
                "placeholder left unfilled" + (f": {what}" if what else ""),
                f"replace the {TODO} text with the real value",
            )


def _stray_files(folder: Path, cwd: Path) -> Iterator[Diagnostic]:
    """Files and folders in families/ or pages/ that are not YAML files: ignored, with a warning."""
    if not folder.is_dir():
        return
    shown = display_path(folder, cwd)
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name.endswith((".yaml", ".yml")):
            continue
        kind = "folder" if entry.is_dir() else "file"
        yield Diagnostic(
            f"{shown}/{entry.name}",
            message=f"not a content {kind}; it is ignored",
            hint=f"{folder.name}/ holds one .yaml file per item, with no subfolders",
            severity=Severity.WARNING,
        )


def _yaml_files(folder: Path) -> list[tuple[Path, bool]]:
    """A folder's YAML files in name order (dot-files left out), each with whether it is a link."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        found = sorted(
            (entry.name, entry.is_symlink())
            for entry in entries
            if not entry.name.startswith(".") and entry.name.endswith((".yaml", ".yml"))
        )
    return [(folder / name, link) for name, link in found]


Preloaded = dict[str, list[tuple[str, Document | None, list[Diagnostic]]]]
"""Folder name → (file name, document, problems) for each of its YAML files, in name order."""


def _preload(
    folders: list[Path],
    cwd: Path,
    cache: ParseCache | None,
    parallel: bool,
    only: dict[str, set[str]] | None = None,
) -> Preloaded:
    """Load every file of the one-file-per-item folders at once (unchanged ones from the cache).

    `only`: by folder name, the file names to load (each one there), instead of all of them.
    """
    found: Preloaded = {}
    items: list[tuple[Path, str]] = []
    slots: list[tuple[list[tuple[str, Document | None, list[Diagnostic]]], int, str]] = []
    for folder in folders:
        shown = display_path(folder, cwd)
        files = found[folder.name] = []
        listed = (
            _yaml_files(folder)
            if only is None
            else [(folder / name, (folder / name).is_symlink()) for name in sorted(only.get(folder.name, ()))]
        )
        for path, link in listed:
            rel = f"{folder.name}/{path.name}"
            if link and leaves(path, folder.parent):
                files.append((path.name, None, [_outside(f"{shown}/{path.name}")]))
            elif cache is not None and cache.model_ready(rel, _FOLDER_KINDS[folder.name]):
                files.append((path.name, Document(f"{shown}/{path.name}", None, path, escapes=False), []))
            elif cache is not None and (cached := cache.data(rel)) is not None:
                kept = Document(f"{shown}/{path.name}", cached, path, escapes=not cache.clean(rel))
                files.append((path.name, kept, []))
            else:
                slots.append((files, len(files), rel))
                files.append((path.name, None, []))
                items.append((path, f"{shown}/{path.name}"))
    if items:  # YAML only when a file must be read
        from llmdiff_site.loader import load_documents

        loaded = load_documents(items, parallel=parallel)
    else:
        loaded = []
    for (files, index, rel), (doc, problems) in zip(slots, loaded, strict=True):
        files[index] = (files[index][0], doc, problems)
        if cache is not None and doc is not None:
            cache.learn(rel, doc.digest)
    return found


_FOLDER_KINDS: dict[str, type[Record]] = {FAMILIES_DIR: Family, PAGES_DIR: PageSpec}


def _folder_files(
    folder: Path, preloaded: Preloaded, out: list[Diagnostic]
) -> Iterator[tuple[str, str, Document | None]]:
    """Each YAML file of a folder, loaded, by file stem and path under content/; problems go to `out`."""
    for name, doc, problems in preloaded.get(folder.name, []):
        out.extend(problems)
        yield name.rsplit(".", 1)[0], f"{folder.name}/{name}", doc


def _load_families(
    folder: Path, preloaded: Preloaded, out: list[Diagnostic], cache: ParseCache | None
) -> tuple[list[Loaded], set[str]]:
    """One family per file; its id is the file name (an `id:` that differs is reported once).

    Also returns every id the files claim, valid or not, so that a broken family file
    does not make each reference to it an error too.
    """
    loaded: list[Loaded] = []
    claimed: set[str] = set()
    for stem, rel, doc in _folder_files(folder, preloaded, out):
        if doc is None:
            claimed.add(stem)
            continue
        data = doc.data
        if isinstance(data, dict) and "id" in data and str(data["id"]) != stem:
            out.append(
                doc.diagnostic(
                    ("id",),
                    f"id '{data['id']}' does not match the file name {rel.rsplit('/', 1)[-1]}",
                    f"a family's id is its file name: remove 'id:', or rename the file to {data['id']}.yaml",
                )
            )
        if isinstance(data, dict):
            data = {**data, "id": stem}  # other files refer to the family by its file name
        claimed.add(stem)
        item = _validate_doc(doc, data, Family, out, rel, cache)
        if item is not None:
            loaded.append(item)
    return _unique(loaded, "id", "family id", out), claimed


def _load_pages(
    folder: Path, preloaded: Preloaded, out: list[Diagnostic], cache: ParseCache | None
) -> list[Loaded]:
    """One comparison page per file; the file name is the slug unless the file sets one."""
    loaded: list[Loaded] = []
    for stem, rel, doc in _folder_files(folder, preloaded, out):
        if doc is None:
            continue
        data = doc.data
        if isinstance(data, dict) and "slug" not in data:
            data = {"slug": stem, **data}
        item = _validate_doc(doc, data, PageSpec, out, rel, cache)
        if item is not None:
            loaded.append(item)
    return _unique(loaded, "slug", "page slug", out)


def _unique(items: list[Loaded], key: str, what: str, out: list[Diagnostic]) -> list[Loaded]:
    """Keep the first file for each id or slug; report the others at their key."""
    first: dict[str, Loaded] = {}
    for item in items:
        value = str(getattr(item.value, key))
        if value in first:
            out.append(
                item.doc.diagnostic(
                    (key,),
                    f"{what} '{value}' is already used by {first[value].doc.path}",
                    f"give each file its own {key} (the file name is the default {key})",
                )
            )
        else:
            first[value] = item
    return list(first.values())


def _marked_inline(annotation: Any) -> bool:
    """True when a type is, or optionally holds, inline Markdown text."""
    from llmdiff_site.model import InlineMarkdown

    if typing.get_origin(annotation) is typing.Annotated:
        _, *extras = typing.get_args(annotation)
        return any(isinstance(m, InlineMarkdown) for m in extras)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_marked_inline(a) for a in typing.get_args(annotation))
    return False


def _inline_fields(kind: type[Record]) -> tuple[str, ...]:
    """The fields of a record that hold inline Markdown (as its model declares), optional ones included."""
    known = _INLINE.get(kind)
    if known is None:
        from llmdiff_site.model import MODELS

        hints = typing.get_type_hints(MODELS[kind], include_extras=True)
        known = _INLINE[kind] = tuple(name for name in kind._fields if _marked_inline(hints.get(name)))
    return known


_INLINE: dict[type[Record], tuple[str, ...]] = {}


def _check_links(doc: Document, value: Record) -> Iterator[Diagnostic]:
    """Links in inline Markdown may only use http, https, mailto or relative addresses."""
    for loc, node in walk(value, ()):
        for name in _inline_fields(type(node)):
            text = getattr(node, name)
            if not isinstance(text, str):
                continue
            for href in markup.find_links(text):
                if not markup.is_safe_url(href):
                    yield doc.diagnostic(
                        (*loc, name),
                        f"link '{href}' uses a scheme that is not allowed",
                        "links may use http, https, mailto or a relative address",
                    )
        if isinstance(node, Fact) and node.source is not None and not markup.is_safe_url(node.source.url):
            yield doc.diagnostic(
                (*loc, "source", "url"),
                f"source '{node.source.url}' uses a scheme that is not allowed",
                "sources may use http, https, mailto or a relative address",
            )


def walk(value: Any, loc: FieldPath) -> Iterator[tuple[FieldPath, Record]]:
    """Every record inside a value (itself included), with where it sits."""
    if isinstance(value, Record):
        yield loc, value
        for name in value._fields:
            yield from walk(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from walk(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*loc, key))


def stale_facts(files: list[Loaded], checks: Checks) -> Iterator[Diagnostic]:
    """Facts whose `as_of` is older than the cut-off, as warnings (errors with --strict)."""
    assert checks.stale_before is not None
    severity = Severity.ERROR if checks.stale_is_error else Severity.WARNING
    for loaded in files:
        for loc, node in walk(loaded.value, ()):
            if isinstance(node, Fact) and node.as_of is not None and node.as_of < checks.stale_before:
                yield loaded.doc.diagnostic(
                    (*loc, "as_of"),
                    f"fact last checked {node.as_of.isoformat()}, before {checks.stale_before.isoformat()}",
                    "check the value against its source, then update as_of",
                    severity=severity,
                )
