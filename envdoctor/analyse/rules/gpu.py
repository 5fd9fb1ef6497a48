"""Rules about the GPUs: identity, compute capability, and which of them CUDA will see."""

from __future__ import annotations

from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.analyse.rules.context import Context, cuda_visibility, finding
from envdoctor.compat.gpus import ambiguous_gpu
from envdoctor.i18n import _, list_sep


def gpu_findings(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for gpu in ctx.snapshot.gpus:
        facts = {
            "name": gpu.name,
            "capability": gpu.compute_capability,
            "capability_source": gpu.compute_capability_source,
        }
        if gpu.compute_capability:
            mem = f"{list_sep()}{gpu.memory_total_mib // 1024} GiB" if gpu.memory_total_mib else ""
            derived = (
                _(" (from the GPU table)")
                if (gpu.compute_capability_source or "").startswith("table:")
                else ""
            )
            out.append(
                finding(
                    code="gpu-ok",
                    status=Status.OK,
                    area=Area.GPU,
                    title=_("GPU {index}: {name}, compute capability {cc}{derived}{mem}").format(
                        index=gpu.index,
                        name=gpu.name,
                        cc=gpu.compute_capability,
                        derived=derived,
                        mem=mem,
                    ),
                    facts=facts,
                )
            )
        else:
            out.append(
                finding(
                    code="gpu-unknown",
                    status=Status.WARN,
                    area=Area.GPU,
                    title=_("GPU {index}: {name}, compute capability unknown").format(
                        index=gpu.index, name=gpu.name
                    ),
                    detail=_unknown_gpu_detail(ctx, gpu.name),
                    fix=_(
                        "Run `nvidia-smi --query-gpu=name,compute_cap --format=csv` on that machine."
                    ),
                    facts=facts,
                )
            )
    out += _visibility_findings(ctx)
    return out


def _unknown_gpu_detail(ctx: Context, name: str) -> str:
    amb = ambiguous_gpu(ctx.matrix, name)
    if amb is not None:
        return _(
            "The name {name!r} is used for chips of different generations (compute capability "
            "{ccs}), so the name alone cannot tell which PyTorch builds have kernels for it."
        ).format(name=name, ccs=" or ".join(amb.candidates))
    return _(
        "envdoctor does not know this GPU's compute capability, so it cannot tell which "
        "PyTorch builds have kernels for it."
    )


def _visibility_findings(ctx: Context) -> list[Finding]:
    out = []
    value = ctx.snapshot.environment.get("CUDA_VISIBLE_DEVICES")
    if ctx.snapshot.gpus and value is not None:
        vis = cuda_visibility(value, ctx.snapshot.gpus)
        if vis.problem:
            out.append(
                finding(
                    code="gpus-hidden",
                    status=Status.FAIL if vis.hidden_all else Status.WARN,
                    area=Area.GPU,
                    title=_("CUDA_VISIBLE_DEVICES hides every GPU")
                    if vis.hidden_all
                    else _("CUDA_VISIBLE_DEVICES names a GPU that does not exist"),
                    detail=vis.problem,
                    fix=_(
                        "unset CUDA_VISIBLE_DEVICES   # or list existing GPUs, e.g. CUDA_VISIBLE_DEVICES=0"
                    ),
                    facts={"value": value},
                )
            )
    order = ctx.snapshot.environment.get("CUDA_DEVICE_ORDER")
    names = {g.name for g in ctx.snapshot.gpus}
    numeric = value is not None and any(part.strip().isdigit() for part in value.split(","))
    if len(names) > 1 and numeric and order != "PCI_BUS_ID":
        # CUDA numbers GPUs fastest-first by default, nvidia-smi by PCI bus: on a machine
        # with different GPUs, index 0 is not the same card in both.
        out.append(
            finding(
                code="gpus-order",
                status=Status.WARN,
                area=Area.GPU,
                title=_(
                    "CUDA_VISIBLE_DEVICES uses indices, but CUDA and nvidia-smi may number these GPUs differently"
                ),
                detail=_(
                    "With different GPU models CUDA orders devices fastest first unless "
                    "CUDA_DEVICE_ORDER=PCI_BUS_ID, so CUDA_VISIBLE_DEVICES={value} may select another card "
                    "than nvidia-smi's index {value}."
                ).format(value=value),
                fix=_(
                    "export CUDA_DEVICE_ORDER=PCI_BUS_ID   # or select GPUs by UUID (nvidia-smi -L)"
                ),
                facts={"value": value},
            )
        )
    nvd = ctx.snapshot.environment.get("NVIDIA_VISIBLE_DEVICES")
    if (
        nvd is not None
        and nvd.strip().lower() in {"void", "none", ""}
        and ctx.snapshot.system.container
    ):
        out.append(
            finding(
                code="gpus-hidden",
                status=Status.FAIL,
                area=Area.GPU,
                title=_("NVIDIA_VISIBLE_DEVICES hides every GPU from this container"),
                detail=_(
                    "The container runtime was told to expose no GPU (NVIDIA_VISIBLE_DEVICES={value})."
                ).format(value=nvd),
                fix=_("Start the container with `--gpus all` (or set NVIDIA_VISIBLE_DEVICES=all)."),
                facts={"value": nvd},
            )
        )
    return out


__all__ = ["gpu_findings"]
