"""A package (not torch itself: its answers live with the resolvers) that publishes no
wheel, and no source to build, for this machine's platform.

uv says which platform it is on and which the package has wheels for ("You're on Linux
(`manylinux_2_39_aarch64`), but `triton` (v3.3.0) only has wheels for the following
platforms: `manylinux_2_27_x86_64`, ..."; uv-resolver's lock hints). The tags tell the
cause apart: another CPU architecture, another operating system, or the same architecture
with a newer glibc than this Linux has (wheelcheck.names reads the tags).

One cause is not the package's at all: the PyTorch index carries copies of some of torch's
dependencies with only a few files (MarkupSafe 3.0.2 as one cp313 Linux x86_64 wheel,
pytorch/test-infra#6900), and uv, which takes a package from the first index that has it,
locks that copy (astral-sh/uv#9647, #12620). The fix is where the index is declared.

Another is torch's own: its GPU dependencies (the nvidia-* CUDA libraries, triton and
pytorch-triton; torch's Linux wheels require them with `platform_system == "Linux"` markers)
have no macOS wheels anywhere, on PyPI or the PyTorch index, and triton publishes no Windows
ones. Asked for on such a platform, they mean a CUDA (or ROCm) torch was locked for a platform
that cannot have it: uv's PyTorch guide (docs/guides/integration/pytorch.md) gates the index
with a marker on torch's source (`{ index = "pytorch-cu124", marker = "sys_platform ==
'linux' or sys_platform == 'win32'" }`, ROCm `sys_platform == 'linux'`), or
`tool.uv.environments` leaves the platform out of the lock.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.no_wheel import TORCH_PKG
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _
from envdoctor.wheelcheck.names import PlatformInfo, describe_platform, same_arch

FAMILY = Family("package_platforms")

_TAG = re.compile(r"`([\w.]{1,60})`")
# uv's refusal line, with the index the package was taken from.
_DISTRIBUTION = re.compile(
    r"Distribution `(?P<pkg>[\w.-]{1,60})==[\w.+!]{1,40} @ registry\+(?P<index>https?://[^\s`]{1,200})`"
)
_NOT_TORCH = r"(?!" + TORCH_PKG + r"[`=])"
# torch's GPU dependencies (see the module's sources): the accelerator their torch is built for.
_GPU_DEPENDENCY = re.compile(
    r"nvidia[-_][\w.-]{1,50}|(?:pytorch[-_])?triton(?:[-_](?P<accel>rocm|xpu))?"
)
_YOURE_ON = re.compile(r"You're on (?P<os>\w[\w ]{0,20}) \(`(?P<want>[\w.]{1,60})`\)")


@FAMILY.entry(
    code="package-no-wheel-for-platform",
    keywords=(
        "only has wheels for the following platform",
        "only has wheels for:",
        "only has wheels with the following python",
        "@ registry+https://download.pytorch.org",
        "@ registry+",
        "doesn't have a source distribution or wheel for the current platform",
    ),
    title=N_("The package publishes no wheel for this machine's platform"),
    patterns=(
        # A package taken from the PyTorch index (first: the refusal names the index; uv
        # before its hints prints only this), with the index the package came from.
        rx(
            r"Distribution `(?P<pkg>"
            + _NOT_TORCH
            + r"[A-Za-z][\w.-]{0,60})==(?P<ver>[\w.+!]{1,40}) "
            r"@ registry\+https?://download\.pytorch\.org/whl(?P<bare>)"
        ),
        rx(
            r"You're on (?P<os>\w[\w ]{0,20}) \(`(?P<want>[\w.]{1,60})`\), but "
            r"`(?P<pkg>" + _NOT_TORCH + r"[A-Za-z][\w.-]{0,60})` \(v(?P<ver>[\w.+]{1,40})\) "
            r"only has wheels (?:for the following platforms?: |for: )"
            r"(?P<have>`[\w.]{1,60}`(?:,? (?:and )?`[\w.]{1,60}`){0,30})"
        ),
        # The same for the interpreter: "You're using CPython 3.10 (`cp310`), but
        # `markupsafe` (v3.0.2) only has wheels with the following Python implementation
        # tag: `cp313`".
        rx(
            r"You're using \w[\w -]{0,30}? \d\.\d{1,2} \(`(?P<want_py>cp\d{2,3}t?)`\), but "
            r"`(?P<pkg>" + _NOT_TORCH + r"[A-Za-z][\w.-]{0,60})` \(v(?P<ver>[\w.+]{1,40})\) "
            r"only has wheels with the following Python (?:implementation|ABI) tags?"
        ),
        # The refusal alone, cut before the package's name (an issue title), even before
        # "can't be installed because" (a blog's quote): the generic case, when no hint
        # line says more.
        rx(
            r"(?:can't be installed because |\b)it doesn't have a source distribution or "
            r"wheel for the current platform(?P<generic>)"
        ),
    ),
    specificity=3,
    # torch's own refusal has the resolvers' answer.
    defers_to=frozenset({"pip-no-matching-torch"}),
)
def _advise_platform(m: re.Match[str], ctx: Context) -> Advice | None:
    if m.groupdict().get("generic") is not None:
        return None if ctx.has(*_HINTS) else _generic(ctx)
    pkg, version = m.group("pkg"), m.group("ver")
    # The Distribution line starts ~40 characters before the index URL it names.
    source = ctx.near(_DISTRIBUTION, "@ registry+", before=120)
    index = source.group("index") if source and source.group("pkg").lower() == pkg.lower() else ""
    gpu_dependency = _GPU_DEPENDENCY.fullmatch(pkg.lower())
    if m.groupdict().get("bare") is not None or "download.pytorch.org" in index:
        if gpu_dependency is not None:
            return _torch_gpu_dependency(m, pkg, version, gpu_dependency, ctx)
        return _from_pytorch_index(pkg, version, ctx)
    if m.groupdict().get("want_py"):
        return _python_tag(m, pkg, version, ctx)
    other_index = bool(index) and "pypi.org" not in index and not _known_mirror(index)
    here = describe_platform(m.group("want"))
    offered = [describe_platform(t) for t in _TAG.findall(m.group("have"))]
    facts: dict[str, object] = {
        "package": pkg,
        "version": version,
        "platform": here.tag,
        "wheel_platforms": [p.tag for p in offered],
    }
    same_os = [p for p in offered if p.os == here.os]
    same_cpu = [p for p in same_os if same_arch(p.arch, here.arch)]
    if not same_os:
        facts["missing"] = "os"
        cause = _(
            "{pkg} {version} publishes wheels only for other operating systems than this "
            "one ({here}), and uv found no source distribution it could build instead."
        ).format(pkg=pkg, version=version, here=here.os)
    elif not same_cpu:
        facts["missing"] = "arch"
        cause = _(
            "{pkg} {version} publishes wheels for {os} on {arches} only, and this machine is "
            "{arch}: there is no build of it for this CPU architecture (and no source "
            "distribution uv could build)."
        ).format(
            pkg=pkg,
            version=version,
            os=here.os,
            arches=", ".join(sorted({p.arch or "?" for p in same_os})),
            arch=here.arch,
        )
    elif (oldest := _oldest_glibc(same_cpu)) is not None and here.version and oldest > here.version:
        facts["missing"] = "glibc"
        facts["glibc_needed"] = "{}.{}".format(*oldest)
        cause = _(
            "{pkg} {version}'s wheels for this CPU need glibc {need} or newer, and this Linux "
            "has glibc {have} ({tag})."
        ).format(
            pkg=pkg,
            version=version,
            need=facts["glibc_needed"],
            have="{}.{}".format(*here.version),
            tag=here.tag,
        )
    else:
        cause = _("{pkg} {version} has no wheel uv could match to this platform ({tag}).").format(
            pkg=pkg, version=version, tag=here.tag
        )
    if gpu_dependency is not None and facts.get("missing") == "os":
        # Not a copy with missing files: NVIDIA's and Triton's wheels exist for these OSes only.
        facts["torch_gpu_dependency"] = True
        cause += sep() + _(
            "{pkg} is one of torch's GPU dependencies, published for Linux (some also for "
            "Windows) only: something asks for it on this platform without a marker, usually "
            "a CUDA build of torch locked for every platform."
        ).format(pkg=pkg)
    elif other_index:
        # A private or secondary index may hold only some of a package's files (the
        # PyTorch index's case above): then PyPI's files are the ones that fit.
        facts["index"] = index
        cause += sep() + _(
            "uv took it from {index}, not PyPI: if PyPI has a wheel for this platform, that "
            "index carries only some of the package's files, and declaring the indexes "
            "(`explicit = true` for the one meant for a few packages) or "
            "`--index-strategy unsafe-best-match` lets uv use PyPI's."
        ).format(index=index)
    fix = (
        _(
            "Find out whether the package is needed on this platform at all: a dependency "
            "that only x86_64 or only one OS uses can be limited with an environment marker "
            "(e.g. `{pkg}; platform_machine == 'x86_64'`) or left out."
        ).format(pkg=pkg),
        _(
            "Otherwise pick a release of {pkg} that publishes wheels for this platform (its "
            "PyPI page lists the files of each release), build it from its source repository, "
            "or run on a machine of a platform it supports."
        ).format(pkg=pkg),
        _(
            "uv resolves for every platform at once: `tool.uv.required-environments` (or "
            "`environments`) in pyproject.toml says which platforms the lock must cover."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


# Lines that name the package and what it has: the other patterns answer those pastes.
_HINTS = (
    "only has wheels for the following platform",
    "only has wheels for:",
    "only has wheels with the following python",
    "@ registry+https://download.pytorch.org",
)


def _generic(ctx: Context) -> Advice:
    cause = _(
        "uv locked a release that has no file for this machine: no wheel for this Python "
        "version or platform, and no source distribution to build. `uv add` and `uv sync` "
        "resolve for every platform at once and take the newest release, even one without "
        "files for this machine; the package's name is before the part of the message quoted."
    )
    fix = (
        _(
            "Run it again and read the whole message: its `hint:` line names the package, "
            "this machine's tag and the tags the release has."
        ),
        _(
            "Then allow an older release of that package, or use a Python (`uv python pin`) "
            "or a platform it publishes wheels for."
        ),
    )
    return Advice(cause, fix, {}, key="generic", used_local_facts=ctx.known.local)


def _from_pytorch_index(pkg: str, version: str, ctx: Context) -> Advice:
    facts: dict[str, object] = {"package": pkg, "version": version, "index": "pytorch"}
    cause = _(
        "uv took {pkg} {version} from the PyTorch index, not from PyPI: that index carries "
        "copies of some of torch's dependencies with only a few of their files (MarkupSafe "
        "3.0.2 there is a single Python 3.13 Linux x86_64 wheel), and uv uses the first index "
        "that has a package at all. PyPI normally has files of such a package for this "
        "platform (its page lists them)."
    ).format(pkg=pkg, version=version)
    fix = (
        _(
            "Use the PyTorch index for torch only: declare it with `explicit = true` under "
            "[[tool.uv.index]] and point torch (and torchvision, torchaudio) at it in "
            "[tool.uv.sources], as uv's PyTorch guide shows; then `uv lock` again."
        ),
        _(
            "Or let uv compare both indexes: `--index-strategy unsafe-best-match` (or "
            '`index-strategy = "unsafe-best-match"` under [tool.uv]).'
        ),
    )
    return Advice(cause, fix, facts, key="pytorch-index", used_local_facts=ctx.known.local)


def _torch_gpu_dependency(
    m: re.Match[str], pkg: str, version: str, dep: re.Match[str], ctx: Context
) -> Advice:
    """nvidia-*, triton or pytorch-triton from the PyTorch index on a platform it lacks."""
    accel = {"rocm": "ROCm", "xpu": "XPU"}.get(dep.group("accel") or "", "CUDA")
    # uv's hint line, found from its "only has wheels for" (a keyword: no extra scan).
    on = m if m.groupdict().get("want") else None
    on = on or ctx.near(_YOURE_ON, "only has wheels for", before=220)
    here = describe_platform(on.group("want")) if on is not None else None
    facts: dict[str, object] = {
        "package": pkg,
        "version": version,
        "index": "pytorch",
        "torch_gpu_dependency": accel,
    }
    if here is not None:
        facts["platform"] = here.tag
    cause = _(
        "{pkg} {version} is one of torch's {accel} dependencies, taken from the PyTorch index "
        "with its {accel} build of torch, and has no wheel for this platform{where}."
    ).format(
        pkg=pkg, version=version, accel=accel, where=f" ({here.tag})" if here is not None else ""
    )
    if here is not None and here.os in ("linux", "windows"):
        cause += sep() + _(
            "The {accel} torch the lock chose for every {os} machine needs it, on this machine too."
        ).format(os=here.os.capitalize(), accel=accel)
    else:
        # macOS, or a platform the paste does not name: uv's PyTorch guide, "PyTorch doesn't
        # publish CUDA builds for macOS"; none of these packages has a macOS wheel.
        cause += sep() + _(
            "These packages exist only for the platforms PyTorch's {accel} builds support "
            "(Linux, and Windows for CUDA), never for macOS, on PyPI or the PyTorch index: the "
            "lock asks for it because a {accel} torch from the PyTorch index was chosen for "
            "every platform, including one that cannot have it."
        ).format(accel=accel)
    marker = (
        "sys_platform == 'linux'"
        if accel == "ROCm"
        else ("sys_platform == 'linux' or sys_platform == 'win32'")
    )
    fix: tuple[str, ...] = (
        _(
            "Use the PyTorch index only where its builds exist: in pyproject.toml, "
            '`[tool.uv.sources] torch = [{{ index = "pytorch-cu124", marker = '
            '"{marker}" }}]` (the name of your [[tool.uv.index]]; the same for torchvision and '
            "torchaudio), as uv's PyTorch guide shows; other platforms then take torch from "
            "PyPI. Then `uv lock` again."
        ).format(marker=marker),
        _(
            "Or leave this platform out of the lock: `[tool.uv] environments = "
            "[\"sys_platform == 'linux'\"]` (add `sys_platform == 'win32'` for Windows)."
        ),
    )
    if here is not None and here.os == "linux" and not same_arch(here.arch, "x86_64"):
        fix = (
            _(
                "On this {arch} Linux: pick a torch release whose {accel} index publishes "
                "{arch} wheels (the index's page lists the files), or take torch from the "
                "PyTorch index on x86_64 only by adding `and platform_machine == 'x86_64'` to "
                "the marker below."
            ).format(arch=here.arch, accel=accel),
            *fix,
        )
    return Advice(cause, fix, facts, key="gpu-dependency", used_local_facts=ctx.known.local)


def _python_tag(m: re.Match[str], pkg: str, version: str, ctx: Context) -> Advice:
    facts: dict[str, object] = {"package": pkg, "version": version, "python": m.group("want_py")}
    cause = _(
        "{pkg} {version} has no wheel for this Python ({python}) and no source distribution "
        "uv could build: the release was built for other Python versions only."
    ).format(pkg=pkg, version=version, python=m.group("want_py"))
    fix = (
        _(
            "Allow a release of {pkg} that has wheels for this Python (its PyPI page lists "
            "the files), or use a Python it was built for (`uv python pin`)."
        ).format(pkg=pkg),
    )
    return Advice(cause, fix, facts, key="python", used_local_facts=ctx.known.local)


def _known_mirror(url: str) -> bool:
    """A PyPI mirror of the catalogue (Tsinghua, Aliyun, ...): it holds all of PyPI's files."""
    from envdoctor.mirrors.catalog import identify  # the catalogue only when an index is named

    return identify(url) is not None


def _oldest_glibc(platforms: list[PlatformInfo]) -> tuple[int, int] | None:
    """The lowest glibc among manylinux tags (the wheel that asks the least)."""
    versions = [p.version for p in platforms if p.libc == "glibc" and p.version]
    return min(versions) if versions else None


__all__ = ["FAMILY"]
