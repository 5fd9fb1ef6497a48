"""Why no wheel of a release fits this machine when the tool's refusal does not say: a
glibc older than the manylinux tag of the wheels, an Intel Mac after its last release, a
Python whose wheels exist for some platforms only.

Sources: the manylinux tags and the glibc each needs (PEP 600, the core's
`wheelcheck.names.describe_platform`); uv's hint that lists the platforms a release has
wheels for (astral-sh/uv#14268, #8746); uv caches the interpreter's glibc, so after an OS
upgrade `--refresh` makes it read the new one (maintainer in astral-sh/uv#14268); the
matrix's last Intel-Mac release and per-platform Pythons (`platform_ends`, `python_platforms`).
"""

from __future__ import annotations

import re

from envdoctor.compat.python import newest_python, python_platforms, python_supported
from envdoctor.compat.versions import TorchVersion, Verdict
from envdoctor.explain.model import Context
from envdoctor.explain.spec import sep
from envdoctor.i18n import _
from envdoctor.matrix.model import Release
from envdoctor.wheelcheck.names import (
    BadWheelName,
    describe_platform,
    parse_wheel_name,
    python_tag_version,
    same_arch,
)

# uv's hint after a platform refusal: "only has wheels for the following platforms: `a`,
# `b`" (0.5+), "Wheels are available for `torch` (v2.6.0) on the following platforms: ..."
# (0.4).
_OFFERED = re.compile(
    r"(?:only has wheels for|\) on) the following platforms?: "
    r"(?P<tags>`[\w.]{1,60}`(?:,? (?:and )?`[\w.]{1,60}`){0,30})"
)
_TAG = re.compile(r"`([\w.]{1,60})`")
# The platform names of the matrix's python_platforms keys, for people.
_PLATFORM_NAMES = {
    "linux-x86_64": "Linux x86_64",
    "linux-aarch64": "Linux aarch64",
    "windows": "Windows",
    "macos": "macOS",
}


def _glibc_text(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def glibc_short(m: re.Match[str], machine_tag: str | None) -> tuple[str, str, str] | None:
    """(the oldest manylinux tag offered, the glibc it needs, the machine's glibc) when uv's
    hint lists wheels for this machine's architecture only for a newer glibc than the
    machine's own tag (`manylinux_2_27_x86_64`) has; else None."""
    machine = describe_platform(machine_tag) if machine_tag else None
    if machine is None or machine.libc != "glibc" or machine.version is None:
        return None
    listed = _OFFERED.search(m.string, max(0, m.start() - 300), m.end() + 1500)
    if listed is None:
        return None
    offered = [describe_platform(tag) for tag in _TAG.findall(listed.group("tags"))]
    fitting = [
        tag
        for tag in offered
        if tag.libc == "glibc" and tag.version and same_arch(tag.arch, machine.arch)
    ]
    if not fitting or any(tag.version and tag.version <= machine.version for tag in fitting):
        return None
    need = min(fitting, key=lambda tag: tag.version or (0, 0))
    assert need.version is not None
    return need.tag, _glibc_text(need.version), _glibc_text(machine.version)


def glibc_advice(req: str, tag: str, need: str, have: str) -> tuple[str, list[str]]:
    """Cause and steps when the system's glibc is older than every wheel's manylinux tag."""
    cause = _(
        "This Linux's C library is too old for {req}: its wheels for this architecture are "
        "{tag}, which needs glibc {need} or newer, and this system has glibc {have}. The "
        "Python and the architecture fit; the operating system is older than the wheels."
    ).format(req=req, tag=tag, need=need, have=have)
    fix = [
        _(
            "Check the system's glibc: `ldd --version`. Run on an OS (or a container image) "
            "with glibc {need} or newer."
        ).format(need=need),
        _(
            "Or pin an older release whose wheels still fit glibc {have}: `envdoctor wheel "
            "<file> --glibc {have}` checks a wheel's name against it."
        ).format(have=have),
        _(
            "If the OS was just upgraded, uv may still use the glibc it cached for the "
            "interpreter: run the same uv command with `--refresh`."
        ),
    ]
    return cause, fix


def wheel_glibc(filename: str) -> tuple[str, str, str | None] | None:
    """(the manylinux tag, the glibc it needs, its CPU) of a wheel built for manylinux; for
    a file tagged for several (manylinux2014.manylinux_2_17), the oldest glibc."""
    try:
        wheel = parse_wheel_name(filename)
    except BadWheelName:
        return None
    tags = [describe_platform(tag) for tag in wheel.platform_part.split(".")]
    glibc = [tag for tag in tags if tag.libc == "glibc" and tag.version is not None]
    if not glibc or len(glibc) != len(tags):
        return None
    need = min(glibc, key=lambda tag: tag.version or (0, 0))
    assert need.version is not None
    return need.tag, _glibc_text(need.version), need.arch


def wheel_python_fits(filename: str, python: str | None) -> bool | None:
    """Whether a wheel's Python tag fits the interpreter version the paste shows; None
    when either is unknown."""
    found = re.match(r"3\.(\d{1,2})\b", python or "")
    if found is None:
        return None
    try:
        wheel = parse_wheel_name(filename)
    except BadWheelName:
        return None
    versions = {python_tag_version(tag)[1] for tag in wheel.python_part.split(".")}
    if None in versions:
        return None
    return (3, int(found.group(1))) in versions


def glibc_clause(tag: str, need: str) -> str:
    """The sentence a refused manylinux wheel adds to the causes."""
    return _(
        "Its platform tag {tag} needs glibc {need} or newer: on a Linux with an older C "
        "library (`ldd --version` shows it) pip refuses the file even when the Python fits; "
        "then use a build for an older manylinux, build the package from source, or move "
        "to a newer OS or container image."
    ).format(tag=tag, need=need)


def intel_mac(ctx: Context) -> bool:
    """The paste is from a Mac (its paths, its OS) with no sign of Apple silicon."""
    k = ctx.known
    if k.os != "Darwin":
        return False
    return k.machine != "arm64" and not ctx.has("arm64")


def platform_not_python(
    req: str, release: Release, ctx: Context, facts: dict[str, object]
) -> tuple[str, list[str]] | None:
    """uv refused the release for this platform and the paste's Python is one the release
    was built for: the platform is the cause (an Intel Mac after its last release, Python
    wheels published for some platforms only), never the Python."""
    k = ctx.known
    if python_supported(release, k.python_version) is not Verdict.OK:
        return None
    limited = python_fit(release, ctx, facts)
    if limited is not None:
        lead, newest = limited
        if newest is None:
            return lead, [_("Allow a newer torch, or use a Python whose wheels this platform has.")]
        facts["suggested_python"] = newest
        pin = _(
            "Pin a Python that release has wheels for here: `uv python pin {python}`, then "
            "`uv sync`; or allow a newer torch."
        ).format(python=newest)
        return lead, [pin]
    end = ctx.matrix.torch.last_for("macos-x86_64")
    pinned = TorchVersion.parse(req.partition("==")[2])
    if intel_mac(ctx) and end is not None and pinned is not None:
        last = TorchVersion.parse(end.last)
        if last is not None and pinned.version.release > last.version.release:
            cause = _(
                "This is a Mac with no sign of Apple silicon (an Intel Mac, or an x86_64 "
                "Python under Rosetta), and PyTorch publishes no macOS x86_64 wheels after "
                "torch {last}: {req} has no file for it. Python {python} is not the problem: "
                "the release has wheels for it on other platforms."
            ).format(last=end.last, req=req, python=k.python_version)
            fix = [
                _(
                    "On an Intel Mac pin the last release it has: `uv add torch=={last}` "
                    "(with the torchvision/torchaudio of that release)."
                ).format(last=end.last),
                _(
                    'On Apple silicon, check `python -c "import platform; '
                    'print(platform.machine())"`: x86_64 means an Intel Python under '
                    "Rosetta; use an arm64 one (`uv python install` on the Mac itself)."
                ),
            ]
            return cause, fix
    cause = _(
        "{req} has no file for this platform although it has wheels for Python {python}: "
        "the operating system or CPU gets none of that release (an Intel Mac after torch "
        "{last}, Alpine/musl, 32-bit, or a Linux older than the wheels' manylinux tag)."
    ).format(req=req, python=k.python_version, last=getattr(end, "last", "?"))
    fix = [
        _(
            'Check the platform: `python -c "import platform; print(platform.system(), '
            'platform.machine(), platform.libc_ver())"`, and pypi.org/project/torch lists '
            "the platforms of each release's files."
        )
    ]
    return cause, fix


def python_fit(
    release: Release, ctx: Context, facts: dict[str, object]
) -> tuple[str, str | None] | None:
    """A resolver found no torch of `release`: when the paste's Python has none of its
    wheels, or has them on some platforms only, what to say first and the Python to use
    instead (None when none is known); None when the Python fits or is unknown."""
    python = ctx.known.python_version
    verdict = python_supported(release, python)
    if verdict is Verdict.NO:
        facts["python_version"] = python
        newest = newest_python(release)
        return _(
            "torch {release} has no wheels for Python {python}: it was built for Python "
            "{spec} only, so no index offers it to this interpreter."
        ).format(release=release.release, python=python, spec=release.python), newest
    platforms = python_platforms(release, python) if verdict is Verdict.OK else None
    if platforms is None or _platform_of(ctx) in platforms:
        return None
    facts["python_platforms"] = list(platforms)
    names = ", ".join(_PLATFORM_NAMES.get(p, p) for p in platforms)
    return _(
        "torch {release} has wheels for Python {python} on {names} only: on any other "
        "platform (macOS, Windows, Linux on ARM) no index offers it to this interpreter."
    ).format(release=release.release, python=python, names=names), newest_python(release)


def _platform_of(ctx: Context) -> str | None:
    """The python_platforms key of the machine the paste shows, None when unknown."""
    k = ctx.known
    if k.os == "Linux":
        arm = (k.machine or "").lower() in ("aarch64", "arm64")
        return "linux-aarch64" if arm else "linux-x86_64"
    return {"Windows": "windows", "Darwin": "macos"}.get(k.os or "")


def python_platform_note(release: Release) -> str:
    """The Pythons of a release whose wheels exist on some platforms only, as a clause."""
    parts = [
        _("Python {python} on {names} only").format(
            python=python, names=", ".join(_PLATFORM_NAMES.get(p, p) for p in platforms)
        )
        for python, platforms in sorted(release.python_platforms.items())
    ]
    return sep() + _("(Of those, {parts}.)").format(parts="; ".join(parts)) if parts else ""


__all__ = [
    "glibc_advice",
    "glibc_clause",
    "glibc_short",
    "intel_mac",
    "platform_not_python",
    "python_fit",
    "python_platform_note",
    "wheel_glibc",
    "wheel_python_fits",
]


# A wheel for macOS 11 or newer refused by a Python that fits it. pip knows the macOS 11
# tags from 20.3 ("Add support for MacOS Big Sur compatibility tags", pip#9138, NEWS 20.3).
# A Python built against a macOS SDK older than 11 reports macOS 11 and later as 10.16,
# so pip offers only macosx_10_* tags, until pip 24.1, whose vendored packaging 24.1 asks
# the real version again with SYSTEM_VERSION_COMPAT=0 (packaging/tags.py mac_platforms).
_PIP_KNOWS_MACOS11 = (20, 3)
_PIP_READS_REAL_MACOS = (24, 1)
# The pip that ran, as pip itself or an upgrade step prints it: "pip 20.2.4 from ...",
# "Requirement already satisfied: pip in /path/site-packages (20.3)".
_PIP_SHOWN = re.compile(
    r"\bpip (?P<version>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?) from |"
    r"[Rr]equirement already satisfied: pip in [^()\n]{1,300}\((?P<kept>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\)"
)


def wheel_macos11(filename: str) -> tuple[str, str | None] | None:
    """(platform tag, CPU) of a wheel built only for macOS 11 or newer, else None."""
    try:
        wheel = parse_wheel_name(filename)
    except BadWheelName:
        return None
    tags = [describe_platform(tag) for tag in wheel.platform_part.split(".")]
    if not tags or any(t.os != "macos" or t.version is None or t.version < (11, 0) for t in tags):
        return None
    return tags[0].tag, tags[0].arch


def _pip_version(text: str, start: int, end: int) -> tuple[int, ...] | None:
    """The last pip version printed in the 4000 characters before the refusal, else the
    first in the 2000 after it."""
    before = list(_PIP_SHOWN.finditer(text, max(0, start - 4000), start))
    shown = before[-1] if before else _PIP_SHOWN.search(text, end, end + 2000)
    if shown is None:
        return None
    return tuple(int(p) for p in (shown.group("version") or shown.group("kept")).split("."))


def macos11_refusal(
    filename: str, ctx: Context, span: tuple[int, int]
) -> tuple[str, tuple[str, ...], dict[str, object]] | None:
    """Why pip refuses a macOS 11+ wheel whose Python tag fits (or is not known to fail):
    a pip older than the tag, or an old-SDK Python that reports macOS 10.16; None when the
    pip shown knows both, or the wheel is not such a file."""
    found = wheel_macos11(filename)
    if found is None or wheel_python_fits(filename, ctx.known.python_version) is False:
        return None
    if ctx.known.os not in (None, "Darwin"):
        return None  # a Mac's wheel on Linux or Windows: the platform is simply another
    tag, arch = found
    pip = _pip_version(ctx.text, *span)
    facts: dict[str, object] = {"macos_tag": tag}
    if pip is not None:
        facts["pip_version"] = ".".join(map(str, pip))
    upgrade = _("Upgrade pip first: `python -m pip install --upgrade pip` (24.1 or newer).")
    if pip is not None and pip < _PIP_KNOWS_MACOS11:
        cause = _(
            "Its platform tag {tag} is for macOS 11 or newer, and this pip ({pip}) is older "
            "than 20.3, the first pip that knows macOS 11's tags: it calls every such wheel "
            "unsupported."
        ).format(tag=tag, pip=facts["pip_version"])
        return cause, (upgrade,), facts
    if (pip is not None and pip >= _PIP_READS_REAL_MACOS) or same_arch(arch, "arm64"):
        return None  # an arm64 Python is built with macOS 11's SDK: it reports the real OS
    cause = _(
        "Its platform tag {tag} is for macOS 11 or newer. A Python built against a macOS "
        "SDK older than 11 (and every venv made from it) reports macOS 11 and later as "
        "10.16, and pip before 24.1 then accepts only macosx_10_* "
        'wheels (pip before 20.3 knows no macOS 11 tag at all): `python -c "import '
        'platform; print(platform.mac_ver()[0])"` prints 10.16 on such a Python.'
    ).format(tag=tag)
    # pip 24.1 needs Python 3.8 or newer (its pyproject.toml requires-python).
    old_python = re.match(r"3\.[0-7]\b", ctx.known.python_version or "") is not None
    fix = (
        *(() if old_python else (upgrade,)),
        _(
            "Show pip the real macOS version: run it with `SYSTEM_VERSION_COMPAT=0` in "
            "the environment (`SYSTEM_VERSION_COMPAT=0 python -m pip install {wheel}`), or "
            "use a Python built against the macOS 11 SDK or newer."
        ).format(wheel=filename),
    )
    return cause, fix, facts
