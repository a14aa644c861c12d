"""Addresses that reach outputs (base_url, the reply form's endpoint): single-line and well-formed."""

from __future__ import annotations

from urllib.parse import urlsplit


def url_problem(url: str, *, paths: bool = False, base: bool = False) -> str:
    """Why an address cannot be used ('' when it can): absolute http(s), or with `paths` a site path.

    A `base` address (the site's own, which page paths are appended to) has no query, fragment,
    user name or password.
    """
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
    try:
        parts.port  # noqa: B018 (reading it checks it)
    except ValueError:
        return "has a port that is not a number from 0 to 65535"
    if parts.username is not None or parts.password is not None:
        return "must not hold a user name or password"
    if base and (parts.query or parts.fragment or "?" in url or "#" in url):
        return "must not have a query (?…) or a fragment (#…): page addresses are added to its end"
    return ""
