"""The wheel tags a target interpreter accepts, computed from its facts with packaging.tags.

packaging's defaults describe the running interpreter; here every input is explicit
(version, ABI, platform list), so the result is about the target, wherever it runs.
Only the platform list is built here, because packaging reads glibc and the macOS
version from the running machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.tags import Tag, compatible_tags, cpython_tags, generic_tags, mac_platforms

from envdoctor.wheelcheck.names import describe_platform
from envdoctor.wheelcheck.target import Target

# PEP 600 / 599 / 571 / 513: the legacy names are aliases of these glibc versions.
_LEGACY_ALIASES = {(2, 17): "manylinux2014", (2, 12): "manylinux2010", (2, 5): "manylinux1"}
# Oldest glibc a manylinux tag exists for: 2.5 on x86, 2.17 elsewhere (PEP 600).
_OLDEST_GLIBC = {"x86_64": 5, "i686": 5}


@dataclass(frozen=True)
class Supported:
    """What the target accepts; `complete` is False when a missing fact limited the list."""

    tags: tuple[Tag, ...]
    platforms: tuple[str, ...]
    missing: tuple[str, ...]  # facts that were unknown: "python_version", "glibc", ...
    # The (interpreter, ABI) pairs accepted on any platform: judged even when the
    # platform is unknown and `tags` is therefore empty.
    interpreter_abis: frozenset[tuple[str, str]] = frozenset()

    @property
    def complete(self) -> bool:
        return not self.missing


def linux_archs(arch: str, pointer_bits: int | None) -> list[str]:
    """A 32-bit interpreter on a 64-bit kernel needs 32-bit wheels (as pip decides)."""
    if pointer_bits == 32:
        if arch == "x86_64":
            return ["i686"]
        if arch == "aarch64":
            return ["armv8l", "armv7l"]
    if arch == "armv8l":
        return ["armv8l", "armv7l"]
    return [arch]


def manylinux_platforms(arch: str, glibc: tuple[int, int]) -> list[str]:
    """manylinux_2_Y_<arch> from the target's glibc down to the oldest, plus legacy aliases."""
    out: list[str] = []
    if glibc[0] != 2:
        # glibc has been 2.x since 1997; another major is not something to guess about.
        return out
    oldest = _OLDEST_GLIBC.get(arch, 17)
    for minor in range(glibc[1], oldest - 1, -1):
        out.append(f"manylinux_2_{minor}_{arch}")
        alias = _LEGACY_ALIASES.get((2, minor))
        if alias:
            out.append(f"{alias}_{arch}")
    return out


def target_platforms(target: Target) -> tuple[list[str], list[str]]:
    """(platform tags in preference order, facts that were missing)."""
    missing: list[str] = []
    if target.platform is None:
        return [], ["platform"]
    info = describe_platform(target.platform)
    if info.os == "linux" and info.arch:
        archs = linux_archs(info.arch, target.pointer_bits)
        plats: list[str] = []
        if target.glibc is None:
            missing.append("glibc")
        else:
            for arch in archs:
                plats += manylinux_platforms(arch, target.glibc)
        plats += [f"linux_{arch}" for arch in archs]
        return plats, missing
    if info.os == "macos" and info.arch and info.version:
        arch = info.arch
        if arch == "universal2":
            # A universal2 interpreter runs natively on either CPU; which one is unknown here.
            missing.append("arch")
            return [target.platform], missing
        return list(mac_platforms(info.version, arch)), missing
    return [target.platform], missing


def supported_tags(target: Target) -> Supported:
    platforms, missing = target_platforms(target)
    if target.python_version is None:
        return Supported((), tuple(platforms), ("python_version", *missing))
    impl = (target.implementation or "CPython").lower()
    if impl != "cpython":
        missing.append("abi")
    elif target.free_threaded is None:
        missing.append("free_threaded")
    pairs = frozenset((t.interpreter, t.abi) for t in _tags(target, impl, ["any"]))
    tags = _tags(target, impl, platforms)
    return Supported(tuple(dict.fromkeys(tags)), tuple(platforms), tuple(missing), pairs)


def _tags(target: Target, impl: str, platforms: list[str]) -> list[Tag]:
    assert target.python_version is not None
    tags: list[Tag] = []
    if impl == "cpython":
        nodot = "{}{}".format(*target.python_version)
        abi = f"cp{nodot}{'t' if target.free_threaded else ''}"
        tags += cpython_tags(target.python_version, abis=[abi], platforms=platforms)
        interpreter = f"cp{nodot}"
    else:
        # PyPy & co: their ABI tag names the implementation's own version, which no probe
        # collects; only ABI-free wheels can be judged.
        short = {"pypy": "pp", "graalpy": "graalpy"}.get(impl, impl[:2])
        interpreter = "{}{}{}".format(short, *target.python_version)
        tags += generic_tags(interpreter, abis=["none"], platforms=platforms)
    tags += compatible_tags(target.python_version, interpreter, platforms)
    return tags


__all__ = ["Supported", "linux_archs", "manylinux_platforms", "supported_tags", "target_platforms"]
