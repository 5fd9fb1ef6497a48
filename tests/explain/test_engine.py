"""The engine against real error text (tests/fixtures/errors, sources in SOURCES.md)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from explain.errortext import fixture_names, fixture_text
from explain.test_heldout import ENV_FIX
from hypothesis import example, given, settings
from hypothesis import strategies as st

from envdoctor.compat.fit import variants_for_driver
from envdoctor.explain import explain, normalise
from envdoctor.explain.catalog import CATALOG
from envdoctor.explain.engine import lowercase, read_clues
from envdoctor.matrix.load import load_matrix
from envdoctor.snapshot import (
    DriverFacts,
    DriverState,
    GpuFacts,
    PythonFacts,
    Snapshot,
    SystemFacts,
    TorchFacts,
    TorchState,
)

MATRIX = load_matrix()
# The build the matrix suggests for a Blackwell GPU (sm_120) when the driver is not known.
SM120_VARIANT = variants_for_driver(MATRIX, os_name="linux", capabilities=("12.0",))[0].variant

# fixture -> (code of the first explanation, facts it must contain)
EXPECTED: dict[str, tuple[str, dict[str, Any]]] = {
    "cuda-driver-insufficient__bladebit": (
        "cuda-driver-insufficient",
        {"driver_version": "515.48.07", "driver_max_cuda": "11.7"},
    ),
    "cuda-driver-insufficient__yolov3": ("cuda-driver-insufficient", {}),
    "driver-too-old__fooocus": (
        "driver-too-old",
        {"found_version": 11040, "driver_max_cuda": "11.4", "driver_branch": "R470"},
    ),
    "driver-too-old__yuan": (
        "driver-too-old",
        {"found_version": 11000, "driver_max_cuda": "11.0", "driver_branch": "R450"},
    ),
    "driver-too-old__fastfcn_wrapped": (
        "driver-too-old",
        {"found_version": 9000, "driver_max_cuda": "9.0", "driver_branch": "R384"},
    ),
    "no-kernel-image__aphrodite": ("no-kernel-image", {}),
    # XLA's status prefix ("Unknown:") marks JAX's run-time PTX compilation.
    "no-kernel-image__localcolabfold26": ("no-kernel-image", {"runtime": "XLA"}),
    "mkl-ijit-symbol-missing__magicme15": ("mkl-ijit-symbol-missing", {}),
    # The launcher's pinned torch 1.12 has no wheels for its Python 3.11.
    "app-torch-install-failed__sdwebui3780": (
        "app-torch-install-failed",
        {"python_version": "3.11.0", "release_python": ">=3.7,<3.11"},
    ),
    "loss-target-shape__kdlib122": ("loss-target-shape", {"dim": "4"}),
    # Paddle opens the unversioned libcublas.so from the system.
    "paddle-library-missing__paddlenlp2980": (
        "paddle-library-missing",
        {"library": "libcublas.so", "runtime": "PaddlePaddle"},
    ),
    # No list of versions: pip found no file for Python 3.6 on the Jetson.
    "pip-no-matching-package__edgeimpulse4": (
        "pip-no-matching-package",
        {"package": "edge_impulse_linux", "python_version": "3.6.9"},
    ),
    # Markdown ate the backticks of MMDetection's assertion.
    "dataset-classes-mismatch__swin120": (
        "dataset-classes-mismatch",
        {"num_classes": "80", "dataset_classes": "4"},
    ),
    # An older release printed "index 0does" without the space.
    "mask-shape-mismatch__pytorchyolo2": ("mask-shape-mismatch", {"mask": "845"}),
    "detach-view-inplace__mnmt6": ("detach-view-inplace", {}),
    # The GPU named in a Chinese sentence ("特斯拉p40": Tesla P40, sm_61).
    "no-kernel-image__ader": ("no-kernel-image", {"gpu_arch": "sm_61"}),
    # "GT 730" is Kepler or Fermi: an ambiguous name tailors nothing.
    "no-kernel-image__stanet": ("no-kernel-image", {}),
    "gpu-arch-not-in-build__hi3dgen": (
        "gpu-arch-not-in-build",
        {
            "gpu": "NVIDIA GeForce RTX 5080 Laptop GPU",
            "gpu_arch": "sm_120",
            "architecture": "Blackwell",
            "suggested_variant": SM120_VARIANT,
            "build_arch_list": [
                "sm_50",
                "sm_60",
                "sm_61",
                "sm_70",
                "sm_75",
                "sm_80",
                "sm_86",
                "sm_90",
            ],
        },
    ),
    "gpu-arch-not-in-build__slicer_kepler_list": (
        "gpu-arch-not-in-build",
        {"gpu_arch": "sm_120", "suggested_variant": SM120_VARIANT},
    ),
    "gpu-too-old-for-build__webui": (
        "gpu-too-old-for-build",
        {
            "gpu": "NVIDIA GTX TITAN Black",
            "gpu_capability": "3.5",
            "build_minimum_capability": "3.7",
        },
    ),
    "gpu-too-old-for-build__avatarify": (
        "gpu-too-old-for-build",
        {"gpu": "GeForce GTX 660 Ti", "gpu_capability": "3.0", "build_minimum_capability": "3.5"},
    ),
    "torch-not-compiled-with-cuda__detectron2": ("torch-not-compiled-with-cuda", {}),
    "torch-c-extension-missing__pytorch26526": (
        "torch-c-extension-missing",
        {"torch_imported_from": "D:\\Gaurav\\pytorch-master"},
    ),
    "torch-c-extension-missing__vocal_remover": (
        "torch-c-extension-missing",
        {
            "torch_imported_from": "C:\\Users\\Chaiyo\\AppData\\Local\\Programs\\Python\\Python37"
            "\\lib\\site-packages"
        },
    ),
    "cudnn-library-missing__whisper_webui": (
        "cudnn-library-missing",
        {"library": "libcudnn_ops_infer.so.8", "cudnn_major": 8},
    ),
    "cudnn-library-missing__onnxruntime_genai": (
        "cudnn-library-missing",
        {"library": "libcudnn.so.8", "cudnn_major": 8},
    ),
    "torch-library-missing__deepac": ("torch-library-missing", {"library": "libtorch_cuda_cu.so"}),
    "cuda-library-missing__ogb": (
        "cuda-library-missing",
        {"library": "libcublas.so.11", "library_cuda_major": 11},
    ),
    "cuda-library-missing__instantsfm": (
        "cuda-library-missing",
        {"library": "libcublas.so.13", "library_cuda_major": 13},
    ),
    "cuda-library-missing__tensorrt_nvrtc": (
        "cuda-library-missing",
        {"library": "libnvrtc-builtins.so.13.0"},
    ),
    "nvml-driver-library-mismatch__mozilla": (
        "nvml-driver-library-mismatch",
        {"nvml_library_version": "550.144"},
    ),
    "nvml-driver-library-mismatch__shine": ("nvml-driver-library-mismatch", {}),
    "nvml-driver-library-mismatch__tf22525": (
        "nvml-driver-library-mismatch",
        {"kernel_module_version": "384.130.0", "nvml_library_version": "375.66.0"},
    ),
    "nvml-driver-library-mismatch__tf4768": (
        "nvml-driver-library-mismatch",
        {"kernel_module_version": "352.63.0", "nvml_library_version": "361.93.2"},
    ),
    "no-nvidia-driver__colab": ("no-nvidia-driver", {}),
    "cuda-out-of-memory__neurolens": (
        "cuda-out-of-memory",
        {"requested": "55.57 GiB", "total": "12.00 GiB", "free": "9.02 GiB", "gpu_index": 0},
    ),
    "cuda-out-of-memory__cads": (
        "cuda-out-of-memory",
        {
            "requested": "22.78 GiB",
            "total": "31.47 GiB",
            "free": "12.73 GiB",
            "in_use": "18.73 GiB",
            "reserved": "9.35 GiB",
        },
    ),
    "cuda-out-of-memory__pytorch59778_old": (
        "cuda-out-of-memory",
        {
            "requested": "2.26 GiB",
            "total": "6.00 GiB",
            "free": "3.03 GiB",
            "allocated": "781.59 MiB",
            "reserved": "1.24 GiB",
        },
    ),
    "cuda-out-of-memory__mygirlgpt": (
        "cuda-out-of-memory",
        {"requested": "32.00 MiB", "total": "4.00 GiB", "free": "41.56 MiB", "in_use": "3.44 GiB"},
    ),
    "nccl-error__nccl473": ("nccl-system-error", {"nccl_error": "system"}),
    "nccl-error__nccl1928_rank_prefix": (
        "nccl-remote-error",
        {"nccl_error": "remote", "nccl_version": "2.28.8"},
    ),
    "ptx-unsupported-toolchain__gpuburn": ("ptx-unsupported-toolchain", {"nvcc_cuda": "13.2"}),
    "ptx-unsupported-toolchain__surroundocc": (
        "ptx-unsupported-toolchain",
        {"nvcc_cuda": "11.3", "driver_max_cuda": "11.6", "driver_version": "510.60.02"},
    ),
    "device-side-assert__qlora": (
        "device-side-assert",
        {"assertion": "srcIndex < srcSelectDimSize"},
    ),
    "cuda-init-failed__804_videollava": (
        "cuda-forward-compat-unsupported",
        {
            "cuda_error": 804,
            "cuda_error_text": "forward compatibility was attempted on non supported HW",
        },
    ),
    "cuda-init-failed__802_llamafactory": (
        "cuda-fabric-manager-not-running",
        {"cuda_error": 802, "cuda_error_text": "system not yet initialized"},
    ),
    "cuda-init-failed__803_deepsegmentor": (
        "cuda-driver-combination-unsupported",
        {"cuda_error": 803},
    ),
    "cuda-init-failed__vllm_prefixed": (
        "cuda-fabric-manager-not-running",
        {"cuda_error": 802, "cuda_error_text": "system not yet initialized"},
    ),
    "cudnn-status-error__clrnet": (
        "cudnn-status-error",
        {"cudnn_status": "CUDNN_STATUS_NOT_INITIALIZED"},
    ),
    "cudnn-status-error__optimalgrad": (
        "cudnn-status-error",
        {"cudnn_status": "CUDNN_STATUS_EXECUTION_FAILED"},
    ),
    "windows-dll-load-failed__materialsearch": (
        "windows-dll-load-failed",
        {
            "winerror": "126",
            "dll": "E:\\MaterialSearch_tmp\\MaterialSearchWindows\\lib\\site-packages\\torch\\lib"
            "\\fbgemm.dll",
        },
    ),
    "windows-dll-load-failed__pytorch3d": ("windows-dll-load-failed", {"module": "_C"}),
    "cublas-status-error__llama2c": (
        "cublas-status-error",
        {"cublas_status": "CUBLAS_STATUS_NOT_INITIALIZED", "cublas_call": "cublasCreate"},
    ),
    "cublas-status-error__sparseconvnet": (
        "cublas-status-error",
        {"cublas_status": "CUBLAS_STATUS_EXECUTION_FAILED", "cublas_call": "cublasSgemm"},
    ),
    "windows-dll-load-failed__c10_1114": (
        "windows-dll-load-failed",
        {
            "winerror": "1114",
            "dll": "D:\\python_project\\开源项目\\Kronos\\.venv\\Lib\\site-packages\\torch\\lib"
            "\\c10.dll",
        },
    ),
    "windows-dll-load-failed__deltaforce46": (
        "windows-dll-load-failed",
        {
            "winerror": "1114",
            "dll": "E:\\python\\py_jsq\\Python310\\lib\\site-packages\\torch\\lib\\c10.dll",
            "msvc_runtime_needed": "14.40",
            "bundles_msvc_runtime": True,
        },
    ),
    "cuda-init-failed__wsl_error2": (
        "cuda-init-failed",
        {"cuda_error": 2, "cuda_error_text": "out of memory"},
    ),
    "nccl-error__nccl1928_internal": ("nccl-error", {"nccl_error": "internal"}),
    "pip-no-matching-torch__none": (
        "pip-no-matching-torch",
        {"requirement": "torch", "available_versions": []},
    ),
    "pip-no-matching-torch__local_tag": (
        "pip-no-matching-torch",
        {"requirement": "torch==1.11.0+cu113"},
    ),
    "pip-no-matching-torch__placeholder": (
        "pip-no-matching-torch",
        {
            "requirement": "torch>=1.3.0",
            "available_versions": ["0.1.2", "0.1.2.post1", "0.1.2.post2"],
        },
    ),
    "pip-no-matching-torch__intel_mac": (
        "pip-no-matching-torch",
        {"requirement": "torch==2.4.1", "newest_available": "2.2.2"},
    ),
    "illegal-instruction__pytorch12857": ("illegal-instruction", {}),
    "nvidia-smi-not-found__nvidia_docker": ("nvidia-smi-not-found", {}),
    "nvidia-smi-not-found__htop": ("nvidia-smi-not-found", {}),
    "driver-not-loaded__selfhosted": ("driver-not-loaded", {}),
    "driver-module-not-built__fedora635": (
        "driver-module-not-built",
        {"kernel": "6.8.10-300.fc40.x86_64"},
    ),
    "driver-installer-blocked__apollo2466": ("driver-installer-blocked", {}),
    "nvrtc-arch-unknown__rosettafold156": ("nvrtc-arch-unknown", {"library": "NVRTC"}),
    "rocm-gfx-not-in-build__rocalution197": ("rocm-gfx-not-in-build", {}),
    "apt-nvidia-source-conflict__cloudnativedocs": (
        "apt-nvidia-source-conflict",
        {"source": "https://nvidia.github.io/libnvidia-container/stable/ubuntu18.04/amd64/"},
    ),
    "nvml-no-permission__cloudnativedocs": ("nvml-no-permission", {}),
    "container-runtime-csv-mode__nvctk": ("container-runtime-csv-mode", {}),
    "c-compiler-missing__uvdocs": (
        "c-compiler-missing",
        {"compiler": "gcc", "package": "pysha3==1.0.2"},
    ),
    "distutils-removed__uvdocs": ("distutils-removed", {"package": "numpy==1.19.5"}),
    "pkgutil-impimporter-removed__mexcsdk": ("pkgutil-impimporter-removed", {}),
    "setuptools-use-2to3-removed__ad16": ("setuptools-use-2to3-removed", {"package": "ad"}),
    "setuptools-invalid-version__pipdeptree235": (
        "setuptools-invalid-version",
        {"package": "distro-info", "version": "1.1build1"},
    ),
    "cython-source-not-generated__cocoapi441": (
        "cython-source-not-generated",
        {"source": "pycocotools/_mask.c"},
    ),
    "extension-prebuilt-wheel-missing__mamba277": (
        "extension-prebuilt-wheel-missing",
        {
            "package": "mamba-ssm",
            "wheel_url": "https://github.com/state-spaces/mamba/releases/download/v1.2.0.post1/"
            "mamba_ssm-1.2.0.post1+cu118torch2.0cxx11abiFALSE-cp38-cp38-linux_x86_64.whl",
            "download_failed": True,
        },
    ),
    "rust-compiler-missing__aipoweredsearch": ("rust-compiler-missing", {}),
    "cmake-cuda-toolset-missing__cmake": ("cmake-cuda-toolset-missing", {"os": "Windows"}),
    "cmake-compiler-features-unknown__cmake": (
        "cmake-compiler-features-unknown",
        {"compiler": "MSVC", "language": "CXX", "os": "Windows"},
    ),
    "nvcc-extra-input-file__k2": ("nvcc-extra-input-file", {}),
    "cuda-toolkit-too-old-for-code__tfdocs": (
        "cuda-toolkit-too-old-for-code",
        {"function": "cublasGemmEx", "built_against": "libcublas.so.9.0"},
    ),
    "mpi-compiler-wrapper-missing__horovodsetup": (
        "mpi-compiler-wrapper-missing",
        {"wrapper": "mpicxx", "package": "horovod"},
    ),
    "llvm-config-missing__llvmlitebuild": ("llvm-config-missing", {"package": "llvmlite"}),
    "nvrtc-cuda-files-missing__cupydocs": (
        "nvrtc-cuda-files-missing",
        {"package": "cupy", "header": "cuda_fp16.h"},
    ),
    "pip-too-old-for-editable-pyproject__pip213": (
        "pip-too-old-for-editable-pyproject",
        {"path": "/home/user/project"},
    ),
    "pip-module-missing__a1111_2358": (
        "pip-module-missing",
        {"python": "E:\\StableDiffusion\\stable-diffusion-webui\\venv\\Scripts\\python.exe"},
    ),
    "hub-gated-model__xinferencedocs": ("hub-gated-model", {"repo": "meta-llama/Llama-2-7b-hf"}),
    "mkl-threading-layer-conflict__xinferencedocs": (
        "mkl-threading-layer-conflict",
        {"library": "libgomp-a34b3233.so.1"},
    ),
    "openmp-runtime-duplicate__ipexcmake": (
        "openmp-runtime-duplicate",
        {"library": "libomp.dylib", "already_loaded": "libiomp5.dylib"},
    ),
    "static-tls-exhausted__cumlci": (
        "static-tls-exhausted",
        {
            "library": "/opt/conda/envs/test/lib/python3.10/site-packages/cuml/internals/"
            "../../../.././libgomp.so.1"
        },
    ),
    "openmp-not-linked__ncnnfaqzh": ("openmp-not-linked", {"symbol": "__kmpc_for_static_init_4"}),
    "apple-clang-no-openmp__chatglm6bfaq": ("apple-clang-no-openmp", {"flag": "-fopenmp"}),
    "macos-developer-not-verified__localscore": ("macos-developer-not-verified", {}),
    "torchcodec-load-failed__opsource": (
        "torchcodec-load-failed",
        {"ffmpeg_supported": "4, 5, 6, 7"},
    ),
    "host-out-of-memory__fooocusdocs": ("host-out-of-memory", {}),
    "ctranslate2-compute-type-unsupported__openwebuidocs": (
        "ctranslate2-compute-type-unsupported",
        {"compute_type": "int8"},
    ),
    "rank-killed-by-signal__axolotldocs": ("rank-killed-by-signal", {"signal": 9}),
    "driver-installer-blocked__libvfio20": ("driver-installer-blocked", {"module": "nvidia-drm"}),
    "driver-installer-blocked__instagraal10": (
        "driver-installer-blocked",
        {"driver_version": "410.48"},
    ),
    "driver-installer-blocked__gpudrivercontainer44": (
        "driver-installer-blocked",
        {"module": "nvidia"},
    ),
    "driver-library-missing__sdcpp": ("driver-library-missing", {"library": "libcuda.so.1"}),
    "no-cuda-device__faster_rcnn_error38": ("no-cuda-device", {}),
    "no-cuda-device__comosvc": ("no-cuda-device", {}),
    "torch-extension-abi-mismatch__flash_attn_1691": (
        "torch-extension-abi-mismatch",
        {
            "extension": "flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so",
            "symbol": "_ZN3c105ErrorC2ENS_14SourceLocationENSt7__cxx1112basic_stringIcSt11char_"
            "traitsIcESaIcEEE",
        },
    ),
    "torch-extension-abi-mismatch__flash_attn_1612": (
        "torch-extension-abi-mismatch",
        {"extension": "flash_attn_2_cuda.cpython-311-x86_64-linux-gnu.so"},
    ),
    "container-cuda-requirement__petric2": (
        "container-cuda-requirement",
        {"image_cuda": "12.8", "driver_version": "551.78", "driver_max_cuda": "12.4"},
    ),
    "container-cuda-requirement__vitis": ("container-cuda-requirement", {"image_cuda": "10.0"}),
    "driver-api-missing__sglang": ("driver-api-missing", {"symbol": "cuGreenCtxDestroy"}),
    "driver-api-missing__pegainfer": ("driver-api-missing", {"symbol": "cuCtxCreate_v4"}),
    "cudnn-version-mismatch__kohya": (
        "cudnn-version-mismatch",
        {"torch_cudnn": "8.7.0", "loaded_cudnn": "8.2.4"},
    ),
    "cudnn-version-mismatch__gladia": (
        "cudnn-version-mismatch",
        {"torch_cudnn": "8.5.0", "loaded_cudnn": "8.4.1"},
    ),
    "cudnn-version-mismatch__fasterrcnn_old": (
        "cudnn-version-mismatch",
        {"torch_cudnn": "7.1.2", "loaded_cudnn": "7.6.0"},
    ),
    "glibc-version-missing__pytorch87279": (
        "glibc-version-missing",
        {
            "library": "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "missing_version": "GLIBCXX_3.4.30",
        },
    ),
    "glibc-version-missing__pirender": (
        "glibc-version-missing",
        {"missing_version": "GLIBCXX_3.4.29"},
    ),
    "glibc-version-missing__libtorch_centos7": (
        "glibc-version-missing",
        {"library": "/lib64/libm.so.6", "missing_version": "GLIBC_2.23"},
    ),
    "wheel-not-supported__fastai_mac": (
        "wheel-not-supported",
        {
            "wheel": "torch-1.0.0-cp37-cp37m-linux_x86_64.whl",
            "wheel_tags": "cp37 / cp37m / linux x86_64",
        },
    ),
    "wheel-not-supported__pytorch1096": (
        "wheel-not-supported",
        {"wheel_tags": "cp35 / cp35m / macos x86_64"},
    ),
    "wheel-not-supported__torchao_cp312": (
        "wheel-not-supported",
        {"wheel_tags": "cp312 / cp312 / windows x86_64"},
    ),
    "torch-not-found__jupyter": ("torch-not-found", {"jupyter": True}),
    "torch-not-found__windows": ("torch-not-found", {}),
    "torch-not-found__pytorch3389": ("torch-not-found", {}),
    "conda-solver-conflict__cpu": ("conda-solver-conflict", {"package": "pytorch-cpu"}),
    "conda-solver-conflict__demucs": ("conda-solver-conflict", {"package": "cudatoolkit"}),
    "conda-solver-conflict__hunyuan_python": (
        "conda-solver-conflict",
        {"python_version": "3.10.9"},
    ),
    "mps-unavailable__pytorch100879": ("mps-unavailable", {"macos_minimum": "12.3"}),
    "mps-unavailable__builtnotavailable": ("mps-unavailable", {}),
    "cuda-unknown-error__blossomnav": ("cuda-unknown-error", {}),
    "cuda-unknown-error__ollama5453": ("cuda-unknown-error", {}),
    "gradscaler-fp16-gradients__adaface127": ("gradscaler-fp16-gradients", {}),
    "map-location-not-callable__det3d45": (
        "map-location-not-callable",
        {"map_location_type": "int"},
    ),
    "dataloader-unpicklable__dmprps17": (
        "dataloader-unpicklable",
        {"object": "train_detector.<locals>.<lambda>"},
    ),
    "dgl-torch-mismatch__matgl635": ("dgl-torch-mismatch", {"torch": "2.4.0"}),
    "tch-libtorch-version__tchrs742": (
        "tch-libtorch-version",
        {"expected_torch": "2.0.0", "found_torch": "2.0.1"},
    ),
    "package-versions-out-of-step__distrifuser24": (
        "package-versions-out-of-step",
        {"importer": "diffusers", "package": "huggingface_hub", "name": "cached_download"},
    ),
    "cuda-unknown-error__chatglm_visible": (
        "cuda-unknown-error",
        {"sets_cuda_visible_devices": True},
    ),
    "cuda-unknown-error__encoding": ("cuda-unknown-error", {}),
    "nvml-init-assert__pytorch112950": ("nvml-init-assert", {}),
    "nvml-assert-out-of-memory__pytorch121899": ("nvml-assert-out-of-memory", {}),
    "nvml-assert-out-of-memory__opensora_mig": ("nvml-assert-out-of-memory", {}),
    "lightning-gpu-unavailable__vae": ("lightning-gpu-unavailable", {}),
    "lightning-gpu-unavailable__nemo_index": (
        "lightning-gpu-unavailable",
        {"requested": "[1]", "available": "[0]"},
    ),
    "ultralytics-cuda-unavailable__comic": (
        "ultralytics-cuda-unavailable",
        {"torch_version": "2.1.0+cpu"},
    ),
    "ultralytics-cuda-unavailable__aimbot": ("ultralytics-cuda-unavailable", {}),
    "cuda-library-symbol-mismatch__nccl1180": (
        "cuda-library-symbol-mismatch",
        {"library": "libtorch_cuda.so", "symbol": "ncclCommRegister", "provider": "NCCL"},
    ),
    "cuda-library-symbol-mismatch__cublaslt": (
        "cuda-library-symbol-mismatch",
        {"provider": "cuBLASLt", "symbol_version": "libcublasLt.so.11"},
    ),
    "extension-gcc-unsupported__fcos": ("extension-gcc-unsupported", {"newest_gcc": 6}),
    "extension-gcc-unsupported__xmrstak": ("extension-gcc-unsupported", {"newest_gcc": 8}),
    "cuda-home-missing__levelsetudf": ("cuda-home-missing", {}),
    "cuda-home-missing__rotate": ("cuda-home-missing", {}),
    "nvcc-missing__oscar_apex": ("nvcc-missing", {"nvcc_path": "/usr/local/cuda/bin/nvcc"}),
    "nvcc-missing__apex_colon": (
        "nvcc-missing",
        {"nvcc_path": ":/usr/local/cuda:/usr/local/cuda-10.1/bin/nvcc"},
    ),
    "llava-model-import-hidden__llava1034": (
        "llava-model-import-hidden",
        {"class": "LlavaLlamaForCausalLM"},
    ),
    "cxx-standard-too-old__triposr74": ("cxx-standard-too-old", {"missing_header": "string_view"}),
    "too-many-open-files__maskrcnn158": ("too-many-open-files", {}),
    "numpy-alias-removed__noisereduce102": ("numpy-alias-removed", {"alias": "np.float"}),
    "pip-killed__pytorch1022": ("pip-killed", {}),
    "pip-killed__kernl293": ("pip-killed", {}),
    "pip-externally-managed__comfyui3554": ("pip-externally-managed", {}),
    "download-certificate-failed__pytorch33292": (
        "download-certificate-failed",
        {"reason": "certificate has expired"},
    ),
    "download-certificate-failed__pytorch35880": ("download-certificate-failed", {}),
    "onnxruntime-cpu-package__g2pw1": (
        "onnxruntime-cpu-package",
        {"available_providers": "AzureExecutionProvider, CPUExecutionProvider"},
    ),
    "jax-jaxlib-mismatch__jax17638": (
        "jax-jaxlib-mismatch",
        {"jaxlib_version": "0.4.14", "jax_version": "0.4.6"},
    ),
    "ollama-no-gpu__claraverse49": ("ollama-no-gpu", {}),
    "gpu-unreachable__opengpukm387": ("gpu-unreachable", {"bus_id": "0000:0B:00.0"}),
    "gpu-watchdog-timeout__pytorch10853": ("gpu-watchdog-timeout", {"cuda_error": 702}),
    "gpu-ecc-error__semseg33": ("gpu-ecc-error", {"cuda_error": 214}),
    "gpu-ecc-error__deepfacelab89": ("gpu-ecc-error", {"cuda_error": 214}),
    "numpy-abi-mismatch__meteors20": (
        "numpy-abi-mismatch",
        {"module": "torch", "numpy_version": "2.0.0"},
    ),
    "numpy-abi-mismatch__torchio1183": (
        "numpy-abi-mismatch",
        {"module": "torch", "numpy_version": "2.0.0"},
    ),
    "numpy-abi-mismatch__openfl999": ("numpy-abi-mismatch", {}),
    "paddle-gpu-arch-unsupported__ppdet8873": (
        "paddle-gpu-arch-unsupported",
        {"gpu_architecture": "Pascal", "paddle_arch": "70 75 80 86"},
    ),
    "xformers-torch-mismatch__xformers874": (
        "xformers-torch-mismatch",
        {"xformers_torch": "2.0.1", "torch_version": "2.1.0+cu121"},
    ),
    "ipex-torch-mismatch__vllm17225": (
        "ipex-torch-mismatch",
        {"ipex_torch": "2.6", "torch_version": "2.7.0+cpu"},
    ),
    "xpu-fp64-unsupported__ipexdpcpp": ("xpu-fp64-unsupported", {}),
    "llvm-numeric-locale__numbacodegen": ("llvm-numeric-locale", {}),
    "wsl-setup-failed__wslsystemd": ("wsl-setup-failed", {"option": "--version"}),
    "wsl-setup-failed__wslvmp": ("wsl-setup-failed", {"error_code": "0x80370102"}),
    "mmcv-ext-missing__mmcv2059": ("mmcv-ext-missing", {}),
    "mmcv-ext-missing__semiuir": ("mmcv-ext-missing", {}),
    "bitsandbytes-no-gpu__tallrec": ("bitsandbytes-no-gpu", {}),
    "bitsandbytes-no-gpu__deepke_windows": ("bitsandbytes-no-gpu", {"windows": True}),
    "nccl-shm-exhausted__nccl290": ("nccl-shm-exhausted", {}),
    "nccl-shm-exhausted__nccl342": ("nccl-shm-exhausted", {}),
    "dataloader-shm-exhausted__reppoints18": ("dataloader-shm-exhausted", {}),
    "nccl-not-built__llama2_accessory": ("nccl-not-built", {}),
    "nccl-not-built__dreambooth": ("nccl-not-built", {"os": "Windows"}),
    "nccl-collective-mismatch__nccl969": (
        "nccl-collective-mismatch",
        {"local": 496640, "remote": 65536},
    ),
    "wsl-libcuda-link__wsl5663": ("wsl-libcuda-link", {"library": "libcuda.so.1"}),
    "cufft-internal-error__pytorch89556": (
        "cufft-internal-error",
        {"gpu": "RTX 4090", "build_cuda": "11.6", "needs_cuda": "11.8"},
    ),
    "cudnn-no-engine__anydoor104": ("cudnn-no-engine", {"mode": "GET"}),
    "docker-gpus-flag-unknown__gpumon112": ("docker-gpus-flag-unknown", {}),
    "docker-daemon-unreachable__dockercli": (
        "docker-daemon-unreachable",
        {"host": "unix:///var/run/docker.sock"},
    ),
    "docker-daemon-unreachable__dockerclisock": ("docker-daemon-unreachable", {}),
    "container-gpu-unsupported__transformer_deploy175": (
        "container-gpu-unsupported",
        {"gpu": "GeForce RTX 4090", "compute_capability": "8.9"},
    ),
    # torch's shared-memory file for a tensor a worker passes on: /dev/shm full.
    "dataloader-shm-exhausted__eslam20": ("dataloader-shm-exhausted", {}),
    # torch.save onto a full disk: no sign of shared memory.
    "no-space-left__dolly139": ("no-space-left", {}),
    "extension-uses-thc__zooming74": (
        "extension-uses-thc",
        {"thc": "THC/THC.h", "removed_in": "1.11"},
    ),
    "extension-uses-thc__xtemporal18": (
        "extension-uses-thc",
        {"thc": "THCState_getCurrentStream", "removed_in": "1.5"},
    ),
    "device-mismatch__traphic": ("device-mismatch", {"a": "cuda:0", "b": "cpu"}),
    "matmul-shape-mismatch__udacity396": (
        "matmul-shape-mismatch",
        {"input_features": "7", "layer_in_features": "25088"},
    ),
    "device-mismatch__fluxtrainer": (
        "device-mismatch",
        {"arg": "mat1", "method": "wrapper_CUDA_addmm"},
    ),
    "half-on-cpu__visualglm": ("half-on-cpu", {"operation": "addmm_impl_cpu_"}),
    "half-on-cpu__transformers27769": ("half-on-cpu", {"dtype": "Half"}),
    "cuda-checkpoint-on-cpu__cutie": ("cuda-checkpoint-on-cpu", {}),
    "cuda-checkpoint-on-cpu__e2vid": ("cuda-checkpoint-on-cpu", {}),
    "cuda-fork-reinit__pycls": ("cuda-fork-reinit", {}),
    "cuda-fork-reinit__fengshenbang": ("cuda-fork-reinit", {}),
    "illegal-memory-access__tegnas": ("illegal-memory-access", {}),
    "illegal-memory-access__adetailer": ("illegal-memory-access", {}),
    "index-out-of-range__keqa": ("index-out-of-range", {}),
    "index-out-of-range__allennlp2928": ("index-out-of-range", {}),
    "index-out-of-range__rtorch220": ("index-out-of-range", {}),
    "extension-arch-unknown-to-torch__propainter21": (
        "extension-arch-unknown-to-torch",
        {
            "gpu_arch": "sm_86",
            "gpu_capability": "8.6",
            "architecture": "Ampere",
            # sm_80 code (CUDA 11.0) runs on 8.6, but nvcc compiles for sm_86 from 11.1 on.
            "first_cuda_for_arch": "11.1",
        },
    ),
    "container-without-gpu__panopticseg": ("container-without-gpu", {}),
    "container-without-gpu__nvdocker1071": ("container-without-gpu", {}),
    "driver-library-missing__cudf_wsl": ("driver-library-missing", {"library": "libcuda.so"}),
    "driver-library-missing__cudarc_wsl": ("driver-library-missing", {"library": "libcuda.so"}),
    "cuda-version-mismatch-build__autoalign": (
        "cuda-version-mismatch-build",
        {"system_cuda": "11.8", "torch_cuda": "12.4"},
    ),
    "torchvision-ops-missing__vllm5736": (
        "torchvision-ops-missing",
        {"operator": "torchvision::nms"},
    ),
    "torchvision-ops-missing__vision1405": (
        "torchvision-ops-missing",
        {"operator": "torchvision::nms"},
    ),
    "container-toolkit-missing__llamafactory5268": (
        "container-toolkit-missing",
        {"device_driver": ""},
    ),
    "container-toolkit-missing__ragflow9573": (
        "container-toolkit-missing",
        {"device_driver": "nvidia"},
    ),
    "container-toolkit-missing__3dgrut71": ("container-toolkit-missing", {"runtime": "nvidia"}),
    "container-host-driver__nvtoolkit260": (
        "container-host-driver",
        {"runtime_error": "nvml error: driver not loaded"},
    ),
    "container-host-driver__forwin13835": ("container-host-driver", {}),
    "container-gpu-lost__nvtoolkit1227": ("container-gpu-lost", {}),
    "container-device-missing__cbiocluster389": (
        "container-device-missing",
        {"device": "/dev/nvidia-uvm"},
    ),
    "container-device-missing__dockerwinesteam15": (
        "container-device-missing",
        {"device": "/dev/nvidia-uvm"},
    ),
    "torch-companion-cuda-mismatch__whisperx320": (
        "torch-companion-cuda-mismatch",
        {"package": "torchvision", "torch_cuda": "11.7", "torchvision_cuda": "11.8"},
    ),
    "torch-companion-cuda-mismatch__deforum348": (
        "torch-companion-cuda-mismatch",
        {"torch_cuda": "12.1", "torchvision_cuda": "11.8"},
    ),
    "gptq-kernels-not-installed__autogptq246": (
        "gptq-kernels-not-installed",
        {"kernel": "exllama", "package": "auto-gptq"},
    ),
    "cupy-not-installed-correctly__cupy8227": (
        "cupy-not-installed-correctly",
        {
            "original_error": "ImportError: libcudart.so.12: cannot open shared object file: "
            "No such file or directory",
            "missing_library": "libcudart.so.12",
        },
    ),
    "deepspeed-op-precompile-failed__deepspeed2066": (
        "deepspeed-op-precompile-failed",
        {
            "package": "deepspeed",
            "op": "sparse_attn",
            "disable_with": "DS_BUILD_SPARSE_ATTN=0",
            "builder_warning": "please install triton==1.0.0 if you want to use sparse attention",
        },
    ),
    "pyg-extension-cuda-mismatch__pyg1213": (
        "pyg-extension-cuda-mismatch",
        {"package": "torch_sparse", "torch_cuda": "10.1", "torch_sparse_cuda": "10.2"},
    ),
    "extension-built-without-cuda__detectron2_3898": (
        "extension-built-without-cuda",
        {"package": "detectron2"},
    ),
    # PyTorch 1.x's "(<function> at <file>:<line>)" suffix: the path names the package.
    "extension-built-without-cuda__rrpn14": (
        "extension-built-without-cuda",
        {"package": "maskrcnn_benchmark"},
    ),
    "jax-cuda-backend-failed__rfdiffusion208": (
        "jax-cuda-backend-failed",
        {"library": "CUDA", "found": "12.1", "built": "12.2"},
    ),
    "jax-cuda-backend-failed__direjax14": ("jax-cuda-backend-failed", {}),
    "jax-cuda-backend-failed__jaxfeedstock149": (
        "jax-cuda-backend-failed",
        {"library": "cuDNN", "found": "8.9.7", "built": "8.9.7", "minimum": "9.1.0"},
    ),
    "jax-cuda-backend-failed__jax20519": (
        "jax-cuda-backend-failed",
        {"library": "cuDNN", "missing": True},
    ),
    "tensorflow-gpu-libraries-missing__tf49022": ("tensorflow-gpu-libraries-missing", {}),
    "tensorflow-gpu-libraries-missing__deepface739": ("tensorflow-gpu-libraries-missing", {}),
    # TensorFlow's loader names the missing libraries before its summary: those come first.
    "cuda-library-missing__behaviormetrics385": (
        "cuda-library-missing",
        # cuSOLVER numbers itself (CUDA 12 ships libcusolver.so.11): no CUDA major from it.
        {"library": "libcusolver.so.11"},
    ),
    "extension-built-without-cuda__facechain18": (
        "extension-built-without-cuda",
        {"package": "mmcv", "op": "nms_impl"},
    ),
    "cuda-launch-failure__pytorch2567": ("cuda-launch-failure", {}),
    "cuda-launch-failure__agentscheduler201": ("cuda-launch-failure", {}),
    "checkpoint-file-corrupt__stablediffusion93": ("checkpoint-file-corrupt", {}),
    "checkpoint-file-corrupt__pix2pixhd243": ("checkpoint-file-corrupt", {}),
    "torch-too-old-for-code__pytorch90137": (
        "torch-too-old-for-code",
        {"api": "compile", "since": "2.0"},
    ),
    "torch-too-old-for-code__manigaussian42": (
        "torch-too-old-for-code",
        {"api": "compiler", "since": "2.1"},
    ),
    "torch-too-old-for-code__acceleratefsdp2": (
        "torch-too-old-for-code",
        {"since": "2.6.0"},
    ),
    "torch-too-old-for-code__acceleratemps": ("torch-too-old-for-code", {"since": "2.6.0"}),
    "library-requires-missing-package__accelerate369": (
        "library-requires-missing-package",
        {"package": "deepspeed"},
    ),
    "library-requires-missing-package__acceleratetqdm": (
        "library-requires-missing-package",
        {"package": "tqdm"},
    ),
    "library-requires-newer-package__accelerate377": (
        "library-requires-newer-package",
        {"package": "deepspeed", "minimum": "0.9.3"},
    ),
    "library-requires-newer-package__acceleratetp": (
        "library-requires-newer-package",
        {"package": "transformers", "minimum": "4.52.0"},
    ),
    "uv-requirements-unsatisfiable__uvlock": (
        "uv-requirements-unsatisfiable",
        {"pins": ["sortedcontainers==2.3.0", "sortedcontainers==2.4.0"]},
    ),
    "uv-requirements-unsatisfiable__pixiconstraint": (
        "uv-requirements-unsatisfiable",
        {"conda_pin": "typing-extensions==4.15.0"},
    ),
    "pdm-resolution-conflict__pdmpython": ("pdm-resolution-conflict", {}),
    "conda-strict-channel-priority__rattler": (
        "conda-strict-channel-priority",
        {"package": "pytorch-cpu", "channel": "https://conda.anaconda.org/pytorch/"},
    ),
    "torch-shadowed-by-local-file__uformer62": ("torch-shadowed-by-local-file", {}),
    "torch-shadowed-by-local-file__uformer61": ("torch-shadowed-by-local-file", {}),
    "cuda-not-available__pytorch85332": ("cuda-not-available", {}),
    "cuda-not-available__yolov10_218": ("cuda-not-available", {}),
    "download-timed-out__pytorch124566": ("download-timed-out", {}),
    "download-timed-out__sdwebui15554": ("download-timed-out", {}),
    "download-hash-mismatch__textgen4414": ("download-hash-mismatch", {}),
    "download-hash-mismatch__voicepro47": ("download-hash-mismatch", {}),
    "install-disk-full__steamship57": ("install-disk-full", {}),
    "install-disk-full__vllm2216": ("install-disk-full", {}),
    "mps-unavailable__pytorch96066": (
        "mps-unavailable",
        {"container": "Docker Desktop (linuxkit)"},
    ),
    "conda-package-not-found__3ddfa133": (
        "conda-package-not-found",
        {"conda_names": {"torch": "pytorch"}},
    ),
    "device-side-assert__paddleocr8932": ("device-side-assert", {"classes": 7, "label": 10}),
    "device-side-assert__paddleclas389": ("device-side-assert", {"classes": 5, "label": 5}),
    "cublas-status-error__pointgroup50": ("cublas-status-error", {}),
    "cxx-runtime-symbol-missing__conda10757": (
        "cxx-runtime-symbol-missing",
        {"symbol": "_ZSt28__throw_bad_array_new_lengthv"},
    ),
    "extension-gcc-unsupported__genn58": (
        "extension-gcc-unsupported",
        {"host_compiler": "Apple clang"},
    ),
    "extension-gcc-unsupported__cccl7": (
        "extension-gcc-unsupported",
        {"host_compiler": "clang", "clang_below": 10},
    ),
    "torch-not-compiled-with-cuda__dreamcreator21": (
        "torch-not-compiled-with-cuda",
        {"gpu_vendor": "AMD"},
    ),
    "torch-not-compiled-with-cuda__openoasis10": (
        "torch-not-compiled-with-cuda",
        {"gpu_vendor": "AMD"},
    ),
    "dgl-cpu-build__graphmae9": ("dgl-cpu-build", {}),
    "dgl-cpu-build__dgl5622": ("dgl-cpu-build", {}),
    "cuda-init-failed__whisperwebui279": ("cuda-init-failed", {"cuda_error": 500}),
    "cuda-init-failed__comfyuidocker74": ("cuda-init-failed", {"cuda_error": 500}),
    "windows-dll-load-failed__ortgenai97": (
        "windows-dll-load-failed",
        {"module": "onnxruntime_genai"},
    ),
    "nvidia-smi-no-devices__opengpu862": (
        "nvidia-smi-no-devices",
        {"kernel_log": "RmInitAdapter failed"},
    ),
    "setuptools-pkg-resources__colbert350": ("setuptools-pkg-resources", {}),
    "setuptools-pkg-resources__flashinfer319": ("setuptools-pkg-resources", {}),
    "torch-companion-missing__pytorch12525": (
        "torch-companion-missing",
        {"package": "torchvision"},
    ),
    "torch-companion-missing__jetsoninference1087": (
        "torch-companion-missing",
        {"package": "torchvision"},
    ),
    "flash-attn-missing__deepseekmoe24": ("flash-attn-missing", {}),
    "flash-attn-missing__emu3_21": ("flash-attn-missing", {}),
    "triton-missing__chattts184": ("triton-missing", {}),
    "triton-missing__triton4034": ("triton-missing", {}),
    "mps-out-of-memory__comfyui8984": (
        "mps-out-of-memory",
        {"allocated": "15.72 GiB", "max_allowed": "18.13 GiB"},
    ),
    "mps-out-of-memory__surya254": ("mps-out-of-memory", {"allocated": "7.23 GB"}),
    "onnxruntime-cuda-unavailable__ort21769": (
        "onnxruntime-cuda-unavailable",
        {"onnxruntime_cudnn_major": 9, "onnxruntime_cuda_major": 12},
    ),
    "binary-wrong-architecture__invokeai2152": (
        "binary-wrong-architecture",
        {"binary_arch": "x86_64", "process_arch": "arm64"},
    ),
    "shared-library-missing__yolov5_2897": ("shared-library-missing", {"library": "libGL.so.1"}),
    "pkg-config-package-missing__pkgconf": (
        "pkg-config-package-missing",
        {"pc_package": "boguspkg"},
    ),
    "pip-dependency-conflict__lorascripts375": (
        "pip-dependency-conflict",
        {
            "requested": ["torch==2.2.1+cu118"],
            "requires": ["torchvision 0.16.1+cu118 -> torch==2.1.1+cu118"],
        },
    ),
    "pip-dependency-conflict__comfyui_pmrf11": (
        "pip-dependency-conflict",
        {"requires": ["torchvision 0.19.1 -> torch==2.4.1"], "installed_torch": "2.5.1"},
    ),
    "conda-package-not-found__openvoice83": (
        "conda-package-not-found",
        {"packages": ["cudatoolkit=11.7"], "platform": "win-64"},
    ),
    "nvcc-arch-unsupported__foundationpose19": (
        "nvcc-arch-unsupported",
        {"gpu_arch": "compute_89", "gpu_capability": "8.9", "architecture": "Ada"},
    ),
    "ninja-missing__unifiedparsing12": ("ninja-missing", {}),
    "package-module-missing__pytorch102410": (
        "package-module-missing",
        {"module": "torch._six", "package": "torch", "removed_in": "torch 2.0"},
    ),
    "own-installer-package-missing__pytorch3d37": (
        "own-installer-package-missing",
        {"package": "pytorch3d"},
    ),
    "pip-cuda-variant-not-published__cumm17": (
        "pip-cuda-variant-not-published",
        {"requirement": "cumm-cu114", "package": "cumm", "cuda": "11.4"},
    ),
    "msvc-build-tools-missing__pytorchparallel3": ("msvc-build-tools-missing", {}),
    "python-headers-missing__fcos71": ("python-headers-missing", {"header": "Python.h"}),
    "extension-not-built__detectron2_538": (
        "extension-not-built",
        {
            "module": "_C",
            "package": "detectron2",
            "imported_from": "/home/nls1/tmp/detectron2/detectron2/__init__.py",
        },
    ),
    "app-gpu-check-failed__sdwebui9402": ("app-gpu-check-failed", {}),
    "app-gpu-check-failed__dynamo391": ("app-gpu-check-failed", {}),
    "accelerate-missing__qwen173": ("accelerate-missing", {}),
    "cpm-kernels-cuda-missing__kolorsmz14": (
        "cpm-kernels-cuda-missing",
        {"library": "cublasLt", "stray_cudart": "PhysX"},
    ),
    "cpm-kernels-cuda-missing__chatglm465": ("cpm-kernels-cuda-missing", {"library": "cublasLt"}),
    "dataloader-worker-died__detectron2384": ("dataloader-worker-died", {}),
    "mps-op-unsupported__h2ogpt": (
        "mps-op-unsupported",
        {"operator": "cumsum", "dtype": "int64"},
    ),
    "torch-device-type-unknown__rasbtnotes": ("torch-device-type-unknown", {"device_type": "mps"}),
    "libcuda-link-missing__triton": ("libcuda-link-missing", {}),
    "tensor-truth-ambiguous__ddanet": ("tensor-truth-ambiguous", {}),
    "cuda-call-with-cpu-device__resnetgpt": ("cuda-call-with-cpu-device", {}),
    "tcnn-arch-missing__tcnn": ("tcnn-arch-missing", {"gpu_capability": "75"}),
    "pip-package-not-on-pypi__vgllm": ("pip-package-not-on-pypi", {"package": "pytorch3d"}),
    "cxx-runtime-symbol-missing__pytorch3d": ("cxx-runtime-symbol-missing", {}),
    "tcnn-arch-missing__nerfstudio": ("tcnn-arch-missing", {}),
    "library-built-without-gpu__opencvpython398": (
        "library-built-without-gpu",
        {"library": "opencv"},
    ),
    "library-built-without-gpu__gpuflow11": ("library-built-without-gpu", {"library": "opencv"}),
    "library-built-without-gpu__opencv20706": (
        "library-built-without-gpu",
        {"library": "opencv_arch"},
    ),
    "library-built-without-gpu__lightgbm3696": (
        "library-built-without-gpu",
        {"library": "lightgbm"},
    ),
    "library-built-without-gpu__deepcluster56": ("library-built-without-gpu", {"library": "faiss"}),
    "library-built-without-gpu__faiss990": ("library-built-without-gpu", {"library": "faiss"}),
    "library-built-without-gpu__mxnet3739": ("library-built-without-gpu", {"library": "mxnet"}),
    "thinc-gpu-not-accessible__thinc467": ("thinc-gpu-not-accessible", {"package": "thinc"}),
    "thinc-gpu-not-accessible__spacy3496": ("thinc-gpu-not-accessible", {"package": "thinc"}),
    "package-not-installed__fastchat335": ("package-not-installed", {"package": "transformers"}),
    "module-not-found__uvscript": ("module-not-found", {"module": "rich"}),
    "module-not-found__icefall": ("module-not-found", {"module": "icefall"}),
    "module-not-found__instantngp": ("module-not-found", {"module": "pyngp"}),
    "python-too-old-for-code__pep604": ("python-too-old-for-code", {"python_needed": "3.10"}),
    "xla-ptxas-too-old__jax10083": (
        "xla-ptxas-too-old",
        {"ptxas_version": "9.2.148", "ptxas_needed": "11.1"},
    ),
    "xla-ptxas-too-old__xla5932": ("xla-ptxas-too-old", {}),
    "pip-requirements-conflict__asciiart208": (
        "pip-requirements-conflict",
        {"requested": ["numpy==2.1.2", "numpy==2.1.1"]},
    ),
    "posix-env-syntax-on-windows__privategpt1291": (
        "posix-env-syntax-on-windows",
        {"variable": "CMAKE_ARGS"},
    ),
    "fp8-matmul-unsupported__cogvideo": ("fp8-matmul-unsupported", {}),
    "fp8-matmul-unsupported__comfyui": ("fp8-matmul-unsupported", {"needs_capability": "9.0"}),
    "vllm-kv-cache-too-small__qwen295": (
        "vllm-kv-cache-too-small",
        {"max_seq_len": 32768, "kv_cache_tokens": 7344},
    ),
    "llama-cpp-gpu-too-old__ollama1992": (
        "llama-cpp-gpu-too-old",
        {"gpu_capability": "5.2", "architecture": "Maxwell"},
    ),
    "extension-build-sees-no-cuda__gaussiansplatting748": (
        "extension-build-sees-no-cuda",
        {"cuda_home": "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v11.8"},
    ),
    "windows-dll-load-failed__webui11302": ("windows-dll-load-failed", {}),
    "unsloth-cuda-not-linked__llamafactory2025": ("unsloth-cuda-not-linked", {}),
    "ctranslate2-cuda-library-missing__whisperct2_74": (
        "ctranslate2-cuda-library-missing",
        {"library": "libcublas.so.11", "ctranslate2_cuda_major": 11},
    ),
    "spconv-cpu-build__spconvplus5": ("spconv-cpu-build", {}),
    "shared-library-symbol-missing__detectron346": (
        "shared-library-symbol-missing",
        {"library": "/usr/local/lib/libcaffe2_detectron_ops_gpu.so"},
    ),
    "accelerate-missing__comfyui6685": ("accelerate-missing", {"accelerate_minimum": "0.26.0"}),
    # DeepSpeed, Accelerate, diffusers and transformers wordings.
    "cuda-version-mismatch-build__mgm91": (
        "cuda-version-mismatch-build",
        {"system_cuda": "12.2", "torch_cuda": "11.7"},
    ),
    "ninja-missing__inforag7": ("ninja-missing", {}),
    "cuda-plugin-build-failed__mat8": ("cuda-plugin-build-failed", {"plugin": "upfirdn2d"}),
    "gl-library-link-missing__mve580": ("gl-library-link-missing", {"library": "libGL.so"}),
    "shared-library-missing__darknet2265": (
        "shared-library-missing",
        {"library": "libdarknet.so", "path": "./libdarknet.so"},
    ),
    "bat-run-from-system32__fooocus1354": (
        "bat-run-from-system32",
        {"path": ".\\python_embeded\\python.exe", "working_folder": "C:\\Windows\\System32"},
    ),
    "gpu-too-old-for-feature__kohya2080": ("gpu-too-old-for-feature", {"feature": "bf16"}),
    "app-gpu-check-failed__kohya1890": ("app-gpu-check-failed", {}),
    "app-gpu-check-failed__funmusic30": ("app-gpu-check-failed", {}),
    "accelerate-missing__indextts102": ("accelerate-missing", {}),
    "transformers-too-old-for-model__extramodels114": (
        "transformers-too-old-for-model",
        {"model_type": "gemma2"},
    ),
    "package-version-required__hunyuan3dwin105": (
        "package-version-required",
        {"package": "tokenizers", "found": "0.21.4"},
    ),
    "transformers-needs-newer-torch__minimind588": (
        "transformers-needs-newer-torch",
        {"torch_minimum": "2.1", "torch_found": "2.0.1"},
    ),
    "mmcv-version-incompatible__mmdet12312": (
        "mmcv-version-incompatible",
        {"mmcv_version": "2.2.0", "mmcv_required": "mmcv>=2.0.0rc4, <2.2.0"},
    ),
    "pip-no-matching-torch__uv8746": (
        "pip-no-matching-torch",
        {"tag_kind": "platform", "machine_tag": "macosx_15_0_x86_64"},
    ),
    "conda-solver-conflict__school2022": (
        "conda-solver-conflict",
        {"package": "pytorch-1.11.0-cuda102py310hdf4a2db_202"},
    ),
    "bitsandbytes-no-gpu__bnb427": (
        "bitsandbytes-no-gpu",
        {"library": "libbitsandbytes_cuda121.so"},
    ),
    "cuda-home-missing__pointnet2_181": ("cuda-home-missing", {"header": "cuda_runtime.h"}),
    "torch-library-missing__pantry2226": ("torch-library-missing", {"library": "libc10.dylib"}),
    "dtype-mismatch__scarches195": ("dtype-mismatch", {}),
    "autograd-inplace-modified__lio9": ("autograd-inplace-modified", {}),
    "autograd-no-grad-fn__arcface56": ("autograd-no-grad-fn", {}),
    "autograd-backward-twice__handgraph55": ("autograd-backward-twice", {}),
    "autograd-nonscalar-backward__sparseneus42": ("autograd-nonscalar-backward", {}),
    "autograd-leaf-inplace__sparsellm13": ("autograd-leaf-inplace", {}),
    "autograd-inference-tensor__unsloth2434": ("autograd-inference-tensor", {}),
    "tensor-to-numpy__fastreid509": ("tensor-to-numpy", {}),
    "view-not-contiguous__examples836": ("view-not-contiguous", {}),
    "broadcast-shape-mismatch__promptcblue11": ("broadcast-shape-mismatch", {}),
    "reshape-invalid__pytorch38469": ("reshape-invalid", {}),
    "conv-input-mismatch__unet3plus19": ("conv-input-mismatch", {}),
    "concat-size-mismatch__simpletuner59": ("concat-size-mismatch", {}),
    "dimension-out-of-range__sphereface3": ("dimension-out-of-range", {}),
    "input-smaller-than-kernel__singan28": ("input-smaller-than-kernel", {}),
    "batch-size-mismatch__questiongen4": ("batch-size-mismatch", {}),
    "state-dict-mismatch__deepthinking5": ("state-dict-mismatch", {}),
    "torch-load-weights-only__forecasting1998": ("torch-load-weights-only", {}),
    "torch-load-weights-only__operand118": ("torch-load-weights-only", {}),
    "nccl-p2p-unsupported__raylightning24": ("nccl-p2p-unsupported", {}),
    "nccl-no-gpu__stcn14": ("nccl-no-gpu", {}),
    "torch-without-libuv__fluxgym302": ("torch-without-libuv", {}),
    "distributed-port-in-use__tuneavideo90": ("distributed-port-in-use", {}),
    "distributed-connection-failed__vllm19670": ("distributed-connection-failed", {}),
    "distributed-timeout__basicsr737": ("distributed-timeout", {}),
    "distributed-timeout__ofa271_old": ("distributed-timeout", {}),
    "ddp-unused-parameters__yolox885": ("ddp-unused-parameters", {}),
    # Forms of the CUDA error table (envdoctor/explain/cuda_errors.py).
    "cuda-stub-library__numba_cmd": ("cuda-stub-library", {"cuda_error": 34}),
    "cuda-stub-library__xmake_trt": ("cuda-stub-library", {"cuda_error": 34}),
    "cuda-devices-unavailable__pytorch100691": ("cuda-devices-unavailable", {"cuda_error": 46}),
    "cuda-devices-unavailable__pytorch2704": ("cuda-devices-unavailable", {"cuda_error": 46}),
    "cuda-invalid-device-ordinal__pick101": (
        "cuda-invalid-device-ordinal",
        {"cuda_error": 101, "device_requests": ["--nproc_per_node=4", "CUDA_VISIBLE_DEVICES=1,2"]},
    ),
    "cuda-invalid-device-ordinal__simxns": ("cuda-invalid-device-ordinal", {"cuda_error": 101}),
    "cuda-driver-insufficient__tensorrt_inference173": ("cuda-driver-insufficient", {}),
    "ptx-unsupported-toolchain__tensorrt1052": ("ptx-unsupported-toolchain", {}),
    "cuda-init-failed__numba7187_802": ("cuda-fabric-manager-not-running", {"cuda_error": 802}),
    "windows-paging-file-too-small__tianshou527": (
        "windows-paging-file-too-small",
        {"dll": "caffe2_detectron_ops_gpu.dll"},
    ),
    "windows-paging-file-too-small__weclip": (
        "windows-paging-file-too-small",
        {"dll": "cudnn_cnn_infer64_8.dll"},
    ),
    "gpu-too-old-for-feature__fastchat399": ("gpu-too-old-for-feature", {"feature": "bf16"}),
    "gpu-too-old-for-feature__vllm1157": (
        "gpu-too-old-for-feature",
        {"feature": "bf16", "gpu": "Tesla T4", "gpu_capability": "7.5", "architecture": "Turing"},
    ),
    "gpu-too-old-for-feature__nnunet2349": (
        "gpu-too-old-for-feature",
        {"required_capability": "7.0", "gpu_capability": "6.1", "architecture": "Pascal"},
    ),
    "gpu-too-old-for-feature__vllm8189": (
        "gpu-too-old-for-feature",
        {"feature": "flash-attention", "required_capability": "8.0"},
    ),
    "gpu-too-old-for-feature__gollie5": ("gpu-too-old-for-feature", {"feature": "bf16"}),
    # FFmpeg's NVENC check: the build's API against the driver's, the floor from the matrix.
    # OpenCL platforms without devices, and hashcat's CUDA toolkit checks.
    "opencl-no-device__hashcat1473": ("opencl-no-device", {"hashcat": "4.0.1"}),
    "opencl-no-device__hashcat1207": ("opencl-no-device", {"no_platform": True}),
    "hashcat-cuda-toolkit__hashcat2126": ("hashcat-cuda-toolkit", {}),
    "hashcat-cuda-toolkit__hashcat2722": ("hashcat-cuda-toolkit", {}),
    "macos-too-old-for-binary__codon72": (
        "macos-too-old-for-binary",
        {"library": "/usr/lib/libc++.1.dylib", "built_for_macos": "12.0"},
    ),
    "package-no-wheel-for-platform__uv12620": (
        "package-no-wheel-for-platform",
        {"package": "markupsafe", "index": "pytorch"},
    ),
    "package-no-wheel-for-platform__uv9647": (
        "package-no-wheel-for-platform",
        {"package": "markupsafe", "index": "pytorch"},
    ),
    "triton-c-compiler-missing__sageattention7": ("triton-c-compiler-missing", {"windows": True}),
    "triton-c-compiler-missing__nnunet2268": ("triton-c-compiler-missing", {}),
    "conda-channel-not-mirrored__acezero28": (
        "conda-channel-not-mirrored",
        {"channel": "nvidia", "mirror": "tuna"},
    ),
    "tensorrt-engine-version-mismatch__fastmot127": (
        "tensorrt-engine-version-mismatch",
        {"engine_serialization": "97", "runtime_serialization": "96"},
    ),
    "tensorrt-engine-version-mismatch__samtrt2": (
        "tensorrt-engine-version-mismatch",
        {"engine_serialization": "232", "runtime_serialization": "213"},
    ),
    "cudnn-zlib-missing__refacer35": ("cudnn-zlib-missing", {"library": "zlibwapi.dll"}),
    "cudnn-zlib-missing__yolodotnet18": ("cudnn-zlib-missing", {"library": "zlibwapi.dll"}),
    "apptainer-nv-no-driver__singularity5837": ("apptainer-nv-no-driver", {}),
    "nvenc-driver-too-old__handbrake5641": (
        "nvenc-driver-too-old",
        {"required_nvenc_api": "12.1", "driver_nvenc_api": "12.0", "min_driver": "531.61"},
    ),
    "nvenc-driver-too-old__danmakurender239": (
        "nvenc-driver-too-old",
        {"required_nvenc_api": "12.2", "min_driver_windows": "551.76", "os": "windows"},
    ),
    "nvenc-library-missing__vsgan42": (
        "nvenc-library-missing",
        {"library": "libnvidia-encode.so.1", "container": True},
    ),
    "nvenc-library-missing__videolingo406": (
        "nvenc-library-missing",
        {"driver_version": "570.86.16", "driver_nvenc_api": "13.0", "container": True},
    ),
    "nvenc-library-missing__jumpcutter188": (
        "nvenc-library-missing",
        {"library": "nvEncodeAPI64.dll"},
    ),
    "nvenc-session-limit__viseron539": ("nvenc-session-limit", {"nvenc_status": 10}),
    "nvenc-session-limit__vpf501": ("nvenc-session-limit", {"nvenc_status": 10}),
    "cuda-library-link-missing__darknet7535": (
        "cuda-library-link-missing",
        {"library": "libcudart.so"},
    ),
    "spawn-without-main-guard__prohmr11": ("spawn-without-main-guard", {}),
    "spawn-without-main-guard__tinkerhub80": ("spawn-without-main-guard", {}),
    "cuda-library-link-missing__tensorrtx822": (
        "cuda-library-link-missing",
        {"library": "libcudart.so"},
    ),
    "tensorrt-library-missing__trtdemos517": (
        "tensorrt-library-missing",
        {"library": "libnvinfer.so.8", "tensorrt_version": "8"},
    ),
    "tensorflow-native-runtime-failed__tensorflow91702": (
        "tensorflow-native-runtime-failed",
        {"runtime": "TensorFlow"},
    ),
    "numba-nvvm-missing__pointrcnn208": ("numba-nvvm-missing", {"library": "NVVM"}),
    "opencl-headers-missing__fastfetch281": ("opencl-headers-missing", {"header": "CL/cl.h"}),
    "nvidia-smi-nvml-missing__fasterliveportrait8": (
        "nvidia-smi-nvml-missing",
        {"library": "libnvidia-ml.so.1"},
    ),
    # The pinned release is among those pip skipped for their Requires-Python.
    "package-python-unsupported__firelemon3": (
        "package-python-unsupported",
        {"package": "accuweather", "pythons_accepted": "3.10 or newer"},
    ),
    # A source checkout of bitsandbytes that was never built.
    "bitsandbytes-native-library-missing__bnb1281": (
        "bitsandbytes-native-library-missing",
        {"library": "libbitsandbytes_cpu.so", "source_checkout": True},
    ),
    "dgl-tensoradapter-missing__dgl3705": ("dgl-tensoradapter-missing", {"torch": "1.10.1"}),
    "poetry-python-range-incompatible__ecoute42": (
        "poetry-python-range-incompatible",
        {"package": "torch", "project_python": ">=3.0,<4.0"},
    ),
    "model-offloaded-to-disk__accelerate": ("model-offloaded-to-disk", {}),
    "nccl-library-not-loaded__xgbstub": (
        "nccl-library-not-loaded",
        {"library": "libnccl.so.2", "package": "nvidia-nccl-cu12"},
    ),
    "gpu-shared-by-two-ranks__trlserve": ("gpu-shared-by-two-ranks", {}),
    "cmake-package-not-found__ncnncuda": (
        "cmake-package-not-found",
        {
            "cmake_package": "CUDA",
            "missing": "CUDA_TOOLKIT_ROOT_DIR CUDA_INCLUDE_DIRS CUDA_CUDART_LIBRARY",
        },
    ),
    "cmake-package-not-found__ncnnopencv": ("cmake-package-not-found", {"cmake_package": "OpenCV"}),
    "cmake-compiler-not-found__cmaketests": (
        "cmake-compiler-not-found",
        {"language": "C", "compiler": "no-C-compiler"},
    ),
    "git-submodules-missing__instantngp": ("git-submodules-missing", {}),
    "apptainer-contain-no-gpus__launcher": ("apptainer-contain-no-gpus", {}),
    "apptainer-encrypted-needs-userns__container": ("apptainer-encrypted-needs-userns", {}),
    "server-port-in-use__torchserve": (
        "server-port-in-use",
        {"port": 8081, "server": "TorchServe"},
    ),
    "lmdeploy-turbomind-unavailable__archs": ("lmdeploy-turbomind-unavailable", {}),
    "extension-build-failed__closerlook16": ("extension-build-failed", {}),
    "shared-library-file-broken__neuronnxdt": (
        "shared-library-file-broken",
        {
            "library": "/shared/username/aws_neuron_venv_pytorch/lib/python3.10/site-packages/"
            "nemo/collections/nlp/data/language_modeling/megatron/"
            "helpers.cpython-310-x86_64-linux-gnu.so"
        },
    ),
    "torch-without-xpu__torchxpu": ("torch-without-xpu", {"backend": "xpu"}),
    "sdpa-no-kernel__sdputils": ("sdpa-no-kernel", {}),
    "ffmpeg-program-missing__imageioffmpeg": ("ffmpeg-program-missing", {"program": "ffmpeg"}),
    "xla-cudnn-conv-failed__pygta5125": ("xla-cudnn-conv-failed", {}),
    "mps-float64-unsupported__emptytensor": (
        "mps-float64-unsupported",
        {"dtype": "float64", "device": "mps"},
    ),
    "dataset-label-out-of-range__yolov5train": (
        "dataset-label-out-of-range",
        {"label": 3, "nc": 2, "data": "data/custom.yaml"},
    ),
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(EXPECTED) == fixture_names()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_error_text(name: str) -> None:
    code, facts = EXPECTED[name]
    results = explain(fixture_text(name))
    assert results, f"{name} was not recognised"
    first = results[0]
    assert first.code == code
    for key, value in facts.items():
        assert first.facts.get(key) == value, (key, first.facts)
    assert first.cause.strip()
    assert first.fix
    assert all(step.strip() for step in first.fix)
    assert first.used_local_facts is False


def test_at_least_fifteen_codes_proven_by_real_text() -> None:
    proven = {code for code, _facts in EXPECTED.values()}
    assert len(proven) >= 15
    catalog_codes = {spec.code for spec in CATALOG}
    # Every catalog entry has at least one real report (sub-codes count for their entry).
    proven_entries = {name.split("__", maxsplit=1)[0] for name in EXPECTED}
    assert catalog_codes == proven_entries


def test_driver_number_decoded_into_fix() -> None:
    (result,) = explain(fixture_text("driver-too-old__fooocus"))
    assert "CUDA 11.4" in result.cause
    assert "R470" in result.cause
    assert any("cu118" in step for step in result.fix)


def test_sm_advice_for_pascal_and_volta() -> None:
    text = (
        "UserWarning: NVIDIA GeForce GTX 1080 Ti with CUDA capability sm_61 is not compatible "
        "with the current PyTorch installation. The current PyTorch install supports CUDA "
        "capabilities sm_75 sm_80 sm_86 sm_90 sm_100 sm_120 compute_120."
    )
    (result,) = explain(text)
    assert result.facts["suggested_variant"] == "cu126"
    assert result.facts["gpu"] == "NVIDIA GeForce GTX 1080 Ti"
    assert any("whl/cu126" in step for step in result.fix)
    volta = text.replace("GeForce GTX 1080 Ti", "Tesla V100-SXM2-16GB").replace("sm_61", "sm_70")
    (result,) = explain(volta)
    assert result.facts["suggested_variant"] == "cu126"
    assert result.facts["architecture"] == "Volta"


def test_pytorch_2_8_too_old_message_with_hint() -> None:
    text = (
        "Found GPU0 NVIDIA GeForce GTX 1070 which is of cuda capability 6.1.\n"
        "    PyTorch no longer supports this GPU because it is too old.\n"
        "    The minimum cuda capability supported by this library is 7.5.\n"
    )
    (result,) = explain(text)
    assert result.code == "gpu-too-old-for-build"
    assert result.facts["build_minimum_capability"] == "7.5"
    assert result.facts["suggested_variant"] == "cu126"


def test_fermi_gets_the_cpu_build_not_a_source_build() -> None:
    # CUDA 9.0 dropped sm_2x and every release in the matrix needs a newer CUDA: a source
    # build cannot help, so the fix is the CPU build (or another GPU), with its command.
    text = (
        "Found GPU0 GeForce GTX 480 which is of cuda capability 2.0.\n"
        "    PyTorch no longer supports this GPU because it is too old.\n"
    )
    (result,) = explain(text)
    fix = " ".join(result.fix)
    assert "Fermi" in fix and "CUDA 8.0" in fix and "not even one built from source" in fix
    assert "TORCH_CUDA_ARCH_LIST" not in fix
    assert "whl/cpu" in fix
    # Kepler still has a toolkit (11.8) that some release supports: a source build, bounded.
    kepler = text.replace("GeForce GTX 480", "Tesla K40c").replace("2.0", "3.5")
    (result,) = explain(
        kepler + "    The minimum cuda capability supported by this library is 3.7.\n"
    )
    fix = " ".join(result.fix)
    assert "TORCH_CUDA_ARCH_LIST=3.5" in fix and "no newer than 11.8" in fix


def test_unknown_text_is_not_recognised() -> None:
    assert explain("ValueError: could not convert string to float: 'abc'") == ()
    assert explain("   \n\t  ") == ()


def test_normalise_handles_crlf_colour_prefixes_and_wrapping() -> None:
    raw = (
        "\x1b[31m[rank0]: RuntimeError: CUDA error: no kernel image is\r\n"
        "[rank0]: available for execution on the device\x1b[0m\r\n"
    )
    assert normalise(raw) == (
        "RuntimeError: CUDA error: no kernel image is available for execution on the device"
    )
    assert explain(raw)[0].code == "no-kernel-image"


def test_rich_traceback_box_is_stripped() -> None:
    raw = (
        "│ /x/torch/cuda/__init__.py:300 in _lazy_init                       │\n"
        "│ RuntimeError: Found no NVIDIA driver on your system. Please check  │\n"
        "│ that you have an NVIDIA GPU and installed a driver                 │\n"
    )
    assert explain(raw)[0].code == "no-nvidia-driver"


def test_several_errors_in_one_log_all_reported_most_specific_first() -> None:
    log = "\n".join(
        (
            fixture_text("illegal-instruction__pytorch12857"),
            fixture_text("no-kernel-image__aphrodite"),
            fixture_text("gpu-arch-not-in-build__hi3dgen"),
            fixture_text("cuda-out-of-memory__neurolens"),
        )
    )
    codes = [e.code for e in explain(log)]
    assert set(codes) == {
        "illegal-instruction",
        "no-kernel-image",
        "gpu-arch-not-in-build",
        "cuda-out-of-memory",
    }
    # Decoded-value entries first, the broad symptom last.
    assert codes[0] == "gpu-arch-not-in-build"
    assert codes[-1] == "illegal-instruction"


def test_repeated_message_reported_once() -> None:
    text = fixture_text("driver-too-old__yuan") * 5
    assert len(explain(text)) == 1


def test_distinct_libraries_reported_separately() -> None:
    text = (
        "OSError: libcublas.so.11: cannot open shared object file: No such file or directory\n"
        "OSError: libnvrtc.so.11.2: cannot open shared object file: No such file or directory\n"
    )
    libs = [e.facts["library"] for e in explain(text)]
    assert libs == ["libcublas.so.11", "libnvrtc.so.11.2"]


def test_generic_insufficient_defers_to_driver_too_old() -> None:
    text = (
        fixture_text("driver-too-old__fooocus")
        + "\nCUDA driver version is insufficient for CUDA runtime version\n"
    )
    assert [e.code for e in explain(text)] == ["driver-too-old"]


def test_clues_from_the_pasted_text() -> None:
    clues = read_clues(
        normalise(
            "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2 |\n"
            "PyTorch version: 2.1.0+cu121\nPython version: 3.10.12\n"
        )
    )
    assert clues.driver_version == "535.104.05"
    assert str(clues.driver_cuda) == "12.2"
    assert clues.torch_version == "2.1.0+cu121"
    assert str(clues.torch_cuda) == "12.1"
    assert clues.python_version == "3.10.12"


# --- local facts -----------------------------------------------------------------------------


def _snapshot(
    *,
    driver: str | None = "470.86",
    driver_cuda: str | None = "11.4",
    torch: str | None = "2.7.1+cu128",
    torch_cuda: str | None = "12.8",
    gpus: tuple[GpuFacts, ...] = (),
    arch_list: tuple[str, ...] | None = None,
    os_name: str = "Linux",
    pci: int | None = 1,
    state: DriverState = DriverState.OK,
) -> Snapshot:
    return Snapshot(
        origin="file",
        system=SystemFacts(os=os_name, machine="x86_64"),
        python=PythonFacts(version="3.11.9", pointer_bits=64),
        driver=DriverFacts(
            state=state, version=driver, cuda_version=driver_cuda, nvidia_pci_devices=pci
        ),
        gpus=gpus,
        torch=TorchFacts(state=TorchState.OK, version=torch, cuda=torch_cuda, arch_list=arch_list),
    )


def test_driver_too_old_tailored_with_local_torch() -> None:
    (result,) = explain(fixture_text("driver-too-old__yuan"), _snapshot())
    assert result.used_local_facts
    assert result.facts["torch_cuda"] == "12.8"
    assert "12.8" in result.cause
    assert any("525.60.13" in step for step in result.fix)
    # The message says 11.0 (R450) but this machine has 470.86 / 11.4: say so.
    assert "470.86" in result.cause


def test_driver_too_old_on_kepler_keeps_driver() -> None:
    snap = _snapshot(gpus=(GpuFacts(index=0, name="Tesla K80", compute_capability="3.7"),))
    (result,) = explain(fixture_text("driver-too-old__fooocus"), snap)
    assert any("R470" in step and "cu118" in step for step in result.fix)


def test_insufficient_driver_compares_local_versions() -> None:
    (result,) = explain("CUDA driver version is insufficient for CUDA runtime version", _snapshot())
    assert result.facts["driver_version"] == "470.86"
    assert result.facts["torch_cuda"] == "12.8"
    assert any("525.60.13" in step for step in result.fix)
    assert any("whl/cu118" in step for step in result.fix)


def test_sm_warning_with_a_driver_too_old_for_the_fix() -> None:
    (result,) = explain(
        fixture_text("gpu-arch-not-in-build__hi3dgen"),
        _snapshot(driver="470.86", driver_cuda="11.4"),
    )
    variant = result.facts["suggested_variant"]
    assert any(f"cannot run {variant}" in step for step in result.fix)


def test_no_kernel_image_uses_local_gpu_and_arch_list() -> None:
    blackwell = (GpuFacts(index=0, name="NVIDIA GeForce RTX 5090", compute_capability="12.0"),)
    old_build = ("sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90")
    (result,) = explain(
        fixture_text("no-kernel-image__aphrodite"), _snapshot(gpus=blackwell, arch_list=old_build)
    )
    assert result.used_local_facts
    assert result.facts["gpu_arch"] == "sm_120"
    # The installed 2.7.1 stays: its cu128 build has sm_120 (a newer torch is not needed).
    assert result.facts["suggested_variant"] == "cu128"
    assert any("torch==2.7.1+cu128" in step for step in result.fix)

    ampere = (GpuFacts(index=0, name="NVIDIA GeForce RTX 3090", compute_capability="8.6"),)
    (result,) = explain(
        fixture_text("no-kernel-image__aphrodite"), _snapshot(gpus=ampere, arch_list=old_build)
    )
    assert "extension" in result.cause
    assert any("TORCH_CUDA_ARCH_LIST=8.6" in step for step in result.fix)


def test_oom_shows_local_gpu_memory() -> None:
    gpu = (GpuFacts(index=0, name="NVIDIA GeForce RTX 3060", memory_total_mib=12288),)
    (result,) = explain(fixture_text("cuda-out-of-memory__neurolens"), _snapshot(gpus=gpu))
    assert result.facts["local_gpu_memory_total_mib"] == 12288
    assert "12.00 GiB" in result.cause


def test_oom_analysis_cases() -> None:
    (too_big,) = explain(fixture_text("cuda-out-of-memory__neurolens"))
    assert "larger than the whole GPU" in too_big.cause
    (fragmented,) = explain(
        "CUDA out of memory. Tried to allocate 1.00 GiB. GPU 0 has a total capacity of 24.00 GiB "
        "of which 6.00 GiB is free. Of the allocated memory 12.00 GiB is allocated by PyTorch, "
        "and 5.00 GiB is reserved by PyTorch but unallocated."
    )
    assert "fragmented" in fragmented.cause
    assert any("expandable_segments" in step for step in fragmented.fix)
    (own,) = explain(fixture_text("cuda-out-of-memory__mygirlgpt"))
    assert "This process itself holds 3.44 GiB" in own.cause


def test_not_compiled_on_windows_and_macos() -> None:
    text = fixture_text("torch-not-compiled-with-cuda__detectron2")
    (win,) = explain(
        text,
        _snapshot(
            os_name="Windows",
            torch="2.5.1+cpu",
            torch_cuda=None,
            driver="560.94",
            driver_cuda="12.6",
        ),
    )
    assert "Windows" in win.cause
    assert "2.5.1+cpu" in win.cause
    # Same release, CUDA build: 2.5's newest CUDA variant the 12.6 driver runs.
    assert win.facts["suggested_variant"] == "cu124"
    assert any("torch==2.5.1+cu124" in step for step in win.fix)
    (mac,) = explain(
        text,
        _snapshot(os_name="Darwin", torch="2.5.1", torch_cuda=None, driver=None, driver_cuda=None),
    )
    assert "mps" in mac.cause


def test_no_driver_with_no_nvidia_gpu_on_the_bus() -> None:
    (result,) = explain(
        fixture_text("no-nvidia-driver__colab"),
        _snapshot(pci=0, state=DriverState.NO_DRIVER, driver=None, driver_cuda=None),
    )
    assert result.facts["nvidia_pci_devices"] == 0
    assert any("No NVIDIA GPU is visible on the PCI bus" in step for step in result.fix)


def test_wsl_error_2_and_winerror_1114_advice() -> None:
    (wsl,) = explain(fixture_text("cuda-init-failed__wsl_error2"))
    assert any("WSL 2" in step for step in wsl.fix)
    (dll,) = explain(fixture_text("windows-dll-load-failed__c10_1114"))
    assert "WinError 1114" in dll.cause
    assert any("vc_redist.x64.exe" in step for step in dll.fix)


def test_abi_hint_only_for_string_symbols() -> None:
    (abi,) = explain(fixture_text("torch-extension-abi-mismatch__flash_attn_1691"))
    assert any("_GLIBCXX_USE_CXX11_ABI" in step for step in abi.fix)
    (plain,) = explain(fixture_text("torch-extension-abi-mismatch__flash_attn_1612"))
    assert not any("_GLIBCXX_USE_CXX11_ABI" in step for step in plain.fix)


def test_error_35_and_100_map_to_their_codes() -> None:
    assert explain("cuda runtime error (35) : CUDA driver stuff at x.cpp")[0].code == (
        "cuda-driver-insufficient"
    )
    assert explain("cuda runtime error (100) : no device at x.cpp")[0].code == "no-cuda-device"


def test_pip_none_with_32_bit_python() -> None:
    snap = Snapshot(python=PythonFacts(version="3.12.1", pointer_bits=32))
    (result,) = explain(fixture_text("pip-no-matching-torch__none"), snap)
    assert "32-bit" in result.cause
    assert "3.12.1" in result.cause


def test_many_repeats_of_one_library_do_not_hide_another() -> None:
    # Each pattern is capped, not the whole entry: a later pattern still gets its turn.
    repeated = "OSError: libcublas.so.11: cannot open shared object file\n" * 300
    text = repeated + "nvrtc: error: failed to open libnvrtc-builtins.so.13.0\n"
    libs = {e.facts["library"] for e in explain(text)}
    assert libs == {"libcublas.so.11", "libnvrtc-builtins.so.13.0"}


def test_message_deep_inside_a_large_log() -> None:
    noise = "Epoch 3: loss=0.1234 acc=0.98 step 1234/5000 [00:12<01:23, 45.6it/s]\n" * 5000
    text = noise + fixture_text("gpu-arch-not-in-build__hi3dgen") + noise
    (result,) = explain(text)
    assert result.facts["gpu"] == "NVIDIA GeForce RTX 5080 Laptop GPU"
    assert len(result.facts["build_arch_list"]) == 8


def test_text_whose_lowercase_changes_length() -> None:
    # 'İ'.lower() is two characters; offsets into the lower-case copy must still line up.
    assert len(lowercase("İİ CUDA")) == len("İİ CUDA")
    text = "İstanbul sunucusu: " + fixture_text("cuda-out-of-memory__cads")
    (result,) = explain(text)
    assert result.facts["requested"] == "22.78 GiB"


def test_gpu_name_without_brand_prefix_is_read_from_before_the_message() -> None:
    text = (
        "UserWarning: A100-SXM4-40GB with CUDA capability sm_80 is not compatible with the "
        "current PyTorch installation. The current PyTorch install supports CUDA capabilities "
        "sm_37 sm_50 sm_60 sm_70."
    )
    (result,) = explain(text)
    assert result.facts["gpu"] == "A100-SXM4-40GB"


def test_reinstall_variant_follows_the_gpu_not_only_the_driver() -> None:
    text = fixture_text("torch-not-compiled-with-cuda__detectron2")
    pascal = (GpuFacts(index=0, name="NVIDIA GeForce GTX 1080", compute_capability="6.1"),)
    (result,) = explain(text, _snapshot(gpus=pascal, driver="580.95.05", driver_cuda="13.0"))
    assert result.facts["suggested_variant"] == "cu126"  # cu130 builds lack sm_60
    blackwell = (GpuFacts(index=0, name="NVIDIA GeForce RTX 5090", compute_capability="12.0"),)
    (result,) = explain(text, _snapshot(gpus=blackwell, driver="575.51.03", driver_cuda="12.9"))
    assert result.facts["suggested_variant"] == "cu128"
    ampere = (GpuFacts(index=0, name="NVIDIA GeForce RTX 3090", compute_capability="8.6"),)
    (result,) = explain(text, _snapshot(gpus=ampere, driver="580.95.05", driver_cuda="13.0"))
    # The installed release (2.7.1) is kept; the core's choice among its builds, as
    # `envdoctor install --torch 2.7` makes it.
    assert result.facts["suggested_variant"] == "cu126"


def test_cpu_build_recognised_from_snapshot_without_plus_cpu_tag() -> None:
    text = fixture_text("torch-not-compiled-with-cuda__detectron2")
    (result,) = explain(text, _snapshot(torch="2.5.1", torch_cuda=None))
    assert "Your PyTorch is 2.5.1: a CPU build." in result.cause


def test_not_compiled_on_a_machine_without_nvidia_gpu() -> None:
    text = fixture_text("torch-not-compiled-with-cuda__detectron2")
    snap = _snapshot(
        pci=0,
        state=DriverState.NO_DRIVER,
        driver=None,
        driver_cuda=None,
        torch="2.13.0+cpu",
        torch_cuda=None,
    )
    (result,) = explain(text, snap)
    assert "no NVIDIA GPU" in result.cause
    assert not any("download.pytorch.org" in step for step in result.fix)


def test_cublas_on_ampere_with_a_cuda_10_build() -> None:
    ampere = (GpuFacts(index=0, name="GeForce RTX 3080", compute_capability="8.6"),)
    snap = _snapshot(gpus=ampere, torch="1.3.1", torch_cuda="10.1")
    (result,) = explain(fixture_text("cublas-status-error__sparseconvnet"), snap)
    # An RTX 3090 (8.6): its own first CUDA, 11.1, is the later of the family's and its own.
    assert "needs CUDA 11.1 or newer" in result.cause


def test_ptx_blames_the_driver_only_when_the_code_is_newer() -> None:
    (older,) = explain(fixture_text("ptx-unsupported-toolchain__surroundocc"))
    assert "prebuilt binary" in older.cause
    assert not any("R465" in step for step in older.fix)
    text = fixture_text("ptx-unsupported-toolchain__gpuburn")
    (newer,) = explain(
        text, _snapshot(driver="535.104.05", driver_cuda="12.2", torch=None, torch_cuda=None)
    )
    assert newer.facts["code_cuda"] == "13.2"
    assert any("R595" in step for step in newer.fix)


def test_shadowing_folder_uses_the_paths_own_separator() -> None:
    (result,) = explain(fixture_text("torch-c-extension-missing__pytorch26526"))
    assert any("D:\\Gaurav\\pytorch-master\\torch" in step for step in result.fix)


def test_sm_warning_when_the_local_build_already_has_the_arch() -> None:
    new_build = ("sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120")
    snap = _snapshot(
        torch="2.7.1+cu128",
        torch_cuda="12.8",
        arch_list=new_build,
        driver="575.51.03",
        driver_cuda="12.9",
    )
    (result,) = explain(fixture_text("gpu-arch-not-in-build__hi3dgen"), snap)
    assert "another environment" in result.cause
    assert "torch.__file__" in result.fix[0]
    (plain,) = explain(fixture_text("gpu-arch-not-in-build__hi3dgen"))
    assert "another environment" not in plain.cause


def test_torchvision_version_is_not_taken_for_torch() -> None:
    clues = read_clues(normalise("torchvision 0.16.1+cu118\ntorch 2.1.1+cu118\n"))
    assert clues.torch_version == "2.1.1+cu118"


def test_matched_text_is_clipped() -> None:
    folder = "C:\\" + "\\".join(["very_long_folder_name"] * 12)
    text = (
        "OSError: [WinError 126] The specified module could not be found, nor any of the "
        "modules it needs, in any folder on the search path. Error loading "
        f'"{folder}\\torch\\lib\\fbgemm.dll" or one of its dependencies.'
    )
    (result,) = explain(text)
    assert len(result.matched) == 400
    assert result.matched.endswith("…")
    assert result.facts["dll"].endswith("fbgemm.dll")


@pytest.mark.parametrize(
    "text",
    [
        'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
        "cublas returned CUBLAS_STATUS_SUCCESS",
        "the cudnn_status column",
    ],
)
def test_near_misses_are_not_recognised(text: str) -> None:
    assert explain(text) == ()


def test_sm_warning_from_another_machine() -> None:
    here = (GpuFacts(index=0, name="NVIDIA GeForce RTX 3060", compute_capability="8.6"),)
    (other,) = explain(fixture_text("gpu-arch-not-in-build__hi3dgen"), _snapshot(gpus=here))
    assert "another machine" in other.cause
    assert other.facts["local_gpus"] == ["NVIDIA GeForce RTX 3060"]
    same = (GpuFacts(index=0, name="GeForce RTX 5080 Laptop GPU", compute_capability="12.0"),)
    (mine,) = explain(fixture_text("gpu-arch-not-in-build__hi3dgen"), _snapshot(gpus=same))
    assert "another machine" not in mine.cause


def test_explanation_carries_kind_family_and_finding_code() -> None:
    (driver,) = explain(fixture_text("driver-too-old__yuan"))
    assert (driver.kind, driver.family, driver.finding_code) == (
        "environment",
        "driver",
        "driver-too-old",
    )
    assert driver.contradiction is None
    (bug,) = explain(fixture_text("device-side-assert__qlora"))
    assert (bug.kind, bug.finding_code) == ("code", None)
    data = driver.to_json()
    assert data["finding_code"] == "driver-too-old"
    assert data["kind"] == "environment"


def test_sub_cases_refine_the_finding_code() -> None:
    assert explain(fixture_text("cuda-init-failed__803_deepsegmentor"))[0].finding_code == (
        "driver-library-mismatch"
    )
    assert explain("cuda runtime error (35) : x at y.cpp")[0].finding_code == "driver-too-old"


def test_contradicted_error_has_no_finding_code() -> None:
    here = (GpuFacts(index=0, name="NVIDIA GeForce RTX 3060", compute_capability="8.6"),)
    (other,) = explain(fixture_text("gpu-arch-not-in-build__hi3dgen"), _snapshot(gpus=here))
    assert other.contradiction is not None
    assert other.finding_code is None


def test_error_that_contradicts_the_report_says_so_instead_of_a_downgrade() -> None:
    snap = _snapshot(driver="610.43", driver_cuda=None, torch="2.5.1+cu121", torch_cuda="12.1")
    text = (
        "RuntimeError: The NVIDIA driver on your system is too old (found version 13020). "
        "Please update your GPU driver."
    )
    (result,) = explain(text, snap)
    assert result.contradiction is not None
    assert "cannot come from the environment in the report" in result.cause
    assert "driver 610.43 supports CUDA 13.3 and torch uses CUDA 12.1" in result.cause
    assert "container or another interpreter" in result.cause
    assert result.finding_code is None
    # No driver change and no downgrade: the environment in the report is fine.
    assert not any(
        "525.60.13" in step or "Upgrade the NVIDIA driver" in step for step in result.fix
    )
    assert not any("pip install" in step for step in result.fix)
    (generic,) = explain("CUDA driver version is insufficient for CUDA runtime version", snap)
    assert generic.contradiction is not None


def test_real_driver_problem_is_not_called_a_contradiction() -> None:
    snap = _snapshot(driver="470.86", driver_cuda=None, torch="2.5.1+cu121", torch_cuda="12.1")
    (result,) = explain(fixture_text("driver-too-old__fooocus"), snap)
    assert result.contradiction is None
    assert result.finding_code == "driver-too-old"
    assert any("525.60.13" in step for step in result.fix)


# --- issue 15: platform-aware and tailored advice ---------------------------------------------


def _platform_snapshot(*, wsl: int | None = None, container: str | None = None) -> Snapshot:
    return Snapshot(
        origin="file",
        system=SystemFacts(os="Linux", machine="x86_64", wsl=wsl, container=container),
        python=PythonFacts(version="3.11.9", pointer_bits=64),
        driver=DriverFacts(state=DriverState.NO_DRIVER, nvidia_pci_devices=None),
        torch=TorchFacts(state=TorchState.OK, version="2.7.1+cu128", cuda="12.8"),
    )


def test_missing_libcuda_on_wsl_is_fixed_under_usr_lib_wsl_never_with_a_linux_driver() -> None:
    text = "OSError: libcuda.so.1: cannot open shared object file: No such file or directory"
    (wsl,) = explain(text, _platform_snapshot(wsl=2))
    assert any("/usr/lib/wsl/lib" in step for step in wsl.fix)
    assert "WSL" in wsl.cause
    assert not any("ubuntu-drivers install" in step for step in wsl.fix)
    (container,) = explain(text, _platform_snapshot(container="docker"))
    assert any("--gpus all" in step for step in container.fix)
    assert not any("ubuntu-drivers install" in step for step in container.fix)
    (bare,) = explain(text, _platform_snapshot())
    assert any("ubuntu-drivers install" in step for step in bare.fix)


def test_cuda_unknown_error_advice_follows_the_platform() -> None:
    text = fixture_text("cuda-unknown-error__blossomnav")
    (container,) = explain(text, _platform_snapshot(container="docker"))
    assert any("--gpus all" in step for step in container.fix)
    assert not any("rmmod" in step for step in container.fix)
    (wsl,) = explain(text, _platform_snapshot(wsl=2))
    assert any("wsl --update" in step for step in wsl.fix)
    (bare,) = explain(text, _platform_snapshot())
    assert any("modprobe nvidia_uvm" in step for step in bare.fix)


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in sorted(EXPECTED)
        if EXPECTED[n][0]
        in {
            "device-mismatch",
            "half-on-cpu",
            "cuda-checkpoint-on-cpu",
            "cuda-fork-reinit",
            "illegal-memory-access",
            "index-out-of-range",
            "device-side-assert",
        }
    ],
)
def test_user_code_errors_get_code_fixes_only(name: str) -> None:
    for result in explain(fixture_text(name)):
        assert result.kind == "code"
        assert result.finding_code is None
        for step in result.fix:
            assert not ENV_FIX.search(step), step


def test_framework_index_mistake_is_a_code_error() -> None:
    text = (
        "ValueError: Invalid CUDA 'device=2' requested. Use 'device=cpu' or pass valid CUDA "
        "device(s) if available.\n\ntorch.cuda.is_available(): True\ntorch.cuda.device_count(): 1\n"
    )
    (result,) = explain(text)
    assert result.kind == "code"
    assert result.facts == {"requested": "2", "available": "1"}
    (lightning,) = explain(fixture_text("lightning-gpu-unavailable__nemo_index"))
    assert lightning.kind == "code"


def test_framework_wrapper_of_a_cpu_build_gets_the_cpu_build_advice() -> None:
    snap = _snapshot(torch="2.5.1+cpu", torch_cuda=None, driver="550.54.14", driver_cuda="12.4")
    (result,) = explain(fixture_text("lightning-gpu-unavailable__vae"), snap)
    assert result.finding_code == "torch-cpu-only"
    assert "2.5.1+cpu" in result.cause
    assert result.facts["suggested_variant"].startswith("cu12")


def test_wrong_interpreter_when_torch_is_installed_here() -> None:
    (result,) = explain(fixture_text("torch-not-found__pytorch3389"), _snapshot())
    assert result.finding_code == "torch-missing"
    assert "2.7.1+cu128" in result.cause
    assert any("sys.executable" in step for step in result.fix)


def test_unsupported_wheel_is_checked_against_the_reports_python() -> None:
    snap = Snapshot(
        origin="file",
        system=SystemFacts(os="Linux", machine="x86_64"),
        python=PythonFacts(version="3.11.9", pointer_bits=64, platform_tag="linux-x86_64"),
    )
    (result,) = explain(fixture_text("wheel-not-supported__fastai_mac"), snap)
    assert result.facts["problems"]
    assert result.used_local_facts
    assert "3.11" in " ".join(result.facts["problems"]) or "cp37" in " ".join(
        result.facts["problems"]
    )


def test_cudnn_shadowing_names_path_on_windows_and_ld_library_path_elsewhere() -> None:
    text = fixture_text("cudnn-version-mismatch__kohya")
    (linux,) = explain(text)
    assert "LD_LIBRARY_PATH" in linux.fix[0]
    (win,) = explain(text, _snapshot(os_name="Windows"))
    assert "PATH" in win.fix[0] and "LD_LIBRARY_PATH" not in win.fix[0]


def test_glibc_advice_depends_on_which_library_is_too_old() -> None:
    (conda_old,) = explain(fixture_text("glibc-version-missing__pirender"))
    assert any("libstdcxx-ng" in step for step in conda_old.fix)
    (system_old,) = explain(fixture_text("glibc-version-missing__pytorch87279"))
    assert any("$CONDA_PREFIX/lib" in step for step in system_old.fix)
    (glibc,) = explain(fixture_text("glibc-version-missing__libtorch_centos7"))
    assert any("ldd --version" in step for step in glibc.fix)


def test_container_requirement_names_the_driver_branch_from_the_matrix() -> None:
    (result,) = explain(fixture_text("container-cuda-requirement__petric2"))
    assert any("R570" in step for step in result.fix)  # CUDA 12.8 shipped with R570


# ------------------------------------------------ entries written from the blind set's misses


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "CUDA failure 804: forward compatibility was attempted on non supported HW",
            "cuda-forward-compat-unsupported",
        ),
        (
            "CUDA error 803: system has unsupported display driver / cuda driver combination",
            "cuda-driver-combination-unsupported",
        ),
        ("cudaErrorSystemNotReady: system not yet initialized", "cuda-fabric-manager-not-running"),
    ],
)
def test_cuda_error_texts_without_cudagetdevicecount(text: str, code: str) -> None:
    (result,) = explain(text)
    assert result.code == code


def test_cuda_error_number_written_twice_is_one_explanation() -> None:
    text = (
        "RuntimeError: Unexpected error from cudaGetDeviceCount(). Did you run some cuda "
        "functions before calling NumCudaDevices() that might have already set an error? "
        "Error 804: forward compatibility was attempted on non supported HW"
    )
    assert [r.code for r in explain(text)] == ["cuda-forward-compat-unsupported"]


@pytest.mark.parametrize(
    "text",
    [
        "lightning.fabric.utilities.exceptions.MisconfigurationException: No supported gpu "
        "backend found!",
        "pytorch_lightning.utilities.exceptions.MisconfigurationException: `GPUAccelerator` can "
        "not run on your system since the accelerator is not available. The following "
        "accelerator(s) is available and can be passed into `accelerator` argument of "
        "`Trainer`: ['cpu'].",
    ],
)
def test_lightning_without_a_gpu(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "lightning-gpu-unavailable"
    assert result.kind == "environment"


def test_typographic_apostrophe_is_read_as_an_apostrophe() -> None:
    text = "NVIDIA-SMI has failed because it couldn\u2019t communicate with the NVIDIA driver."
    assert [r.code for r in explain(text)] == ["driver-not-loaded"]


def test_ultralytics_banner_cut_off_before_the_device_is_a_failed_device_selection() -> None:
    failed = (
        "Ultralytics YOLOv8.1.39 \U0001f680 Python-3.11.6 torch-2.2.2+cpu\n"
        'Traceback (most recent call last):\n  File "run.py", line 71, in <module>\n'
    )
    (result,) = explain(failed)
    assert result.code == "ultralytics-cuda-unavailable"
    assert result.finding_code == "torch-cpu-only"
    # A banner with its device part is a working selection: a later error is something else.
    fine = (
        "Ultralytics YOLOv8.0.20 \U0001f680 Python-3.10.9 torch-1.13.1+cu117 CUDA:0 "
        "(NVIDIA GeForce RTX 3090, 24260MiB)\nTraceback (most recent call last):\nKeyError: 'x'"
    )
    assert not explain(fine)


def test_pytorch1_device_wording_is_a_device_mismatch_but_a_dtype_one_is_not() -> None:
    (result,) = explain(
        "RuntimeError: Expected object of backend CUDA but got backend CPU for argument #2 'mat2'"
    )
    assert (result.code, result.kind, result.facts.get("arg")) == (
        "device-mismatch",
        "code",
        "mat2",
    )
    dtype = "Expected object of scalar type Float but got scalar type Double for argument #2 'mat2'"
    assert all(r.code != "device-mismatch" for r in explain(dtype))


# ------------------------------------------- entries written from the third blind set's misses


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        (
            "RuntimeError: cuda runtime error (59) : device-side assert triggered at "
            "/pytorch/aten/src/THC/generic/THCTensorMath.cu:26",
            "device-side-assert",
            "code",
        ),
        (
            "RuntimeError: cuda runtime error (77) : an illegal memory access was encountered "
            "at /pytorch/aten/src/THC/THCCachingHostAllocator.cpp:265",
            "illegal-memory-access",
            "code",
        ),
        (
            "RuntimeError: cuda runtime error (2) : out of memory at "
            "/pytorch/aten/src/THC/THCCachingAllocator.cpp:510",
            "cuda-out-of-memory",
            "runtime",
        ),
    ],
)
def test_pytorch1_cuda_runtime_error_of_a_kernel_is_not_a_failed_start(
    text: str, code: str, kind: str
) -> None:
    assert [(r.code, r.kind) for r in explain(text)] == [(code, kind)]
    # The start-up numbers keep their own advice.
    start = "RuntimeError: cuda runtime error (38) : no CUDA-capable device is detected at x"
    assert [r.code for r in explain(start)] == ["no-cuda-device"]


def test_conda_refusing_packages_for_the_driver_names_the_drivers_cuda() -> None:
    text = (
        "UnsatisfiableError: The following specifications were found to be incompatible "
        "with your system:\n\n  - feature:/linux-64::__cuda==11.4=0\n  - pytorch-cuda=12.1 "
        "-> __cuda\n\nYour installed version is: 11.4"
    )
    (result,) = explain(text)
    assert (result.code, result.finding_code) == ("conda-solver-conflict", "driver-too-old")
    assert result.facts["driver_cuda"] == "11.4"
    # The builds this driver runs come from the matrix, not from the message.
    assert any("cu11" in step for step in result.fix)


def test_loader_wording_of_a_missing_versioned_cuda_symbol() -> None:
    text = (
        "OSError: /venv/lib/python3.10/site-packages/nvidia/cublas/lib/libcublas.so.12: "
        "symbol cublasLtHSHMatmulAlgoInit version libcublasLt.so.12 not defined in file "
        "libcublasLt.so.12 with link time reference"
    )
    (result,) = explain(text)
    assert result.code == "cuda-library-symbol-mismatch"
    assert (result.facts["library"], result.facts["symbol_version"]) == (
        "libcublas.so.12",
        "libcublasLt.so.12",
    )


@pytest.mark.parametrize(
    "text",
    [
        "RuntimeError: Distributed package doesn't have NCCL bulit in",
        "RuntimeError: Distributed package doesn't have NCCL built-in",
    ],
)
def test_no_nccl_as_retyped(text: str) -> None:
    assert [r.code for r in explain(text)] == ["nccl-not-built"]


def test_xformers_over_a_cpu_torch_reinstalls_torch_not_xformers() -> None:
    text = (
        "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
        "    PyTorch 2.2.0+cu121 with CUDA 1201 (you have 2.2.0+cpu)\n"
    )
    (result,) = explain(text)
    assert (result.code, result.finding_code) == ("xformers-torch-mismatch", "torch-cpu-only")
    assert "torch==2.2.0+cu121 --index-url https://download.pytorch.org/whl/cu121" in result.fix[0]
    assert not any("install xformers" in step for step in result.fix)


def test_torchvision_built_for_another_torch_is_paired_with_torch() -> None:
    text = (
        "ImportError: /env/lib/python3.8/site-packages/torchvision/_C.so: undefined symbol: "
        "_ZN3c106detail19maybe_wrap_dim_slowEllb"
    )
    (result,) = explain(text)
    assert (result.code, result.facts["package"]) == ("torch-extension-abi-mismatch", "torchvision")
    assert "torchvision" in result.fix[0]
    other = text.replace("torchvision/_C.so", "mmcv/_ext.cpython-38-x86_64-linux-gnu.so")
    (result,) = explain(other)
    assert result.facts["package"] == "mmcv" and "mim install mmcv" in result.fix[0]


def test_torch_a_wrapper_was_built_for_is_not_read_as_the_installed_one() -> None:
    text = (
        "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
        "    PyTorch 2.1.2+cu121 with CUDA 1201 (you have 2.1.2+cpu)\n"
    )
    known = read_clues(normalise(text))
    assert (known.torch_version, known.torch_cuda) == ("2.1.2+cpu", None)


def test_wrong_interpreter_without_facts_claims_no_command_for_this_machine() -> None:
    # --no-local: nothing is known about the machine, so there is no command "for this
    # machine's GPU and driver" (it was an unpinned torch==<newest>, a CUDA 13 build on
    # Linux that an older driver cannot run).
    (result,) = explain(fixture_text("torch-not-found__pytorch3389"), None)
    assert not any("For this machine" in step for step in result.fix)


def test_cpu_build_error_in_a_container_without_gpus_does_not_reinstall_torch() -> None:
    # A container started without GPU access (no NVIDIA device on its PCI view, no driver):
    # check says "no NVIDIA GPU, the CPU build is right"; explain told the user to uninstall
    # torch and install a multi-GB CUDA build that still could not run there.
    snap = _snapshot(
        driver=None,
        driver_cuda=None,
        torch="2.5.1+cpu",
        torch_cuda=None,
        pci=0,
        state=DriverState.NO_DRIVER,
    )
    snap = replace(snap, system=replace(snap.system, container="docker"))
    (result,) = explain("AssertionError: Torch not compiled with CUDA enabled", snap)
    text = " ".join(result.fix)
    assert "uninstall" not in text and "--gpus all" in text


def test_no_device_on_a_driver_past_the_gpus_last_branch_says_so() -> None:
    # A GTX 1080 on R590: the driver does not drive Pascal, so CUDA sees no device. check
    # says driver-too-new; explain gave only generic CUDA_VISIBLE_DEVICES/driver steps.
    gtx = GpuFacts(index=0, name="NVIDIA GeForce GTX 1080", compute_capability="6.1")
    snap = _snapshot(driver="590.44.01", driver_cuda="13.1", gpus=(gtx,))
    for text in (
        "RuntimeError: No CUDA GPUs are available",
        "Found no NVIDIA driver on your system",
    ):
        (result,) = explain(text, snap)
        assert "R580" in result.fix[0], result.fix


# ------------------------------------------ the CUDA error table: every emitter's form of an error

_FORMS = [
    ("RuntimeError: CUDA error: invalid device ordinal", "cuda-invalid-device-ordinal", "code"),
    (
        "RuntimeError: CUDA error (10): invalid device ordinal",
        "cuda-invalid-device-ordinal",
        "code",
    ),
    (
        "RuntimeError: CUDA error: all CUDA-capable devices are busy or unavailable",
        "cuda-devices-unavailable",
        "environment",
    ),
    (
        "F0314 common.cpp:152] Check failed: error == cudaSuccess (35 vs. 0)  CUDA driver "
        "version is insufficient for CUDA runtime version",
        "cuda-driver-insufficient",
        "environment",
    ),
    (
        "Check failed: error == cudaSuccess (30 vs. 0)  unknown error",
        "cuda-unknown-error",
        "environment",
    ),
    (
        "Check failed: error == cudaSuccess (2 vs. 0)  out of memory",
        "cuda-out-of-memory",
        "runtime",
    ),
    (
        "RuntimeError: cuda runtime error (48) : no kernel image is available for execution on "
        "the device at /pytorch/aten/src/THC/generic/THCTensorMath.cu:14",
        "no-kernel-image",
        "environment",
    ),
    (
        "ggml_cuda_init: failed to initialize CUDA: CUDA driver is a stub library",
        "cuda-stub-library",
        "environment",
    ),
    (
        "cupy_backends.cuda.api.runtime.CUDARuntimeError: cudaErrorNoDevice: no CUDA-capable "
        "device is detected",
        "no-cuda-device",
        "environment",
    ),
    (
        "numba.cuda.cudadrv.error.CudaSupportError: Error at driver init: Call to cuInit results "
        "in CUDA_ERROR_NO_DEVICE (100)",
        "no-cuda-device",
        "environment",
    ),
    (
        "E tensorflow/stream_executor/cuda/cuda_driver.cc:328] failed call to cuInit: UNKNOWN "
        "ERROR (34)",
        "cuda-stub-library",
        "environment",
    ),
    (
        "E external/xla/xla/stream_executor/cuda/cuda_driver.cc:268] failed call to cuInit: "
        "CUDA_ERROR_UNKNOWN: unknown error",
        "cuda-unknown-error",
        "environment",
    ),
    ("failed call to cuInit: UNKNOWN ERROR (303)", "cuda-init-failed", "environment"),
    (
        "[ONNXRuntimeError] : 1 : FAIL : CUDA failure 100: no CUDA-capable device is detected ; "
        "GPU=0 ; hostname=x ; expr=cudaSetDevice(info_.device_id);",
        "no-cuda-device",
        "environment",
    ),
    (
        "RuntimeError: CUDA error: API call is not supported in the installed CUDA driver",
        "cuda-call-requires-newer-driver",
        "environment",
    ),
    (
        "RuntimeError: CUDA driver initialization failed, you might not have a CUDA gpu.",
        "cuda-init-failed",
        "environment",
    ),
    (
        "UserWarning: CUDA initialization: Unexpected error from cudaGetDeviceCount(). Did you "
        "run some cuda functions before calling NumCudaDevices() that might have already set an "
        "error? Error 34: CUDA driver is a stub library",
        "cuda-stub-library",
        "environment",
    ),
]


@pytest.mark.parametrize(("text", "code", "kind"), _FORMS)
def test_every_form_of_a_table_error_reaches_its_advice(text: str, code: str, kind: str) -> None:
    results = explain(text)
    assert [(r.code, r.kind) for r in results] == [(code, kind)]
    if kind != "environment":
        assert not any(ENV_FIX.search(step) for step in results[0].fix)


@pytest.mark.parametrize(
    "text",
    [
        "RuntimeError: CUDA error: initialization error",  # also CUDA in a forked worker
        "RuntimeError: cuda runtime error (7) : too many resources requested for launch at "
        "/pytorch/aten/src/THC/generic/THCTensorMath.cu:1",
        "ptxas /tmp/x.ptx, line 709; error   : Feature '.m16n8k16' requires .target sm_80 or higher",
    ],
)
def test_kernel_and_build_errors_are_not_taken_for_table_errors(text: str) -> None:
    assert explain(text) == ()


def test_a_crashed_kernel_is_a_runtime_error_that_says_how_to_tell_whose() -> None:
    # errors_blind10: a driver broken by suspend/resume showed only this line; a kernel bug
    # shows the same. Neither an environment fix nor a code verdict: the kernel log decides.
    (result,) = explain("RuntimeError: CUDA error: unspecified launch failure")
    assert (result.code, result.kind) == ("cuda-launch-failure", "runtime")
    assert "xid" in result.fix[0].lower()
    assert any("CUDA_LAUNCH_BLOCKING=1" in step for step in result.fix)
    assert not any(ENV_FIX.search(step) for step in result.fix)


def test_feature_check_on_a_gpu_that_is_new_enough_blames_the_torch_build() -> None:
    text = (
        "GPU models and configuration: GPU 0: NVIDIA GeForce RTX 3090\nNvidia driver version: "
        "535.104.05\nValueError: Your setup doesn't support bf16/gpu. You "
        "need torch>=1.10, using Ampere GPU with cuda>=11.0"
    )
    (result,) = explain(text)
    assert result.facts["gpu_capability"] == "8.6"
    assert "CPU-only" in result.cause
    assert not any("float16" in step for step in result.fix)


def test_invalid_device_ordinal_never_reinstalls() -> None:
    (result,) = explain(fixture_text("cuda-invalid-device-ordinal__pick101"))
    assert result.kind == "code"
    assert result.finding_code is None
    assert not any(ENV_FIX.search(step) for step in result.fix)


@pytest.mark.parametrize(
    "text",
    [
        # Windows words these in the system's language (the sd-scripts#1597 paste is German).
        "OSError: [WinError 126] 找不到指定的模块。",
        "OSError: [WinError 126] Das angegebene Modul wurde nicht gefunden.",
        "OSError: [WinError 193] %1 不是有效的 Win32 应用程序。",
    ],
)
def test_windows_errors_are_known_by_number_in_any_language(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "windows-dll-load-failed"
    assert result.facts["winerror"] in {"126", "193"}


def test_pip_show_blocks_give_the_installed_versions() -> None:
    text = (
        "Name: torch\nVersion: 2.3.1\nSummary: Tensors and Dynamic neural networks\n"
        "Location: /usr/lib/python3/dist-packages\n\n"
        "Name: torchvision\nVersion: 0.18.1\n"
    )
    clues = read_clues(normalise(text))
    assert clues.torch_version == "2.3.1"  # plain: "Name: torch" says whose version it is
    assert clues.companion_versions == (("torchvision", "0.18.1"),)
    labelled = read_clues(normalise("Name: torch\nVersion: 2.1.0+cu118\n"))
    assert labelled.torch_cuda is not None and str(labelled.torch_cuda) == "11.8"
    # Another package's block is not torch's.
    assert read_clues(normalise("Name: torchmetrics\nVersion: 1.4.0\n")).torch_version is None


def test_nvml_mismatch_in_a_container_points_at_the_host_or_the_image() -> None:
    text = (
        "root@3f2a9c1b7d4e:/workspace# nvidia-smi\n"
        "Failed to initialize NVML: Driver/library version mismatch\n"
    )
    (result,) = explain(text)
    assert result.code == "nvml-driver-library-mismatch"
    assert result.facts["container"] == "docker"
    assert "On the host" in result.fix[0]
    assert not any(step.startswith("Reboot") for step in result.fix)


def test_a_decoded_driver_caps_the_builds_every_explanation_suggests() -> None:
    # "found version 11040" is a CUDA 11.4 driver: the CPU-only explanation of the same
    # paste must not suggest a CUDA 12 build it cannot run.
    text = (
        "The NVIDIA driver on your system is too old (found version 11040).\n"
        "AssertionError: Torch not compiled with CUDA enabled\n"
    )
    assert str(read_clues(normalise(text)).driver_cuda) == "11.4"
    by_code = {r.code: r for r in explain(text)}
    suggested = {code: re.search(r"\+cu(\d+)", " ".join(r.fix)) for code, r in by_code.items()}
    labels = {code: m.group(1) for code, m in suggested.items() if m}
    assert labels, by_code
    assert all(label.startswith("11") for label in labels.values()), labels


def test_nccls_driver_version_line_is_the_drivers_cuda_and_its_wrapper_comes_second() -> None:
    # errors_blind42 (lmdeploy#1108): NCCL logs the driver's CUDA as "cudaDriverVersion
    # 11070", and its "unhandled cuda error" only wraps the CUDA error printed with it.
    text = (
        "NCCL INFO cudaDriverVersion 11070\n"
        "init.cc:1582 NCCL WARN Cuda failure 'CUDA driver version is insufficient for CUDA "
        "runtime version'\n"
        "Failed, NCCL error nccl_utils.cc:296 'unhandled cuda error (run with NCCL_DEBUG=INFO "
        "for details)'"
    )
    assert str(read_clues(normalise(text)).driver_cuda) == "11.7"
    codes = [r.code for r in explain(text)]
    assert codes.index("cuda-driver-insufficient") < codes.index("nccl-cuda-error")


@pytest.mark.parametrize(
    ("text", "amd"),
    [
        ("AMD Rx 6600\nAssertionError: Torch not compiled with CUDA enabled", True),
        ("我用的A卡\nAssertionError: Torch not compiled with CUDA enabled", True),
        # AMD CPUs in NVIDIA machines, and Chinese words that merely contain "a卡".
        ("AMD EPYC 7763, 8x A100\nAssertionError: Torch not compiled with CUDA enabled", False),
        ("Tesla T4, AMD Threadripper\nAssertionError: Torch not compiled with CUDA enabled", False),
        ("cuda卡住了\nAssertionError: Torch not compiled with CUDA enabled", False),
    ],
)
def test_an_amd_gpu_is_named_only_by_gpu_words(text: str, amd: bool) -> None:
    (result, *_rest) = explain(text)
    assert (result.facts.get("gpu_vendor") == "AMD") is amd, text


def test_a_programs_own_import_is_not_two_packages_out_of_step() -> None:
    # The last frame is the program's file: its own import, not an installed package's.
    text = (
        'File "/usr/lib/python3/site-packages/torch/distributed/run.py", line 3, in main\n'
        'File "train.py", line 2, in <module>\n    from utils import get_loader\n'
        "ImportError: cannot import name 'get_loader' from 'utils'"
    )
    assert not any(r.code == "package-versions-out-of-step" for r in explain(text))


@pytest.mark.parametrize(
    "text",
    [
        # torch's own warning while it tries cuDNN execution plans, then trains on.
        "UserWarning: Plan failed with a cudnnException: CUDNN_BACKEND_EXECUTION_PLAN_DESCRIPTOR:"
        " cudnnFinalize Descriptor Failed cudnn_status: CUDNN_STATUS_NOT_SUPPORTED (Triggered "
        "internally at ../aten/src/ATen/native/cudnn/Conv_v8.cpp:919.)\nstep 10 loss 0.41",
        # A class or function imported as a module: the code's mistake.
        "import torch.cuda.amp.autocast\nModuleNotFoundError: No module named "
        "'torch.cuda.amp.autocast'",
        "ModuleNotFoundError: No module named 'torch.nn.Module'",
        # xformers probing for optional Triton kernels.
        "A matching Triton is not available, some optimizations will not be enabled\n"
        "ModuleNotFoundError: No module named 'xformers.triton'",
        # A GPU kernel's fault, not a CPU without AVX.
        "RuntimeError: CUDA error: an illegal instruction was encountered",
        # pip retried and got through.
        "WARNING: Retrying (Retry(total=4, connect=None, read=None)) after connection broken by "
        "'ReadTimeoutError(\"HTTPSConnectionPool(host='download.pytorch.org', port=443): Read "
        "timed out. (read timeout=15)\")'\nSuccessfully installed torch-2.2.1+cu121",
    ],
)
def test_harmless_or_code_texts_get_no_environment_answer(text: str) -> None:
    assert [r.code for r in explain(text) if r.kind == "environment"] == []


def test_gpus_hidden_by_the_command_itself() -> None:
    (result,) = explain(
        'CUDA_VISIBLE_DEVICES="" python train.py\nRuntimeError: No CUDA GPUs are available'
    )
    assert result.finding_code == "gpus-hidden"
    assert "Nothing is broken" in result.cause


def test_tensorflows_own_ignore_note_is_passed_on() -> None:
    text = (
        "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic "
        "library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object "
        "file: No such file or directory\nI tensorflow/stream_executor/cuda/cudart_stub.cc:29] "
        "Ignore above cudart dlerror if you do not have a GPU set up on your machine."
    )
    (result,) = explain(text)
    assert "it matters only if it should use the GPU" in result.cause


@pytest.mark.parametrize(
    "text",
    [
        # xformers' optional probe, then it runs on the GPU.
        "A matching Triton is not available, some optimizations will not be enabled\n"
        "ModuleNotFoundError: No module named 'triton'\nDevice: cuda:0 NVIDIA GeForce RTX 3060",
        # A program's own condition, not a report of is_available() being False.
        'File "train.py", line 3, in <module>\n    if torch.cuda.is_available() == False: '
        'device = "cpu"\nIndexError: list index out of range',
        # A model's own note that it runs without flash-attn.
        "WARNING: `flash-attention` package not found, consider installing for better "
        "performance: No module named 'flash_attn'.\nLoading checkpoint shards: 100%",
        # A project file shadowing numpy, and a circular import.
        'File "/usr/lib/python3/site-packages/pandas/core/x.py", line 3, in <module>\n'
        "ImportError: cannot import name 'ndarray' from 'numpy' (/home/u/proj/numpy.py)",
        'File "/usr/lib/python3/site-packages/sklearn/x.py", line 3\nImportError: cannot import '
        "name 'foo' from partially initialized module 'numpy' (most likely due to a circular "
        "import)",
    ],
)
def test_probes_conditions_and_project_files_get_no_environment_answer(text: str) -> None:
    assert [r.code for r in explain(text) if r.kind == "environment"] == []


def test_a_jit_extension_cache_is_cleared_and_pinned_packages_are_not_forced() -> None:
    jit = (
        "ImportError: /root/.cache/torch_extensions/py310_cu121/fused_adam/fused_adam.so: "
        "undefined symbol: _ZN3c104cuda9SetDeviceEi"
    )
    (result,) = explain(jit)
    assert "torch_extensions" in result.fix[0]
    assert not any("apex" in step for step in result.fix)
    vllm = (
        "ImportError: /usr/lib/python3/site-packages/vllm/_C.abi3.so: undefined symbol: "
        "_ZN3c104cuda9SetDeviceEi"
    )
    (result,) = explain(vllm)
    assert not any("--force-reinstall" in step for step in result.fix)


def test_a_cufft_fix_never_reinstalls_the_build_that_fails() -> None:
    text = "torch 1.13.1+cu117\nGPU 0: NVIDIA GeForce RTX 4090\nRuntimeError: cuFFT error: CUFFT_INTERNAL_ERROR"
    (result,) = explain(text)
    assert not any("torch==1.13.1" in step for step in result.fix)


def test_a_listed_cuda_variant_is_not_called_unpublished() -> None:
    text = (
        "ERROR: Could not find a version that satisfies the requirement cumm-cu113<0.5.0,>=0.4.5 "
        "(from spconv-cu113) (from versions: 0.2.8, 0.2.9)"
    )
    assert [r.code for r in explain(text)] == ["pip-no-matching-package"]


def test_xformers_cuda_number_names_the_index_folder() -> None:
    # xFormers prints the CUDA it was built with as one number (1201 = 12.1).
    text = (
        "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions. xFormers was built for:\n"
        "    PyTorch 2.1.0 with CUDA 1201 (you have 2.1.0+cpu)\n"
        "    Python  3.10.11 (you have 3.10.11)"
    )
    (result, *_rest) = explain(text)
    assert any(
        step.endswith("--index-url https://download.pytorch.org/whl/cu121") for step in result.fix
    )
    assert not any(step.rstrip().endswith("/whl/") for step in result.fix)


def test_flash_attn_on_a_gpu_newer_than_its_build_is_not_blamed_on_torch() -> None:
    text = "GPU 0: NVIDIA GeForce RTX 5090\nRuntimeError: FlashAttention only supports Ampere GPUs or newer."
    (result,) = explain(text)
    assert "newer than this flash-attn build knows" in result.cause
    assert "CPU-only" not in result.cause
    assert "sdpa" in result.fix[0]
    # vLLM's capability floor gets no bfloat16 advice.
    (vllm,) = explain("ValueError: GPUs with compute capability below 7.0 are not supported.")
    assert not any("bfloat16" in step for step in vllm.fix)


def test_xformers_without_its_build_lines_is_paired_with_the_local_torch() -> None:
    # Only the warning's first line: the local torch names the build, so the step pins it
    # and lets pip pick the xformers made for it (an unpinned xformers pulls the newest
    # torch instead).
    text = "WARNING[XFORMERS]: xFormers can't load C++/CUDA extensions.\n"
    (result,) = explain(text, _snapshot(torch="2.3.0+cu118", torch_cuda="11.8"))
    assert result.code == "xformers-torch-mismatch"
    assert "torch==2.3.0+cu118 xformers --index-url" in result.fix[0]
    assert "--force-reinstall" not in result.fix[0]
    # PyPI's default build on Linux: PyPI's xformers is built for it.
    (pypi,) = explain(text, _snapshot(torch="2.3.0+cu121", torch_cuda="12.1"))
    assert pypi.fix[0].endswith("pip install torch==2.3.0 xformers")
    (bare,) = explain(text)
    assert "pip show torch" in bare.fix[0]


def test_a_gpu_newer_than_the_builds_cuda_is_read_from_torch_1x_words() -> None:
    # torch/cuda/__init__.py's _check_capability (torch 1.x), as it prints it.
    text = (
        "UserWarning: Found GPU0 NVIDIA GeForce RTX 3090 which requires CUDA_VERSION >= 11000 "
        "to work properly, but your PyTorch was compiled with CUDA_VERSION 10020. Please "
        "install the correct PyTorch binary using instructions from https://pytorch.org\n"
    )
    (result,) = explain(text)
    assert result.code == "gpu-arch-not-in-build"
    assert (result.facts["needs_cuda"], result.facts["torch_cuda"]) == ("11.0", "10.2")
    assert result.facts["gpu_arch"] == "sm_86"


def test_cpp_extensions_old_gcc_warning_is_a_compiler_too_old() -> None:
    text = (
        "!! WARNING !!\nYour compiler (g++ 4.8.5) may be ABI-incompatible with PyTorch!\n"
        "Please use a compiler that is ABI-compatible with GCC 5.0 and above.\n"
    )
    (result,) = explain(text)
    assert (result.code, result.facts["compiler"]) == ("cxx-standard-too-old", "gcc 4.8.5")


@pytest.mark.parametrize(
    ("text", "cause_part"),
    [
        ("RuntimeError: Numpy is not available\n", "not installed"),
        (
            "RuntimeError: module compiled against API version 0x10 but this version of numpy "
            "is 0xe\nImportError: numpy.core.multiarray failed to import\n",
            "too old",
        ),
        ("ImportError: numpy.core.multiarray failed to import\n", "another version"),
    ],
)
def test_numpys_other_words_get_the_right_direction(text: str, cause_part: str) -> None:
    (result,) = explain(text)
    assert result.code == "numpy-abi-mismatch" and cause_part in result.cause


def test_pips_retry_warnings_conda_and_the_hub_are_network_answers() -> None:
    retry = (
        "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, "
        "status=None)) after connection broken by 'ConnectTimeoutError(<pip._vendor.urllib3."
        "connection.HTTPSConnection object at 0x7f>, 'Connection to pypi.org timed out. "
        "(connect timeout=15)')': /simple/torch/\n"
    )
    (result,) = explain(retry)
    assert (result.code, result.facts["host"]) == ("download-timed-out", "pypi.org")
    conda = (
        "CondaHTTPError: HTTP 000 CONNECTION FAILED for url "
        "<https://conda.anaconda.org/pytorch/linux-64/current_repodata.json>\n"
    )
    (result,) = explain(conda)
    assert result.cause.startswith("conda could not reach conda.anaconda.org")
    hub = (
        "OSError: We couldn't connect to 'https://huggingface.co' to load this file, couldn't "
        "find it in the cached files\n"
    )
    (result,) = explain(hub)
    assert any("HF_ENDPOINT" in step for step in result.fix)
    # A retry that then got through is no error.
    assert not explain(retry + "Successfully installed torch-2.5.1\n")


def test_a_training_runs_kill_is_not_pips() -> None:
    assert not explain("Epoch 3: 45%|####      | 900/2000\nKilled\n")


def test_a_removed_numpy_alias_inside_an_installed_package_is_the_environment() -> None:
    text = (
        "Traceback (most recent call last):\n"
        '  File "/usr/lib/python3.10/site-packages/imgaug/imgaug.py", line 45, in <module>\n'
        "    NP_FLOAT_TYPES = set(np.sctypes['float'])\n"
        "AttributeError: module 'numpy' has no attribute 'bool'.\n"
    )
    (result,) = explain(text)
    assert (result.kind, result.facts["package"]) == ("environment", "imgaug")
    own = text.replace("/usr/lib/python3.10/site-packages/imgaug/imgaug.py", "train.py")
    (code,) = explain(own)
    assert code.kind == "code"


@pytest.mark.parametrize(
    "text",
    [
        # A later program's kill after pip finished (the lines of a paste arrive joined).
        "Installing collected packages: einops, timm\nSuccessfully installed einops-0.7.0 "
        "timm-0.9.12\n$ python train.py\nLoading checkpoint shards: 100%\nKilled\n",
        # The program's own HTTPS requests to its own servers.
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.myservice.com', "
        "port=443): Max retries exceeded with url: /x (Caused by NewConnectionError('<x>: "
        "Failed to establish a new connection: [Errno 111] Connection refused'))\n",
        "requests.exceptions.SSLError: HTTPSConnectionPool(host='internal.example.local', "
        "port=443): Max retries exceeded (Caused by SSLError(SSLCertVerificationError(1, "
        "'[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed "
        "certificate (_ssl.c:1129)')))\n",
        # A changelog quoting pip's refusal.
        '- README: on Debian 12 you may see "error: externally-managed-environment"; we now '
        "document using a venv.\n",
        # The program's own file-handle leak.
        'File "/home/u/proj/build_dataloader.py", line 9\n    handles = [open(p) for p in '
        "paths]\nOSError: [Errno 24] Too many open files: 'a.txt'\n",
        # A compiler above the floor the warning names.
        "Your compiler (g++ 9.4.0) may be ABI-incompatible with PyTorch!\n",
    ],
)
def test_review_false_positives_get_no_environment_answer(text: str) -> None:
    assert [r.code for r in explain(text) if r.kind == "environment"] == []


@pytest.mark.parametrize(
    "prose",
    [
        "I have an RTX 3090 but no GPU is used when training.",
        "Inside the docker container there is no GPU visible even though the host has a 4090.",
        "我的电脑有4090，但是任务管理器里没有GPU占用",
    ],
)
def test_a_gpu_named_or_unused_is_not_a_machine_without_one(prose: str) -> None:
    (result,) = explain(f"{prose}\nAssertionError: Torch not compiled with CUDA enabled\n")
    assert result.kind == "environment"


def test_review_corrections_of_the_new_answers() -> None:
    (long_,) = explain("AttributeError: module 'numpy' has no attribute 'long'\n")
    assert "builtin (int)" in long_.fix[0] and "np.int64" in long_.fix[0]
    (old,) = explain(
        "RuntimeError: module compiled against API version 0x10 but this version of numpy is 0xe\n"
    )
    assert '"numpy<2"' in old.fix[0]
    (dll,) = explain("cudart64_90.dll not found\n")
    assert dll.facts["program_cuda"] == "9.0"
    (conda,) = explain(
        "CondaHTTPError: HTTP 000 CONNECTION FAILED for url "
        "<https://conda.anaconda.org/pytorch/linux-64/current_repodata.json>\n"
    )
    assert not any("pip install --timeout" in step for step in conda.fix)
    (hub,) = explain(
        "OSError: We couldn't connect to 'https://huggingface.co' to load the files, and "
        "couldn't find them in the cached files.\n"
    )
    assert "HF_HUB_OFFLINE" in hub.fix[0]
    (amd,) = explain(
        "Display adapters: AMD Radeon(TM) Graphics, NVIDIA GeForce RTX 3060 Laptop GPU\n"
        "AssertionError: Torch not compiled with CUDA enabled\n"
    )
    assert "ROCm" not in " ".join(amd.fix)


def test_illegal_instruction_without_the_cpu_named_mentions_arm_boards() -> None:
    # errors_blind75: a Jetson whose NumPy/OpenBLAS misdetected the core.
    (result,) = explain("Invalid instruction (Core dumped)")
    assert result.code == "illegal-instruction"
    assert any("OPENBLAS_CORETYPE=ARMV8" in step for step in result.fix)


def test_python_2s_missing_c_core_under_torch_init_is_a_shadowing_folder() -> None:
    # errors_blind74 (pytorch#574): run inside the source checkout.
    text = (
        'File "torch/__init__.py", line 45, in <module>\n    from torch._C import *\n'
        "ImportError: No module named _C"
    )
    (result,) = explain(text)
    assert result.code == "torch-c-extension-missing"


@pytest.mark.parametrize(
    ("pasted", "flat"),
    [
        # errors_blind88 (cocoapi#180): the issue author's Markdown bold on the file name.
        ("fatal error: **Python.h**: No such file", "fatal error: Python.h: No such file"),
        ("**clGetDeviceIDs(): CL_DEVICE_NOT_FOUND**", "clGetDeviceIDs(): CL_DEVICE_NOT_FOUND"),
        # Python's own double stars stay.
        ("f(**kwargs, **extra)", "f(**kwargs, **extra)"),
        ("x = a**2 + b**2", "x = a**2 + b**2"),
        ("def f(*args, **kw): return g(**kw)", "def f(*args, **kw): return g(**kw)"),
    ],
)
def test_markdown_bold_is_undone_and_python_stars_are_kept(pasted: str, flat: str) -> None:
    assert normalise(pasted) == flat


_CLEAN_UP_PIECE = st.sampled_from(
    [
        "a",
        "b",
        " ",
        "\t",
        "\n",
        "*",
        "**",
        "│",
        "> ",
        "[rank0]: ",
        "(Worker pid=12) ",
        "ERROR ",
        "INFO:root:",
        "- WARNING - ",
        "| SUCCESS  | m:f:1 - ",
        "[task a] ",
        "```",
        "```py",
        "~~~",
        "<details>",
        "<summary>log</summary>",
        "\u200b",
        "\u2019",
        "\u201c",
        "x_y",
    ]
)


@settings(max_examples=300)
@given(pieces=st.lists(_CLEAN_UP_PIECE, max_size=50), cap=st.sampled_from([2, 4000]))
# Found by this test: the dense fence rule must run after the prefix rule that uncovers a
# fence ("│```").
@example(pieces=["```", "\n", "```", "\n", "│", "```"], cap=2)
def test_line_local_clean_up_equals_each_rule_on_the_whole_text(
    pieces: list[str], cap: int
) -> None:
    # The engine rewrites only the lines holding a marker, all rules in one walk (or, past
    # `cap` marked lines, the densest rule over the whole text first): the result must be
    # that of every rule applied to the whole text in turn.
    from envdoctor import textlines
    from envdoctor.explain import engine

    text = "".join(pieces)
    rules = (engine._PREFIX_RULE, *engine._LINE_RULES)
    whole = text
    for rule in rules:
        whole = rule.fn(whole)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(textlines, "_MAX_MARKED_LINES", cap)
        assert textlines.rewrite_lines(text, rules) == whole


def test_zero_width_spaces_go_before_the_line_rules_whatever_the_log_size() -> None:
    # A web-copied log with a zero-width space on every line: the fence around the message
    # goes in a short paste and in a long one alike.
    tail = '```\u200b\nOSError: Error loading "C:\\x\\fbgemm.dll"\u200b\n```\u200b\n'
    short = normalise("line\u200b\n" * 10 + tail)
    long = normalise("line\u200b\n" * 5000 + tail)
    assert short.endswith('fbgemm.dll"')
    assert long.endswith('fbgemm.dll"')
