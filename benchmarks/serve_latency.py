"""Save-to-reload latency of `llmdiff serve`: file write → reload event, and → new text in Chromium.

Run: .venv/bin/python benchmarks/serve_latency.py [rounds]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from llmdiff_site.project import Project
from llmdiff_site.serve import Preview

REPO = Path(__file__).resolve().parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(rounds: int) -> None:
    """Measure and print medians and maxima in milliseconds."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        for name in ("content", "templates", "static"):
            shutil.copytree(REPO / name, site / name)
        preview = Preview(Project.at(site), "127.0.0.1", 0)
        preview.start()
        hero = site / "content/pages/llm-vs-diffusion.yaml"
        original = hero.read_text(encoding="utf-8")
        event_ms: list[float] = []
        page_ms: list[float] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page()
            page.goto(preview.url)
            page.wait_for_timeout(500)
            for i in range(rounds):
                stream = urllib.request.urlopen(preview.url + "__llmdiff__/events", timeout=30)
                while not stream.readline().startswith(b"data: "):
                    pass
                title = f"Latency round {i}"
                started = time.perf_counter()
                hero.write_text(
                    original.replace("title: LLMs vs Diffusion Models", f"title: {title}"), encoding="utf-8"
                )
                while not stream.readline().startswith(b"data: "):
                    pass
                event_ms.append((time.perf_counter() - started) * 1000)
                page.locator("h1", has_text=title).wait_for(timeout=30_000)
                page_ms.append((time.perf_counter() - started) * 1000)
                stream.close()
                time.sleep(0.3)
            browser.close()
        preview.stop()
    for label, values in (("save → reload event", event_ms), ("save → new text in Chromium", page_ms)):
        median, worst = statistics.median(values), max(values)
        print(f"{label}: median {median:.0f} ms, max {worst:.0f} ms over {rounds} saves")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
