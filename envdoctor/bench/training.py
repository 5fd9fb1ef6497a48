"""Training smoke: each model must start sane, overfit its fixed batch and stay finite.

On a GPU the first steps are also replayed on the CPU (fp32 with TF32 off on both
sides) and must agree, and mixed precision is exercised: autocast fp16 with a
GradScaler, and bf16 where the GPU has it natively (Ampere and later).
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from envdoctor.bench.precision import tf32
from envdoctor.bench.result import Status, TrainResult
from envdoctor.i18n import _

MODEL_NAMES = ("logreg", "mlp", "resnet", "vgg", "fcn", "deeplab", "unet", "transformer")
PARITY_STEPS = 3
PARITY_TOLERANCE = 1e-3  # relative norm error, fp32 with TF32 off on both sides
# Overfitting a fixed batch must bring the loss below this share of where it started.
LOSS_DROP = 0.7


@dataclass(frozen=True)
class TrainPlan:
    steps: int
    batch: int
    image: int


def plan_for(kind: str, mode: str, scale: float = 1.0) -> TrainPlan:
    if mode == "full":
        base = TrainPlan(200, 64, 32) if kind == "cuda" else TrainPlan(120, 32, 16)
    else:
        base = TrainPlan(80, 64, 32) if kind == "cuda" else TrainPlan(60, 32, 16)
    if scale >= 1.0:
        return base
    return TrainPlan(max(40, int(base.steps * scale)), 16, 16)


def _optimizer(torch: Any, task: Any, params: Any, *, lr: float | None = None) -> Any:
    rate = task.lr if lr is None else lr
    if task.optimizer == "sgd":
        return torch.optim.SGD(params, lr=rate)
    return torch.optim.Adam(params, lr=rate)


def _finite_grads(model: Any) -> bool:
    return all(p.grad is None or bool(p.grad.isfinite().all()) for p in model.parameters())


def _finite_params(model: Any) -> bool:
    return all(bool(p.isfinite().all()) for p in model.parameters())


def train(
    torch: Any,
    task: Any,
    device: str,
    steps: int,
    precision: str = "fp32",
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> TrainResult:
    """Overfit the task's batch for `steps` steps in `precision` and judge the run."""
    model = copy.deepcopy(task.model).to(device)
    model.train()
    x, y = task.inputs.to(device), task.targets.to(device)
    opt = _optimizer(torch, task, model.parameters())
    on_cuda = device.startswith("cuda")
    amp_dtype = {"amp_fp16": torch.float16, "amp_bf16": torch.bfloat16}.get(precision)
    scaler = torch.amp.GradScaler("cuda") if precision == "amp_fp16" else None
    sync = (lambda: torch.cuda.synchronize(device)) if on_cuda else (lambda: None)

    def autocast() -> Any:
        if amp_dtype is None:
            return nullcontext()
        return torch.autocast(device_type="cuda" if on_cuda else "cpu", dtype=amp_dtype)

    losses: list[float] = []
    started = 0.0
    for step in range(steps):
        if step == 1:  # the first step pays for cuDNN autotuning and lazy init
            sync()
            started = clock()
        opt.zero_grad(set_to_none=True)
        with autocast():
            out = model(x)
        # The loss is taken outside autocast, in fp32: BCE is banned inside an autocast
        # region on CUDA, and fp32 losses are the recommended mixed-precision recipe.
        loss = task.loss_fn(out, y)
        if scaler is not None:
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
        else:
            loss.backward()
            if not _finite_grads(model):
                return _result(
                    task,
                    precision,
                    Status.FAIL,
                    losses,
                    _("non-finite gradients at step {n}").format(n=step),
                )
            opt.step()
        value = float(loss.detach())
        losses.append(value)
        if not math.isfinite(value):
            return _result(
                task,
                precision,
                Status.FAIL,
                losses,
                _("loss became {v} at step {n}").format(v=value, n=step),
            )
    sync()
    elapsed = clock() - started
    if not _finite_params(model):
        return _result(
            task, precision, Status.FAIL, losses, _("parameters are not finite after training")
        )
    throughput = task.batch * (steps - 1) / elapsed if steps > 1 and elapsed > 0 else None
    problem = judge_losses(losses, task.classes)
    status = Status.FAIL if problem else Status.PASS
    return _result(task, precision, status, losses, problem, samples_per_s=throughput)


def judge_losses(losses: list[float], classes: int) -> str:
    """Why a loss curve is wrong, or "" when it starts sane and falls far enough (pure)."""
    if not losses:
        return _("no training step ran")
    first, last = losses[0], losses[-1]
    if classes > 1:
        expected = math.log(classes)
        # A freshly initialised classifier predicts near-uniformly: loss ~ ln(C).
        if not (expected * 0.5 <= first <= expected * 2.0 + 0.5):
            return _("initial loss {loss:.3f} is far from ln({c}) = {exp:.3f}").format(
                loss=first, c=classes, exp=expected
            )
    if not last < first * LOSS_DROP:
        return _("loss did not fall: {first:.4f} -> {last:.4f}").format(first=first, last=last)
    return ""


def _result(
    task: Any,
    precision: str,
    status: Status,
    losses: list[float],
    message: str,
    *,
    samples_per_s: float | None = None,
    parity: float | None = None,
) -> TrainResult:
    return TrainResult(
        model=task.name,
        precision=precision,
        status=status,
        steps=len(losses),
        initial_loss=losses[0] if losses else None,
        final_loss=losses[-1] if losses else None,
        samples_per_s=samples_per_s,
        cpu_parity_rel_err=parity,
        message=message,
    )


def rel_err(a: Any, b: Any) -> float:
    """||a - b|| / ||b|| in float64 (0 when both are zero)."""
    a64, b64 = a.detach().cpu().double(), b.detach().cpu().double()
    denom = float(b64.norm())
    num = float((a64 - b64).norm())
    if denom == 0.0:
        return num
    return num / denom


def cpu_parity(torch: Any, task: Any, device: str) -> float:
    """Largest relative error between the device and the CPU over the first SGD steps
    (losses, then every parameter), fp32 with TF32 off on both sides."""
    # TF32 off for matmul and cuDNN on the device: the CPU computes in real FP32.
    with tf32(torch, matmul=False, conv=False):
        runs = []
        for dev in (device, "cpu"):
            model = copy.deepcopy(task.model).to(dev)
            model.train()
            opt = torch.optim.SGD(model.parameters(), lr=task.lr)
            x, y = task.inputs.to(dev), task.targets.to(dev)
            losses = []
            for _step in range(PARITY_STEPS):
                opt.zero_grad(set_to_none=True)
                loss = task.loss_fn(model(x), y)
                loss.backward()
                opt.step()
                losses.append(loss.detach().reshape(1))
            runs.append((torch.cat(losses), [p.detach() for p in model.parameters()]))
    (dev_loss, dev_params), (cpu_loss, cpu_params) = runs
    errors = [rel_err(dev_loss, cpu_loss)]
    errors.extend(rel_err(a, b) for a, b in zip(dev_params, cpu_params, strict=True))
    return max(errors)


def run_model(
    torch: Any,
    name: str,
    device: str,
    plan: TrainPlan,
    precisions: tuple[str, ...],
) -> tuple[TrainResult, ...]:
    """One model in each precision; fp32 on a GPU also carries the CPU parity error."""
    from envdoctor.bench import models

    task = models.build(name, batch=plan.batch, image=plan.image)
    out: list[TrainResult] = []
    for precision in precisions:
        try:
            result = train(torch, task, device, plan.steps, precision)
            if precision == "fp32" and device.startswith("cuda"):
                err = cpu_parity(torch, task, device)
                result = _with_parity(result, err)
        except Exception as exc:  # noqa: BLE001 - a crash is a failed model, named
            text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            result = TrainResult(
                model=name,
                precision=precision,
                status=Status.ERROR,
                message=_("{model} raised {kind}: {detail}").format(
                    model=name, kind=type(exc).__name__, detail=text
                ),
            )
        out.append(result)
    return tuple(out)


def _with_parity(result: TrainResult, err: float) -> TrainResult:
    if err <= PARITY_TOLERANCE:
        return TrainResult(**{**result.__dict__, "cpu_parity_rel_err": err})
    message = _(
        "GPU and CPU disagree on the first steps: relative error {err:.2e} > {tol:.0e}"
    ).format(err=err, tol=PARITY_TOLERANCE)
    return TrainResult(
        **{**result.__dict__, "cpu_parity_rel_err": err, "status": Status.FAIL, "message": message}
    )


def precisions_for(cc: tuple[int, int] | None) -> tuple[str, ...]:
    """fp32 everywhere; on a GPU also fp16 autocast, and bf16 from Ampere on (native only)."""
    if cc is None:
        return ("fp32",)
    if cc >= (8, 0):
        return ("fp32", "amp_fp16", "amp_bf16")
    if cc >= (7, 0):
        return ("fp32", "amp_fp16")
    return ("fp32",)


__all__ = [
    "LOSS_DROP",
    "MODEL_NAMES",
    "PARITY_TOLERANCE",
    "TrainPlan",
    "cpu_parity",
    "judge_losses",
    "plan_for",
    "precisions_for",
    "rel_err",
    "run_model",
    "train",
]
