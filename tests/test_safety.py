"""Hostile files, concurrent builds, the user's output folder and the exposed preview (issue 10)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llmdiff_site.markup import render_inline
from llmdiff_site.project import Project
from llmdiff_site.serve import Preview
from tests.conftest import PAGE, edit_yaml, run_cli, snapshot

LLMDIFF = [sys.executable, "-m", "llmdiff_site"]


def build_in(site: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A whole `llmdiff build` process, bounded in time so that a hang fails instead of blocking."""
    return subprocess.run(
        [*LLMDIFF, "build", *args], cwd=site, capture_output=True, text=True, timeout=timeout, check=False
    )


# --- files that must not hang or leak ---------------------------------------------------------


def test_fifo_content_file_is_an_error_not_a_hang(site: Path) -> None:
    """A named pipe among the families is reported at once."""
    os.mkfifo(site / "content/families/pipe.yaml")
    result = build_in(site)
    assert result.returncode == 1
    assert "content/families/pipe.yaml: cannot read file: it is a named pipe (FIFO)" in result.stderr


def test_link_to_a_device_is_refused(site: Path) -> None:
    """`ln -s /dev/zero content/families/zero.yaml` never reads the device."""
    (site / "content/families/zero.yaml").symlink_to("/dev/zero")
    result = build_in(site)
    assert result.returncode == 1
    assert "content/families/zero.yaml: link points outside the content folder" in result.stderr


def test_link_loops_are_located_errors(site: Path) -> None:
    """A content link to itself and a static folder link to itself: errors, no traceback."""
    (site / "content/families/loop.yaml").symlink_to("loop.yaml")
    result = build_in(site)
    assert result.returncode == 1
    assert "content/families/loop.yaml: cannot read file: Too many levels of symbolic links" in result.stderr
    (site / "content/families/loop.yaml").unlink()
    (site / "static/a").symlink_to("a")
    result = build_in(site)
    assert result.returncode == 1
    assert "static/a: link cannot be followed" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dangling_link_is_named_by_its_own_name(site: Path) -> None:
    """static/dangle.txt -> nowhere is reported as static/dangle.txt, not as the target it names."""
    (site / "static/dangle.txt").symlink_to("nowhere")
    result = build_in(site)
    assert result.returncode == 1
    assert "static/dangle.txt: link cannot be followed" in result.stderr
    assert "static/nowhere" not in result.stderr


def test_template_link_out_of_the_folder_is_refused(site: Path) -> None:
    """A template that links to /etc/passwd is never read into a page."""
    ribbon = site / "templates/partials/ribbon.html"
    ribbon.unlink()
    ribbon.symlink_to("/etc/passwd")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert (
        "templates/partials/ribbon.html is reached through a link out of its templates folder"
        in result.stderr
    )
    assert not (site / "build").exists()


@pytest.mark.parametrize(
    "payload", ["[" * 24_000 + "x" + "](y)" * 6_000, "<a " * 16_000, "*" * 48_000, "`" * 48_000]
)
def test_pathological_markdown_renders_in_linear_time(payload: str) -> None:
    """A 48 KB field of nested brackets or tags renders in well under a second (was 40 s)."""
    started = time.perf_counter()
    render_inline(payload)
    assert time.perf_counter() - started < 2.0


def test_pairs_are_capped(catalogue: Path) -> None:
    """More generated pages than pairs.max_pages is an error that says how to raise the cap."""
    edit_yaml(catalogue / "content/site.yaml", lambda d: d["pairs"].update(max_pages=3))
    result = run_cli(catalogue, "build")
    assert result.exit_code == 1
    assert "pairs would make 10 pages, over the limit of 3" in result.stderr
    assert "raise pairs.max_pages" in result.stderr


# --- the output folder belongs to the user ------------------------------------------------------


def test_concurrent_builds_into_one_folder_always_leave_a_complete_build(site: Path) -> None:
    """Twenty pairs of simultaneous builds: each pair leaves the complete site; a loser says why."""
    assert run_cli(site, "build", "--out", "reference").exit_code == 0
    reference = {k: v for k, v in snapshot(site / "reference").items() if k != ".llmdiff-manifest.json"}
    for _ in range(20):
        procs = [
            subprocess.Popen(
                [*LLMDIFF, "build", "--clean"],
                cwd=site,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in procs]
        assert any(code == 0 for code, _ in results), results
        for code, err in results:
            assert code == 0 or "another llmdiff build into build is running" in err, err
        built = {k: v for k, v in snapshot(site / "build").items() if k != ".llmdiff-manifest.json"}
        assert built == reference
    assert not list(site.glob(".build.staging-*"))


def test_a_folder_llmdiff_did_not_write_is_refused_unless_forced(site: Path) -> None:
    """`--out notes` with the user's notes in it: refused; with --force the notes stay."""
    (site / "notes").mkdir()
    (site / "notes/todo.txt").write_text("mine", encoding="utf-8")
    refused = run_cli(site, "build", "--out", "notes")
    assert refused.exit_code == 1
    assert "holds files llmdiff did not write (todo.txt)" in refused.stderr
    assert snapshot(site / "notes") == {"todo.txt": b"mine"}
    forced = run_cli(site, "build", "--out", "notes", "--force")
    assert forced.exit_code == 0
    assert (site / "notes/todo.txt").read_text(encoding="utf-8") == "mine"
    assert (site / "notes/index.html").is_file()


def test_dot_files_and_foreign_files_survive_every_build(site: Path) -> None:
    """A gh-pages checkout (.git), a CNAME and .nojekyll stay through full and incremental builds."""
    assert run_cli(site, "build").exit_code == 0
    (site / "build/.git").mkdir()
    (site / "build/.git/HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (site / "build/.nojekyll").write_text("", encoding="utf-8")
    (site / "build/CNAME").write_text("compare.example.org\n", encoding="utf-8")
    for args in (("build",), ("build", "--clean")):
        edit_yaml(site / PAGE, lambda d: d["hero"].update(title=d["hero"]["title"] + "!"))
        assert run_cli(site, *args).exit_code == 0
        assert (site / "build/.git/HEAD").read_text(encoding="utf-8").startswith("ref:")
        assert (site / "build/.nojekyll").exists()
        assert (site / "build/CNAME").read_text(encoding="utf-8") == "compare.example.org\n"


@pytest.mark.parametrize("out", ["/etc", "/usr", "/var", "/home"])
def test_system_folders_are_refused(site: Path, out: str) -> None:
    """No build ever replaces a system folder."""
    result = run_cli(site, "build", "--out", out)
    assert result.exit_code == 2
    assert "refusing to use" in result.output


def test_symlinked_output_is_refused_and_left_alone(site: Path, tmp_path: Path) -> None:
    """`--out` naming a link: refused before anything is written; the link stays a link."""
    target = tmp_path / "elsewhere"
    target.mkdir()
    (site / "linkedout").symlink_to(target)
    result = run_cli(site, "build", "--out", "linkedout")
    assert result.exit_code == 2
    assert "is a symbolic link" in result.output
    assert (site / "linkedout").is_symlink() and not any(target.iterdir())
    assert not list(site.glob(".linkedout.*"))


# --- names and data downstream ------------------------------------------------------------------


def test_generated_slugs_that_collide_are_an_error(catalogue: Path) -> None:
    """Families a, b-vs-c, a-vs-b and c: two pairs make a-vs-b-vs-c; both are named."""
    families = catalogue / "content/families"
    for path in families.glob("*.yaml"):
        path.unlink()
    for i, fid in enumerate(["a", "b-vs-c", "a-vs-b", "c"]):
        (families / f"{fid}.yaml").write_text(
            f"order: {i}\nname: {fid}\nshort_name: {fid}\ntagline: t\naccent: '#123456'\n", encoding="utf-8"
        )
    for name in ("features", "benchmarks", "guide"):
        (catalogue / f"content/{name}.yaml").unlink()
    result = run_cli(catalogue, "build")
    assert result.exit_code == 1
    assert "makes the page 'a-vs-b-vs-c', which the pair of 'a' and 'b-vs-c' makes too" in result.stderr


def test_paths_that_differ_only_in_case_are_refused(site: Path) -> None:
    """static/Index.html beside the generated index.html would overwrite it on macOS and Windows."""
    (site / "static/Index.html").write_text("<p>mine</p>", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "static file Index.html differs only in case from index.html" in result.stderr


@pytest.mark.parametrize("name", ["a\nb.txt", "tab\there.txt", "bell\x07.txt"])
def test_a_static_name_with_a_control_character_is_refused_and_the_next_build_works(
    site: Path, name: str
) -> None:
    """Such a name once went into the manifest, which then read as damaged: every later build refused
    the folder as not llmdiff's. Now the name is refused, shown escaped, and build/ stays usable."""
    assert run_cli(site, "build").exit_code == 0
    before = snapshot(site / "build")
    (site / "static" / name).write_text("x", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    shown = name.replace("\n", "\\x0a").replace("\t", "\\x09").replace("\x07", "\\x07")
    assert f"static/{shown}: static file name holds the control character U+" in result.stderr
    assert snapshot(site / "build") == before
    (site / "static" / name).unlink()
    assert run_cli(site, "build").exit_code == 0


@pytest.mark.parametrize("upper", [False, True], ids=["same case", "other case"])
def test_a_static_folder_or_file_named_like_a_generated_file_or_folder_is_refused(
    catalogue: Path, upper: bool
) -> None:
    """static/comparisons.json/ (a folder) and static/<page folder> (a file, here a link) cannot both be
    published, in any case (case-insensitive hosts): a located error each, naming the link itself,
    instead of the system's 'Not a directory', and build/ as it was."""
    assert run_cli(catalogue, "build").exit_code == 0
    before = snapshot(catalogue / "build")
    page = next(p.name for p in sorted((catalogue / "build").iterdir()) if (p / "index.html").is_file())
    data, mine = ("Comparisons.JSON", page.upper()) if upper else ("comparisons.json", page)
    (catalogue / "static" / data).mkdir()
    (catalogue / "static" / data / "notes.txt").write_text("x", encoding="utf-8")
    (catalogue / "static/real.txt").write_text("x", encoding="utf-8")
    (catalogue / "static" / mine).symlink_to("real.txt")
    result = run_cli(catalogue, "build")
    assert result.exit_code == 1
    expected_folder = f"static/{data}/notes.txt: static folder {data} has the name of the generated file "
    assert expected_folder + "comparisons.json" in result.stderr
    assert f"static/{mine}: static file {mine} has the name of the generated folder {page}" in result.stderr
    assert "static/real.txt:" not in result.stderr
    assert snapshot(catalogue / "build") == before


@pytest.mark.parametrize(
    ("made", "message"),
    [
        (("Foo", "foo/bar"), "static/foo/bar: static folder foo has the name of the static file Foo"),
        (("B/x", "b"), "static/b: static file b has the name of the static folder B"),
        (
            ("css/Style.css/a", "css/style.css"),
            "static/css/style.css: static file css/style.css has the name of the static folder css/Style.css",
        ),
    ],
    ids=["file then folder", "folder then file", "inside a folder"],
)
def test_a_static_file_and_a_static_folder_of_one_name_in_any_case_are_refused(
    site: Path, made: tuple[str, ...], message: str
) -> None:
    """Two static items that only a case-sensitive disk tells apart, a file and a folder: one is refused."""
    for rel in made:
        (site / "static" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "static" / rel).write_text("x", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert message in result.stderr


def test_input_names_that_are_not_utf8_are_located_errors(site: Path) -> None:
    """Bytes that are not UTF-8 in the name of any input file (a family, a page, any file under
    content/, a template, a static file): each a located error with the bytes shown as \\x escapes,
    from build and check alike (content ones were an internal error of the cache), build/ as it was."""
    assert run_cli(site, "build").exit_code == 0
    before = snapshot(site / "build")
    names = {
        "content/families/caf\\xe9.yaml": b"content/families/caf\xe9.yaml",
        "content/pages/\\xff.yaml": b"content/pages/\xff.yaml",
        "content/notes-\\xe9.txt": b"content/notes-\xe9.txt",
        "static/\\xff\\xfe.txt": b"static/\xff\xfe.txt",
        "templates/\\xfe.html": b"templates/\xfe.html",
    }
    for name in names.values():
        try:
            os.close(os.open(os.fsencode(site) + b"/" + name, os.O_CREAT | os.O_WRONLY))
        except OSError as exc:  # macOS and some file systems refuse such names outright
            pytest.skip(f"this file system refuses names that are not UTF-8: {exc}")
    for command in ("build", "check"):
        result = run_cli(site, command)
        assert result.exit_code == 1
        for shown in names:
            assert f"{shown}: file name is not UTF-8" in result.stderr, result.stderr
        assert "internal error" not in result.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "llmdiff_site", "check", "--format", "json"], cwd=site, capture_output=True
    )
    assert "content/families/caf\\xe9.yaml" in {d["path"] for d in json.loads(listed.stdout.decode("utf-8"))}
    assert snapshot(site / "build") == before
    for name in names.values():
        os.unlink(os.fsencode(site) + b"/" + name)  # noqa: PTH108 (the name is bytes, which no Path holds as they are)
    assert run_cli(site, "build").exit_code == 0


def test_static_dot_files_are_copied_but_not_clutter(site: Path) -> None:
    """.well-known/ and .htaccess are published; .DS_Store and .git are not."""
    (site / "static/.well-known").mkdir()
    (site / "static/.well-known/security.txt").write_text("Contact: mailto:x@example.org\n", encoding="utf-8")
    (site / "static/.htaccess").write_text("Options -Indexes\n", encoding="utf-8")
    (site / "static/.DS_Store").write_bytes(b"\0\0")
    assert run_cli(site, "build").exit_code == 0
    assert (site / "build/.well-known/security.txt").is_file()
    assert (site / "build/.htaccess").is_file()
    assert not (site / "build/.DS_Store").exists()


def test_csv_cells_cannot_run_as_formulas(site: Path) -> None:
    """A cell starting with =, +, -, @ or a tab is written with a leading apostrophe."""
    features = site / "content/features.yaml"
    edit_yaml(features, lambda d: d["rows"][0]["values"].update(llm='=HYPERLINK("http://evil.example","x")'))
    assert run_cli(site, "build").exit_code == 0
    csv_text = (site / "build/features.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in csv_text and ',"=HYPERLINK' not in csv_text


def test_base_url_must_be_one_line(site: Path) -> None:
    """A newline in --base-url (which would inject into robots.txt) is refused."""
    result = run_cli(site, "build", "--base-url", "https://example.org/\nDisallow: /\n#")
    assert result.exit_code == 2
    assert "one line" in result.output


# --- the preview ---------------------------------------------------------------------------------


def raw(url: str, data: bytes, wait: float = 10) -> bytes:
    """Send raw bytes to the preview; return what comes back before it closes (or `wait` passes)."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as conn:
        conn.sendall(data)
        chunks = []
        try:
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


@pytest.fixture
def preview(site: Path) -> Preview:
    """A preview whose idle connections time out after one second."""
    server = Preview(Project.at(site), "127.0.0.1", 0, idle_seconds=1.0)
    server.start()
    yield server  # type: ignore[misc]
    server.stop()


def test_preview_answers_only_loopback_host_names(preview: Preview) -> None:
    """DNS rebinding: a request for another host name gets 403; loopback names get the page."""
    port = preview.url.rstrip("/").rsplit(":", 1)[1]
    for host, status in (
        ("evil.example", b" 403 "),
        (f"evil.example:{port}", b" 403 "),
        (f"localhost:{port}", b" 200 "),
        (f"127.0.0.1:{port}", b" 200 "),
    ):
        answer = raw(preview.url, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        assert status in answer.split(b"\r\n", 1)[0], (host, answer[:80])


def test_idle_connections_time_out(preview: Preview) -> None:
    """A connection that sends nothing is closed after the idle time."""
    started = time.monotonic()
    assert raw(preview.url, b"", wait=10) == b""
    assert time.monotonic() - started < 5


def test_http_09_gets_an_answer_at_once(preview: Preview) -> None:
    """A bare `GET /` (HTTP/0.9) is answered and closed, not left hanging."""
    started = time.monotonic()
    answer = raw(preview.url, b"GET /\r\n", wait=10)
    assert b"not supported" in answer
    assert time.monotonic() - started < 5


def test_connections_beyond_the_limit_get_a_quick_503(preview: Preview) -> None:
    """Threads are bounded: with every slot held by an idle connection, the next one is refused at once."""
    from llmdiff_site.serve import MAX_CONNECTIONS

    host, port = preview.url.removeprefix("http://").rstrip("/").split(":")
    held = [socket.create_connection((host, int(port)), timeout=5) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)
        started = time.monotonic()
        answer = raw(preview.url, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", wait=5)
        assert answer.startswith(b"HTTP/1.1 503"), answer[:40]
        assert time.monotonic() - started < 2
    finally:
        for conn in held:
            conn.close()


def test_a_full_disk_keeps_the_previous_build_and_leaves_no_staging(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When writing fails half-way (no space left), build/ is as it was and the staging folder is gone."""
    import errno

    from llmdiff_site import outputs

    assert run_cli(site, "build").exit_code == 0
    before = snapshot(site / "build")
    written: list[str] = []
    real = outputs.put_file

    def filling(folder: Path, rel: str, data: bytes) -> None:
        if len(written) >= 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(folder / rel))
        written.append(rel)
        real(folder, rel, data)

    monkeypatch.setattr(outputs, "put_file", filling)
    result = run_cli(site, "build", "--clean")
    assert result.exit_code == 1
    assert "cannot write the output: No space left on device" in result.stderr
    assert snapshot(site / "build") == before
    assert not list(site.glob(".build.staging-*"))


def test_an_incremental_build_never_writes_through_a_link_placed_in_the_output(
    catalogue: Path, tmp_path: Path
) -> None:
    """A page folder in build/ made a link elsewhere: the next build writes nothing there. The link
    is not llmdiff's, so the build stops at it (changing nothing); with --force it replaces it."""
    assert run_cli(catalogue, "build").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("mine", encoding="utf-8")
    page = catalogue / "build/gan-vs-vae"
    shutil.rmtree(page)
    page.symlink_to(elsewhere)
    family = catalogue / "content/families/gan.yaml"
    family.write_text(
        family.read_text(encoding="utf-8").replace("tagline: ", "tagline: Edited. ", 1), encoding="utf-8"
    )
    result = run_cli(catalogue, "build")
    assert result.exit_code == 1 and "build/gan-vs-vae: llmdiff did not write this" in result.output
    assert page.is_symlink()
    assert [p.name for p in elsewhere.iterdir()] == ["index.html"]
    result = run_cli(catalogue, "build", "--force")
    assert result.exit_code == 0, result.output
    assert [p.name for p in elsewhere.iterdir()] == ["index.html"]
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "mine"
    assert not page.is_symlink() and "Edited." in (page / "index.html").read_text(encoding="utf-8")


def test_output_paths_through_a_linked_folder_are_found_at_any_depth(tmp_path: Path) -> None:
    """The check before an incremental build writes: a path whose folder, or any folder above it,
    is a link in the output; not a path in a real folder, a missing one, or one under a file."""
    from llmdiff_site.outputs import through_links

    real = tmp_path / "real"
    (real / "a/b").mkdir(parents=True)
    (real / "plain").write_text("x", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "c").mkdir(parents=True)
    (real / "a/linked").symlink_to(elsewhere)
    (real / "top").symlink_to(elsewhere)
    rels = [
        "index.html",
        "a/b/index.html",
        "a/linked/index.html",
        "a/linked/c/index.html",
        "top/index.html",
        "new/folder/index.html",
        "plain/index.html",
    ]
    expected = ["a/linked/index.html", "a/linked/c/index.html", "top/index.html"]
    assert through_links(real, rels) == expected
    (tmp_path / "out").symlink_to(real)  # the output folder named through a link: its own links still count
    assert through_links(tmp_path / "out", rels) == expected
    assert through_links(tmp_path / "missing", rels) == []
    deep = "d/" * 3000 + "index.html"  # deeper than Python's recursion limit: looked at in a loop
    assert through_links(real, [deep, "a/linked/" + deep]) == ["a/linked/" + deep]


def test_kept_files_are_never_written_through_a_link_planted_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a cache folder others may write, a link planted where llmdiff makes its new file is
    never written through: the write fails, the file it points to keeps its bytes. (The name is
    random; here it is made predictable to plant the link.)"""
    from llmdiff_site import safefs
    from llmdiff_site.cache import read_kept, write_kept

    victim = tmp_path / "precious"
    victim.write_text("precious", encoding="utf-8")
    kept = tmp_path / "cache/outline.pickle"
    kept.parent.mkdir()
    monkeypatch.setattr(safefs.os, "urandom", lambda n: b"\0" * n)
    (kept.parent / f".outline.pickle.{'00' * 6}.tmp").symlink_to(victim)
    with pytest.raises(FileExistsError):
        write_kept(kept, b"payload")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not kept.exists()
    monkeypatch.undo()
    write_kept(kept, b"payload")
    assert read_kept(kept) == b"payload"
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_cache_folder_others_may_change_is_never_written_into(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder another user may write (no sticky bit), or a folder in it swapped for a link,
    could send llmdiff's kept files anywhere: llmdiff writes none there, and builds as always."""
    from llmdiff_site.cache import private_folder

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("LLMDIFF_CACHE_DIR", str(shared))
    assert not private_folder(shared / "outline")
    assert run_cli(site, "build").exit_code == 0
    assert [p for p in shared.rglob("*") if p.is_file()] == []
    shutil.rmtree(shared)  # a new one, where another user planted links before the first build
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp: only an entry's owner may rename it
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (shared / "outline").symlink_to(elsewhere)
    (shared / "jinja").symlink_to(elsewhere)
    assert not private_folder(shared / "outline")
    edit_yaml(site / "content/families/llm.yaml", lambda d: d.update(name="Large Language Models, renamed"))
    assert run_cli(site, "build").exit_code == 0
    assert list(elsewhere.iterdir()) == []
    assert any(p.suffix == ".pickle" for p in (shared / "content").rglob("*"))  # the rest is kept as usual
    assert run_cli(site, "build", "--clean", "--out", "full").exit_code == 0
    assert snapshot(site / "build").keys() == snapshot(site / "full").keys()


def test_links_out_of_the_site_are_refused_wherever_a_site_names_a_folder(site: Path, tmp_path: Path) -> None:
    """Output through a linked folder, a linked static/ or families/: located errors, nothing outside."""
    outside = tmp_path / "outside"
    (outside / "private").mkdir(parents=True)
    (outside / "private/key.txt").write_text("secret", encoding="utf-8")
    (site / "sub").mkdir()
    (site / "sub/link").symlink_to(outside)
    site_yaml = site / "content/site.yaml"
    original = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(original + "build:\n  output: sub/link/inner\n", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert (
        "content/site.yaml:" in result.stderr
        and "build.output: leads outside the site through a link" in result.stderr
    )
    assert not (outside / "inner").exists() and not list(outside.glob(".llmdiff-lock*"))
    named = run_cli(site, "build", "--content", "content")  # the content folder named: the same settings
    assert named.exit_code == 1
    assert "build.output: leads outside the site through a link" in named.stderr
    assert not (outside / "inner").exists()

    site_yaml.write_text(original, encoding="utf-8")
    shutil.rmtree(site / "static")
    (site / "static").symlink_to(outside / "private")
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "static: the site's static folder is a link to a folder outside the site" in result.stderr
    assert not (site / "build").exists()

    (site / "static").unlink()
    moved = outside / "families"
    shutil.move(site / "content/families", moved)
    (site / "content/families").symlink_to(moved)
    result = run_cli(site, "check")
    assert result.exit_code == 1
    assert "content/families: link points outside the content folder" in result.stderr
    made = run_cli(site, "new", "family", "evil")
    assert made.exit_code == 1 and not (moved / "evil.yaml").exists()


def test_init_force_never_writes_through_links(tmp_path: Path) -> None:
    """`init --force` over links (a dangling file link, a folder link out): writes nothing through them."""
    outside = tmp_path / "outside"
    outside.mkdir()
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content/features.yaml").symlink_to(outside / "victim.txt")
    (site / "content/pages").symlink_to(outside)
    result = run_cli(tmp_path, "init", "site", "--blank", "--force")
    assert result.exit_code == 0, result.output
    assert list(outside.iterdir()) == []
    assert "content/features.yaml" in result.output and "content/pages/alpha-vs-beta.yaml" in result.output


def test_output_folder_problems_are_located_not_tracebacks(site: Path, tmp_path: Path) -> None:
    """site.yaml naming a source folder as output: an error at its line; an unwritable parent: one line."""
    site_yaml = site / "content/site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8") + "build:\n  output: templates\n", encoding="utf-8"
    )
    result = run_cli(site, "build")
    assert result.exit_code == 1
    line = len(site_yaml.read_text(encoding="utf-8").splitlines())
    assert f"content/site.yaml:{line}:11: build.output: the output folder" in result.stderr
    assert "Usage:" not in result.stderr
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("output: templates", "output: public"))
    # A folder where no file can be made, even by root: the lock beside the output cannot be created.
    written = run_cli(site, "build", "--out", "/proc/self/llmdiff-out")
    assert written.exit_code == 1
    assert written.stderr.startswith("/proc/self/.llmdiff-lock.llmdiff-out: cannot write the output")
    assert "Traceback" not in written.stderr


@pytest.mark.parametrize(
    "expression",
    [
        '{{ cycler.__init__.__globals__.os.popen("touch PWNED").read() }}',
        # Content objects' fields are read without the sandbox's checks; everything else is checked.
        "{{ site.__class__.__init__.__globals__ }}",
        "{{ text.__dict__ }}",
        "{{ site.__pydantic_fields__ }}",
        "{{ site.__reduce__() }}",
        # llmdiff's own methods answer only for what they are for.
        "{% set ga = notes.section('__class__').section %}{{ ga(ga(cycler, '__init__'), '__globals__') }}",
        "{{ notes.section('__init__') }}",
        "{{ fnref('fam-ilies', families[0].highlights[0]) }}",
        "{{ site._make }}",
        # A loop's counters are read without the checks too; its internals are not.
        "{% for x in [1] %}{{ loop.__class__.__init__.__globals__ }}{% endfor %}",
        "{% for x in [1] %}{{ loop._iterator }}{% endfor %}",
        # pydantic's own methods on content objects: parse_raw can unpickle, parse_file reads files.
        """{{ site.parse_raw("cos\\nsystem\\n(S'touch PWNED'\\ntR.", proto="pickle", allow_pickle=True) }}""",
        '{{ site.parse_file("/etc/hostname") }}',
        "{{ site.model_validate_json('{}') }}",
        "{{ site.copy(update={'name': 'x'}) }}",
        "{% for x in range(10**9) %}{% endfor %}",
        '{{ "a" * 10**10 }}',
        "{{ 2 ** 100000000 }}",
        "{{ ((10**64)**64)**64 }}",
        "{% set ns = namespace(a=10**60) %}{% for i in range(30) %}{% set ns.a = ns.a * ns.a %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    ],
)
def test_templates_cannot_run_code_or_run_away(
    site: Path, expression: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostile template (say, in a pull request CI checks) is a located error: no command, no hang."""
    from llmdiff_site import render

    monkeypatch.setattr(render, "PAGE_SECONDS", 2)  # the real limit is 30 s; a page takes milliseconds
    hero = site / "templates/partials/hero.html"
    hero.write_text(expression + hero.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli(site, "check")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/partials/hero.html:1: template error")
    assert "\n  hint: " in result.stderr
    assert not (site / "PWNED").exists()


@pytest.mark.parametrize("jobs", ["1", "2", "3"])
def test_a_runaway_page_is_stopped_in_every_way_of_building(
    site: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process or several, the page limit stops a template that never ends, names the page's
    template line, and gives the alarm back as it found it."""
    import signal

    from llmdiff_site import render

    monkeypatch.setattr(render, "PAGE_SECONDS", 1)
    hero = site / "templates/partials/hero.html"
    endless = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    hero.write_text(endless + hero.read_text(encoding="utf-8"), encoding="utf-8")
    before = signal.getsignal(signal.SIGALRM)
    result = run_cli(site, "build", "--jobs", jobs)
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/partials/hero.html:1: template error")
    assert "took over 1 seconds" in result.stderr
    assert signal.getsignal(signal.SIGALRM) is before
    assert not (site / "build").exists()


def test_the_published_manifest_names_no_local_paths(built: Path, tmp_path: Path) -> None:
    """build/.llmdiff-manifest.json is deployed with the site: it holds no path of the author's machine."""
    text = (built / ".llmdiff-manifest.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in text and str(Path.home()) not in text


def test_a_linked_folder_in_templates_reads_nothing_outside(site: Path) -> None:
    """templates/leak -> /etc, then {% include "leak/hostname" %}: refused, its text shown nowhere."""
    (site / "templates/leak").symlink_to("/etc")
    hero = site / "templates/partials/hero.html"
    hero.write_text('{% include "leak/hostname" %}' + hero.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli(site, "check", "--format", "github")
    assert result.exit_code == 1
    assert "reached through a link out of its templates folder" in result.output
    assert Path("/etc/hostname").read_text(encoding="utf-8").strip() not in result.output


def test_links_never_become_or_lead_out_of_the_output(site: Path, tmp_path: Path) -> None:
    """A leftover-named link beside the output is not renamed into place; clean refuses a linked build/."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (site / ".build.old-99999").symlink_to(outside)
    result = run_cli(site, "build")
    assert result.exit_code == 0, result.output
    assert not (site / "build/secret.txt").exists() and (outside / "secret.txt").exists()
    assert not (site / ".build.old-99999").exists()
    shutil.move(site / "build", tmp_path / "moved")
    (site / "build").symlink_to(tmp_path / "moved")
    before = sorted(p.name for p in (tmp_path / "moved").iterdir())
    cleaned = run_cli(site, "clean")
    assert cleaned.exit_code == 1 and "is a link" in cleaned.stderr
    assert sorted(p.name for p in (tmp_path / "moved").iterdir()) == before


def test_schema_replaces_links_instead_of_writing_through_them(site: Path, tmp_path: Path) -> None:
    """schemas/family.schema.json linked to a file elsewhere: the link is replaced, the file untouched."""
    victim = tmp_path / "victim.json"
    victim.write_text("precious", encoding="utf-8")
    (site / "schemas").mkdir(exist_ok=True)
    (site / "schemas/family.schema.json").symlink_to(victim)
    assert run_cli(site, "schema").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (site / "schemas/family.schema.json").is_symlink()


def test_a_plain_build_does_not_hang_on_a_link_into_proc(site: Path) -> None:
    """static/x.bin -> /proc/self/pagemap: the build ends with a located error (bounded generously)."""
    (site / "static/x.bin").symlink_to("/proc/self/pagemap")
    result = subprocess.run(
        [sys.executable, "-m", "llmdiff_site", "build"], cwd=site, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "static/x.bin: link points outside the static folder" in result.stderr


def test_init_force_makes_no_folder_through_a_linked_content_folder(tmp_path: Path) -> None:
    """content/ itself a link elsewhere, or a dangling folder link: init --force creates nothing there."""
    outside = tmp_path / "outside"
    outside.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / "content").symlink_to(outside)
    (site / "schemas").symlink_to(tmp_path / "nowhere")
    result = run_cli(tmp_path, "init", "site", "--blank", "--force")
    assert result.exit_code == 0, result.output
    assert list(outside.iterdir()) == [] and not (tmp_path / "nowhere").exists()
    assert "Kept" in result.output and "content/site.yaml" in result.output


def test_a_full_build_keeps_a_users_folder_link_and_never_follows_a_linked_lock(
    site: Path, tmp_path: Path
) -> None:
    """build/downloads -> elsewhere survives --clean; a link in the lock's place is refused, not followed."""
    assert run_cli(site, "build").exit_code == 0
    elsewhere = tmp_path / "downloads"
    elsewhere.mkdir()
    (site / "build/downloads").symlink_to(elsewhere)
    assert run_cli(site, "build", "--clean").exit_code == 0
    assert (site / "build/downloads").is_symlink()
    lock = site / ".llmdiff-lock.build"
    lock.unlink(missing_ok=True)
    lock.symlink_to(tmp_path / "lock-target")
    result = run_cli(site, "build", "--clean")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not (tmp_path / "lock-target").exists()


def test_a_static_folder_linked_to_the_site_itself_is_refused(site: Path) -> None:
    """static -> . would publish content/ (and .git): a link to the site root is not 'inside' it."""
    shutil.rmtree(site / "static")
    (site / "static").symlink_to(site)
    result = run_cli(site, "build")
    assert result.exit_code == 1
    assert "static: the site's static folder is a link to a folder outside the site" in result.stderr
    assert not (site / "build").exists()


def test_templates_compiled_without_the_sandbox_are_never_reused(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytecode an earlier llmdiff cached from a plain Jinja2 environment (same name, same source)
    would run a template without the sandbox's checks on calls and operators: never reused."""
    import jinja2

    from llmdiff_site.project import cache_folder

    hero = site / "templates/partials/hero.html"
    hero.write_text("{{ (2 ** 100000000) > 1 }}" + hero.read_text(encoding="utf-8"), encoding="utf-8")
    legacy = cache_folder() / "jinja"
    legacy.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(site)  # the cache is keyed by the template's path as the build names it
    plain = jinja2.Environment(
        loader=jinja2.FileSystemLoader("templates"),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(legacy)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    plain.get_template("partials/hero.html")
    assert list(legacy.glob("*.cache"))
    result = run_cli(site, "check")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/partials/hero.html:1: template error")
    assert "too large" in result.stderr


def test_fast_reads_give_fields_and_own_properties_only() -> None:
    """Reads that skip the sandbox's checks reach fields and llmdiff's own properties, nothing else."""
    import jinja2

    from llmdiff_site import model
    from llmdiff_site.pages import TableRow
    from llmdiff_site.render import make_environment

    env = make_environment([])
    row = TableRow("Size", ())
    label = model.LabelObject(text="x")
    read = env.getattr(row, "same"), env.getattr(row, "attribute"), env.getattr(label, "text")
    assert read == (row.same, "Size", "x") and isinstance(row.same, bool)
    for obj, name in [
        (row, "__class__"),
        (label, "model_fields_set"),
        (label, "model_extra"),
        (label, "__dict__"),
    ]:
        assert isinstance(env.getattr(obj, name), jinja2.Undefined), name


class _Shown:
    """A value that says how it is shown in HTML, as Jinja2's and markupsafe's protocol allows."""

    def __html__(self) -> str:
        return "<b>kept</b>"


class _Text(str):
    """A str subclass (quick_escape's shortcut must not treat it as a plain str)."""

    def __html__(self) -> str:
        return "<i>own</i>"


def test_printed_values_are_escaped_exactly_as_markupsafe_does() -> None:
    """Templates print through a quicker escape; for every kind of value it must agree with markupsafe."""
    import markupsafe
    from markupsafe import Markup

    from llmdiff_site.render import make_environment, quick_escape

    values: list[object] = [
        "plain",
        "<script>alert('x') & \"y\"</script>",
        "",
        Markup("<b>safe</b>"),
        _Text("<raw>"),
        _Shown(),
        7,
        2.5,
        None,
        True,
        ["<a>"],
    ]
    for value in values:
        quick, reference = quick_escape(value), markupsafe.escape(value)
        assert type(quick) is Markup and quick == reference, value
    env = make_environment([])
    page = env.from_string("{{ a }}|{{ b }}|{{ c }}|{{ d }}").render(
        a="<x & 'y'>", b=Markup("<ok>"), c=_Text("<raw>"), d=_Shown()
    )
    assert page == "&lt;x &amp; &#39;y&#39;&gt;|<ok>|<i>own</i>|<b>kept</b>"
    assert env.from_string("{{ a }}").root_render_func.__globals__["escape"] is quick_escape
