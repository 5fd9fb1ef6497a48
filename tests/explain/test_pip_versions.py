"""pip finding no torch: an index folder that no release has (whl/cu131, whl/cu122)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

REFUSAL = (
    "ERROR: Could not find a version that satisfies the requirement {req} (from versions: none)\n"
    "ERROR: No matching distribution found for {req}\n"
)


def test_a_folder_named_after_nvidia_smis_cuda_is_not_an_index() -> None:
    text = "Looking in indexes: https://download.pytorch.org/whl/cu131\n" + REFUSAL.format(
        req="torch==2.10.0"
    )
    (result,) = explain(text)
    assert result.code == "pip-no-matching-torch"
    assert result.facts["index_url"] == "https://download.pytorch.org/whl/cu131"
    # The pinned release's builds, and the one a 13.1 driver runs: cu130 (what the thread's
    # maintainer answered), with the version kept.
    assert "cu130" in str(result.facts["existing_builds"])
    assert any("torch==2.10.0+cu130" in step for step in result.fix)
    assert not any("mirror that lags" in step for step in result.fix)


def test_a_known_driver_gets_its_build_and_a_mirror_url_is_read_too() -> None:
    text = (
        "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2 |\n"
        "$ pip3 install torch --index-url https://mirrors.aliyun.com/pytorch-wheels/cu122\n"
        + REFUSAL.format(req="torch")
    )
    (result,) = explain(text)
    assert result.facts["index_url"] == "https://mirrors.aliyun.com/pytorch-wheels/cu122"
    (step,) = [s for s in result.fix if "Install the build for this machine" in s]
    assert "+cu12" in step  # a 12.x build: the 535 driver cannot run CUDA 13 ones


def test_an_index_that_exists_is_not_blamed() -> None:
    for url in ("https://download.pytorch.org/whl/cu121", "https://download.pytorch.org/whl/cu100"):
        (result,) = explain(f"Looking in indexes: {url}\n" + REFUSAL.format(req="torch"))
        assert "index_url" not in result.facts


# --- the interpreter no wheel of the pinned torch exists for (blind round 32) --------------

BLIND32 = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind32"


def test_a_python_the_pinned_release_has_no_wheels_for() -> None:
    # AUTOMATIC1111/stable-diffusion-webui#4345: Python 3.11.0, torch==1.12.1+cu113.
    text = (BLIND32 / "env__pip_a1111_2b.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "pip-no-matching-torch"
    assert result.facts["release_python"] == ">=3.7,<3.11"
    assert "no wheels for Python 3.11.0" in result.cause
    assert "Python 3.10" in result.fix[0]


def test_a_32_bit_python_banner() -> None:
    # AUTOMATIC1111/stable-diffusion-webui#10592: [MSC v.1932 32 bit (Intel)].
    text = (BLIND32 / "env__pip_a1111_1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.facts["python_bits"] == 32
    assert "32-bit" in result.cause and "64-bit" in result.fix[0]


def test_the_lts_release_is_installed_from_its_own_index() -> None:
    (result,) = explain(
        "ERROR: Could not find a version that satisfies the requirement torch==1.8.2+cu111 "
        "(from versions: 1.8.0, 1.8.1, 1.9.0)\n"
        "ERROR: No matching distribution found for torch==1.8.2+cu111"
    )
    assert result.facts["lts_index"] == "https://download.pytorch.org/whl/lts/1.8"
    assert any("whl/lts/1.8/cu111" in step and "torchvision==0.9.2" in step for step in result.fix)
    # Not the regular cu111 folder, which never had 1.8.2.
    assert not any("whl/cu111" in step for step in result.fix)


def test_the_lts_answer_wins_over_the_python_check_and_keeps_an_empty_list() -> None:
    (result,) = explain(
        "Python 3.10.12\nERROR: Could not find a version that satisfies the requirement "
        "torch==1.8.2+cu111 (from versions: 1.11.0, 1.12.0)"
    )
    assert "lts_index" in result.facts
    assert "no wheels for it" in result.cause
    (nothing,) = explain(
        "ERROR: Could not find a version that satisfies the requirement torch==1.8.2 "
        "(from versions: none)"
    )
    assert "no torch wheels" in nothing.cause
    # A runnable command (no <a | b> placeholder), and the other builds named.
    assert not any("<" in step for step in nothing.fix if "pip install" in step)
    assert any("cu102" in step and "cpu" in step for step in nothing.fix[1:])


def test_companion_zero_versions_are_real_releases() -> None:
    (result,) = explain(
        "ERROR: Could not find a version that satisfies the requirement torchvision==0.9.2 "
        "(from versions: 0.9.0, 0.9.1, 0.10.0)"
    )
    assert result.facts["newest_available"] == "0.10.0"


def test_the_lts_answer_on_a_mac_says_there_is_no_build_and_names_the_closest_release() -> None:
    # previous-versions.md: "macOS is currently not supported in LTS" (the matrix's platforms).
    (result,) = explain(
        "Darwin MacBook 20.6.0 macOS\nERROR: Could not find a version that satisfies the "
        "requirement torch==1.8.2 (from versions: 1.7.1, 1.8.0, 1.8.1, 1.9.0)"
    )
    assert "built for Linux, Windows only: there is no build of it for macOS" in result.cause
    assert not any("whl/lts" in step for step in result.fix)
    assert result.fix[0].endswith(
        "python -m pip install torch==1.8.1 torchvision==0.9.1 torchaudio==0.8.1"
    )
    # On Linux or Windows, or when the OS is not known, the LTS index is the answer.
    (linux,) = explain(
        "/home/u/venv/lib/python3.8/site-packages\nERROR: Could not find a version that "
        "satisfies the requirement torch==1.8.2 (from versions: 1.7.1, 1.8.0, 1.8.1)"
    )
    assert "whl/lts/1.8/" in linux.fix[0]
    # With a Python no 1.8 release has wheels for, 1.8.1 is no answer either.
    (py310,) = explain(
        "Darwin MacBook 20.6.0 macOS\nPython 3.10.4\nERROR: Could not find a version that "
        "satisfies the requirement torch==1.8.2 (from versions: 1.11.0, 1.12.0)"
    )
    assert not any("torch==1.8.1" in step for step in py310.fix)
    assert any("No torch 1.8 release has wheels for Python 3.10.4" in step for step in py310.fix)


def test_a_nightly_folder_older_than_every_current_build_is_named() -> None:
    # errors_blind48 (rtx5060-pytorch-cuda129#3): nightly/cu129 got no torch once the
    # nightlies moved on; the folders named are the newest release's, from the matrix.
    from envdoctor.compat.builds import index_labels
    from envdoctor.matrix.load import load_matrix

    newest = max(load_matrix().torch.releases, key=lambda r: tuple(map(int, r.release.split("."))))
    labels = index_labels(newest)
    text = (
        "pip install --pre torch --index-url https://download.pytorch.org/whl/nightly/cu100\n"
        "ERROR: Could not find a version that satisfies the requirement torch (from versions: "
        "none)"
    )
    (result,) = explain(text)
    assert "nightly folder cu100" in result.cause
    assert result.facts["current_builds"] == ", ".join(labels)
    assert any(f"whl/nightly/{labels[0]}" in step for step in result.fix)
    # A folder of a current build is not blamed.
    (current,) = explain(text.replace("cu100", labels[-1]))
    assert "nightly folder" not in current.cause


@pytest.mark.parametrize(
    ("text", "version", "python"),
    [
        (
            "ERROR: Could not find a version that satisfies the requirement "
            "torch==2.1.2+cu118-cp310-cp310-linux_x86_64 (from versions: 2.0.0, 2.1.0)",
            "2.1.2+cu118",
            "3.10",
        ),
        (
            "× No solution found when resolving dependencies:\n"
            "╰─▶ Because there is no version of torch==2.4.0.cp312 and your project depends "
            "on torch==2.4.0.cp312, we can conclude that your project's requirements are "
            "unsatisfiable.",
            "2.4.0",
            "3.12",
        ),
    ],
)
def test_a_wheel_files_python_tag_in_the_version_is_named(
    text: str, version: str, python: str
) -> None:
    result = explain(text)[0]
    assert result.code == "pip-no-matching-torch"
    assert result.facts["version"] == version
    assert f"=={version}`" in result.fix[0] or f"=={version} " in result.fix[0]
    assert f"uv python pin {python}" in result.fix[1]


def test_a_plain_local_variant_is_not_a_file_tag() -> None:
    result = explain("ERROR: No matching distribution found for torch==2.1.2+cu118")[0]
    assert "file_tag" not in result.facts
