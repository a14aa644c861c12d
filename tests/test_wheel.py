"""The built wheel, installed in a fresh virtual environment outside the repository, does the whole job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import urllib.request
from pathlib import Path

from tests.conftest import REPO

WAIT = 60


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A command, its output kept for the assertion message."""
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_wheel_in_a_fresh_environment_runs_init_new_build_and_serve(tmp_path: Path) -> None:
    """pip-install the wheel into a new venv; init a blank site, add a family, build, check, serve."""
    dist = tmp_path / "dist"
    made = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(REPO),
        ],
        REPO,
    )
    assert made.returncode == 0, made.stderr
    [wheel] = dist.glob("llmdiff_site-*.whl")

    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path).returncode == 0
    python = venv / "bin" / "python"
    installed = run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    # The runtime dependencies come from this test environment (no network): only llmdiff is new.
    purelib = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path
        ).stdout.strip()
    )
    (purelib / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    llmdiff = str(venv / "bin" / "llmdiff")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}

    where = run([str(python), "-c", "import llmdiff_site; print(llmdiff_site.__file__)"], tmp_path, env=env)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr

    work = tmp_path / "work"
    work.mkdir()
    assert run([llmdiff, "init", "site", "--blank"], work, env=env).returncode == 0
    site = work / "site"
    assert run([llmdiff, "new", "family", "ssm"], site, env=env).returncode == 0
    unfilled = run([llmdiff, "check"], site, env=env)
    assert unfilled.returncode == 1 and "placeholder left unfilled" in unfilled.stderr
    family = site / "content/families/ssm.yaml"
    text = family.read_text(encoding="utf-8").replace(
        '"TODO: its colour as #rrggbb, e.g. #4fd1c5"', '"#4fd1c5"'
    )
    family.write_text(text.replace('"TODO: ', '"Filled: '), encoding="utf-8")
    checked = run([llmdiff, "check"], site, env=env)
    assert checked.returncode == 0, checked.stderr
    built = run([llmdiff, "build"], site, env=env)
    assert built.returncode == 0, built.stderr
    assert (site / "build/index.html").is_file() and (site / "build/card.png").is_file()

    proc = subprocess.Popen(
        [llmdiff, "serve", "-p", "0"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = ""
        while not line.startswith("Serving on "):
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "serve stopped"
        url = line.split()[2]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            assert "Alpha vs Beta" in response.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=WAIT)
    assert proc.returncode == 0
