"""Wheel file names: parse them (with packaging), describe their platform tags, rebuild them.

Pure functions over strings. A name that is not a wheel name raises `BadWheelName`
with a translated one-line reason; the caller reports it per file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath

from packaging.tags import Tag
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

from envdoctor.i18n import _


class BadWheelName(ValueError):
    """The file name is not a valid wheel name; `message` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class WheelName:
    """A parsed wheel file name; the raw parts are kept so a corrected name can be rebuilt."""

    filename: str  # the base name, "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"
    project: str  # the name as written in the file name, "torch"
    canonical: str  # packaging's normalised name, "torch"
    version: str  # "2.8.0+cu128"
    local: str | None  # "cu128"
    build: str | None  # the optional build tag, "1"
    python_part: str  # "cp311" (may be compressed: "py2.py3")
    abi_part: str  # "cp311"
    platform_part: str  # "manylinux_2_28_x86_64" (may be compressed: "a.b")
    tags: frozenset[Tag]

    def with_parts(
        self,
        *,
        python_part: str | None = None,
        abi_part: str | None = None,
        platform_part: str | None = None,
        local: str | None = None,
    ) -> WheelName:
        """A copy with some parts replaced (tags are not recomputed: used only to build names)."""
        version = self.version
        if local is not None:
            version = version.split("+", 1)[0] + (f"+{local}" if local else "")
        new = replace(
            self,
            python_part=python_part or self.python_part,
            abi_part=abi_part or self.abi_part,
            platform_part=platform_part or self.platform_part,
            version=version,
            local=(local or None) if local is not None else self.local,
        )
        return replace(new, filename=new.render())

    def render(self) -> str:
        parts = [self.project, self.version]
        if self.build:
            parts.append(self.build)
        parts += [self.python_part, self.abi_part, self.platform_part]
        return "-".join(parts) + ".whl"


# CPython 3.8 dropped the "m" (pymalloc) ABI flag (What's New in Python 3.8, bpo-36707):
# "cp38m", "cp39m" ... name an ABI no interpreter has, so no pip installs such a file.
_PYMALLOC_ABI = re.compile(r"cp3(?P<minor>\d{1,2})m$")


def impossible_abi(wheel: WheelName) -> str | None:
    """A translated sentence when the file's ABI tag exists for no CPython (cp38m and newer
    with the 'm' flag: usually a name typed by hand or renamed), else None."""
    for abi in wheel.abi_part.split("."):
        m = _PYMALLOC_ABI.match(abi)
        if m is not None and int(m.group("minor")) >= 8:
            return _(
                "{abi} is an ABI tag no Python has: CPython 3.8 dropped the 'm' flag, so "
                "its wheels are tagged {plain}; the file name was written by hand or renamed"
            ).format(abi=abi, plain=abi[:-1])
    return None


# Browsers and download managers rename duplicates: "x.whl.1", "x (1).whl", "x.whl.part".
_RENAMED = re.compile(r"(?:\s\(\d+\)|\.whl\.(?:\d+|part|crdownload|download|tmp))$", re.IGNORECASE)


def parse_wheel_name(path_or_name: str) -> WheelName:
    """Parse a wheel file name (a path is fine: only its last part is read)."""
    filename = PurePath(path_or_name).name or path_or_name
    # packaging accepts "win_amd64 (1)" as a platform tag; pip would not find it useful.
    if _RENAMED.search(filename.removesuffix(".whl")) or _RENAMED.search(filename):
        raise BadWheelName(
            _(
                "{name!r} is not a wheel name: the download was renamed (a browser adds "
                "' (1)' or '.1' to duplicates); rename it back to end in '.whl' with "
                "nothing after the platform tag"
            ).format(name=filename)
        )
    try:
        project, version, _build, tags = parse_wheel_filename(filename)
    except InvalidWheelFilename as exc:
        raise BadWheelName(
            _("{name!r} is not a wheel file name ({detail})").format(name=filename, detail=exc)
        ) from None
    base = filename[: -len(".whl")]
    parts = base.split("-")
    has_build = len(parts) == 6
    return WheelName(
        filename=filename,
        project=parts[0],
        canonical=str(project),
        version=parts[1],
        local=version.local,
        build=parts[2] if has_build else None,
        python_part=parts[-3],
        abi_part=parts[-2],
        platform_part=parts[-1],
        tags=tags,
    )


# ---------------------------------------------------------------- platform tags


@dataclass(frozen=True)
class PlatformInfo:
    """What a platform tag (wheel side or interpreter side) means.

    os: "any", "linux", "windows", "macos" or the raw tag for anything else.
    libc: "glibc" (manylinux), "musl" (musllinux), None ("linux_<arch>" or not Linux).
    version: the glibc, musl or macOS version the tag needs (or, for an interpreter, has).
    """

    tag: str
    os: str
    arch: str | None
    libc: str | None = None
    version: tuple[int, int] | None = None


_LEGACY_GLIBC = {
    "manylinux1": (2, 5),
    "manylinux2010": (2, 12),
    "manylinux2014": (2, 17),
}
_WINDOWS = {"win32": "x86", "win_amd64": "x86_64", "win_arm64": "arm64", "win_ia64": "ia64"}


def normalise_platform(text: str) -> str:
    """sysconfig.get_platform() form ('linux-x86_64', 'macosx-11.0-arm64') -> tag form."""
    return text.strip().lower().replace("-", "_").replace(".", "_").replace(" ", "_")


def describe_platform(tag: str) -> PlatformInfo:
    tag = normalise_platform(tag)
    if tag == "any":
        return PlatformInfo(tag, "any", None)
    if tag in _WINDOWS:
        return PlatformInfo(tag, "windows", _WINDOWS[tag])
    m = re.match(r"^manylinux_(\d+)_(\d+)_(.+)$", tag)
    if m:
        return PlatformInfo(tag, "linux", m.group(3), "glibc", (int(m.group(1)), int(m.group(2))))
    m = re.match(r"^(manylinux1|manylinux2010|manylinux2014)_(.+)$", tag)
    if m:
        return PlatformInfo(tag, "linux", m.group(2), "glibc", _LEGACY_GLIBC[m.group(1)])
    m = re.match(r"^musllinux_(\d+)_(\d+)_(.+)$", tag)
    if m:
        return PlatformInfo(tag, "linux", m.group(3), "musl", (int(m.group(1)), int(m.group(2))))
    m = re.match(r"^linux_(.+)$", tag)
    if m:
        return PlatformInfo(tag, "linux", m.group(1))
    m = re.match(r"^macosx_(\d+)_(\d+)_(.+)$", tag)
    if m:
        return PlatformInfo(tag, "macos", m.group(3), None, (int(m.group(1)), int(m.group(2))))
    return PlatformInfo(tag, tag, None)


_ARCH_WORDS = {
    "x86_64": "x86_64",
    "amd64": "x86_64",
    "i686": "x86",
    "i386": "x86",
    "x86": "x86",
    "aarch64": "arm64",
    "arm64": "arm64",
}


def same_arch(a: str | None, b: str | None) -> bool | None:
    """Do two architecture names mean the same CPU family? None when one is unknown."""
    if a is None or b is None:
        return None
    return _ARCH_WORDS.get(a, a) == _ARCH_WORDS.get(b, b)


# The first pip that installs each manylinux tag (pypa/manylinux README, "Client-side
# pip version required"): an older pip calls such a wheel "not a supported wheel".
_PIP_FOR_MANYLINUX = {
    "manylinux1": (8, 1, 0),
    "manylinux2010": (19, 0, 0),
    "manylinux2014": (19, 3, 0),
    "manylinux_x_y": (20, 3, 0),
}


def pip_needed(wheel: WheelName) -> tuple[str, tuple[int, int, int]] | None:
    """The manylinux tag of the wheel that needs the newest pip, and that pip; None for
    other platforms. A wheel tagged for several (manylinux2014.manylinux_2_17) installs
    with the oldest pip that knows any of them."""
    needs: list[tuple[tuple[int, int, int], str]] = []
    for tag in wheel.platform_part.split("."):
        legacy = re.match(r"^(manylinux1|manylinux2010|manylinux2014)_", tag)
        if legacy is not None:
            needs.append((_PIP_FOR_MANYLINUX[legacy.group(1)], legacy.group(1)))
        elif tag.startswith("manylinux_"):
            needs.append((_PIP_FOR_MANYLINUX["manylinux_x_y"], tag))
    if not needs:
        return None
    version, tag = min(needs)
    return tag, version


def python_tag_version(tag: str) -> tuple[str, tuple[int, int] | None, bool]:
    """'cp311' -> ('cp', (3, 11), False); 'cp313t' -> ('cp', (3, 13), True)."""
    # 'py3' -> ('py', None, False): a major-only tag.
    m = re.match(r"^([a-z]+?)(\d)(\d+)?(t?)$", tag)
    if not m:
        return tag, None, False
    if m.group(3) is None:
        return m.group(1), None, bool(m.group(4))
    return m.group(1), (int(m.group(2)), int(m.group(3))), bool(m.group(4))


__all__ = [
    "BadWheelName",
    "PlatformInfo",
    "WheelName",
    "describe_platform",
    "normalise_platform",
    "parse_wheel_name",
    "pip_needed",
    "python_tag_version",
    "same_arch",
]
