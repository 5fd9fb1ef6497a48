"""The interpreter a wheel is checked against, and the GPU side of that machine.

Built from facts (a probe of the target Python, a saved snapshot, or options given for
another machine), never from envdoctor's own interpreter unless that is the target.
Parsing of the user's override strings lives here too; bad input raises UsageError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.snapshot import DriverFacts, GpuFacts, PythonFacts
from envdoctor.wheelcheck.names import describe_platform, normalise_platform


@dataclass(frozen=True)
class Target:
    """Facts about the target interpreter; None means unknown."""

    python_version: tuple[int, int] | None = None
    implementation: str | None = None  # "CPython", "PyPy"
    platform: str | None = None  # tag form: "linux_x86_64", "win_amd64", "macosx_11_0_arm64"
    glibc: tuple[int, int] | None = None
    free_threaded: bool | None = None
    pointer_bits: int | None = None
    # sysconfig's macOS version is the one Python was built for (a floor), not the running
    # OS; only a version given explicitly on the command line is the OS version.
    macos_version_exact: bool = False
    executable: str | None = None
    source: str = ""  # "probe", "snapshot", "options", or a mix joined by "+"

    @property
    def os(self) -> str | None:
        if self.platform is None:
            return None
        return describe_platform(self.platform).os

    @property
    def version_text(self) -> str | None:
        if self.python_version is None:
            return None
        return "{}.{}{}".format(*self.python_version, "t" if self.free_threaded else "")


@dataclass(frozen=True)
class TargetGpu:
    name: str
    capability: str | None = None  # "8.6" when known from the source (NVML, snapshot)


@dataclass(frozen=True)
class GpuSide:
    """The NVIDIA driver and GPUs of the target machine; None/empty means unknown."""

    driver: str | None = None  # "535.104.05"
    driver_cuda: str | None = None  # what the driver reports it supports, "12.2"
    driver_state: str | None = None  # DriverState value: "ok", "no-driver", ... or None
    gpus: tuple[TargetGpu, ...] = ()
    source: str = ""  # "nvml", "snapshot", "options", "none"
    # The OS whose driver floors apply when it is not the wheel's (WSL: Windows driver).
    driver_os: str | None = None


def version_tuple(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    m = re.match(r"^\s*(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def target_from_python_facts(facts: PythonFacts, *, source: str) -> Target:
    platform = normalise_platform(facts.platform_tag) if facts.platform_tag else None
    return Target(
        python_version=version_tuple(facts.version),
        implementation=facts.implementation,
        platform=platform,
        glibc=version_tuple(facts.glibc),
        free_threaded=facts.free_threaded,
        pointer_bits=facts.pointer_bits,
        executable=facts.executable,
        source=source,
    )


def gpu_side_from_facts(driver: DriverFacts, gpus: tuple[GpuFacts, ...], *, source: str) -> GpuSide:
    return GpuSide(
        driver=driver.version,
        driver_cuda=driver.cuda_version,
        driver_state=driver.state.value,
        gpus=tuple(TargetGpu(g.name, g.compute_capability) for g in gpus),
        source=source,
    )


# ---------------------------------------------------------------- overrides


def parse_platform(text: str) -> tuple[str, tuple[int, int] | None]:
    """A platform as sysconfig or a wheel tag writes it -> (tag form, glibc it implies)."""
    tag = normalise_platform(text)
    info = describe_platform(tag)
    if info.os == "linux" and info.arch:
        glibc = info.version if info.libc == "glibc" else None
        if info.libc == "musl":
            raise UsageError(
                _("--platform {value!r}: musl-based targets are not supported yet").format(
                    value=text
                )
            )
        return f"linux_{info.arch}", glibc
    if info.os in {"windows", "macos"}:
        return tag, None
    raise UsageError(
        _(
            "--platform {value!r} is not a platform envdoctor knows; use a form like "
            "linux_x86_64, linux_aarch64, win_amd64 or macosx_14_0_arm64"
        ).format(value=text)
    )


def parse_glibc(text: str) -> tuple[int, int]:
    m = re.match(r"^\s*(?:glibc\s*)?(\d+)\.(\d+)\s*$", text, re.IGNORECASE)
    if not m:
        raise UsageError(
            _(
                "--glibc {value!r} is not a glibc version; write it like 2.31 (see `ldd --version`)"
            ).format(value=text)
        )
    return int(m.group(1)), int(m.group(2))


__all__ = [
    "GpuSide",
    "Target",
    "TargetGpu",
    "gpu_side_from_facts",
    "parse_glibc",
    "parse_platform",
    "target_from_python_facts",
    "version_tuple",
]
