"""pip (and uv, poetry) finding no torch to install: versions the index does not have for
this Python or platform, and +cuXXX / +cpu builds asked for where they do not exist."""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor import messages as msg
from envdoctor.compat.builds import index_label_exists, index_labels, lts_builds
from envdoctor.compat.python import newest_python, python_supported
from envdoctor.compat.versions import TorchVersion, Verdict, cuda_tuple
from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.families.pip_listing import (
    all_newer,
    newest_listed,
    no_wheel_at_all,
    pin_of,
)
from envdoctor.explain.knowledge import index_url, suggest
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.no_wheel import RESOLVER_NO_WHEEL, resolver_no_wheel
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.special_indexes import (
    NIGHTLY,
    lts_only,
    nightly_gone,
    nightly_index_gone,
)
from envdoctor.explain.steps import OWN_INSTALLERS
from envdoctor.i18n import N_, _

FAMILY = Family("pip_versions")

# The build folder of an index URL: download.pytorch.org/whl/cu131, mirrors' pytorch-wheels/cu131.
_INDEX_LABEL = re.compile(
    r"(?P<url>(?:https?://)?[\w.-]{1,60}(?:/[\w.-]{1,40}){0,3}?(?:/whl|/pytorch-wheels)/"
    r"(?P<label>cu\d{2,3}))(?![\w.])",
    re.IGNORECASE,
)


def _index_that_does_not_exist(
    req: str, ctx: Context, facts: dict[str, object], fix: list[str]
) -> str | None:
    """An --index-url whose build folder no release has (whl/cu131, whl/cu122: usually the
    driver's CUDA from nvidia-smi taken for a build name): pip sees no torch there. The
    builds named are those of the pinned release (torch==2.10.0), else of the newest."""
    m = ctx.near(_INDEX_LABEL, "/whl/cu", "/pytorch-wheels/cu", before=120, reach=8)
    if m is None or index_label_exists(ctx.matrix, m.group("label").lower()) is not False:
        return None
    label, url = m.group("label").lower(), m.group("url")
    known = ctx.known
    wanted = TorchVersion.parse(pin_of(req))
    pinned = ctx.matrix.release(wanted.release) if wanted is not None else None
    if wanted is not None and pinned is not None and wanted.exact is not None:
        known, newest = replace(known, torch_version=wanted.exact), pinned
    else:
        newest = ctx.matrix.torch.newest_release()
    labels = ", ".join(index_labels(newest))
    facts["index_url"] = url
    facts["existing_builds"] = labels
    cuda = parse_cuda_version(label)
    build = suggest(ctx.matrix, known, mirror=ctx.mirror)
    if known.driver_cuda is not None and build is not None:
        fix.append(_("Install the build for this machine: {cmd}").format(cmd=build.command))
    else:
        guessed = suggest(ctx.matrix, known, mirror=ctx.mirror, driver_cuda=cuda)
        if cuda is not None and guessed is not None:
            fix.append(
                _(
                    "If {cuda} is the 'CUDA Version' nvidia-smi shows, this build runs on that "
                    "driver: {cmd}"
                ).format(cuda=cuda, cmd=guessed.command)
            )
        fix.append(
            _(
                "Otherwise pick a folder that exists: torch {version} is built as {labels}; "
                "the newest whose CUDA is not above nvidia-smi's 'CUDA Version' runs on your "
                "driver ({url})."
            ).format(version=newest.newest, labels=labels, url=index_url("<build>"))
        )
    return _(
        "The index {url} does not exist: no PyTorch release was built as {label}, so pip "
        "finds no torch there. Its last folder names a build (torch {version} has {labels}), "
        "not the CUDA version nvidia-smi prints; that one is only the newest CUDA the driver "
        "runs, and older builds run on it too."
    ).format(url=url, label=label, version=newest.newest, labels=labels)


# A nightly pinned by date: torch==2.7.0.dev20250310+cu128.


# A local build tag in a requirement: torch==2.1.0+cu121.
_LOCAL_TAG = re.compile(r"\+(cu\d{2,3}|cpu|rocm[\d.]+)")


def _named_cause(
    req: str, ctx: Context, facts: dict[str, object], fix: list[str], nothing: bool = False
) -> tuple[str | None, bool]:
    """The cause the requirement or the index URL names (a pinned nightly, an index folder
    no release has, a +cuXXX build), and whether a lagging mirror could explain it too.
    `nothing`: pip listed no version at all ("from versions: none")."""
    nightly = NIGHTLY.search(req)
    if nightly is not None:
        return nightly_gone(nightly, ctx, facts, fix), False
    gone = nightly_index_gone(ctx, facts, fix)
    if gone is not None:
        return gone, False
    local_tag = _LOCAL_TAG.search(req)
    if local_tag is not None:
        missing_index = _index_that_does_not_exist(req, ctx, facts, fix)
        if missing_index is not None:
            return missing_index, False
        if nothing and ctx.known.os != "Darwin":
            # A local tag alone still leaves PyPI's plain versions in pip's list: seeing
            # none at all, pip has no torch for this interpreter anywhere.
            return None, False
        return _local_build_refused(req, local_tag.group(1), ctx, facts, fix), True
    missing_index = _index_that_does_not_exist(req, ctx, facts, fix)
    return missing_index, missing_index is None


def _build_that_does_not_exist(
    req: str, variant: str, ctx: Context, facts: dict[str, object], fix: list[str]
) -> str | None:
    """A +cuXXX build the matrix says that release never had (torch 2.0.1+cu121)."""
    wanted = TorchVersion.parse(pin_of(req))
    release = ctx.matrix.release(wanted.release) if wanted is not None else None
    if wanted is None or release is None or wanted.exact is None:
        return None
    have = release.variant(variant)
    if have is not None and wanted.exact in (have.versions or release.versions):
        return None
    builds = [
        v
        for v in release.variants
        if v.is_cuda and wanted.exact in (v.versions or release.versions)
    ]
    if not builds:
        return None
    # The nearest build: the newest CUDA not above the one asked for, else the oldest.
    parsed = parse_cuda_version(variant)  # "cu121" -> 12.1
    asked = (parsed.major, parsed.minor) if parsed is not None else None
    below = [v for v in builds if asked and (cuda_tuple(v.cuda) or (0, 0)) <= asked]
    near = max(below, key=lambda v: cuda_tuple(v.cuda) or (0, 0)) if below else builds[0]
    facts["existing_builds"] = " ".join(v.name for v in builds)
    fix.append(
        _('Install a build that exists: python -m pip install "{spec}" --index-url {url}').format(
            spec=f"torch=={wanted.exact}+{near.name}", url=index_url(near.name)
        )
    )
    return _(
        "torch {version} was never built as +{variant}: its CUDA builds are {builds} "
        "(the PyTorch index has no other)."
    ).format(version=wanted.exact, variant=variant, builds=", ".join(v.name for v in builds))


def _local_build_refused(
    req: str, variant: str, ctx: Context, facts: dict[str, object], fix: list[str]
) -> str:
    """No match for a +cuXXX/+cpu/+rocm requirement: which of the three reasons it is."""
    k = ctx.known
    if variant != "cpu" and k.os == "Darwin":
        return _no_gpu_build_on_mac(req, variant, facts, fix)
    missing = _build_that_does_not_exist(req, variant, ctx, facts, fix)
    if missing is not None:
        return missing
    if ctx.has("download.pytorch.org"):
        return _already_on_torch_index(req, variant, k, fix)
    fix.append(
        _(
            'Install it from the PyTorch index: python -m pip install "{req}" --index-url {url}'
        ).format(req=req, url=index_url(variant))
    )
    fix.append(_("If pip still finds nothing, that build does not exist for your Python version."))
    return _(
        "{req} has a local version tag (+{variant}); such builds are not on PyPI or "
        "its mirrors, only on the PyTorch index."
    ).format(req=req, variant=variant)


def _already_on_torch_index(req: str, variant: str, k: Known, fix: list[str]) -> str:
    """pip looked in PyTorch's own index and still found no such build: it does not exist
    for this platform or Python. Adds the steps, returns the cause."""
    cause = _(
        "pip did look in PyTorch's index and found no {req} for this machine: that build "
        "does not exist for this platform or this Python. CUDA builds exist only for Linux "
        "and Windows (none for macOS), and each release only for the Python versions of its "
        "time."
    ).format(req=req)
    if k.python_version:
        cause += sep() + _("Your Python is {version}.").format(version=k.python_version)
    fix.append(
        _(
            'Check the platform and Python: `python -c "import sys, platform; '
            'print(sys.version, platform.platform())"`; on a Mac install the plain version '
            "(no +{variant})."
        ).format(variant=variant)
    )
    fix.append(
        _(
            "On Linux/Windows pick a release built for your Python: `envdoctor install` prints "
            "the command for this machine, or use a Python of the release's time."
        )
    )
    return cause


def _no_gpu_build_on_mac(req: str, variant: str, facts: dict[str, object], fix: list[str]) -> str:
    """A +cuXXX/+rocm requirement on macOS: no index has such a wheel for it. Adds its
    facts and steps, returns the cause."""
    facts["os"] = "Darwin"
    cause = _(
        "{req} is a CUDA/ROCm build, and such builds do not exist for macOS: the PyTorch "
        "index has them for Linux and Windows only. On a Mac pip can only offer the plain "
        "versions (CPU and Apple GPU through MPS)."
    ).format(req=req)
    version = req.rsplit("==", maxsplit=1)[-1].split("+", maxsplit=1)[0]
    fix.append(
        _(
            "Install the plain version: `python -m pip install torch=={version}` (drop the "
            "+{variant} suffix and the --index-url/--extra-index-url); the program then runs "
            "on the CPU or with device='mps'."
        ).format(version=version, variant=variant)
    )
    return cause


# The banner of a 32-bit CPython on Windows: "[MSC v.1932 32 bit (Intel)]".
_BITS32 = re.compile(r"\[MSC v\.\d{3,4} 32 bit \((?:Intel|ARM)\)\]")


def _python_cannot_have_it(
    req: str, ctx: Context, facts: dict[str, object], fix: list[str]
) -> str | None:
    """The paste's interpreter is one no wheel of the requested torch exists for: 32-bit,
    or a Python the release was not built for (the matrix's Pythons per release)."""
    k = ctx.known
    if k.pointer_bits == 32 or ctx.near(_BITS32, "32 bit (", before=20) is not None:
        facts["python_bits"] = 32
        fix.append(
            _(
                "Install a 64-bit Python (on Windows the python.org 'Windows installer "
                "(64-bit)'), then create the environment again with it (delete the old venv "
                "folder) and install there."
            )
        )
        cause = _(
            "This Python is 32-bit, and PyTorch publishes 64-bit wheels only: no index has "
            "any torch for it."
        )
        if k.python_version:
            cause += sep() + _("Your Python is {version}.").format(version=k.python_version)
        return cause
    wanted = TorchVersion.parse(pin_of(req))
    release = ctx.matrix.release(wanted.release) if wanted is not None else None
    python = k.python_version
    if release is None or python is None or python_supported(release, python) is not Verdict.NO:
        return None
    facts["release_python"] = release.python
    newest = newest_python(release)
    if newest is not None:
        fix.append(
            _(
                "Use a Python that release was built for (Python {newest}): create the "
                "environment with it and install there; an app that pins this torch "
                "(stable-diffusion-webui) needs exactly that."
            ).format(newest=newest)
        )
    build = suggest(ctx.matrix, k, mirror=ctx.mirror, keep_release=False)
    if build is not None:
        fix.append(
            _("Or keep Python {python} and install a torch built for it: {cmd}").format(
                python=python, cmd=build.command
            )
        )
    return _(
        "torch {release} has no wheels for Python {python}: it was built for Python {spec} "
        "only, so no index (PyPI or PyTorch's) has {req} for this interpreter."
    ).format(release=release.release, python=python, spec=release.python, req=req)


# A wheel file name's tags copied into the version: torch-2.1.2+cu118-cp310-cp310-linux_x86_64
# .whl gives "torch==2.1.2+cu118-cp310", which no index has (uv prints it normalised, the
# tag joined to the local label with a dot: "2.1.2+cu118.cp310"; zenn.dev/hiroga's uv notes).
_TAG_IN_VERSION = re.compile(
    r"==(?P<version>\d+(?:\.\d+){1,3}(?:\+(?P<variant>cu\d{2,3}|cpu|rocm[\d.]+))?)[.+-]"
    r"(?P<tag>cp3\d{1,2}t?|py3\d{0,2}|manylinux\w*|linux_\w+|win_amd64|macosx_\w+)\b",
    re.IGNORECASE,
)


def _tag_in_version(req: str, ctx: Context) -> Advice | None:
    m = _TAG_IN_VERSION.search(req)
    if m is None:
        return None
    version, variant, tag = m.group("version"), m.group("variant"), m.group("tag")
    name = req.split("=", 1)[0].strip()
    facts: dict[str, object] = {"requirement": req, "version": version, "file_tag": tag}
    cause = _(
        "The requirement {req} has a wheel file name's tag ({tag}) in its version. A version "
        "never holds the Python or platform tag: {version} is the version, and the installer "
        "picks the file for this Python and platform itself."
    ).format(req=req, tag=tag, version=version)
    pin = f"{name}=={version}"
    # cp310 -> 3.10: the Python the tag was meant to choose (`envdoctor wheel`'s tag reader).
    from envdoctor.wheelcheck.names import python_tag_version

    kind, version, _free = python_tag_version(tag.lower())
    python = f"{version[0]}.{version[1]}" if kind == "cp" and version else "<version>"
    fix = [
        _("Ask for the version alone: `pip install {pin} --index-url {url}`.").format(
            pin=pin, url=index_url(variant)
        )
        if variant
        else _("Ask for the version alone: `pip install {pin}`.").format(pin=pin),
        _(
            "With uv the same: `uv add {pin}` (with the PyTorch index declared for a +cuXXX "
            "variant); to choose the Python, pin the interpreter (`uv python pin {python}`), "
            "not the file."
        ).format(pin=pin, python=python),
    ]
    return Advice(cause, tuple(fix), facts, key=req, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="pip-no-matching-torch",
    keywords=(
        "satisfies the requirement",
        "no matching distribution",
        "has no wheels with a matching",
        "doesn't have a source distribution or wheel",
        "-compatible wheels",
        "no wheels are available",
        "there is no version of torch",
        "unable to find installation candidates",
        "requires a different python",
        "only has wheel",
    ),
    title=N_("pip finds no matching PyTorch"),
    patterns=(
        rx(
            msg.PIP_NO_VERSION
            + r"(?P<req>torch(?:vision|audio)?(?![\w-])[^\s(]*)(?: \(from [^)]*\))? "
            + msg.PIP_FROM_VERSIONS
            + r"(?P<versions>[^)]*)\)"
        ),
        rx(msg.PIP_NO_MATCHING + r"(?P<req>torch(?:vision|audio)?(?![\w-])[^\s(]*)"),
        # The same refusal quoted without its "(from versions: ...)" list.
        rx(msg.PIP_NO_VERSION + r"(?P<req>torch(?:vision|audio)?(?![\w-])[^\s(]*)"),
        *RESOLVER_NO_WHEEL,
    ),
    # pip saw no versions because it could not fetch the index at all: that answer says why.
    defers_to=frozenset({"download-certificate-failed"}),
)
def _advise_pip(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    tagged = _tag_in_version(m.groupdict().get("req") or "", ctx)
    if tagged is not None:
        return tagged
    resolved = resolver_no_wheel(m, ctx)
    if resolved is not None:
        cause, steps, found = resolved
        if k.python_version and "python_version" not in found:
            found["python_version"] = k.python_version
        return Advice(cause, tuple(steps), found, used_local_facts=k.local)
    req = m.group("req")
    listed = m.groupdict().get("versions")
    versions_raw = (listed or "").strip()
    versions = [v.strip() for v in versions_raw.split(",") if v.strip() and v.strip() != "none"]
    facts: dict[str, object] = {"requirement": req}
    if listed is not None:  # pip printed its list (possibly "none")
        facts["available_versions"] = versions
    if k.python_version:
        facts["python_version"] = k.python_version
    fix: list[str] = []
    # torch's 2017 placeholders (0.1.2) are no real releases; torchvision's 0.x are.
    torch_itself = re.match(r"torch(?![\w-])", req) is not None
    real = [v for v in versions if not (torch_itself and v.startswith("0."))]
    nothing = listed is not None and not versions
    # The LTS release (1.8.2) is on an index of its own, whatever the interpreter.
    pin = pin_of(req)
    lts = lts_builds(ctx.matrix, pin) if pin else None
    named: str | None
    if lts is not None:
        tag = _LOCAL_TAG.search(req)
        variant = tag.group(1) if tag else None
        named, lagging = lts_only(req, lts, variant, ctx, facts, fix, nothing), False
    elif python_cause := _python_cannot_have_it(req, ctx, facts, fix):
        named, lagging = python_cause, False
    else:
        named, lagging = _named_cause(req, ctx, facts, fix, nothing)
    if named is not None:
        cause = named
    elif listed is None:
        cause = _(
            "pip found no release of {req} with a wheel for this Python version and "
            "platform. Either that version does not exist, or it has no wheel for your "
            "Python (too new, too old, or 32-bit)."
        ).format(req=req)
        if k.python_version:
            cause += sep() + _("Your Python is {version}.").format(version=k.python_version)
        fix.append(
            _(
                "Run `python -m pip install {req}` again and read the line above this one: "
                "'(from versions: …)' lists what pip can see."
            ).format(req=req)
        )
    elif not real:
        cause = no_wheel_at_all(req, versions, ctx, facts, fix)
    else:
        facts["newest_available"] = real[-1]
        cause = newest_listed(real[-1], ctx, fix, all_newer(req, real))
    if lagging:
        fix.append(
            _(
                "A mirror that lags behind can also hide new releases: compare with "
                "`pip index versions torch`."
            )
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="pip-package-not-on-pypi",
    keywords=(msg.PIP_NO_MATCHING_ANCHOR, msg.PIP_NO_VERSION_ANCHOR),
    title=N_("pip finds no such package: it is not published on PyPI"),
    patterns=(
        rx(
            rf"(?:{msg.PIP_NO_MATCHING}|{msg.PIP_NO_VERSION})(?P<pkg>pytorch3d|detectron2)(?![\w-])"
        ),
    ),
    specificity=3,
)
def _advise_not_on_pypi(m: re.Match[str], ctx: Context) -> Advice:
    pkg = m.group("pkg")
    cause = _(
        "{pkg} publishes no wheels on PyPI that pip can install here: it is built against "
        "the installed torch from its repository (or taken from its own prebuilt builds)."
    ).format(pkg=pkg)
    fix = (_(OWN_INSTALLERS[pkg]),)
    return Advice(cause, fix, {"package": pkg}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
