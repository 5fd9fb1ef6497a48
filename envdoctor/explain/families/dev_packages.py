"""A library's development files that a source build asks the system for and does not find:
pkg-config's (and pkgconf's) .pc files, CMake's find_package."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("dev_packages")

_PC_NAME = r"[\w.+-]{1,80}"


@FAMILY.entry(
    code="pkg-config-package-missing",
    keywords=("pkg-config search path", "add the directory containing", "', not found"),
    title=N_("A library's development files are not installed (pkg-config)"),
    patterns=(
        # pkgconf's libpkgconf/pkg.c, the words pkg-config printed before it: the notice,
        # its hint, and the line per package ("required by" another .pc, or the command's).
        rx(r"Package (?P<pkg>" + _PC_NAME + r") was not found in the pkg-config search path"),
        rx(r"Perhaps you should add the directory containing `(?P<pkg>" + _PC_NAME + r")\.pc'"),
        rx(r"Package '(?P<pkg>" + _PC_NAME + r")', required by '(?P<by>[^'\n]{1,120})', not found"),
    ),
    specificity=3,
)
def _advise_pkg_config(m: re.Match[str], ctx: Context) -> Advice:
    pkg = m.group("pkg")
    facts: dict[str, object] = {"pc_package": pkg}
    by = m.groupdict().get("by")
    if by and not by.startswith("virtual:"):
        facts["required_by"] = by
    cause = _(
        "A build asked pkg-config for {pkg} and found no {pkg}.pc: the library's development "
        "files (its headers and the .pc file) are not installed, only its run-time package "
        "or nothing at all, or they are installed in a prefix pkg-config does not search "
        "(/usr/local, /opt, a conda environment, a library built by hand)."
    ).format(pkg=pkg)
    if "required_by" in facts:
        cause += sep() + _("{by}.pc lists it as a requirement.").format(by=by)
    linux = _(
        "Install the development package: on Debian/Ubuntu the -dev one (`apt-file search "
        "{pkg}.pc` names it; e.g. libavdevice-dev for libavdevice), on Fedora/RHEL the "
        "-devel one (`dnf provides '*/{pkg}.pc'`)."
    ).format(pkg=pkg)
    mac = _(
        "On macOS install the library with Homebrew (`brew install <library>`), which "
        "brings its development files."
    )
    fix = [mac, linux] if ctx.known.os == "Darwin" else [linux]
    fix.append(
        _(
            "Installed in another prefix: `find / -name '{pkg}.pc' 2>/dev/null`, then `export "
            "PKG_CONFIG_PATH=<that folder>:$PKG_CONFIG_PATH` (a conda environment keeps its "
            ".pc files in $CONDA_PREFIX/lib/pkgconfig) and run the build again."
        ).format(pkg=pkg)
    )
    return Advice(cause, tuple(fix), facts, key=pkg, used_local_facts=ctx.known.local)


# CMake (Kitware/CMake 03676b0): Modules/FindPackageHandleStandardArgs.cmake fails a Find
# module with "Could NOT find <Pkg> (missing: <VARS>) <version message>", or "Could NOT find
# <Pkg>: Found unsuitable version ..." (a REQUIRED package: an error; otherwise a "-- " status
# line of a build that goes on, which is not matched); Source/cmFindPackageCommand.cxx's
# config mode: "Could not find a package configuration file provided by "<Pkg>"" (or "named
# "<file>" provided by package "<Pkg>""), "Add the installation prefix of "<Pkg>" to
# CMAKE_PREFIX_PATH or set "<Pkg>_DIR" ... If "<Pkg>" provides a separate development package
# or SDK, be sure it has been installed."
_CMAKE_NAME = r"[\w.+-]{1,60}"
_CMAKE_WARNING = re.compile(r"CMake Warning|CMake Error", re.IGNORECASE)
# Tencent/ncnn docs/faq.en.md (a4d2ea1): Protobuf's headers come with Debian/Ubuntu's
# libprotobuf-dev (and protoc with protobuf-compiler), OpenCV's config with libopencv-dev.
_APT_PACKAGES = {
    "protobuf": "libprotobuf-dev protobuf-compiler",
    "opencv": "libopencv-dev",
}
_CUDA_NAMES = ("cuda", "cudatoolkit")


def _cmake_warning_only(m: re.Match[str], ctx: Context) -> bool:
    """Whether the nearest CMake heading before the match is a warning (a package the
    project can do without), not an error."""
    headings = list(_CMAKE_WARNING.finditer(ctx.text, max(0, m.start() - 400), m.start()))
    return bool(headings) and headings[-1].group(0).lower() == "cmake warning"


@FAMILY.entry(
    code="cmake-package-not-found",
    keywords=("could not find ", "package configuration file"),
    title=N_("CMake did not find a library the build requires (development files missing?)"),
    patterns=(
        # Under "CMake Error at ...(message):" or alone, never a "-- " status line.
        rx(
            r"(?<!--[ \t])(?<![\w-])Could NOT find (?P<pkg>" + _CMAKE_NAME + r")"
            r"(?: \(missing:[ \t]{0,4}(?P<missing>[\w \t]{1,200})\)?"
            r"|: Found unsuitable version \"(?P<found>[^\"\n]{0,40})\", (?:but )?required is "
            r"(?:at least |exact version |range is )?\"(?P<required>[^\"\n]{0,60})\")"
        ),
        rx(
            r"Could not find a package configuration file (?:named \"[^\"\n]{1,80}\" )?"
            r"provided by (?:package )?\"(?P<pkg>" + _CMAKE_NAME + r")\"(?P<config>)"
        ),
    ),
    specificity=3,
    defers_to=frozenset({"opencl-headers-missing"}),
)
def _advise_cmake_package(m: re.Match[str], ctx: Context) -> Advice | None:
    groups = m.groupdict()
    pkg = groups["pkg"]
    config = groups.get("config") is not None
    if config and _cmake_warning_only(m, ctx):
        return None
    facts: dict[str, object] = {"cmake_package": pkg}
    if groups.get("missing"):
        facts["missing"] = " ".join(groups["missing"].split())
    if groups.get("found") is not None:
        facts["found_version"] = groups["found"]
        facts["required_version"] = groups.get("required")
        cause = _(
            "CMake found {pkg} {found}, and the build requires {required}: the installed "
            "library (or the first one CMake finds) is too old or otherwise unsuitable."
        ).format(pkg=pkg, found=groups["found"] or "?", required=groups.get("required") or "?")
        fix: list[str] = [
            _(
                "Install a suitable version of {pkg}'s development files, or point CMake at "
                "one: -D{pkg}_ROOT=<its prefix> or CMAKE_PREFIX_PATH=<its prefix>."
            ).format(pkg=pkg),
            _(
                "Then configure again in an empty build folder: CMake keeps what it found in CMakeCache.txt."
            ),
        ]
        return Advice(
            cause, tuple(fix), facts, key=f"{pkg}/version", used_local_facts=ctx.known.local
        )
    lower = pkg.lower()
    if lower in _CUDA_NAMES:
        cause = _(
            "CMake did not find the CUDA toolkit ({pkg}): nvcc, the CUDA headers and "
            "libraries are not installed, or not where CMake looks (nvcc not on PATH, "
            "no /usr/local/cuda)."
        ).format(pkg=pkg)
        fix = [
            _(
                "Install the CUDA toolkit (not only the driver), put its bin folder on PATH "
                "(`nvcc --version` must work), or name it: -DCUDAToolkit_ROOT=<toolkit> "
                "(FindCUDA: -DCUDA_TOOLKIT_ROOT_DIR=<toolkit>)."
            ),
        ]
    elif lower == "torch":
        cause = _(
            "CMake did not find TorchConfig.cmake: a C++ project built against PyTorch "
            "(libtorch) was not told where libtorch or the installed torch package is."
        )
        fix = [
            _(
                "Point CMake at it: -DCMAKE_PREFIX_PATH=/absolute/path/to/libtorch, or for "
                "the torch installed in Python: "
                "-DCMAKE_PREFIX_PATH=\"$(python -c 'import torch; print(torch.utils.cmake_prefix_path)')\"."
            ),
        ]
    elif lower in ("python", "python2", "python3", "pythonlibs", "pythoninterp") and not config:
        # CMake's FindPython/FindPython3 (and the older FindPythonLibs/FindPythonInterp):
        # the Python headers and library, and its NumPy when the project asks for it.
        var = "PYTHON" if lower.startswith("pythonl") or lower == "pythoninterp" else pkg
        cause = _(
            "CMake's Find module did not find what the build needs from {pkg}: the "
            "Python development files (Python.h and the library), or, when NumPy is named "
            "missing, NumPy in the Python it found, or it looked at another Python than "
            "the one you build for."
        ).format(pkg=pkg)
        fix = [
            _(
                "Install the development files of that Python: `sudo apt-get install "
                "python3-dev` (Debian/Ubuntu), `sudo dnf install python3-devel` (Fedora/RHEL); "
                "a conda or pyenv Python has them already."
            ),
            _(
                "If NumPy is missing: `<that python> -m pip install numpy` into the same Python "
                "CMake uses."
            ),
            _("Point CMake at the Python to build for: -D{var}_EXECUTABLE=$(which python).").format(
                var=var
            ),
        ]
    else:
        cause = _(
            "CMake did not find {pkg}, which the build requires: its development files "
            "(headers, libraries, CMake config) are not installed, only its run-time "
            "package or nothing, or they are installed in a prefix CMake does not search "
            "(/opt, a conda environment, a library built by hand)."
        ).format(pkg=pkg)
        apt = _APT_PACKAGES.get(lower)
        fix = [
            _("Install the development package: `sudo apt-get install {apt}`.").format(apt=apt)
            if apt
            else _(
                "Install {pkg}'s development package: on Debian/Ubuntu the -dev one "
                "(`apt-cache search {lower}`), on Fedora/RHEL the -devel one; on macOS "
                "`brew install`; in a conda environment from conda-forge."
            ).format(pkg=pkg, lower=lower),
        ]
    if "missing" in facts:
        cause += sep() + _("Not found: {missing}.").format(missing=facts["missing"])
    if lower != "torch" and not config:
        # "Could NOT find" comes from a Find module, which reads <Pkg>_ROOT, not <Pkg>_DIR.
        fix.append(
            _(
                "Installed in another prefix: -DCMAKE_PREFIX_PATH=<prefix> (or "
                "-D{pkg}_ROOT=<prefix>)."
            ).format(pkg=pkg)
        )
    elif lower != "torch":
        fix.append(
            _(
                "Installed in another prefix: -DCMAKE_PREFIX_PATH=<prefix> (or -D{pkg}_DIR=<the "
                "folder holding its {pkg}Config.cmake>, -D{pkg}_ROOT=<prefix>)."
            ).format(pkg=pkg)
        )
    fix.append(
        _(
            "Then configure again in an empty build folder: CMake keeps what it found in CMakeCache.txt."
        )
    )
    return Advice(cause, tuple(fix), facts, key=pkg, used_local_facts=ctx.known.local)


# The OpenGL family's libraries by their -l name, lower-cased: (the name as the library
# spells it, the soname the run-time package installs, the Debian/Ubuntu and Fedora/RHEL
# development packages that install the unversioned lib<name>.so). The Debian names are the
# ones every release has (Debian 12's libgl1-mesa-dev and libegl1-mesa-dev pull in the
# newer libgl-dev / libegl-dev).
_GL_LIBRARIES: dict[str, tuple[str, str, str, str]] = {
    "gl": ("GL", "libGL.so.1", "libgl1-mesa-dev", "mesa-libGL-devel"),
    "glu": ("GLU", "libGLU.so.1", "libglu1-mesa-dev", "mesa-libGLU-devel"),
    "egl": ("EGL", "libEGL.so.1", "libegl1-mesa-dev", "mesa-libEGL-devel"),
    "osmesa": ("OSMesa", "libOSMesa.so.8", "libosmesa6-dev", "mesa-libOSMesa-devel"),
    "glew": ("GLEW", "libGLEW.so.2.*", "libglew-dev", "glew-devel"),
    "opengl": ("OpenGL", "libOpenGL.so.0", "libopengl-dev", "libglvnd-devel"),
    "glx": ("GLX", "libGLX.so.0", "libglx-dev", "libglvnd-devel"),
    "glesv2": ("GLESv2", "libGLESv2.so.2", "libgles2-mesa-dev", "mesa-libGLES-devel"),
}


# GNU ld's "cannot find -lGL" (binutils 2.40 and newer add ": No such file or directory"; its
# Chinese translation "找不到 -lGL"),
# LLVM lld's "unable to find library -lGL": a build links an OpenGL library by its unversioned
# development name (libGL.so), which only the -dev/-devel package installs (mujoco-py's
# Cython extension links GL, GLEW and OSMesa; openai/mujoco-py#763).
@FAMILY.entry(
    code="gl-library-link-missing",
    keywords=tuple(
        f"{how} -l{lib}"
        for lib in _GL_LIBRARIES
        for how in ("cannot find", "unable to find library", "找不到")
    ),
    title=N_("The linker finds no OpenGL library (libGL.so, its development files)"),
    patterns=(
        rx(
            r"(?:cannot find|unable to find library|找不到) -l(?P<lib>GLESv2|GLU|GLEW|GLX|GL|EGL|OSMesa|"
            r"OpenGL)(?![\w.+-])"
        ),
    ),
    specificity=3,
)
def _advise_gl_link(m: re.Match[str], ctx: Context) -> Advice:
    key = m.group("lib").lower()
    name, soname, deb, rpm = _GL_LIBRARIES[key]
    lib = f"lib{name}.so"
    facts: dict[str, object] = {"library": lib}
    cause = _(
        "The link step asks for {lib}, the unversioned development name of the {name} "
        "library, and the linker finds it in none of its folders. The run-time package "
        "installs only {soname}; {lib} comes with the development package, and is missing "
        "where only the run-time library is installed (a cluster node, a slim container, "
        "the NVIDIA driver's own libGL), or where a conda compiler looks only in the "
        "environment."
    ).format(lib=lib, name=name, soname=soname)
    fix = [
        _(
            "Install the development package: `sudo apt-get install {deb}` (Debian/Ubuntu), "
            "`sudo dnf install {rpm}` (Fedora/RHEL)."
        ).format(deb=deb, rpm=rpm),
        _(
            "Without root: find the library (`ldconfig -p | grep {lib}`), link its "
            "unversioned name into a folder of yours and point the linker there: `mkdir -p "
            "~/.local/lib && ln -s <path of {soname}> ~/.local/lib/{lib} && export "
            "LIBRARY_PATH=~/.local/lib:$LIBRARY_PATH`, then build again."
        ).format(lib=lib, soname=soname),
    ]
    if ctx.has("conda"):
        fix.append(
            _(
                "With a conda environment's compilers, put that link in the environment's own "
                "lib folder instead: `ln -s <path of {soname}> $CONDA_PREFIX/lib/{lib}`."
            ).format(lib=lib, soname=soname)
        )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
