"""The platform part of a wheel's tags against the target: OS, CPU architecture, glibc / macOS."""

from __future__ import annotations

from envdoctor.i18n import _
from envdoctor.values import os_display
from envdoctor.wheelcheck.model import Problem, Severity
from envdoctor.wheelcheck.names import PlatformInfo, describe_platform, same_arch
from envdoctor.wheelcheck.tags import linux_archs
from envdoctor.wheelcheck.target import Target

# manylinux levels projects commonly publish, newest first: the fallback when glibc is too old.
_COMMON_GLIBC_LEVELS = ((2, 28), (2, 17), (2, 12), (2, 5))


def version_text(version: tuple[int, int]) -> str:
    return "{}.{}".format(*version)


def os_name(info: PlatformInfo) -> str:
    return os_display(info.os)


def _target_platform_part(target: Target, info: PlatformInfo) -> tuple[str, bool]:
    """The platform part of a file name for the target: exact where possible, else a pattern."""
    if info.os == "linux" and info.arch:
        arch = linux_archs(info.arch, target.pointer_bits)[0]
        return f"manylinux*_{arch}", True
    if info.os == "macos" and info.arch:
        return f"macosx_*_{info.arch}", True
    return info.tag, False


def platform_problem(platform: str, target: Target) -> tuple[list[Problem], str | None, bool, bool]:
    wheel = describe_platform(platform)
    if target.platform is None:
        return (
            [
                Problem(
                    "platform-unknown",
                    Severity.UNKNOWN,
                    _("the target's platform is unknown, so {tag} cannot be checked").format(
                        tag=platform
                    ),
                )
            ],
            None,
            False,
            False,
        )
    have = describe_platform(target.platform)
    fix, pattern = _target_platform_part(target, have)
    if wheel.os != have.os:
        return (
            [
                Problem(
                    "platform-os",
                    Severity.ERROR,
                    _(
                        "this wheel is for {os} ({tag}); your Python runs on {have_os} ({have_tag})"
                    ).format(
                        os=os_name(wheel),
                        tag=platform,
                        have_os=os_name(have),
                        have_tag=target.platform,
                    ),
                )
            ],
            fix,
            pattern,
            False,
        )
    if have.os == "linux" and have.arch:
        archs = linux_archs(have.arch, target.pointer_bits)
    elif have.os == "windows" and have.arch:
        archs = [have.arch]
    else:
        archs = [have.arch] if have.arch else []
    if have.os == "macos" and have.arch == "universal2" and wheel.arch != "universal2":
        return (
            [
                Problem(
                    "arch-unknown",
                    Severity.UNKNOWN,
                    _(
                        "your Python is a universal2 build; whether it runs as {arch} depends on "
                        "the Mac's CPU, which is unknown here"
                    ).format(arch=wheel.arch),
                )
            ],
            None,
            False,
            False,
        )
    if wheel.arch and archs and not any(same_arch(wheel.arch, a) for a in archs):
        machine_matches = same_arch(wheel.arch, have.arch) or (
            have.os == "windows" and target.pointer_bits == 32 and wheel.arch in {"x86_64", "arm64"}
        )
        if target.pointer_bits == 32 and machine_matches:
            return (
                [
                    Problem(
                        "python-32bit",
                        Severity.ERROR,
                        _(
                            "this wheel is for 64-bit Python ({tag}); your Python is a 32-bit "
                            "build: install a 64-bit Python (PyTorch ships no 32-bit wheels)"
                        ).format(tag=platform),
                    )
                ],
                None,
                False,
                True,
            )
        return (
            [
                Problem(
                    "platform-arch",
                    Severity.ERROR,
                    _(
                        "this wheel is for {arch} CPUs ({tag}); your Python is "
                        "{have_arch} ({have_tag})"
                    ).format(
                        arch=wheel.arch,
                        tag=platform,
                        have_arch=archs[0],
                        have_tag=target.platform,
                    ),
                )
            ],
            fix,
            pattern,
            False,
        )
    if have.os == "linux":
        return _linux_libc_problem(wheel, target)
    if have.os == "macos" and wheel.version and have.version and wheel.version > have.version:
        if target.macos_version_exact:
            return (
                [
                    Problem(
                        "macos-too-old",
                        Severity.ERROR,
                        _(
                            "this wheel needs macOS {need} or newer; the target runs macOS {have}"
                        ).format(need=version_text(wheel.version), have=version_text(have.version)),
                    )
                ],
                f"macosx_*_{wheel.arch}",
                True,
                False,
            )
        return (
            [
                Problem(
                    "macos-version-unknown",
                    Severity.UNKNOWN,
                    _(
                        "this wheel needs macOS {need} or newer; your Python was built for macOS "
                        "{have} and the running macOS version is unknown (see `sw_vers`, or give "
                        "--platform macosx_X_Y_{arch})"
                    ).format(
                        need=version_text(wheel.version),
                        have=version_text(have.version),
                        arch=have.arch,
                    ),
                )
            ],
            None,
            False,
            False,
        )
    return (
        [
            Problem(
                "platform",
                Severity.ERROR,
                _("this wheel's platform {tag} does not match your Python's ({have_tag})").format(
                    tag=platform, have_tag=target.platform
                ),
            )
        ],
        fix,
        pattern,
        False,
    )


def _linux_libc_problem(
    wheel: PlatformInfo, target: Target
) -> tuple[list[Problem], str | None, bool, bool]:
    arch = wheel.arch
    if wheel.libc == "musl":
        if target.glibc is None:
            problem = Problem(
                "libc-unknown",
                Severity.UNKNOWN,
                _(
                    "this wheel is for musl-based Linux ({tag}); whether the target uses musl or "
                    "glibc is unknown"
                ).format(tag=wheel.tag),
            )
            return [problem], None, False, False
        problem = Problem(
            "musl-wheel",
            Severity.ERROR,
            _(
                "this wheel is for musl-based Linux such as Alpine ({tag}); your Python uses "
                "glibc {have}"
            ).format(tag=wheel.tag, have=version_text(target.glibc)),
        )
        return [problem], f"manylinux*_{arch}", True, False
    if wheel.libc == "glibc" and wheel.version is not None:
        if target.glibc is None:
            problem = Problem(
                "glibc-unknown",
                Severity.UNKNOWN,
                _(
                    "this wheel needs glibc {need} or newer ({tag}); the target's glibc version is "
                    "unknown (see `ldd --version`, then give --glibc)"
                ).format(need=version_text(wheel.version), tag=wheel.tag),
            )
            return [problem], None, False, False
        if wheel.version > target.glibc:
            older = next((lv for lv in _COMMON_GLIBC_LEVELS if lv <= target.glibc), None)
            problem = Problem(
                "glibc-too-old",
                Severity.ERROR,
                _(
                    "this wheel needs glibc {need} or newer ({tag}); your system has glibc {have}: "
                    "use a build for an older glibc, or a newer OS"
                ).format(
                    need=version_text(wheel.version), tag=wheel.tag, have=version_text(target.glibc)
                ),
            )
            if older is None:
                return [problem], None, False, False
            alias = {(2, 17): "manylinux2014", (2, 12): "manylinux2010", (2, 5): "manylinux1"}.get(
                older
            )
            part = f"{alias}_{arch}" if alias else "manylinux_{}_{}_{}".format(*older, arch)
            return [problem], part, False, False
    problem = Problem(
        "platform",
        Severity.ERROR,
        _("this wheel's platform {tag} does not match your Python's ({have_tag})").format(
            tag=wheel.tag, have_tag=target.platform
        ),
    )
    return [problem], None, False, False


__all__ = ["os_name", "platform_problem", "version_text"]
