"""Build labels of PyTorch's wheel index: which folders exist, judged from the matrix."""

from __future__ import annotations

import pytest

from envdoctor.compat.builds import index_label_exists, index_labels
from envdoctor.matrix import load_matrix


@pytest.fixture(scope="module")
def m():  # type: ignore[no-untyped-def]
    return load_matrix()


@pytest.mark.parametrize(
    ("label", "exists"),
    [
        ("cu121", True),
        ("cu92", True),  # torch 1.7's oldest build
        ("cpu", True),
        # Folders people build from nvidia-smi's "CUDA Version": no release has them.
        ("cu122", False),
        ("cu125", False),
        ("cu131", False),
        ("cu112", False),  # between 1.7's cu110 and 1.8's cu111 ... cu113: never built
        # Unknown stays unknown: older than the matrix's releases (cu100 was torch 1.0-1.4),
        # newer than its newest (a later release may add it), ROCm point releases.
        ("cu100", None),
        ("cu101", True),
        ("cu140", None),
        ("rocm6.5", None),
        ("nightly", None),
    ],
)
def test_index_label_exists(m, label: str, exists: bool | None) -> None:  # type: ignore[no-untyped-def]
    assert index_label_exists(m, label) is exists


def test_index_labels_are_the_release_cuda_builds_oldest_first(m) -> None:  # type: ignore[no-untyped-def]
    labels = index_labels(m.release("2.10"))
    assert labels == tuple(sorted(labels, key=lambda n: int(n[2:])))
    assert "cpu" not in labels and all(n.startswith("cu") for n in labels)


def test_first_release_with_native_code_for_a_gpu(m) -> None:  # type: ignore[no-untyped-def]
    from envdoctor.compat.arch import first_release_with_code

    assert first_release_with_code(m, "12.0", "linux") == ("2.7", "cu128")  # Blackwell
    assert first_release_with_code(m, "3.5", "linux") is None  # no wheel has Kepler SASS


def test_the_lts_release_is_found_only_for_its_own_versions() -> None:
    from envdoctor.compat.builds import lts_builds
    from envdoctor.matrix import load_matrix

    m = load_matrix()
    lts = lts_builds(m, "1.8.2+cu111")
    assert lts is not None
    assert lts.index_url("cu111") == "https://download.pytorch.org/whl/lts/1.8/cu111"
    assert lts.companions == {"torchvision": "0.9.2", "torchaudio": "0.8.2"}
    assert lts_builds(m, "1.8.1") is None
    assert lts_builds(m, "2.1.0") is None


def test_install_and_wheel_name_the_lts_index_for_its_version() -> None:
    from envdoctor.compat.advice import Target, advise
    from envdoctor.matrix import load_matrix

    m = load_matrix()
    advice = advise(Target(os="linux", machine="x86_64", python="3.8"), m, torch="1.8.2")
    assert advice.choice is None
    assert any("whl/lts/1.8" in reason for reason in advice.reasons)


def test_the_lts_release_has_no_macos_build() -> None:
    # previous-versions.md: "macOS is currently not supported in LTS".
    from envdoctor.compat.advice import Target, advise
    from envdoctor.matrix import load_matrix

    m = load_matrix()
    advice = advise(Target(os="macos", machine="arm64", python="3.8"), m, torch="1.8.2")
    assert advice.choice is None and advice.blocker == "platform"
    (reason,) = advice.reasons
    assert "no build of it for macOS" in reason and "1.8.1" in reason
    assert "whl/lts" not in reason
    lts = m.release("1.8").lts if m.release("1.8") else None
    assert lts is not None and lts.platforms == ("linux", "windows")
    assert lts.lacks_os("Darwin") and not lts.lacks_os("Windows") and not lts.lacks_os(None)
