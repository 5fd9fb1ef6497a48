"""Tests for envdoctor.collect.collect_env_report against real pasted reports.

Fixtures in tests/fixtures/collect_env/ are verbatim from public GitHub issues
(sources in SOURCES.md); synthetic inputs below are built from them line by line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from envdoctor import i18n
from envdoctor.collect.collect_env_report import (
    CollectEnvParseError,
    decode_report,
    looks_like_collect_env,
    parse_collect_env,
)
from envdoctor.snapshot import DriverState, Snapshot, TorchState

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "collect_env"
ALL_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.txt"))


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse(name: str) -> Snapshot:
    return parse_collect_env(read(name))


def probe(snap: Snapshot, key: str) -> tuple[bool, str | None] | None:
    for record in snap.probes:
        if record.name == f"collect_env:{key}":
            return record.ok, record.detail
    return None


# --- every real report -------------------------------------------------------------


def test_there_are_enough_real_reports() -> None:
    assert len(ALL_FIXTURES) >= 12
    sources = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    for name in ALL_FIXTURES:
        assert name in sources, f"{name} has no source URL in SOURCES.md"


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_fixture_parses_and_round_trips(name: str) -> None:
    text = read(name)
    assert looks_like_collect_env(text)
    snap = parse_collect_env(text)
    assert snap.origin == "collect_env"
    # The result is a valid, serialisable snapshot: what `check --save` would write.
    assert Snapshot.from_dict(json.loads(json.dumps(snap.to_dict()))) == snap
    # GPUs from a report never carry a compute capability: another module derives it.
    assert all(gpu.compute_capability is None for gpu in snap.gpus)


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_crlf_and_quoting_do_not_change_the_facts(name: str) -> None:
    text = read(name)
    expected = parse_collect_env(text)
    assert parse_collect_env(text.replace("\n", "\r\n")) == expected
    quoted = "\n".join("> " + line if line else ">" for line in text.split("\n"))
    assert parse_collect_env(quoted) == expected


# --- 1.x format ----------------------------------------------------------------------


def test_torch_1_5_windows_quadro_p1000() -> None:
    snap = parse("pt39133_win10_torch1.5_quadro_p1000.txt")
    assert snap.torch.state is TorchState.OK
    assert snap.torch.version == "1.5.0+cu101"
    assert snap.torch.cuda == "10.1"
    assert snap.torch.cuda_available is True  # 1.x prints "Yes"
    assert snap.torch.cudnn is None
    assert snap.python.version == "3.7"  # 1.x prints only major.minor
    assert snap.python.pointer_bits is None  # and no bitness
    assert [(g.index, g.name) for g in snap.gpus] == [(0, "Quadro P1000")]
    assert snap.driver.state is DriverState.OK
    assert snap.driver.version == "426.25"
    assert snap.driver.source == "collect_env"
    assert snap.toolkit.nvcc_version == "10.1"
    # "OS: Could not collect", no platform line: the OS stays unknown. The prose after
    # the closing fence ("OS: windows 10") is not part of the report.
    assert snap.system.os is None
    assert snap.system.os_release is None


def test_torch_1_6_two_v100_on_following_lines() -> None:
    snap = parse("pt43058_rhel_torch1.6_2x_v100.txt")
    assert [(g.index, g.name) for g in snap.gpus] == [
        (0, "Tesla V100-PCIE-16GB"),
        (1, "Tesla V100-PCIE-16GB"),
    ]
    assert snap.torch.cuda_available is False  # "No"
    assert snap.torch.cuda == "10.2"
    assert snap.driver.version == "418.67"
    assert snap.toolkit.nvcc_version is None  # "Could not collect"
    # "(Maipo)" is a release code name, not a machine.
    assert snap.system.os == "Linux"
    assert snap.system.os_release == "Red Hat Enterprise Linux Server 7.6 (Maipo)"
    assert snap.system.machine is None
    # torch listed by conda as "<pip>": a pip install, not a conda package.
    assert snap.python.env_kind is None


def test_torch_1_4_conda_pytorch_package_marks_conda() -> None:
    snap = parse("pt33469_torch1.4_2x_titan_xp_conda.txt")
    assert snap.python.env_kind == "conda"
    assert snap.torch.version == "1.4.0"
    assert snap.torch.cuda == "10.0"
    assert [g.name for g in snap.gpus] == ["TITAN Xp", "TITAN Xp"]  # Pascal
    assert snap.driver.version == "410.129"
    assert snap.system.os == "Linux"
    assert snap.system.os_release == "Ubuntu 16.04.6 LTS"
    assert snap.system.machine is None  # 1.4 did not print the machine
    # Prose after the package list is ignored.
    libraries = probe(snap, "libraries")
    assert libraries is not None
    assert libraries[1] is not None
    assert "Process finished" not in libraries[1]


def test_indented_report_with_cpu_build_line() -> None:
    snap = parse("pt44303_torch1.3.1_indented.txt")
    assert snap.torch.state is TorchState.OK
    assert snap.torch.version == "1.3.1"
    assert snap.torch.cuda is None  # "Could not collect"
    assert probe(snap, "cuda_build") == (False, "Could not collect")
    assert snap.toolkit.nvcc_version == "10.1"
    assert [g.name for g in snap.gpus] == ["GeForce RTX 2080 Ti"]
    assert snap.driver.version == "430.64"
    # The system cuDNN list is kept verbatim but never becomes torch's cuDNN.
    assert snap.torch.cudnn is None
    cudnn = probe(snap, "cudnn")
    assert cudnn is not None
    assert cudnn[1] is not None
    assert "/usr/lib/x86_64-linux-gnu/libcudnn.so.7.6.5" in cudnn[1]


def test_quoted_windows_server_report_truncated_in_package_list() -> None:
    snap = parse("pt40682_winserver2019_quoted_truncated.txt")
    assert snap.system.os == "Windows"
    assert snap.system.os_release == "Microsoft Windows Server 2019 Standard"
    assert snap.torch.version == "1.5.0+cu101"
    assert snap.torch.cuda_available is True
    assert [g.name for g in snap.gpus] == ["TITAN RTX", "TITAN RTX"]
    assert snap.driver.version == "442.92"


# --- 2.x format ----------------------------------------------------------------------


def test_windows_11_gtx_1050_ti() -> None:
    snap = parse("pt51858_win11_torch2.0.1_gtx1050ti_truncated.txt")
    assert snap.system.os == "Windows"
    assert snap.system.os_release == "Microsoft Windows 11 Pro"
    assert snap.system.kernel == "10.0.22621"
    assert snap.system.wsl is None
    assert snap.python.version == "3.9.16"
    assert snap.python.pointer_bits == 64
    assert snap.python.glibc is None  # "Libc version: N/A"
    assert snap.torch.version == "2.0.1+cu117"
    assert snap.torch.cuda == "11.7"
    assert snap.torch.cuda_available is True
    assert snap.toolkit.nvcc_version == "11.7"
    assert snap.driver.version == "535.98"
    assert [g.name for g in snap.gpus] == ["NVIDIA GeForce GTX 1050 Ti"]
    assert snap.environment == {"CUDA_MODULE_LOADING": "LAZY"}
    # The Windows CPU block ("Name=...") is not mistaken for facts.
    assert probe(snap, "cpu") == (True, None)


def test_windows_cpu_wheel_reports_no_cuda() -> None:
    snap = parse("pt137846_win11_cpu_wheel_no_cuda_truncated.txt")
    assert snap.torch.state is TorchState.OK
    assert snap.torch.version == "2.8.0.dev20250528+cpu"
    assert snap.torch.cuda is None
    assert probe(snap, "cuda_build") == (False, "None")  # stated, not missing
    assert snap.torch.cuda_available is False
    assert snap.gpus == ()
    assert snap.driver.state is DriverState.UNKNOWN  # "No CUDA" cannot tell
    assert snap.driver.version is None
    assert snap.toolkit.nvcc_version is None
    assert snap.environment == {}  # "CUDA_MODULE_LOADING set to: N/A"
    # The 2.5+ Windows OS line carries the build number in parentheses.
    assert snap.system.os_release == "Microsoft Windows 11 Enterprise"
    assert snap.system.kernel == "10.0.22631"


def test_cpu_build_of_torch_on_a_machine_with_an_rtx_4080() -> None:
    snap = parse("pt122924_win11_cpu_build_rtx4080_laptop_truncated.txt")
    assert snap.torch.state is TorchState.OK
    assert snap.torch.version == "2.2.2"
    assert snap.torch.cuda is None
    assert snap.torch.cuda_available is False
    assert [g.name for g in snap.gpus] == ["NVIDIA GeForce RTX 4080 Laptop GPU"]
    assert snap.driver.state is DriverState.OK
    assert snap.driver.version == "551.86"
    assert snap.toolkit.nvcc_version == "12.4"
    assert snap.environment == {}


def test_rtx_5090_d_with_torch_2_6_warning_lines_before_the_report() -> None:
    snap = parse("pt150733_rtx5090d_torch2.6_cu126_truncated.txt")
    assert snap.torch.state is TorchState.OK
    assert snap.torch.version == "2.6.0+cu126"
    assert snap.torch.cuda == "12.6"
    assert snap.torch.cuda_available is True
    assert [(g.index, g.name) for g in snap.gpus] == [(0, "NVIDIA GeForce RTX 5090 D")]
    assert snap.driver.version == "570.124.04"
    assert snap.system.os_release == "Ubuntu 24.10"
    assert snap.system.kernel == "6.11.0-21-generic"
    assert snap.system.machine == "x86_64"
    assert snap.python.version == "3.12.9"
    assert snap.python.glibc == "2.40"
    # The warning text printed by `import torch` is not a fact of the report.
    assert snap.torch.cuda_warnings == ()
    # Truncated inside the cuDNN list: the rest stays unknown.
    assert probe(snap, "libraries") is None
    assert snap.python.env_kind is None


def test_macos_complete_report() -> None:
    snap = parse("pt164943_macos13_torch2.10_complete.txt")
    assert snap.system.os == "Darwin"
    assert snap.system.os_release == "macOS 13.7.4"
    assert snap.system.machine == "arm64"
    assert snap.system.wsl is None
    assert snap.torch.version == "2.10.0.dev20251008"
    assert snap.torch.cuda is None
    assert snap.torch.cuda_available is False
    assert snap.gpus == ()
    assert snap.driver.state is DriverState.UNKNOWN
    assert snap.python.version == "3.11.9"
    assert snap.python.glibc is None
    libraries = probe(snap, "libraries")
    assert libraries == (
        True,
        "[pip3] numpy==2.3.3\n[pip3] torch==2.10.0.dev20251008\n"
        "[pip3] torchaudio==2.8.0.dev20251008\n[pip3] torchvision==0.25.0.dev20251008\n"
        "[conda] Could not collect",
    )


def test_mac_osx_1_8_conda_without_pytorch_package_is_not_marked_conda() -> None:
    snap = parse("pt48145_macosx11_torch1.8_nightly_conda_truncated.txt")
    assert snap.system.os == "Darwin"
    assert snap.system.os_release == "Mac OSX 11.0"
    assert snap.system.machine == "x86_64"
    assert snap.python.version == "3.8"
    assert snap.python.pointer_bits == 64
    assert snap.torch.version == "1.8.0.dev20201117"
    assert snap.python.env_kind is None  # "_pytorch_select" is not pytorch


# --- WSL ----------------------------------------------------------------------------


def test_wsl2_report() -> None:
    snap = parse("wsl8102_wsl2_torch1.10_rtx3080_laptop_truncated.txt")
    assert snap.system.os == "Linux"
    assert snap.system.wsl == 2
    assert snap.system.kernel == "5.10.16.3-microsoft-standard-WSL2"
    assert snap.system.machine == "x86_64"
    assert snap.python.glibc == "2.31"
    assert snap.torch.version == "1.10.2+cu113"
    assert snap.torch.cuda_available is False
    assert snap.driver.version == "511.79"  # the Windows host driver, seen from WSL
    assert [g.name for g in snap.gpus] == ["NVIDIA GeForce RTX 3080 Laptop GPU"]
    assert snap.toolkit.nvcc_version == "11.4"


def test_wsl2_with_lscpu_block() -> None:
    snap = parse("vllm9293_wsl2_torch2.4_rtx4070_laptop_cpu_block_truncated.txt")
    assert snap.system.wsl == 2
    assert snap.torch.cuda_available is True
    assert snap.torch.cuda == "12.1"
    assert snap.driver.version == "551.88"
    assert snap.environment == {"CUDA_MODULE_LOADING": "LAZY"}
    assert probe(snap, "cpu") == (True, None)


def test_eight_gpus_on_following_lines_report_cut_mid_line() -> None:
    snap = parse("vllm8255_wsl2_8x_rtx4000ada_truncated.txt")
    assert [g.index for g in snap.gpus] == list(range(7))
    assert all(g.name.startswith("NVIDIA RTX 4000 Ada Generatio") for g in snap.gpus)
    assert snap.system.wsl == 2
    # The report ends before the driver line: unknown, and not invented.
    assert snap.driver.state is DriverState.UNKNOWN
    assert snap.driver.source is None
    assert snap.torch.version == "2.4.0+cu121"


# --- driver and torch state edge cases ----------------------------------------------


def test_driver_could_not_collect_is_unknown_not_no_driver() -> None:
    snap = parse("pt77520_driver_could_not_collect_truncated.txt")
    assert snap.driver.state is DriverState.UNKNOWN
    assert snap.driver.source == "collect_env"
    assert snap.driver.version is None
    assert snap.gpus == ()
    assert snap.torch.version == "1.10.2"
    assert snap.torch.hip is None  # "ROCM used to build PyTorch: N/A"
    assert snap.python.version == "3.6.13"
    assert snap.python.glibc == "2.17"  # the Libc line wins over the platform string
    assert snap.system.kernel == "5.4.0-81-generic"


def test_no_torch_but_truncated_report_is_unknown() -> None:
    snap = parse("pt82382_no_torch_truncated.txt")
    assert snap.torch.state is TorchState.UNKNOWN
    assert snap.torch.version is None
    assert snap.torch.cuda_available is None  # "N/A"
    assert [g.name for g in snap.gpus] == ["Tesla T4"]
    assert snap.driver.version == "510.47.03"
    assert snap.system.kernel == "5.4.0-1068-aws"


def test_no_torch_while_pip_lists_torch_is_unknown() -> None:
    # Python 2.7 ran the script, pip3 (another interpreter) lists torch.
    snap = parse("pt42887_macosx_no_torch_na.txt")
    assert snap.torch.state is TorchState.UNKNOWN
    assert snap.torch.version is None
    assert snap.python.version == "2.7"


def test_no_torch_in_an_intact_report_is_missing() -> None:
    lines = read("pt42887_macosx_no_torch_na.txt").splitlines()
    text = "\n".join(line for line in lines if "torch" not in line)
    snap = parse_collect_env(text)
    assert snap.torch.state is TorchState.MISSING
    assert snap.torch.version is None


def test_missing_header_takes_the_version_from_pip_but_stays_unknown() -> None:
    text = read("pt51858_win11_torch2.0.1_gtx1050ti_truncated.txt")
    text = text.replace("PyTorch version: 2.0.1+cu117\n", "")
    snap = parse_collect_env(text)
    assert snap.torch.state is TorchState.UNKNOWN
    assert snap.torch.version == "2.0.1+cu117"
    assert snap.torch.cuda == "11.7"


def test_missing_header_takes_the_version_from_conda() -> None:
    text = read("pt33469_torch1.4_2x_titan_xp_conda.txt").replace("PyTorch version: 1.4.0\n", "")
    snap = parse_collect_env(text)
    assert snap.torch.version == "1.4.0"
    assert snap.torch.state is TorchState.UNKNOWN


def test_old_pip_package_format() -> None:
    text = (
        "Collecting environment information...\n"
        "Is debug build: No\n"
        "CUDA used to build PyTorch: 9.0.176\n"
        "\n"
        "Versions of relevant libraries:\n"
        "[pip] numpy (1.15.4)\n"
        "[pip] torch (1.0.0)\n"
        "[conda] Could not collect\n"
    )
    snap = parse_collect_env(text)
    assert snap.torch.version == "1.0.0"
    assert snap.torch.cuda == "9.0.176"


def test_cuda_build_line_missing_leaves_no_probe() -> None:
    text = read("pt164943_macos13_torch2.10_complete.txt")
    without = parse_collect_env(text.replace("CUDA used to build PyTorch: None\n", ""))
    assert without.torch.cuda is None
    assert probe(without, "cuda_build") is None
    assert probe(parse_collect_env(text), "cuda_build") == (False, "None")


def test_conda_pytorch_from_pypi_is_not_conda() -> None:
    text = read("pt164943_macos13_torch2.10_complete.txt").replace(
        "[conda] Could not collect",
        "[conda] pytorch                   2.1.0                    pypi_0    pypi",
    )
    assert parse_collect_env(text).python.env_kind is None


def test_rocm_build_plain_gpu_name_is_not_an_nvidia_gpu() -> None:
    text = (
        "PyTorch version: 2.1.1+git011de5c\n"
        "Is debug build: False\n"
        "CUDA used to build PyTorch: N/A\n"
        "ROCM used to build PyTorch: 6.0.32830-d62f6a171\n"
        "Is CUDA available: True\n"
        "GPU models and configuration: AMD Instinct MI250X/MI250NoGCNArchNameOnOldPyTorch\n"
        "Nvidia driver version: Could not collect\n"
    )
    snap = parse_collect_env(text)
    assert snap.torch.hip == "6.0.32830-d62f6a171"
    assert snap.torch.cuda is None
    assert snap.gpus == ()
    assert probe(snap, "gpu_models") == (
        True,
        "AMD Instinct MI250X/MI250NoGCNArchNameOnOldPyTorch",
    )


def test_plain_nvidia_name_and_uuid_forms() -> None:
    plain = parse_collect_env(
        "PyTorch version: 2.1.0+cu121\nGPU models and configuration: NVIDIA GeForce RTX 3090\n"
    )
    assert [(g.index, g.name) for g in plain.gpus] == [(0, "NVIDIA GeForce RTX 3090")]
    with_uuid = parse_collect_env(
        "PyTorch version: 2.1.0+cu121\n"
        "GPU models and configuration:\n"
        "GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-5a1b2c3d-0000-1111-2222-333344445555)\n"
        "GPU 1: NVIDIA A100-SXM4-80GB (UUID: GPU-6a1b2c3d-0000-1111-2222-333344445555)\n"
        "\n"
        "Nvidia driver version: 535.104.05\n"
    )
    assert [(g.index, g.name, g.uuid) for g in with_uuid.gpus] == [
        (0, "NVIDIA A100-SXM4-80GB", "GPU-5a1b2c3d-0000-1111-2222-333344445555"),
        (1, "NVIDIA A100-SXM4-80GB", "GPU-6a1b2c3d-0000-1111-2222-333344445555"),
    ]
    assert with_uuid.driver.version == "535.104.05"


def test_wsl1_kernel() -> None:
    snap = parse_collect_env(
        "PyTorch version: 1.8.0\n"
        "Python platform: Linux-4.4.0-19041-Microsoft-x86_64-with-glibc2.29\n"
    )
    assert snap.system.wsl == 1
    assert snap.system.kernel == "4.4.0-19041-Microsoft"
    assert snap.python.glibc == "2.29"


def test_unparseable_driver_text_is_unknown_and_kept() -> None:
    snap = parse_collect_env("PyTorch version: 1.7.1\nNvidia driver version: Could not\n")
    assert snap.driver.state is DriverState.UNKNOWN
    assert snap.driver.error == "Could not"


def bare_macos_report() -> str:
    """The report of pt164943 alone, without the fence and issue prose around it."""
    text = read("pt164943_macos13_torch2.10_complete.txt")
    report = text.split("### Versions\n\n```console\n")[1].split("```")[0]
    assert report.startswith("PyTorch version:")
    return report


def test_report_inside_details_with_prose_after() -> None:
    report = bare_macos_report()
    text = (
        "### Versions\n\n<details>\n<summary>collect_env</summary>\n\n"
        + report
        + "</details>\n\nOS: this prose line must not override the report\n"
    )
    snap = parse_collect_env(text)
    assert snap.system.os_release == "macOS 13.7.4"
    assert snap == parse("pt164943_macos13_torch2.10_complete.txt")


def test_prose_mentioning_the_version_before_the_report_is_skipped() -> None:
    text = "I upgraded yesterday.\nPyTorch version: 2.0.0\nThen it broke. Report:\n\n```\n" + read(
        "pt51858_win11_torch2.0.1_gtx1050ti_truncated.txt"
    )
    snap = parse_collect_env(text)
    assert snap.torch.version == "2.0.1+cu117"
    assert snap.driver.version == "535.98"


def test_python_implementation_and_free_threading() -> None:
    snap = parse("pt150733_rtx5090d_torch2.6_cu126_truncated.txt")
    assert snap.python.implementation == "CPython"  # "[GCC 11.2.0]"
    assert snap.python.free_threaded is False
    old = parse("pt39133_win10_torch1.5_quadro_p1000.txt")  # "Python version: 3.7"
    assert old.python.implementation is None
    assert old.python.free_threaded is None
    ft = parse_collect_env(
        "PyTorch version: 2.6.0+cu126\nIs CUDA available: True\n"
        "Python version: 3.13.1 experimental free-threading build (main, Dec  4 2024, 08:54:14)"
        " [GCC 11.2.0] (64-bit runtime)\n"
    )
    assert ft.python.version == "3.13.1"
    assert ft.python.free_threaded is True
    pypy = parse_collect_env(
        "PyTorch version: 2.1.0\nIs CUDA available: False\n"
        "Python version: 3.10.13 (fc59e61cfbff, Jan 15 2024, 01:48:19)"
        " [PyPy 7.3.15 with GCC 10.2.1 20210130 (Red Hat 10.2.1-11)] (64-bit runtime)\n"
    )
    assert pypy.python.implementation == "PyPy"


def test_report_whose_line_breaks_were_lost() -> None:
    snap = parse("vllm12526_collapsed_4x_a100_azure_truncated.txt")
    assert snap.torch.version == "2.5.1+cu124"
    assert snap.torch.cuda == "12.4"
    assert snap.torch.cuda_available is True
    assert [(g.index, g.name) for g in snap.gpus] == [
        (i, "NVIDIA A100 80GB PCIe") for i in range(4)
    ]
    assert snap.driver.version == "550.127.08"
    assert snap.system.os_release == "Debian GNU/Linux 12 (bookworm)"
    assert snap.system.kernel == "5.15.0-1078-azure"
    assert snap.python.version == "3.12.8"
    assert snap.python.glibc == "2.36"
    assert snap.toolkit.nvcc_version is None
    assert snap.environment == {"CUDA_MODULE_LOADING": "LAZY"}


def test_two_reports_pasted_takes_the_first() -> None:
    first = read("pt51858_win11_torch2.0.1_gtx1050ti_truncated.txt")
    snap = parse_collect_env(first + "\n" + bare_macos_report())
    assert snap.torch.version == "2.0.1+cu117"
    assert snap.system.os == "Windows"


# --- input that is not a report -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "empty"),
        ("   \n\r\n\t", "empty"),
        ("\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary"),
        ('{"findings": []}', "JSON"),
        ('{"schema": "envdoctor.snapshot/1", "origin": "live"}', "snapshot"),
        ("[1, 2, 3]", "JSON"),
        ("My training crashes, please help.\nOS: Ubuntu 22.04\nThanks!", "PyTorch version"),
        ("PyTorch version 1.5.0 but it does not work", "PyTorch version"),
    ],
)
def test_not_a_report_raises_one_clear_line(text: str, needle: str) -> None:
    assert not looks_like_collect_env(text)
    with pytest.raises(CollectEnvParseError) as info:
        parse_collect_env(text)
    message = str(info.value)
    assert needle in message
    assert "\n" not in message
    assert isinstance(info.value, ValueError)


def test_banner_alone_with_one_anchor_is_a_report() -> None:
    assert looks_like_collect_env("Collecting environment information...\nPyTorch version: 2.1.0\n")
    assert not looks_like_collect_env("PyTorch version: 2.1.0\n")


def test_error_message_is_translated() -> None:
    i18n.set_language("zh_CN")
    try:
        with pytest.raises(CollectEnvParseError) as info:
            parse_collect_env("")
    finally:
        i18n.set_language("en")
    assert "collect_env" in str(info.value)
    assert "empty" not in str(info.value)


# --- bytes as saved on Windows ------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: "\ufeff".encode() + t.encode("utf-8"),  # Out-File -Encoding utf8
        lambda t: t.encode("utf-16"),  # PowerShell 5 `>`: UTF-16 LE with a BOM
        lambda t: t.encode("utf-16-le"),
        lambda t: t.replace("\n", "\r\n").encode("utf-16"),
    ],
)
def test_decode_report_encodings(encode: Callable[[str], bytes]) -> None:
    text = read("pt122924_win11_cpu_build_rtx4080_laptop_truncated.txt")
    data = encode(text)
    assert parse_collect_env(decode_report(data)) == parse_collect_env(text)


def test_decode_report_gbk_windows_caption() -> None:
    text = read("pt122924_win11_cpu_build_rtx4080_laptop_truncated.txt")
    text = text[text.index("Collecting environment") :].replace(
        "OS: Microsoft Windows 11 Education", "OS: Microsoft Windows 10 专业版"
    )
    snap = parse_collect_env(decode_report(text.encode("gbk")))
    assert snap.system.os == "Windows"
    assert snap.system.os_release == "Microsoft Windows 10 专业版"


def test_decode_report_binary_is_rejected_by_the_parser() -> None:
    data = bytes(range(256)) * 4
    with pytest.raises(CollectEnvParseError, match="binary"):
        parse_collect_env(decode_report(data))


def test_pytorch_1x_version_line_without_a_colon() -> None:
    # PyTorch 1.5's report wrote "PyTorch version 1.5.0"; the rest has colons (some full-width).
    text = (
        "PyTorch version 1.5.0\nIs debug build: No\nCUDA used to build PyTorch: 10.2\n\n"
        "Os: Ubuntu 18.04.3 LTS\nPython version: 3.6\nIs CUDA available: No\n"
        "GPU models and configuration:\nGPU 0\uff1a Tesla P100-PCIE-16GB\n\n"
        "Nvidia driver version: 410.104\n"
    )
    snap = parse_collect_env(text)
    assert snap.torch.state is TorchState.OK
    assert (snap.torch.version, snap.torch.cuda) == ("1.5.0", "10.2")
    assert snap.driver.version == "410.104"


def test_a_rocm_line_cut_off_mid_word_is_not_a_rocm_build() -> None:
    text = (
        "PyTorch version: 1.12.1+cu102\nIs debug build: False\nCUDA used to build PyTorch: 10.2\n"
        "ROCM used to build PyTorch: N/\n"
    )
    snap = parse_collect_env(text)
    assert snap.torch.hip is None
    assert snap.torch.cuda == "10.2"


_TRIMMED = (
    "PyTorch version: {version}\n"
    "OS: Ubuntu 22.04 (x86_64)\n"
    "Python version: 3.10.12 (main) (64-bit runtime)\n"
    "Nvidia driver version: 535.104.05\n"
    "GPU models and configuration: GPU 0: NVIDIA GeForce RTX 3090\n"
)


@pytest.mark.parametrize(
    ("version", "state", "cuda"),
    [
        # A report trimmed by hand or cut off without the 'CUDA used to build' line: the
        # version's tag still says the build; without a tag the build is unknown, never
        # a CPU build (which failed an RTX 3090 machine as torch-cpu-only).
        ("2.1.0+cu121", TorchState.OK, "12.1"),
        ("2.1.0+cpu", TorchState.OK, None),
        ("2.1.0", TorchState.UNKNOWN, None),
    ],
)
def test_missing_cuda_build_line_is_not_a_cpu_build(
    version: str, state: TorchState, cuda: str | None
) -> None:
    snap = parse_collect_env(_TRIMMED.format(version=version))
    assert snap.torch.version == version
    assert snap.torch.state is state
    assert snap.torch.cuda == cuda


def test_a_trimmed_cuda_report_is_not_judged_cpu_only() -> None:
    from envdoctor.analyse.check import analyse
    from envdoctor.matrix import load_matrix

    for version in ("2.1.0+cu121", "2.1.0"):
        snap = parse_collect_env(_TRIMMED.format(version=version))
        findings = analyse(snap, load_matrix()).findings
        codes = [f.code for f in findings]
        assert "torch-cpu-only" not in codes, (version, codes)
        unknown = [f for f in findings if f.code == "torch-unknown"]
        assert all("does not say which PyTorch" not in (f.detail or "") for f in unknown)
