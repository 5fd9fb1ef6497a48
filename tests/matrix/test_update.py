"""`envdoctor matrix update` against a fake package index served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.errors import DataError, EnvdoctorError
from envdoctor.exitcodes import ExitCode
from envdoctor.matrix import default_path, load_matrix
from envdoctor.matrix.update import api_root, apply_update, pins, plan_update, pythons_of

TODAY = dt.date(2026, 12, 1)
LINUX = 'platform_system == "Linux" and platform_machine == "x86_64"'


def _wheel(version: str, tag: str, plat: str, base: str) -> dict[str, Any]:
    name = f"torch-{version}-{tag}-{tag}-{plat}.whl"
    return {
        "filename": name,
        "url": f"{base}/files/{name}",
        "upload_time_iso_8601": "2026-11-30T12:00:00Z",
        "yanked": False,
    }


METADATA_216 = f"""Metadata-Version: 2.4
Name: torch
Version: 2.16.0
Requires-Python: >=3.11
Requires-Dist: filelock
Requires-Dist: cuda-toolkit[cublas,cudart,cufft]==13.2.2; {LINUX}
Requires-Dist: nvidia-cudnn-cu13==9.30.0.1; {LINUX}
Requires-Dist: cuda-bindings==13.2.0; platform_system == "Linux"
"""

METADATA_217 = f"""Metadata-Version: 2.4
Name: torch
Version: 2.17.0
Requires-Python: >=3.11
Requires-Dist: cuda-toolkit[cudart]==13.6.0; {LINUX}
Requires-Dist: nvidia-cudnn-cu13==9.40.0.2; {LINUX}
"""


class FakeIndex:
    def __init__(self) -> None:
        self.routes: dict[str, bytes] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = routes.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _serve_torch(index: FakeIndex, releases: dict[str, list[dict[str, Any]]]) -> None:
    index.routes["/pypi/torch/json"] = json.dumps(
        {"info": {"name": "torch"}, "releases": releases}
    ).encode()


@pytest.fixture
def index() -> Iterator[FakeIndex]:
    idx = FakeIndex()
    base = idx.url
    releases: dict[str, list[dict[str, Any]]] = {}
    # what the matrix already has
    for v in ("2.14.0", "2.14.1", "2.15.0"):
        releases[v] = [_wheel(v, "cp311", "manylinux_2_28_x86_64", base)]
    # a new patch of a known release (JSON API metadata only, no .metadata file)
    releases["2.15.1"] = [
        _wheel("2.15.1", t, "manylinux_2_28_x86_64", base)
        for t in ("cp311", "cp312", "cp313", "cp314")
    ]
    idx.routes["/pypi/torch/2.15.1/json"] = json.dumps(
        {
            "info": {
                "requires_python": ">=3.11",
                "requires_dist": [f"cuda-toolkit[cudart]==13.2.2; {LINUX}"],
            }
        }
    ).encode()
    # a new release series with a PEP 658 .metadata file
    files = [
        _wheel("2.16.0", t, "manylinux_2_28_x86_64", base)
        for t in ("cp311", "cp312", "cp313", "cp314", "cp315")
    ]
    files.append(_wheel("2.16.0", "cp311", "win_amd64", base))
    releases["2.16.0"] = files
    idx.routes[f"/files/{files[0]['filename']}.metadata"] = METADATA_216.encode()
    # pre-releases and fully yanked versions are ignored
    releases["2.17.0rc1"] = [_wheel("2.17.0rc1", "cp311", "manylinux_2_28_x86_64", base)]
    yanked = _wheel("2.13.1", "cp311", "manylinux_2_28_x86_64", base)
    yanked["yanked"] = True
    releases["2.13.1"] = [yanked]
    _serve_torch(idx, releases)
    yield idx
    idx.close()


@pytest.fixture
def matrix_copy(tmp_path: Path) -> Path:
    path = tmp_path / "compat_matrix.json"
    shutil.copyfile(default_path(), path)
    return path


def test_plan_finds_new_versions_and_reads_metadata(index: FakeIndex, matrix_copy: Path) -> None:
    before = matrix_copy.read_text(encoding="utf-8")
    plan = plan_update(matrix_copy, index_url=index.url, timeout=5, today=TODAY)
    assert matrix_copy.read_text(encoding="utf-8") == before  # nothing written yet
    joined = "\n".join(plan.changes)
    assert "torch 2.15: add version 2.15.1" in joined
    assert (
        "torch 2.16: new release 2.16.0; Python >=3.11,<3.16; Linux default cu132 (cuDNN 9.30.0.1)"
        in joined
    )
    assert "2.15.0 -> 2.16.0" in joined
    assert "2.17.0rc1" not in joined and "2.13.1" not in joined
    assert plan.diff.startswith("---")
    assert '"2.15.1"' in plan.diff
    # the PEP 658 file was used for 2.16.0, the JSON API for 2.15.1
    assert any(h.endswith(".metadata") and "2.16.0" in h for h in index.hits)
    assert "/pypi/torch/2.15.1/json" in index.hits
    assert "/pypi/torch/2.16.0/json" not in index.hits


def test_apply_writes_a_valid_matrix_atomically(index: FakeIndex, matrix_copy: Path) -> None:
    plan = plan_update(matrix_copy, index_url=index.url, timeout=5, today=TODAY)
    apply_update(plan)
    m = load_matrix(matrix_copy)
    rel = m.release("2.16")
    assert rel is not None
    assert rel.versions == ("2.16.0",)
    assert rel.default_variant["linux-x86_64"] == "cu132"
    var = rel.variant("cu132")
    assert var is not None and var.cudnn == "9.30.0.1"
    assert var.sass is None  # arch list unknown until a person fills it in
    assert m.release("2.15").versions[-1] == "2.15.1"  # type: ignore[union-attr]
    assert m.newest_torch_on_index == "2.16.0"
    assert m.data_version == "2026.12.01"
    assert "INDEX_METADATA_2026_12_01" in m.sources
    assert not list(matrix_copy.parent.glob(".compat_matrix.*"))  # no temp file left
    # a second run finds nothing new
    again = plan_update(matrix_copy, index_url=index.url, timeout=5, today=TODAY)
    assert again.changes == ()


def test_new_cuda_gets_an_unknown_driver_row(index: FakeIndex, matrix_copy: Path) -> None:
    data = json.loads(index.routes["/pypi/torch/json"])
    f = _wheel("2.17.0", "cp312", "manylinux_2_28_x86_64", index.url)
    data["releases"]["2.17.0"] = [f]
    index.routes["/pypi/torch/json"] = json.dumps(data).encode()
    index.routes[f"/files/{f['filename']}.metadata"] = METADATA_217.encode()
    plan = plan_update(matrix_copy, index_url=index.url, timeout=5, today=TODAY)
    assert any("CUDA 13.6 has no driver row" in w for w in plan.warnings)
    apply_update(plan)
    m = load_matrix(matrix_copy)
    row = next(t for t in m.cuda.toolkits if t.cuda == "13.6")
    assert row.min_driver.linux is None and row.confidence == "unknown"


def test_apply_refuses_when_the_file_changed(index: FakeIndex, matrix_copy: Path) -> None:
    plan = plan_update(matrix_copy, index_url=index.url, timeout=5, today=TODAY)
    matrix_copy.write_text(matrix_copy.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(EnvdoctorError, match="changed while") as caught:
        apply_update(plan)
    # Another process changed the file: the environment's doing, not envdoctor's (exit 1).
    assert not isinstance(caught.value, DataError)
    assert caught.value.exit_code is ExitCode.PROBLEMS


def test_apply_cannot_write_is_a_problem_not_exit_3(
    index: FakeIndex, matrix_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from envdoctor import fsio

    plan = plan_update(matrix_copy, index_url=index.url, timeout=5, today=TODAY)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise fsio.ConfigFileError("permission denied")

    monkeypatch.setattr(fsio, "atomic_write", refuse)
    with pytest.raises(EnvdoctorError, match="cannot write the compatibility matrix") as caught:
        apply_update(plan)
    assert caught.value.exit_code is ExitCode.PROBLEMS


def test_unreachable_index_is_one_error(matrix_copy: Path) -> None:
    idx = FakeIndex()
    url = idx.url
    idx.close()
    with pytest.raises(EnvdoctorError, match="cannot reach the package index"):
        plan_update(matrix_copy, index_url=url, timeout=2, today=TODAY)


def test_index_without_torch_is_one_error(matrix_copy: Path) -> None:
    idx = FakeIndex()
    try:
        with pytest.raises(EnvdoctorError, match="has no"):
            plan_update(matrix_copy, index_url=idx.url, timeout=2, today=TODAY)
    finally:
        idx.close()


def test_cli_without_yes_writes_nothing(index: FakeIndex, matrix_copy: Path) -> None:
    before = matrix_copy.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "matrix",
            "update",
            "--index-url",
            index.url,
            "--file",
            str(matrix_copy),
            "--timeout",
            "5",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "+++" in result.stdout  # the diff
    assert "--yes" in result.stderr
    assert matrix_copy.read_text(encoding="utf-8") == before


def test_cli_confirm_no_and_yes(
    index: FakeIndex, matrix_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import envdoctor.cli.matrix as cli_matrix

    monkeypatch.setattr(cli_matrix, "_interactive", lambda: True)
    before = matrix_copy.read_text(encoding="utf-8")
    args = [
        "matrix",
        "update",
        "--index-url",
        index.url,
        "--file",
        str(matrix_copy),
        "--timeout",
        "5",
    ]
    result = CliRunner().invoke(app, args, input="n\n")
    assert result.exit_code == 1
    assert matrix_copy.read_text(encoding="utf-8") == before
    result = CliRunner().invoke(app, args, input="y\n")
    assert result.exit_code == 0, result.output
    assert load_matrix(matrix_copy).release("2.16") is not None


def test_cli_yes_writes_and_second_run_is_up_to_date(index: FakeIndex, matrix_copy: Path) -> None:
    args = [
        "matrix",
        "update",
        "--index-url",
        index.url + "/simple/",
        "--file",
        str(matrix_copy),
        "--timeout",
        "5",
    ]
    assert CliRunner().invoke(app, [*args, "--yes"]).exit_code == 0
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert "already knows" in result.stderr


def test_cli_unreachable_index_is_a_problem_not_exit_3(matrix_copy: Path) -> None:
    """An index that cannot be reached is the environment: fail, exit 1, one line."""
    idx = FakeIndex()
    url = idx.url
    idx.close()
    args = ["matrix", "update", "--index-url", url, "--file", str(matrix_copy), "--timeout", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "cannot reach" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["status"] == "fail" and doc["exit_code"] == 1
    assert doc["command"] == "matrix update"
    assert "cannot reach" in doc["error"]["message"]


def test_cli_index_answering_an_error_is_a_problem(matrix_copy: Path) -> None:
    idx = FakeIndex()  # serves nothing: torch's JSON is a 404
    try:
        result = CliRunner().invoke(
            app, ["matrix", "update", "--index-url", idx.url, "--file", str(matrix_copy)]
        )
    finally:
        idx.close()
    assert result.exit_code == 1
    assert "has no" in result.stderr


@pytest.mark.parametrize("content", [None, "{", b"\xff\xfe{", '{"schema": "x/1"}'])
def test_cli_unreadable_file_is_bad_input(tmp_path: Path, content: str | bytes | None) -> None:
    """A --file the user names that is missing or not a matrix: exit 2, never 3."""
    path = tmp_path / "m.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(
        app, ["matrix", "update", "--file", str(path), "--index-url", "http://127.0.0.1:9"]
    )
    assert result.exit_code == 2, result.output
    assert str(path) in result.stderr and "Traceback" not in result.output


def test_broken_bundled_matrix_still_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """envdoctor's own matrix (no --file) that is broken: envdoctor cannot run."""
    broken = tmp_path / "compat_matrix.json"
    broken.write_text("{", encoding="utf-8")
    monkeypatch.setenv("ENVDOCTOR_MATRIX", str(broken))
    result = CliRunner().invoke(app, ["matrix", "update", "--index-url", "http://127.0.0.1:9"])
    assert result.exit_code == 3
    assert "not valid JSON" in result.stderr


def test_pins_follow_linux_markers() -> None:
    reqs = [
        f"nvidia-cuda-runtime-cu12==12.8.90; {LINUX}",
        f"nvidia-cudnn-cu12==9.10.2.21; {LINUX}",
        'nvidia-cuda-runtime-cu11==11.7.99; platform_system == "Windows"',
        "typing-extensions>=4.10",
    ]
    assert pins(reqs) == ("12.8", "nvidia-cuda-runtime-cu12==12.8.90", "9.10.2.21")
    assert pins(["typing-extensions"]) == (None, None, None)


def test_pythons_of_wheel_names() -> None:
    files = [
        {"filename": "torch-2.9.0-cp310-cp310-manylinux_2_28_x86_64.whl"},
        {"filename": "torch-2.9.0-cp314-cp314t-manylinux_2_28_x86_64.whl"},
        {"filename": "torch-2.9.0.tar.gz"},
        {"filename": "not a wheel.whl"},
    ]
    assert pythons_of(files) == ("3.10", "3.14")


@pytest.mark.parametrize(
    "url",
    ["https://pypi.org", "https://pypi.org/", "https://pypi.org/simple/", "https://pypi.org/pypi"],
)
def test_api_root(url: str) -> None:
    assert api_root(url) == "https://pypi.org"
