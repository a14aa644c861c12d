"""Addresses in rendered HTML, for the link check (kept apart so builds from cache skip html.parser)."""

from __future__ import annotations

from html.parser import HTMLParser


class LinkCollector(HTMLParser):
    """Collects href and src values from rendered Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Remember every address-carrying attribute."""
        for name, value in attrs:
            if name in {"href", "src", "action", "formaction"} and value is not None:
                self.links.append(value)
