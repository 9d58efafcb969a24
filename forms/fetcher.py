"""The only way WeasyPrint may load anything while rendering a form: bundled assets by name.

A PDF is built from client answers. Were WeasyPrint's default fetcher used, an answer that somehow
reached the HTML as markup (`<img src="file:///etc/passwd">`, `url(http://...)`) could read local
files into the PDF or make the server call out. Jinja's autoescaping already turns answers into text;
this fetcher is the second wall: it serves the files under `forms/assets/` through the private
`wraparound-asset:` scheme and refuses everything else — other schemes, unknown names, traversal,
query strings — by raising. Names are looked up in a dictionary built from the folder listing, never
joined onto a path, so `../` cannot reach outside it. There is no network code path at all, hence
no redirects.

Nothing here logs: a refused URL is reported only in the exception, and only when it is one of ours
(a template's asset name, never client text).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS_DIR = Path(__file__).parent / "assets"
SCHEME = "wraparound-asset"
BASE_URL = f"{SCHEME}:/"
"""Given to WeasyPrint as the documents' base URL, so a relative URL never resolves to file://."""

_MEDIA_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$")


class AssetRefused(ValueError):
    """The URL is not one of the bundled assets. WeasyPrint turns this into a fatal error (the
    fetcher is built with `fail_on_errors=True`), so a refused fetch stops the render instead of
    leaving a silently incomplete PDF."""


def asset_url(name: str) -> str:
    """The URL templates and CSS use for a bundled file, e.g. `asset_url("fonts/DejaVuSans.ttf")`."""
    return f"{BASE_URL}{name}"


@cache
def manifest() -> dict[str, Path]:
    """Every servable asset: its name relative to `forms/assets/` -> its file. Built once per process.
    Symbolic links are left out so the folder cannot be made to point elsewhere."""
    found: dict[str, Path] = {}
    for path in sorted(ASSETS_DIR.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix.lower() in _MEDIA_TYPES:
            name = path.relative_to(ASSETS_DIR).as_posix()
            if _SAFE_NAME.match(name):
                found[name] = path
    return found


@cache
def _read(name: str) -> bytes:
    # Fonts are ~0.7 MB each; reading them once per process keeps repeated renders off the disk.
    return manifest()[name].read_bytes()


def asset_name(url: str) -> str:
    """The bundled asset a URL names, or `AssetRefused`. Exposed for tests and for callers who
    want to check a URL without building a response."""
    scheme, sep, rest = url.partition(":")
    if not sep or scheme.lower() != SCHEME:
        # Only the scheme is reported: the rest of a foreign URL could be anything.
        shown = scheme.lower() if sep and scheme.isalnum() and len(scheme) <= 16 else "(none)"
        raise AssetRefused(f"only {SCHEME}: URLs are served; refused a URL with scheme {shown}")
    # One leading slash is allowed ("wraparound-asset:/forms.css" is what the base URL produces);
    # anything else odd (//host, ?query, #fragment, %-escapes, backslashes, "..") fails the lookup
    # or the pattern, and no name is ever joined onto a path.
    name = rest[1:] if rest.startswith("/") and not rest.startswith("//") else rest
    if name not in manifest():
        shown = name if _SAFE_NAME.match(name) and ".." not in name and len(name) <= 80 else "(unsafe name)"
        raise AssetRefused(f"no bundled asset {shown!r} in forms/assets/")
    return name


class AssetFetcher(URLFetcher):
    """WeasyPrint URL fetcher that serves only `forms/assets/` files by name.

    It subclasses `weasyprint.urls.URLFetcher` (WeasyPrint 70's non-deprecated fetcher API) and
    replaces `fetch`, so none of the inherited urllib handlers (file, http, ftp, data) ever runs.
    The parent is still configured to allow no protocol and no redirects, in case a future
    WeasyPrint reaches it another way.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=True)
        self.served = 0
        self.refused = 0
        """Counts only (never URLs), for tests and diagnostics."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            name = asset_name(url)
        except AssetRefused:
            self.refused += 1
            raise
        self.served += 1
        media_type = _MEDIA_TYPES[Path(name).suffix.lower()]
        return URLFetcherResponse(asset_url(name), _read(name), {"Content-Type": media_type})
