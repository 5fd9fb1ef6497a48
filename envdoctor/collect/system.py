"""Operating system, WSL, container and CUDA toolkit facts (cheap, no judgement)."""

from __future__ import annotations

import os
import platform
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from envdoctor.collect.runner import CommandResult, run
from envdoctor.redact import this_machine
from envdoctor.snapshot import SystemFacts, ToolkitFacts
from envdoctor.values import NVCC_RELEASE, wsl_of_kernel


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def os_release(root: Path = Path("/")) -> str | None:
    text = _read(root / "etc/os-release") or _read(root / "usr/lib/os-release")
    if not text:
        return None
    fields = {
        k: v.strip().strip('"')
        for k, _, v in (line.partition("=") for line in text.splitlines())
        if k
    }
    return fields.get("PRETTY_NAME") or fields.get("NAME")


def wsl_version(kernel: str | None, root: Path = Path("/")) -> int | None:
    """2 for WSL2, 1 for WSL1, None when not WSL. WSL1 kernels say 'Microsoft', WSL2 'microsoft-standard'."""
    return wsl_of_kernel((kernel or "") + " " + (_read(root / "proc/version") or ""))


def container_kind(environ: Mapping[str, str], root: Path = Path("/")) -> str | None:
    if environ.get("KUBERNETES_SERVICE_HOST"):
        return "kubernetes"
    if (root / ".dockerenv").exists():
        return "docker"
    if (root / "run/.containerenv").exists():
        return "podman"
    cgroup = _read(root / "proc/1/cgroup") or ""
    for marker in ("kubepods", "docker", "containerd", "lxc", "libpod"):
        if marker in cgroup:
            return {"kubepods": "kubernetes", "libpod": "podman"}.get(marker, marker)
    if environ.get("container"):
        return environ["container"]
    return None


def read_system(environ: Mapping[str, str] | None = None, root: Path = Path("/")) -> SystemFacts:
    env = os.environ if environ is None else environ
    system = platform.system() or None
    kernel = platform.release() or None
    me = this_machine()
    return SystemFacts(
        os=system,
        os_release=os_release(root)
        if system == "Linux"
        else (f"{system} {platform.version()}" if system else None),
        kernel=kernel,
        machine=platform.machine() or None,
        wsl=wsl_version(kernel, root) if system == "Linux" else None,
        container=container_kind(env, root) if system == "Linux" else None,
        hostname=me.host,
        user=me.user,
        home=me.home,
    )


def read_toolkit(
    *,
    timeout: float = 5.0,
    runner: Callable[..., CommandResult] = run,
    environ: Mapping[str, str] | None = None,
) -> ToolkitFacts:
    env = os.environ if environ is None else environ
    nvcc = shutil.which("nvcc")
    if nvcc is None:
        for var in ("CUDA_HOME", "CUDA_PATH"):
            base = env.get(var)
            if base:
                cand = Path(base) / "bin" / ("nvcc.exe" if os.name == "nt" else "nvcc")
                if cand.exists():
                    nvcc = str(cand)
                    break
    if nvcc is None:
        return ToolkitFacts()
    result = runner([nvcc, "--version"], timeout=timeout)
    m = NVCC_RELEASE.search(result.stdout)
    return ToolkitFacts(nvcc_version=m.group(1) if m else None, nvcc_path=nvcc)


__all__ = ["container_kind", "os_release", "read_system", "read_toolkit", "wsl_version"]
