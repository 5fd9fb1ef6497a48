"""Does a wheel install into the target interpreter? Tags first, then a diagnosis per part.

pip's rule is simple: the wheel installs when one of its tags is in the interpreter's
supported list. When none is, each of the wheel's tags is diagnosed part by part
(Python, ABI, platform) and the closest one explains the failure, with the parts a
correct file name needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.tags import Tag

from envdoctor.i18n import _
from envdoctor.wheelcheck.model import Problem, Severity, Status, status_of
from envdoctor.wheelcheck.names import (
    WheelName,
    python_tag_version,
)
from envdoctor.wheelcheck.platform_fit import os_name, platform_problem, version_text
from envdoctor.wheelcheck.tags import Supported
from envdoctor.wheelcheck.target import Target

_IMPL_NAMES = {
    "cp": "CPython",
    "pp": "PyPy",
    "ip": "IronPython",
    "jy": "Jython",
    "graalpy": "GraalPy",
}


@dataclass(frozen=True)
class InstallCheck:
    status: Status
    problems: tuple[Problem, ...]
    tag: Tag | None  # the wheel tag that matched or that the diagnosis is about
    # Parts a file name for the target needs; None keeps the wheel's own part.
    python_part: str | None = None
    abi_part: str | None = None
    platform_part: str | None = None
    platform_is_pattern: bool = False
    # The platform part is a guess at an older build (glibc too old): it may not be published.
    platform_is_guess: bool = False
    python_blocker: bool = False  # the target's Python (32-bit, implementation) is the problem


def check_install(wheel: WheelName, target: Target, supported: Supported) -> InstallCheck:
    wanted = set(supported.tags)
    tags = sorted(wheel.tags, key=str)
    matched = [t for t in tags if t in wanted]
    if matched:
        tag = matched[0]
        if "free_threaded" in supported.missing and tag.abi.startswith("cp"):
            return InstallCheck(
                Status.UNKNOWN,
                (
                    Problem(
                        "free-threading-unknown",
                        Severity.UNKNOWN,
                        _(
                            "whether the target Python is the free-threaded build is unknown; "
                            "this wheel needs the {kind} build"
                        ).format(kind=_("normal (GIL)")),
                    ),
                ),
                tag,
            )
        return InstallCheck(Status.OK, (), tag)
    if "python_version" in supported.missing:
        return InstallCheck(
            Status.UNKNOWN,
            (
                Problem(
                    "python-unknown",
                    Severity.UNKNOWN,
                    _(
                        "the target's Python version is unknown, so the wheel's tags "
                        "cannot be checked"
                    ),
                ),
            ),
            tags[0] if tags else None,
        )
    diagnosed = [_diagnose(tag, target, supported) for tag in tags]

    def badness(check: InstallCheck) -> tuple[int, int]:
        errors = sum(p.severity is Severity.ERROR for p in check.problems)
        unknown = sum(p.severity is Severity.UNKNOWN for p in check.problems)
        return errors, unknown

    return min(diagnosed, key=badness)


def _diagnose(tag: Tag, target: Target, supported: Supported) -> InstallCheck:
    problems: list[Problem] = []
    py_fix: tuple[str | None, str | None] = (None, None)
    python_blocker = False
    pairs = supported.interpreter_abis or {(t.interpreter, t.abi) for t in supported.tags}
    if (tag.interpreter, tag.abi) not in pairs:
        found, py_fix, python_blocker = _python_problem(tag, target)
        problems += found
    plat_fix: str | None = None
    pattern = False
    if tag.platform not in supported.platforms and tag.platform != "any":
        found_p, plat_fix, pattern, blocker = platform_problem(tag.platform, target)
        problems += found_p
        python_blocker = python_blocker or blocker
    if not problems:
        problems.append(
            Problem(
                "tags",
                Severity.ERROR,
                _("the wheel's tag {tag} is not one your Python accepts").format(tag=str(tag)),
            )
        )
    return InstallCheck(
        status_of(problems),
        tuple(problems),
        tag,
        python_part=py_fix[0],
        abi_part=py_fix[1],
        platform_part=plat_fix,
        platform_is_pattern=pattern,
        platform_is_guess=any(p.code == "glibc-too-old" for p in problems),
        python_blocker=python_blocker,
    )


def _python_problem(
    tag: Tag, target: Target
) -> tuple[list[Problem], tuple[str | None, str | None], bool]:
    assert target.python_version is not None
    have = target.python_version
    have_text = target.version_text or version_text(have)
    impl, version, _t = python_tag_version(tag.interpreter)
    target_impl = (target.implementation or "CPython").lower()
    target_short = (
        "cp" if target_impl == "cpython" else ("pp" if target_impl == "pypy" else target_impl)
    )
    nodot = "{}{}".format(*have)
    cp_fix = (f"cp{nodot}", f"cp{nodot}{'t' if target.free_threaded else ''}")
    if impl not in {"py", target_short}:
        return (
            [
                Problem(
                    "implementation",
                    Severity.ERROR,
                    _("this wheel is for {impl}; your Python is {have}").format(
                        impl=_IMPL_NAMES.get(impl, impl), have=target.implementation or "CPython"
                    ),
                )
            ],
            (None, None),
            False,
        )
    if target_short != "cp":
        return (
            [
                Problem(
                    "abi-unknown",
                    Severity.UNKNOWN,
                    _(
                        "envdoctor cannot tell which {impl} ABI tags your interpreter accepts"
                    ).format(impl=target.implementation),
                )
            ],
            (None, None),
            False,
        )
    abi = tag.abi
    if abi in {"abi3", "abi3t"}:
        if target.free_threaded and abi == "abi3" and have < (3, 15):
            return (
                [
                    Problem(
                        "abi3-free-threaded",
                        Severity.ERROR,
                        _(
                            "this is a stable-ABI (abi3) wheel; your Python {have} is the "
                            "free-threaded build, which cannot load abi3 extensions"
                        ).format(have=have_text),
                    )
                ],
                cp_fix,
                False,
            )
        if version is not None and version > have:
            return (
                [
                    Problem(
                        "python-too-old",
                        Severity.ERROR,
                        _("this wheel needs Python {need} or newer; you have {have}").format(
                            need=version_text(version), have=have_text
                        ),
                    )
                ],
                (None, None),
                False,
            )
    abi_impl, abi_version, abi_threaded = python_tag_version(abi)
    if abi_impl == "cp" and abi_version is not None:
        if abi_version != have:
            return (
                [
                    Problem(
                        "python-version",
                        Severity.ERROR,
                        _("this wheel is for Python {need}; you have {have}").format(
                            need=version_text(abi_version) + ("t" if abi_threaded else ""),
                            have=have_text,
                        ),
                    )
                ],
                cp_fix,
                False,
            )
        if abi_threaded and not target.free_threaded:
            return (
                [
                    Problem(
                        "free-threaded-wheel",
                        Severity.ERROR,
                        _(
                            "this wheel is for the free-threaded build of Python {v} ({abi}); "
                            "your Python {v} is the normal build (with the GIL)"
                        ).format(v=version_text(have), abi=abi),
                    )
                ],
                cp_fix,
                False,
            )
        if not abi_threaded and target.free_threaded:
            return (
                [
                    Problem(
                        "gil-wheel",
                        Severity.ERROR,
                        _(
                            "this wheel is for the normal build of Python {v} ({abi}); your "
                            "Python is the free-threaded build ({have})"
                        ).format(v=version_text(have), abi=abi, have=have_text),
                    )
                ],
                cp_fix,
                False,
            )
    if version is not None and version[0] == have[0] and impl == "cp" and version != have:
        return (
            [
                Problem(
                    "python-version",
                    Severity.ERROR,
                    _("this wheel is for Python {need}; you have {have}").format(
                        need=version_text(version), have=have_text
                    ),
                )
            ],
            (f"cp{nodot}", None),
            False,
        )
    if impl == "py" and version is not None and version[0] != have[0]:
        return (
            [
                Problem(
                    "python-major",
                    Severity.ERROR,
                    _("this wheel is for Python {need}; you have {have}").format(
                        need=version[0], have=have_text
                    ),
                )
            ],
            (None, None),
            False,
        )
    return (
        [
            Problem(
                "abi",
                Severity.ERROR,
                _(
                    "the wheel's Python/ABI tags {interp}-{abi} do not match your Python {have}"
                ).format(interp=tag.interpreter, abi=abi, have=have_text),
            )
        ],
        cp_fix,
        False,
    )


__all__ = ["InstallCheck", "check_install", "os_name"]
