"""`llmdiff clean`: removes what llmdiff built, and never a file it did not write."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from llmdiff_site.cache import ParseCache
from llmdiff_site.outline import outline_path
from tests.conftest import run_cli, snapshot


def test_clean_removes_the_build_and_keeps_the_users_files(site: Path, private_cache: Path) -> None:
    """Every file the build wrote goes; a file of the user's stays, with the folder that holds it."""
    assert run_cli(site, "build").exit_code == 0
    cache = ParseCache.for_site(site / "content", {}, private_cache).file
    assert cache is not None and cache.is_dir()
    outline = outline_path(private_cache, site / "content", site / "build")
    assert outline.is_file()
    written = [p for p in (site / "build").rglob("*") if p.is_file() and p.name != ".llmdiff-manifest.json"]
    (site / "build/CNAME").write_text("example.org\n", encoding="utf-8")
    result = run_cli(site, "clean")
    assert result.exit_code == 0, result.output
    assert (
        f"Removed {len(written)} files from build; kept 1 file llmdiff did not write: CNAME." in result.output
    )
    assert sorted(p.name for p in (site / "build").rglob("*")) == [".llmdiff-manifest.json", "CNAME"]
    assert not cache.exists() and not outline.exists()
    again = run_cli(site, "build")  # the folder stays llmdiff's: the user's file is kept beside the build
    assert again.exit_code == 0, again.output
    assert (site / "build/CNAME").read_text(encoding="utf-8") == "example.org\n"
    assert run_cli(site, "clean").exit_code == 0
    (site / "build/CNAME").unlink()
    assert run_cli(site, "build").exit_code == 0
    assert run_cli(site, "clean").exit_code == 0
    assert not (site / "build").exists()
    assert run_cli(site, "clean").output == "Nothing to clean in build.\n"


def test_clean_refuses_a_folder_llmdiff_did_not_build(site: Path) -> None:
    """Without llmdiff's manifest the folder is not llmdiff's: exit 1, a hint, nothing touched."""
    (site / "public").mkdir()
    (site / "public/index.html").write_text("mine", encoding="utf-8")
    before = snapshot(site / "public")
    result = run_cli(site, "clean", "--out", "public")
    assert result.exit_code == 1
    assert "has no llmdiff manifest" in result.stderr and "hint:" in result.stderr
    assert snapshot(site / "public") == before


def test_clean_never_follows_a_hostile_manifest_out_of_the_folder(site: Path, tmp_path: Path) -> None:
    """A build/ whose manifest lists ../ paths, or that links a folder elsewhere: nothing outside goes."""
    assert run_cli(site, "build").exit_code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "style.css").write_text("precious", encoding="utf-8")
    (outside / "secret.txt").write_text("precious", encoding="utf-8")
    manifest_path = site / "build/.llmdiff-manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    shutil.rmtree(site / "build/css")
    (site / "build/css").symlink_to(outside)
    manifest["outputs"]["css/style.css"] = "0"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert run_cli(site, "clean").exit_code == 0
    assert (outside / "style.css").read_text(encoding="utf-8") == "precious"
    manifest["outputs"]["../outside/secret.txt"] = "0"
    (site / "build").mkdir(exist_ok=True)
    (site / "build/.llmdiff-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    refused = run_cli(site, "clean")
    assert refused.exit_code == 1
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "precious"


def test_clean_keeps_what_was_changed_or_linked_since_the_build(site: Path) -> None:
    """A built file edited by hand, or a link put in the build, is not llmdiff's to delete any more."""
    assert run_cli(site, "build").exit_code == 0
    (site / "build/data.json").write_text("my notes", encoding="utf-8")
    (site / "build/elsewhere").symlink_to(site / "content")
    result = run_cli(site, "clean")
    assert result.exit_code == 0
    assert "kept 2 files llmdiff did not write: data.json, elsewhere" in result.output
    assert (site / "build/data.json").read_text(encoding="utf-8") == "my notes"
    assert (site / "content/site.yaml").is_file()
