"""pip finding no build of a package for the CUDA version named in its distribution name
(spconv-cu100, cumm-cu114, cupy-cuda12x): one project per CUDA version, published only for
some CUDA versions, platforms and Pythons."""

from __future__ import annotations

import re

from envdoctor import messages as msg
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("pip_variants")


def _cuda_of(digits: str) -> str:
    """'100' -> '10.0', '118' -> '11.8', '12' (cupy-cuda12x) -> '12'."""
    return f"{digits[:-1]}.{digits[-1]}" if len(digits) == 3 else digits


# A distribution published once per CUDA version under its own name: spconv-cu118,
# cumm-cu114, cupy-cuda12x, bitsandbytes-cuda117, nvidia-cudnn-cu12 (spconv's README:
# "pip install spconv-cu102 ... spconv-cu120", one project per CUDA version).
_CUDA_NAMED = (
    r"(?P<req>(?P<dist>(?!torch)[A-Za-z][\w.]{0,40}(?:-[A-Za-z][\w.]{0,30}){0,3}?)[-_]"
    r"(?P<label>cu(?:da)?(?P<cuda>\d{2,3})x?)(?![\w-])(?P<spec>[=<>!~][^\s(]{0,40})?)"
)


@FAMILY.entry(
    code="pip-cuda-variant-not-published",
    keywords=(msg.PIP_NO_MATCHING_ANCHOR, msg.PIP_NO_VERSION_ANCHOR),
    title=N_("pip finds no build of a package for this CUDA version (<package>-cuXXX)"),
    patterns=(
        rx(
            msg.PIP_NO_VERSION
            + _CUDA_NAMED
            + r"(?: \(from (?!versions:|-r\b)(?P<parent>[\w.-]{1,80})[^)]{0,40}\))?"
        ),
        rx(msg.PIP_NO_MATCHING + _CUDA_NAMED),
    ),
    specificity=3,
)
def _advise_cuda_variant(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    dist, label, req = m.group("dist"), m.group("label").lower(), m.group("req")
    parent = m.groupdict().get("parent") or ""
    if dist.lower().startswith("nvidia-") or re.match(r"torch(?:vision|audio)?\b", parent):
        # torch's own CUDA dependencies (nvidia-cublas-cu12 from torch): the index lacks
        # torch's dependencies, a pip_versions / mirror question, not a variant to pick.
        return None
    listed = re.match(
        r"[^\n]{0,120}?" + msg.PIP_FROM_VERSIONS + r"(?!none\))", ctx.text[m.end() : m.end() + 200]
    )
    if listed is not None:
        # pip lists releases of this variant: it exists, only no listed version fits the pin.
        return None
    cuda = _cuda_of(m.group("cuda"))
    facts: dict[str, object] = {"requirement": req, "package": dist}
    facts["cuda"] = cuda
    cause = _(
        "{req} is {dist} built for CUDA {cuda}: such packages are published as one project "
        "per CUDA version (-cuXXX), and only for the CUDA versions, platforms and Python "
        "versions the project builds. Here pip found none named {label} for this machine: "
        "that CUDA variant was never published (too old or too new), or not for this "
        "OS/architecture or Python."
    ).format(req=req, dist=dist, cuda=cuda, label=label)
    if parent:
        facts["required_by"] = parent
        cause += sep() + _(
            "{parent} asks for it, so {parent} was made for the same CUDA {cuda}."
        ).format(parent=parent, cuda=cuda)
    fix = [
        _(
            "Look up which CUDA variants {dist} publishes (its PyPI page or README lists "
            "the -cuXXX names) and install the one for the CUDA of your torch "
            '(`python -c "import torch; print(torch.version.cuda)"`), replacing every '
            "package of the old variant."
        ).format(dist=dist)
    ]
    if k.torch_cuda is not None:
        facts["torch_cuda"] = str(k.torch_cuda)
        fix.append(
            _("The torch here is built for CUDA {cuda}: take the variant for it.").format(
                cuda=k.torch_cuda
            )
        )
    fix.append(
        _(
            "If your CUDA is older than every variant published, upgrade the NVIDIA driver "
            "and torch to a CUDA that is listed; on an unsupported platform (ARM boards such "
            "as Jetson, macOS) build the package from source."
        )
    )
    return Advice(cause, tuple(fix), facts, key=req, used_local_facts=k.local)


__all__ = ["FAMILY"]
