"""`--probe`: measure mirrors, lightly and all at once.

Per mirror: one GET of the simple-index page of a small, always-present project (pip)
for latency and status, then one ranged GET of the first 256 KiB of a file that page
links to, for throughput. Never a large download: mirrors block clients that pull
big files (TUNA's 403s). Every mirror runs in its own thread and the whole probe has
one deadline, so ten mirrors take about as long as the slowest one, not the sum.

An index URL with credentials (`https://alice:secret@pypi.corp.example.com/simple`) is
probed the way pip and requests use it: the user-info becomes an `Authorization: Basic`
header, sent only to that URL's own host (scheme, host and port; http -> https on the
default ports counts as the same host, as in requests). A redirect to another host, or a
file link on another host, gets no credentials. A 401, or a 403 to a request that carried
credentials, is reported as "needs credentials"; results never hold the credentials.
"""

from __future__ import annotations

import base64
import concurrent.futures as cf
import enum
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from envdoctor import __version__
from envdoctor.redact import redact_text, redact_url

USER_AGENT = f"envdoctor/{__version__} (mirror probe: one index page + 256 KiB range per mirror)"
PROBE_PROJECT = "pip"
RANGE_BYTES = 256 * 1024
INDEX_READ_LIMIT = 4 * 1024 * 1024


# How one mirror answered a probe (slow, blocked, tls-error...): a per-mirror fact in
# the result, not its status; the command's outcome is whether any mirror is usable.
class Verdict(str, enum.Enum):
    OK = "ok"
    SLOW = "slow"
    BLOCKED = "blocked"  # 403
    AUTH = "needs-credentials"  # 401, or a 403 to a request that carried credentials
    MISSING = "missing"  # 404
    TIMEOUT = "timeout"
    TLS = "tls-error"
    DNS = "dns-failure"
    ERROR = "error"  # refused, reset, other HTTP status


@dataclass(frozen=True)
class ProbeResult:
    name: str
    url: str
    verdict: Verdict
    latency_s: float | None = None  # time to the first byte of the index page
    throughput_bps: float | None = None  # bytes per second of the ranged download
    http_status: int | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Limits:
    total_s: float = 6.0  # the whole probe, all mirrors together
    slow_latency_s: float = 2.0
    slow_throughput_bps: float = 200 * 1024


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for key, value in attrs:
                if key == "href" and value:
                    self.hrefs.append(value)


def _pick_file(page: str, base: str) -> str | None:
    parser = _Links()
    parser.feed(page)
    for href in reversed(parser.hrefs):  # newest files are listed last
        path = href.split("#", 1)[0]
        if re.search(r"\.(whl|tar\.gz|zip)$", path):
            return urljoin(base, path)
    return None


def _block_detail(exc: urllib.error.HTTPError) -> str:
    """'HTTP 403', plus the status code and request id a block page shows (TUNA prints
    e.g. `00000069` and a 32-digit id, which the user needs to ask for an unblock)."""
    try:
        body = exc.read(16384).decode("utf-8", "replace")
    except (OSError, ValueError):
        return "HTTP 403"
    code = re.search(r"(?<![0-9a-fA-F])0000[0-9a-fA-F]{4}(?![0-9a-fA-F])", body)
    request = re.search(r"(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])", body)
    parts = [p.group(0) for p in (code, request) if p is not None]
    return f"HTTP 403 ({' '.join(parts)})" if parts else "HTTP 403"


def _classify_error(exc: BaseException, *, authed: bool = False) -> tuple[Verdict, int | None, str]:
    if isinstance(exc, urllib.error.HTTPError):
        code = exc.code
        if code == 401 or (code == 403 and authed):
            # Never the body or the headers: a server may echo what it was sent.
            return Verdict.AUTH, code, f"HTTP {code}"
        if code == 403:
            return Verdict.BLOCKED, code, _block_detail(exc)
        if code == 404:
            return Verdict.MISSING, code, "HTTP 404"
        return Verdict.ERROR, code, f"HTTP {code}"
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return Verdict.TIMEOUT, None, "timeout"
    if isinstance(reason, socket.gaierror):
        return Verdict.DNS, None, redact_text(str(reason))
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return Verdict.TLS, None, redact_text(str(reason))
    return Verdict.ERROR, None, redact_text(str(reason))


def split_credentials(url: str) -> tuple[str, str | None]:
    """(the URL without user-info, the `Authorization` header its user-info stands for).

    pip's reading: `user:password@` is Basic auth; a lone `token@` is a user name with an
    empty password. Both are percent-decoded first, as pip does.
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _at, hostport = parts.netloc.rpartition("@")
    user, _colon, password = userinfo.partition(":")
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
    bare = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    return bare, f"Basic {token}"


_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_host(old: str, new: str) -> bool:
    """May credentials for `old` go to `new`? requests' rule (`should_strip_auth`)."""
    a, b = urlsplit(old), urlsplit(new)
    if (a.hostname or "").lower() != (b.hostname or "").lower():
        return False
    port_a = a.port or _DEFAULT_PORTS.get(a.scheme)
    port_b = b.port or _DEFAULT_PORTS.get(b.scheme)
    if (a.scheme, port_a, b.scheme, port_b) == ("http", 80, "https", 443):
        return True  # the usual upgrade to TLS
    return a.scheme == b.scheme and port_a == port_b


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects; the credentials (an unredirected header) follow only to the same host."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]
        auth = req.unredirected_hdrs.get("Authorization")
        if new is not None and auth is not None and same_host(req.full_url, new.full_url):
            new.add_unredirected_header("Authorization", auth)
        return new


_OPENER = urllib.request.build_opener(_Redirects)


def _get(
    url: str,
    timeout: float,
    headers: dict[str, str] | None = None,
    limit: int = INDEX_READ_LIMIT,
    auth: str | None = None,
) -> tuple[int, bytes, float, float]:
    """(status, body, seconds to first byte, seconds for the whole body)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(redact_url(url))
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})  # noqa: S310 - http(s) checked above
    if auth is not None:
        # Unredirected: urllib would otherwise copy it to any host a redirect names.
        req.add_unredirected_header("Authorization", auth)
    start = time.perf_counter()
    with _OPENER.open(req, timeout=timeout) as resp:
        first = time.perf_counter() - start
        body = resp.read(limit)
        total = time.perf_counter() - start
        return int(resp.status), body, first, total


def probe_one(name: str, index_url: str, deadline: float, limits: Limits) -> ProbeResult:
    bare, auth = split_credentials(index_url)
    # What the result says, never the credentials (a URL given as --mirror is also its name).
    shown, name = redact_url(index_url), redact_text(name)
    page_url = bare.rstrip("/") + f"/{PROBE_PROJECT}/"

    def left() -> float:
        return deadline - time.monotonic()

    try:
        if left() <= 0:
            return ProbeResult(name, shown, Verdict.TIMEOUT, detail="timeout")
        status, body, latency, _total = _get(page_url, left(), auth=auth)
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        verdict, code, detail = _classify_error(exc, authed=auth is not None)
        return ProbeResult(name, shown, verdict, http_status=code, detail=detail)
    throughput: float | None = None
    file_url = _pick_file(body.decode("utf-8", "replace"), page_url)
    if file_url is not None and left() > 0:
        try:
            # Files often live on another host (a CDN): credentials go only to the index's own.
            _s, chunk, first, total = _get(
                file_url,
                left(),
                {"Range": f"bytes=0-{RANGE_BYTES - 1}"},
                RANGE_BYTES,
                auth=auth if same_host(page_url, file_url) else None,
            )
            transfer = max(total - first, 1e-6)
            if len(chunk) >= 16 * 1024:
                throughput = len(chunk) / transfer
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException):
            throughput = None  # the index answered; a failed sample download is not fatal
    slow = latency > limits.slow_latency_s or (
        throughput is not None and throughput < limits.slow_throughput_bps
    )
    return ProbeResult(
        name,
        shown,
        Verdict.SLOW if slow else Verdict.OK,
        latency_s=latency,
        throughput_bps=throughput,
        http_status=status,
    )


def probe(
    targets: Sequence[tuple[str, str]],
    limits: Limits | None = None,
    on_done: Callable[[ProbeResult], None] | None = None,
) -> list[ProbeResult]:
    """Probe (name, index URL) pairs concurrently; returns results in input order."""
    lim = limits if limits is not None else Limits()
    deadline = time.monotonic() + lim.total_s
    results: dict[int, ProbeResult] = {}  # filled by this thread only
    pool = cf.ThreadPoolExecutor(
        max_workers=max(1, min(32, len(targets))), thread_name_prefix="probe"
    )
    try:
        futures = {
            pool.submit(probe_one, n, u, deadline, lim): i for i, (n, u) in enumerate(targets)
        }
        try:
            for fut in cf.as_completed(
                futures, timeout=max(0.0, deadline - time.monotonic()) + 0.5
            ):
                i = futures[fut]
                try:
                    res = fut.result()
                except Exception as exc:  # noqa: BLE001 - one odd mirror must not hide the others
                    name, url = targets[i]
                    res = ProbeResult(
                        redact_text(name), redact_url(url), Verdict.ERROR, detail=type(exc).__name__
                    )
                results[i] = res
                if on_done is not None:
                    on_done(res)
        except cf.TimeoutError:
            pass
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    out = []
    for i, (name, url) in enumerate(targets):
        res = results.get(i) or ProbeResult(
            redact_text(name), redact_url(url), Verdict.TIMEOUT, detail="timeout"
        )
        out.append(res)
    return out


_ORDER = {Verdict.OK: 0, Verdict.SLOW: 1}


def score(r: ProbeResult) -> float:
    """Estimated seconds to fetch a 10 MB wheel: latency plus transfer time."""
    latency = r.latency_s if r.latency_s is not None else 10.0
    rate = r.throughput_bps if r.throughput_bps else 1024 * 1024
    return latency + 10 * 1024 * 1024 / rate


def rank(results: Sequence[ProbeResult]) -> list[ProbeResult]:
    """Working mirrors first, fastest first; failures after, in input order."""
    return sorted(
        results, key=lambda r: (_ORDER.get(r.verdict, 2), score(r) if r.verdict in _ORDER else 0.0)
    )


def recommend(results: Sequence[ProbeResult]) -> ProbeResult | None:
    ranked = rank(results)
    return ranked[0] if ranked and ranked[0].verdict in _ORDER else None


__all__ = [
    "PROBE_PROJECT",
    "RANGE_BYTES",
    "USER_AGENT",
    "Limits",
    "ProbeResult",
    "Verdict",
    "probe",
    "probe_one",
    "rank",
    "recommend",
    "same_host",
    "score",
    "split_credentials",
]
