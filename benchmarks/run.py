"""llmdiff against Hugo and the import floor, on generated workloads; prints one table of medians.

Run from the repository root:

    .venv/bin/python benchmarks/run.py            # every workload (several minutes)
    .venv/bin/python benchmarks/run.py --quick    # small sizes, for CI: checks the harness runs
    .venv/bin/python benchmarks/run.py --workdir /dev/shm   # on a RAM disk: the tools, not the disk

Each measurement is a whole process, repeated (runs interleaved between the tools, so a busy
machine slows all of them alike), reported as the median wall time and the median peak memory
(proportional resident memory, PSS, of the process and its workers, summed). Hugo
columns appear when `hugo` is installed (apt-get install hugo). Ratios come from the same run.

The import floor is what any program built on the runtime dependencies pays before doing work:
importing click, cmarkgfm, jinja2, nh3 and yaml, and pydantic's `BaseModel` (pydantic's package
itself loads lazily: `import pydantic` alone loads almost nothing a program can use). Processes
run as an installed wheel does, with compiled bytecode: a variable that stops Python writing it
(PYTHONDONTWRITEBYTECODE, set on some machines) is removed, and llmdiff is compiled first.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads

PYTHON = sys.executable
_SCRIPT = Path(PYTHON).with_name("llmdiff")
LLMDIFF = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "llmdiff_site"]
IMPORT_FLOOR = [PYTHON, "-c", "import click, cmarkgfm, jinja2, nh3, yaml; from pydantic import BaseModel"]


def _tree_rss(pid: int) -> int:
    """Proportional resident bytes (PSS) of a process and all its descendants.

    PSS splits pages that forked workers share with their parent, so the sum is the memory the
    whole tree really holds (RSS would count each shared page once per process).
    """
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        proc = Path(f"/proc/{current}")
        try:
            for line in (proc / "smaps_rollup").read_text(encoding="ascii").splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
            for task in (proc / "task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text(encoding="ascii").split())
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of one whole process (and its workers)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    os.sync()  # the last process's writes go to disk now, not during this one (see run_workload)
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{stderr}")
    return wall, peak or usage.ru_maxrss * 1024


@dataclass
class Series:
    """Repeated measurements of one thing."""

    walls: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def add(self, result: tuple[float, int]) -> None:
        """Record one run."""
        self.walls.append(result[0])
        self.peaks.append(result[1])

    @property
    def wall(self) -> float:
        """Median wall seconds."""
        return statistics.median(self.walls)

    @property
    def peak_mib(self) -> float:
        """Median peak memory in MiB."""
        return statistics.median(self.peaks) / 2**20


def _touch_family(site: Path, round_: int) -> None:
    """Change one family's tagline, as an editor would."""
    path = sorted((site / "content/families").glob("*.yaml"))[0]
    text = re.sub(r"\(edited in round \d+\) ", "", path.read_text(encoding="utf-8"))
    text = text.replace('"tagline": "', f'"tagline": "(edited in round {round_}) ', 1)
    path.write_text(text, encoding="utf-8")


@dataclass
class Workload:
    """One site, its Hugo twin (if any), and what is measured on it."""

    name: str
    make: Callable[[Path], Path]
    make_hugo: Callable[[Path], Path] | None = None
    family_edit: bool = True
    results: dict[str, Series] = field(default_factory=dict)

    def series(self, key: str) -> Series:
        """The series for one measurement."""
        return self.results.setdefault(key, Series())


def run_workload(work: Workload, root: Path, runs: int, hugo: str | None) -> None:
    """Generate, then measure every tool in interleaved rounds.

    Each round moves the last round's output folders aside (a rename) instead of deleting them,
    so no output is deleted until the whole run ends. On ext4 without a journal (this project's
    build machines) the inode allocator skips, one by one, every inode freed in the last minutes:
    a build right after deleting the previous one's 30,000 files spent up to 40 s of kernel time
    in that scan (perf: `recently_deleted`, `find_inode_bit`), for either tool, by how recently
    and where the deletions fell. A journaled disk never pays it; measuring it would measure the
    deletions, not the tools. An inode counts as recently freed for 60 s once its table block is
    written, six minutes while it is not: hence a sync before each measurement and at the end.
    """
    site = work.make(root / work.name)
    hugo_site = work.make_hugo(root / f"{work.name}-hugo") if work.make_hugo and hugo else None
    for round_ in range(runs):
        _set_aside(site / "build", round_)
        work.series("cold").add(measure([*LLMDIFF, "build"], site))
        work.series("no-change").add(measure([*LLMDIFF, "build"], site))
        if work.family_edit:
            _touch_family(site, round_)
            work.series("one family").add(measure([*LLMDIFF, "build"], site))
        work.series("floor").add(measure(IMPORT_FLOOR, site))
        if hugo_site is not None and hugo is not None:
            _set_aside(hugo_site / "public", round_)
            work.series("hugo").add(measure([hugo, "--quiet", "-d", "public"], hugo_site))


def _set_aside(output: Path, round_: int) -> None:
    """Move an earlier round's output out of the way without freeing its inodes (see run_workload)."""
    if output.exists():
        output.rename(output.with_name(f".{output.name}-round-{round_}"))


def serve_latency(site: Path, edit: Callable[[int], None], rounds: int) -> float:
    """Median milliseconds from a save to the preview's reload event."""
    from llmdiff_site.project import Project
    from llmdiff_site.serve import Preview

    preview = Preview(Project.at(site), "127.0.0.1", 0)
    preview.start()
    times: list[float] = []
    try:
        for i in range(rounds):
            stream = urllib.request.urlopen(preview.url + "__llmdiff__/events", timeout=30)
            while not stream.readline().startswith(b"data: "):
                pass
            started = time.perf_counter()
            edit(i)
            while not stream.readline().startswith(b"data: "):
                pass
            times.append((time.perf_counter() - started) * 1000)
            stream.close()
            time.sleep(0.2)
    finally:
        preview.stop()
    return statistics.median(times)


def _page_edit(site: Path) -> Callable[[int], None]:
    """Retitle the default page."""
    path = site / "content/pages/llm-vs-diffusion.yaml"
    original = path.read_text(encoding="utf-8")

    def edit(i: int) -> None:
        path.write_text(original.replace("title: LLMs vs", f"title: Round {i} LLMs vs", 1), "utf-8")

    return edit


def main() -> None:
    """Measure and print the table, then the targets with their ratios."""
    try:
        import llmdiff_site
    except ImportError:
        raise SystemExit("llmdiff is not installed for this Python: run it with .venv/bin/python") from None
    compileall.compile_dir(Path(llmdiff_site.__file__).parent, quiet=1)  # as pip does on install
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each (for CI)")
    parser.add_argument("--runs", type=int, default=None, help="rounds per workload (default 5, quick 1)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where the workloads are generated and built (default: the system's temporary folder; "
        "a RAM disk such as /dev/shm takes the disk out of the figures, and holds every round's "
        "output until the run ends: about 3 GB for 5 rounds)",
    )
    args = parser.parse_args()
    if args.workdir is not None and not args.workdir.is_dir():
        parser.error(f"--workdir {args.workdir}: not a folder")
    runs = args.runs or (1 if args.quick else 5)
    hugo = shutil.which("hugo")
    pages_small, pages_large = (60, 300) if args.quick else (1000, 10000)
    families_small, families_large = (12, 62) if args.quick else (202, 2002)
    pairs_small, pairs_large = (8, 20) if args.quick else (45, 142)
    loads = [
        Workload("default page", workloads.default_site, lambda r: workloads.hugo_site(r, 1, 2), False),
        Workload(
            f"{pages_small:,} pages, a file each",
            lambda r: workloads.page_per_file_site(r, pages_small, families_small),
            lambda r: workloads.hugo_site(r, pages_small, families_small),
        ),
        Workload(
            f"{pages_large:,} pages, a file each",
            lambda r: workloads.page_per_file_site(r, pages_large, families_large),
            lambda r: workloads.hugo_site(r, pages_large, families_large),
        ),
        Workload(f"pairs: all, {pairs_small} families", lambda r: workloads.pairs_all_site(r, pairs_small)),
        Workload(f"pairs: all, {pairs_large} families", lambda r: workloads.pairs_all_site(r, pairs_large)),
    ]
    with tempfile.TemporaryDirectory(prefix="llmdiff-bench-", dir=args.workdir) as tmp:
        root = Path(tmp)
        for work in loads:
            print(f"… {work.name}", file=sys.stderr, flush=True)
            run_workload(work, root, runs, hugo)
        serve_default = serve_latency(
            root / loads[0].name, _page_edit(root / loads[0].name), 3 if args.quick else 10
        )
        small = root / loads[1].name
        serve_family = serve_latency(small, lambda i: _touch_family(small, 100 + i), 3 if args.quick else 10)
    os.sync()  # the deleted workloads' inodes stop counting as recently freed a minute from now
    print_table(loads, runs, hugo is not None)
    print_targets(loads, serve_default, serve_family, hugo is not None)


def print_table(loads: list[Workload], runs: int, with_hugo: bool) -> None:
    """The measurements, one row per workload."""
    print(f"\nMedians of {runs} run(s); wall seconds and peak MiB; ratios from this run.\n")
    head = "| workload | llmdiff cold | no-change | one family edited | import floor |"
    head += " Hugo cold | llmdiff ÷ Hugo |" if with_hugo else ""
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for work in loads:
        r = work.results
        cold = r["cold"]
        cells = [
            work.name,
            f"{cold.wall:.3f} s, {cold.peak_mib:.0f} MiB",
            f"{r['no-change'].wall:.3f} s",
            f"{r['one family'].wall:.3f} s" if "one family" in r else "—",
            f"{r['floor'].wall:.3f} s",
        ]
        if with_hugo:
            hugo = r.get("hugo")
            cells.append(f"{hugo.wall:.3f} s, {hugo.peak_mib:.0f} MiB" if hugo else "—")
            cells.append(f"{cold.wall / hugo.wall:.2f}×" if hugo else "—")
        print("| " + " | ".join(cells) + " |")


def print_targets(loads: list[Workload], serve_default: float, serve_family: float, with_hugo: bool) -> None:
    """Each target of issue 8 with its measured ratio."""
    default, large_pages, large_pairs = loads[0].results, loads[2].results, loads[4].results
    lines = [
        (
            "default page, cold ÷ import floor (target ≤ 1.5)",
            default["cold"].wall / default["floor"].wall,
            1.5,
        ),
    ]
    if with_hugo:
        lines.append(
            (
                "default page, no-change ÷ Hugo cold (target < 1)",
                default["no-change"].wall / default["hugo"].wall,
                1,
            )
        )
        hugo = large_pages["hugo"]
        lines.append((f"{loads[2].name}: wall ÷ Hugo (target ≤ 1)", large_pages["cold"].wall / hugo.wall, 1))
        lines.append(
            (
                f"{loads[2].name}: memory ÷ Hugo (target ≤ 0.5)",
                large_pages["cold"].peak_mib / hugo.peak_mib,
                0.5,
            )
        )
        lines.append(
            (f"{loads[4].name}: wall ÷ Hugo {loads[2].name}", large_pairs["cold"].wall / hugo.wall, 1)
        )
        lines.append((f"{loads[4].name}: memory ÷ Hugo", large_pairs["cold"].peak_mib / hugo.peak_mib, 0.5))
    lines.append(
        (
            f"{loads[2].name}: one family ÷ full (target ≤ 0.1)",
            large_pages["one family"].wall / large_pages["cold"].wall,
            0.1,
        )
    )
    lines.append(
        (
            f"{loads[4].name}: one family ÷ full (target ≤ 0.1)",
            large_pairs["one family"].wall / large_pairs["cold"].wall,
            0.1,
        )
    )
    print("\n| target | measured | met |\n|---|---|---|")
    for label, ratio, limit in lines:
        print(f"| {label} | {ratio:.2f} | {'yes' if ratio <= limit else 'no'} |")
    print(
        f"| serve, default page: save → reload event (target < 100 ms) | {serve_default:.0f} ms | "
        f"{'yes' if serve_default < 100 else 'no'} |"
    )
    print(
        f"| serve, {loads[1].name}: one family edited → reload event (target < 300 ms) | "
        f"{serve_family:.0f} ms | {'yes' if serve_family < 300 else 'no'} |"
    )


if __name__ == "__main__":
    main()
