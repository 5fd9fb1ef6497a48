from __future__ import annotations

import math

import pytest
import torch

from envdoctor.bench import models, training
from envdoctor.bench.result import Status

pytestmark = pytest.mark.torch

PLAN = training.TrainPlan(steps=40, batch=16, image=16)


@pytest.mark.parametrize("name", training.MODEL_NAMES)
def test_each_seed_model_trains_on_the_cpu(name: str) -> None:
    (result,) = training.run_model(torch, name, "cpu", PLAN, ("fp32",))
    assert result.status is Status.PASS, result.message
    assert result.final_loss is not None and result.initial_loss is not None
    assert result.final_loss < result.initial_loss * training.LOSS_DROP
    assert result.samples_per_s is not None and result.samples_per_s > 0


def test_models_have_the_promised_parts() -> None:
    resnet = models.build("resnet").model
    kinds = {type(m).__name__ for m in resnet.modules()}
    assert {"BatchNorm2d", "BasicBlock"} <= kinds
    unet = models.build("unet").model
    assert any(isinstance(m, torch.nn.ConvTranspose2d) for m in unet.modules())
    x = torch.randn(2, 3, 16, 16)
    assert unet(x).shape == (2, 2, 16, 16)  # per-pixel classes after concat + upsampling
    with pytest.raises(ValueError, match="unknown model"):
        models.build("gan")


def test_fcn_and_deeplab_have_their_defining_parts() -> None:
    x = torch.randn(2, 3, 16, 16)
    fcn = models.build("fcn").model
    # fully convolutional: no linear layer, per-pixel output at the input size
    assert not any(isinstance(m, torch.nn.Linear) for m in fcn.modules())
    assert fcn(x).shape == (2, 2, 16, 16)
    deeplab = models.build("deeplab").model
    dilations = {m.dilation for m in deeplab.modules() if isinstance(m, torch.nn.Conv2d)}
    assert {(2, 2), (4, 4)} <= dilations  # atrous convolutions
    assert any(isinstance(m, models.ASPP) for m in deeplab.modules())
    assert deeplab(x).shape == (2, 2, 16, 16)


@pytest.mark.parametrize("name", ["fcn", "deeplab"])
def test_segmentation_nets_train_in_mixed_precision_on_the_cpu(name: str) -> None:
    (result,) = training.run_model(torch, name, "cpu", PLAN, ("amp_bf16",))
    assert result.status is Status.PASS, result.message


def test_the_loss_is_checked_against_the_cpu() -> None:
    # On a GPU the first steps are replayed on the CPU; cpu vs cpu must agree exactly.
    for name in ("fcn", "deeplab"):
        task = models.build(name, batch=8)
        assert training.cpu_parity(torch, task, "cpu") == 0.0


def test_autocast_bf16_runs_on_the_cpu() -> None:
    (result,) = training.run_model(torch, "mlp", "cpu", PLAN, ("amp_bf16",))
    assert result.precision == "amp_bf16"
    assert result.status is Status.PASS, result.message


def test_nan_loss_is_a_failure() -> None:
    task = models.build("mlp", batch=8)
    poisoned = models.Task(**{**task.__dict__, "loss_fn": lambda out, y: out.sum() * float("nan")})
    result = training.train(torch, poisoned, "cpu", 5)
    assert result.status is Status.FAIL
    assert "nan" in result.message.lower() or "finite" in result.message


def test_judge_losses() -> None:
    ln4 = math.log(4)
    assert training.judge_losses([ln4, 0.1], 4) == ""
    assert "did not fall" in training.judge_losses([ln4, ln4 * 0.9], 4)
    assert "ln(4)" in training.judge_losses([40.0, 0.1], 4)
    assert training.judge_losses([2.4, 1.0], 0) == ""  # BCE template: no ln(C) check
    assert training.judge_losses([], 4)


def test_cpu_parity_of_identical_devices_is_zero() -> None:
    task = models.build("resnet", batch=4)
    assert training.cpu_parity(torch, task, "cpu") == 0.0


def test_rel_err() -> None:
    a = torch.tensor([1.0, 2.0])
    assert training.rel_err(a, a) == 0.0
    assert training.rel_err(a * 1.01, a) == pytest.approx(0.01)
    assert training.rel_err(torch.zeros(2), torch.zeros(2)) == 0.0


def test_precisions_follow_the_arch() -> None:
    assert training.precisions_for(None) == ("fp32",)
    assert training.precisions_for((7, 5)) == ("fp32", "amp_fp16")
    assert training.precisions_for((9, 0)) == ("fp32", "amp_fp16", "amp_bf16")
    assert training.precisions_for((6, 1)) == ("fp32",)


def test_plan_scales_down() -> None:
    assert training.plan_for("cpu", "quick", 0.1).steps == 40
    assert training.plan_for("cuda", "full").steps > training.plan_for("cuda", "quick").steps
