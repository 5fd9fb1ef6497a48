"""Fake torch packages and fake `nvidia-smi` programs that play the faults users meet."""

from __future__ import annotations

import os
import stat
import sys
import textwrap
from pathlib import Path

# A CUDA build of torch that reports a GPU-less machine: enough for the probe to fill every
# stage. `{before}` runs at the top of the import (the junk printers go there).
CUDA_TORCH = """
import os, sys
{before}
__version__ = "2.13.0+cu130"
class version:
    cuda = "13.0"
    hip = None
class backends:
    class cudnn:
        @staticmethod
        def version():
            return 91002
class cuda:
    @staticmethod
    def is_available():
        {in_cuda}
        return False
    @staticmethod
    def device_count():
        return 0
    @staticmethod
    def get_arch_list():
        return ["sm_80", "sm_90"]
    @staticmethod
    def init():
        raise RuntimeError("Found no NVIDIA driver on your system.")
"""


def fake_torch(root: Path, body: str) -> dict[str, str]:
    """Install `body` as torch/__init__.py under root; the environment that finds it first."""
    pkg = root / "fakes" / "torch"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text(textwrap.dedent(body))
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root / "fakes")
    return env


def cuda_torch(root: Path, *, before: str = "", in_cuda: str = "pass") -> dict[str, str]:
    return fake_torch(root, CUDA_TORCH.format(before=before, in_cuda=in_cuda))


def fake_program(
    folder: Path, name: str, *, stdout: str = "", stderr: str = "", code: int = 0
) -> Path:
    """A program `name` in `folder` that prints fixed text and exits with `code`."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"sys.stdout.write({stdout!r})\n"
        f"sys.stderr.write({stderr!r})\n"
        f"sys.exit({code})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


__all__ = ["CUDA_TORCH", "cuda_torch", "fake_program", "fake_torch"]
