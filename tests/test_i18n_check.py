"""`check` in Simplified Chinese: people read Chinese, machines and shells get the same codes and commands.

The zh_CN catalogs are data the code formats at run time, so a translation that drops or
renames a `{placeholder}`, loses a command, or leaves a sentence in English shows up
here as a crash or a failed assertion, not only as a stale catalog.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import make_snapshot
from rich.console import Console
from typer.testing import CliRunner

from envdoctor import i18n
from envdoctor.analyse.check import Report, analyse
from envdoctor.cli import app
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix
from envdoctor.render.check import check_markdown, render_check
from envdoctor.snapshot import DriverState, TorchState

CJK = re.compile(r"[\u4e00-\u9fff]")
# Everything a user copies into a shell or searches for must survive translation verbatim.
# A fix line that is a shell command: everything before its `#` comment is kept as is.
COMMAND = re.compile(r"^[^\S\n]*((?:sudo|unset|uv pip|\S*python\S* -m pip) [^#\n]*)", re.MULTILINE)

CPU_TORCH_ON_3060: dict[str, Any] = {
    "gpus": (("NVIDIA GeForce RTX 3060", "8.6"),),
    "driver": "535.104.05",
    "driver_cuda": "12.2",
    "torch": "2.13.0+cpu",
    "torch_cuda": None,
    "available": False,
}

# Scenarios that reach most of the check messages, including the fragments that are
# joined at run time (branch-table notes, container names, "then reboot" comments).
SCENARIOS: dict[str, dict[str, Any]] = {
    "cpu-torch-on-3060": CPU_TORCH_ON_3060,
    "driver-too-old": {"driver": "535.54.03", "driver_cuda": "12.2"},
    "no-driver-ubuntu": {
        "driver_state": DriverState.NO_DRIVER,
        "pci": 1,
        "torch_state": TorchState.MISSING,
    },
    "no-driver-wsl1": {"driver_state": DriverState.NO_DRIVER, "wsl": 1},
    "no-gpu-in-docker": {
        "driver_state": DriverState.NO_DRIVER,
        "pci": 0,
        "torch": "2.13.0+cpu",
        "torch_cuda": None,
        "container": "docker",
    },
    "module-not-loaded": {"driver_state": DriverState.NOT_LOADED},
    "library-mismatch": {"kernel_module": "570.133.07"},
    "no-permission": {"driver_state": DriverState.NO_PERMISSION},
    "sm120-on-old-torch": {
        "gpus": (("NVIDIA GeForce RTX 5090", "12.0"),),
        "torch": "2.6.0+cu124",
        "torch_cuda": "12.4",
        "available": True,
    },
    "capability-from-table": {"gpu_cc_from_nvml": False, "origin": "report"},
    "visible-devices-wrong": {"environment": {"CUDA_VISIBLE_DEVICES": "5"}},
    "visible-devices-empty": {"environment": {"CUDA_VISIBLE_DEVICES": ""}},
    "cuda-unavailable": {
        "available": False,
        "warnings": ("CUDA initialization: found version 12020",),
    },
    "python-3.8-no-torch": {"python": "3.8.10", "torch_state": TorchState.MISSING},
    "python-32-bit": {"bits": 32, "torch_state": TorchState.MISSING},
    "import-fails": {
        "torch_state": TorchState.BROKEN,
        "error": "ImportError: libcudnn.so.9: cannot open shared object file",
        "error_kind": "missing-library",
        "environment": {"LD_LIBRARY_PATH": "/usr/local/cuda/lib64"},
    },
    "numpy-abi": {"torch_state": TorchState.BROKEN, "error_kind": "numpy-abi"},
    "rocm-build": {"torch": "2.13.0+rocm6.4", "torch_cuda": None, "hip": "6.4"},
    "minor-version-compat": {
        "driver": "535.54.03",
        "driver_cuda": "12.2",
        "torch": "2.7.1+cu128",
        "torch_cuda": "12.8",
    },
    "unknown-gpu": {
        "gpus": (("NVIDIA Mystery Accelerator", None),),
        "torch_state": TorchState.MISSING,
    },
    "ptx-jit-only": {
        "gpus": (("NVIDIA H100 80GB HBM3", "9.0"),),
        "arch_list": ("sm_80", "compute_80"),
    },
    "report-without-driver-or-torch": {
        "driver_state": DriverState.UNKNOWN,
        "torch_state": TorchState.UNKNOWN,
        "origin": "report",
    },
    "driver-query-error": {"driver_state": DriverState.ERROR},
    "torch-newer-than-matrix": {"torch": "2.99.0+cu130"},
    "python-outside-release-range": {"python": "3.9.18"},
    "container-without-gpu-device": {
        "available": False,
        "container": "docker",
        "environment": {"NVIDIA_VISIBLE_DEVICES": "void"},
    },
    "wsl2-unavailable": {"available": False, "wsl": 2},
    "cuda-compat-on-geforce": {
        "available": False,
        "warnings": ("CUDA error 804: forward compatibility was attempted on non supported HW",),
    },
    "fabric-manager": {
        "available": False,
        "cuda_error": "CUDA error 802: system not yet initialized",
    },
    "unavailable-unexplained": {"available": False},
    "interpreter-not-found": {"torch_state": TorchState.NO_INTERPRETER, "error": "No such file"},
    "shadowed-torch": {
        "torch_state": TorchState.BROKEN,
        "error_kind": "shadowed-torch",
    },
    "illegal-instruction": {"torch_state": TorchState.CRASHED, "error_kind": "illegal-instruction"},
    "import-hangs": {"torch_state": TorchState.TIMEOUT, "error_kind": "hang"},
    "windows-dll": {
        "os": "Windows",
        "os_release": "Windows 11",
        "machine": "AMD64",
        "torch_state": TorchState.BROKEN,
        "error_kind": "dll-load-failed",
    },
    "debian-no-driver": {
        "driver_state": DriverState.NO_DRIVER,
        "os_release": "Debian GNU/Linux 12",
    },
    "fedora-no-driver": {"driver_state": DriverState.NO_DRIVER, "os_release": "Fedora Linux 41"},
    "other-distro-kepler": {
        "driver_state": DriverState.NO_DRIVER,
        "os_release": "Gentoo Linux",
        "gpus": (("NVIDIA GeForce GTX 780", "3.5"),),
    },
    "container-no-driver": {"driver_state": DriverState.NO_DRIVER, "container": "podman"},
    "wsl2-no-driver": {"driver_state": DriverState.NO_DRIVER, "wsl": 2},
    "visible-devices-partly-wrong": {"environment": {"CUDA_VISIBLE_DEVICES": "0,7"}},
    "driver-cuda-from-branch-table": {"driver_cuda": None},
    "python-3.6-no-torch": {"python": "3.6.15", "torch_state": TorchState.MISSING},
    "linux-arm64-no-torch": {"machine": "aarch64", "torch_state": TorchState.MISSING},
    "mixed-gpus-by-index": {
        "gpus": (("NVIDIA GeForce RTX 4090", "8.9"), ("NVIDIA GeForce GTX 1080 Ti", "6.1")),
        "environment": {"CUDA_VISIBLE_DEVICES": "1"},
    },
    "windows-no-driver": {
        "os": "Windows",
        "os_release": "Windows 11",
        "machine": "AMD64",
        "driver_state": DriverState.NO_DRIVER,
    },
    "macos": {
        "os": "Darwin",
        "os_release": "macOS 15.1",
        "machine": "arm64",
        "driver_state": DriverState.NO_DRIVER,
        "gpus": (),
        "torch": "2.13.0",
        "torch_cuda": None,
    },
}


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


@pytest.fixture
def zh() -> Iterator[None]:
    assert i18n.set_language("zh_CN") == "zh_CN"
    yield
    i18n.set_language("en")


def _report(lang: str, matrix: Matrix, facts: dict[str, Any]) -> Report:
    i18n.set_language(lang)
    try:
        return analyse(make_snapshot(**facts), matrix)
    finally:
        i18n.set_language("en")


def _text(report: Report) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=100, color_system=None, force_terminal=False)
    render_check(console, report, verbose=False)
    return buf.getvalue()


def _commands(text: str) -> list[str]:
    return [m.group(1).strip() for m in COMMAND.finditer(text)]


def test_cpu_torch_on_rtx_3060_reads_in_chinese(zh: None, matrix: Matrix) -> None:
    report = analyse(make_snapshot(**CPU_TORCH_ON_3060), matrix)
    text = _text(report)
    assert "envdoctor 环境检查" in text
    assert "是仅支持 CPU 的版本，但本机有 NVIDIA 显卡" in text
    assert "修复方法：" in text
    assert "1 个问题" in text
    assert "[torch-cpu-only]" in text
    assert "compute capability" not in text and "Fix:" not in text


def test_cpu_torch_fix_command_is_the_same_in_both_languages(matrix: Matrix) -> None:
    en = _report("en", matrix, CPU_TORCH_ON_3060)
    zh = _report("zh_CN", matrix, CPU_TORCH_ON_3060)
    (en_fix,) = [f.fix for f in en.findings if f.code == "torch-cpu-only"]
    (zh_fix,) = [f.fix for f in zh.findings if f.code == "torch-cpu-only"]
    assert en_fix and zh_fix
    want = "/home/alice/venv/bin/python -m pip install --force-reinstall torch==2.14.1+cu126 --index-url https://download.pytorch.org/whl/cu126"
    assert want in en_fix.splitlines()
    assert want in zh_fix.splitlines()
    assert _commands(zh_fix) == _commands(en_fix) == [want]


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_translation_changes_words_not_facts(name: str, matrix: Matrix) -> None:
    en = _report("en", matrix, SCENARIOS[name])
    zh = _report("zh_CN", matrix, SCENARIOS[name])
    # Same judgement: codes, statuses, areas, sources and facts do not depend on the language.
    assert [(f.code, f.status, f.area, f.sources, f.facts) for f in zh.findings] == [
        (f.code, f.status, f.area, f.sources, f.facts) for f in en.findings
    ]
    assert zh.status == en.status
    for en_f, zh_f in zip(en.findings, zh.findings, strict=True):
        for field in ("title", "detail", "fix"):
            value = getattr(zh_f, field) or ""
            # A placeholder the translation misspelt would stay visible (or crash above).
            assert not re.search(r"\{\w+(?:![rsa])?\}", value), (field, value)
            en_value = getattr(en_f, field) or ""
            # Commands and inline code survive verbatim.
            assert _commands(value) == _commands(en_value), (field, value)
            assert re.findall(r"`[^`]*`", value) == re.findall(r"`[^`]*`", en_value) or (
                "<its python>" in en_value
            ), (field, value)
        if zh_f.code != "system-info" or "container" in en_f.title:
            assert CJK.search(zh_f.title), zh_f.title
        if en_f.detail and en_f.detail != (zh_f.detail):
            assert CJK.search(zh_f.detail), zh_f.detail


def test_joined_fragments_read_as_one_sentence(zh: None, matrix: Matrix) -> None:
    docker = analyse(make_snapshot(**SCENARIOS["no-gpu-in-docker"]), matrix)
    (system,) = [f.title for f in docker.findings if f.code == "system-info"]
    assert system == "Ubuntu 22.04.4 LTS，x86_64，运行在 docker 容器中"

    table = analyse(make_snapshot(**SCENARIOS["capability-from-table"]), matrix)
    (gpu,) = [f.title for f in table.findings if f.code == "gpu-ok"]
    assert gpu.startswith("GPU 0：NVIDIA GeForce RTX 3060，计算能力 8.6（依据内置 GPU 型号表）")

    no_driver = analyse(make_snapshot(**SCENARIOS["no-driver-ubuntu"]), matrix)
    (fix,) = [f.fix for f in no_driver.findings if f.code == "no-driver"]
    assert fix == "sudo ubuntu-drivers install  # 然后重启"


def test_cli_lang_zh_cn_check_from_file(runner: CliRunner, tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps(make_snapshot(**CPU_TORCH_ON_3060).to_dict()), encoding="utf-8")
    result = runner.invoke(app, ["--lang", "zh_CN", "check", "--from", str(snap)])
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "NVIDIA 驱动 535.104.05，最高支持 CUDA 12.2" in out
    assert "[torch-cpu-only]" in out
    assert (
        "/home/alice/venv/bin/python -m pip install --force-reinstall torch==2.14.1+cu126 "
        "--index-url https://download.pytorch.org/whl/cu126"
    ) in out
    assert "envdoctor 发现 1 个问题。" in out


def test_cli_json_keeps_codes_english(runner: CliRunner, tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps(make_snapshot(**CPU_TORCH_ON_3060).to_dict()), encoding="utf-8")
    docs = {}
    for lang in ("en", "zh_CN"):
        result = runner.invoke(app, ["--lang", lang, "check", "--from", str(snap), "--json"])
        assert result.exit_code == 1, result.output
        docs[lang] = json.loads(result.stdout)
    en, zh = docs["en"], docs["zh_CN"]
    assert zh["status"] == en["status"] == "fail"
    assert [(f["code"], f["status"], f["area"]) for f in zh["findings"]] == [
        (f["code"], f["status"], f["area"]) for f in en["findings"]
    ]
    assert "torch-cpu-only" in [f["code"] for f in zh["findings"]]
    assert all(re.fullmatch(r"[a-z0-9-]+", f["code"]) for f in zh["findings"])
    assert set(zh) == set(en)
    assert zh["advice"] == en["advice"]
    # The human texts in the document follow --lang.
    (title,) = [f["title"] for f in zh["findings"] if f["code"] == "torch-cpu-only"]
    assert CJK.search(title)


def test_markdown_report_in_chinese(zh: None, matrix: Matrix) -> None:
    report = analyse(make_snapshot(**CPU_TORCH_ON_3060), matrix)
    md = check_markdown(report, matrix_version="test")
    assert "### 问题与修复方法" in md
    assert "**torch-cpu-only**: torch 2.13.0+cpu 是仅支持 CPU 的版本" in md
    assert "<summary>快照（收集到的信息）</summary>" in md


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("domain", ["analyse", "check", "core"])
def test_catalog_keeps_placeholders_commands_and_links(domain: str) -> None:
    """Every zh_CN entry of the check pipeline keeps its fields, `code` spans and URLs."""
    from babel.messages.pofile import read_po

    path = Path(i18n.__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale="zh_CN", domain=domain)
    entries = [m for m in catalog if m.id]
    assert entries
    for m in entries:
        msgid, msgstr = str(m.id), str(m.string)
        assert msgstr, msgid
        assert sorted(re.findall(r"\{[^}]*\}", msgstr)) == sorted(
            re.findall(r"\{[^}]*\}", msgid)
        ), msgid
        assert re.findall(r"https?://[\w./-]*\w", msgstr) == re.findall(
            r"https?://[\w./-]*\w", msgid
        ), msgid
        spans = re.findall(r"`[^`]*`", msgid)
        # Only a placeholder inside a command (`<its python>`) may be translated.
        if not any("<" in s for s in spans):
            assert re.findall(r"`[^`]*`", msgstr) == spans, msgid
        # A fix that starts with a shell command keeps the command; only its comment is prose.
        if "  # " in msgid:
            assert msgstr.split("#", 1)[0] == msgid.split("#", 1)[0], msgid
