"""What the OS loaders (glibc ld.so, macOS dyld) say about binaries that are not CUDA's or
PyTorch's own: a binary for another CPU architecture, a system library that is not installed.

The CUDA, cuDNN and torch libraries have entries of their own (`libraries`); these are the
loader's other failures that people meet on the way to a working GPU setup.
"""

from __future__ import annotations

import re

from envdoctor.explain.families.library_lookups import (
    dyld_missing,
    found_by_name,
    project_library,
    project_library_path,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.tracebacks import last_frame_package
from envdoctor.i18n import N_, _

FAMILY = Family("loaders")

_ARM = ("arm64", "arm64e", "aarch64")


@FAMILY.entry(
    code="binary-wrong-architecture",
    keywords=(
        "incompatible architecture",
        "wrong architecture",
        "wrong elf class",
        "found architecture",
        "not the architecture being linked",
        "attempting to link with file built for",
        "exec format error",
        "could not run on the host's",
    ),
    title=N_("A compiled module was built for another CPU architecture"),
    patterns=(
        # dyld on macOS 12+: quoted in '' (Python's dlopen) or in () (older dyld).
        rx(
            r"mach-o file, but is an incompatible architecture \(have [('](?P<have>\w+)[)'], "
            r"need [('](?P<need>\w+)[)']\)"
        ),
        # dyld before macOS 12.
        rx(r"(?P<lib>[^\s:'\"]{1,300}): mach-o, but wrong architecture"),
        # macOS's linker (ld64, Xcode 15's ld) skipping a library of the other architecture
        # while linking a program against it (tch-rs, a C++ program on libtorch).
        rx(
            r"ignoring file '?(?P<lib>[^'\s]{1,300}?)'?[:,] found architecture '(?P<have>\w+)', "
            r"required architecture '(?P<need>\w+)'"
        ),
        rx(
            r"ignoring file '?(?P<lib>[^'\s,]{1,300}?)'?, file was built for (?P<have>\w+) "
            r"which is not the architecture being linked \((?P<need>\w+)\)"
        ),
        rx(
            r"building for macOS-(?P<need>\w+) but attempting to link with file built for "
            r"macOS-(?P<have>\w+)"
        ),
        # The kernel refusing to run a program file (ENOEXEC), in the shell's or Python's
        # words ("[Errno 8] Exec format error: './ollama'").
        rx(r"(?:cannot execute binary file: |\[Errno 8\] )Exec format error(?P<exec>)"),
        # Apptainer/Singularity's check of a SIF image (apptainer pkg/image/sif.go, 917d665).
        rx(
            r"the image's architecture \((?P<image>\w+)\) could not run on the host's "
            r"\((?P<host>\w+)\)"
        ),
        # glibc: a 32-bit library in a 64-bit process or the reverse.
        rx(r"(?P<lib>[^\s:'\"]{1,300}): wrong ELF class: ELFCLASS(?P<elf>32|64)"),
    ),
    specificity=3,
)
def _advise_wrong_arch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    have, need = groups.get("have"), groups.get("need")
    facts: dict[str, object] = {}
    for name in ("have", "need", "lib"):
        if groups.get(name):
            facts[
                "binary_arch" if name == "have" else "process_arch" if name == "need" else name
            ] = groups[name]
    fix: list[str] = []
    if groups.get("exec") is not None:
        return _exec_format(facts, k.local)
    if groups.get("image"):
        return _container_arch(groups["image"], groups["host"], k.local)
    if groups.get("elf"):
        facts["elf_class"] = groups["elf"]
        cause = _(
            "The loader refused {lib}: it is a {bits}-bit library and the process is not. A "
            "library folder of the other word size (lib vs lib64 / lib32) comes first on "
            "LD_LIBRARY_PATH, or a 32-bit Python or package was installed."
        ).format(lib=groups["lib"], bits=groups["elf"])
        fix.append(
            _(
                "Check the library with `file {lib}` and the interpreter with "
                "`file $(which python)`."
            ).format(lib=groups["lib"])
        )
        fix.append(
            _(
                "Remove the folders of the other word size from LD_LIBRARY_PATH, or "
                "reinstall the package for a 64-bit Python."
            )
        )
        return Advice(cause, tuple(fix), facts, key=groups["lib"], used_local_facts=k.local)
    cause = _(
        "macOS refused to load a compiled module because it was built for another CPU "
        "architecture than the Python process that loads it. On an Apple silicon Mac this "
        "happens when an x86_64 Python (run by Rosetta, e.g. an Intel Anaconda or Homebrew "
        "under /usr/local) and an arm64 Python share packages, or pip reused wheels "
        "downloaded for the other one."
    )
    if "ignoring file" in m.re.pattern or "attempting to link" in m.re.pattern:
        facts["linker"] = True
        cause = _(
            "macOS's linker skipped a library built for another CPU architecture than the "
            "program being linked, so the link fails or the program misses its symbols. On an "
            "Apple silicon Mac this happens when the library was installed by an x86_64 "
            "Python or package manager (run by Rosetta, e.g. an Intel Anaconda, micromamba or "
            "Homebrew under /usr/local) while the build targets arm64, or the reverse."
        )
    if have and need and facts.get("linker"):
        cause += sep() + _(
            "Here the build targets {need} and the library is {have}: install the library "
            "(e.g. torch in its environment) again for {need}, or build for {have}."
        ).format(need=need, have=have)
    elif have and need:
        if need.lower() in _ARM:
            cause += sep() + _(
                "Here the process is arm64 and the module is {have}: the package was "
                "installed by an x86_64 Python or copied from an Intel Mac."
            ).format(have=have)
        elif have.lower() in _ARM:
            cause += sep() + _(
                "Here the module is arm64 and the process is {need}: Python itself runs as "
                "x86_64 under Rosetta; PyTorch has no x86_64 macOS wheels after 2.2, and MPS "
                "never works under Rosetta."
            ).format(need=need)
    fix.extend(
        (
            _(
                'Check the interpreter: `python -c "import platform; print(platform.machine())"` '
                "must print arm64 on Apple silicon; otherwise install an arm64 Python "
                "(python.org universal2, Miniforge arm64, /opt/homebrew)."
            ),
            _(
                "Create a new virtual environment with that Python and reinstall the packages "
                "with `python -m pip install --no-cache-dir ...`, so no wheel of the other "
                "architecture is reused."
            ),
        )
    )
    return Advice(cause, tuple(fix), facts, key=f"{have}/{need}", used_local_facts=k.local)


def _exec_format(facts: dict[str, object], local: bool) -> Advice:
    """ENOEXEC: the file is no program this machine can run."""
    facts["exec_format"] = True
    cause = _(
        "The system refused to run a program file: it was built for another CPU "
        "architecture (an x86_64 build on an ARM machine such as a Jetson, a Raspberry Pi, "
        "an AWS Graviton or a Linux VM on an Apple silicon Mac, or the reverse), or it is "
        "not a complete program at all (a download that stopped early, an HTML error page "
        "saved under the program's name). A script run directly (Python's subprocess) "
        "fails the same way when its first line is no `#!` interpreter line."
    )
    fix = (
        _(
            "Compare the machine with the file: `uname -m` (x86_64, or aarch64/arm64) and "
            "`file <program>` (the architecture it was built for, or that it is no binary)."
        ),
        _(
            "A script: give it a first line such as `#!/bin/sh` (or `#!/usr/bin/env "
            "python3`), or run it through its interpreter (`sh script.sh`)."
        ),
        _(
            "Download or install the build for this machine's architecture (amd64/x86_64 "
            "or arm64/aarch64); in Docker, an image for the host's platform (`docker image "
            "inspect` shows its Architecture)."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("A program file this machine cannot run (another CPU architecture?)"),
        key="exec-format",
        used_local_facts=local,
    )


def _container_arch(image: str, host: str, local: bool) -> Advice:
    """Apptainer refused a SIF image of another CPU architecture (apptainer-userdocs
    docker_and_oci.rst, 94391c5: `pull --arch`, and CPU emulation through QEMU and
    binfmt_misc that an administrator sets up; sif.go accepts another architecture only
    when the host has persistent binfmt_misc emulation for it)."""
    cause = _(
        "The container image was built for {image} CPUs and this host is {host}: "
        "Apptainer/Singularity runs an image of another architecture only when the host "
        "emulates that CPU (QEMU registered through the kernel's binfmt_misc), and this one "
        "does not."
    ).format(image=image, host=host)
    fix = (
        _(
            "Use an image for this host's architecture: pull or build it again here "
            "(`apptainer pull --arch {host} docker://<image>` for a Docker image)."
        ).format(host=host),
        _(
            "Or have an administrator set up CPU emulation: `sudo apptainer run "
            "docker://multiarch/qemu-user-static --reset -p yes` on amd64 hosts "
            "(`docker://tonistiigi/binfmt --install all` on arm64), or the distribution's "
            "QEMU user-emulation packages."
        ),
    )
    facts: dict[str, object] = {"image_arch": image, "host_arch": host}
    return Advice(
        cause,
        fix,
        facts,
        title=_("The container image is for another CPU architecture"),
        key="container",
        used_local_facts=local,
    )


# The CUDA / cuDNN / torch / driver libraries have specific entries; this one takes the rest.
_SPECIFIC_LIBS = (
    r"(?!(?:cudnn|cublas|cudart|cufft|curand|cusparse|cusolver|nvrtc|nvJitLink|nccl|cupti|"
    r"nvToolsExt|torch|c10|caffe2|cuda\b|cuda\.|nvidia-ml|nvcuvid|nvidia-encode)\w*)"
)


# A library named missing in a program's own words or ldd's ("libnccl.so.2 not found",
# "libfoo.so.1 => not found"): the keywords end where every such name ends.
SO_NOT_FOUND = (".so not found", "=> not found", *(f"{digit} not found" for digit in "0123456789"))
# ... as the statement's end: not a warning that goes on ("libcuda.so not found, running on
# CPU", bitsandbytes 0.3x's "libcudart.so not found in any environmental path. Searching
# ...", "libcuda.so not found! Do you have a CUDA driver installed?").
NOT_FOUND_END = r"(?: =>)? not found(?=[ \t]*[.:;]?[ \t]*(?:\n|$)|[.:;]? (?-i:[A-Z(]))"


@FAMILY.entry(
    code="shared-library-missing",
    keywords=(
        "cannot open shared object",
        "library not loaded",
        "library not found",
        *SO_NOT_FOUND,
    ),
    title=N_("A system shared library is not installed"),
    patterns=(
        rx(
            # The interpreter's library carries its version before ".so": libpython3.12.so.1.0.
            r"(?<![\w.+-])lib" + _SPECIFIC_LIBS + r"(?P<name>python\d\.\d{1,2}m?|[\w+-]{1,60})"
            r"(?P<ver>\.so(?:\.\d+)*)\s*:\s*cannot open shared object file"
        ),
        rx(
            r"(?<![\w.+-])lib"
            + _SPECIFIC_LIBS
            + r"(?P<name>python\d\.\d{1,2}m?|[\w+-]{1,60})(?P<ver>\.so(?:\.\d+)*)"
            + NOT_FOUND_END
        ),
        # macOS dyld (dyld2's ImageLoader.cpp, dyld 4's JustInTimeLoader.cpp): "Library not
        # loaded: <install name>", then "Referenced from: [<UUID>] <binary>" and the reason.
        # A Python package's own search (ctypes.util.find_library) for a system library:
        # sounddevice's "PortAudio library not found", soundfile's "sndfile library not found
        # using ctypes.util.find_library".
        rx(r"(?P<pylib>PortAudio|sndfile) library not found"),
        rx(r"OSError: " + _SPECIFIC_LIBS + r"(?P<pylib>[A-Za-z][\w+-]{1,40}) library not found"),
        rx(
            r"Library not loaded: (?P<dir>(?:@rpath|@loader_path|@executable_path)/"
            r"(?:[^\s'\"]{0,200}/)?|/[^\s'\"]{0,300}/)?(?P<dylib>[^\s/'\"]{1,120})"
            r"(?:\s{1,10}Referenced from: (?:<[\w-]{1,40}> )?(?P<ref>[^\s'\"]{1,300}))?"
        ),
    ),
    specificity=1,
    # Paddle's loader names the library it could not load, and why; TensorRT's libraries
    # and torch's dylibs have their own answers, and so has MPI's compiler wrapper that
    # cannot start; a dylib of too old a version is another cause than a missing one.
    defers_to=frozenset(
        {
            "bitsandbytes-native-library-missing",
            "mpi-compiler-wrapper-missing",
            "numba-nvvm-missing",
            "paddle-library-missing",
            "shared-library-symbol-missing",
            "tensorrt-library-missing",
            "torch-library-missing",
        }
    ),
)
def _advise_shared_library(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("dylib"):
        return dyld_missing(m, ctx)
    if m.groupdict().get("pylib"):
        return found_by_name(m, ctx)
    lib = f"lib{m.group('name')}{m.group('ver')}"
    # A path of the project's own (relative, or inside the program's folder) is a file it
    # builds itself, not a package to install (cong/yolov5_deepsort_tensorrt#6's plugin).
    if (path := project_library_path(m, ctx)) is not None:
        return project_library(path, lib, ctx)
    name = m.group("name").lower()
    facts: dict[str, object] = {"library": lib}
    cause = _(
        "The loader found no {lib}: a system library that a compiled module needs is not "
        "installed, or it is installed in a folder the loader does not search."
    ).format(lib=lib)
    fix: list[str] = []
    if name in ("gl", "glib-2.0", "gthread-2.0", "sm", "xext", "xrender", "ice", "x11", "egl"):
        cause += sep() + _(
            "{lib} is a graphics library that OpenCV (cv2) loads; servers and slim "
            "containers do not have it."
        ).format(lib=lib)
        fix.append(
            _(
                "Install the headless OpenCV instead: `python -m pip uninstall -y "
                "opencv-python && python -m pip install opencv-python-headless`."
            )
        )
        fix.append(
            _(
                "Or install the library: `sudo apt-get install -y libgl1 libglib2.0-0` (Debian/Ubuntu)."
            )
        )
    elif name.startswith("python"):
        # PaddlePaddle/docs@46ceb37 docs/faq/install_cn.md: paddle 3.0.0b0 links libpython,
        # and a conda Python's lib folder is not on the loader's path.
        cause += sep() + _(
            "{lib} is the shared library of the Python interpreter, which the module links "
            "to. It may be there but in a folder the loader does not search (a conda or "
            "other self-contained Python keeps it in its own lib folder), this Python may "
            "have been built without it (--enable-shared), or the module was built for "
            "another Python version."
        ).format(lib=lib)
        fix.append(
            _(
                "Find it: `find / -name {lib} 2>/dev/null`; in a conda environment it is in "
                "$CONDA_PREFIX/lib. Add that folder to the loader's path: `export "
                "LD_LIBRARY_PATH=$CONDA_PREFIX/lib:$LD_LIBRARY_PATH`."
            ).format(lib=lib)
        )
        fix.append(
            _(
                "If there is none: install the interpreter's shared library (e.g. `sudo "
                "apt-get install libpython3.X`), or use a Python built with --enable-shared "
                "(conda, python.org)."
            )
        )
    elif (package := _own_library_of(m, ctx)) is not None:
        return _package_library(lib, package, facts, ctx)
    else:
        fix.append(
            _(
                "Find the package that provides it: `apt-file search {lib}` (Debian/Ubuntu), "
                "`dnf provides '*/{lib}'` (Fedora/RHEL), or `conda install` it into the "
                "environment."
            ).format(lib=lib)
        )
    fix.append(
        _(
            "If it is installed, check where: `ldconfig -p | grep {name}`; a library outside "
            "the loader's folders needs its folder in LD_LIBRARY_PATH."
        ).format(name=m.group("name"))
    )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


# Packages whose wheels moved a native library into a companion distribution: sherpa-onnx
# 1.12.10+ loads libonnxruntime.so from sherpa-onnx-core, which `pip install sherpa-onnx`
# brings in (maintainer in k2-fsa/sherpa-onnx#2791; #2581 under uv).
_COMPANIONS = {"sherpa_onnx": ("sherpa-onnx", "sherpa-onnx-core")}
# Packages whose import loads libraries the system provides (OpenCV's are answered above).
_SYSTEM_USERS = frozenset({"torch", "torchvision", "torchaudio", "cv2", "soundfile", "pyaudio"})


def _own_library_of(m: re.Match[str], ctx: Context) -> str | None:
    """The installed package whose import raised the message (its frame is the traceback's
    last, in site-packages), when the library is one it ships rather than the system's."""
    package = last_frame_package(ctx, m.start(), reach=1200)
    if package is None or package in _SYSTEM_USERS or package.startswith("nvidia"):
        return None
    if package in _COMPANIONS:
        return package
    # Only a library named after the package is taken for its own (psycopg2's libpq.so.5
    # and MySQLdb's libmysqlclient are the system's).
    base = re.sub(r"[-_.]", "", m.group("name").lower())
    name = re.sub(r"[-_.]", "", package.lower())
    return package if base and (name in base or base in name) else None


def _package_library(lib: str, package: str, facts: dict[str, object], ctx: Context) -> Advice:
    dist, companion = _COMPANIONS.get(package, (package.replace("_", "-"), None))
    facts["package"] = package
    cause = _(
        "{package}'s compiled module (in site-packages/{package}) could not load {lib}: "
        "usually a library the package's own wheels provide, inside the package or in a "
        "companion package it depends on, so the install is incomplete (installed with "
        "--no-deps, interrupted, or a lock file that missed the companion)."
    ).format(package=package, lib=lib)
    fix: list[str] = []
    if companion is not None:
        facts["companion"] = companion
        cause += sep() + _("{dist} keeps {lib} in a separate package, {companion}.").format(
            dist=dist, lib=lib, companion=companion
        )
        fix.append(
            _("Install it into the same environment: `python -m pip install {companion}`.").format(
                companion=companion
            )
        )
    fix.append(
        _(
            "Reinstall {dist} with its dependencies: `python -m pip install --force-reinstall "
            "{dist}` (`python -m pip show {dist}` lists what it requires)."
        ).format(dist=dist)
    )
    fix.append(
        _(
            "Only if {dist}'s install page names {lib} as a system library, install that with "
            "the system's package manager."
        ).format(dist=dist, lib=lib)
    )
    title = _("A package's own native library is missing")
    return Advice(cause, tuple(fix), facts, title=title, key=lib, used_local_facts=ctx.known.local)


# MKL 2024.1 dropped iJIT_NotifyEvent, which PyTorch's conda/pip builds linked against MKL
# still import (pytorch/pytorch#123097; projects pin mkl=2024.0, e.g. samgoldman97/mist#12).
@FAMILY.entry(
    code="mkl-ijit-symbol-missing",
    keywords=("ijit_notifyevent",),
    title=N_("torch cannot load: MKL 2024.1 or newer in a conda environment"),
    # (The library's name may be cut off, as in an issue title: ByeongHyunPak/tqdm#10.)
    patterns=(rx(r"(?:libtorch_cpu\.so: )?undefined symbol: iJIT_NotifyEvent"),),
    specificity=3,
)
def _advise_mkl_ijit(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "libtorch_cpu.so imports iJIT_NotifyEvent from Intel MKL, and MKL 2024.1 removed it: "
        "the conda environment (or a oneAPI install on LD_LIBRARY_PATH) brought MKL 2024.1 "
        "or newer next to a torch built against an older MKL."
    )
    fix = (
        _(
            'Pin MKL below 2024.1 in the environment: `conda install "mkl<2024.1"` (or '
            "`mkl=2024.0` in environment.yml)."
        ),
        _(
            "Or install torch with pip into the environment (its wheels do not use conda's "
            "MKL), or take oneAPI's MKL folder off LD_LIBRARY_PATH."
        ),
    )
    return Advice(cause, fix, {"symbol": "iJIT_NotifyEvent"}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY", "NOT_FOUND_END", "SO_NOT_FOUND"]
