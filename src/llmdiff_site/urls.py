"""Addresses that reach outputs (base_url, the reply form's endpoint): single-line and well-formed."""

from __future__ import annotations

from urllib.parse import urlsplit


def url_problem(url: str, *, paths: bool = False) -> str:
    """Why an address cannot be used ('' when it can): absolute http(s), or with `paths` a site path."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "must be one line without spaces or control characters"
    if paths and url.startswith("/") and not url.startswith("//"):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid address"
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.netloc.startswith(("@", ":")):
        return "must start with https:// or http:// and name a host" + (
            ", or be a path like /comments" if paths else ""
        )
    return ""
