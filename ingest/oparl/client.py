"""A polite HTTP client for OParl servers: JSON pages and files.

Politeness and safety: a User-Agent naming the product, an explicit timeout (real servers
take minutes for a page), at most `per_host` requests at a time per host, only http(s),
only the hosts of the source (redirects and `next` links to other hosts are refused), and
no loopback or private addresses unless allowed (the URL may come from a user). Retries with
exponential backoff on timeouts, connection errors, 429 and 5xx, honouring `Retry-After`.
"""

import ipaddress
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

log = logging.getLogger(__name__)

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def _user_agent() -> str:
    try:
        own = version("ratsuche")
    except PackageNotFoundError:  # running from a source tree
        own = "dev"
    return f"ratsuche/{own} (OParl import; +https://oparl.org)"


class FetchError(Exception):
    """A request that failed for good (after retries); the message is the reason shown."""


@dataclass(frozen=True)
class ClientOptions:
    timeout: float = 120.0
    attempts: int = 3
    backoff: float = 5.0  # seconds before the first retry, doubled for each further one
    max_wait: float = 300.0  # cap on a server's Retry-After
    per_host: int = 1
    allow_private: bool = False
    max_file_bytes: int = 100 * 1024 * 1024
    user_agent: str = field(default_factory=_user_agent)


@dataclass
class Fetched:
    """A file response: 304 means unchanged since the validators sent."""

    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_private_host(host: str) -> bool:
    """True when the host resolves to a loopback, private, link-local or reserved address
    (or does not resolve at all: nothing to protect against, but nothing to fetch either)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified):
            return True
    return False


def retry_after(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date), capped."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return max(0.0, min(seconds, cap))


def parse_json(data: bytes) -> Any:
    """JSON from a response body, tolerating raw control characters inside strings
    (ALLRIS sends them) and bytes that are not UTF-8."""
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        value = json.loads(text, strict=False)  # still raises for what is not JSON at all
        log.warning("control characters inside JSON strings accepted")
        return value


class OparlClient:
    """HTTP for one import run; `allow_host` adds hosts of the source beyond the first."""

    _gates: ClassVar[dict[str, threading.Semaphore]] = {}
    _gates_lock = threading.Lock()

    def __init__(self, options: ClientOptions | None = None) -> None:
        self.options = options or ClientOptions()
        self.hosts: set[str] = set()
        self.requests = 0
        self._checked: dict[str, bool] = {}
        self._http = httpx.Client(
            timeout=self.options.timeout,
            headers={"User-Agent": self.options.user_agent, "Accept": "application/json"},
            follow_redirects=True,
            event_hooks={"request": [self._guard]},
        )

    def close(self) -> None:
        self._http.close()

    def allow_host(self, url: str) -> None:
        self.hosts.add(host_of(url))

    def check_url(self, url: str) -> None:
        """Raise FetchError for a URL this client must not fetch."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {url}")
        host = parts.hostname.lower()
        if self.hosts and host not in self.hosts:
            raise FetchError(f"link to another host refused: {url}")
        if not self.options.allow_private:
            if host not in self._checked:
                self._checked[host] = is_private_host(host)
            if self._checked[host]:
                raise FetchError(
                    f"{host} is a loopback or private address (allow with --allow-private)"
                )

    def _guard(self, request: httpx.Request) -> None:
        self.check_url(str(request.url))  # also for every redirect

    def _gate(self, url: str) -> threading.Semaphore:
        with self._gates_lock:
            key = host_of(url)
            if key not in self._gates:
                self._gates[key] = threading.Semaphore(self.options.per_host)
            return self._gates[key]

    def _get(self, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        """GET with retries; the last response (any status) or FetchError."""
        self.check_url(url)
        wait = self.options.backoff
        for attempt in range(1, self.options.attempts + 1):
            last = attempt == self.options.attempts
            try:
                with self._gate(url):
                    self.requests += 1
                    response = self._http.get(url, headers=headers)
            except httpx.TimeoutException as exc:
                if last:
                    raise FetchError(f"timeout after {self.options.timeout:g} s: {url}") from exc
                log.warning("timeout, retrying: %s", url)
            except FetchError:
                raise
            except httpx.HTTPError as exc:
                if last:
                    raise FetchError(f"{exc.__class__.__name__}: {exc}") from exc
                log.warning("%s, retrying: %s", exc.__class__.__name__, url)
            else:
                if response.status_code not in RETRY_STATUS or last:
                    return response
                log.warning("HTTP %d, retrying: %s", response.status_code, url)
                asked = retry_after(response.headers.get("Retry-After"), self.options.max_wait)
                if asked is not None:
                    time.sleep(asked)
                    continue
            time.sleep(wait)
            wait *= 2
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def get_json(self, url: str, filtered: bool = False) -> Any:
        """The parsed JSON at `url`. With `filtered` (a `modified_since` request), the
        errors some servers send for an empty window (404, 400) read as an empty page."""
        response = self._get(url)
        status = response.status_code
        if filtered and status in (400, 404):
            log.info("HTTP %d for a filtered list read as empty: %s", status, url)
            return {"data": [], "links": {}}
        if status != 200:
            raise FetchError(f"HTTP {status}: {url}")
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind == "text/html" or response.content.lstrip()[:1] == b"<":
            raise FetchError(f"not JSON ({kind or 'no content type'}): {url}")
        try:
            return parse_json(response.content)
        except json.JSONDecodeError as exc:
            raise FetchError(f"invalid JSON ({exc.msg}): {url}") from exc

    def get_file(self, url: str, etag: str | None = None,
                 last_modified: str | None = None) -> Fetched:
        """A file, conditionally when validators from an earlier download are given."""
        headers = {"Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._get(url, headers)
        if response.status_code not in (200, 304):
            raise FetchError(f"HTTP {response.status_code}")
        if len(response.content) > self.options.max_file_bytes:
            raise FetchError(f"larger than {self.options.max_file_bytes} bytes")
        return Fetched(
            status=response.status_code,
            content=response.content,
            content_type=response.headers.get("Content-Type", "").split(";")[0].strip(),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
