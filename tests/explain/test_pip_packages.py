"""pip finding no release of a package other than PyTorch's (explain.families.pip_packages)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

LAGGING = (
    "Could not find a version that satisfies the requirement paddleaudio>=1.1.0 (from "
    "paddlespeech==0.0.0) (from versions: 0.1.0a0, 0.1.0, 0.2.0, 1.0.1, 1.0.2)\n"
    "No matching distribution found for paddleaudio>=1.1.0 (from paddlespeech==0.0.0)"
)


def test_an_index_with_only_older_releases_is_told_apart() -> None:
    (result,) = explain(LAGGING)
    assert result.code == "pip-no-matching-package"
    assert result.facts["newest_available"] == "1.0.2"
    assert result.facts["required_by"] == "paddlespeech==0.0.0"
    assert "lags behind PyPI" in result.cause


def test_no_release_at_all_on_an_arm_machine_says_so() -> None:
    text = (
        "Looking in indexes: https://mirror.baidu.com/pypi/simple\n"
        "ERROR: Could not find a version that satisfies the requirement paddlepaddle==2.0.2 "
        "(from versions: none)\nERROR: No matching distribution found for paddlepaddle==2.0.2\n"
        "Linux nano 4.9.140-tegra #1 SMP PREEMPT aarch64 aarch64 aarch64 GNU/Linux"
    )
    (result,) = explain(text)
    assert result.facts["machine"] == "aarch64"
    assert result.facts["index"] == "https://mirror.baidu.com/pypi/simple"
    assert "ARM" in result.cause


def test_torch_and_cuda_named_packages_keep_their_own_entries() -> None:
    torch = explain("ERROR: No matching distribution found for torch==2.0.1")
    assert [r.code for r in torch] == ["pip-no-matching-torch"]
    cumm = explain(
        "ERROR: Could not find a version that satisfies the requirement cumm-cu100 (from "
        "spconv-cu100)\nERROR: No matching distribution found for cumm-cu100"
    )
    assert [r.code for r in cumm] == ["pip-cuda-variant-not-published"]
    assert explain("ERROR: No matching distribution found for pytorch3d")[0].code == (
        "pip-package-not-on-pypi"
    )


def test_an_old_pin_is_not_called_too_new() -> None:
    (result,) = explain(
        "ERROR: Could not find a version that satisfies the requirement "
        "opencv-python==4.1.2.30 (from versions: 4.5.1.48, 4.5.3.56)"
    )
    assert "lags behind" not in result.cause
    assert "no file for this Python or platform" in result.cause


def test_a_requirements_file_parent_keeps_the_version_list() -> None:
    (result,) = explain(
        "ERROR: Could not find a version that satisfies the requirement numpy==1.19.2 "
        "(from -r requirements.txt (line 3)) (from versions: 1.24.0, 1.26.4)"
    )
    assert result.facts["newest_available"] == "1.26.4"
    assert result.facts["required_by"] == "-r requirements.txt (line 3)"


BLIND = Path(__file__).parent.parent / "fixtures"


def test_a_range_whose_releases_were_all_yanked_says_so() -> None:
    # pip 23.3+ names the yanked releases on a line of their own (optimum-intel#1658).
    text = (BLIND / "errors_blind101" / "env__pip_optimumintel1658.txt").read_text()
    (result,) = explain(text)
    assert result.code == "pip-no-matching-package"
    assert result.facts["yanked"] == ["2.5.0"]
    assert "yanked" in result.cause and "`==`" in result.cause
    assert '"intel-extension-for-pytorch==2.5.0"' in result.fix[1]


def test_a_compatible_release_pin_of_yanked_releases_with_none_left() -> None:
    # https://github.com/Leci37/TensorFlow-stocks-prediction-Machine-learning-RealTime/issues/30
    (result,) = explain(
        "ERROR: Ignored the following yanked versions: 1.0.1, 1.1.0, 1.1.1, 1.1.2\n"
        "ERROR: Could not find a version that satisfies the requirement pyine~=1.1.2 "
        "(from versions: none)\nERROR: No matching distribution found for pyine~=1.1.2"
    )
    assert result.facts["yanked"] == ["1.1.2"]
    assert "yanked" in result.cause


def test_yanked_releases_the_requirement_does_not_ask_for_are_not_the_cause() -> None:
    # https://github.com/davidbombal/ssh_bruteforcing/issues/4 (the pinned dev release
    # was never published; the yanked ones are others; version list shortened).
    (result,) = explain(
        "ERROR: Ignored the following yanked versions: 1.5.0, 1.15.0\n"
        "ERROR: Could not find a version that satisfies the requirement alembic==1.7.6.dev0 "
        "(from versions: 1.5.1, 1.7.5, 1.7.6, 1.7.7, 1.16.2)\n"
        "ERROR: No matching distribution found for alembic==1.7.6.dev0"
    )
    assert "yanked" not in result.facts
    assert "yanked" not in result.cause


def test_a_full_stop_after_the_requirement_is_not_a_second_answer() -> None:
    # dgl#7433: "No matching distribution found for dgl==2.2.1." and DGL's own index.
    text = (BLIND / "errors_blind100" / "env__pip_dgl7433.txt").read_text()
    (result,) = explain(text)
    assert result.facts["requirement"] == "dgl==2.2.1"
    assert "operating system or CPU" in result.cause
    assert "macOS" in result.cause
    assert "data.dgl.ai/wheels" in result.fix[0]


def test_pip_26_final_version_wording() -> None:
    # pip 26.0 (pip c50f39a5f): "Could not find a final version ..." when pre-releases
    # are not allowed for the package.
    (result,) = explain(
        "ERROR: Could not find a final version that satisfies the requirement foo>=2.0 "
        "(from versions: 1.0, 1.1)"
    )
    assert result.facts["newest_available"] == "1.1"
