"""`--probe` with an index that needs credentials: they reach that host and no other."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.mirrors.probe import Limits, Verdict, probe, same_host, split_credentials

USER, PASSWORD = "alice", "s3cr3tT0ken"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
FILE = b"x" * (64 * 1024)

Seen = list[tuple[str, str | None]]  # (path, Authorization header)
Answer = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def server(host: str, answer: Answer) -> Iterator[tuple[str, Seen]]:
    seen: Seen = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Authorization")))
            answer(self)

    srv = ThreadingHTTPServer((host, 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://{host}:{srv.server_address[1]}", seen
    finally:
        srv.shutdown()
        srv.server_close()


def send(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    h.send_response(status)
    for k, v in headers.items():
        h.send_header(k.replace("_", "-"), v)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def other_host() -> str:
    """127.0.0.2 is another host name on Linux loopback; elsewhere use 'localhost'."""
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.2", 0))
        except OSError:
            return "localhost"
    return "127.0.0.2"


def index_page(file_url: str) -> bytes:
    return f'<html><body><a href="{file_url}">pip-99.0-py3-none-any.whl</a></body></html>'.encode()


def serve_file(h: BaseHTTPRequestHandler) -> None:
    send(h, 206, FILE, Content_Range=f"bytes 0-{len(FILE) - 1}/{len(FILE)}")


def with_credentials(base: str) -> str:
    scheme, rest = base.split("://", 1)
    return f"{scheme}://{USER}:{PASSWORD}@{rest}/simple"


def test_split_credentials_and_same_host_follow_pip_and_requests() -> None:
    assert split_credentials("https://a%40b:p%3Aw@h/simple") == (
        "https://h/simple",
        "Basic " + base64.b64encode(b"a@b:p:w").decode(),
    )
    assert split_credentials("https://tok@h/s")[1] == "Basic " + base64.b64encode(b"tok:").decode()
    assert split_credentials("https://h/s") == ("https://h/s", None)
    assert same_host("https://h/a", "https://H:443/b")
    assert same_host("http://h/a", "https://h/b")  # the upgrade to TLS keeps them
    assert not same_host("https://h/a", "http://h/b")
    assert not same_host("https://h/a", "https://h:8443/b")
    assert not same_host("https://h/a", "https://files.h/b")


def test_credentials_reach_the_index_and_its_own_files_only() -> None:
    with server(other_host(), serve_file) as (cdn, cdn_seen):

        def index(h: BaseHTTPRequestHandler) -> None:
            if h.path.startswith("/simple/"):
                send(h, 200, index_page(f"{cdn}/files/pip-99.0-py3-none-any.whl"))
            else:
                serve_file(h)

        with server("127.0.0.1", index) as (base, seen):
            [res] = probe([("corp", with_credentials(base))], Limits(total_s=5))
    assert res.verdict in {Verdict.OK, Verdict.SLOW}
    assert seen == [("/simple/pip/", BASIC)]
    assert cdn_seen == [("/files/pip-99.0-py3-none-any.whl", None)]
    assert PASSWORD not in json.dumps(res.__dict__, default=str)
    assert res.url == with_credentials(base).replace(PASSWORD, "****")


def test_a_redirect_to_another_host_drops_the_credentials() -> None:
    with server(other_host(), lambda h: send(h, 200, index_page("/files/a.whl"))) as (
        elsewhere,
        other_seen,
    ):

        def redirect(h: BaseHTTPRequestHandler) -> None:
            if h.path.startswith("/simple/"):
                send(h, 302, Location=f"{elsewhere}/simple/pip/")
            else:
                serve_file(h)

        with server("127.0.0.1", redirect) as (base, seen):
            [res] = probe([("corp", with_credentials(base))], Limits(total_s=5))
    assert seen[0] == ("/simple/pip/", BASIC)
    assert other_seen, "the redirect was followed"
    assert all(auth is None for _path, auth in other_seen)
    assert res.verdict in {Verdict.OK, Verdict.SLOW}


def test_a_redirect_on_the_same_host_keeps_them() -> None:
    def answer(h: BaseHTTPRequestHandler) -> None:
        if h.path == "/simple/pip/":
            send(h, 301, Location="/moved/pip/")
        elif h.path == "/moved/pip/":
            send(h, 200, index_page("/files/pip-99.0-py3-none-any.whl"))
        else:
            serve_file(h)

    with server("127.0.0.1", answer) as (base, seen):
        probe([("corp", with_credentials(base))], Limits(total_s=5))
    assert seen[:3] == [
        ("/simple/pip/", BASIC),
        ("/moved/pip/", BASIC),
        ("/files/pip-99.0-py3-none-any.whl", BASIC),
    ]


@pytest.mark.parametrize(("status", "creds"), [(401, False), (401, True), (403, True)])
def test_401_and_refused_credentials_need_credentials(status: int, creds: bool) -> None:
    def refuse(h: BaseHTTPRequestHandler) -> None:
        # A server that echoes what it was sent: none of it may reach the result.
        echo = f"bad credentials {h.headers.get('Authorization')} {PASSWORD}".encode()
        send(h, status, echo, WWW_Authenticate='Basic realm="corp"')

    with server("127.0.0.1", refuse) as (base, _seen):
        url = with_credentials(base) if creds else f"{base}/simple"
        [res] = probe([("corp", url)], Limits(total_s=5))
    assert res.verdict is Verdict.AUTH
    assert res.http_status == status
    assert res.detail == f"HTTP {status}"
    assert PASSWORD not in repr(res) and BASIC.split()[1] not in repr(res)


def test_a_403_without_credentials_is_still_a_block() -> None:
    with server("127.0.0.1", lambda h: send(h, 403, b"blocked")) as (base, _seen):
        [res] = probe([("m", f"{base}/simple")], Limits(total_s=5))
    assert res.verdict is Verdict.BLOCKED


def test_cli_probe_says_needs_credentials_and_echoes_nothing() -> None:
    with server("127.0.0.1", lambda h: send(h, 401, PASSWORD.encode())) as (base, _seen):
        url = with_credentials(base)
        human = CliRunner().invoke(app, ["mirrors", "--probe", "--mirror", url, "--timeout", "5"])
        doc = CliRunner().invoke(
            app, ["mirrors", "--probe", "--mirror", url, "--timeout", "5", "--json"]
        )
    assert "needs credentials" in human.stdout
    assert json.loads(doc.stdout)["results"][0]["verdict"] == "needs-credentials"
    for out in (human.output, doc.output):
        assert PASSWORD not in out and BASIC.split()[1] not in out
