"""The starter site that ships with llmdiff: `llmdiff init`, and fallbacks for templates and static files."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from llmdiff_site.project import STARTER_PARTS, starter_root
from llmdiff_site.values import value


class StarterMissing(RuntimeError):
    """The installation lacks the packaged starter site."""


class TargetNotEmpty(ValueError):
    """`init` never writes into a folder that already holds files, unless told to."""


BLANK = Path(__file__).resolve().parent / "blank"
"""The blank starter: one page, two placeholder families, no ribbon, banner or reply form."""

GITIGNORE = "# llmdiff writes these; they are made again by `llmdiff build`.\nbuild/\n.llmdiff-lock.*\n"


def _blocked(target: Path, rel: Path) -> bool:
    """Whether a starter file may not be written: it exists (even as a dangling link), or a folder
    on its way is a link or not a folder."""
    place = target
    for part in rel.parts[:-1]:
        place = place / part
        if place.is_symlink() or (os.path.lexists(place) and not place.is_dir()):
            return True
    return os.path.lexists(target / rel)


@value
class Written:
    """What `init` wrote, and what it found already there and left alone."""

    folders: list[str]
    kept: list[str]


def write_starter(target: Path, *, blank: bool = False, force: bool = False) -> Written:
    """Copy a starter site into a new or empty folder (any folder with `force`, never overwriting)."""
    root = starter_root()
    if root is None:
        raise StarterMissing("the starter site is missing from this installation")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise TargetNotEmpty(f"{target} is not empty")
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    kept: list[str] = []
    parts = (
        [(BLANK / "content", "content"), (root / "schemas", "schemas")]
        if blank
        else [(root / part, part) for part in STARTER_PARTS]
    )
    folders = []
    for source, name in parts:
        if not source.is_dir():
            continue
        for file in sorted(p for p in source.rglob("*") if p.is_file()):
            rel = Path(name, file.relative_to(source))
            if _blocked(target, rel):  # a file there already, or a link on the way: never written
                kept.append(rel.as_posix())
                continue
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target / rel)
        folders.append(name + "/")
    ignore = target / ".gitignore"
    if os.path.lexists(ignore):
        kept.append(".gitignore")
    else:
        ignore.write_text(GITIGNORE, encoding="utf-8")
    return Written(folders, sorted(kept))


# --- llmdiff new ----------------------------------------------------------------------

TODO = "TODO"
"""Starts every value `llmdiff new` cannot know; validation reports each one left, at its line."""

PALETTE = ("#4fd1c5", "#f6c177", "#c4a7e7", "#9ccfd8", "#eb6f92", "#a3be8c", "#f5a97f", "#8aadf4")


class NewFileProblem(ValueError):
    """`llmdiff new` cannot write what was asked: a bad name, a file already there, an unknown family."""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's quoting is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _todo(what: str) -> str:
    """A placeholder value that says what belongs there."""
    return _q(f"{TODO}: {what}")


def _read_yaml(path: Path) -> object:
    """A content file's data for suggestions; anything unreadable counts as absent."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def known_families(content: Path) -> dict[str, dict[str, object]]:
    """The families in content/families/, by file name, with their data (empty when unreadable)."""
    found: dict[str, dict[str, object]] = {}
    folder = content / "families"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = _read_yaml(path)
        found[path.stem] = data if isinstance(data, dict) else {}
    return found


def _table_rows(content: Path) -> list[str]:
    """The attributes of the comparison table's rows, so a new family can give a value for each."""
    data = _read_yaml(content / "features.yaml")
    rows = data.get("rows") if isinstance(data, dict) else None
    return [str(r["attribute"]) for r in rows or [] if isinstance(r, dict) and "attribute" in r]


def family_text(content: Path, family_id: str) -> str:
    """A family file with every required field present and each unknown value a placeholder."""
    families = known_families(content)
    orders = [f.get("order") for f in families.values()]
    order = max([o for o in orders if isinstance(o, int)], default=0) + 1
    used = {str(f.get("accent", "")).lower() for f in families.values()}
    colour = next((c for c in PALETTE if c not in used), PALETTE[0])
    lines = [
        "# yaml-language-server: $schema=../../schemas/family.schema.json",
        f"# A new family. Replace every {TODO} value; `llmdiff check` lists each one left.",
        f"id: {family_id}",
        f"order: {order}",
        f"name: {_todo('its full name, e.g. State Space Models')}",
        f"short_name: {_todo('a short name for table headers, e.g. SSMs')}",
        'icons: ["✨"]',
        f"tagline: {_todo('what it is, in one line')}",
        f"accent: {_todo(f'its colour as #rrggbb, e.g. {colour}')}",
        "highlights:",
        f"  - label: {_todo('a heading, e.g. Architecture')}",
        f"    text: {_todo('one line under it')}",
        "tags: []",
    ]
    rows = _table_rows(content)
    if rows:
        lines.append("# Its value in each row of the comparison table (features.yaml).")
        lines.append("table:")
        lines += [f"  {_q(row)}: {_todo(f'its value in the row {row!r}')}" for row in rows]
    if (content / "deep-dive.yaml").is_file():
        lines += [
            "deep_dive:",
            f"  title: {_todo('its architecture card title')}",
            f"  body: {_todo('a paragraph on how it works')}",
        ]
    if (content / "benchmarks.yaml").is_file():
        lines += [
            "benchmarks:",
            f"  title: {_todo('its benchmark card title')}",
            "  items:",
            f"    - name: {_todo('a benchmark name')}",
            f"      value: {_todo('its score')}",
        ]
    if (content / "guide.yaml").is_file():
        lines.append(f"guide: {_todo('when to choose it, in one line')}")
    return "\n".join(lines) + "\n"


def page_text(slug: str, families: Sequence[str] | None) -> str:
    """A comparison page file with its required fields as placeholders."""
    lines = [
        "# yaml-language-server: $schema=../../schemas/page.schema.json",
        f"# A new comparison page. Replace every {TODO} value; `llmdiff check` lists each one left.",
    ]
    if families:
        lines.append(f"families: [{', '.join(families)}]")
    else:
        lines.append("# Without `families:` the page compares every family; name them to pin a few.")
    lines += [
        f"title: {_todo('the browser tab title')}",
        f"description: {_todo('one or two sentences for search engines and link previews')}",
        "hero:",
        f"  title: {_todo('the headline, e.g. A vs B')}",
        f"  subtitle: {_todo('one line under it')}",
    ]
    return "\n".join(lines) + "\n"


def _refuse_links(content: Path, path: Path) -> None:
    """A new file goes into the content folder itself, never through a link out of it."""
    from llmdiff_site.safefs import below

    if not below(content, path.parent):
        raise NewFileProblem(f"{path.parent} is a link to a folder outside {content}")


def write_new(path: Path, text: str) -> None:
    """Write a new content file; never over an existing one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise NewFileProblem(f"{path} already exists") from None


def new_family(content: Path, family_id: str) -> Path:
    """Write content/families/<id>.yaml for a new family."""
    import re

    from llmdiff_site.content import FAMILY_ID
    from llmdiff_site.safefs import windows_reserved

    if windows_reserved(family_id):
        raise NewFileProblem(f"'{family_id}' is a name Windows cannot use for a file; choose another id")
    if not re.match(FAMILY_ID, family_id):
        raise NewFileProblem(
            f"'{family_id}' is not a family id: a-z, 0-9, '-' and '_', from a letter or digit"
        )
    path = content / "families" / f"{family_id}.yaml"
    _refuse_links(content, path)
    write_new(path, family_text(content, family_id))
    return path


def new_page(content: Path, slug: str, families: Sequence[str] | None) -> Path:
    """Write content/pages/<slug>.yaml for a new comparison page."""
    import re

    from llmdiff_site.content import RESERVED_SLUGS, SLUG
    from llmdiff_site.safefs import windows_reserved

    if slug in RESERVED_SLUGS or windows_reserved(slug):
        raise NewFileProblem(f"'{slug}' is reserved (a folder llmdiff or Windows uses); choose another slug")
    if not re.match(SLUG, slug):
        raise NewFileProblem(f"'{slug}' is not a page slug: a-z, 0-9 and '-', from a letter or digit")
    if families is not None:
        known = known_families(content)
        unknown = [f for f in families if f not in known]
        if unknown:
            listing = ", ".join(known) or "none yet"
            names = ", ".join(map(repr, unknown))
            raise NewFileProblem(f"no family {names} in {content / 'families'} (known: {listing})")
        if len(set(families)) < len(families):
            raise NewFileProblem("a family is listed twice; list each once")
        if len(families) < 2:
            raise NewFileProblem("a page compares at least two families")
    path = content / "pages" / f"{slug}.yaml"
    _refuse_links(content, path)
    write_new(path, page_text(slug, families))
    return path
