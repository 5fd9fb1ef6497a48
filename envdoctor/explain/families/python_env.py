"""The Python side of an install: the wrong interpreter, wheels for another platform,
conda's solver, and Apple's MPS backend."""

from __future__ import annotations

import re

from envdoctor.explain.decode import CudaVersion, parse_cuda_version
from envdoctor.explain.families.driver import keep_driver_steps
from envdoctor.explain.knowledge import release_pythons, suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("python_env")

_FIND_INTERPRETER = N_(
    'Print the interpreter that fails, where it fails: `python -c "import sys; '
    'print(sys.executable)"` (in Jupyter: `import sys; print(sys.executable)` in a cell).'
)


@FAMILY.entry(
    code="torch-not-found",
    finding_code="torch-missing",
    keywords=("no module named",),
    title=N_("torch is not installed in the Python that runs the program"),
    # Not torch._C, torchvision, torch_geometric: those are other errors.
    patterns=(rx(r"No module named ['\"]?torch['\"]?(?![\w.])"),),
)
def _advise_no_torch(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "The Python interpreter that ran the program has no torch. When torch was "
        "installed, it went into another interpreter: another venv or conda env, the "
        "system Python, or `pip` belongs to a different Python than `python`."
    )
    jupyter = ctx.has("ipython-input", "ipykernel", "jupyter")
    if jupyter:
        facts["jupyter"] = True
        cause += sep() + _(
            "Here it ran in Jupyter/IPython: the kernel uses its own interpreter, often "
            "not the environment where torch was installed."
        )
    if k.local and k.torch_version:
        facts["local_torch_version"] = k.torch_version
        cause += sep() + _(
            "The environment checked here does have torch {version}{where}: the program "
            "ran with another interpreter."
        ).format(
            version=k.torch_version,
            where=f" ({k.python_executable})" if k.python_executable else "",
        )
    fix: list[str] = [_(_FIND_INTERPRETER)]
    if jupyter:
        fix.append(
            _(
                "In the notebook, install into the kernel itself with `%pip install torch`, "
                "or choose the kernel of the environment that has torch (Kernel > Change "
                "kernel; `python -m ipykernel install --user --name <env>` registers one)."
            )
        )
    fix.append(
        _(
            "Install into exactly that interpreter: `<that python> -m pip install torch` "
            "(never a bare `pip`, which may belong to another Python)."
        )
    )
    # Only with facts of a machine is there a command "for its GPU and driver".
    known = k.driver_version or k.driver_cuda or k.gpus or k.driver_state
    build = suggest(ctx.matrix, k, mirror=ctx.mirror) if known else None
    if build is not None:
        fix.append(_("For this machine's GPU and driver: {cmd}").format(cmd=build.command))
    fix.append(
        _(
            "`sudo python` runs the system Python, not your venv: run without sudo, or "
            "give the venv's python by its full path."
        )
    )
    fix.append(
        _("Do not run it from inside a PyTorch source checkout or next to a folder named torch.")
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _describe_wheel(filename: str) -> str | None:
    """'cp35 / Linux x86_64' from a wheel name, using `envdoctor wheel`'s parser."""
    from envdoctor.wheelcheck.names import BadWheelName, describe_platform, parse_wheel_name

    try:
        wheel = parse_wheel_name(filename)
    except BadWheelName:
        return None
    platforms = {describe_platform(p) for p in wheel.platform_part.split(".")}
    where = ", ".join(
        sorted(f"{info.os} {info.arch}" if info.arch else info.os for info in platforms)
    )
    return f"{wheel.python_part} / {wheel.abi_part} / {where}"


def _wheel_problems(filename: str, ctx: Context) -> list[str]:
    """What `envdoctor wheel` finds wrong for the report's interpreter (none without one)."""
    from envdoctor.wheelcheck.install import check_install
    from envdoctor.wheelcheck.names import BadWheelName, parse_wheel_name
    from envdoctor.wheelcheck.tags import supported_tags
    from envdoctor.wheelcheck.target import target_from_python_facts

    facts = ctx.known.python_facts
    if facts is None or not facts.version:
        return []
    try:
        wheel = parse_wheel_name(filename)
    except BadWheelName:
        return []
    target = target_from_python_facts(facts, source="snapshot")
    result = check_install(wheel, target, supported_tags(target))
    return [p.message for p in result.problems]


@FAMILY.entry(
    code="wheel-not-supported",
    keywords=("not a supported wheel",),
    title=N_("Wheel built for another Python or platform"),
    patterns=(rx(r"(?P<wheel>[\w.+!-]{3,200}\.whl) is not a supported wheel"),),
    specificity=3,
)
def _advise_wheel(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    filename = m.group("wheel").rsplit("/", 1)[-1]
    facts: dict[str, object] = {"wheel": filename}
    described = _describe_wheel(filename)
    cause = _(
        "pip refused {wheel}: its tags name the Python version (cpXY), ABI and platform "
        "it was built for, and this interpreter matches none of them."
    ).format(wheel=filename)
    if described:
        facts["wheel_tags"] = described
        cause += sep() + _("This wheel is for {tags}.").format(tags=described)
    if k.python_version:
        facts["python_version"] = k.python_version
        cause += sep() + _("Your Python is {version}.").format(version=k.python_version)
    problems = _wheel_problems(filename, ctx)
    if problems:
        facts["problems"] = problems
        cause += sep() + " ".join(problems)
    fix = [
        _(
            'Check the interpreter: `python -c "import sys, platform; print(sys.version, '
            'platform.machine())"` (32-bit Python, or x86_64 Python under Rosetta on an '
            "Apple silicon Mac, never match 64-bit/arm64 wheels)."
        ),
        _(
            "Run `envdoctor wheel {wheel}`: it says which part does not fit and names the "
            "file for this interpreter."
        ).format(wheel=filename),
        _(
            "Or let pip choose the file: `python -m pip install <package>==<version>` with "
            "the right --index-url, instead of a downloaded .whl."
        ),
    ]
    return Advice(cause, tuple(fix), facts, key=filename, used_local_facts=bool(problems))


@FAMILY.entry(
    code="conda-solver-conflict",
    keywords=(
        "unsatisfiableerror",
        "found conflicts",
        "__cuda",
        "could not solve for environment specs",
        "conflicts for:",
        "solving environment: failed with repodata",
    ),
    title=N_("conda cannot combine the PyTorch packages"),
    patterns=(
        rx(
            r"(?:UnsatisfiableError: The following specifications were found\s+(?:to be in "
            r"conflict|to be incompatible with (?:each other|the existing python installation "
            r"in your environment))|Found conflicts! Looking for incompatible packages)"
            r"(?=.{0,2000}?(?P<pkg>pytorch-cuda|cudatoolkit|cpuonly|pytorch-mutex|pytorch-cpu|"
            r"pytorch-gpu|pytorch|torchvision|torchaudio))"
        ),
        # The solver's own check of the driver (the __cuda virtual package): the packages
        # asked for need a newer CUDA than the driver supports, whatever they are.
        rx(
            r"found to be incompatible with your (?:CUDA driver|system):.{0,600}?"
            r"(?:__cuda==(?P<driver_cuda>\d+\.\d+)|Your installed CUDA driver is: "
            r"(?P<driver_cuda2>\d+\.\d+))"
        ),
        # mamba's form of the same check: "has constraint __cuda >=11.0 conflicting with
        # __cuda-10.2-0".
        rx(
            r"has constraint __cuda\s*>=\s*\d+(?:\.\d+)?\S{0,10} conflicting with "
            r"__cuda-(?P<driver_cuda3>\d+\.\d+)"
        ),
        # No __cuda virtual package at all: conda sees no NVIDIA driver (mamba, libmamba).
        rx(
            r"nothing provides (?:requested )?__cuda(?: [^\s]{1,20})? needed by (?P<nocuda>[\w.-]{1,80})"
        ),
        rx(
            r"(?P<nocuda>[\w.-]{1,40}) [^\s]{1,40}\s+is (?:installable and it )?requires?"
            r"\W{0,10}__cuda[^,]{0,30}, which is missing on the system"
        ),
        # libmamba's solver report, when PyTorch packages are in it.
        rx(
            r"Could not solve for environment specs(?=.{0,2000}?(?P<pkg>pytorch-cuda|"
            r"cudatoolkit|cpuonly|pytorch-mutex|pytorch|torchvision|torchaudio))"
        ),
        # conda's conflict report lists each package: "Package pytorch conflicts for:".
        rx(
            r"Package (?P<pkg>pytorch-cuda|cudatoolkit|cpuonly|pytorch-mutex|pytorch|"
            r"torchvision|torchaudio) conflicts for:"
        ),
        # The same refusal with the package list cut off (a paste often ends there): still
        # a conflict between pins, not a fault of the machine.
        rx(
            r"(?:UnsatisfiableError: The following specifications were found\s+(?:to be in "
            r"conflict|to be incompatible with each other)|Found conflicts! Looking for "
            r"incompatible packages)(?P<unnamed>)"
        ),
        # The paste ends while conda retries: its quick solves already failed for the
        # pins of a `conda install pytorch=X` shown above (the advice checks for that).
        rx(r"Solving environment: failed with repodata from current_repodata\.json(?P<retry>)"),
    ),
)
def _advise_conda(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    groups = m.groupdict()
    driver = parse_cuda_version(
        groups.get("driver_cuda") or groups.get("driver_cuda2") or groups.get("driver_cuda3")
    )
    if driver is not None:
        return _conda_driver_too_old(driver, ctx)
    if groups.get("nocuda"):
        return _conda_no_driver(groups["nocuda"], ctx)
    if groups.get("retry") is not None:
        return _conda_retrying(ctx)
    tail = ctx.text[m.start() : m.start() + 2500]
    if groups.get("unnamed") is not None:
        return _conda_unnamed_conflict(tail, ctx)
    facts: dict[str, object] = {"package": m.group("pkg")}
    python = re.search(r"Your python: python==(\d+\.\d+(?:\.\d+)?)", tail)
    cause = _(
        "conda's solver found no set of packages that satisfies every pin. With PyTorch "
        "the usual reasons are: pytorch and cudatoolkit/pytorch-cuda pins for different "
        "CUDA versions, `cpuonly` (pytorch-mutex=cpu) left in an environment that should "
        "get a CUDA build, a Python the requested release was never built for, or "
        "packages already installed in the environment that pin other versions."
    )
    if python:
        facts["python_version"] = python.group(1)
        cause += sep() + _(
            "The solver names Python {version}: the requested packages were not built for it."
        ).format(version=python.group(1))
    fix = [
        _(
            "Create a fresh environment and give python, pytorch and the CUDA package in "
            "one command, instead of adding them to an old one."
        ),
        _(
            "Remove `cpuonly` (`conda remove cpuonly`) before installing a CUDA build; "
            "never pin cudatoolkit and pytorch-cuda together."
        ),
        _(
            "The pytorch conda channel has no packages after torch 2.5: install torch "
            "with pip inside the conda environment instead."
        ),
    ]
    build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(build.command)
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _conda_unnamed_conflict(tail: str, ctx: Context) -> Advice:
    """conda's conflict report without the PyTorch packages in view."""
    k = ctx.known
    cause = _(
        "conda's solver found no set of packages that satisfies every pin at once. The "
        'packages in conflict are listed after this line ("Requested package -> Available '
        'versions"). With PyTorch projects the usual reason is a package built for one '
        "PyTorch or Python release only (pytorch3d, torch-scatter, an old torchvision) "
        "asked for together with another one, or pins left in an environment.yml."
    )
    fix = [
        _(
            "Read the package list conda prints after this line: the packages named there "
            "are the ones whose versions cannot go together."
        ),
        _(
            "Create a fresh environment, install python and torch first, then the package "
            "built for that torch release (its install page lists the pairs), instead of "
            "solving everything at once in an old environment."
        ),
        _(
            "The pytorch conda channel has no packages after torch 2.5: install torch "
            "with pip inside the conda environment instead."
        ),
    ]
    python = re.search(r"Your python: python==(\d+\.\d+(?:\.\d+)?)", tail)
    facts: dict[str, object] = {"python_version": python.group(1)} if python else {}
    return Advice(cause, tuple(fix), facts, key="unnamed", used_local_facts=k.local)


# `conda install ... pytorch=1.13.1 ...` / `pytorch==1.13.1`, on the command line of the paste.
_CONDA_TORCH_PIN = re.compile(
    r"conda (?:install|create)\b[^\n]{0,300}?\bpytorch={1,2}(?P<pin>\d+\.\d+(?:\.\d+)?)\b"
    r"(?P<rest>[^\n]{0,300})"
)


def _conda_retrying(ctx: Context) -> Advice | None:
    """conda's fast solves failed for a pinned pytorch and the paste ends in its retries.

    conda prints these retries on the way to an UnsatisfiableError (or a solve that runs
    for an hour); when it then succeeds the paste shows the transaction, and this says
    nothing. Without a pytorch pin in view the retry alone names no cause.
    """
    if ctx.has("executing transaction", "preparing transaction", "unsatisfiableerror"):
        return None
    command = ctx.near(_CONDA_TORCH_PIN, "conda install", "conda create", before=0, reach=600)
    if command is None:
        return None
    pin = command.group("pin")
    facts: dict[str, object] = {"requested_pytorch": pin}
    cause = _(
        "conda's quick solves already failed for `pytorch={pin}`; its slower retries "
        "usually end in UnsatisfiableError or run for a very long time. Most often the "
        "environment's Python is one the pinned release was never built for."
    ).format(pin=pin)
    fix: list[str] = []
    known = release_pythons(ctx.matrix, pin)
    if known is not None:
        release, spec, newest = known
        facts["release_python"] = spec
        cause += sep() + _("PyTorch {release} has builds for Python {spec}.").format(
            release=release, spec=spec
        )
        if newest is not None:
            channels = " -c pytorch -c nvidia" if "pytorch-cuda" in command.group("rest") else ""
            fix.append(
                _(
                    "Check the environment's Python (`python --version`); if the release has "
                    "no build for it, create an environment with one it has and install in "
                    "the same command: {cmd}"
                ).format(
                    cmd=f"conda create -n torch{release.replace('.', '')} python={newest} "
                    f"pytorch={pin}{_cuda_pin(command.group('rest'))}{channels}"
                )
            )
    rest = command.group("rest")
    if "pytorch-cuda" in rest and "-c nvidia" not in rest and "nvidia::" not in rest:
        facts["missing_channel"] = "nvidia"
        cause += sep() + _(
            "pytorch-cuda needs the CUDA packages of the nvidia channel, and the command "
            "does not add `-c nvidia`."
        )
        fix.append(_("Add the nvidia channel: `-c pytorch -c nvidia`, as PyTorch's page shows."))
    fix.append(
        _(
            "The pytorch conda channel has no packages after torch 2.5: install torch "
            "with pip inside the conda environment instead."
        )
    )
    return Advice(cause, tuple(fix), facts, key="retry", used_local_facts=ctx.known.local)


def _cuda_pin(rest: str) -> str:
    pinned = re.search(r"\b(pytorch-cuda|cudatoolkit)={1,2}(\d+\.\d+)", rest)
    return f" {pinned.group(1)}={pinned.group(2)}" if pinned else ""


def _conda_no_driver(package: str, ctx: Context) -> Advice:
    """conda refused a CUDA package because this machine has no __cuda virtual package."""
    k = ctx.known
    facts: dict[str, object] = {"package": package}
    cause = _(
        "{package} needs the __cuda virtual package, which conda sets from the NVIDIA "
        "driver it finds on this machine; here it found none. That is a machine without "
        "an NVIDIA driver (or one nvidia-smi cannot reach), or an environment built on a "
        "CPU-only login node or in `docker build`."
    ).format(package=package)
    fix = [
        _("Run `nvidia-smi` and `conda info` (virtual packages: __cuda=...) on this machine."),
        _(
            "To build the environment for a GPU machine from here, tell conda the driver's "
            "CUDA: `CONDA_OVERRIDE_CUDA=12.4 conda install ...` (the CUDA version the GPU "
            "machine's driver supports)."
        ),
        _("No NVIDIA GPU here? Install the CPU packages instead (`cpuonly` / torch CPU wheels)."),
    ]
    return Advice(cause, tuple(fix), facts, key="no-cuda", used_local_facts=k.local)


def _conda_driver_too_old(driver: CudaVersion, ctx: Context) -> Advice:
    """conda refused packages that need a newer CUDA than the driver (__cuda) supports."""
    k = ctx.known
    facts: dict[str, object] = {"driver_cuda": str(driver)}
    cause = _(
        "conda checks the driver before it installs: this driver supports CUDA {cuda} "
        "(conda's __cuda virtual package), and a package asked for (pytorch-cuda, "
        "cudatoolkit or a package built on them) needs a newer CUDA."
    ).format(cuda=driver)
    fix = [
        _(
            "Ask for a CUDA no newer than {cuda} (pytorch-cuda / cudatoolkit pin and the "
            "packages built for it), or upgrade the NVIDIA driver."
        ).format(cuda=driver)
    ]
    fix.extend(keep_driver_steps(ctx, driver))
    return Advice(
        cause,
        tuple(fix),
        facts,
        key="driver",
        finding_code="driver-too-old",
        used_local_facts=k.local,
    )


@FAMILY.entry(
    code="mps-unavailable",
    keywords=("mps backend", "mps available", "mpsaccelerator", "only supported on macos"),
    title=N_("Apple MPS backend not available"),
    patterns=(
        rx(r"The MPS backend is supported on MacOS (?P<min>\d{2}(?:\.\d)?)\+"),
        rx(r"MPS backend (?:is )?not available|Is MPS available\?? False"),
        # Lightning's wording of the same.
        rx(r"MPSAccelerator can ?not run on your system since the accelerator is not available"),
        # A feature of MPS that needs a newer macOS: "MPS BFloat16 is only supported on MacOS 14".
        rx(r"MPS [\w ]{1,40}? is only supported on MacOS (?P<min>\d{2}(?:\.\d)?)"),
    ),
)
def _advise_mps(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    minimum = m.groupdict().get("min")
    cause = _(
        "PyTorch can use the Apple GPU (MPS) only with an arm64 (Apple silicon) Python, "
        "a macOS at least as new as that torch release supports, and a build with MPS."
    )
    if minimum:
        facts["macos_minimum"] = minimum
        cause += sep() + _(
            "This torch says it needs macOS {minimum} or newer (some releases print an "
            "older number than they really need)."
        ).format(minimum=minimum)
    if k.machine in ("x86_64", "AMD64", "amd64"):
        facts["machine"] = k.machine
        cause += sep() + _(
            "Your Python is x86_64: on an Apple silicon Mac that runs under Rosetta, "
            "where MPS is never available."
        )
    fix = (
        _("Check the macOS version: `sw_vers -productVersion`."),
        _(
            'Check the interpreter: `python -c "import platform; print(platform.machine())"` '
            "must print arm64; otherwise install an arm64 Python or conda (Miniforge arm64)."
        ),
        _(
            "Upgrade macOS, or use a torch release that supports your macOS; meanwhile run "
            "on device='cpu'."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


# APIs the code calls that the installed torch is too old to have, with the release that
# introduced them: torch.compile, TorchDynamo and scaled_dot_product_attention in 2.0 and
# RMSNorm in 2.4 (PyTorch release notes); the torch.compiler namespace in 2.1 (torch 2.0.0
# has no torch.compiler: GuanxingLu/ManiGaussian#42, facebookresearch/detectron2#5268).
# Only names whose release is certain; others stay unrecognised.
_NEWER_APIS = {
    "compile": "2.0",
    "_dynamo": "2.0",
    "scaled_dot_product_attention": "2.0",
    "compiler": "2.1",
    "RMSNorm": "2.4",
}
_API_NAMES = "|".join(_NEWER_APIS)


@FAMILY.entry(
    code="torch-too-old-for-code",
    keywords=("has no attribute", "no module named 'torch._dynamo'", "requires pytorch"),
    title=N_("The installed torch is older than the code needs"),
    patterns=(
        rx(
            r"module 'torch(?:\.nn(?:\.functional)?)?' has no attribute "
            r"'(?P<api>" + _API_NAMES + r")'"
        ),
        rx(r"No module named '?torch\.(?P<api>_dynamo)'?"),
        # A library that says so itself: "Using torch.compile requires PyTorch 2.0 or higher".
        rx(r"requires PyTorch (?P<since>\d+\.\d+(?:\.\d+)?) or (?:higher|newer|above|later)"),
    ),
)
def _advise_torch_too_old(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    api = m.groupdict().get("api") or "this feature"
    since = m.groupdict().get("since") or _NEWER_APIS[api]
    facts: dict[str, object] = {"api": api, "since": since}
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    cause = _(
        "The code uses {api}, which PyTorch has since release {since}; the installed torch is "
        "older. The project's requirements name the torch it was written for."
    ).format(api=api, since=since)
    fix = [
        _(
            "Install torch {since} or newer (the project's requirements may name a version): "
            "`envdoctor install --torch {since}` prints the command for this machine."
        ).format(since=since)
    ]
    build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(build.command)
    return Advice(cause, tuple(fix), facts, key=api, used_local_facts=k.local)


@FAMILY.entry(
    code="torch-shadowed-by-local-file",
    keywords=("partially initialized module 'torch'",),
    title=N_("A file named torch.py shadows the installed torch"),
    patterns=(
        rx(r"partially initialized module 'torch' has no attribute '\w+'"),
        rx(r"cannot import name '\w+' from partially initialized module 'torch'"),
    ),
    specificity=3,
)
def _advise_shadowed(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "Python imported a file or folder named torch from the program's own directory "
        "(torch.py, or a torch/ folder) instead of the installed PyTorch, and that file "
        "imports torch again. (Rarely a nightly torch has such a circular import itself.)"
    )
    fix = (
        _(
            "Rename your torch.py (and delete its __pycache__/torch*.pyc), or run from another "
            'directory: `python -c "import torch; print(torch.__file__)"` must point into '
            "site-packages."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
