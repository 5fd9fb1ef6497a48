"""Adversarial review cases for `check` and `install` verdicts.

Each test pins a bug found in review of the first version (all fixed since): false
"compatible" verdicts, wrong install commands and false failures. Facts and sources are in
each test's docstring.
"""

from __future__ import annotations

from dataclasses import replace

from factories import make_snapshot
from packaging.version import Version

from envdoctor.analyse.check import analyse
from envdoctor.compat.advice import Target, advise
from envdoctor.compat.commands import install_command
from envdoctor.matrix import load_matrix


def _codes(report: object, status: str) -> set[str]:
    return {f.code for f in report.findings if f.status.value == status}  # type: ignore[attr-defined]


# ---------------------------------------------------------------- false "compatible"


def test_aarch64_report_is_not_judged_with_the_x86_arch_list() -> None:
    """AWS g5g (Graviton + T4G, cc 7.5) with torch 2.11.0+cu128 from PyPI's aarch64 wheel.

    compat_matrix.json's own source RFC_172663 (pytorch/pytorch#172663) and
    shared/reference/compat_reference.json `arch.aarch64` give the aarch64 (SBSA) cu128
    list as 8.0;9.0;10.0;12.0 -- no sm_75 and no PTX. The x86_64 cu128 list starts at 7.5,
    and that is the one `_arch` takes from the matrix (identify_torch ignores the machine),
    so a collect_env report (no get_arch_list()) gets "ok" for a GPU the wheel cannot run.
    Either gpu-arch-unsupported (aarch64 data) or gpu-arch-unknown (no aarch64 data) is right.
    """
    report = analyse(
        make_snapshot(
            machine="aarch64",
            os_release="Ubuntu 22.04.4 LTS",
            gpus=(("Tesla T4", "7.5"),),
            gpu_cc_from_nvml=False,
            driver="570.86.10",
            driver_cuda="12.8",
            torch="2.11.0+cu128",
            torch_cuda="12.8",
            origin="report",
        ),
        load_matrix(),
    )
    flagged = _codes(report, "fail") | _codes(report, "warn")
    assert flagged & {"gpu-arch-unsupported", "gpu-arch-unknown"}, [
        (f.code, f.title) for f in report.findings
    ]


def test_ptx_jit_on_a_minor_compat_driver_fails() -> None:
    """RTX 4090 (8.9) with a torch built for CUDA 12.6 with TORCH_CUDA_ARCH_LIST="7.5+PTX"
    (arch list sm_75 compute_75: the 8.9 GPU can only run the PTX) on driver 535 (CUDA 12.2).

    The driver runs the 12.6 build only through minor-version compatibility, and NVIDIA's
    CUDA Compatibility guide (Minor Version Compatibility, limitations) says PTX produced by
    a newer toolkit cannot be JIT-compiled by an older driver (cudaErrorUnsupportedPtxVersion).
    envdoctor's own driver-minor-compat detail says the same. Every kernel fails, so this is a
    FAIL, not driver-minor-compat WARN + gpu-arch-ptx-jit WARN.
    """
    report = analyse(
        make_snapshot(
            gpus=(("NVIDIA GeForce RTX 4090", "8.9"),),
            driver="535.104.05",
            driver_cuda="12.2",
            torch="2.6.0+cu126",
            torch_cuda="12.6",
            arch_list=("sm_75", "compute_75"),
        ),
        load_matrix(),
    )
    assert report.status.value == "fail", [(f.code, f.status.value) for f in report.findings]


# ---------------------------------------------------------------- wrong install commands


def _target(**kw: object) -> Target:
    base: dict[str, object] = {
        "os": "linux",
        "machine": "x86_64",
        "python": "3.12.1",
        "nvidia_gpu": True,
        "driver": "580.95.05",
        "driver_cuda": "13.0",
        "capabilities": ("8.9",),
    }
    base.update(kw)
    return Target(**base)  # type: ignore[arg-type]


def test_torch_request_keeps_the_requested_variant() -> None:
    """`envdoctor install --torch 2.13.0+cu126` on a 580 driver with an RTX 4090: cu126 fits
    (driver 580 runs 12.6 natively, 8.9 is served by sm_86), so the answer must be the cu126
    build. Today the local label is ignored and `torch==2.13.0` (the PyPI cu130 build) is
    printed -- not what the user asked to evaluate (issue 3: "or for the requested version")."""
    advice = advise(_target(), load_matrix(), torch="2.13.0+cu126")
    assert advice.choice is not None
    assert advice.choice.variant.name == "cu126"


def test_torch_request_keeps_the_requested_patch_version() -> None:
    """The user asks for 2.7.0 (e.g. a project pins it); the command must install 2.7.0, which
    the matrix lists (versions 2.7.0, 2.7.1), not the newest patch of the 2.7 series."""
    matrix = load_matrix()
    advice = advise(_target(capabilities=("8.6",)), matrix, torch="2.7.0")
    assert advice.choice is not None
    assert advice.choice.version == "2.7.0"
    cmd = install_command(advice.choice, python="python", os_name="linux")
    assert any(a.startswith("torch==2.7.0") for a in cmd.argv), cmd.argv


def test_torch_request_for_a_version_that_does_not_exist_is_refused() -> None:
    """2.9.9 was never released (the matrix has 2.9.0 and 2.9.1). The advisor must say so,
    not print a command for another version as if the request fitted."""
    advice = advise(_target(capabilities=("8.6",)), load_matrix(), torch="2.9.9")
    assert advice.choice is None


def test_intel_mac_is_not_advised_a_release_without_wheels() -> None:
    """PyTorch 2.2 was the last release with macOS x86_64 wheels (announced in the 2.2
    release notes / pytorch/pytorch#114602); `pip install torch==2.15.0` on an Intel Mac finds
    no distribution. The advisor ignores `machine` on macOS."""
    advice = advise(
        _target(os="macos", machine="x86_64", nvidia_gpu=False, capabilities=()),
        load_matrix(),
    )
    if advice.choice is not None:
        assert Version(advice.choice.version) <= Version("2.2.2"), advice.choice.version


def test_linux_aarch64_without_gpu_gets_a_cpu_command() -> None:
    """A Graviton / Ampere Altra / Raspberry Pi 5 box: PyPI publishes manylinux aarch64 torch
    wheels for every 2.x release, yet the advisor answers blocker "platform" with a text about
    Jetson boards, and `check` shows torch-missing with no command."""
    advice = advise(
        _target(
            machine="aarch64", nvidia_gpu=False, capabilities=(), driver=None, driver_cuda=None
        ),
        load_matrix(),
    )
    assert advice.choice is not None
    assert advice.choice.variant.name == "cpu"


# ---------------------------------------------------------------- false failures


def test_mig_device_uuid_in_cuda_visible_devices_is_not_hidden() -> None:
    """On an A100/H100 in MIG mode, schedulers (Slurm, k8s device plugin) set
    CUDA_VISIBLE_DEVICES=MIG-<uuid>; CUDA accepts MIG UUIDs there (CUDA C Programming
    Guide, CUDA Environment Variables; NVIDIA MIG User Guide, "CUDA device enumeration").
    The snapshot lists only GPU-<uuid>s, so cuda_visibility treats the entry as invalid and
    says every GPU is hidden -- a false FAIL on a working machine."""
    snap = make_snapshot(
        gpus=(("NVIDIA H100 80GB HBM3", "9.0"),),
        environment={"CUDA_VISIBLE_DEVICES": "MIG-4f8b3c2a-1111-2222-3333-444455556666"},
    )
    snap = replace(snap, gpus=tuple(replace(g, mig_mode=True) for g in snap.gpus))
    report = analyse(snap, load_matrix())
    assert "gpus-hidden" not in _codes(report, "fail"), [(f.code, f.title) for f in report.findings]


def test_conda_command_for_pre_1_13_releases_uses_cudatoolkit() -> None:
    """An old server (driver 440.33.01, CUDA 10.2, Python 3.8, V100) is advised torch
    1.12.1+cu102. PyTorch's "Previous versions" page gives, for 1.12.1,
    `conda install pytorch==1.12.1 ... cudatoolkit=10.2 -c pytorch`; `pytorch-cuda` (channel
    nvidia) exists only for 11.6 and newer, first used by 1.13. `conda install pytorch==1.12.1
    pytorch-cuda=10.2 -c pytorch -c nvidia` cannot be solved."""
    from envdoctor.compat.commands import conda_command

    advice = advise(
        _target(python="3.8.10", driver="440.33.01", driver_cuda="10.2", capabilities=("7.0",)),
        load_matrix(),
    )
    assert advice.choice is not None
    assert (advice.choice.version, advice.choice.variant.name) == ("1.12.1", "cu102")
    cmd = conda_command(advice.choice)
    if cmd is not None:  # None (fall back to pip) is also an honest answer
        assert not any(a.startswith("pytorch-cuda=") for a in cmd.argv), cmd.argv
        assert "cudatoolkit=10.2" in cmd.argv, cmd.argv


def test_source_build_without_arch_list_is_not_judged_with_pypi_list() -> None:
    """`2.8.0a0+gitc3a4c5d` is a from-source build (a0 + git hash: never on any index). Its
    arch list is whatever TORCH_CUDA_ARCH_LIST was at build time (by default only the build
    machine's GPU), so a collect_env report (no get_arch_list()) cannot tell whether it has
    kernels for this GPU. identify_torch maps it to the 2.8 cu128 wheel row by torch.version.cuda
    and `check` says "ok"; compat.py's own rule is that a missing fact is UNKNOWN, never
    compatible (the code already refuses the pip table for old conda builds for this reason).
    The same applies to NGC builds (2.8.0a0+5228986c39.nv25.06)."""
    report = analyse(
        make_snapshot(
            gpus=(("NVIDIA GeForce RTX 4090", "8.9"),),
            gpu_cc_from_nvml=False,
            driver="575.64",
            driver_cuda="12.9",
            torch="2.8.0a0+gitc3a4c5d",
            torch_cuda="12.8",
            origin="report",
        ),
        load_matrix(),
    )
    flagged = _codes(report, "fail") | _codes(report, "warn")
    assert "gpu-arch-unknown" in flagged, [(f.code, f.title) for f in report.findings]


# ---------------------------------------------------------------- false failures (rules)


def test_family_specific_sass_serves_the_whole_family() -> None:
    """CUDA 12.9 added family-specific targets: code for sm_100f runs on every GPU of the
    10.x family (10.0 B200 and 10.3 B300), unlike sm_100a which runs only on 10.0 (NVIDIA
    technical blog "NVIDIA Blackwell and NVIDIA CUDA 12.9 Introduce Family-Specific
    Architecture Features"; CUDA C Programming Guide, feature availability). parse_arch_entry
    reads any letter suffix as arch-specific. A build whose get_arch_list() is ['sm_100f']
    (custom builds, vLLM-style lists) runs on a B300, so this is a false FAIL."""
    report = analyse(
        make_snapshot(gpus=(("NVIDIA B300", "10.3"),), arch_list=("sm_100f",)),
        load_matrix(),
    )
    assert "gpu-arch-unsupported" not in _codes(report, "fail"), [
        (f.code, f.title) for f in report.findings
    ]
