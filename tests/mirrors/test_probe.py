from __future__ import annotations

import socket
import time
from contextlib import ExitStack

import pytest

from envdoctor.mirrors import probe as probe_mod
from envdoctor.mirrors.probe import Limits, ProbeResult, Verdict, probe, rank, recommend
from tests.mirrors.servers import Behaviour, index_server


def test_ok_mirror_reports_latency_throughput_and_a_clear_user_agent() -> None:
    with index_server() as (url, b):
        [res] = probe([("local", url)], Limits(total_s=5))
    assert res.verdict is Verdict.OK
    assert res.latency_s is not None and res.latency_s < 1
    assert res.throughput_bps is not None and res.throughput_bps > 0
    assert all(ua.startswith("envdoctor/") for _p, ua, _r in b.requests)
    # Light: the index page of one project plus one ranged request, nothing else.
    assert b.requests[0][0] == "/simple/pip/"
    assert b.requests[1][2] == f"bytes=0-{probe_mod.RANGE_BYTES - 1}"
    assert len(b.requests) == 2


@pytest.mark.parametrize(
    ("status", "verdict"), [(403, Verdict.BLOCKED), (404, Verdict.MISSING), (502, Verdict.ERROR)]
)
def test_http_errors_are_classified(status: int, verdict: Verdict) -> None:
    with index_server(Behaviour(status=status)) as (url, _b):
        [res] = probe([("m", url)], Limits(total_s=5))
    assert res.verdict is verdict
    assert res.http_status == status


def test_slow_mirror_is_slow() -> None:
    with index_server(Behaviour(delay_s=0.4)) as (url, _b):
        [res] = probe([("m", url)], Limits(total_s=5, slow_latency_s=0.2))
    assert res.verdict is Verdict.SLOW


def test_hanging_mirror_times_out_within_the_budget() -> None:
    with index_server(Behaviour(hang_s=3)) as (url, _b):
        start = time.monotonic()
        [res] = probe([("m", url)], Limits(total_s=0.5))
        took = time.monotonic() - start
    assert res.verdict is Verdict.TIMEOUT
    assert took < 1.5


def test_refused_connection_is_an_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    [res] = probe([("m", f"http://127.0.0.1:{port}/simple")], Limits(total_s=2))
    assert res.verdict is Verdict.ERROR


def test_tls_error_against_a_plain_http_server() -> None:
    with index_server() as (url, _b):
        [res] = probe([("m", url.replace("http://", "https://"))], Limits(total_s=3))
    assert res.verdict is Verdict.TLS


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    [res] = probe([("m", "https://mirror.invalid/simple")], Limits(total_s=2))
    assert res.verdict is Verdict.DNS


def test_ten_delayed_mirrors_run_concurrently() -> None:
    with ExitStack() as stack:
        urls = [stack.enter_context(index_server(Behaviour(delay_s=0.5)))[0] for _ in range(10)]
        start = time.monotonic()
        results = probe([(f"m{i}", u) for i, u in enumerate(urls)], Limits(total_s=5))
        took = time.monotonic() - start
    assert all(r.verdict is Verdict.OK for r in results)
    assert took < 2.5  # serially it would take at least 5 s


def test_progress_callback_sees_every_result() -> None:
    seen: list[str] = []
    with index_server() as (a, _), index_server(Behaviour(status=404)) as (b, _):
        probe([("a", a), ("b", b)], Limits(total_s=5), on_done=lambda r: seen.append(r.name))
    assert sorted(seen) == ["a", "b"]


def test_rank_and_recommend() -> None:
    fast = ProbeResult("fast", "u", Verdict.OK, latency_s=0.05, throughput_bps=20e6)
    slow_net = ProbeResult("slownet", "u", Verdict.OK, latency_s=0.01, throughput_bps=0.5e6)
    slow = ProbeResult("slow", "u", Verdict.SLOW, latency_s=3.0)
    blocked = ProbeResult("blocked", "u", Verdict.BLOCKED, http_status=403)
    ranked = rank([blocked, slow, slow_net, fast])
    assert [r.name for r in ranked] == ["fast", "slownet", "slow", "blocked"]
    assert recommend([blocked, slow]) is slow
    assert recommend([blocked]) is None


def test_block_page_codes_are_kept_for_an_unblock_request() -> None:
    page = (
        b"<p>We have detected enormous traffic from your network</p>"
        b"<b style='color:red'>00000069</b> <b>03f94e352b481b9e33932e58504a5251</b>"
    )
    with index_server(Behaviour(status=403, error_body=page)) as (url, _b):
        [res] = probe([("m", url)], Limits(total_s=5))
    assert res.verdict is Verdict.BLOCKED
    assert res.detail == "HTTP 403 (00000069 03f94e352b481b9e33932e58504a5251)"


def test_a_server_speaking_garbage_is_an_error_not_a_crash() -> None:
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    port = srv.getsockname()[1]

    def answer() -> None:
        conn, _addr = srv.accept()
        conn.recv(1024)
        conn.sendall(b"NOT-HTTP garbage\r\n\r\n")
        conn.close()

    t = threading.Thread(target=answer, daemon=True)
    t.start()
    try:
        [res] = probe([("m", f"http://127.0.0.1:{port}/simple")], Limits(total_s=3))
    finally:
        srv.close()
    assert res.verdict is Verdict.ERROR


def test_an_unexpected_failure_in_one_mirror_keeps_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = probe_mod.probe_one

    def flaky(name: str, url: str, deadline: float, limits: Limits) -> ProbeResult:
        if name == "bad":
            raise RuntimeError("boom")
        return real(name, url, deadline, limits)

    monkeypatch.setattr(probe_mod, "probe_one", flaky)
    with index_server() as (url, _b):
        results = probe([("bad", url), ("good", url)], Limits(total_s=5))
    assert [r.verdict for r in results] == [Verdict.ERROR, Verdict.OK]
    assert results[0].detail == "RuntimeError"
