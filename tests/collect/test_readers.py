"""The paste readers: each layout class, text damage, and the line each fact came from."""

from __future__ import annotations

import pytest

from envdoctor.collect.readers import fuse, make_document, read_document
from envdoctor.collect.readers.handwritten import read_handwritten
from envdoctor.collect.readers.packages import read_packages
from envdoctor.collect.readers.signatures import read_signatures
from envdoctor.collect.readers.tables import read_lshw, read_nvidia_smi
from envdoctor.collect.readers.text import clean_line
from envdoctor.evidence import Evidence, Observation
from envdoctor.snapshot import DriverState, TorchState

SECTIONED = """\
==============================
       PyTorch Info
==============================
PyTorch version              : 2.5.1+cu124
Is debug build               : False
CUDA used to build PyTorch   : 12.4
==============================
       CUDA / GPU Info
==============================
Is CUDA available            : True
GPU models and configuration : GPU 0: NVIDIA H100 80GB HBM3
Nvidia driver version        : 550.127.08
==============================
Versions of relevant libraries
==============================
[pip3] torch==2.5.1
"""


def evidence(text: str, name: str = "paste.txt") -> Evidence:
    base, obs, sigs = read_document(make_document(name, text))
    return fuse(base, obs, sigs, text=text)


def values(obs: list[Observation], key: str) -> list[str]:
    return [o.value for o in obs if o.key == key]


def test_vllm_sectioned_layout_with_padded_keys() -> None:
    snap = evidence(SECTIONED).snapshot
    assert (snap.torch.state, snap.torch.version, snap.torch.cuda) == (
        TorchState.OK,
        "2.5.1+cu124",
        "12.4",
    )
    assert snap.driver.version == "550.127.08"
    assert [g.name for g in snap.gpus] == ["NVIDIA H100 80GB HBM3"]


def test_full_width_colons() -> None:
    text = "PyTorch version： 2.0.1+cu118\nCUDA used to build PyTorch： 11.8\nGPU 0：Tesla P100\n"
    snap = evidence(text).snapshot
    assert snap.torch.version == "2.0.1+cu118" and snap.torch.cuda == "11.8"


def test_huggingface_env_bullets() -> None:
    text = (
        "- `transformers` version: 4.35.0\n- Platform: Linux-5.15.0-x86_64-with-glibc2.35\n"
        "- Python version: 3.10.12\n- PyTorch version (GPU?): 2.1.0+cu121 (True)\n"
    )
    obs = read_handwritten(make_document("hf", text))
    assert values(obs, "torch.version") == ["2.1.0+cu121"]
    assert values(obs, "torch.cuda") == ["12.1"]
    assert values(obs, "torch.cuda_available") == ["True"]
    assert values(obs, "python.version") == ["3.10.12"]


def test_issue_template_and_markdown() -> None:
    text = (
        "- PyTorch Version (e.g., 1.0): 1.5.0\n- GPU models and configuration: RTX 2080 Ti\n"
        "**Torch**: 2.2.0+cu121\nPyTorch version 1.5.0\n"
    )
    obs = read_handwritten(make_document("md", text))
    assert "1.5.0" in values(obs, "torch.version")
    assert "2.2.0+cu121" in values(obs, "torch.version")
    assert values(obs, "gpu") == ["RTX 2080 Ti"]


def test_untagged_version_leaves_the_build_unknown() -> None:
    snap = evidence("- PyTorch version: 2.2.0\n- GPU: NVIDIA GeForce RTX 4090\n").snapshot
    assert snap.torch.version == "2.2.0"
    assert snap.torch.state is TorchState.UNKNOWN  # which CUDA build is not stated


def test_nvidia_smi_table_and_list() -> None:
    text = (
        "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |\n"
        "|   0  NVIDIA GeForce RTX 3090     Off | 00000000:01:00.0  On |                  N/A |\n"
        "GPU 1: NVIDIA A100-SXM4-80GB (UUID: GPU-0a1b2c3d-1111-2222-3333-444455556666)\n"
    )
    obs = read_nvidia_smi(make_document("smi", text))
    assert values(obs, "driver.version") == ["535.104.05"]
    assert values(obs, "driver.cuda") == ["12.2"]
    assert values(obs, "gpu") == ["NVIDIA GeForce RTX 3090", "NVIDIA A100-SXM4-80GB"]


def test_lshw_display_section() -> None:
    text = (
        "  *-display\n       description: VGA compatible controller\n"
        "       product: GA102 [GeForce RTX 3090]\n       vendor: NVIDIA Corporation\n"
        "       configuration: driver=nouveau latency=0\n"
    )
    obs = read_lshw(make_document("lshw", text))
    assert values(obs, "gpu") == ["GeForce RTX 3090"]
    assert values(obs, "lshw.driver") == ["nouveau"]


def test_package_lists() -> None:
    text = (
        "torch                    2.1.0+cu118\n"
        "pytorch                   1.13.1          py3.9_cpu_0    pytorch\n"
        "pytorch-mutex             1.0                     cpu    pytorch\n"
        "cpuonly                   2.0                       0    pytorch\n"
        "pytorch   2.0.1   py3.10_cuda11.8_cudnn8.7.0_0   pytorch\n"
        "torch==2.3.0\n"
    )
    obs = read_packages(make_document("pkgs", text))
    assert values(obs, "torch.version") == ["2.1.0+cu118", "1.13.1", "2.0.1", "2.3.0"]
    assert values(obs, "torch.cuda") == ["11.8", "", "", "", "11.8"]


def test_old_conda_builds_features_and_match_specs() -> None:
    # conda 4.x lists name features in brackets; the pytorch channel's 1.x CUDA builds were
    # `cuda100py37...`; a match spec with a build string states the build in prose.
    text = (
        "pytorch                   1.3.1           cuda100py37h53c1284_0**\n"
        "pytorch                   1.4.0               py3.7_cpu_0  [cpuonly]  pytorch\n"
        "it is pytorch=1.9.0=py3.8_cpu_0 in the package list\n"
        "conda install pytorch==1.12.1=py3.9_cuda11.3_cudnn8.3.2_0\n"
        "pytorch-lightning=1.9.0=pyhd8ed1ab_0\n"
    )
    obs = read_packages(make_document("pkgs", text))
    assert values(obs, "torch.version") == ["1.3.1", "1.4.0", "1.9.0", "1.12.1"]
    assert values(obs, "torch.cuda") == ["10.0", "", "", "11.3"]


def test_a_cpu_build_in_one_of_two_environments_is_found() -> None:
    from envdoctor.analyse.evidence import diagnose
    from envdoctor.analyse.findings import Status
    from envdoctor.matrix import load_matrix

    text = (
        "env1 works:\n"
        "pytorch                   1.3.1           cuda100py37h53c1284_0\n"
        "env2 does not (cuda.is_available()==False):\n"
        "pytorch                   1.4.0               py3.7_cpu_0  [cpuonly]  pytorch\n"
    )
    report = diagnose(evidence(text), load_matrix())
    cpu = [f for f in report.findings if f.code == "torch-cpu-only"]
    assert cpu and cpu[0].status is Status.FAIL and "1.4.0" in cpu[0].title
    assert "paste.txt:4:" in cpu[0].facts["evidence"]


def test_kernel_log_of_a_module_that_drives_no_gpu_fails() -> None:
    from envdoctor.analyse.evidence import diagnose
    from envdoctor.analyse.findings import Status
    from envdoctor.matrix import load_matrix

    text = (
        "[  549.976351] NVRM: The NVIDIA probe routine was not called for 3 device(s).\n"
        "[  549.977053] NVRM: This can occur when a driver such as: \n"
        "NVRM: nouveau, rivafb, nvidiafb or rivatv \n"
    )
    report = diagnose(evidence(text), load_matrix())
    assert any(f.code == "driver-not-loaded" and f.status is Status.FAIL for f in report.findings)
    # a healthy boot log names NVRM too, without a probe failure: nothing to judge
    _obs, sigs = read_signatures(
        make_document("dmesg", "[ 5.1] NVRM: loading NVIDIA UNIX x86_64 Kernel Module  550.54.14\n")
    )
    assert not sigs


def test_nvidia_smi_failure_with_a_typographic_apostrophe() -> None:
    for apostrophe in ("'", "\u2018", "\u2019", ""):
        text = f"NVIDIA-SMI has failed because it couldn{apostrophe}t communicate with the NVIDIA driver.\n"
        _obs, sigs = read_signatures(make_document("smi", text))
        assert [s.code for s in sigs] == ["nvidia-smi-failed"], apostrophe


def test_signatures_state_facts() -> None:
    text = (
        "UserWarning: CUDA initialization: The NVIDIA driver on your system is too old\n"
        "(found version 11040). Please update your GPU driver\n"
        "NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current\n"
        "PyTorch installation.\nThe current PyTorch install supports CUDA capabilities sm_50 sm_60\n"
        " sm_70 sm_75 sm_80 sm_86 sm_90.\n"
    )
    obs, sigs = read_signatures(make_document("log", text))
    assert values(obs, "driver.cuda") == ["11.4"]
    arch = next(s for s in sigs if s.code == "gpu-arch-warning")
    assert arch.facts["capability"] == "12.0"
    assert arch.facts["arch_list"].split()[-1] == "sm_90"
    too_old = next(s for s in sigs if s.code == "driver-too-old")
    assert too_old.quotes[0].line == 1


def test_arch_warning_gpu_name_starts_at_the_device_name() -> None:
    # The warning quoted inside a sentence: the words before the device name are prose.
    text = (
        "we run yolov8 on rtx 5080 and get NVIDIA GeForce RTX 5080 with CUDA capability sm_120 "
        "is not compatible with the current PyTorch installation.\nThe current PyTorch install "
        "supports CUDA capabilities sm_50 sm_80 sm_90.\n"
    )
    obs, sigs = read_signatures(make_document("log", text))
    arch = next(s for s in sigs if s.code == "gpu-arch-warning")
    assert arch.facts["gpu"] == "NVIDIA GeForce RTX 5080"
    assert values(obs, "gpu") == ["NVIDIA GeForce RTX 5080"]
    _obs, sigs = read_signatures(
        make_document(
            "log",
            "Tesla K40c with CUDA capability sm_35 is not compatible with the current PyTorch "
            "installation. The current PyTorch install supports CUDA capabilities sm_50 sm_60.",
        )
    )
    assert next(s for s in sigs if s.code == "gpu-arch-warning").facts["gpu"] == "Tesla K40c"


def test_hugging_face_platform_line_tells_wsl_1() -> None:
    text = (
        "- Platform: Linux-4.4.0-19041-Microsoft-x86_64-with-glibc2.31\n"
        "- PyTorch version (GPU?): 1.12.1+cu116 (False)\n"
    )
    obs = read_handwritten(make_document("env", text))
    assert values(obs, "system.wsl") == ["1"]
    wsl2 = "- Platform: Linux-5.15.90.1-microsoft-standard-WSL2-x86_64-with-glibc2.35\n"
    assert values(read_handwritten(make_document("env", wsl2)), "system.wsl") == ["2"]
    plain = "- Platform: Linux-5.15.0-91-generic-x86_64-with-glibc2.35\n"
    assert values(read_handwritten(make_document("env", plain)), "system.wsl") == []


def test_comfyui_system_info_device_block_names_the_gpu() -> None:
    text = (
        "> ## Devices\n> \n> - **Name:** cuda:0 NVIDIA GeForce RTX 5070 Ti : cudaMallocAsync\n"
        ">   - **Type:** cuda\n"
    )
    obs = read_handwritten(make_document("sysinfo", text))
    assert values(obs, "gpu") == ["NVIDIA GeForce RTX 5070 Ti"]
    # A "Name:" that is not a CUDA device is not a GPU.
    assert values(read_handwritten(make_document("x", "- **Name:** my-device\n")), "gpu") == []


def test_chinese_labels_and_a_label_in_front_of_the_tools_own() -> None:
    # Real paste (DeepVAC/TorchPod#43): a Chinese label in front of nvidia-smi's own.
    text = "- 显卡型号: GeForce GTX 1650\n- 驱动版本: Driver Version: 460.80\n"
    obs = read_handwritten(make_document("env", text))
    assert values(obs, "gpu") == ["GeForce GTX 1650"]
    assert values(obs, "driver.version") == ["460.80"]
    # A nested value that is no known key, or no version, still says nothing.
    other = "- 备注: Note: see 460.80\n- 驱动版本: Driver Version: unknown\n"
    assert values(read_handwritten(make_document("x", other)), "driver.version") == []


def test_conda_install_plan_states_the_torch_build() -> None:
    cpu = (
        "  cpuonly            pytorch/noarch::cpuonly-2.0-0\n"
        "  pytorch            pytorch/win-64::pytorch-1.10.0-py3.6_cpu_0\n"
        "  pytorch-mutex      pytorch/noarch::pytorch-mutex-1.0-cpu\n"
    )
    obs = read_packages(make_document("plan", cpu))
    assert values(obs, "torch.version") == ["1.10.0"]
    assert set(values(obs, "torch.cuda")) == {""}
    cuda = "  pytorch   pytorch/linux-64::pytorch-2.1.0-py3.10_cuda12.1_cudnn8.9.2_0\n"
    obs = read_packages(make_document("plan", cuda))
    assert values(obs, "torch.cuda") == ["12.1"]


def test_conda_asking_for_cuda_is_a_cuda_request() -> None:
    _obs, sigs = read_signatures(
        make_document("plan", "conda install pytorch torchvision cudatoolkit=10.1 -c pytorch\n")
    )
    assert [s.code for s in sigs] == ["cuda-wanted"]
    _obs, sigs = read_signatures(make_document("list", "cudatoolkit   11.3.1   h2bc3f7f_2\n"))
    assert sigs == []


def test_min_max_capability_warning() -> None:
    text = (
        "Found GPU0 NVIDIA GB10 which is of cuda capability 12.1.\n"
        "    Minimum and Maximum cuda capability supported by this version of PyTorch is\n"
        "    (8.0) - (12.0)\n"
    )
    _obs, sigs = read_signatures(make_document("w", text))
    assert sigs[0].facts == {
        "gpu": "NVIDIA GB10",
        "capability": "12.1",
        "min_capability": "8.0",
        "max_capability": "12.0",
    }


def test_text_damage_prefixes_are_removed() -> None:
    assert clean_line("app-1  | RuntimeError: x") == "RuntimeError: x"
    assert clean_line("webui_1 | PyTorch version: 2.1.0") == "PyTorch version: 2.1.0"
    assert clean_line("(venv) user@box:~/src$ nvidia-smi") == "nvidia-smi"
    assert clean_line("PS C:\\Users\\me> python -c x") == "python -c x"
    assert clean_line(">>> import torch") == "import torch"
    assert clean_line("> > quoted") == "quoted"
    assert clean_line("\x1b[31mError\x1b[0m") == "Error"


def test_docker_compose_log_keeps_line_numbers() -> None:
    text = "a-1  | hello\r\na-1  | Found no NVIDIA driver on your system.\r\n"
    ev = evidence(text)
    assert ev.snapshot.driver.state is DriverState.NO_DRIVER
    assert ev.signals[0].quotes[0].line == 2
    assert ev.signals[0].quotes[0].text.startswith("a-1  |")


def test_conflicting_inputs_are_kept() -> None:
    text = (
        "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2 |\n"
        "RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n"
    )
    ev = evidence(text)
    assert [c.key for c in ev.conflicts] == ["driver.cuda"]
    assert ev.snapshot.driver.cuda_version == "12.2"  # the table outranks the message


def test_unknown_stays_unknown() -> None:
    ev = evidence("My training crashes after 3 epochs with RTX cards in general.\n")
    assert ev.snapshot.torch.version is None
    assert ev.snapshot.driver.state is DriverState.UNKNOWN
    assert ev.snapshot.gpus == ()


def test_gpu_named_in_a_short_hand_written_list() -> None:
    obs = read_handwritten(make_document("md", "CUDA 12.1, RTX 4090\nUbuntu 22.04, 2x A100\n"))
    assert values(obs, "gpu") == ["RTX 4090", "A100"]
    prose = read_handwritten(make_document("md", "I tried it on an RTX 4090 and it works fine\n"))
    assert values(prose, "gpu") == []  # prose is not a statement about this machine


def test_import_torch_failing_on_a_library() -> None:
    text = (
        'File "/env/lib/python3.10/site-packages/torch/__init__.py", line 229, in <module>\n'
        "    from torch._C import *  # noqa: F403\n"
        "ImportError: libcudnn.so.8: cannot open shared object file: No such file or directory\n"
    )
    _obs, sigs = read_signatures(make_document("log", text))
    assert [(s.code, s.facts["library"]) for s in sigs] == [("torch-broken", "libcudnn.so.8")]
    assert sigs[0].quotes[0].line == 3
    other = text.replace("torch/__init__.py", "onnxruntime/__init__.py")
    assert read_signatures(make_document("log", other))[1] == []  # not torch's own import


@pytest.mark.parametrize("marker", ["* ", "- ", "+ ", "• "])
def test_markdown_list_markers_are_stripped(marker: str) -> None:
    # A collect_env report pasted as a Markdown list: "* CUDA used to build PyTorch: Could
    # not collect" must still be read, or a CPU build on a GPU machine looks healthy.
    assert clean_line(marker + "CUDA used to build PyTorch: None") == (
        "CUDA used to build PyTorch: None"
    )
    assert clean_line("---") == "---"  # a rule, not a list item


def test_a_collect_env_report_as_a_markdown_list_is_still_read() -> None:
    lines = [
        "PyTorch version: 1.12.1",
        "CUDA used to build PyTorch: Could not collect",
        "OS: Microsoft Windows 11 Enterprise",
        "Python version: 3.9.13 (main) [MSC v.1916 64 bit (AMD64)] (64-bit runtime)",
        "Is CUDA available: False",
        "GPU models and configuration: GPU 0: NVIDIA GeForce RTX 3060 Laptop GPU",
        "Nvidia driver version: 512.78",
    ]
    doc = make_document("env.md", "\n".join("* " + line for line in lines))
    snap, _obs, _sig = read_document(doc)
    assert snap is not None
    assert snap.torch.state is TorchState.OK and snap.torch.cuda is None  # a CPU build
