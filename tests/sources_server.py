"""A real HTTP server on 127.0.0.1 (a free port) serving the reader fixtures (tests/data/sources), plus
the ways a news site goes wrong: a page that never finishes, one too big, a redirect loop, a 404."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "data" / "sources"
SLOW_S = 8  # how long /slow.html holds its answer back: well past the timeouts the tests set
BIG = 300_000  # bytes of /big.html: over the cap the tests set (200 kB), under the default


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".rss": "application/rss+xml",
        ".atom": "application/atom+xml",
        ".json": "application/json",
    }

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/slow.html":  # headers at once, then the body never comes in time
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><p>")
            self.wfile.flush()
            time.sleep(SLOW_S)
            return
        if self.path == "/big.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the cap must hold while streaming
            self.wfile.write(
                b"<html><body>" + b"<p>filler text</p>" * (BIG // 18) + b"</body></html>"
            )
            return
        if self.path == "/fragment":  # no <html>: only the Content-Type says it is HTML
            page = (SOURCES / "pages/bare/2022-07-07-johnson-resigns.html").read_bytes()
            body = page[page.index(b"<h1>") : page.index(b"</body>")]
            head = (
                b'<meta name="date" content="2022-07-07"><meta name="author" content="Helen Marsh">'
            )
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(head + body)
            return
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(self.path)}")
            self.end_headers()
            return
        if self.path.startswith("/moved/"):
            self.send_response(301)
            self.send_header("Location", self.path[len("/moved") :])
            self.end_headers()
            return
        super().do_GET()


@contextmanager
def serve_sources(root: Path = SOURCES) -> Iterator[str]:
    """The base URL ('http://127.0.0.1:PORT/') while the server runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
