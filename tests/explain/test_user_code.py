"""The user-code entries (envdoctor/explain/families/user_code.py): code-level answers."""

from __future__ import annotations

from envdoctor.explain import explain


def test_torch_1s_device_check_of_a_list_argument_is_a_device_mismatch() -> None:
    # torch.cat's list argument (ENet-RT#14): "for sequence element N in sequence argument".
    text = (
        "RuntimeError: Expected object of backend CPU but got backend CUDA for sequence "
        "element 1 in sequence argument at position #1 'tensors'"
    )
    (result,) = explain(text)
    assert result.code == "device-mismatch"
    assert result.kind == "code"
    assert result.facts["arg"] == "tensors"


def test_diffusers_refusing_a_float16_pipeline_on_the_cpu_is_half_on_cpu() -> None:
    text = (
        "Pipelines loaded with `dtype=torch.float16` cannot run with `cpu` device. It is not "
        "recommended to move them to `cpu` as running them will fail."
    )
    (result,) = explain(text)
    assert result.code == "half-on-cpu"
    assert result.kind == "code"


def test_lightnings_own_fork_check_is_cuda_in_a_forked_process() -> None:
    text = "RuntimeError: Lightning can't create new processes if CUDA is already initialized."
    (result,) = explain(text)
    assert result.code == "cuda-fork-reinit"


def test_mps_placeholder_storage_is_a_device_mismatch() -> None:
    (result,) = explain("RuntimeError: Placeholder storage has not been allocated on MPS device!")
    assert result.code == "device-mismatch"
    assert result.kind == "code"
