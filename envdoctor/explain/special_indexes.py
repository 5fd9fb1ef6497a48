"""torch versions that live on indexes of their own: the LTS release (1.8.2, on
whl/lts/1.8/<build>) and pinned nightlies, which PyTorch's nightly index prunes. Causes and
steps for `pip_versions` when pip cannot find them."""

from __future__ import annotations

import re

from envdoctor.compat.builds import index_labels, previous_patch
from envdoctor.compat.companions import companions
from envdoctor.compat.python import python_in_spec
from envdoctor.compat.versions import Verdict, cuda_tuple
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Context
from envdoctor.explain.restore import command_for_build
from envdoctor.explain.spec import sep
from envdoctor.explain.unknown_facts import older_driver_step
from envdoctor.i18n import _
from envdoctor.matrix.model import LtsBuilds
from envdoctor.values import os_display

# A pinned nightly: "torch==2.6.0.dev20241015+cu124".
NIGHTLY = re.compile(r"==(?P<version>\d+\.\d+\.\d+)\.dev-?(?P<date>\d{8})(?:\+(?P<label>[\w.]+))?")


def lts_only(
    req: str,
    lts: LtsBuilds,
    variant: str | None,
    ctx: Context,
    facts: dict[str, object],
    fix: list[str],
    nothing: bool,
) -> str:
    """A long-term-support version (1.8.2): published only on its own index."""
    version = req.partition("==")[2].split("+", 1)[0]
    facts["lts_index"] = lts.index
    cause = _(
        "torch {version} is a long-term-support release: it is published only on PyTorch's "
        "LTS index ({index}/<build>, builds {builds}), not on PyPI or PyPI mirrors, nor in "
        "the regular whl/<build> folders. Its wheels exist for Python {python} only."
    ).format(version=version, index=lts.index, builds=", ".join(lts.variants), python=lts.python)
    if lts.lacks_os(ctx.known.os):
        # previous-versions.md: "macOS is currently not supported in LTS".
        prev = previous_patch(version)
        pair = companions(ctx.matrix, prev)
        pins = "".join(
            f" {name}=={pin}"
            for name, pin in (
                ("torchvision", pair and pair.torchvision),
                ("torchaudio", pair and pair.torchaudio),
            )
            if pin
        )
        release = ctx.matrix.release(prev.rsplit(".", 1)[0])
        python = ctx.known.python_version
        if release is not None and python and python_in_spec(release.python, python) is Verdict.NO:
            # 1.8.1 has no wheels for this Python either: no 1.8 release installs here.
            facts["python_version"] = python
            fix.append(
                _(
                    "No torch {release} release has wheels for Python {python} (only {spec}): "
                    "use a newer torch, or a Python in that range."
                ).format(release=release.release, python=python, spec=release.python)
            )
        else:
            fix.append(
                _(
                    "Install the closest regular release instead, from PyPI: python -m pip "
                    "install torch=={prev}{pins}"
                ).format(prev=prev, pins=pins)
            )
        return (
            cause
            + sep()
            + _("It was built for {platforms} only: there is no build of it for {os}.").format(
                platforms=", ".join(map(os_display, lts.platforms)), os=os_display(ctx.known.os)
            )
        )
    # One runnable command: the requested build, else the first one (a <a | b> placeholder
    # would be a shell redirection when pasted).
    chosen = variant if variant in lts.variants else lts.variants[0]
    pins = " ".join(f"{name}=={pin}" for name, pin in sorted(lts.companions.items()))
    fix.append(
        _(
            "Install it from its own index: python -m pip install torch=={version} {pins} "
            "--extra-index-url {where}"
        ).format(version=version, pins=pins, where=lts.index_url(chosen))
    )
    if variant not in lts.variants:
        others = ", ".join(v for v in lts.variants if v != chosen)
        fix.append(
            _("Other builds of it: replace {chosen} in that URL with {others}.").format(
                chosen=chosen, others=others
            )
        )
    python = ctx.known.python_version
    if python and python_in_spec(lts.python, python) is Verdict.NO:
        facts["python_version"] = python
        cause += sep() + _("Your Python is {python}: that release has no wheels for it.").format(
            python=python
        )
    elif nothing:
        cause += sep() + _(
            "pip listed no torch at all, though: this interpreter (its Python version, 32-bit, "
            "or its platform) has no torch wheels on the indexes it used."
        )
    return cause


def nightly_gone(
    nightly: re.Match[str], ctx: Context, facts: dict[str, object], fix: list[str]
) -> str:
    """A pinned nightly: PyTorch's nightly index keeps recent builds only."""
    version, label = nightly.group("version"), nightly.group("label")
    facts["nightly_date"] = nightly.group("date")
    target = f"{version}+{label}" if label else version
    cmd = command_for_build(ctx.matrix, ctx.known, target, mirror=ctx.mirror)
    if cmd is not None:
        fix.append(_("Use the release it became: {cmd}").format(cmd=cmd))
    fix.append(
        _(
            "Or take a current nightly: python -m pip install --pre torch --index-url "
            "https://download.pytorch.org/whl/nightly/<build>, and update the pin."
        )
    )
    return _(
        "The requirement pins a nightly build from {date} ({version} in development). "
        "PyTorch's nightly index keeps only recent nightlies, so old ones disappear and "
        "pins to them stop working: the list pip printed shows what is there now."
    ).format(date=nightly.group("date"), version=version)


# The nightly index's build folder: download.pytorch.org/whl/nightly/cu129.
NIGHTLY_INDEX = re.compile(r"(?P<url>\S{0,60}/whl/nightly/(?P<label>cu\d{2,3}))(?![\w.])")


def nightly_index_gone(ctx: Context, facts: dict[str, object], fix: list[str]) -> str | None:
    """A nightly index folder for a CUDA older than every build of the newest release: the
    nightlies are built for the release in development, whose CUDA builds are at least the
    newest release's, so that folder no longer gets torch (Scarfy-sysu/rtx5060-pytorch-cuda129#3:
    nightly/cu129 empty once the nightlies moved to CUDA 13)."""
    m = ctx.near(NIGHTLY_INDEX, "/whl/nightly/cu", before=80, reach=8)
    if m is None:
        return None
    label = m.group("label").lower()
    newest = ctx.matrix.torch.newest_release()
    labels = index_labels(newest)
    current = [c for name in labels if (c := cuda_tuple(name)) is not None]
    wanted = cuda_tuple(label)
    if wanted is None or not current or label in labels or wanted > max(current):
        return None
    facts.update(index_url=m.group("url"), current_builds=", ".join(labels))
    build = suggest(ctx.matrix, ctx.known, mirror=ctx.mirror)
    if build is not None:
        fix.append(
            _("A stable release supports the same GPUs now: {cmd}").format(cmd=build.command)
        )
        older = older_driver_step(ctx.matrix, ctx.known, build, mirror=ctx.mirror)
        if older is not None:
            fix.append(older)
    fix.append(
        _(
            "Or take a current nightly folder, one whose CUDA is not above nvidia-smi's 'CUDA "
            "Version' ({labels}): python -m pip install --pre torch --index-url "
            "https://download.pytorch.org/whl/nightly/{first}"
        ).format(labels=", ".join(labels), first=labels[0])
    )
    return _(
        "pip found no torch in the nightly folder {label}: nightlies are built only for the "
        "CUDA versions of the release in development, and the newest release, torch "
        "{version}, already has only {labels}. Folders of older CUDA versions stop getting "
        "builds and their old nightlies are pruned."
    ).format(label=label, version=newest.newest, labels=", ".join(labels))


__all__ = ["NIGHTLY", "NIGHTLY_INDEX", "lts_only", "nightly_gone", "nightly_index_gone"]
