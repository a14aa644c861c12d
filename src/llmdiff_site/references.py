"""Checks across files (family references, table coverage) and the list of comparisons to publish."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from llmdiff_site.content import FAMILY_SECTIONS, RESERVED_SLUGS, Comparison, Content
from llmdiff_site.documents import Document, FieldPath, Loaded
from llmdiff_site.errors import Diagnostic, Severity, did_you_mean
from llmdiff_site.records import Family, PageSpec
from llmdiff_site.safefs import windows_reserved

GENERATED_SEPARATOR = "-vs-"


def page_families(
    spec: PageSpec, content: Content, by_id: dict[str, Family] | None = None
) -> tuple[Family, ...]:
    """A page's families in its order; every family when the page names none."""
    if spec.families is None:
        return content.families
    by_id = by_id if by_id is not None else {f.id: f for f in content.families}
    return tuple(by_id[i] for i in spec.families if i in by_id)


def cross_check(
    content: Content, singles: dict[str, Loaded], pages: list[Loaded], known: set[str]
) -> Iterator[Diagnostic]:
    """Family ids exist wherever they are used, and the table covers every family a page shows."""
    by_id = {f.id: f for f in content.families}

    valid = sorted(f.id for f in content.families)

    def unknown(doc: Document, loc: FieldPath, fid: str, *, key: bool = False) -> Diagnostic:
        """A reference to a family that does not exist, with the likeliest one it meant."""
        same_case = [v for v in valid if v.lower() == fid.lower()]
        if same_case:
            hint = f"ids are lowercase: did you mean '{same_case[0]}'?"
        else:
            hint = did_you_mean(fid, valid) or (f"known families: {', '.join(valid)}" if valid else "")
        return doc.diagnostic(loc, f"no family with id '{fid}'", hint, key=key)

    site = singles["site.yaml"]
    if not known:
        yield site.doc.diagnostic((), "the site has no families to compare", "add content/families/<id>.yaml")
    features = singles.get("features.yaml")
    if features is not None and content.features:
        first_row: dict[str, int] = {}
        for r, row in enumerate(content.features.rows):
            if row.attribute in first_row:
                line = features.doc.mark(("rows", first_row[row.attribute], "attribute"))[0]
                yield features.doc.diagnostic(
                    ("rows", r, "attribute"),
                    f"row '{row.attribute}' is already in the table (line {line})",
                    "give each row its own attribute, or merge the two rows",
                )
            first_row.setdefault(row.attribute, r)
        for r, row in enumerate(content.features.rows):
            for fid in row.values:
                if fid not in known:
                    yield unknown(features.doc, ("rows", r, "values", fid), fid, key=True)

    def item_refs(loaded: Loaded, fields: tuple[str, ...]) -> Iterator[Diagnostic]:
        """Unknown `family:` references on the items of a file's list fields."""
        for field in fields:
            for i, item in enumerate(getattr(loaded.value, field)):
                ref = getattr(item, "family", None)
                if ref is not None and ref not in known:
                    yield unknown(loaded.doc, (field, i, "family"), ref)

    for section in FAMILY_SECTIONS:
        if section.file in singles:
            yield from item_refs(singles[section.file], (section.items,))
    needed: dict[str, str] = {}
    for page in pages:
        spec = page.value
        assert isinstance(spec, PageSpec)
        if spec.slug is not None and windows_reserved(spec.slug):
            yield page.doc.diagnostic(
                ("slug",),
                f"slug '{spec.slug}' is a name Windows cannot use for a folder",
                "choose another slug (con, prn, aux, nul, com1–9 and lpt1–9 are reserved)",
            )
        if spec.slug in RESERVED_SLUGS:
            yield page.doc.diagnostic(
                ("slug",),
                f"slug '{spec.slug}' is reserved",
                f"choose another slug; reserved: {', '.join(sorted(RESERVED_SLUGS))}",
            )
        for i, fid in enumerate(spec.families or []):
            if fid not in known:
                yield unknown(page.doc, ("families", i), fid)
        if spec.families is not None and len(set(spec.families)) < len(spec.families):
            yield page.doc.diagnostic(("families",), "a family is listed twice", "list each family once")
        yield from item_refs(page, tuple(section.page_field for section in FAMILY_SECTIONS))
        for family in page_families(spec, content, by_id):
            needed.setdefault(family.id, str(spec.slug))
    if features is not None and content.features:
        for r, fid in _missing_values(content, tuple(needed)):
            row = content.features.rows[r]
            yield features.doc.diagnostic(
                ("rows", r, "values"),
                f"row '{row.attribute}' has no value for family '{fid}'",
                f"add '{fid}: …' under values (page '{needed[fid]}' compares it)",
            )
    if content.site.pairs is not None and content.site.pairs.families != "all":
        for g, group in enumerate(content.site.pairs.families):
            for i, fid in enumerate(group):
                if fid not in known:
                    yield unknown(site.doc, ("pairs", "families", g, i), fid)


def plan_comparisons(
    content: Content, singles: dict[str, Loaded], pages: list[Loaded]
) -> tuple[tuple[Comparison, ...], list[Diagnostic]]:
    """Declared pages first, then generated pairs that have their data; skipped pairs are warnings."""
    by_id = {f.id: f for f in content.families}
    notes: list[Diagnostic] = []
    site = singles["site.yaml"]
    comparisons: list[Comparison] = []
    for page in pages:
        spec = page.value
        assert isinstance(spec, PageSpec) and spec.slug is not None
        comparisons.append(Comparison(spec.slug, page_families(spec, content, by_id), spec))
    settings = content.site.pairs
    if settings is not None and (wanted := _pair_count(content)) > settings.max_pages:
        notes.append(
            site.doc.diagnostic(
                ("pairs",),
                f"pairs would make {wanted:,} pages, over the limit of {settings.max_pages:,}",
                "list groups of families under pairs.families, or raise pairs.max_pages in site.yaml",
            )
        )
        return tuple(comparisons), notes
    if settings is not None:
        comparisons.extend(_generated(content, comparisons, singles, pages, notes))
    slugs = [c.slug for c in comparisons]
    if not comparisons:
        notes.append(
            site.doc.diagnostic(
                (),
                "the site has no comparison pages",
                "add content/pages/<slug>.yaml, or set 'pairs: all' to compare every two families",
            )
        )
    home = content.site.home
    if home is not None and home not in slugs:
        hint = did_you_mean(home, slugs) or f"pages: {', '.join(slugs)}"
        notes.append(site.doc.diagnostic(("home",), f"no comparison page with slug '{home}'", hint))
    if (len(comparisons) > 1 or home is not None) and content.site.hub is None and comparisons:
        notes.append(
            site.doc.diagnostic(
                (),
                f"the site has {len(comparisons)} comparisons and needs a hub page",
                "add 'hub: {title: …, intro: …}' to site.yaml",
            )
        )
    return tuple(comparisons), notes


def _generated(
    content: Content,
    comparisons: list[Comparison],
    singles: dict[str, Loaded],
    pages: list[Loaded],
    notes: list[Diagnostic],
) -> list[Comparison]:
    """The pages the `pairs` setting makes that no page file makes already; skipped pairs go to `notes`."""
    site = singles["site.yaml"]
    made: list[Comparison] = []
    taken_sets = {frozenset(f.id for f in c.families) for c in comparisons}
    taken_slugs = {c.slug for c in comparisons}
    pages_by_slug = {
        str(p.value.slug): p.doc.path for p in pages if isinstance(p.value, PageSpec) and p.value.slug
    }
    generated: dict[str, tuple[str, str]] = {}
    features = singles.get("features.yaml")
    for a, b in _pairs(content):
        if frozenset((a.id, b.id)) in taken_sets:
            continue
        slug = f"{a.id}{GENERATED_SEPARATOR}{b.id}"
        if slug in taken_slugs:
            made_by = (
                pages_by_slug.get(slug) or f"the pair of '{generated[slug][0]}' and '{generated[slug][1]}'"
            )
            notes.append(
                site.doc.diagnostic(
                    ("pairs",),
                    f"the pair of '{a.id}' and '{b.id}' makes the page '{slug}', which {made_by} makes too",
                    "rename a family (ids with '-vs-' can collide), or the page file, or set its slug",
                )
            )
            continue
        missing = _missing_values(content, (a.id, b.id))
        if missing and features is not None:
            paths = [f"rows[{r}].values.{fid}" for r, fid in missing]
            fields = ", ".join(paths[:4]) + (f" and {len(paths) - 4} more" if len(paths) > 4 else "")
            notes.append(
                features.doc.diagnostic(
                    ("rows", missing[0][0], "values"),
                    f"pair '{slug}' skipped: missing {fields}",
                    "add the missing table values to publish this pair",
                    severity=Severity.WARNING,
                )
            )
            continue
        generated[slug] = (a.id, b.id)
        taken_slugs.add(slug)
        made.append(Comparison(slug, (a, b)))
    return made


def _pairs(content: Content) -> Iterator[tuple[Family, Family]]:
    """Every unordered pair the `pairs` setting asks for, each once, in family order."""
    settings = content.site.pairs
    if settings is None:
        return
    by_id = {f.id: f for f in content.families}
    order = {f.id: i for i, f in enumerate(content.families)}
    groups = [list(by_id)] if settings.families == "all" else settings.families
    seen: set[tuple[str, str]] = set()
    for group in groups:
        members = sorted({fid for fid in group if fid in by_id}, key=order.__getitem__)
        for a, b in combinations(members, 2):
            if (a, b) not in seen:
                seen.add((a, b))
                yield by_id[a], by_id[b]


def _pair_count(content: Content) -> int:
    """How many pages `pairs` asks for, counted without making them."""
    settings = content.site.pairs
    if settings is None:
        return 0
    known = {f.id for f in content.families}
    groups = [list(known)] if settings.families == "all" else settings.families
    sizes = [len({fid for fid in group if fid in known}) for group in groups]
    return sum(n * (n - 1) // 2 for n in sizes)


def _missing_values(content: Content, family_ids: tuple[str, ...]) -> list[tuple[int, str]]:
    """The (row index, family id) table values that are missing, in row order."""
    if content.features is None:
        return []
    return [
        (r, fid) for r, row in enumerate(content.features.rows) for fid in family_ids if fid not in row.values
    ]
