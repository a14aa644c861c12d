"""Build time for a generated catalogue: N families with `pairs: all` gives N*(N-1)/2 pair pages.

Run: .venv/bin/python benchmarks/build_scale.py [families]   (default 45 → 990 pair pages)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from llmdiff_site.build import Project, build

REPO = Path(__file__).resolve().parent.parent
ROWS = ["Primary modality", "Sampling", "Training stability", "Parameter scale", "Inference speed"]


def make_site(root: Path, count: int) -> None:
    """A catalogue of `count` families, every table value filled in."""
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    content = root / "content"
    (content / "families").mkdir(parents=True)
    site = yaml.safe_load((REPO / "tests/sites/catalogue/content/site.yaml").read_text(encoding="utf-8"))
    (content / "site.yaml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    ids = [f"family{i:03}" for i in range(count)]
    for i, fid in enumerate(ids):
        family = {
            "order": i,
            "name": f"Family {i}",
            "short_name": f"F{i}",
            "tagline": f"Tagline {i}",
            "accent": f"#{(i * 2654435761) % 0xFFFFFF:06x}",
            "highlights": [{"label": "Core idea", "text": f"Idea number **{i}**"}],
            "tags": [f"T{i}"],
        }
        (content / f"families/{fid}.yaml").write_text(yaml.safe_dump(family), encoding="utf-8")
    rows = [{"attribute": r, "values": {fid: f"{r} of {fid}" for fid in ids}} for r in ROWS]
    features = {"title": "Feature-by-Feature Comparison", "attribute_header": "Attribute", "rows": rows}
    (content / "features.yaml").write_text(yaml.safe_dump(features), encoding="utf-8")


def main(count: int) -> None:
    """Build twice (cold, then warm) and print pages, files and seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_site(root, count)
        for label in ("first build", "second build"):
            started = time.perf_counter()
            report, diagnostics = build(Project.at(root))
            seconds = time.perf_counter() - started
            assert report is not None, diagnostics
            print(f"{label}: {report.pages} pages, {report.files} files in {seconds:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 45)
