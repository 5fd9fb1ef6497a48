"""The torch probe runs for real in a child interpreter; fakes sit at the torch boundary.

A fake `torch` package earlier on PYTHONPATH plays each failure users hit (missing
libcudnn, a shadowing ./torch folder, a segfault, a hang, a CUDA build on a too-old
driver); the CPU build of torch installed in the test environment runs for real.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from envdoctor.collect.runner import CommandResult
from envdoctor.collect.torch_probe import (
    choose_python,
    classify_import_error,
    decode_cudnn,
    interpret,
    missing_library,
    run_probe,
)
from envdoctor.snapshot import TorchState


def fake_torch(tmp_path: Path, body: str) -> dict[str, str]:
    pkg = tmp_path / "fakes" / "torch"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent(body))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tmp_path / "fakes")
    return env


def probe(
    env: dict[str, str] | None = None,
    timeout: float = 60,
    cwd: str | None = None,
    python: str = sys.executable,
):  # type: ignore[no-untyped-def]
    return run_probe(python, timeout=timeout, how_chosen="test", env=env, cwd=cwd)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (8907, "8.9.7"),
        (8500, "8.5.0"),
        (7605, "7.6.5"),
        (90100, "9.1.0"),
        (91002, "9.10.2"),
        (92600, "9.26.0"),
        (None, None),
        (0, None),
    ],
)
def test_decode_cudnn_both_encodings(raw: int | None, text: str | None) -> None:
    assert decode_cudnn(raw) == text


def test_real_cpu_torch() -> None:
    outcome = probe()
    assert outcome.python.version == ".".join(str(x) for x in sys.version_info[:3])
    assert outcome.python.executable
    assert outcome.torch.state is TorchState.OK
    import torch

    assert outcome.torch.version == torch.__version__
    assert outcome.torch.cuda == torch.version.cuda
    assert outcome.torch.cuda_available is False


def test_missing_library(tmp_path: Path) -> None:
    env = fake_torch(
        tmp_path,
        """
        raise OSError("libcudnn.so.9: cannot open shared object file: No such file or directory")
        """,
    )
    outcome = probe(env)
    assert outcome.torch.state is TorchState.BROKEN
    assert outcome.torch.error_kind == "missing-library"
    assert "libcudnn.so.9" in (outcome.torch.error or "")


def test_shadowing_torch_folder_in_cwd(tmp_path: Path) -> None:
    work = tmp_path / "pytorch-checkout"
    (work / "torch").mkdir(parents=True)
    (work / "torch" / "__init__.py").write_text("from torch._C import *\n")
    outcome = probe(dict(os.environ), cwd=str(work))
    assert outcome.torch.state is TorchState.BROKEN
    assert outcome.torch.error_kind == "shadowed-torch"
    assert "torch._C" in (outcome.torch.error or "")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_segfault_is_a_finding(tmp_path: Path) -> None:
    env = fake_torch(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    outcome = probe(env)
    assert outcome.torch.state is TorchState.CRASHED
    assert outcome.torch.error_kind == "segfault"
    assert "while importing torch" in (outcome.torch.error or "")
    assert outcome.python.version  # the stage before the crash survived


def test_hang_is_a_finding(tmp_path: Path) -> None:
    env = fake_torch(tmp_path, "import time\ntime.sleep(120)\n")
    outcome = probe(env, timeout=3)
    assert outcome.torch.state is TorchState.TIMEOUT
    assert outcome.torch.error_kind == "hang"
    assert outcome.torch.seconds is not None and outcome.torch.seconds < 30


FAKE_OLD_DRIVER = """
import warnings
__version__ = "2.4.1+cu121"
class version:
    cuda = "12.1"
    hip = None
class _Cudnn:
    @staticmethod
    def version():
        return 90100
class backends:
    cudnn = _Cudnn
class cuda:
    @staticmethod
    def is_available():
        warnings.warn("CUDA initialization: The NVIDIA driver on your system is too old (found version 11040). "
                      "Please update your GPU driver by downloading and installing a new version from the URL: "
                      "http://www.nvidia.com/Download/index.aspx")
        return False
    @staticmethod
    def device_count():
        return 0
    @staticmethod
    def get_arch_list():
        return []
    @staticmethod
    def init():
        raise RuntimeError("The NVIDIA driver on your system is too old (found version 11040).")
"""


def test_cuda_build_on_old_driver(tmp_path: Path) -> None:
    outcome = probe(fake_torch(tmp_path, FAKE_OLD_DRIVER))
    t = outcome.torch
    assert t.state is TorchState.OK
    assert t.version == "2.4.1+cu121"
    assert t.cuda == "12.1"
    assert t.cudnn == "9.1.0"
    assert t.cuda_available is False
    assert any("found version 11040" in w for w in t.cuda_warnings)
    assert "too old" in (t.cuda_error or "")


FAKE_TWO_GPUS = """
__version__ = "2.13.0+cu130"
class version:
    cuda = "13.0"
    hip = None
class _Cudnn:
    @staticmethod
    def version():
        return 92000
class backends:
    cudnn = _Cudnn
class _Props:
    def __init__(self, name, major, minor):
        self.name, self.major, self.minor, self.total_memory = name, major, minor, 24 * 1024**3
class cuda:
    @staticmethod
    def is_available():
        return True
    @staticmethod
    def device_count():
        return 2
    @staticmethod
    def get_arch_list():
        return ["sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120", "compute_120"]
    @staticmethod
    def get_device_properties(i):
        return [_Props("NVIDIA GeForce RTX 4090", 8, 9), _Props("NVIDIA GeForce RTX 3060", 8, 6)][i]
"""


def test_healthy_cuda_build(tmp_path: Path) -> None:
    t = probe(fake_torch(tmp_path, FAKE_TWO_GPUS)).torch
    assert t.state is TorchState.OK
    assert t.cuda_available is True
    assert t.device_count == 2
    assert t.arch_list is not None and "compute_120" in t.arch_list
    assert [(d.name, d.capability) for d in t.devices] == [
        ("NVIDIA GeForce RTX 4090", "8.9"),
        ("NVIDIA GeForce RTX 3060", "8.6"),
    ]
    assert t.cudnn == "9.20.0"


@pytest.mark.slow
def test_interpreter_without_torch(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    outcome = probe(python=str(python))
    assert outcome.torch.state is TorchState.MISSING
    assert outcome.python.env_kind == "venv"
    assert outcome.python.has_pip is False


def test_not_a_python(tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho hello\n")
    fake.chmod(0o755)
    outcome = probe(python=str(fake))
    assert outcome.torch.state is TorchState.NO_INTERPRETER


def test_nonexistent_interpreter(tmp_path: Path) -> None:
    outcome = probe(python=str(tmp_path / "nope" / "python"))
    assert outcome.torch.state is TorchState.NO_INTERPRETER
    assert outcome.torch.error_kind == "not-found"


def test_interpret_truncated_output_after_torch_found() -> None:
    # The interpreter was killed by SIGILL right after torch was found: an old CPU.
    out = (
        '@@ENVDOCTOR@@ {"stage": "python", "data": {"version": "3.11.7", "prefix": "/x", "base_prefix": "/x"}}\n'
        '@@ENVDOCTOR@@ {"stage": "torch-found", "data": {"distribution": "2.13.0", "origin": "/x/torch/__init__.py"}}\n'
    )
    result = CommandResult(("python",), -4, out, "Illegal instruction (core dumped)")
    outcome = interpret(result, python="python", how_chosen=None, timeout=30)
    assert outcome.torch.state is TorchState.CRASHED
    assert outcome.torch.error_kind == "illegal-instruction"
    assert outcome.torch.version == "2.13.0"


@pytest.mark.parametrize(
    ("message", "file", "kind"),
    [
        (
            "ModuleNotFoundError: No module named 'torch._C'",
            "/home/u/pytorch/torch/__init__.py",
            "shadowed-torch",
        ),
        (
            "ModuleNotFoundError: No module named 'torch._C'",
            "/v/lib/python3.11/site-packages/torch/__init__.py",
            "incomplete-install",
        ),
        (
            "ImportError: libcudnn_ops_infer.so.8: cannot open shared object file: No such file or directory",
            None,
            "missing-library",
        ),
        (
            'OSError: [WinError 126] The specified module could not be found. Error loading "c10.dll"',
            None,
            "dll-load-failed",
        ),
        (
            "ImportError: /x/libtorch_cuda.so: undefined symbol: cudaGraphDebugDotPrint, version libcudart.so.11.0",
            None,
            "undefined-symbol",
        ),
        ("ValueError: something else", None, "import-error"),
    ],
)
def test_classify_import_error(message: str, file: str | None, kind: str) -> None:
    assert classify_import_error(message, "", file) == kind


def test_missing_library_name() -> None:
    assert (
        missing_library("ImportError: libcudnn.so.8: cannot open shared object file")
        == "libcudnn.so.8"
    )


def test_choose_python_rule() -> None:
    def which(name: str) -> str | None:
        return {"python": "/usr/bin/python", "python3": "/usr/bin/python3"}.get(name)

    assert choose_python("/opt/py/bin/python", invoked_as_module=False, which=which) == (
        "/opt/py/bin/python",
        "--python",
    )
    assert choose_python(None, invoked_as_module=True, which=which) == (
        sys.executable,
        "python -m envdoctor",
    )
    assert choose_python(None, invoked_as_module=False, which=which)[0] == "/usr/bin/python"
    assert (
        choose_python(
            None,
            invoked_as_module=False,
            which=lambda n: "/usr/bin/python3" if n == "python3" else None,
        )[0]
        == "/usr/bin/python3"
    )
    assert choose_python(None, invoked_as_module=False, which=lambda n: None)[0] == sys.executable


def test_probe_python_skips_torch_and_reports_a_non_python() -> None:
    from envdoctor.collect.torch_probe import probe_python

    seen: list[dict[str, str]] = []

    def not_python(argv: object, **kw: object) -> CommandResult:
        seen.append(dict(kw["env"]))  # type: ignore[call-overload]
        return CommandResult(("nope",), 127, "", "nope: command not found")

    probed = probe_python(
        "/bin/false-python", timeout=5, invoked_as_module=False, runner=not_python
    )
    assert probed.facts is None and probed.python == "/bin/false-python"
    assert seen and seen[0]["ENVDOCTOR_PROBE_SKIP_TORCH"] == "1"


def test_probe_python_reads_this_interpreter() -> None:
    import sys

    from envdoctor.collect.torch_probe import probe_python

    probed = probe_python(sys.executable, timeout=60, invoked_as_module=False)
    assert probed.facts is not None and probed.error is None
    assert probed.facts.version is not None
    assert probed.facts.version.startswith("{}.{}".format(*sys.version_info[:2]))
