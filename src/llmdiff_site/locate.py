"""Which site a command works on, and the folders and defaults its site.yaml sets.

A site is found as git finds a repository: the nearest folder, from the working folder up, that
holds `content/site.yaml`. Paths are shown relative to the working folder, so a build run from
`content/families/` prints `../../build`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the no-change path skips it)
if TYPE_CHECKING:
    from llmdiff_site.errors import Diagnostic

SITE_FILE = Path("content", "site.yaml")
_SETTINGS_KEY = re.compile(r"(?m)(?:^|[{,])\s*[\"']?(?:build|serve)[\"']?\s*:")


def find_site(start: Path) -> Path | None:
    """The nearest folder from `start` upwards that holds content/site.yaml."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if (folder / SITE_FILE).is_file():
            return folder
    return None


def shown(path: Path, cwd: Path) -> Path:
    """A path as short as it can be said from the working folder (`build`, `../../build`)."""
    try:
        return Path(os.path.relpath(path.absolute(), cwd.absolute()))
    except ValueError:  # another drive
        return path.absolute()


def may_set_folders(content: Path) -> bool:
    """Whether site.yaml may hold `build:` or `serve:` settings (a cheap look, before any YAML)."""
    from llmdiff_site.safefs import read_regular

    try:
        raw = read_regular(content / "site.yaml", SITE_YAML_BYTES)
    except OSError:  # missing, or not a file (a link to /dev/zero): the build reports it in its place
        return False
    return bool(_SETTINGS_KEY.search(raw.decode("utf-8", errors="replace")))


SITE_YAML_BYTES = 512 * 1024
"""How much of site.yaml is looked at here: the loader refuses a larger file anyway."""


class SiteDefaults:
    """What site.yaml says about folders and the preview, validated; defaults where it is silent.

    Plain values, so that a site without such settings never imports the content model here.
    `origins` holds (setting, file, line, column) of each folder site.yaml sets, to point at when
    one is refused.
    """

    __slots__ = ("origins", "output", "port", "static", "templates")

    def __init__(
        self,
        output: str = "build",
        templates: str = "templates",
        static: str = "static",
        port: int = 8000,
        origins: tuple[tuple[str, str, int, int], ...] = (),
    ) -> None:
        self.output = output
        self.templates = templates
        self.static = static
        self.port = port
        self.origins = origins

    def origin(self, setting: str) -> tuple[str, int, int] | None:
        """Where site.yaml sets `build.<setting>`, if it does."""
        return next(((f, line, col) for name, f, line, col in self.origins if name == setting), None)


def read_defaults(
    content: Path, cwd: Path, root: Path | None = None
) -> tuple[SiteDefaults, list[Diagnostic]]:
    """The `build:` and `serve:` settings of content/site.yaml; other problems wait for the build.

    With the site's `root`, a folder that site.yaml names must stay inside it once links are
    followed: a cloned site cannot send its output, or take its templates, from elsewhere.
    """
    if not may_set_folders(content):
        return SiteDefaults(), []
    from llmdiff_site.errors import display_path
    from llmdiff_site.safefs import below

    shown_file = display_path(content / "site.yaml", cwd)
    memo = SettingsMemo(content, shown_file)
    known = memo.recall()
    if known is not None and (
        root is None or all(below(root, root / getattr(known, name)) for name, *_ in known.origins)
    ):
        return known, []
    from pydantic import ValidationError

    from llmdiff_site.loader import load_document
    from llmdiff_site.messages import errors_to_diagnostics
    from llmdiff_site.model import BuildSettings, ServeSettings, SiteSettings

    doc, problems = load_document(content / "site.yaml", shown_file)
    if doc is None or problems or not isinstance(doc.data, dict):
        return SiteDefaults(), []  # the build reports the file's own problem, in its place
    data = {key: doc.data[key] for key in ("build", "serve") if key in doc.data}
    try:
        settings = SiteSettings.model_validate(data)
    except ValidationError as exc:
        return SiteDefaults(), errors_to_diagnostics(doc, SiteSettings, exc.errors())
    build = settings.build or BuildSettings()
    serve = settings.serve or ServeSettings()
    named = [name for name in ("output", "templates", "static") if name in (doc.data.get("build") or {})]
    origins = tuple((name, doc.path, *doc.mark(("build", name))) for name in named)
    problems = [
        doc.diagnostic(
            ("build", name),
            "leads outside the site through a link",
            "name a folder inside the site that is not reached through a link",
        )
        for name in named
        if root is not None and not below(root, root / getattr(build, name))
    ]
    defaults = SiteDefaults(build.output, build.templates, build.static, serve.port, origins)
    memo.store(defaults, doc.digest)
    return defaults, problems


class SettingsMemo:
    """site.yaml's validated folder and preview settings, kept until its bytes or llmdiff change.

    Checking them needs pydantic and the content model (about 0.15 s to load), which a build
    whose content all comes from the cache otherwise never loads. Whether a folder leads out of
    the site through a link is checked again on every run: links change without site.yaml.
    """

    def __init__(self, content: Path, shown_file: str) -> None:
        from llmdiff_site.cache import site_key
        from llmdiff_site.project import cache_folder

        self.site_yaml = content / "site.yaml"
        self.shown_file = shown_file
        self.path = cache_folder() / "content" / site_key(content) / "settings.json"

    def _stamp(self, digest: str) -> list[str]:
        """What the kept settings are valid for: the file's bytes, where it is shown, llmdiff's code."""
        from llmdiff_site.cache import model_stamp

        return [digest, self.shown_file, model_stamp()]

    def recall(self) -> SiteDefaults | None:
        """The settings a run found for this very file, if any."""
        import json

        from llmdiff_site.cache import read_kept
        from llmdiff_site.manifest import hash_bytes
        from llmdiff_site.safefs import read_regular

        try:
            kept = json.loads(read_kept(self.path))  # a file only this user could have written
            stamp = self._stamp(hash_bytes(read_regular(self.site_yaml, SITE_YAML_BYTES)))
            if kept["stamp"] != stamp or kept["check"] != _check(stamp, kept["settings"]):
                return None
            output, templates, static, port, origins = kept["settings"]
            origins = tuple(tuple(o) for o in origins)
        except Exception:  # any damage (deeply nested JSON raises RecursionError): check them again
            return None
        folders = (output, templates, static)
        if not all(type(f) is str and f for f in folders) or type(port) is not int or not 0 < port < 65536:
            return None
        if not all(len(o) == 4 and o[0] in ("output", "templates", "static") for o in origins):
            return None
        return SiteDefaults(output, templates, static, port, origins)

    def store(self, defaults: SiteDefaults, digest: str) -> None:
        """Keep settings that validated; a failure to write only costs speed next time."""
        import json

        plain = [defaults.output, defaults.templates, defaults.static, defaults.port, defaults.origins]
        settings = json.loads(json.dumps(plain))  # as recall reads them back: the checksum must agree
        stamp = self._stamp(digest)
        kept = {"stamp": stamp, "settings": settings, "check": _check(stamp, settings)}
        from llmdiff_site.cache import make_private_folder, write_kept

        try:
            make_private_folder(self.path.parent)
            write_kept(self.path, json.dumps(kept).encode("utf-8"))
        except OSError:
            pass


def _check(stamp: list[str], settings: list[object]) -> str:
    """A checksum of kept settings: a file damaged on disk is noticed, and the settings checked again."""
    import hashlib
    import json

    return hashlib.blake2b(json.dumps([stamp, settings]).encode(), digest_size=16).hexdigest()
