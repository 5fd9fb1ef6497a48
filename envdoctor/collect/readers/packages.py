"""Package listings: `pip list`, `pip freeze`, `uv pip list`, `conda list`.

What they state: the torch version (`torch 2.1.0+cu121`, `torch==2.1.0`), and for
conda the build (`py3.10_cuda11.8_cudnn8.7.0_0` is CUDA 11.8, `py3.9_cpu_0` a CPU
build), the `pytorch-mutex ... cpu` and `cpuonly` packages (a CPU build). A plain
pip version without a local tag says nothing about the CUDA build (PyPI's Linux
wheels are CUDA builds, its Windows wheels CPU builds), so torch.cuda stays unknown.
"""

from __future__ import annotations

import re

from envdoctor.collect.readers.text import Document
from envdoctor.evidence import Observation
from envdoctor.values import cuda_of_torch_version

READER = "packages"
_VERSION = r"(?P<version>\d+\.\d+(?:\.\d+)?(?:(?:a|b|rc|\.dev|\.post)\d+)*(?:\+[\w.]+)?)"
_PIP_LIST = re.compile(r"^(?:\[[\w.]+\]\s*)?torch(?:\s*==\s*|\s+)" + _VERSION + r"(?:\s|$)")
_CONDA = re.compile(
    r"^(?:\[conda\]\s*)?(?P<pkg>pytorch|torch)\s+"
    + _VERSION
    # old conda lists name features in brackets: `py3.7_cpu_0  [cpuonly]  pytorch`
    + r"\s+(?P<build>[^\s*]+)\**(?:\s+\[[\w ,]+\])?(?:\s+(?P<channel>\S+))?\s*$"
)
# a conda match spec with its build string, in a command or prose: `pytorch=1.9.0=py3.8_cpu_0`
_SPEC = re.compile(r"(?<![\w-])pytorch==?" + _VERSION + r"=(?P<build>[\w.]+)")
_MUTEX = re.compile(r"^(?:\[conda\]\s*)?pytorch-mutex\s+\S+\s+(?P<build>cpu|cuda)\b")
_CPUONLY = re.compile(r"^(?:\[conda\]\s*)?cpuonly\s+\d")
_CONDA_CUDA = re.compile(r"cuda(?P<cuda>\d{1,2}\.\d)")
# the pytorch channel's 1.x builds: `cuda100py37h53c1284_0` is CUDA 10.0, `cuda92py36_0` 9.2
_CONDA_CUDA_OLD = re.compile(r"^cuda(?P<major>\d{1,2})(?P<minor>\d)py\d")
# conda's transaction plan: `pytorch   pytorch/win-64::pytorch-1.10.0-py3.6_cpu_0`.
_PLAN = re.compile(
    r"^(?P<pkg>pytorch|cpuonly|pytorch-mutex)\s+\S+::(?P=pkg)-(?P<version>\d[\w.]*)-"
    r"(?P<build>\S+)$"
)


def _build_cuda(build: str) -> str | None:
    """What a conda build string says about CUDA: '11.8', '' (a CPU build), None (nothing)."""
    cuda = _CONDA_CUDA.search(build)
    if cuda is not None:
        return cuda.group("cuda")
    old = _CONDA_CUDA_OLD.match(build)
    if old is not None:
        return f"{int(old.group('major'))}.{old.group('minor')}"
    return "" if "cpu" in build else None


def read_packages(doc: Document) -> list[Observation]:
    obs: list[Observation] = []

    def o(key: str, value: str, i: int) -> None:
        obs.append(Observation(key, value, doc.quote(i), READER, 2))

    for i, line in enumerate(doc.lines):
        if "::" in line:
            for key, value in _plan_line(line):
                o(key, value, i)
            continue
        if "pytorch=" in line:
            spec = _SPEC.search(line)
            if spec is not None:
                o("torch.version", spec.group("version"), i)
                cuda_of_build = _build_cuda(spec.group("build"))
                if cuda_of_build is not None:
                    o("torch.cuda", cuda_of_build, i)
                continue
        low = line[:16].lower()
        if not (low.startswith(("torch", "pytorch", "cpuonly", "[pip", "[conda", "[uv"))):
            continue
        m = _CONDA.match(line)
        if m is not None and m.group("build") not in {"pypi_0", "<pip>"}:
            o("torch.version", m.group("version"), i)
            cuda_of_build = _build_cuda(m.group("build"))
            if cuda_of_build is not None:
                o("torch.cuda", cuda_of_build, i)
            if m.group("channel") and m.group("channel") != "pypi":
                o("python.env_kind", "conda", i)
            continue
        m = _PIP_LIST.match(line)
        if m is not None:
            version = m.group("version")
            o("torch.version", version, i)
            tagged = cuda_of_torch_version(version)
            if tagged is not None:
                o("torch.cuda", tagged, i)
            continue
        m = _MUTEX.match(line)
        if m is not None and m.group("build") == "cpu":
            o("torch.cuda", "", i)
            continue
        if _CPUONLY.match(line):
            o("torch.cuda", "", i)
    return obs


def _plan_line(line: str) -> list[tuple[str, str]]:
    """What a line of a conda install plan states about the torch build."""
    m = _PLAN.match(line.strip())
    if m is None:
        return []
    build = m.group("build")
    if m.group("pkg") == "pytorch":
        out = [("torch.version", m.group("version"))]
        cuda = _build_cuda(build)
        if cuda is not None:
            out.append(("torch.cuda", cuda))
        return out
    return [("torch.cuda", "")] if m.group("pkg") == "cpuonly" or build == "cpu" else []


__all__ = ["read_packages"]
