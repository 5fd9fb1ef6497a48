"""Small HTTP servers on 127.0.0.1 that play a package mirror (used by tests and benchmarks).

`IndexServer` serves a PEP 503 simple index: `/simple/` lists projects, `/simple/<name>/`
links to files, `/files/<name>` serves them with Range support. `behaviour` makes it
slow, make it answer 403/404, or hang.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Behaviour:
    delay_s: float = 0.0  # before answering the index page
    status: int = 200  # for every request
    hang_s: float = 0.0  # sleep this long before answering anything
    files: dict[str, bytes] = field(default_factory=dict)  # file name -> content
    error_body: bytes = b"<h1>nope</h1>"  # what a non-200 status answers with
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # (path, user-agent, range)


def _project_of(filename: str) -> str:
    return filename.split("-", 1)[0].replace("_", "-").lower()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        b = self.server.behaviour
        b.requests.append(
            (self.path, self.headers.get("User-Agent", ""), self.headers.get("Range", ""))
        )
        if b.hang_s:
            time.sleep(b.hang_s)
        if b.status != 200:
            self._send(b.status, b.error_body, "text/html")
            return
        path = self.path.split("?", 1)[0]
        if path.startswith("/simple"):
            if b.delay_s:
                time.sleep(b.delay_s)
            parts = [p for p in path.split("/") if p]
            if len(parts) == 1:
                names = sorted({_project_of(f) for f in b.files})
                body = "".join(f'<a href="/simple/{n}/">{n}</a>\n' for n in names)
                self._send(200, f"<html><body>{body}</body></html>".encode(), "text/html")
                return
            project = parts[1].lower()
            links = [f for f in sorted(b.files) if _project_of(f) == project]
            if not links:
                self._send(404, b"not found", "text/plain")
                return
            body = "".join(
                f'<a href="/files/{html.escape(f)}">{html.escape(f)}</a>\n' for f in links
            )
            self._send(200, f"<html><body>{body}</body></html>".encode(), "text/html")
            return
        if path.startswith("/files/"):
            name = path[len("/files/") :]
            data = b.files.get(name)
            if data is None:
                self._send(404, b"not found", "text/plain")
                return
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes=") and "," not in rng:
                start_s, _, end_s = rng[6:].partition("-")
                if start_s:
                    start, end = int(start_s), min(int(end_s or len(data) - 1), len(data) - 1)
                else:  # suffix range: the last N bytes
                    start, end = max(0, len(data) - int(end_s)), len(data) - 1
                chunk = data[start : end + 1]
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
                self.send_header("Content-Length", str(len(chunk)))
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(chunk)
                return
            self._send(200, data, "application/octet-stream")
            return
        self._send(404, b"not found", "text/plain")

    do_HEAD = do_GET

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    behaviour: Behaviour


@contextmanager
def index_server(behaviour: Behaviour | None = None) -> Iterator[tuple[str, Behaviour]]:
    """Yield (simple-index URL, behaviour) for a server running on 127.0.0.1."""
    b = behaviour if behaviour is not None else Behaviour()
    if not b.files:
        b.files = {"pip-99.0-py3-none-any.whl": bytes(range(256)) * 2048}  # 512 KiB
    server = _Server(("127.0.0.1", 0), _Handler)
    server.behaviour = b
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/simple", b
    finally:
        server.shutdown()
        server.server_close()


def build_wheel(folder: Path, name: str = "envdoctor_probe_pkg", version: str = "1.0") -> Path:
    """A minimal valid pure-Python wheel, written by hand (no build backend needed)."""
    import base64
    import hashlib
    import zipfile

    dist = f"{name}-{version}"
    files = {
        f"{name}/__init__.py": b"VALUE = 42\n",
        f"{dist}.dist-info/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
        ),
        f"{dist}.dist-info/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: envdoctor-tests\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n"
        ),
    }
    record_lines = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record_lines.append(f"{path},sha256={digest},{len(data)}")
    record_lines.append(f"{dist}.dist-info/RECORD,,")
    files[f"{dist}.dist-info/RECORD"] = ("\n".join(record_lines) + "\n").encode()
    wheel = folder / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for path, data in files.items():
            zf.writestr(path, data)
    return wheel


__all__ = ["Behaviour", "build_wheel", "index_server"]
