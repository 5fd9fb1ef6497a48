"""Wordings of user-code errors and of torch.distributed/NCCL across PyTorch 1.x-2.x and
NCCL 2.x, as ATen/c10/autograd/c10d/NCCL print them (each family recognised by its wording,
not by one example), and the rule that a code error never gets an environment fix."""

from __future__ import annotations

import pytest
from explain.test_heldout import ENV_FIX

from envdoctor.explain import explain

CODE_WORDINGS: list[tuple[str, str]] = [
    (
        "RuntimeError: Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu! (when checking argument for argument mat1 in method wrapper_CUDA_addmm)",
        "device-mismatch",
    ),
    (
        "RuntimeError: Expected all tensors to be on the same device, but got mat2 is on cpu, different from other tensors on cuda:0 (when checking argument in method wrapper_CUDA_mm)",
        "device-mismatch",
    ),
    (
        "RuntimeError: Input type (torch.cuda.FloatTensor) and weight type (torch.FloatTensor) should be the same or input should be a MKLDNN tensor and weight is a dense tensor",
        "device-mismatch",
    ),
    (
        "RuntimeError: Input type (torch.FloatTensor) and weight type (torch.cuda.FloatTensor) should be the same",
        "device-mismatch",
    ),
    (
        "RuntimeError: Expected object of device type cuda but got device type cpu for argument #1 'self' in call to _thnn_conv2d_forward",
        "device-mismatch",
    ),
    (
        "RuntimeError: Expected object of backend CUDA but got backend CPU for argument #2 'weight'",
        "device-mismatch",
    ),
    (
        "RuntimeError: Tensor for argument #2 'mat1' is on CPU, but expected it to be on GPU (while checking arguments for addmm)",
        "device-mismatch",
    ),
    (
        "RuntimeError: Tensor for 'out' is on CPU, Tensor for argument #1 'self' is on CPU, but expected them to be on GPU (while checking arguments for addmm)",
        "device-mismatch",
    ),
    (
        "RuntimeError: Expected tensor for argument #1 'input' to have the same device as tensor for argument #2 'weight'; but device 1 does not equal 0 (while checking arguments for cudnn_convolution)",
        "device-mismatch",
    ),
    (
        "RuntimeError: Input and parameter tensors are not at the same device, found input tensor at cpu and parameter tensor at cuda:0",
        "device-mismatch",
    ),
    (
        "RuntimeError: Input and hidden tensors are not at the same device, found input tensor at cuda:0 and hidden tensor at cpu",
        "device-mismatch",
    ),
    (
        "RuntimeError: indices should be either on cpu or on the same device as the indexed tensor (cpu)",
        "device-mismatch",
    ),
    (
        "RuntimeError: Expected a 'cuda' device type for generator but found 'cpu'",
        "device-mismatch",
    ),
    ("RuntimeError: expected device cuda:0 but got device cpu", "device-mismatch"),
    ("RuntimeError: expected scalar type Float but found Double", "dtype-mismatch"),
    (
        "RuntimeError: Expected object of scalar type Long but got scalar type Float for argument #2 'target' in call to _thnn_nll_loss_forward",
        "dtype-mismatch",
    ),
    ("RuntimeError: mat1 and mat2 must have the same dtype", "dtype-mismatch"),
    (
        "RuntimeError: mat1 and mat2 must have the same dtype, but got Float and Half",
        "dtype-mismatch",
    ),
    (
        "RuntimeError: expected m1 and m2 to have the same dtype, but got: double != float",
        "dtype-mismatch",
    ),
    (
        "RuntimeError: Input type (double) and bias type (float) should be the same",
        "dtype-mismatch",
    ),
    (
        "RuntimeError: Input type (torch.cuda.DoubleTensor) and weight type (torch.cuda.FloatTensor) should be the same",
        "dtype-mismatch",
    ),
    (
        "RuntimeError: result type Float can't be cast to the desired output type Long",
        "dtype-mismatch",
    ),
    ("RuntimeError: Found dtype Long but expected Float", "dtype-mismatch"),
    (
        "RuntimeError: self and mat2 must have the same dtype, but got Half and Float",
        "dtype-mismatch",
    ),
    (
        "RuntimeError: Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.cuda.FloatTensor instead (while checking arguments for embedding)",
        "dtype-mismatch",
    ),
    (
        "RuntimeError: \"nll_loss_forward_reduce_cuda_kernel_2d_index\" not implemented for 'Int'",
        "dtype-unsupported",
    ),
    ("RuntimeError: \"addmm_impl_cpu_\" not implemented for 'Half'", "half-on-cpu"),
    ("RuntimeError: \"LayerNormKernelImpl\" not implemented for 'Half'", "half-on-cpu"),
    ("RuntimeError: \"slow_conv2d_cpu\" not implemented for 'Half'", "half-on-cpu"),
    ("RuntimeError: \"addmv_impl_cpu\" not implemented for 'BFloat16'", "half-on-cpu"),
    ("RuntimeError: \"softmax_lastdim_kernel_impl\" not implemented for 'Half'", "half-on-cpu"),
    (
        "RuntimeError: \"upsample_nearest2d_channels_last\" not implemented for 'Half'",
        "half-on-cpu",
    ),
    ("RuntimeError: \"compute_indices_weights_linear\" not implemented for 'Half'", "half-on-cpu"),
    ("RuntimeError: _thnn_conv2d_forward not supported on CPUType for Half", "half-on-cpu"),
    ("RuntimeError: \"topk_cpu\" not implemented for 'Half'", "half-on-cpu"),
    (
        "RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation: [torch.cuda.FloatTensor [64, 10]], which is output 0 of AsStridedBackward0, is at version 2; expected version 1 instead. Hint: enable anomaly detection",
        "autograd-inplace-modified",
    ),
    (
        "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn",
        "autograd-no-grad-fn",
    ),
    (
        "RuntimeError: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.",
        "autograd-backward-twice",
    ),
    (
        "RuntimeError: Trying to backward through the graph a second time, but the saved intermediate results have already been freed. Specify retain_graph=True when calling backward the first time.",
        "autograd-backward-twice",
    ),
    (
        "RuntimeError: grad can be implicitly created only for scalar outputs",
        "autograd-nonscalar-backward",
    ),
    (
        "RuntimeError: a leaf Variable that requires grad is being used in an in-place operation.",
        "autograd-leaf-inplace",
    ),
    (
        "RuntimeError: Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal tensor and use it in autograd.",
        "autograd-inference-tensor",
    ),
    (
        "RuntimeError: size mismatch, m1: [64 x 9216], m2: [4096 x 10] at /pytorch/aten/src/THC/generic/THCTensorMathBlas.cu:268",
        "matmul-shape-mismatch",
    ),
    (
        "RuntimeError: mat1 and mat2 shapes cannot be multiplied (64x9216 and 4096x10)",
        "matmul-shape-mismatch",
    ),
    ("RuntimeError: mat1 dim 1 must match mat2 dim 0", "matmul-shape-mismatch"),
    (
        "RuntimeError: The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
        "broadcast-shape-mismatch",
    ),
    (
        "RuntimeError: The expanded size of the tensor (3) must match the existing size (4) at non-singleton dimension 1.  Target sizes: [2, 3].  Tensor sizes: [2, 4]",
        "broadcast-shape-mismatch",
    ),
    (
        "RuntimeError: output with shape [1, 28, 28] doesn't match the broadcast shape [3, 28, 28]",
        "broadcast-shape-mismatch",
    ),
    (
        "RuntimeError: Given groups=1, weight of size [64, 3, 7, 7], expected input[1, 1, 224, 224] to have 3 channels, but got 1 channels instead",
        "conv-input-mismatch",
    ),
    (
        "RuntimeError: Given groups=1, weight of size 64 3 7 7, expected input[1, 1, 224, 224] to have 3 channels, but got 1 channels instead",
        "conv-input-mismatch",
    ),
    (
        "RuntimeError: Expected 4-dimensional input for 4-dimensional weight [64, 3, 7, 7], but got 3-dimensional input of size [3, 224, 224] instead",
        "conv-input-mismatch",
    ),
    (
        "RuntimeError: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [1, 1, 3, 224, 224]",
        "conv-input-mismatch",
    ),
    ("RuntimeError: shape '[-1, 400]' is invalid for input of size 3200", "reshape-invalid"),
    (
        "ValueError: Expected input batch_size (64) to match target batch_size (32).",
        "batch-size-mismatch",
    ),
    (
        "ValueError: Target size (torch.Size([16])) must be the same as input size (torch.Size([16, 1]))",
        "batch-size-mismatch",
    ),
    (
        "IndexError: Dimension out of range (expected to be in range of [-1, 0], but got 1)",
        "dimension-out-of-range",
    ),
    (
        "RuntimeError: Sizes of tensors must match except in dimension 1. Expected size 32 but got size 31 for tensor number 1 in the list.",
        "concat-size-mismatch",
    ),
    (
        "RuntimeError: stack expects each tensor to be equal size, but got [3, 224, 224] at entry 0 and [1, 224, 224] at entry 3",
        "concat-size-mismatch",
    ),
    (
        "RuntimeError: Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size",
        "input-smaller-than-kernel",
    ),
    (
        "RuntimeError: Given input size: (512x1x1). Calculated output size: (512x0x0). Output size is too small",
        "input-smaller-than-kernel",
    ),
    (
        "RuntimeError: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
        "view-not-contiguous",
    ),
    (
        "RuntimeError: invalid argument 2: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Call .contiguous() before .view(). at /pytorch/aten/src/TH/generic/THTensor.cpp:203",
        "view-not-contiguous",
    ),
    (
        "RuntimeError: Error(s) in loading state_dict for ResNet:\n\tsize mismatch for fc.weight: copying a param with shape torch.Size([10, 512]) from checkpoint, the shape in current model is torch.Size([1000, 512]).",
        "state-dict-mismatch",
    ),
    (
        'RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "conv1.weight", "conv1.bias". \n\tUnexpected key(s) in state_dict: "module.conv1.weight", "module.conv1.bias".',
        "state-dict-mismatch",
    ),
    (
        "RuntimeError: Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.",
        "cuda-checkpoint-on-cpu",
    ),
    (
        "_pickle.UnpicklingError: Weights only load failed. This file can still be loaded, to do so you have two options, do those steps only if you trust the source of the checkpoint. \n\t(1) In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution. Do it only if you got the file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please check the recommended steps in the following error message.\n\tWeightsUnpickler error: Unsupported global: GLOBAL ultralytics.nn.tasks.DetectionModel was not an allowed global by default. Please use `torch.serialization.add_safe_globals([DetectionModel])` or the `torch.serialization.safe_globals([DetectionModel])` context manager to allowlist this global if you trust this class/function.",
        "torch-load-weights-only",
    ),
    (
        "RuntimeError: Cannot re-initialize CUDA in forked subprocess. To use CUDA with multiprocessing, you must use the 'spawn' start method",
        "cuda-fork-reinit",
    ),
    (
        "/pytorch/aten/src/THCUNN/ClassNLLCriterion.cu:106: void cunn_ClassNLLCriterion_updateOutput_kernel(Dtype *, Dtype *, Dtype *, long *, Dtype *, int, int, int, int, long) [with Dtype = float, Acctype = float]: block: [0,0,0], thread: [6,0,0] Assertion `t >= 0 && t < n_classes` failed.",
        "device-side-assert",
    ),
    ("Assertion `t >= 0 && t < n_classes` failed.", "device-side-assert"),
    ("Assertion `srcIndex < srcSelectDimSize` failed.", "device-side-assert"),
    ("IndexError: index out of range in self", "index-out-of-range"),
    (
        "RuntimeError: index out of range: Tried to access index 30522 out of table with 30521 rows. at /pytorch/aten/src/TH/generic/THTensorEvenMoreMath.cpp:418",
        "index-out-of-range",
    ),
    ("IndexError: Target 10 is out of bounds.", "index-out-of-range"),
    ("RuntimeError: CUDA error: an illegal memory access was encountered", "illegal-memory-access"),
    (
        "TypeError: can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.",
        "tensor-to-numpy",
    ),
    (
        "TypeError: can't convert CUDA tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.",
        "tensor-to-numpy",
    ),
    (
        "RuntimeError: Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
        "tensor-to-numpy",
    ),
    (
        "RuntimeError: Can't call numpy() on Variable that requires grad. Use var.detach().numpy() instead.",
        "tensor-to-numpy",
    ),
    (
        "RuntimeError: CUDA error: device-side assert triggered\nCUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.",
        "device-side-assert",
    ),
    (
        "RuntimeError: cuda runtime error (59) : device-side assert triggered at /pytorch/aten/src/THC/generic/THCTensorMath.cu:26",
        "device-side-assert",
    ),
]

DISTRIBUTED_WORDINGS: list[tuple[str, str | None, str | None]] = [
    (
        "NCCL WARN Error while creating shared memory segment /dev/shm/nccl-UDCyNw (size 9637888)",
        "nccl-shm-exhausted",
        "environment",
    ),
    (
        "misc/shmutils.cc:72 NCCL WARN Error: failed to extend /dev/shm/nccl-2Xe3Ru to 33030148 bytes, error: No space left on device (28)",
        "nccl-shm-exhausted",
        "environment",
    ),
    (
        "include/shm.h:28 NCCL WARN Call to posix_fallocate failed : No space left on device",
        "nccl-shm-exhausted",
        "environment",
    ),
    (
        "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1970, unhandled system error (run with NCCL_DEBUG=INFO for details), NCCL version 2.20.5\nncclSystemError: System call (e.g. socket, malloc) or external library call failed or device error. \nLast error:\nError while attaching to shared memory segment /dev/shm/nccl-Wr1gHA (size 5767524)",
        "nccl-shm-exhausted",
        "environment",
    ),
    (
        "RuntimeError: Distributed package doesn't have NCCL built in",
        "nccl-not-built",
        "environment",
    ),
    (
        "RuntimeError: use_libuv was requested but PyTorch was build without libuv support",
        "torch-without-libuv",
        "environment",
    ),
    (
        "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:275, invalid usage (run with NCCL_DEBUG=WARN for details), NCCL version 2.14.3\nncclInvalidUsage: This usually reflects invalid usage of NCCL library.\nLast error:\nDuplicate GPU detected : rank 1 and rank 0 both on CUDA device 1a000",
        "nccl-invalid-usage",
        "code",
    ),
    (
        "init.cc:400 NCCL WARN Mismatched NCCL version detected : rank 0 version 21803 rank 1 version 21903\nRuntimeError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1191, invalid usage, NCCL version 2.18.3",
        "nccl-version-mismatch",
        "environment",
    ),
    (
        "transport/p2p.cc:244 NCCL WARN Cuda failure 'peer access is not supported between these two devices'",
        "nccl-p2p-unsupported",
        "environment",
    ),
    (
        "NCCL INFO NET/IB : No device found.\nNCCL INFO NET/Socket : Using [0]eth0:172.17.0.2<0>\nNCCL INFO Using network Socket",
        None,
        None,
    ),
    (
        "[E ProcessGroupNCCL.cpp:475] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=12, OpType=ALLREDUCE, NumelIn=1, NumelOut=1, Timeout(ms)=1800000) ran for 1800586 milliseconds before timing out.",
        "distributed-timeout",
        "runtime",
    ),
    (
        "[rank0]:[E ProcessGroupNCCL.cpp:563] [PG 0 Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=5, OpType=BROADCAST, NumelIn=1024, NumelOut=1024, Timeout(ms)=600000) ran for 600012 milliseconds before timing out.",
        "distributed-timeout",
        "runtime",
    ),
    (
        "RuntimeError: [1] is setting up NCCL communicator and retrieving ncclUniqueId from [0] via c10d key-value store by key '0', but store->get('0') got error: Connection reset by peer",
        "distributed-connection-failed",
        "runtime",
    ),
    ("RuntimeError: Address already in use", "distributed-port-in-use", "runtime"),
    (
        "RuntimeError: The server socket has failed to listen on any local network address. The server socket has failed to bind to [::]:29500 (errno: 98 - Address already in use). The server socket has failed to bind to 0.0.0.0:29500 (errno: 98 - Address already in use).",
        "distributed-port-in-use",
        "runtime",
    ),
    (
        "torch.distributed.DistNetworkError: The server socket has failed to listen on any local network address. port: 29500, useIpv6: false, code: -98, name: EADDRINUSE, message: address already in use",
        "distributed-port-in-use",
        "runtime",
    ),
    (
        "RuntimeError: NCCL error in: /opt/conda/conda-bld/pytorch_1640811805959/work/torch/lib/c10d/ProcessGroupNCCL.cpp:957, unhandled cuda error, NCCL version 21.0.3",
        "nccl-cuda-error",
        "runtime",
    ),
    (
        "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/NCCLUtils.hpp:275, unhandled cuda error (run with NCCL_DEBUG=INFO for details), NCCL version 2.14.3\nncclUnhandledCudaError: Call to CUDA function failed.\nLast error:\nCuda failure 'out of memory'",
        "nccl-cuda-error",
        "runtime",
    ),
    (
        "RuntimeError: [/opt/conda/conda-bld/pytorch_1591914880026/work/third_party/gloo/gloo/transport/tcp/pair.cc:769] connect [127.0.1.1]:29099: Connection refused",
        "distributed-connection-failed",
        "runtime",
    ),
    (
        "[W socket.cpp:601] [c10d] The client socket has failed to connect to [localhost]:29500 (errno: 99 - Cannot assign requested address).",
        None,
        None,
    ),
    (
        "torch.distributed.DistNetworkError: The client socket has timed out after 900s while trying to connect to (10.0.0.1, 29500).",
        "distributed-connection-failed",
        "runtime",
    ),
    (
        "RuntimeError: connect() timed out. Original timeout was 1800000 ms.",
        "distributed-connection-failed",
        "runtime",
    ),
    (
        "torch.distributed.DistStoreError: Timed out after 901 seconds waiting for clients. 1/2 clients joined.",
        "distributed-connection-failed",
        "runtime",
    ),
    (
        "RuntimeError: Expected to have finished reduction in the prior iteration before starting a new one. This error indicates that your module has parameters that were not used in producing loss. You can enable unused parameter detection by passing the keyword argument `find_unused_parameters=True` to `torch.nn.parallel.DistributedDataParallel`",
        "ddp-unused-parameters",
        "code",
    ),
    (
        "RuntimeError: Expected to mark a variable ready only once. This error is caused by one of the following reasons: 1) Use of a module parameter outside the `forward` function.",
        "ddp-variable-ready-twice",
        "code",
    ),
    (
        "RuntimeError: ProcessGroupNCCL is only supported with GPUs, no GPUs found!",
        "nccl-no-gpu",
        "environment",
    ),
    (
        "RuntimeError: [../third_party/gloo/gloo/transport/tcp/unbound_buffer.cc:81] Timed out waiting 1800000ms for recv operation to complete",
        "distributed-timeout",
        "runtime",
    ),
    (
        "RuntimeError: [../third_party/gloo/gloo/transport/tcp/pair.cc:598] Connection closed by peer [10.0.0.2]:4563",
        "distributed-connection-failed",
        "runtime",
    ),
]


@pytest.mark.parametrize(("text", "code"), CODE_WORDINGS)
def test_user_code_wording_gets_code_advice_only(text: str, code: str) -> None:
    results = explain(text)
    assert results, text
    assert results[0].code == code
    for result in results:
        assert result.kind == "code", (text, result.code)
        assert result.finding_code is None
        assert not any(ENV_FIX.search(step) for step in result.fix), result.fix


@pytest.mark.parametrize(("text", "code", "kind"), DISTRIBUTED_WORDINGS)
def test_distributed_wording(text: str, code: str | None, kind: str | None) -> None:
    results = explain(text)
    if code is None:
        # NCCL INFO lines and c10d's IPv6 localhost warning are not errors.
        assert results == ()
        return
    assert (results[0].code, results[0].kind) == (code, kind)
    if kind == "code":
        assert not any(ENV_FIX.search(step) for s in results for step in s.fix)


def test_environment_and_code_error_in_one_paste_are_explained_apart() -> None:
    text = (
        "RuntimeError: Expected all tensors to be on the same device, but found at least two "
        "devices, cuda:0 and cpu! (when checking argument for argument mat1 in method "
        "wrapper_CUDA_addmm)\n...\nRuntimeError: The NVIDIA driver on your system is too old "
        "(found version 11040). Please update your GPU driver by downloading and installing a "
        "new version from the URL: http://www.nvidia.com/Download/index.aspx\n"
    )
    results = {r.code: r for r in explain(text)}
    assert {"device-mismatch", "driver-too-old"} <= set(results)
    code = results["device-mismatch"]
    assert code.kind == "code" and code.finding_code is None
    assert not any(ENV_FIX.search(step) for step in code.fix)
    assert results["driver-too-old"].kind == "environment"


def test_same_device_type_pair_is_a_dtype_error_not_a_device_error() -> None:
    (result,) = explain(
        "RuntimeError: Input type (torch.cuda.DoubleTensor) and weight type "
        "(torch.cuda.FloatTensor) should be the same"
    )
    assert result.code == "dtype-mismatch"
    assert any("float64" in step for step in result.fix)
    (device,) = explain(
        "RuntimeError: Input type (torch.cuda.HalfTensor) and weight type (torch.HalfTensor) "
        "should be the same"
    )
    assert device.code == "device-mismatch"


def test_nccl_version_mismatch_is_the_environment_duplicate_gpu_is_code() -> None:
    (version,) = explain(
        "init.cc:400 NCCL WARN Mismatched NCCL version detected : rank 0 version 21803 rank 1 "
        "version 21903\nRuntimeError: NCCL error in: ProcessGroupNCCL.cpp:1191, invalid usage, "
        "NCCL version 2.18.3"
    )
    assert (version.code, version.kind) == ("nccl-version-mismatch", "environment")
    (dup,) = explain(
        "RuntimeError: NCCL error in: NCCLUtils.hpp:275, invalid usage, NCCL version 2.14.3\n"
        "Last error:\nDuplicate GPU detected : rank 1 and rank 0 both on CUDA device 1a000"
    )
    assert (dup.code, dup.kind) == ("nccl-invalid-usage", "code")


def test_nccl_cuda_failure_names_the_cuda_error() -> None:
    (result,) = explain(
        "ncclUnhandledCudaError: Call to CUDA function failed.\nLast error:\n"
        "Cuda failure 'out of memory'\nRuntimeError: NCCL error in: x.cpp:1, unhandled cuda "
        "error, NCCL version 2.14.3"
    )
    assert result.facts["cuda_failure"] == "out of memory"
    assert "out of memory" in result.cause


def test_state_dict_module_prefix_is_named() -> None:
    (result,) = explain(
        "RuntimeError: Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: "
        '"conv1.weight". \n\tUnexpected key(s) in state_dict: "module.conv1.weight". '
    )
    assert result.facts["module_prefix"] is True
    assert any("removeprefix('module.')" in step for step in result.fix)


def test_mmcv_registry_only_a_missing_cuda_kernel_is_the_environment() -> None:
    # pytorch_device_registry.hpp: no CUDA kernel in this build is the install; a CPU tensor
    # given to a CUDA-only op, or tensors on two devices, is the program's doing.
    built = explain("RuntimeError: nms_impl: implementation for device cuda:0 not found.")
    assert [r.code for r in built][:1] == ["extension-built-without-cuda"]
    for text in (
        "RuntimeError: roi_align_forward_impl: implementation for device cpu not found.",
        "RuntimeError: nms_impl: at param 1, inconsistent device: cpu vs cuda:0",
    ):
        assert not [r for r in explain(text) if r.kind == "environment"], text


# Wordings checked against the emitting software itself: torch 2.13's
# torch/utils/cpp_extension.py ("Unknown CUDA arch ({arch}) or GPU not supported"; older
# releases raise it for a GPU newer than themselves, newer ones clamp the GPU and raise it
# for TORCH_CUDA_ARCH_LIST), libtorch_cpu's "PyTorch is not linked with support for
# {device} devices", and zsh's name for SIGILL.
def test_an_arch_newer_than_torch_points_to_a_newer_torch() -> None:
    (result,) = explain("ValueError: Unknown CUDA arch (12.0+PTX) or GPU not supported")
    assert result.code == "extension-arch-unknown-to-torch"
    assert result.facts["gpu_arch"] == "sm_120"
    assert result.facts["first_cuda_for_arch"] == "12.8"
    assert "CUDA 12.8 or newer" in result.fix[0]


def test_a_newer_member_of_a_family_needs_the_toolkit_that_compiles_it() -> None:
    # sm_80 code (CUDA 11.0) runs on an 8.6 or 8.9 GPU, but nvcc builds for sm_86 only from
    # 11.1 and for sm_89 from 11.8: the extension asks for the member itself.
    for arch, cuda in (("8.6", "11.1"), ("8.9", "11.8"), ("8.0", "11.0"), ("7.5", "10.0")):
        (result,) = explain(f"ValueError: Unknown CUDA arch ({arch}) or GPU not supported")
        assert result.facts["first_cuda_for_arch"] == cuda, arch
        assert f"CUDA {cuda} or newer" in result.fix[0]


def test_an_arch_cuda_dropped_is_not_called_newer_than_torch() -> None:
    (result,) = explain("ValueError: Unknown CUDA arch (3.5) or GPU not supported")
    assert result.facts["last_cuda_for_arch"] == "11.8"
    assert "older than that GPU" not in result.cause
    assert "no longer supports" in result.cause


def test_mps_on_linux_says_mps_is_macos_only() -> None:
    text = 'File "/home/u/run.py", line 3\nRuntimeError: PyTorch is not linked with support for mps devices'
    (result,) = explain(text)
    assert result.code == "mps-unavailable"
    assert result.facts["os"] == "Linux"
    assert "device = 'cuda' if torch.cuda.is_available()" in result.fix[0]
    assert not any("sw_vers" in step for step in result.fix)


def test_zsh_sigill_on_a_mac_points_to_rosetta_not_proc_cpuinfo() -> None:
    text = 'File "/Users/me/x.py", line 1\nzsh: illegal hardware instruction  python x.py'
    (result,) = explain(text)
    assert result.code == "illegal-instruction"
    assert "Rosetta" in result.fix[0]
    assert not any("/proc/cpuinfo" in step for step in result.fix)
    (linux,) = explain("Illegal instruction (core dumped)\n/home/u/venv/bin/python")
    assert any("/proc/cpuinfo" in step for step in linux.fix)
    assert not any("Rosetta" in step for step in linux.fix)
