"""The engine client's general path, on `requests`: streams (dumps, exports, the Graph Store), https
engines and HTTP Digest. Small plain-HTTP answers take wire.py's faster path instead."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import requests

from .base import Answer, QueryTimeout, StoreUnavailable, TooLarge, failure

if TYPE_CHECKING:  # a type only: profiles builds the store, so a runtime import would be a circle
    from .profiles import Target

CHUNK = 1 << 16


class BearerAuth(requests.auth.AuthBase):
    def __init__(self, token: str):
        self.token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self.token}"
        return r

    def __repr__(self) -> str:  # never print the token
        return "BearerAuth(***)"


def authorization(target: Target) -> str | None:
    """The Authorization header a request can carry up front (Basic, Bearer); None for none or Digest,
    whose header answers a challenge and is left to requests' HTTPDigestAuth."""
    if target.token:
        return f"Bearer {target.token}"
    if target.user and target.scheme == "basic":
        pair = f"{target.user}:{target.password or ''}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


class Session:
    """One pooled `requests` session per client, carrying the engine's credentials."""

    def __init__(self, target: Target, retries: int, backoff: float = 0.25):
        self.retries, self.backoff = retries, backoff
        self.session = requests.Session()
        if target.query_url.startswith(("http://127.0.0.1:", "http://localhost:")):
            self.session.trust_env = False  # skip requests' per-call scan of proxy/netrc settings
        if target.token:
            self.session.auth = BearerAuth(target.token)
        elif target.user and target.scheme == "digest":
            self.session.auth = requests.auth.HTTPDigestAuth(target.user, target.password or "")
        elif target.user:
            self.session.auth = (target.user, target.password or "")
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def request(
        self, method: str, url: str, idempotent: bool = False, check: bool = True, **kwargs
    ) -> requests.Response:
        """One request; idempotent ones are retried with backoff while the engine is unreachable.
        With `check`, an error answer is raised as kg's exception (base.failure)."""
        attempts = 1 + (self.retries if idempotent else 0)
        for attempt in range(attempts):
            try:
                resp = self.session.request(method, url, **kwargs)
            except requests.Timeout as exc:
                raise QueryTimeout(f"the engine at {url} did not answer in time") from exc
            except requests.ConnectionError as exc:
                if attempt + 1 < attempts:
                    time.sleep(self.backoff * (2**attempt))
                    continue
                raise StoreUnavailable(
                    f"the engine at {url} does not answer: {reason(exc)}"
                ) from exc
            except requests.RequestException as exc:
                raise StoreUnavailable(f"the engine at {url} failed: {reason(exc)}") from exc
            if resp.status_code in (502, 503) and attempt + 1 < attempts:
                if "timeout" not in resp.text.lower():
                    resp.close()
                    time.sleep(self.backoff * (2**attempt))
                    continue
            break
        if check and resp.status_code >= 400:
            text = resp.text
            resp.close()
            raise failure(resp.status_code, text, url)
        return resp

    def whole(
        self,
        url: str,
        body: bytes,
        content_type: str,
        accept: str,
        deadline: float,
        max_bytes: int,
        idempotent: bool,
    ) -> Answer:
        resp = self.request(
            "POST",
            url,
            idempotent=idempotent,
            data=body,
            headers={"Content-Type": content_type, "Accept": accept},
            stream=True,
            timeout=(5, deadline),
        )
        started, parts, size = time.monotonic(), [], 0
        try:
            for chunk in checked(resp, url):
                parts.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(
                        f"the result is larger than {max_bytes} bytes; narrow the query or add a LIMIT"
                    )
                if time.monotonic() - started > deadline:
                    raise QueryTimeout(f"the query ran past {deadline:.0f} s and was abandoned")
        finally:
            resp.close()
        cut = resp.headers.get("X-SPARQL-MaxRows")
        return Answer(
            resp.status_code,
            resp.headers.get("Content-Type", "application/octet-stream"),
            b"".join(parts),
            int(cut) if cut and cut.isdigit() else None,
        )

    def close(self) -> None:
        self.session.close()


def checked(resp: requests.Response, url: str) -> Iterator[bytes]:
    """A stream that breaks off (the engine died, the connection dropped) raises instead of ending early:
    a dump is complete or clearly broken, never silently short."""
    received = 0
    try:
        for chunk in resp.iter_content(CHUNK):
            received += len(chunk)
            yield chunk
    except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ConnectionError) as exc:
        raise StoreUnavailable(
            f"the engine at {url} broke off the stream after {received:,} bytes: {reason(exc)}"
        ) from exc


def reason(exc: Exception) -> str:
    text = str(exc)
    return "connection refused" if "refused" in text.lower() else text.splitlines()[0][:200]
