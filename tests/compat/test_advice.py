"""The install advisor: newest fitting build, the blocker when none fits, exact commands."""

from __future__ import annotations

import pytest

from envdoctor.compat.advice import Target, advise
from envdoctor.compat.commands import install_command
from envdoctor.matrix import load_matrix


@pytest.fixture(scope="module")
def m():  # type: ignore[no-untyped-def]
    return load_matrix()


def linux(**kw: object) -> Target:
    base: dict[str, object] = {
        "os": "linux",
        "machine": "x86_64",
        "python": "3.11.7",
        "nvidia_gpu": True,
    }
    base.update(kw)
    return Target(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("target", "version", "variant"),
    [
        # 535 driver (CUDA 12.2): newest 12.x build, through minor-version compatibility
        (linux(driver="535.104.05", driver_cuda="12.2", capabilities=("8.6",)), "2.14.1", "cu126"),
        # R580: the default CUDA 13 wheel of the newest release
        (linux(driver="580.95.05", driver_cuda="13.0", capabilities=("8.9",)), "2.15.0", "cu130"),
        (linux(driver="595.45.04", driver_cuda="13.2", capabilities=("9.0",)), "2.15.0", "cu132"),
        # Python 3.10 is not supported by 2.15
        (
            linux(python="3.10.12", driver="595.45.04", driver_cuda="13.2", capabilities=("9.0",)),
            "2.14.1",
            "cu130",
        ),
        # Blackwell on an R570 driver: cu128 builds only, last shipped in 2.11
        (linux(driver="570.124.06", driver_cuda="12.8", capabilities=("12.0",)), "2.11.0", "cu128"),
        # Pascal: only cu126 builds still carry sm_60
        (linux(driver="580.95.05", driver_cuda="13.0", capabilities=("6.1",)), "2.14.1", "cu126"),
        # Volta and Turing together: the build must serve both
        (
            linux(driver="580.95.05", driver_cuda="13.0", capabilities=("7.0", "7.5")),
            "2.14.1",
            "cu126",
        ),
        # Kepler K80 on its last driver (R470): cu118 builds kept sm_37 through 2.7
        (linux(driver="470.239.06", driver_cuda="11.4", capabilities=("3.7",)), "2.7.1", "cu118"),
        # Windows: CUDA wheels come from the PyTorch index
        (
            Target(
                os="windows",
                machine="AMD64",
                python="3.12.4",
                nvidia_gpu=True,
                driver="581.57",
                driver_cuda="13.0",
                capabilities=("8.9",),
            ),
            "2.15.0",
            "cu130",
        ),
        # no NVIDIA GPU: the CPU build
        (linux(nvidia_gpu=False), "2.15.0", "cpu"),
        (Target(os="macos", machine="arm64", python="3.12.4"), "2.15.0", "cpu"),
    ],
    ids=[
        "535-3060",
        "580-4090",
        "595-h100",
        "py310-595",
        "570-5090",
        "580-pascal",
        "volta+turing",
        "k80-470",
        "windows-4090",
        "no-gpu",
        "macos",
    ],
)
def test_newest_fitting_build(m, target: Target, version: str, variant: str) -> None:  # type: ignore[no-untyped-def]
    advice = advise(target, m)
    assert advice.choice is not None, advice.reasons
    assert (advice.choice.version, advice.choice.variant.name) == (version, variant)
    assert advice.blocker is None


def test_driver_upgrade_would_unlock_more(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(linux(driver="535.104.05", driver_cuda="12.2", capabilities=("8.6",)), m)
    assert advice.with_driver_upgrade is not None
    assert advice.with_driver_upgrade.version == "2.15.0"
    assert advice.driver_needed == "580"


def test_python_blocker(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(
        linux(python="3.5.10", driver="580.95.05", driver_cuda="13.0", capabilities=("8.6",)), m
    )
    assert advice.choice is None and advice.blocker == "python"
    assert "3.5.10" in advice.reasons[0]


def test_old_python_gets_the_last_release_for_it(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(
        linux(python="3.7.9", driver="580.95.05", driver_cuda="13.0", capabilities=("8.6",)), m
    )
    assert advice.choice is not None
    assert (advice.choice.version, advice.choice.variant.name) == ("1.13.1", "cu117")


def test_32bit_python_blocker(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(
        linux(python_bits=32, driver="580.95.05", driver_cuda="13.0", capabilities=("8.6",)), m
    )
    assert advice.blocker == "python"


def test_driver_blocker(m) -> None:  # type: ignore[no-untyped-def]
    # 450.51.06 is below every floor of the CUDA 11.7+ builds in the matrix.
    advice = advise(linux(driver="450.51.06", driver_cuda="11.0", capabilities=("8.0",)), m)
    assert advice.choice is None and advice.blocker == "driver"
    assert advice.with_driver_upgrade is not None
    assert advice.driver_needed is not None


def test_gpu_blocker(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(
        linux(driver="580.95.05", driver_cuda="13.0", capabilities=("2.1",)), m
    )  # Fermi
    assert advice.choice is None and advice.blocker == "gpu"


def test_unknown_capability_blocks_honestly(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(linux(driver="580.95.05", driver_cuda="13.0", capabilities=(None,)), m)
    assert advice.choice is None and advice.blocker == "unknown"


def test_no_driver_yet_advises_for_a_current_driver(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(linux(capabilities=("8.6",)), m)
    assert advice.choice is not None and advice.choice.version == "2.15.0"
    assert advice.reasons and "driver" in advice.reasons[0]


def test_aarch64_is_not_guessed(m) -> None:  # type: ignore[no-untyped-def]
    advice = advise(linux(machine="aarch64", driver="580.95.05", capabilities=("8.7",)), m)
    assert advice.choice is None and advice.blocker == "platform"


def test_requested_version(m) -> None:  # type: ignore[no-untyped-def]
    t = linux(python="3.12.4", driver="580.95.05", driver_cuda="13.0", capabilities=("8.9",))
    assert advise(t, m, torch="2.0.1").blocker == "python"
    ok = advise(t, m, torch="2.8")
    assert ok.choice is not None and ok.choice.release.release == "2.8"
    assert advise(t, m, torch="1.0.0").blocker == "unknown"
    assert advise(t, m, torch="banana").blocker == "unknown"


def test_commands(m) -> None:  # type: ignore[no-untyped-def]
    rel = m.release("2.13")
    from envdoctor.compat.advice import evaluate

    t = linux(driver="580.95.05", driver_cuda="13.0", capabilities=("8.9",))
    default = evaluate(rel, rel.variant("cu130"), t, m)
    cmd = install_command(default, python="/usr/bin/python3", os_name="linux")
    assert cmd.argv == (
        "/usr/bin/python3",
        "-m",
        "pip",
        "install",
        "torch==2.13.0",
    )  # plain PyPI wheel
    other = evaluate(rel, rel.variant("cu126"), t, m)
    cmd = install_command(
        other, python="/opt/my env/python", os_name="linux", replace_installed=True
    )
    assert cmd.argv[-3:] == (
        "torch==2.13.0+cu126",
        "--index-url",
        "https://download.pytorch.org/whl/cu126",
    )
    assert "--force-reinstall" in cmd.argv
    assert cmd.display("linux").startswith("'/opt/my env/python' -m pip install")
    win = install_command(
        default, python=r"C:\Program Files\Python312\python.exe", os_name="windows"
    )
    # On Windows the default wheel is the CPU one: CUDA needs the PyTorch index.
    assert "https://download.pytorch.org/whl/cu130" in win.argv
    assert win.display("windows").startswith('"C:\\Program Files\\Python312\\python.exe"')
    uv = install_command(other, python="/venv/bin/python", os_name="linux", use_uv=True)
    assert uv.argv[:5] == ("uv", "pip", "install", "--python", "/venv/bin/python")
    # Packages resolved against the pinned torch come after it, before the index.
    paired = install_command(other, python="python", os_name="linux", resolve_with=("xformers",))
    assert paired.argv[-4:] == (
        "torch==2.13.0+cu126",
        "xformers",
        "--index-url",
        "https://download.pytorch.org/whl/cu126",
    )


def test_unknown_python_is_never_blamed_on_the_gpu(m) -> None:  # type: ignore[no-untyped-def]
    # A paste with the driver and the GPU but no Python version (nvidia-smi output alone):
    # every release's Python fit is unknown. That is the blocker, not "no release ships
    # kernels for compute capability 8.6" (which told an RTX 3090 owner to give up).
    for driver in ("470.239.06", "535.104.05", None):
        t = Target(
            os="linux",
            machine="x86_64",
            python=None,
            nvidia_gpu=True,
            driver=driver,
            capabilities=("8.6",),
        )
        a = advise(t, m)
        assert a.choice is None and a.blocker == "unknown", (driver, a)
        assert "8.6" not in " ".join(a.reasons)
        assert "--python-version" in " ".join(a.reasons)


def test_mixed_gpus_that_no_single_build_serves_are_named_as_such(m) -> None:  # type: ignore[no-untyped-def]
    # A GTX 1080 (sm_61, cu126 only) next to an RTX 5090 (sm_120, cu128+): each is served
    # by some build, none serves both. "No release ships kernels for 12.0, 6.1" was false.
    t = Target(
        os="linux",
        machine="x86_64",
        python="3.11",
        nvidia_gpu=True,
        driver="580.95.05",
        capabilities=("6.1", "12.0"),
    )
    a = advise(t, m)
    assert a.choice is None and a.blocker == "gpu"
    text = " ".join(a.reasons)
    assert "no PyTorch release in the matrix ships kernels" not in text
    assert "CUDA_VISIBLE_DEVICES" in text


def _gpu_target(python: str, driver: str, cc: str) -> Target:
    return Target(
        os="linux",
        machine="x86_64",
        python=python,
        nvidia_gpu=True,
        driver=driver,
        capabilities=(cc,),
    )


def test_a_requested_release_speaks_of_that_release_not_of_all(m) -> None:  # type: ignore[no-untyped-def]
    # --torch 2.15 on Python 3.10: 2.15 has no 3.10 wheels, 2.14 has. "No PyTorch release
    # has wheels for Python 3.10" was false.
    a = advise(_gpu_target("3.10", "580.95.05", "8.6"), m, torch="2.15")
    assert a.blocker == "python"
    assert "no PyTorch release has wheels" not in " ".join(a.reasons)
    assert "2.15" in " ".join(a.reasons)
    # --torch 2.1.0+cu121 on a K80: that build has no sm_37 code, 2.1's cu118 build has.
    b = advise(_gpu_target("3.10", "470.239.06", "3.7"), m, torch="2.1.0+cu121")
    assert b.choice is None and b.blocker == "gpu"
    assert "no PyTorch release in the matrix ships kernels" not in " ".join(b.reasons)
    assert "2.1.0+cu121" in " ".join(b.reasons)


def test_a_requested_cpu_build_never_claims_there_is_no_gpu(m) -> None:  # type: ignore[no-untyped-def]
    a = advise(_gpu_target("3.11", "580.95.05", "8.6"), m, torch="2.7.1+cpu")
    assert a.choice is not None and a.choice.variant.name == "cpu"
    assert "no NVIDIA GPU was found" not in " ".join(a.reasons)


def test_a_gpu_no_toolkit_can_target_is_told_so(m) -> None:  # type: ignore[no-untyped-def]
    # Fermi: CUDA 8.0 is its last toolkit, older than any release's CUDA -> no source build.
    fermi = advise(linux(driver="390.157", driver_cuda="9.1", capabilities=("2.1",)), m)
    assert fermi.choice is None and fermi.blocker == "gpu"
    assert any("not even one built from source" in r and "CUDA 8.0" in r for r in fermi.reasons)
    # Kepler sm_35: no wheel, but CUDA 11.8 still compiles for it and releases support 11.8.
    kepler = advise(linux(driver="470.199.02", driver_cuda="11.4", capabilities=("3.5",)), m)
    assert kepler.choice is None
    assert any("TORCH_CUDA_ARCH_LIST=3.5" in r and "11.8" in r for r in kepler.reasons)
