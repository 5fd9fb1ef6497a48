"""conda's missing packages for a PyTorch install: channels not given, the pytorch channel's
end after torch 2.5, CUDA packages on macOS and ARM, environment files exported with build
strings or pins for another platform, names conda never had (pip's `torch`), and a channel
that the configured mirror does not carry."""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.explain.knowledge import cpu_build, suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _
from envdoctor.values import CONDA_SUBDIRS, MAC_WORDS, os_display

FAMILY = Family("conda_packages")


_SUBDIR = "|".join(CONDA_SUBDIRS)
_CONDA_TORCH = (
    r"(?:pytorch-cpu|torchvision-cpu|pytorch|pytorch-cuda|cudatoolkit|torchvision|torchaudio|"
    r"pytorch-mutex|cpuonly|torch)"
)


@FAMILY.entry(
    code="conda-package-not-found",
    keywords=(
        "packagesnotfounderror",
        "resolvepackagenotfound",
        "perhaps a typo or a missing channel",
        "nothing provides requested",
    ),
    title=N_("conda cannot find the PyTorch package in its channels"),
    patterns=(
        rx(
            r"PackagesNotFoundError: The following packages are not available from current "
            r"channels: (?P<pkgs>(?:- \S{1,80} ){0,11}?- (?P<pkg>"
            + _CONDA_TORCH
            + r")(?![\w-])[^\s]{0,60})"
            r"(?:.{0,900}?Current channels: (?P<channels>(?:- \S{1,120} ?){1,12}))?"
        ),
        # conda env create from a file exported with build strings on another platform.
        rx(r"ResolvePackageNotFound: (?P<pkgs>(?:- \S{1,80} ?){1,12})(?P<resolve>)"),
        # libmamba 1 (mamba, conda 23.10+): "nothing provides requested pytorch-cuda 12.1**".
        rx(
            r"nothing provides requested (?P<pkg>"
            + _CONDA_TORCH
            + r")(?![\w-])(?P<pkgs> [^\s]{1,30})?"
        ),
        # libmamba's line for any exact build of an exported file ("zlib ==1.2.13
        # hd590300_5"): the third field is a build string of the platform it came from.
        rx(
            r"nothing provides requested (?P<pkgs>[\w.-]{1,60} ==[\w.+!]{1,40} "
            r"(?:h[0-9a-f]{7}_\d{1,5}|[\w.]{0,30}_\d{1,5}))(?P<mamba_builds>)"
        ),
        # libmamba 2 / micromamba.
        rx(
            r"└─ (?P<pkg>"
            + _CONDA_TORCH
            + r")(?![\w-])(?P<pkgs>[^\n]{0,60}?) does not exist \(perhaps a "
            r"typo or a missing channel\)"
        ),
    ),
)
def _advise_conda_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    if groups.get("mamba_builds") is not None:
        return _exported_builds(groups["pkgs"], ctx)
    pkgs = list(re.findall(r"- (\S+)", groups.get("pkgs") or "")) or [
        " ".join(p for p in (groups.get("pkg"), (groups.get("pkgs") or "").strip()) if p)
    ]
    facts: dict[str, object] = {"packages": pkgs}
    named = _wrong_conda_names(pkgs, facts)
    if named is not None:
        return Advice(named[0], named[1], facts, key="name", used_local_facts=k.local)
    channels = groups.get("channels") or ""
    platform = re.search(r"/(" + _SUBDIR + r")\b", channels)
    if platform:
        facts["platform"] = platform.group(1)
    fix: list[str] = []
    # A build string is a third field: name=version=build (numpy==1.19.2 is a pip-style pin).
    builds = any(re.fullmatch(r"[^=\s]+=[^=\s]+=[^=\s]+", p) for p in pkgs)
    if groups.get("resolve") is not None and not builds:
        cause = _pins_missing_here(pkgs, ctx, facts, fix)
    elif groups.get("resolve") is not None:
        cause = _(
            "conda env create could not find exact builds listed in the environment file: it "
            "was exported with build strings (and often on another OS), so the packages it "
            "pins exist only for that platform."
        )
        fix.append(_(_NO_BUILDS))
    else:
        cause = _(
            "conda looked in its channels and found no package with that name and version "
            "for this platform. PyTorch's conda packages came from the pytorch and nvidia "
            "channels (pytorch-cuda, older cudatoolkit on conda-forge/defaults), which must "
            "be given with -c; the pytorch channel has no packages after torch 2.5, none "
            "with CUDA for macOS, and few for Linux on ARM."
        )
        if platform and platform.group(1).startswith("osx"):
            cause += sep() + _(
                "The channels are for macOS ({platform}), which has no CUDA packages at all."
            ).format(platform=platform.group(1))
        if platform and platform.group(1).startswith("osx"):
            fix.append(
                _(
                    "On macOS leave out cudatoolkit and pytorch-cuda: install the plain "
                    "pytorch (the GPU of an Apple silicon Mac is used through MPS)."
                )
            )
        else:
            fix.append(
                _(
                    "Give the channels: `conda install pytorch pytorch-cuda=<X.Y> -c pytorch "
                    "-c nvidia` (for torch 2.5 or older), and a version that exists for your "
                    "platform; or install torch with pip inside the conda environment."
                )
            )
    if platform and platform.group(1).startswith("osx"):
        # The channels' platform is the machine's: a Mac gets the plain (CPU/MPS) torch.
        mac = replace(
            k, os="Darwin", machine="x86_64" if platform.group(1) == "osx-64" else "arm64"
        )
        build = cpu_build(ctx.matrix, mac, mirror=ctx.mirror)
    else:
        build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(_("With pip inside the environment: {cmd}").format(cmd=build.command))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _exported_builds(first: str, ctx: Context) -> Advice:
    """libmamba found no exact build an environment file pins: exported elsewhere."""
    facts: dict[str, object] = {"packages": [first]}
    platform = ctx.near(_SOLVER_PLATFORM, "platform:", before=0, reach=20)
    cause = _(
        'conda could not find exact builds the environment file pins ("{first}": a name, '
        "a version and a build string): the file was exported with build strings, often "
        "on another OS, and those builds exist only for that platform."
    ).format(first=first)
    if platform is not None:
        facts["platform"] = platform.group(1)
        cause += sep() + _("This machine's platform is {platform}.").format(
            platform=platform.group(1)
        )
    fix = (_(_NO_BUILDS),)
    return Advice(
        cause,
        fix,
        facts,
        title=_("conda cannot find the exact builds an environment file pins"),
        key="builds",
        used_local_facts=ctx.known.local,
    )


# An environment file exported with build strings: the way to make it portable.
_NO_BUILDS = N_(
    "Remove the build strings (the part after the second '='), or export again with `conda "
    "env export --no-builds` / `--from-history`, and drop platform-only packages."
)
# The solver's "Platform: win-64" line (conda 23.9+).
_SOLVER_PLATFORM = re.compile(r"Platform: (" + _SUBDIR + r")\b")


# Names conda has no package for: pip's name of PyTorch (conda's is pytorch), and the CPU
# packages the pytorch channel had until 1.1 (pytorch-cpu, torchvision-cpu; later the
# cpuonly package selects the CPU build). ClearMap's and newdocs' environment files.
_NOT_CONDA_NAMES = {"torch": "pytorch", "pytorch-cpu": "pytorch", "torchvision-cpu": "torchvision"}


def _wrong_conda_names(
    pkgs: list[str], facts: dict[str, object]
) -> tuple[str, tuple[str, ...]] | None:
    """Cause and fix when the missing packages are names conda never had."""
    wrong = {
        name: _NOT_CONDA_NAMES[name]
        for p in pkgs
        if (name := re.split(r"[=<>!~ \[]", p, maxsplit=1)[0].lower()) in _NOT_CONDA_NAMES
    }
    if not wrong:
        return None
    facts["conda_names"] = wrong
    pairs = ", ".join(f"{name} -> {conda}" for name, conda in wrong.items())
    cause = _(
        "Names conda's channels do not have here: {names}. 'torch' is pip's name (conda's "
        "package is pytorch); pytorch-cpu and torchvision-cpu were the pytorch channel's CPU "
        "packages only up to 1.1, for Linux and Windows (from 1.2 the cpuonly package "
        "selects the CPU build; conda-forge has a pytorch-cpu of its own)."
    ).format(names=", ".join(wrong))
    fix = (
        _("Use conda's names in the environment file: {pairs}.").format(pairs=pairs),
        _(
            "For a CPU build: pytorch with cpuonly from the pytorch channel (torch 1.2 to "
            "2.5), or pytorch-cpu from conda-forge; or move torch to the file's `- pip:` "
            "section under its pip name."
        ),
    )
    return cause, fix


# Conda packages of NVIDIA's CUDA: built for linux-64 and win-64, never for macOS (the
# pytorch channel has "none with CUDA for macOS, and few for Linux on ARM", above).
_CONDA_CUDA = ("cudatoolkit", "pytorch-cuda", "cudnn", "cuda-toolkit", "nvidia::")
# Where the paste says it ran, when not linux-64/win-64: a conda subdir or a machine word,
# else the words explain's clues read a Mac from (the OS only: "macOS").
_OTHER_PLATFORMS = (
    ("osx-arm64", "osx-arm64"),
    ("linux-aarch64", "linux-aarch64"),
    ("aarch64", "linux-aarch64"),
    ("apple m1", "osx-arm64"),
    ("apple m2", "osx-arm64"),
    ("osx-64", "osx-64"),
    *((word, os_display(word)) for word in MAC_WORDS),
)


def _pins_missing_here(
    pkgs: list[str], ctx: Context, facts: dict[str, object], fix: list[str]
) -> str:
    """ResolvePackageNotFound for plain `name=version` pins (no build strings): those
    versions do not exist in the channels for this platform (CompVis/stable-diffusion#145:
    cudatoolkit/pytorch pins on an aarch64 VM and on macOS; moved to the pip section)."""
    cuda = [p for p in pkgs if p.lower().startswith(_CONDA_CUDA)]
    platform = next((name for word, name in _OTHER_PLATFORMS if ctx.has(word)), None)
    if platform:
        facts["platform"] = platform
    cause = _(
        "conda found no package for these pins in its channels for this platform. The file "
        "has no build strings: the versions themselves do not exist here (an environment "
        "file written for Linux x86_64 or Windows, exact patch versions the platform's "
        "channels never built)."
    )
    if cuda:
        facts["cuda_packages"] = cuda
        cause += sep() + _(
            "NVIDIA's CUDA packages ({packages}) are built for Linux x86_64 and Windows "
            "only: none for macOS and few for Linux on ARM (aarch64)."
        ).format(packages=", ".join(cuda))
    if platform:
        cause += sep() + _("The paste shows {platform}.").format(platform=platform)
    torch_pins = [p for p in pkgs if re.match(r"(?:pytorch|torch|torchvision|torchaudio)\b", p)]
    if cuda or torch_pins:
        fix.append(
            _(
                "Move pytorch and torchvision from the conda dependencies to the file's `- pip:` "
                "section (as torch and torchvision, the versions the project needs) and delete "
                "cudatoolkit/pytorch-cuda: pip's wheels carry their own CUDA, and on a Mac or "
                "ARM machine pip picks the build that exists there."
            )
        )
    fix.append(
        _(
            "Loosen exact patch pins (python=3.8.5 -> python=3.8, pip=20.3 -> pip) so conda "
            "can take a build that exists for this platform."
        )
    )
    return cause


__all__ = ["FAMILY"]


# conda's refusal of a channel URL that answers 404: "UnavailableInvalidChannel: ... channel
# name: nvidia channel url: https://mirrors.tuna.tsinghua.edu.cn/anaconda/nvidia error code:
# 404", and older conda's "CondaHTTPError: HTTP 404 NOT FOUND for url <.../cloud/nvidia/
# linux-64/current_repodata.json>".
# Anaconda's own channels, which a full mirror serves under pkgs/ rather than cloud/.
_DEFAULTS = frozenset({"main", "r", "msys2", "free", "pro", "mro"})
_CHANNEL_URL = re.compile(
    r"/(?:cloud/)?(?P<name>[\w.-]{1,60})/(?:noarch|" + "|".join(CONDA_SUBDIRS) + r")/"
)


@FAMILY.entry(
    code="conda-channel-not-mirrored",
    keywords=("unavailableinvalidchannel", "http 404 not found for"),
    title=N_("The conda mirror does not carry this channel"),
    patterns=(
        rx(
            r"UnavailableInvalidChannel: [^:]{0,80}channel name: (?P<name>[\w.-]{1,60}) "
            r"channel url: (?P<url>https?://\S{1,200}) error code: 404"
        ),
        # conda 4.x-22.x: "UnavailableInvalidChannel: HTTP 404 NOT FOUND for channel nvidia
        # <http://mirrors.tuna.tsinghua.edu.cn/anaconda/nvidia>".
        rx(
            r"UnavailableInvalidChannel: HTTP 404 NOT FOUND for channel (?P<name>[\w.-]{1,60}) "
            r"<(?P<url>https?://[^\s>]{1,200})>"
        ),
        # A channel's index (not a package file: a 404 there is another story, e.g. the old
        # .tar.bz2 format a mirror no longer keeps).
        rx(
            r"CondaHTTPError: HTTP 404 NOT FOUND for url <?(?P<url>https?://[^\s>]{1,300}?"
            r"repodata\.json)"
        ),
    ),
    specificity=3,
)
def _advise_channel_404(m: re.Match[str], ctx: Context) -> Advice | None:
    from envdoctor.mirrors.catalog import UPSTREAM_CHANNEL_ALIAS, load_catalog

    url = m.group("url").rstrip(">.,")
    name = m.groupdict().get("name")
    if not name:
        found = _CHANNEL_URL.search(url)
        name = found.group("name") if found else None
    mirror = load_catalog().by_conda_url(url)
    if (
        name is None
        or mirror is None
        or name in mirror.custom_channels
        or name in _DEFAULTS
        or "/pkgs/" in url  # Anaconda's own channels: a typo or an old file, not a channel
    ):
        return None  # a channel the mirror carries, or a host we know nothing of
    facts: dict[str, object] = {"channel": name, "mirror": mirror.name, "url": url}
    cause = _(
        "{mirror} answered 404 for the '{channel}' channel ({url}): .condarc's channel_alias "
        "(or custom_channels) sends that channel name to the mirror, and the mirror serves no "
        "such channel at that address (mirrors carry a chosen set of channels, under their "
        "/anaconda/cloud/ folder)."
    ).format(url=url, mirror=mirror.title, channel=name)
    fix = [
        _(
            "Send just this channel to its origin: `conda config --set custom_channels.{channel} "
            "{upstream}` (or give it by full URL: `-c {upstream}/{channel}`)."
        ).format(channel=name, upstream=UPSTREAM_CHANNEL_ALIAS),
        _(
            "`envdoctor mirrors --apply --mirror {mirror}` writes a .condarc that maps only the "
            "channels this mirror carries (`envdoctor mirrors --restore` puts the old one back)."
        ).format(mirror=mirror.name),
    ]
    if name in ("nvidia", "pytorch") or ctx.has("pytorch-cuda"):
        end = ctx.matrix.torch.last_for("conda")
        if end is not None:
            fix.append(
                _(
                    "For PyTorch itself: its conda packages (pytorch, pytorch-cuda) end with "
                    "torch {last}; newer releases install with pip, from a PyPI mirror."
                ).format(last=end.last)
            )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)
