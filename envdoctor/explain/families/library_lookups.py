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


# What stands before a library's name in the loader's message: the path it was asked for.
_PATH_BEFORE = re.compile(r"[^\s'\"`(,=]{1,300}/$")
# Folders of installed software, never a project's own.
_INSTALLED = re.compile(
    r"/(?:usr|lib|lib64|opt|etc|sbin|bin|snap|nix)/|site-packages|dist-packages|/lib/python|"
    r"/(?:mini|ana)conda\d?/|/\.conda/|/envs/|/\.local/|/\.cache/"
)
# A traceback frame of the program itself (not of an installed package).
_FRAME_DIR = re.compile(r'File "(?P<dir>/[^"]{1,300})/[^"/]{1,100}\.py"')


def project_library_path(m: re.Match[str], ctx: Context) -> str | None:
    """The path a library was asked for by, when it is the project's own file rather than a
    system library: a relative path ("weights/libmyplugins.so", "./build/libx.so"), or an
    absolute one inside the folder of the program's own traceback frames. A bare soname, a
    system folder or an environment's lib folder is None."""
    found = _PATH_BEFORE.search(ctx.text, max(0, m.start() - 300), m.start())
    if found is None:
        return None
    folder = found.group(0)
    path = folder + ctx.text[m.start() : m.end()].split(":", 1)[0].split(" ", 1)[0]
    if _INSTALLED.search(folder):
        return None
    if not folder.startswith(("/", "~")):
        return path
    if folder.startswith("~"):
        return None
    parts = folder.strip("/").split("/")
    for frame in _FRAME_DIR.finditer(ctx.text, max(0, m.start() - 3000), m.start()):
        own = frame.group("dir")
        if _INSTALLED.search(own + "/"):
            continue
        common = 0
        for a, b in zip(parts, own.strip("/").split("/"), strict=False):
            if a != b:
                break
            common += 1
        if common >= 3:
            return path
    return None


def project_library(path: str, lib: str, ctx: Context) -> Advice:
    """A library the project builds itself, loaded by a path of its own, is not there."""
    relative = not path.startswith("/")
    facts: dict[str, object] = {"library": lib, "path": path}
    cause = _(
        "The program loads {path} by a path of its own, and no file is there: {lib} is not a "
        "system library but one the project builds itself (a TensorRT plugin, a custom "
        "operator), so it was not built yet, was built somewhere else, or has another name."
    ).format(path=path, lib=lib)
    if relative:
        cause += sep() + _(
            "A relative path is looked up from the folder the program is started in, not "
            "from the script's folder."
        )
    fix: list[str] = [
        _(
            "Build it with the project's own build step (its README; often `mkdir build && "
            "cd build && cmake .. && make`), on this machine: a library built elsewhere, or "
            "for another CUDA or TensorRT version, does not load."
        ),
        _(
            "Then give its real path: put the built {lib} at {path}, or change the path in "
            "the code to the file's absolute path (`find . -name {lib}`)."
        ).format(lib=lib, path=path),
    ]
    if ctx.has("tensorrt", "_trt", ".engine", "libmyplugins"):
        fix.insert(
            1,
            _(
                "tensorrtx-style projects build the plugin library together with the engine "
                "(cmake and make in the model's folder): the .so and the .engine must come "
                "from the same TensorRT on the same device (a Jetson builds its own)."
            ),
        )
    title = _("A library the project builds itself is missing")
    return Advice(cause, tuple(fix), facts, title=title, key=lib, used_local_facts=ctx.known.local)


__all__ = ["dyld_missing", "found_by_name", "project_library", "project_library_path"]
