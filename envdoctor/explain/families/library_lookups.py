"""Answers of the loaders family for a library looked up by name and not found: macOS dyld
and an install name, a Python package's own search (ctypes.util.find_library) for the
system library it wraps."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import sep
from envdoctor.i18n import _


def dyld_missing(m: re.Match[str], ctx: Context) -> Advice:
    """macOS: the install name a binary was linked with leads to no file."""
    lib, where, ref = m.group("dylib"), m.group("dir") or "", m.group("ref")
    base = re.sub(r"(?:\.\d+)*\.dylib$", "", lib)
    facts: dict[str, object] = {"library": where + lib}
    if ref:
        facts["needed_by"] = ref
    binary = ref or _("the binary")
    cause = _(
        "macOS's loader (dyld) found no {lib}, which {binary} was linked against: it is not "
        "installed, it is installed under another name or version (the name must match the "
        "file exactly, {lib} and not {base}.dylib or another number), or it is in a folder "
        "that none of the binary's search paths leads to."
    ).format(lib=lib, binary=binary, base=base)
    fix: list[str] = []
    if where.startswith("@"):
        cause += sep() + _(
            "{prefix} stands for the folders the binary lists as its run paths (LC_RPATH) or "
            "the binary's own folder."
        ).format(prefix=where.split("/", 1)[0])
        fix.append(
            _(
                "See what it needs and where it looks: `otool -L {binary}` lists the "
                "libraries, `otool -l {binary} | grep -A2 LC_RPATH` the folders @rpath "
                "stands for."
            ).format(binary=ref or "<binary>")
        )
    fix.append(
        _(
            "Look for the library: `find / -name '{base}*.dylib' 2>/dev/null` (a conda "
            "environment keeps its libraries in $CONDA_PREFIX/lib, Homebrew in "
            "/opt/homebrew/lib or /usr/local/lib)."
        ).format(base=base)
    )
    fix.append(
        _(
            "Not there: install the package that provides it into the same environment "
            "(`conda install` in a conda environment, `brew install` for Homebrew's), or "
            "reinstall the package whose module needs it."
        )
    )
    fix.append(
        _(
            "There under another version in its name: the binary was built against another "
            "release; install that release or rebuild the binary against the one installed "
            "(a symlink named {lib} is a stopgap only for compatible versions)."
        ).format(lib=lib)
    )
    fix.append(
        _(
            "There in another folder: `export DYLD_LIBRARY_PATH=<that folder>:"
            "$DYLD_LIBRARY_PATH` before starting the program."
        )
    )
    title = _("macOS cannot find a library the program was linked against")
    return Advice(cause, tuple(fix), facts, title=title, key=lib, used_local_facts=ctx.known.local)


# The libraries Python packages look up themselves, with the package that wraps each, the
# Debian/Ubuntu package that provides it, and whether that package's own pip wheels carry it
# on macOS and Windows (sounddevice's installation docs: "libportaudio2", the wheels for
# macOS and Windows bring PortAudio) or on Linux x86_64 too (soundfile's README:
# "libsndfile1", wheels for Windows, macOS and Linux 64-bit).
_WRAPPED = {
    "portaudio": ("sounddevice", "libportaudio2", ("Windows", "Darwin")),
    "sndfile": ("soundfile", "libsndfile1", ("Windows", "Darwin", "Linux")),
}


def found_by_name(m: re.Match[str], ctx: Context) -> Advice:
    """A package that wraps a system library found none (ctypes.util.find_library)."""
    name = m.group("pylib")
    k = ctx.known
    facts: dict[str, object] = {"library": name}
    wrapped = _WRAPPED.get(name.lower())
    cause = _(
        "A Python package looked for the {name} library on the system (its own search, "
        "ctypes.util.find_library) and found none: the library is not installed, or not "
        "where the system's loader finds libraries."
    ).format(name=name)
    fix: list[str] = []
    if wrapped is None:
        fix.append(
            _(
                "Install the {name} library with the system's package manager "
                "(`apt-cache search {lower}` on Debian/Ubuntu, `dnf search {lower}` on "
                "Fedora/RHEL, `brew install` on macOS), or into a conda environment from "
                "conda-forge."
            ).format(name=name, lower=name.lower())
        )
        return Advice(cause, tuple(fix), facts, key=name, used_local_facts=k.local)
    package, debian, wheels = wrapped
    facts["package"] = package
    cause += sep() + _(
        "{package} needs it; its pip wheels bring their own copy on {platforms} only, "
        "elsewhere it must come from the system (Debian/Ubuntu: {debian})."
    ).format(package=package, platforms=", ".join(_PLATFORM[p] for p in wheels), debian=debian)
    reinstall = _(
        "Reinstall {package} from its wheel: `python -m pip install --force-reinstall "
        "--only-binary :all: {package}` (a source install brings no library)."
    ).format(package=package)
    system = _(
        "Install the library: `sudo apt-get install {debian}` (Debian/Ubuntu; in a "
        "container, in its image), or from conda-forge into a conda environment."
    ).format(debian=debian)
    if k.os in wheels:
        fix.extend((reinstall, system))
    else:
        # Where its wheels carry no copy, only the system's helps.
        fix.extend((system,) if k.os else (system, reinstall))
    return Advice(cause, tuple(fix), facts, key=name, used_local_facts=k.local)


_PLATFORM = {"Windows": "Windows", "Darwin": "macOS", "Linux": "Linux x86_64"}
