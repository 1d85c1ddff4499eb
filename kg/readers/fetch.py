"""Fetching news pages and feeds over HTTP, within limits: a deadline for the whole answer, a size cap,
few redirects, http(s) only. kg fetches only the URLs it is given and the pages a fetched feed links to.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .. import __version__
from .common import ReaderError

TIMEOUT_S = 10.0
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/json;q=0.9, application/xml;q=0.8, text/plain;q=0.7, */*;q=0.1"
)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


@dataclass
class Fetched:
    url: str  # where the answer came from, after redirects
    content_type: str
    data: bytes


@dataclass
class Fetcher:
    timeout: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS

    def __post_init__(self) -> None:
        import requests

        self.session = requests.Session()
        self.session.max_redirects = self.max_redirects
        self.session.headers["User-Agent"] = f"kg/{__version__} (news reader)"
        self.session.headers["Accept"] = ACCEPT

    def get(self, url: str) -> Fetched:
        """The body of `url`, or a ReaderError naming it: every way a fetch fails is one line."""
        import requests

        if not is_url(url):
            raise ReaderError(url, "only http:// and https:// URLs are fetched")
        start = time.monotonic()
        try:
            with self.session.get(url, timeout=self.timeout, stream=True) as resp:
                if resp.status_code >= 400:
                    raise ReaderError(url, f"HTTP {resp.status_code} {resp.reason or ''}".rstrip())
                size = resp.headers.get("Content-Length")
                if size and size.isdigit() and int(size) > self.max_bytes:
                    raise ReaderError(url, self._too_big(int(size)))
                chunks, got = [], 0
                for chunk in resp.iter_content(1 << 16):
                    got += len(chunk)
                    if got > self.max_bytes:
                        raise ReaderError(url, self._too_big(got, more=True))
                    if time.monotonic() - start > self.timeout:
                        raise requests.Timeout()
                    chunks.append(chunk)
                return Fetched(resp.url, resp.headers.get("Content-Type", ""), b"".join(chunks))
        except requests.TooManyRedirects:
            raise ReaderError(url, f"more than {self.max_redirects} redirects") from None
        except (requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
            if isinstance(exc, requests.Timeout) or time.monotonic() - start >= self.timeout:
                raise ReaderError(
                    url, f"timed out: no whole answer within {self.timeout:g} s"
                ) from None
            raise ReaderError(url, f"the answer broke off: {exc}") from None
        except requests.ConnectionError as exc:
            if "timed out" in str(exc) or time.monotonic() - start >= self.timeout:
                raise ReaderError(
                    url, f"timed out: no whole answer within {self.timeout:g} s"
                ) from None
            reason = str(exc.args[0] if exc.args else exc)
            raise ReaderError(url, f"cannot connect: {reason[:200]}") from None
        except requests.RequestException as exc:
            raise ReaderError(url, f"cannot fetch: {exc}") from None

    def _too_big(self, size: int, more: bool = False) -> str:
        return (
            f"over the size cap: {'more than ' if more else ''}{size} bytes "
            f"(the cap is {self.max_bytes} bytes)"
        )

    def close(self) -> None:
        self.session.close()
