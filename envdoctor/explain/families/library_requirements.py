"""A library's own words about a package it needs: "X is not installed", "requires X to be
installed", "requires X >= 1.2", "X version must be >= 1.2. Please update X."

Libraries check their optional dependencies on import or when a feature is switched on
(accelerate's DeepSpeed and FSDP checks, transformers' integrations, and many more) and
say which package and version they want. Whatever the library, the cause is the same: the
interpreter that runs the program lacks that package or has an older one. The well-known
forms have entries that know more (package_installs, library_versions, python_env's old
torch); this one is the general rule they refine, so it yields to them.
"""

from __future__ import annotations

import re

from envdoctor.explain.families.library_versions import PIP_INTO_INTERPRETER
from envdoctor.explain.families.python_env import FIND_INTERPRETER
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.explain.steps import distribution_of
from envdoctor.i18n import N_, _

FAMILY = Family("library_requirements")

# A package as libraries name it: `deepspeed`, 'flash_attn', DeepSpeed, sentence-transformers.
_PKG = r"[`'\"]?(?P<pkg>[A-Za-z][\w.\-]{1,40}?)[`'\"]?"
# Never a prefix of the number ("4" of "4.0"): the range check after it must see it whole.
_VERSION = r"v?(?P<ver>\d+(?:\.\d+){0,3})(?!\.?\d)"

# Names that are not pip packages or that other families own with their own cause: the
# driver, the CUDA toolkit and its compiler, cuDNN, compilers, the OS and Python itself
# (package_platforms, python_requires), torch (python_env's torch-too-old-for-code), and
# words a sentence puts in the package's place.
_NOT_PACKAGES = frozenset(
    {
        "torch", "pytorch", "cuda", "cudatoolkit", "cuda-toolkit", "toolkit", "nvcc", "cudnn",
        "driver", "nvidia", "python", "python3", "gcc", "g++", "clang", "msvc", "glibc",
        "glibcxx", "windows", "macos", "linux", "os", "ubuntu", "ninja", "cmake", "git",
        "it", "this", "that", "which", "package", "module", "library", "model", "gpu",
        "version", "dependency", "dependencies", "backend", "extension", "kernel", "plugin",
        "one", "none", "something", "the", "a", "an", "all", "any", "correct", "required",
        "following", "missing", "these", "those", "them", "they", "compute", "capability", "sm", "rocm", "hip", "xpu",
        "npu", "mps", "cpu", "numpy",  # numpy: numpy_abi's "compiled using NumPy 1.x" family
        # Programs and system libraries that share a name with an unrelated PyPI project
        # (ffmpeg, nodejs, hopper are such projects): pip is never their fix.
        "rustc", "cargo", "rust", "ffmpeg", "openssl", "node", "nodejs", "npm", "java",
        "xcode", "espeak", "espeak-ng", "sox", "imagemagick", "visual", "microsoft", "vc",
        "hopper", "ampere", "ada", "blackwell", "volta", "turing", "pascal", "maxwell",
        "kepler", "mpi", "openmpi", "nccl", "tensorrt", "cublas", "go", "docker",
    }
)  # fmt: skip

# The specific entries for the same statement: theirs is the better answer.
_SPECIFIC = frozenset(
    {
        "accelerate-missing",
        "flash-attn-missing",
        "package-not-installed",
        "package-version-required",
        "torch-too-old-for-code",
        "transformers-needs-newer-torch",
        "own-installer-package-missing",
        "torch-companion-missing",
        "triton-missing",
        "gptq-kernels-not-installed",
        "mmcv-version-incompatible",
        "cupy-not-installed-correctly",
        "bitsandbytes-no-gpu",
        "xformers-torch-mismatch",
        "pip-requirements-conflict",
        "pip-dependency-conflict",
    }
)


def _known(pkg: str) -> str | None:
    """The pip distribution of a well-known package, however the message capitalises it."""
    return distribution_of(pkg) or distribution_of(pkg.lower())


def _dist(pkg: str) -> str:
    """The pip distribution for a name as a message writes it (DeepSpeed → deepspeed)."""
    return _known(pkg) or pkg.lower().replace("_", "-")


def _is_package(pkg: str) -> bool:
    name = pkg.lower()
    if "_" in name and _known(pkg) is None:
        return False  # num_layers, max_position_embeddings: a setting, not a package
    # lib*: a C library (libcudnn, libGL) is not a pip package, nor is a CUDA_* or other
    # upper-case setting (torch 1.x: "requires CUDA_VERSION >= 11000"); other families
    # own those.
    return (
        name not in _NOT_PACKAGES
        and not name.startswith(("lib", "cuda", "nvidia-smi", "docker"))
        and not (pkg.isupper() and "_" in pkg)
    )


def _python_package(pkg: str, text: str, m: re.Match[str]) -> bool:
    """Whether the words around a name say it is a Python package (not a program such as
    ffmpeg, whose fix is not pip): pip or conda installing it, "package X"/"X module", or
    the import error whose statement it is in (no sentence ends between them)."""
    name = re.escape(pkg)
    near = text[max(0, m.start() - _AROUND) : m.end() + _AROUND]
    if re.search(
        r"(?:pip3?|conda|uv pip) install\s+(?:-\S+\s+)*[`'\"]?" + name + r"\b"
        r"|\b(?:python )?(?:package|module|library) [`'\"]?" + name + r"\b"
        r"|\b" + name + r"[`'\"]? (?:python )?(?:package|module)\b",
        near,
        re.IGNORECASE,
    ):
        return True
    before = text[max(0, m.start() - 120) : m.start()]
    error = list(re.finditer(r"(?:ImportError|ModuleNotFoundError):", before))
    return bool(error) and not re.search(r"[.!?]\s+[A-Z]", before[error[-1].end() :])


# A notice that the run goes on without the package is not the failure.
_NOTICE_BEFORE = re.compile(r"(?:warning|info|userwarning)\b[^.!?]{0,80}$", re.IGNORECASE)
_NOTICE_AFTER = re.compile(
    r"^[^.!?]{0,40}[.!?;,]?[^.!?]{0,80}?\b(?:falling back|fall back|skipping|disabled|instead|"
    r"will not be used|will be ignored)\b",
    re.IGNORECASE,
)


def _is_notice(text: str, m: re.Match[str]) -> bool:
    return bool(
        _NOTICE_BEFORE.search(text, max(0, m.start() - 100), m.start())
        or _NOTICE_AFTER.search(text[m.end() : m.end() + 160])
    )


# The engine's text has its line ends collapsed into spaces: "the error's own line" is
# read as the words just around the match (never the whole text: a 10 MB log is one line).
_AROUND = 160


def _around(text: str, m: re.Match[str]) -> str:
    return text[max(0, m.start() - _AROUND) : m.end() + _AROUND]


# An error's own line, or a line that asks to install: prose that merely mentions a
# package "is not installed" (a log's notice that runs on) is not the failure.
_ERROR_LINE = re.compile(
    r"error|exception|please|pip3? install|conda install|install it|failed|cannot|can't|"
    r"\brequires?\b",
    re.IGNORECASE,
)
_OWN_COMMAND = re.compile(
    r"(?:python3? -m )?(?:pip3?|uv pip|conda|mamba) install(?: [^\s`'\"]{1,80}){1,8}",
    re.IGNORECASE,
)
# Words after which a command quoted in prose has ended ("pip install x and then restart").
_PROSE_WORDS = frozenset(
    {"and", "then", "or", "to", "first", "before", "after", "if", "for", "with", "in", "the",
     "your", "this", "it", "again", "from", "on", "please", "or,"}
)  # fmt: skip


def _own_command(text: str, start: int, end: int) -> str | None:
    """The install command a message quotes, without the prose that follows it."""
    found = _OWN_COMMAND.search(text, start, end)
    if found is None:
        return None
    words = found.group(0).split(" ")
    kept: list[str] = []
    for word in words:
        if len(kept) >= 2 and word.lower() in _PROSE_WORDS:
            break
        kept.append(word.rstrip(".;,"))
        if word.endswith((".", ";", ",")):
            break
    command = " ".join(kept)
    # The package names must follow "install": nothing but the verb is no command.
    return None if command.endswith("install") else command


# A line that is the error itself: `Error: X is not installed` (Megatron-LM's scripts print
# `Error: requests is not installed`, conda-build's `Error: conda-build is not installed`),
# where nothing says whether X is a Python package or a program (ffmpeg, git).
_ERROR_FIRST = re.compile(
    r"(?:^|[\s>|])(?:\[[^\]\n]{1,40}\]\s*)?error\s{0,2}[:=]\s{0,2}[\"'`]?$", re.IGNORECASE
)


def _program_or_package(pkg: str, ctx: Context) -> Advice:
    """An unknown name "not installed" on an error's own line: both readings, pip's last."""
    cause = _(
        "The program stops because {pkg} is not installed where it looks: a Python package "
        "missing from the interpreter that runs it, or a command-line program missing from "
        "the system or from PATH; the message does not say which."
    ).format(pkg=pkg)
    fix = (
        _(
            "If {pkg} is a Python package (the project's requirements or docs list it): "
            "`<that python> -m pip install {pkg}`, with the interpreter that runs the program."
        ).format(pkg=pkg),
        _(
            "If {pkg} is a program: install it with the system's package manager (or its "
            "official installer) and check that `{pkg} --version` runs in the same shell."
        ).format(pkg=pkg),
    )
    return Advice(
        cause,
        fix,
        {"package": pkg},
        title=_("A package or program the program needs is not installed"),
        key=pkg.lower(),
        used_local_facts=ctx.known.local,
    )


@FAMILY.entry(
    code="library-requires-newer-package",
    keywords=(
        "requires",
        "version must be",
        "version should be",
        "please update",
        "required",
        "not support",
        "not yet support",
    ),
    title=N_("A library needs a newer version of a package it uses"),
    patterns=(
        # A range and the version found (xformers' ops/fmha/flash.py: "Requires
        # Flash-Attention version >=2.7.1,<=2.7.4 but got 2.8.0.post2.").
        rx(
            r"\bRequires " + _PKG + r" version (?P<spec>[<>=!~]=?\s?\d[\w.*]{0,20}(?:,\s?[<>=!~]=?"
            r"\s?\d[\w.*]{0,20}){0,3}) but got (?P<ver>\d[\w.+]{0,30}?)\.?(?=\s|$)"
        ),
        # The terse form: "transformers >= 4.55 required" (MiniCPM's LLaMA-Factory guide).
        rx(
            r"(?:^|(?<=[\s:(]))"
            + _PKG
            + r"\s*(?:>=|≥)\s*"
            + _VERSION
            + r"\s+(?:is\s+|are\s+)?required\b(?! for)"
        ),
        # The other way round: a library refuses a package that is too new (unsloth,
        # unsloth/import_fixes.py@015bdef: "vLLM with version X does not yet support
        # transformers>=5.0.0. Please downgrade to transformers==4.57.3 ...").
        rx(
            r"\bdoes not (?:yet )?support (?P<newer>)"
            + _PKG
            + r"\s*(?:>=|≥)\s*"
            + _VERSION
            + r"(?:[^\n]{0,40}?\bdowngrade to [`'\"]?[\w.-]{1,40}==(?P<pin>\d+(?:\.\d+){0,3}))?"
        ),
        rx(
            r"\brequires (?:a |the )?"
            + _PKG
            + r"\s*(?:version\s*)?(?:>=|>|≥)\s*"
            + _VERSION
            + r"(?!\s*(?:,|and)\s*<)"
        ),
        rx(
            r"\brequires (?:a |the )?"
            + _PKG
            + r" (?:version )?"
            + _VERSION
            + r"\+? or (?:higher|newer|above|later|greater)"
        ),
        rx(
            _PKG + r" version (?:must|should|needs to|has to) be (?:>=|>|≥|at least|"
            r"greater than or equal to|newer than|higher than) ?" + _VERSION
        ),
    ),
    specificity=1,
    defers_to=_SPECIFIC,
)
def _advise_newer(m: re.Match[str], ctx: Context) -> Advice | None:
    pkg, ver = m.group("pkg"), m.group("ver")
    if m.groupdict().get("spec"):
        return _outside_range(pkg, m.group("spec"), ver, ctx)
    if not _is_package(pkg) or _is_notice(ctx.text, m):
        return None
    if _known(pkg) is None and not _python_package(pkg, ctx.text, m):
        return _program_or_package_version(pkg, ver, ctx)
    dist = _dist(pkg)
    if m.groupdict().get("newer") is not None:
        return _too_new(m, pkg, dist, ver, ctx)
    facts: dict[str, object] = {"package": dist, "minimum": ver}
    cause = _(
        "The program, or a library it uses, checks the version of {pkg} and needs {ver} or "
        "newer; the interpreter that runs it has an older {pkg}, or none. Usually an older "
        "release came in with another package or an older requirements file."
    ).format(pkg=pkg, ver=ver)
    fix = (
        _('Upgrade it in that interpreter: `python -m pip install -U "{dist}>={ver}"`.').format(
            dist=dist, ver=ver
        ),
        _(PIP_INTO_INTERPRETER),
        _(
            "If pip then reports a conflict, another package pins {dist}: upgrade that package "
            "too, or install the versions the project's requirements name together."
        ).format(dist=dist),
        _(SEPARATE_ENVIRONMENTS),
    )
    return Advice(cause, fix, facts, key=dist, used_local_facts=ctx.known.local)


# Project names libraries print for a distribution of another name.
_PROJECT_NAMES = {"flash-attention": "flash-attn"}


def _outside_range(pkg: str, spec: str, got: str, ctx: Context) -> Advice:
    """A library accepts only a range of a package and found another version."""
    dist = _PROJECT_NAMES.get(pkg.lower()) or _dist(pkg)
    spec = spec.replace(" ", "")
    cause = _(
        "A library checks the installed {pkg} and accepts only {spec}, but {got} is "
        "installed: another package (or an install without a pin) brought a release outside "
        "that range."
    ).format(pkg=pkg, spec=spec, got=got)
    fix = (
        _('Install a release in that range: `python -m pip install "{dist}{spec}"`.').format(
            dist=dist, spec=spec
        ),
        _(PIP_INTO_INTERPRETER),
        _("Or upgrade the library that checks it to a release that accepts {dist} {got}.").format(
            dist=dist, got=got
        ),
        _(SEPARATE_ENVIRONMENTS),
    )
    return Advice(
        cause,
        fix,
        {"package": dist, "required": spec, "installed": got},
        title=_("A library does not accept the installed version of a package"),
        key="range-" + dist,
        used_local_facts=ctx.known.local,
    )


def _program_or_package_version(pkg: str, ver: str, ctx: Context) -> Advice:
    """A version asked of a name nothing marks as a Python package: both readings."""
    cause = _(
        "The program, or a library it uses, needs {pkg} {ver} or newer and found an older "
        "one or none: {pkg} may be a Python package in the interpreter that runs it, or a "
        "program or library of the system; the message does not say which."
    ).format(pkg=pkg, ver=ver)
    fix = (
        _(
            "If {pkg} is a Python package (the project's requirements or docs list it): "
            '`<that python> -m pip install -U "{pkg}>={ver}"`, with the interpreter that '
            "runs the program."
        ).format(pkg=pkg, ver=ver),
        _(
            "If {pkg} is a program or system library: install {ver} or newer with the "
            "system's package manager (or its official installer), and check which one is "
            "found first (`{pkg} --version` in the same shell)."
        ).format(pkg=pkg, ver=ver),
    )
    return Advice(
        cause,
        fix,
        {"package": pkg, "minimum": ver},
        key=pkg.lower(),
        used_local_facts=ctx.known.local,
    )


SEPARATE_ENVIRONMENTS = N_(
    "If two tools in this environment need versions of it that cannot agree (one pins it "
    "exactly), give each tool its own virtual environment."
)


def _too_new(m: re.Match[str], pkg: str, dist: str, ver: str, ctx: Context) -> Advice:
    """A library refuses {pkg}>={ver}: the installed one is too new for it; pin below."""
    pin = m.groupdict().get("pin")
    facts: dict[str, object] = {"package": dist, "below": ver}
    cause = _(
        "A library in this environment does not work with {pkg} {ver} or newer, and a newer "
        "{pkg} is installed: it came in with another package that asks for the latest "
        "release (or an unpinned upgrade)."
    ).format(pkg=pkg, ver=ver)
    if pin:
        facts["pin"] = pin
        first = _(
            'Install the release the message names: `python -m pip install "{dist}=={pin}"`.'
        ).format(dist=dist, pin=pin)
    else:
        first = _(
            'Install an older {dist} in that interpreter: `python -m pip install "{dist}<{ver}"`.'
        ).format(dist=dist, ver=ver)
    fix = (
        first,
        _(PIP_INTO_INTERPRETER),
        _(
            "Or upgrade the library that refuses it, if a newer release supports {dist} {ver}."
        ).format(dist=dist, ver=ver),
        _(SEPARATE_ENVIRONMENTS),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("A library does not support the newer version of a package installed beside it"),
        key="too-new-" + dist,
        used_local_facts=ctx.known.local,
    )


@FAMILY.entry(
    code="library-requires-missing-package",
    keywords=(
        "not installed",
        "to be installed",
        "please install",
        "not found in your environment",
        "is not available =>",
    ),
    title=N_("A library needs a package that is not installed"),
    patterns=(
        rx(_PKG + r" (?:is|was|are) not installed"),
        # accelerate's state.py / accelerator.py when its config asks for a backend that does
        # not import: "DeepSpeed is not available => install it using `pip3 install
        # deepspeed` or build it from source".
        rx(_PKG + r" is not available => install it"),
        rx(
            _PKG + r" (?:package |library |module )?(?:is |was )?required but (?:is )?not installed"
        ),
        rx(r"\brequires (?:the )?" + _PKG + r" (?:package |library |module )?to be installed"),
        # transformers' requires_backends: "requires the protobuf library but it was not
        # found in your environment".
        rx(
            r"\brequires the " + _PKG + r" (?:library|package) but it was not found in your "
            r"environment"
        ),
        # The name ends the phrase ("Please install Visual C++ ..." names no package).
        rx(
            r"\bplease install "
            + _PKG
            + r"(?=\s*(?:$|[.,:;!)]|(?:to|first|with|using|via|from|and|or|in|separately)\b))"
        ),
    ),
    specificity=1,
    defers_to=_SPECIFIC,
)
def _advise_missing(m: re.Match[str], ctx: Context) -> Advice | None:
    pkg = m.group("pkg")
    line = _around(ctx.text, m)
    if not _is_package(pkg) or not _ERROR_LINE.search(line) or _is_notice(ctx.text, m):
        return None
    if _known(pkg) is None and not _python_package(pkg, ctx.text, m):
        before = ctx.text[max(0, m.start("pkg") - 60) : m.start("pkg")]
        if _ERROR_FIRST.search(before):
            return _program_or_package(pkg, ctx)
        return None
    dist = _dist(pkg)
    # The import name: as written for a known module (PIL, cv2), else the distribution's.
    module = pkg if distribution_of(pkg) == pkg or pkg in ("PIL", "cv2") else dist.replace("-", "_")
    facts: dict[str, object] = {"package": dist}
    cause = _(
        "The program, or a library it uses, needs {pkg} for this feature and cannot import "
        "it in the interpreter that runs it: it was never installed there, went into another "
        "interpreter (another venv or conda env, the system Python, a pip of another "
        "Python), or is installed but fails on import and the library reports that as "
        "missing."
    ).format(pkg=pkg)
    own = _own_command(ctx.text, m.start(), m.end() + _AROUND)
    install = (
        _("Run the message's own command with that interpreter: `{command}`.").format(command=own)
        if own
        else _("Install it into that interpreter: `<that python> -m pip install {dist}`.").format(
            dist=dist
        )
    )
    fix = (
        _(FIND_INTERPRETER),
        install,
        _(
            'If it is installed, import it there to see the real error: `python -c "import '
            '{module}"` (a missing CUDA library or a build for another torch shows there).'
        ).format(module=module),
    )
    return Advice(cause, fix, facts, key=dist, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
