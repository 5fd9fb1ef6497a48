"""The Python side of an install: the wrong interpreter, wheels for another platform,
Apple's MPS backend, code newer than the torch, and files that shadow torch (conda's
solver is in `conda_solver`)."""

from __future__ import annotations

import re

from envdoctor.explain.build_isolation import (
    BUILD_WORDS,
    SETUP_FRAME,
    SETUP_IMPORTS_TORCH,
    UNPACKED,
    isolated_build,
    setup_imports_torch,
)
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.unknown_facts import older_driver_step, older_python_step
from envdoctor.explain.wheel_platforms import (
    glibc_clause,
    macos11_refusal,
    wheel_glibc,
    wheel_python_fits,
)
from envdoctor.i18n import N_, _

FAMILY = Family("python_env")

FIND_INTERPRETER = N_(
    'Print the interpreter that fails, where it fails: `python -c "import sys; '
    'print(sys.executable)"` (in Jupyter: `import sys; print(sys.executable)` in a cell).'
)


@FAMILY.entry(
    code="torch-not-found",
    finding_code="torch-missing",
    keywords=(
        "no module named",
        "modulenotfounderror for",
        "failed to determine extra requires",
        "get_requires_for_build_wheel",
        "module 'torch' is missing",
        "`uv pip install torch` into the environment",
        "getting requirements to build wheel ... error",
    ),
    title=N_("torch is not installed in the Python that runs the program"),
    patterns=(
        # Not torch._C, torchvision, torch_geometric: those are other errors.
        rx(r"No module named ['\"]?torch['\"]?(?![\w.])"),
        # The same error retold in an issue's title when the traceback is cut before it
        # ("ModuleNotFoundError for 'torch'", openchat#8, a flash-attn build).
        rx(r"ModuleNotFoundError for ['\"]torch['\"](?![\w.])"),
        # PDM's retelling of the build's ModuleNotFoundError (pdm/builders/base.py).
        rx(r"Module 'torch' is missing, please make sure it is specified in the (?P<pdm>)"),
        # uv's hint under a failed build, alone (crates/uv-build-frontend/src/error.rs).
        rx(r"`uv pip install torch` into the environment and re-run with (?P<uv_hint>)"),
        # uv failing to read the build requirements of a package whose setup.py imports
        # torch, the traceback cut before its last line (uv#5041: torch-scatter); old uv
        # says "Build backend failed to determine extra requires", newer "Call to
        # `...get_requires_for_build_wheel` failed" (crates/uv-build-frontend).
        rx(
            r"Failed to (?:download and )?build:? `(?P<uv_pkg>" + SETUP_IMPORTS_TORCH + r")"
            r"(?:==[\w.+-]{1,40})?`(?=[\s\S]{0,600}?(?:failed to determine extra requires|"
            r"get_requires_for_build_wheel))"
        ),
        # pip building such a package from its sdist, the output cut before the import
        # error (audiocraft#179: xformers-0.0.16.tar.gz, "Getting requirements to build
        # wheel ... error").
        rx(
            r"Collecting (?P<pip_pkg>" + SETUP_IMPORTS_TORCH + r")\b[^\n]{0,200}?"
            r"(?=[\s\S]{0,600}?\.tar\.gz[\s\S]{0,800}?Getting requirements to build wheel "
            r"\.\.\. error)"
        ),
    ),
)
def _advise_no_torch(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if m.groupdict().get("pip_pkg"):
        # The build environment had a torch after all (the package declares it; MambaVision#84
        # printed torch.__version__ = 2.7.0+cpu there): another error stopped the build.
        if ctx.has("torch.__version__", "\\site-packages\\torch\\", "/site-packages/torch/"):
            return None
        return isolated_build(ctx, m.group("pip_pkg"))
    if m.groupdict().get("uv_pkg"):
        # Only in an isolated build: without isolation the build saw the environment's torch.
        if not ctx.has("builds-v0", "pip-build-env-", "failed to determine extra requires"):
            return None
        return isolated_build(ctx, m.group("uv_pkg"))
    if m.groupdict().get("pdm") is not None or m.groupdict().get("uv_hint") is not None:
        return isolated_build(ctx)
    if ctx.has(*BUILD_WORDS):
        return isolated_build(ctx)
    frame = SETUP_FRAME.search(ctx.text, max(0, m.start() - 600), m.start())
    if frame:
        unpacked = UNPACKED.search(frame.group("path"))
        return setup_imports_torch(ctx, unpacked.group("pkg") if unpacked else None)
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
    fix: list[str] = [_(FIND_INTERPRETER)]
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
            "If it failed while pip or uv built a package (flash-attn, apex, an extension): "
            "the build runs in an isolated environment without torch; install it with "
            "`python -m pip install --no-build-isolation <package>`."
        )
    )
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


# pip's own `pip --version` line: "pip 9.0.1 from /usr/lib/python3/dist-packages (python 3.6)".
_PIP_VERSION = re.compile(
    r"\bpip (?P<version>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?) from "
    r"(?:[^()]{0,300}?\(python (?P<python>\d\.\d{1,2})\))?"
)


def _pip_too_old(filename: str, m: re.Match[str], ctx: Context) -> tuple[str, str, str] | None:
    """(tag, pip needed, pip the paste shows) when the paste's pip predates the wheel's
    manylinux tag and nothing else about the wheel is wrong for it, else None."""
    from envdoctor.wheelcheck.names import (
        BadWheelName,
        parse_wheel_name,
        pip_needed,
        python_tag_version,
    )

    if not ctx.has("pip"):
        return None
    # The pip that ran: the last version line before the refusal (an upgrade may sit
    # between two), else the one printed after it.
    before = list(_PIP_VERSION.finditer(ctx.text, max(0, m.start() - 4000), m.start()))
    shown = before[-1] if before else _PIP_VERSION.search(ctx.text, m.end(), m.end() + 2000)
    if shown is None:
        return None
    try:
        wheel = parse_wheel_name(filename)
    except BadWheelName:
        return None
    needed = pip_needed(wheel)
    have = tuple(int(part) for part in shown.group("version").split("."))
    if needed is None or have >= needed[1]:
        return None
    python = shown.group("python")
    if python is not None:
        versions = {python_tag_version(tag)[1] for tag in wheel.python_part.split(".")}
        if None not in versions and tuple(int(p) for p in python.split(".")) not in versions:
            return None  # a wheel for another Python: that is the first thing wrong
    version = ".".join(str(part) for part in needed[1])
    return needed[0], version, shown.group("version")


def _impossible_abi(filename: str) -> str | None:
    """The core's word on an ABI tag no Python has (cp39m), from the file name alone."""
    from envdoctor.wheelcheck.names import BadWheelName, impossible_abi, parse_wheel_name

    try:
        return impossible_abi(parse_wheel_name(filename))
    except BadWheelName:
        return None


@FAMILY.entry(
    code="wheel-not-supported",
    keywords=("not a supported wheel",),
    title=N_("Wheel built for another Python or platform"),
    patterns=(
        rx(r"(?P<wheel>[\w.+!-]{3,200}\.whl) is not a supported wheel"),
        # Retold without the file's name (a sentence, an installer's summary).
        rx(r"(?<!\.whl )(?<!\.whl is )not a supported wheel on this platform(?P<unnamed>)"),
    ),
    specificity=3,
)
def _advise_wheel(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("unnamed") is not None:
        return _unnamed_wheel(k.python_version, k.local)
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
    old_pip = _pip_too_old(filename, m, ctx)
    if old_pip is not None:
        tag, needed, have = old_pip
        facts.update(pip_version=have, pip_needed=needed)
        cause = _(
            "pip refused {wheel} because this pip ({have}) is older than the {tag} platform "
            "tag: pip knows that tag from {needed} on, and calls such a wheel unsupported "
            "before that."
        ).format(wheel=filename, have=have, tag=tag, needed=needed)
        fix_pip = (
            _("Upgrade pip in this environment first: `python -m pip install --upgrade pip`."),
            _("Then install the file again with `python -m pip install`."),
        )
        return Advice(cause, fix_pip, facts, key=filename, used_local_facts=k.local)
    problems = _wheel_problems(filename, ctx)
    impossible = _impossible_abi(filename)
    if impossible is not None and impossible not in problems:
        problems.insert(0, impossible)
    if problems:
        facts["problems"] = problems
        # The core's problem lines are clauses ("this wheel is for Python 3.9; ..."):
        # sentences here.
        cause += sep() + " ".join(
            p[:1].upper() + p[1:] + ("" if p.endswith(".") else ".") for p in problems
        )
    elif (glibc := wheel_glibc(filename)) is not None:
        # A manylinux tag names the oldest glibc the file runs on: first when the Python
        # tag fits the paste's Python, else among the causes.
        facts["glibc_needed"] = glibc[1]
        clause = glibc_clause(glibc[0], glibc[1])
        fits = wheel_python_fits(filename, k.python_version)
        cause = clause + sep() + cause if fits else cause + sep() + clause
    mac = None if problems else macos11_refusal(filename, ctx, m.span())
    if mac is not None:
        facts.update(mac[2])
        cause = mac[0] + sep() + cause
    elif not problems and ctx.has("defaulting to user installation"):
        # pip's own words for a Python whose site-packages the user cannot write: a system
        # Python's pip, not the venv's or an embedded one's (comfyui-reactor-node#29).
        facts["other_pip"] = True
        cause += sep() + _(
            'pip said "Defaulting to user installation": the pip that ran belongs to a '
            "system-wide Python, likely not the one the wheel is meant for (a venv's, or an "
            "embedded python.exe such as ComfyUI's python_embeded)."
        )
    fix = [
        *(
            (
                _(
                    "Run pip through the interpreter the program uses: `<that python> -m pip "
                    "install {wheel}` (ComfyUI portable: `python_embeded\\python.exe -m pip "
                    "install {wheel}`)."
                ).format(wheel=filename),
            )
            if facts.get("other_pip")
            else ()
        ),
        *(mac[1] if mac is not None else ()),
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


def _unnamed_wheel(python: str | None, local: bool) -> Advice:
    """pip refused a wheel file the paste does not name."""
    cause = _(
        "pip refused a wheel file: every wheel's name carries the Python version (cpXY), "
        "ABI and platform it was built for, and this interpreter matches none of them; "
        "most often the wheel is for another Python version (a cp311 file for Python 3.12)."
    )
    facts: dict[str, object] = {}
    if python:
        facts["python_version"] = python
        cause += sep() + _("Your Python is {version}.").format(version=python)
    fix = (
        _(
            "Compare the file's name with `python --version`: the cpXY part must be your "
            "version (cp311 = 3.11); use a venv of that Python, or the file made for yours."
        ),
        _("`envdoctor wheel` followed by the file's name says which part does not fit."),
    )
    return Advice(cause, fix, facts, key="unnamed", used_local_facts=local)


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
    # The float8 dtypes came in 2.1 (PyTorch 2.1 release notes); FP8 checkpoints need them.
    "float8_e4m3fn": "2.1",
    "float8_e5m2": "2.1",
}
_API_NAMES = "|".join(_NEWER_APIS)
# The same for submodules of torch.backends: the MPS backend (Apple GPUs) came in 1.12
# (PyTorch 1.12 release notes).
_NEWER_BACKENDS = {"mps": "1.12"}


@FAMILY.entry(
    code="torch-too-old-for-code",
    keywords=(
        "has no attribute",
        "no module named 'torch._dynamo'",
        "requires pytorch",
        "requires a pytorch",
        "requires torch",
    ),
    title=N_("The installed torch is older than the code needs"),
    patterns=(
        rx(
            r"module 'torch(?:\.nn(?:\.functional)?)?' has no attribute "
            r"'(?P<api>" + _API_NAMES + r")'"
        ),
        rx(r"No module named '?torch\.(?P<api>_dynamo)'?"),
        rx(
            r"module 'torch\.backends' has no attribute '(?P<backend>"
            + "|".join(_NEWER_BACKENDS)
            + r")'"
        ),
        # A library that says so itself: "Using torch.compile requires PyTorch 2.0 or higher".
        rx(r"requires PyTorch (?P<since>\d+\.\d+(?:\.\d+)?) or (?:higher|newer|above|later)"),
        # ... or as a requirement: "FSDP requires PyTorch >= 2.1.0", "requires a Pytorch >= 2.6".
        rx(
            r"requires (?:a |the )?(?:PyTorch|torch)(?: version)? ?(?:>=|>|≥) ?v?"
            # Not a range ("a torch version >= 1.5 and < 2.0 but detected 2.0": DeepSpeed's
            # op report, where the torch is too new, not too old).
            r"(?P<since>\d+\.\d+(?:\.\d+)?)(?!\.?\d)(?!\s*(?:,|and)\s*<)"
        ),
    ),
)
def _advise_torch_too_old(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    backend = m.groupdict().get("backend")
    api = f"torch.backends.{backend}" if backend else m.groupdict().get("api") or "this feature"
    since = _NEWER_BACKENDS[backend] if backend else m.groupdict().get("since") or _NEWER_APIS[api]
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
    # The installed torch is the problem: the newest fitting build, not its release.
    build = suggest(ctx.matrix, k, mirror=ctx.mirror, keep_release=False)
    if build is not None:
        fix.append(build.command)
        # The newest build needs the newest driver and Python: the alternatives for the
        # facts the paste does not show.
        for step in (
            older_python_step(ctx.matrix, k, build, mirror=ctx.mirror),
            older_driver_step(ctx.matrix, k, build, mirror=ctx.mirror),
        ):
            if step is not None:
                fix.append(step)
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
