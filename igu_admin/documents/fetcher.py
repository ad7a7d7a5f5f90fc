"""The only way a PDF may load a resource: `data:` URLs and files in the
project's own PDF asset folder.

WeasyPrint's default fetcher reads any local file and follows any http(s)
URL. A field value that reached the HTML as markup could then put
/etc/passwd into a PDF or call an internal address. This fetcher refuses
everything else, and refuses it loudly: with `fail_on_errors` WeasyPrint
stops the render instead of logging and going on without the resource.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from weasyprint.urls import URLFetcher, URLFetcherResponse

from igu_admin.paths import PDF_ASSETS_DIR


class ForbiddenResource(ValueError):
    """A PDF asked for a resource outside the asset folder (or over a network)."""


class AssetFetcher(URLFetcher):
    """Serves `data:` URLs and files under `root`; everything else raises."""

    def __init__(self, root: Path = PDF_ASSETS_DIR) -> None:
        # No redirects and no protocols but ours, in case a code path in
        # WeasyPrint reaches the base class's opener despite `fetch` below.
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False,
                         fail_on_errors=True, timeout=1)
        self.root = root.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        raise ForbiddenResource(f"PDF resource refused (only data: and the PDF asset folder): "
                                f"{url[:200]}")

    @staticmethod
    def _data(url: str) -> URLFetcherResponse:
        # urllib's data: handler parses media type and base64; it opens no connection.
        response = DataHandler().data_open(Request(url))
        return URLFetcherResponse(url, response.read(), dict(response.headers.items()))

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ForbiddenResource(f"PDF resource refused (remote file host): {url[:200]}")
        # resolve() follows symbolic links and "..", so neither leads out of the folder.
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ForbiddenResource(f"PDF resource refused (outside the PDF asset folder): "
                                    f"{url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
