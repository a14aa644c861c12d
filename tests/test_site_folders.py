"""Which site a command works on: found from any folder inside it, named with -s, folders set in site.yaml."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site, pydantic_loaded_by_build, run_cli

WAIT = 30


def llmdiff(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it (the fast no-change path included)."""
    return subprocess.run(
        [sys.executable, "-m", "llmdiff_site", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def add_to_site_yaml(site: Path, text: str) -> None:
    """Append settings to the site's site.yaml, as an editor would."""
    path = site / "content/site.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_build_from_a_subfolder_builds_the_whole_site(site: Path) -> None:
    """`llmdiff build` in content/families/ finds the site above it and says where the output went."""
    first = llmdiff(site / "content/families", "build")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("→ ../../build")
    assert (site / "build/index.html").is_file()
    assert not (site / "content/families/build").exists()
    again = llmdiff(site / "content/families", "build")
    assert again.stdout.startswith("Up to date:"), again.stdout
    check = llmdiff(site / "content", "check")
    assert check.returncode == 0, check.stderr


def test_dash_s_builds_another_site(site: Path, tmp_path: Path) -> None:
    """`-s DIR` builds that site wherever the command runs; a folder that is no site is refused."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = llmdiff(elsewhere, "build", "-s", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "build/index.html").is_file()
    assert list(elsewhere.iterdir()) == []
    wrong = llmdiff(elsewhere, "build", "-s", str(elsewhere))
    assert wrong.returncode == 2
    assert "is not a site (no content/site.yaml in it)" in wrong.stderr


def test_site_yaml_names_the_output_folder(site: Path) -> None:
    """`build: {output: public}` writes public/, also on the no-change path and from a subfolder."""
    add_to_site_yaml(site, "build:\n  output: public\n")
    result = llmdiff(site / "content", "build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("→ ../public")
    assert (site / "public/index.html").is_file()
    assert not (site / "build").exists()
    assert llmdiff(site, "build").stdout.startswith("Up to date:")
    assert not (site / "build").exists()
    override = run_cli(site, "build", "--out", "elsewhere")
    assert override.exit_code == 0, override.output
    assert (site / "elsewhere/index.html").is_file()


def test_folder_settings_are_checked_once_per_site_yaml_yet_links_every_time(
    site: Path, tmp_path: Path
) -> None:
    """Unchanged `build:`/`serve:` settings skip pydantic next time; a new link out is still refused."""
    add_to_site_yaml(site, "build:\n  output: public\nserve:\n  port: 1313\n")
    assert "pydantic" in pydantic_loaded_by_build(site)
    shutil.rmtree(site / "public")  # the next build must write it again, where the kept settings say
    assert pydantic_loaded_by_build(site) == []
    assert (site / "public/index.html").is_file()
    shutil.rmtree(site / "public")
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "public").symlink_to(outside, target_is_directory=True)
    linked = llmdiff(site, "build")
    assert linked.returncode == 1
    assert "build.output: leads outside the site through a link" in linked.stderr
    assert list(outside.iterdir()) == []
    (site / "public").unlink()
    add_to_site_yaml(site, "# an edit\n")
    path = site / "content/site.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("port: 1313", "port: 99999"), encoding="utf-8")
    refused = llmdiff(site, "build")
    assert refused.returncode == 1
    assert "serve.port" in refused.stderr and "Traceback" not in refused.stderr


def test_kept_folder_settings_are_used_and_a_damaged_copy_is_checked_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept `build:`/`serve:` settings are read back unvalidated; a damaged copy is validated again."""
    import json

    from llmdiff_site import model
    from llmdiff_site.cache import seal, unseal
    from llmdiff_site.locate import SettingsMemo, read_defaults

    add_to_site_yaml(site, "build:\n  output: public\nserve:\n  port: 1313\n")
    first, problems = read_defaults(site / "content", site, site)
    assert problems == [] and (first.output, first.port) == ("public", 1313)
    memo = SettingsMemo(site / "content", "content/site.yaml").path
    assert memo.is_file()
    validations: list[object] = []
    real = model.SiteSettings.model_validate
    monkeypatch.setattr(
        model.SiteSettings, "model_validate", lambda data: validations.append(data) or real(data)
    )
    again, _ = read_defaults(site / "content", site, site)
    assert (again.output, again.port, again.origins) == ("public", 1313, first.origins) and validations == []
    kept = json.loads(unseal(memo.read_bytes()))
    kept["settings"][3] = 0  # a port changed on disk, its checksum not (sealed again: only that is wrong)
    memo.write_bytes(seal(json.dumps(kept).encode("utf-8")))
    checked, _ = read_defaults(site / "content", site, site)
    assert checked.port == 1313 and len(validations) == 1
    memo.write_text("[" * 5000, encoding="utf-8")  # nested past Python's recursion limit
    deep, _ = read_defaults(site / "content", site, site)
    assert deep.port == 1313 and len(validations) == 2


def test_kept_folder_settings_another_user_could_write_are_not_used(site: Path, tmp_path: Path) -> None:
    """The kept `build:` settings name where the output goes: a copy anyone else could have written
    (its checksum has no secret) is never used, so it cannot send the build elsewhere."""
    import json

    from llmdiff_site.cache import seal, unseal
    from llmdiff_site.locate import SettingsMemo, _check, read_defaults

    add_to_site_yaml(site, "build:\n  output: public\n")
    assert read_defaults(site / "content", site, site)[0].output == "public"
    memo = SettingsMemo(site / "content", "content/site.yaml").path
    kept = json.loads(unseal(memo.read_bytes()))
    kept["settings"][0] = str(tmp_path / "elsewhere")
    kept["check"] = _check(kept["stamp"], kept["settings"])  # anyone can compute it
    memo.write_bytes(seal(json.dumps(kept).encode("utf-8")))
    memo.chmod(0o666)  # as a file another user wrote into a shared cache
    assert read_defaults(site / "content", site, site)[0].output == "public"


def test_site_yaml_cannot_send_output_outside_the_site(site: Path, tmp_path: Path) -> None:
    """A cloned site's site.yaml cannot make a build write outside it: located error, nothing written."""
    add_to_site_yaml(site, "build:\n  output: ../outside\n")
    result = llmdiff(site, "build")
    assert result.returncode == 1
    assert "content/site.yaml:" in result.stderr
    assert "build.output: must be a folder inside the site" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "outside").exists()
    assert not (site / "build").exists()


def _serve(site: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """Start `llmdiff serve`; return the process and its URL."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "llmdiff_site", "serve", *args],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = ""
    while not line.startswith("Serving on "):
        line = proc.stdout.readline()
        assert line, "serve stopped before printing its address"
    return proc, line.split()[2]


def _stop(proc: subprocess.Popen[str]) -> str:
    """Ctrl-C the preview; return what it wrote to stderr."""
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=WAIT)
    return err


def test_serve_takes_the_next_free_port_when_the_default_is_taken(site: Path) -> None:
    """site.yaml's serve.port is tried first; taken, the next one is used and said."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        add_to_site_yaml(site, f"serve:\n  port: {taken}\n")
        proc, url = _serve(site)
        try:
            port = int(url.rstrip("/").rsplit(":", 1)[1])
            assert port > taken
            with urllib.request.urlopen(url, timeout=WAIT) as response:
                assert "LLMs vs Diffusion Models" in response.read().decode()
        finally:
            err = _stop(proc)
        assert f"Port {taken} is in use; using {port} instead." in err
        named = subprocess.run(
            [sys.executable, "-m", "llmdiff_site", "serve", "-p", str(taken)],
            cwd=site,
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
    assert named.returncode == 1
    assert f"cannot listen on 127.0.0.1 port {taken}:" in named.stderr


def test_serve_no_reload_and_base_url(site: Path) -> None:
    """--no-reload serves pages without the reload client; --base-url makes canonical links absolute."""
    proc, url = _serve(site, "-p", "0", "--no-reload", "--base-url", "https://example.org/cmp/")
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            page = response.read().decode()
    finally:
        _stop(proc)
    assert "__llmdiff__" not in page
    assert '<link rel="canonical" href="https://example.org/cmp/' in page
    proc, url = _serve(site, "-p", "0")
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            assert "__llmdiff__" in response.read().decode()
    finally:
        _stop(proc)


def test_the_repository_itself_is_a_site() -> None:
    """The walk up stops at the nearest site: the repository's own content for its subfolders."""
    from llmdiff_site.locate import find_site

    assert find_site(REPO / "content" / "families") == REPO
    assert find_site(REPO / "src" / "llmdiff_site") == REPO


def test_copy_site_helper_makes_a_site(tmp_path: Path) -> None:
    """The fixture's copies are sites the walk finds (guards the tests above against a vacuous pass)."""
    from llmdiff_site.locate import find_site

    copy = copy_site(REPO, tmp_path / "s")
    assert find_site(copy / "content" / "pages") == copy
    assert find_site(tmp_path) is None


def test_serve_on_ipv6_loopback_without_a_warning(site: Path) -> None:
    """`--host ::1` (or `[::1]`) serves on IPv6 loopback; loopback addresses are not warned about."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "llmdiff_site", "serve", "-p", "0", "--host", "[::1]"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    line = ""
    while not line.startswith("Serving on "):
        line = proc.stdout.readline()
        assert line, "serve stopped before printing its address"
    url = line.split()[2]
    try:
        assert url.startswith("http://[::1]:")
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            assert "LLMs vs Diffusion Models" in response.read().decode()
    finally:
        err = _stop(proc)
    assert "reachable from other machines" not in err
    empty = run_cli(site, "serve", "--host", "")
    assert empty.exit_code == 2 and "give an address" in empty.output


@pytest.mark.parametrize(
    "name",
    [
        "CONTENT",
        "content\u200b",
        "\u202ebuild",
        "ｃｏｎｔｅｎｔ",
        "  ",
        "../up",
        "/abs",
        ".git",
        "con",
        "public.",
    ],
)
def test_site_yaml_folder_names_that_look_like_others_are_refused(site: Path, name: str) -> None:
    """Case, width, invisible and bidi tricks cannot make build.output name content/ or hide what it is."""
    add_to_site_yaml(site, f'build:\n  output: "{name}"\n')
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert re.search(r"content/site.yaml:\d+:\d+: build.output: must (not )?be", result.stderr)


@pytest.mark.parametrize(
    "url", ["https://e.org/?q=1", "https://e.org/#top", "http://[::1]:99999/", "https://user:pw@e.org/"]
)
def test_a_base_url_pages_cannot_be_added_to_is_refused(site: Path, url: str) -> None:
    """--base-url and site.yaml's base_url must take page paths at their end: no query, fragment or user."""
    flag = run_cli(site, "build", "--base-url", url)
    assert flag.exit_code == 2 and "--base-url" in flag.output
    add_to_site_yaml(site, f'base_url: "{url}"\n')
    result = run_cli(site, "build")
    assert result.exit_code == 1 and "base_url: " in result.stderr


def test_schema_writes_beside_the_sites_content_from_any_folder(site: Path) -> None:
    """`llmdiff schema` from content/families/ refreshes the site's schemas/, where content files point."""
    result = llmdiff(site / "content/families", "schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Wrote 8 schemas to ../../schemas"
    assert (site / "schemas/family.schema.json").is_file()
    assert not (site / "content/families/schemas").exists()
