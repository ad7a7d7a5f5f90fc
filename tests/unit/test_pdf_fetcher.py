"""The PDF renderer's URL fetcher: data: URLs and the asset folder, nothing else."""

from __future__ import annotations

import base64
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from igu_admin.documents.fetcher import AssetFetcher, ForbiddenResource
from igu_admin.documents.render import PdfRenderError, html_to_pdf
from igu_admin.paths import PDF_ASSETS_DIR
from tests.listener import Listener


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    root = tmp_path / "assets"
    root.mkdir()
    (root / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    (tmp_path / "secret.txt").write_text("secret")
    (root / "escape.txt").symlink_to(tmp_path / "secret.txt")
    return root


def test_the_listener_counts_a_connection_so_zero_hits_means_nothing_was_fetched(
        listener: Listener) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{listener.port}/x.css", timeout=5) as response:
        assert response.read() == b"body{}"
    assert listener.hits == 1


def test_a_data_url_is_served() -> None:
    payload = base64.b64encode(b"<svg/>").decode()
    response = AssetFetcher().fetch(f"data:image/svg+xml;base64,{payload}")
    assert response.read() == b"<svg/>"
    assert response.content_type == "image/svg+xml"


def test_a_file_inside_the_asset_folder_is_served(assets: Path) -> None:
    response = AssetFetcher(assets).fetch((assets / "mark.svg").as_uri())
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


def test_the_real_asset_folder_is_the_default_root() -> None:
    assert AssetFetcher().root == PDF_ASSETS_DIR.resolve()


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://evil.example/share/file.css",
    "FILE:///etc/hostname",
])
def test_files_outside_the_asset_folder_are_refused(url: str) -> None:
    with pytest.raises(ForbiddenResource):
        AssetFetcher().fetch(url)


def test_dot_dot_and_symbolic_links_do_not_lead_out_of_the_folder(assets: Path) -> None:
    fetcher = AssetFetcher(assets)
    with pytest.raises(ForbiddenResource):
        fetcher.fetch(assets.as_uri() + "/../secret.txt")
    with pytest.raises(ForbiddenResource):
        fetcher.fetch((assets / "escape.txt").as_uri())


def test_a_missing_file_in_the_folder_is_refused(assets: Path) -> None:
    with pytest.raises(ForbiddenResource):
        AssetFetcher(assets).fetch((assets / "nothing.png").as_uri())


@pytest.mark.parametrize("scheme", ["http", "https", "ftp", "gopher"])
def test_network_urls_are_refused_without_a_connection(listener: Listener, scheme: str) -> None:
    with pytest.raises(ForbiddenResource):
        AssetFetcher().fetch(f"{scheme}://127.0.0.1:{listener.port}/x.css")
    assert listener.hits == 0


def test_the_fetcher_follows_no_redirects_and_stops_the_render_on_error() -> None:
    fetcher = AssetFetcher()
    assert fetcher._fail_on_errors is True
    assert not any(type(h).__name__ == "HTTPRedirectHandler" for h in fetcher.handlers)


@pytest.mark.parametrize("markup", [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">',
    '<p style="background: url(http://127.0.0.1:{port}/bg.png)">x</p>',
    '<style>@import url("http://127.0.0.1:{port}/import.css");</style>',
    '<img src="http://127.0.0.1:{port}/pixel.png">',
])
def test_a_render_that_asks_for_a_forbidden_resource_fails_loudly(listener: Listener,
                                                                  markup: str) -> None:
    html = f"<html><body><p>Tekst</p>{markup.format(port=listener.port)}</body></html>"
    with pytest.raises(PdfRenderError, match="refused"):
        html_to_pdf(html, strict=False)
    assert listener.hits == 0


def test_a_render_with_an_asset_data_url_succeeds() -> None:
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    pdf = html_to_pdf(f'<p>Tekst</p><img src="data:image/svg+xml;base64,{svg.decode()}">',
                      strict=False)
    assert pdf.startswith(b"%PDF-")
