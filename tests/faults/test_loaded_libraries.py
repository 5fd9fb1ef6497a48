"""Issue 12.3 end to end: a real shared library mapped by the probe's process.

A fake CUDA torch dlopens a copy of a real system library renamed libcudnn.so.8.9.2 from
a folder on LD_LIBRARY_PATH (as /usr/local/cuda/lib64 is on many machines); the probe
must see it in /proc/self/maps, name LD_LIBRARY_PATH as the cause, and `check` must say
which export removes it.
"""

from __future__ import annotations

import ctypes.util
import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.collect.torch_probe import run_probe
from tests.faults.fakes import cuda_torch

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/maps")


def _real_library() -> Path:
    found = ctypes.util.find_library("m")
    for folder in (
        "/lib/x86_64-linux-gnu",
        "/lib/aarch64-linux-gnu",
        "/lib64",
        "/usr/lib64",
        "/lib",
    ):
        if found and (Path(folder) / found).exists():
            return (Path(folder) / found).resolve()
    pytest.skip("no libm to copy")


def _shadowing_setup(tmp_path: Path) -> tuple[dict[str, str], Path]:
    cuda = tmp_path / "cuda-12.4" / "lib64"
    cuda.mkdir(parents=True)
    shutil.copy(_real_library(), cuda / "libcudnn.so.8.9.2")
    env = cuda_torch(tmp_path, before='import ctypes; ctypes.CDLL("libcudnn.so.8.9.2")')
    env["LD_LIBRARY_PATH"] = str(cuda)
    return env, cuda


def test_probe_records_the_mapped_library_and_its_cause(tmp_path: Path) -> None:
    env, cuda = _shadowing_setup(tmp_path)
    outcome = run_probe(sys.executable, timeout=60, how_chosen="test", env=env)
    libs = outcome.torch.loaded_libraries
    assert libs is not None
    (cudnn,) = [lib for lib in libs if lib.name == "libcudnn"]
    assert cudnn.path == str(cuda / "libcudnn.so.8.9.2")
    assert cudnn.version == "8.9.2"
    assert cudnn.via == "LD_LIBRARY_PATH" and cudnn.via_dir == str(cuda)


def test_real_cpu_torch_maps_no_cuda_library() -> None:
    outcome = run_probe(sys.executable, timeout=60, how_chosen="test")
    assert outcome.torch.loaded_libraries == ()


def test_check_names_the_export_that_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, cuda = _shadowing_setup(tmp_path)
    for name in ("PYTHONPATH", "LD_LIBRARY_PATH"):
        monkeypatch.setenv(name, env[name])
    result = CliRunner().invoke(app, ["check", "--python", sys.executable, "--json"])
    assert result.exit_code == 1, result.output
    found = {f["code"]: f for f in json.loads(result.stdout)["findings"]}
    shadow = found["cuda-library-shadowed"]
    assert shadow["facts"]["path"] == str(cuda / "libcudnn.so.8.9.2")
    assert shadow["fix"].startswith("unset LD_LIBRARY_PATH")
