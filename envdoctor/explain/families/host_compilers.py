"""Host compilers nvcc refuses or cannot parse when an extension is built (gcc, MSVC, clang)."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import YIELDS_TO_ALL, Family, rx, sep
from envdoctor.explain.steps import (
    builds_without_torch,
)
from envdoctor.i18n import N_, _

FAMILY = Family("host_compilers")


def _gcc_headers(m: re.Match[str], ctx: Context) -> Advice:
    """nvcc failing inside the host gcc's own C++ headers (std_function.h, tuple): a gcc this
    CUDA toolkit does not support (exllama#65: nvcc 11.5 with gcc 11; NVIDIA/nccl#102: CUDA
    8 with gcc 6; huggingface/candle's README: build with gcc 10 through NVCC_CCBIN)."""
    k = ctx.known
    gcc = m.group("gcc").split(".")[0]
    facts: dict[str, object] = {"compiler": f"gcc {gcc}", "header": m.group("header")}
    path = ctx.near(_NVCC_PATH, "/bin/nvcc", before=120, reach=40)
    cuda = str(k.nvcc) if k.nvcc else (path.group("cuda") if path and path.group("cuda") else None)
    if cuda:
        facts["nvcc_cuda"] = cuda
    cause = _(
        "nvcc compiled CUDA code with gcc {gcc} as host compiler and failed inside gcc's own "
        "C++ headers ({header}): this nvcc cannot parse that gcc's headers. Each CUDA toolkit "
        "supports a range of gcc versions, and gcc {gcc} is outside this one's."
    ).format(gcc=gcc, header=m.group("header"))
    if cuda:
        cause += sep() + _("The toolkit is CUDA {cuda}.").format(cuda=cuda)
    fix = [
        _(
            "Build with an older gcc that this CUDA supports (NVIDIA's installation guide for "
            "your CUDA version lists them; gcc 10 for gcc 11's headers): install it (e.g. "
            "`sudo apt install gcc-10 g++-10`) and set NVCC_CCBIN=g++-10 (or pass `-ccbin "
            "g++-10` to nvcc; CMake: CMAKE_CUDA_HOST_COMPILER)."
        )
        if gcc == "11"
        else _(
            "Build with an older gcc that this CUDA supports (NVIDIA's installation guide for "
            "your CUDA version lists them): install it and point nvcc at it with "
            "NVCC_CCBIN=g++-<version> (or `-ccbin g++-<version>`; CMake: "
            "CMAKE_CUDA_HOST_COMPILER)."
        ),
        _("Or use a newer CUDA toolkit, whose nvcc supports gcc {gcc}.").format(gcc=gcc),
    ]
    if path and path.group("distro"):
        fix.insert(
            0,
            _(
                "The build uses /usr/bin/nvcc, the distribution's CUDA toolkit package (e.g. "
                "Ubuntu's nvidia-cuda-toolkit), which is often older than the system's gcc and "
                "than torch's CUDA: install NVIDIA's toolkit of torch's CUDA version and point "
                "the build at it (CUDA_HOME=/usr/local/cuda-<version>, its bin first on PATH)."
            ),
        )
    return Advice(cause, tuple(fix), facts, key=f"gcc{gcc}", used_local_facts=k.local)


# The nvcc that ran: /usr/bin/nvcc is a distribution's package; /usr/local/cuda-X.Y/bin/nvcc
# names its version.
_NVCC_PATH = re.compile(r"(?:(?P<distro>/usr/bin/nvcc)|cuda-(?P<cuda>\d{1,2}\.\d)/bin/nvcc)\b")


@FAMILY.entry(
    code="extension-gcc-unsupported",
    keywords=(
        "unsupported gnu version",
        "are not supported!",
        "unsupported microsoft visual studio version",
        "of the host compiler",
        "unsupported clang version",
        "parameter packs not expanded",
    ),
    title=N_("Host compiler too new for this CUDA toolkit (building an extension)"),
    patterns=(
        # CUDA 8's host_config.h gives a minor version too: "later than 5.3" (torch/distro#219).
        rx(
            r"unsupported GNU version! gcc versions later than (?P<max>\d+(?:\.\d+)?) "
            r"are not supported"
        ),
        # CUDA 5.x-6.x's host_config.h: "gcc 4.9 and up are not supported!"
        rx(r"unsupported GNU version! gcc (?P<up>\d{1,2}\.\d{1,2}) and up are not supported"),
        # nvcc's sentence quoted without its "#error -- unsupported GNU version!" start.
        rx(r"(?<!GNU version! )gcc versions later than (?P<max>\d+(?:\.\d+)?) are not supported!"),
        rx(r"unsupported Microsoft Visual Studio version!(?P<msvc> Only the versions [^.!]{0,80})"),
        # nvcc's check of any other host compiler (Apple clang, clang, icc).
        rx(
            r"The version \('(?P<version>\d+)'\) of the host compiler \('(?P<compiler>[\w .+-]{1,40})'"
            r"\) is not supported"
        ),
        rx(
            r"unsupported (?P<compiler>clang) version! clang version must be less than (?P<below>\d+)"
        ),
        # gcc's own C++ headers that nvcc cannot parse (gcc 11's std_function.h, gcc 6's
        # tuple; /usr/include/c++/<N>/ or a toolchain's include/c++/<N.M.K>/).
        rx(
            r"c\+\+/(?P<gcc>\d{1,2}(?:\.\d{1,2}){0,2})/(?P<header>(?:bits/)?[\w.]{1,40}):"
            r"\d{1,5}:\d{1,5}: error: parameter packs not expanded with"
        ),
    ),
    specificity=3,
)
def _advise_gcc(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("gcc") is not None:
        return _gcc_headers(m, ctx)
    plain = builds_without_torch(ctx)  # llama.cpp, a CUDA sample: no torch in the fix
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if k.nvcc:
        facts["nvcc_cuda"] = str(k.nvcc)
    if groups.get("up"):
        # The newest it accepts is the minor release before: 4.9 and up -> gcc 4.8.
        major, minor = (int(x) for x in groups["up"].split("."))
        groups = {**groups, "max": f"{major}.{minor - 1}" if minor else str(major - 1)}
    if groups.get("max"):
        newest = groups["max"]
        facts["newest_gcc"] = int(newest) if newest.isdigit() else newest
        cause = _(
            "nvcc (the CUDA toolkit's compiler) accepts host compilers only up to gcc "
            "{max}, and the gcc it found is newer. Each CUDA toolkit release supports a "
            "range of gcc versions; a distribution upgrade often brings a newer gcc."
        ).format(max=newest)
        fix = [
            _(
                "Install gcc-{max}/g++-{max} and let nvcc use it: export CC=gcc-{max} "
                "CXX=g++-{max} CUDAHOSTCXX=g++-{max} (or NVCC_CCBIN=g++-{max}), then build again."
            ).format(max=newest)
            # Packages were gcc-4.8, gcc-4.9; from gcc 5 they are gcc-5, gcc-6, ..., and
            # gcc-5 may be a later 5.x (5.4) than a limit of "later than 5.3".
            if newest.isdigit() or int(newest.split(".")[0]) < 5
            else _(
                "Install a gcc no newer than {max} (a distribution's gcc-{major} package may "
                "be a later {major}.x: check `gcc-{major} --version`) and let nvcc use it: "
                "export CC=<that gcc> CXX=<that g++> CUDAHOSTCXX=<that g++>, then build again."
            ).format(max=newest, major=newest.split(".")[0]),
            _(
                "Or install a newer CUDA toolkit that supports your gcc and point the build "
                "at it (CUDA_HOME, or -DCUDAToolkit_ROOT for CMake)."
            )
            if plain
            else _(
                "Or install a newer CUDA toolkit that supports your gcc, of the same major "
                "version as torch's CUDA ({tcuda}), and point CUDA_HOME at it."
            ).format(tcuda=k.torch_cuda or "torch.version.cuda"),
        ]
    elif groups.get("compiler"):
        facts["host_compiler"] = groups["compiler"]
        cause = _(
            "nvcc does not support this version of the host compiler ({compiler}): each "
            "CUDA toolkit accepts only the compiler versions it was tested with, and this "
            "one is outside that range (usually newer, after an Xcode or distribution "
            "upgrade)."
        ).format(compiler=groups["compiler"])
        if groups.get("below"):
            facts["clang_below"] = int(groups["below"])
            cause += sep() + _("This toolkit needs clang older than {below}.").format(
                below=groups["below"]
            )
        fix = [
            _(
                "Build with an older Xcode's command line tools, selected with `sudo "
                "xcode-select -s` (CUDA for macOS ended with 10.2: no newer toolkit exists "
                "there)."
            )
            if "apple" in groups["compiler"].lower()
            else _(
                "Build with a compiler version this CUDA toolkit supports (its installation "
                "guide lists them), or install a newer CUDA toolkit."
            ),
            _(
                "nvcc's -allow-unsupported-compiler skips the check, at your own risk: "
                "builds may fail or miscompile."
            ),
        ]
    else:
        cause = _(
            "nvcc does not support the installed Visual Studio version: each CUDA "
            "toolkit accepts only the MSVC versions it was tested with."
        )
        fix = [
            _(
                "Install a Visual Studio Build Tools version that this CUDA toolkit "
                "supports, or a newer CUDA toolkit."
            )
            if plain
            else _(
                "Install a Visual Studio Build Tools version that this CUDA toolkit "
                "supports, or a newer CUDA toolkit of torch's CUDA major."
            )
        ]
    fix.append(
        _(
            "Prefer a prebuilt binary of the package for your CUDA version, which needs no "
            "compiler at all."
        )
        if plain
        else _(
            "Prefer a prebuilt wheel of the package for your torch and CUDA, which needs "
            "no compiler at all."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# torch.utils.cpp_extension's summary when ninja failed (`_run_ninja_build`): the compiler's
# own error is printed above it (nerfstudio#3077: gcc 12 with CUDA 11.8's nvcc). Only the
# last resort: any entry that reads the compiler's error says more.
@FAMILY.entry(
    code="extension-build-failed",
    keywords=("error compiling objects for extension",),
    title=N_("Building a C++/CUDA extension failed (the compiler's error is above)"),
    patterns=(rx(r"Error compiling objects for extension"),),
    specificity=1,
    defers_to=YIELDS_TO_ALL,
)
def _advise_build_failed(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "PyTorch's extension builder ran the compiler (through ninja) and it failed; this "
        "line only sums it up. The reason is the first error the compiler printed above it. "
        "From the environment it is most often a host gcc newer than the CUDA toolkit's nvcc "
        "accepts (errors inside gcc's own headers, or 'unsupported GNU version'), an nvcc of "
        "another CUDA than torch's, or missing development headers."
    )
    fix = (
        _(
            "Find the first line with 'error' in the build output (with pip: `pip install -v "
            "...`), not the last one: it names the file and the reason."
        ),
        _(
            'Compare the toolchain: `gcc --version`, `nvcc --version` and `python -c "import '
            'torch; print(torch.version.cuda)"`; a gcc newer than nvcc supports builds with an '
            "older one: `export CC=gcc-11 CXX=g++-11` (or the newest your CUDA lists)."
        ),
        _(
            "If the compiler was killed (out of memory), limit the parallel jobs: `export "
            "MAX_JOBS=2` and build again."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
