"""A missing or refused download answers a plain "Not found" whose headers say what the body is,
the first time and every time after: one shared response object used to be sent for every 404,
and the gzip middleware wrote `Content-Encoding: gzip` into its headers the first time, so every
later 404 told the browser to unzip nine plain bytes."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

from playwright.sync_api import Page
from support.app_server import RunningApp
from support.workflow_driver import log_in


def fetch(url: str, path: str, cookie: str, accept: str) -> tuple[int, str | None, bytes]:
    """One raw request (nothing unzipped for us): status, Content-Encoding, body as sent."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Accept-Encoding": accept})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Encoding"), response.read()
    finally:
        connection.close()


def test_every_pdf_404_carries_headers_that_match_its_body(page: Page, live_app: RunningApp) -> None:
    log_in(page, live_app.url)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies(live_app.url))
    for _ in range(3):
        for path in ("/document/nothing/pdf/take_home", "/document/nothing/release/take_home"):
            for accept in ("gzip", "identity"):
                status, encoding, body = fetch(live_app.url, path, cookie, accept)
                assert status == 404, (path, accept)
                if encoding == "gzip":
                    assert accept == "gzip", (path, accept)
                    body = gzip.decompress(body)  # raises if the body is not what the header says
                else:
                    assert encoding is None, (path, accept, encoding)
                assert body == b"Not found", (path, accept, encoding, body)
