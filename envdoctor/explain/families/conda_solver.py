"""conda's solver refusing a PyTorch environment: conflicting pins, the driver's CUDA
(the __cuda virtual package), no driver at all, and retries on a pinned pytorch."""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.explain.decode import CudaVersion, parse_cuda_version
from envdoctor.explain.families.driver import keep_driver_steps
from envdoctor.explain.knowledge import release_pythons, suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("conda_solver")


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
        # The same report without the driver's version in view (a title, a cut paste):
        # conda names the driver whenever a CUDA package is in a failed solve.
        rx(r"found to be incompatible with your CUDA driver(?P<driver_unknown>)"),
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
        # libmamba 2: "libdeepmd 2.2.10 *gpu is not installable because it requires
        # └─ __cuda, which is missing on the system".
        rx(
            r"(?P<nocuda>[\w.-]{1,40}) [^\s]{1,40}(?: \S{1,20})? (?:is not installable because "
            r"it requires|would require)\W{0,20}__cuda[^,]{0,30}, which is missing on the system"
        ),
        # pixi (rattler, VirtualPackageNotFoundError): "Virtual package '__cuda' does not
        # match any of the available virtual packages on your machine: [...]".
        rx(
            r"Virtual package '__cuda(?P<pixi_req>[^']{0,30})' does not match any of the "
            r"available virtual packages"
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
            r"(?:UnsatisfiableError:\s?The following specifications were found\s+(?:to be in "
            r"conflict|to be incompatible with (?:each other|the existing python installation "
            r"in your environment))|Found conflicts! Looking for incompatible packages)"
            r"(?P<unnamed>)"
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
    if groups.get("driver_unknown") is not None:
        return _conda_driver_blamed(ctx)
    if groups.get("nocuda"):
        return _conda_no_driver(groups["nocuda"], ctx)
    if groups.get("pixi_req") is not None:
        return _pixi_no_driver(groups["pixi_req"].strip(), ctx)
    if groups.get("retry") is not None:
        return _conda_retrying(ctx)
    tail = ctx.text[m.start() : m.start() + 2500]
    if groups.get("unnamed") is not None:
        return _conda_unnamed_conflict(tail, ctx)
    facts: dict[str, object] = {"package": m.group("pkg")}
    python = _YOUR_PYTHON.search(tail)
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
    conflict = _python_conflict(tail, python.group(1) if python else None, ctx)
    if conflict is not None:
        return conflict
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
        # An alternative, said as one: packages that need conda's pytorch (pytorch3d from
        # its channel) stay with the conda route.
        fix.append(
            _(
                "With pip inside the conda environment (unless a package needs conda's "
                "pytorch): {cmd}"
            ).format(cmd=build.command)
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# conda's report of a Python the pin was not built for: "Your python: python=3.10" (conda
# 4.x printed "python==3.10.4") and "pytorch==1.7.1 -> python[version='>=3.6,<3.7.0a0|...']".
_YOUR_PYTHON = re.compile(r"Your python: python={1,2}(\d+\.\d+(?:\.\d+)?)")
_PIN_NEEDS_PYTHON = re.compile(
    r"- pytorch={1,2}(?P<pin>\d+\.\d+(?:\.\d+)?)\S{0,20} -> python\[version='(?P<spec>[^']{1,300})'\]"
)


def _python_conflict(tail: str, python: str | None, ctx: Context) -> Advice | None:
    """The solver says the pinned pytorch needs another Python than the environment's:
    the Pythons its release was built for (from the matrix) and the two ways out."""
    pinned = _PIN_NEEDS_PYTHON.search(tail)
    known = release_pythons(ctx.matrix, pinned.group("pin")) if pinned else None
    if pinned is None or known is None or python is None:
        return None
    release, spec, newest = known
    pin = pinned.group("pin")
    facts: dict[str, object] = {
        "requested_pytorch": pin,
        "release_python": spec,
        "python_version": python,
    }
    cause = _(
        "pytorch {pin} was built for Python {spec} only, and this environment has Python "
        "{python}: conda has no build of it to install here."
    ).format(pin=pin, spec=spec, python=python)
    fix: list[str] = []
    if newest is not None:
        fix.append(
            _("Create an environment with a Python it has, in one command: {cmd}").format(
                cmd=f"conda create -n torch{release.replace('.', '')} python={newest} "
                f"pytorch={pin} -c pytorch"
            )
        )
    build = suggest(ctx.matrix, replace(ctx.known, python_version=python), mirror=ctx.mirror)
    if build is not None:
        fix.append(
            _("Or keep Python {python} and install a torch built for it with pip: {cmd}").format(
                python=python, cmd=build.command
            )
        )
    return Advice(cause, tuple(fix), facts, key="python", used_local_facts=ctx.known.local)


# A package whose builds need another Python than the environment's: conda 4.6+ prints
# "- tensorflow -> python[version='3.5.*|3.6.*|3.7.*']" and "Your python: python=3.8"
# (conda/conda#10163); conda 4.3 "-python 2.7*" and "-tensorflow->protobuf ==3.1.0 ->python
# 3.4*" (conda/conda#5048).
_NEEDS_PYTHON = re.compile(
    r"- ?(?P<pkg>(?!python\b)[A-Za-z][\w.-]{0,60})(?:[=<> ]{1,3}[^\s-]{1,30})?\s?->"
    # A chain through other packages stays inside this item (the flattened text has no line
    # ends to stop at): each link is one token without " - ".
    r"(?:\s?[\w.*=<>!,|\[\]']{1,80}(?: [=<>!]{1,2}[\w.*]{1,20})?\s?->){0,3}\s?python"
    r"(?:\[version='(?P<spec>[^']{1,200})'\]|"
    r" (?P<old>[\d.*]{1,10}))"
)
_OLD_PYTHON_PIN = re.compile(r"-\s?python ?(?P<py>\d\.\d{1,2})\*?(?!\S*->)")


def _excludes(spec: str, python: str) -> bool:
    """Whether a conda version spec ("3.6.*|3.7.*", ">=3.5", "3.4*") leaves `python` out;
    unsure (a form not read here) counts as not excluding."""
    for raw in spec.split("|"):
        part = raw.strip()
        if not re.fullmatch(r"\d+\.\d+\.?\*?", part) or part.rstrip("*").rstrip(".") == python:
            return False
    return True


def _package_needs_python(tail: str, ctx: Context) -> Advice | None:
    have = _YOUR_PYTHON.search(tail) or _OLD_PYTHON_PIN.search(tail)
    if have is None:
        return None
    python = ".".join(have.group(1).split(".")[:2])
    need = next(
        (
            n
            for n in _NEEDS_PYTHON.finditer(tail)
            if _excludes(n.group("spec") or n.group("old") or "", python)
        ),
        None,
    )
    if need is None:
        return None
    pkg = need.group("pkg")
    spec = (need.group("spec") or need.group("old") or "").replace("|", ", ")
    cause = _(
        "The channels have builds of {pkg} only for Python {spec}, and this environment is "
        "pinned to Python {python}: conda keeps the environment's Python and finds no {pkg} "
        "to go with it."
    ).format(pkg=pkg, spec=spec, python=python)
    fix = (
        _(
            "Create an environment with a Python {pkg} is built for: `conda create -n env "
            "python=<one of {spec}> {pkg}`."
        ).format(pkg=pkg, spec=spec),
        _(
            "Or keep Python {python} and install a {pkg} release built for it (a newer one, "
            "or from another channel such as conda-forge, or with pip)."
        ).format(pkg=pkg, python=python),
    )
    facts = {"package": pkg, "package_python": spec, "python_version": python}
    title = _("conda has no build of a package for this environment's Python")
    return Advice(
        cause, fix, facts, title=title, key="package-python", used_local_facts=ctx.known.local
    )


def _conda_unnamed_conflict(tail: str, ctx: Context) -> Advice:
    """conda's conflict report without the PyTorch packages in view."""
    k = ctx.known
    needs = _package_needs_python(tail, ctx)
    if needs is not None:
        return needs
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
    python = _YOUR_PYTHON.search(tail)
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


def _conda_driver_blamed(ctx: Context) -> Advice:
    """conda's __cuda report with no driver version to judge: it also names the driver
    when another pin is the conflict (KevinMusgrave/pytorch-metric-learning#55: a
    dependency not built for Python 3.8; python=3.7 solved it)."""
    k = ctx.known
    cause = _(
        "conda's solver found no combination of the requested packages, and because a "
        "CUDA package was among them it reports the conflict against your CUDA driver "
        "(its __cuda virtual package). That report blames the driver even when another "
        "pin is the real conflict: most often the Python version, for which a requested "
        "package (or one it depends on) was never built."
    )
    fix = [
        _(
            "Read the lines after this one: 'Your installed CUDA driver is: X' and each "
            "package's __cuda[version='>=Y']. If X is at least Y, the driver is not the "
            "conflict."
        ),
        _(
            "Then create the environment with a Python the packages were built for, in the "
            "same command (`conda create -n <env> python=<version> <packages> -c <channels>`); "
            "the package's conda page lists its Python builds."
        ),
        _(
            "Only if X is below Y: ask for an older CUDA package (pytorch-cuda / cudatoolkit "
            "pin) or upgrade the NVIDIA driver (`nvidia-smi` shows its CUDA version)."
        ),
    ]
    facts: dict[str, object] = {}
    if k.python_version:
        facts["python_version"] = k.python_version
    return Advice(cause, tuple(fix), facts, key="driver-blamed", used_local_facts=k.local)


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


def _pixi_no_driver(requirement: str, ctx: Context) -> Advice:
    """pixi refused to install an environment that requires __cuda: no NVIDIA driver."""
    facts: dict[str, object] = {"virtual_package": f"__cuda {requirement}".strip()}
    cause = _(
        "The pixi environment requires the __cuda virtual package (the project's "
        "[system-requirements] cuda, or a CUDA package in it), and pixi sets __cuda from "
        "the NVIDIA driver it finds on this machine; here it found none: a CI runner, a "
        "container without the GPU, a machine without an NVIDIA driver, or a driver that "
        "is not loaded."
    )
    fix = (
        _(
            "On a GPU machine, check the driver: `nvidia-smi` must work, and `pixi info` "
            "lists __cuda among the virtual packages."
        ),
        _(
            "To solve and install anyway (CI, a build machine for a GPU host): set the "
            "CUDA version the GPU machine's driver supports, `CONDA_OVERRIDE_CUDA=12.0 "
            "pixi install`."
        ),
        _(
            "For machines without an NVIDIA GPU, give the project a CPU environment (a "
            "feature without the cuda system requirement) and install that one."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("pixi finds no NVIDIA driver (no __cuda) on this machine"),
        key="no-cuda",
        used_local_facts=ctx.known.local,
    )


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


__all__ = ["FAMILY"]
