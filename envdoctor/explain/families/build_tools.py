"""The tools a compiled extension needs to build (torch.utils.cpp_extension, setup.py,
pip building from source); an extension that was never built is in `compiled_ops`."""

from __future__ import annotations

import re

from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("build_tools")

PREBUILT = N_(
    "Prefer a prebuilt wheel of the package for your torch and CUDA version, which needs no "
    "compiler at all."
)


_TOOLKIT_IN_PATH = re.compile(r"(?:[\\/]v|cuda-)(\d{1,2}\.\d)(?![\d.])", re.IGNORECASE)


@FAMILY.entry(
    code="extension-build-sees-no-cuda",
    keywords=("no cuda runtime is found", "notimplementederror: cuda is not availab"),
    title=N_("Building a CUDA extension with a torch that sees no CUDA"),
    patterns=(
        # torch.utils.cpp_extension, when torch.cuda.is_available() is False at build time.
        rx(r"No CUDA runtime is found, using CUDA_HOME=['\"]?(?P<home>[^'\"\n]{0,200})"),
        # OpenMMLab-style setup.py (make_cuda_ext): no GPU seen and FORCE_CUDA not set.
        rx(r"NotImplementedError: Cuda is not availab(?:le|el)(?P<force_cuda>)"),
    ),
)
def _advise_build_sees_no_cuda(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if m.groupdict().get("force_cuda") is not None and not ctx.has(
        "setup.py", "get_extensions", "make_cuda_ext", "egg_info", "building wheel"
    ):
        return None  # a program's own runtime check, not a build
    home = m.groupdict().get("home") or ""
    facts: dict[str, object] = {"cuda_home": home} if home else {}
    cause = _(
        "While building a CUDA extension, torch.utils.cpp_extension found that this torch "
        "cannot use CUDA (torch.cuda.is_available() is False). Usually the torch in the "
        "build environment is a CPU-only build - pip builds in an isolated environment "
        "with torch from PyPI, which on Windows is the CPU build - or the build runs where "
        "no GPU is visible (docker build, a cluster's login node)."
    )
    fix = [
        _(
            'In the environment that builds, check: python -c "import torch; '
            'print(torch.__version__, torch.version.cuda, torch.cuda.is_available())"'
        ),
    ]
    # The toolkit the build will compile with (CUDA_HOME=...\CUDA\v11.8, /usr/local/cuda-12.1):
    # a torch of another CUDA major would stop the build at the next check.
    toolkit = _TOOLKIT_IN_PATH.search(home)
    cuda = parse_cuda_version(toolkit.group(1)) if toolkit else None
    if cuda is not None:
        facts["toolkit_cuda"] = str(cuda)
        build = suggest(ctx.matrix, k, mirror=ctx.mirror, driver_cuda=cuda)
    else:
        build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None and cuda is not None:
        fix.append(
            _(
                "torch.version.cuda is None (a CPU build)? Install a CUDA build of the same "
                "CUDA major as the toolkit the build uses (CUDA {cuda}): {cmd}"
            ).format(cuda=cuda, cmd=build.command)
        )
    elif build is not None:
        fix.append(
            _("torch.version.cuda is None (a CPU build)? Install a CUDA build: {cmd}").format(
                cmd=build.command
            )
        )
    fix += [
        _(
            "Build against the torch you have, not one pip fetches for the build: "
            "`pip install --no-build-isolation <package>` (or `python setup.py install`)."
        ),
        _(
            "Building without a GPU on purpose (docker build, a login node)? Set "
            'TORCH_CUDA_ARCH_LIST to the target GPUs (e.g. "8.0;8.6;8.9") and this is only '
            "a notice."
        ),
    ]
    if m.groupdict().get("force_cuda") is not None:
        fix.insert(
            1,
            _(
                "This setup.py builds its CUDA code only when torch sees a GPU, unless "
                "FORCE_CUDA=1 is set: with a CUDA build of torch and the toolkit installed, "
                "build with `FORCE_CUDA=1` (and TORCH_CUDA_ARCH_LIST for the target GPUs)."
            ),
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="ninja-missing",
    keywords=("ninja is required", "due to ninja not being installed"),
    title=N_("Ninja not found (JIT-compiling a C++/CUDA extension)"),
    patterns=(
        rx(r"Ninja is required to load C\+\+ extensions"),
        # DeepSpeed's op builder (op_builder/builder.py jit_load): `import ninja` failed.
        rx(r"Unable to JIT load the (?P<op>\w+) op due to ninja not being installed"),
    ),
)
def _advise_ninja(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "The program compiles a C++/CUDA extension when it is imported "
        "(torch.utils.cpp_extension.load), which runs the ninja build tool, and ninja could "
        "not be started: it is not installed, or not on PATH of the process (installed in "
        "another environment, or an IDE/notebook started without the environment's bin / "
        "Scripts folder on PATH)."
    )
    fix = (
        _(
            "Install it into the same environment: `python -m pip install ninja`, and check `ninja --version` in the same shell."
        ),
        _(
            "If it is installed, start the program from the activated environment, or add "
            "its bin (Scripts on Windows) folder to PATH; in Jupyter restart the kernel."
        ),
        _("Compiling also needs a C++ compiler (and nvcc for CUDA code) on PATH."),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


@FAMILY.entry(
    code="cxx-standard-too-old",
    keywords=(
        "compatible compiler is required to use pytorch",
        "string_view",
        "may be abi-incompatible with pytorch",
    ),
    title=N_("The C++ compiler or standard is too old for torch's headers (building an extension)"),
    patterns=(
        # torch/all.h's own check: the build asked for an older C++ standard than torch needs.
        rx(r"#error C\+\+(?P<std>1[47]) or later compatible compiler is required to use PyTorch"),
        # cpp_extension's compiler check: a gcc older than torch's minimum ("g++ 4.8.5").
        rx(
            r"Your compiler \((?:g\+\+|gcc|c\+\+) (?P<gcc>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\) may be "
            r"ABI-incompatible with PyTorch"
        ),
        # torch 2.x's headers include <string_view>, which a gcc before 7 does not have (the
        # rest of the line is in the system's language).
        rx(
            r"(?:c10|torch)[\w/\\.-]{0,200}?\.h(?::\d+){1,2}: fatal error: "
            r"(?P<header>string_view|optional):(?!\w)"
        ),
    ),
)
def _advise_cxx_standard(m: re.Match[str], ctx: Context) -> Advice | None:
    facts: dict[str, object] = {}
    if m.groupdict().get("gcc"):
        if int(m.group("gcc").split(".")[0]) >= 5:
            return None  # at or above the floor the warning names: it misread the compiler
        facts["compiler"] = f"gcc {m.group('gcc')}"
        cause = _(
            "The extension is being compiled with gcc {version}, older than torch's own "
            "check accepts, and current torch's headers need C++17 (gcc 9 or newer): the "
            "build fails or the module does not load."
        ).format(version=m.group("gcc"))
    elif m.groupdict().get("header"):
        facts["missing_header"] = m.group("header")
        cause = _(
            "torch's C++ headers need C++17, and the C++ compiler that builds the extension "
            "has no <{header}> header: it is older than gcc 7 (CentOS/RHEL 7 ship gcc 4.8), "
            "too old for any current torch."
        ).format(header=m.group("header"))
    else:
        facts["cxx_standard"] = "C++" + m.group("std")
        cause = _(
            "torch's C++ headers need C++{std} or later, and this build compiles with an older "
            "standard: the extension's setup.py or CMakeLists sets -std=c++14 (or older) for a "
            "torch that needs C++17, or the compiler is too old to default to it."
        ).format(std=m.group("std"))
    fix = (
        _(
            "Use gcc 9 or newer for the build: install it (Ubuntu: `sudo apt install g++-11`; "
            "RHEL/CentOS: a gcc-toolset or devtoolset; conda: `conda install -c conda-forge "
            "gxx_linux-64=11`) and export CC and CXX to it before building."
        ),
        _(
            "If the extension's setup.py or CMakeLists pins -std=c++14, change it to -std=c++17 "
            "(a newer release of the extension usually has), or build it against the older "
            "torch it was written for."
        ),
        _(PREBUILT),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="msvc-build-tools-missing",
    keywords=(
        "visual c++ 14.0",
        "compiler version for cl",
        "'where', 'cl'",
        "command 'cl.exe'",
        "cannot find compiler 'cl.exe'",
        "visual-cpp-build-tools",
        "could not find msvc/gcc/clang",
    ),
    title=N_("No Microsoft C++ compiler found (building an extension on Windows)"),
    patterns=(
        rx(r"Microsoft Visual C\+\+ 14\.0(?: or greater)? is required"),
        # The same message's link, all that is left when the line above it is cut
        # (sd-webui-reactor#324); setuptools prints it only there.
        rx(r"\S{0,30}microsoft\.com/visual-cpp-build-tools(?=.{0,400}?Failed building wheel)"),
        rx(
            r"Error checking compiler version for cl: (?P<why>[^\n]{0,80}?)(?= warnings| building|$)"
        ),
        rx(r"Command '\['where', 'cl'\]' returned non-zero exit status"),
        # nvcc on Windows compiles the host side with cl.exe: "nvcc fatal : Cannot find
        # compiler 'cl.exe' in PATH" (Blender Cycles' kernels, any CUDA build on Windows).
        rx(r"Cannot find compiler 'cl\.exe' in PATH"),
        # NVlabs' custom_ops.py (StyleGAN2's TensorFlow dnnlib/tflib, StyleGAN2-ADA's and
        # StyleGAN3's torch_utils), on Windows only: no cl.exe on PATH and none in the Visual
        # Studio folders it searches ("Check _find_compiler_bindir() in ..." / "Check
        # compiler_bindir_search_path list in ...").
        rx(r"Could not find MSVC/GCC/CLANG installation on this computer"),
        # setuptools/distutils when cl.exe is not on PATH: "error: command 'cl.exe' failed:
        # None" / "... failed: No such file or directory" (a compile error instead says
        # "failed with exit code 2": cl.exe ran).
        rx(
            r"error: command '(?:[^'\n]{0,200}[\\/])?cl\.exe' failed: (?:None|No such file or "
            r"directory|\[WinError 2\])"
        ),
    ),
)
def _advise_msvc(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "A package is compiling C++/CUDA code on Windows, which needs Microsoft's C++ "
        "compiler (cl.exe, from Visual Studio Build Tools), and none was found. The "
        '"Visual C++ Redistributable" is only the runtime and does not contain it; the '
        "compiler must also be on PATH, which the x64 Native Tools prompt arranges."
    )
    fix = (
        _(
            'Install Visual Studio Build Tools with the "Desktop development with C++" '
            "workload (MSVC and a Windows SDK)."
        ),
        _(
            'Build from the "x64 Native Tools Command Prompt for VS" (or run vcvars64.bat '
            "first), so cl.exe is on PATH; check with `where cl`."
        ),
        _(
            "For CUDA code, use a Visual Studio version that your CUDA toolkit supports, and "
            "install the toolkit after Visual Studio."
        ),
        _(PREBUILT),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


@FAMILY.entry(
    code="python-headers-missing",
    keywords=("python.h",),
    title=N_("Python's C headers are not installed (building an extension)"),
    patterns=(
        rx(
            r"fatal error: (?P<header>(?:python[\d.]*/)?Python\.h): (?:No such file or directory|没有那个文件或目录)"
        ),
    ),
)
def _advise_python_headers(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {"header": m.group("header")}
    cause = _(
        "A C/C++ extension is being compiled for this Python, and Python.h, the "
        "interpreter's C headers, is missing: distributions ship them in a separate "
        "development package (python3-dev, python3-devel), which slim images and system "
        "Pythons lack."
    )
    python = (
        f"python{k.python_version.rsplit('.', 1)[0]}"
        if k.python_version and k.python_version.count(".") == 2
        else "python3"
    )
    fix = (
        _(
            "Install the headers of exactly this Python: `sudo apt-get install {python}-dev` "
            "(Debian/Ubuntu; deadsnakes Pythons have their own -dev), `sudo dnf install "
            "{python}-devel` (Fedora/RHEL)."
        ).format(python=python),
        _("Or use a Python that ships its headers (conda, pyenv, python.org builds)."),
        _(PREBUILT),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="setuptools-pkg-resources",
    keywords=("from 'pkg_resources'", "no module named 'pkg_resources'"),
    title=N_("setuptools too new (or missing) for this torch's extension builder"),
    patterns=(
        # setuptools 70 dropped pkg_resources.packaging, which older torch's cpp_extension
        # imported (pytorch3d#1834, ColBERT#350: fixed by setuptools 69.5.1).
        rx(r"cannot import name 'packaging' from 'pkg_resources'"),
        rx(r"No module named '?pkg_resources'?(?P<missing>)"),
    ),
)
def _advise_pkg_resources(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("missing") is not None:
        cause = _(
            "setuptools is not installed in this Python (new venvs of Python 3.12 and newer "
            "have none), and the code imports its pkg_resources module (older torch's "
            "torch.utils.cpp_extension does)."
        )
        fix: tuple[str, ...] = (_('Install it: `python -m pip install "setuptools<70"`.'),)
    else:
        cause = _(
            "setuptools 70 removed pkg_resources.packaging, and this torch's "
            "torch.utils.cpp_extension (used to build and load C++/CUDA extensions) still "
            "imports it."
        )
        fix = (
            _('Install an older setuptools: `python -m pip install "setuptools<70"`.'),
            _("Or upgrade torch: newer releases no longer import it."),
        )
    return Advice(cause, fix, {}, used_local_facts=k.local)


# GNU ld's "cannot find -lcudart" (also the conda toolchain's x86_64-conda-linux-gnu-ld):
# the link step of an extension asks for a CUDA library by its development name
# (libcudart.so), which only the toolkit's lib64 folder, or the -dev package of a conda or
# system CUDA, provides.
# -lcuda (the driver's library) is driver_state's libcuda-link-missing.
_CUDA_LINK_LIBS = "cudart|cublas|cublasLt|curand|cufft|cusparse|cusolver|nvrtc"


_CANNOT = ("cannot", "can not")


@FAMILY.entry(
    code="cuda-library-link-missing",
    # (ld writes "cannot find"; people retype it "can not find", DeepSpeed#5659.)
    keywords=(
        *(f"{can} find -l{lib}" for lib in _CUDA_LINK_LIBS.lower().split("|") for can in _CANNOT),
    ),
    title=N_("The linker finds no CUDA library (building an extension)"),
    patterns=(rx(r"can ?not find -l(?P<lib>" + _CUDA_LINK_LIBS + r")\b"),),
    specificity=3,
)
def _advise_cuda_link(m: re.Match[str], ctx: Context) -> Advice:
    lib = m.group("lib")
    facts: dict[str, object] = {"library": f"lib{lib}.so"}
    conda = ctx.has("conda")
    if conda:
        facts["conda_toolchain"] = True
    cause = _(
        "The extension's link step asks for lib{lib}.so, the CUDA toolkit's development "
        "name of that library, and the linker finds it in none of its folders: the toolkit's "
        "lib64 folder is not on the linker's path (a conda compiler does not look in "
        "/usr/local/cuda), or the CUDA installed has the runtime libraries but not their "
        "development files."
    ).format(lib=lib)
    fix = [
        _(
            "Check the toolkit has it: `ls $CUDA_HOME/lib64/lib{lib}.so*` (or "
            "targets/x86_64-linux/lib), then point the linker at that folder: export "
            "LIBRARY_PATH=$CUDA_HOME/lib64:$LIBRARY_PATH and build again."
        ).format(lib=lib)
    ]
    if conda:
        # NVIDIA's conda channel splits each library's development files into a -dev package.
        dev = {"cudart": "cuda-cudart-dev", "nvrtc": "cuda-nvrtc-dev", "cublasLt": "libcublas-dev"}
        package = dev.get(lib, f"lib{lib}-dev")
        cuda = ctx.known.torch_cuda
        if cuda is not None:
            step = _(
                "In a conda environment whose compilers build it, install that library's "
                "development package of torch's CUDA {cuda} into it: `conda install -c "
                "nvidia/label/cuda-{cuda}.0 {package}`, so the conda linker finds it in "
                "$CONDA_PREFIX/lib."
            ).format(cuda=cuda, package=package)
        else:
            step = _(
                "In a conda environment whose compilers build it, install that library's "
                "development package of torch's CUDA version into it (`python -c \"import "
                'torch; print(torch.version.cuda)"` shows it), e.g. `conda install -c '
                "nvidia/label/cuda-12.1.0 {package}` for CUDA 12.1, so the conda linker finds "
                "it in $CONDA_PREFIX/lib."
            ).format(package=package)
        fix.append(step)
    fix.append(_(PREBUILT))
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY", "PREBUILT"]


# POSIX shells take `VAR=value command`; Windows' cmd and PowerShell do not, and read the
# variable's name (cmd) or the whole assignment (PowerShell) as a command to run.
# abetlen/llama-cpp-python#2068: 'CMAKE_ARGS' is not recognized as an internal or external command.
@FAMILY.entry(
    code="posix-env-syntax-on-windows",
    keywords=(
        "' is not recognized as an internal or external",
        "' is not recognized as the name",
        "volume label syntax is incorrect",
    ),
    title=N_("An environment variable set in another shell's syntax (Windows cmd, PowerShell)"),
    patterns=(
        rx(
            r"'(?P<var>(?-i:[A-Z][A-Z0-9]*_[A-Z0-9_]{1,40}))' is not recognized as an internal or "
            r"external command"
        ),
        rx(
            r"The term '(?P<var>(?-i:[A-Z][A-Z0-9_]{2,40}))=(?P<value>[^']{0,200})' is not "
            r"recognized as the name of a cmdlet"
        ),
        # The other way round: PowerShell's $env: typed in cmd (zylon-ai/private-gpt#1291).
        rx(
            r"\$env:(?P<ps_var>(?-i:[A-Z][A-Z0-9_]{2,40}))\s?=\s?(?P<ps_value>'[^'\n]{0,200}'|"
            r"\"[^\"\n]{0,200}\").{0,300}?The filename, directory name, or volume label syntax "
            r"is incorrect"
        ),
    ),
    specificity=3,
)
def _advise_posix_env(m: re.Match[str], ctx: Context) -> Advice:
    if m.groupdict().get("ps_var"):
        var, value = m.group("ps_var"), m.group("ps_value").strip("'\"")
        cause = _(
            "The command sets {var} the PowerShell way (`$env:{var}=...`), but it ran in cmd, "
            "which reads that as a path and stops: the variable was never set."
        ).format(var=var)
        in_cmd: tuple[str, ...] = (
            _('In cmd: `set "{var}={value}"`, then the command on its own line.').format(
                var=var, value=value
            ),
            _("Or open PowerShell and run the command as it was written there."),
        )
        return Advice(cause, in_cmd, {"variable": var}, key="ps", used_local_facts=ctx.known.local)
    var = m.group("var")
    value = m.groupdict().get("value")
    if not value:
        typed = re.search(
            re.escape(var) + r"""=(?P<value>"[^"\n]{0,200}"|'[^'\n]{0,200}'|\S{1,200})""",
            ctx.text[max(0, m.start() - 3000) : m.end() + 500],
        )
        value = typed.group("value").strip("\"'") if typed else "..."
    shell = "PowerShell" if m.groupdict().get("value") is not None else "cmd"
    cause = _(
        "The command sets {var} the way POSIX shells do (`{var}=... command`), but this is a "
        "Windows shell, which has no such syntax: {shell} took it for the name of a program, "
        "so the variable was never set and the command after it never ran."
    ).format(var=var, shell=shell)
    fix = (
        _('In cmd: `set "{var}={value}"`, then the command on its own line.').format(
            var=var, value=value
        ),
        _('In PowerShell: `$env:{var}="{value}"`, then the command.').format(var=var, value=value),
        _(
            "The variable stays set for that window only; open a new one and it is gone (or "
            "set it again there)."
        ),
    )
    return Advice(cause, fix, {"variable": var}, used_local_facts=ctx.known.local)
