"""uv / poetry refusals of a torch release: the Python to pin and the tool's own step."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain


def _only(text: str):  # type: ignore[no-untyped-def]
    found = explain(text)
    assert [e.code for e in found] == ["pip-no-matching-torch"]
    return found[0]


def test_python_abi_tag_suggests_a_python_of_the_release_not_the_failing_one() -> None:
    e = _only(
        "error: Because torch==1.13.1 has no wheels with a matching Python ABI tag (e.g., "
        "`cp312`) and you require torch==1.13.1, we can conclude that your requirements are "
        "unsatisfiable."
    )
    # The matrix: torch 1.13 has wheels for Python >=3.7,<3.11.
    assert e.facts["suggested_python"] == "3.10"
    assert "3.12" not in e.fix[0]


def test_uv_hint_tags_give_the_python_to_pin() -> None:
    for text in (
        "error: Distribution `torch==2.2.2 @ registry+https://pypi.org/simple` can't be "
        "installed because it doesn't have a source distribution or wheel for the current "
        "platform\n\nhint: You're using CPython 3.12 (cp312), but torch (v2.2.2) only has "
        "wheels with the following Python ABI tags: cp38, cp39, cp310, cp311",
        "hint: You're using CPython 3.12 (`cp312`), but `torch` (v2.2.2) only has wheels with "
        "the following Python ABI tags: `cp38`, `cp39`, `cp310`, `cp311`",
    ):
        e = _only(text)
        assert e.facts["suggested_python"] == "3.11"
        assert "uv python pin 3.11" in e.fix[0] and "3.12" not in e.fix[0]


def test_uv_distribution_without_hint_skips_the_machines_python() -> None:
    e = _only(
        "/home/me/.venv/lib/python3.12/site-packages/x.py\n"
        "error: Distribution `torch==2.2.2 @ registry+https://pypi.org/simple` can't be "
        "installed because it doesn't have a source distribution or wheel for the current "
        "platform"
    )
    # torch 2.2 has wheels for Python 3.12: the platform is the cause, never that Python.
    assert e.facts.get("suggested_python") != "3.12" and "uv python pin 3.12" not in e.fix[0]


def test_poetry_gets_its_own_step_first_with_the_known_variant() -> None:
    e = _only("Unable to find installation candidates for torch (2.3.1+cu121)")
    assert e.fix[0].startswith("poetry:")
    assert "https://download.pytorch.org/whl/cu121`" in e.fix[0]
    assert "<variant>" not in " ".join(e.fix)


def test_old_pips_has_requirement_wording_and_the_pair_of_the_torch_kept() -> None:
    # errors_blind88 (pytorch-lr-finder#17): pip 19's words; torch 1.2.0 was the one wanted.
    (result,) = explain(
        "ERROR: torchvision 0.4.2 has requirement torch==1.3.1, but you'll have torch 1.2.0 "
        "which is incompatible."
    )
    assert result.code == "pip-dependency-conflict"
    assert result.fix[0].startswith("Put back torch 1.3.1")
    assert "torchvision==0.4.0" in result.fix[-1]


_BLIND = Path(__file__).resolve().parents[1] / "fixtures"


def _blind(name: str) -> str:
    return (_BLIND / name).read_text(encoding="utf-8")


def test_uv_platform_hint_with_only_newer_manylinux_wheels_names_both_glibcs() -> None:
    # astral-sh/uv#14268: a glibc 2.27 machine, torch 2.7.0 wheels are manylinux_2_28.
    e = _only(_blind("errors_blind84/env__wheel_astralsh14268.txt"))
    assert "2.27" in e.cause and "manylinux_2_28_x86_64" in e.cause and "2.28" in e.cause
    assert "ldd --version" in e.fix[0] and any("--refresh" in step for step in e.fix)


def test_uv_platform_hint_with_a_fitting_manylinux_wheel_is_no_glibc_case() -> None:
    e = _only(
        "hint: You're on Linux (`manylinux_2_31_aarch64`), but `torch` (v2.7.0) only has "
        "wheels for the following platforms: `manylinux_2_28_x86_64`, `macosx_11_0_arm64`"
    )
    assert "glibc" not in e.cause


def test_uv_no_file_with_a_python_the_release_supports_blames_the_intel_mac() -> None:
    # astral-sh/uv#8358: Python 3.9.12 under /Users/, torch 2.5.0.
    e = _only(_blind("errors_blind84/env__wheel_astralsh8358.txt"))
    assert "suggested_python" not in e.facts and "uv python pin" not in " ".join(e.fix)
    assert "Intel Mac" in e.cause and "2.2.2" in e.fix[0]


def test_poetry_on_a_python_with_wheels_on_one_platform_only_leads_with_it() -> None:
    # griptape-ai/griptape#1500: poetry on Python 3.13, torch 2.5.1 (cp313: Linux x86_64 only).
    e = _only(_blind("errors_blind84/env__pip_griptape1500.txt"))
    assert e.cause.startswith("torch 2.5 has wheels for Python 3.13 on Linux x86_64 only")
    assert e.fix[0].startswith("Use Python 3.12") and "poetry env use 3.12" in e.fix[0]


def test_poetry_on_linux_with_that_python_keeps_the_index_answer() -> None:
    e = _only(
        "/home/me/.venv/lib/python3.13/site-packages/poetry/installation/chooser.py\n"
        "Unable to find installation candidates for torch (2.5.1)"
    )
    assert e.cause.startswith("The resolver found no torch (2.5.1)")


def test_poetry_without_a_python_asks_for_it_first_when_the_range_has_a_platform_edge() -> None:
    e = _only(_blind("errors_blind85/env__pip_bookshelfscanner1.txt"))
    assert "Python 3.13 on Linux x86_64 only" in e.cause and "poetry env info" in e.fix[0]


def test_poetry_with_nothing_ruling_out_a_mac_names_the_intel_mac_end() -> None:
    e = _only(_blind("errors_blind84/env__pip_bittnerpierre8.txt"))
    assert "Intel Mac" in e.cause and "2.2.2" in e.cause


def test_poetry_2_skipping_every_wheel_for_its_abi_tags_is_no_index_problem() -> None:
    # errors_blind89 (pylingual#129): poetry 2 says why no candidate was installable.
    text = (
        "  - Installing torch (2.7.1): Failed\n\n    | Unable to find installation candidates "
        "for torch (2.7.1)\n    | \n    | This is likely not a Poetry issue.\n    | \n    |   - "
        "24 candidate(s) were identified for the package\n    |   - 24 wheel(s) were skipped "
        "as your project's environment does not support the identified abi tags\n"
    )
    (result,) = explain(text)
    assert result.facts["skipped_for"] == "abi tags"
    assert "the index is not the problem" in result.cause
    assert not any("poetry source add" in step for step in result.fix)


def test_poetry_on_a_mac_without_apple_silicon_leads_with_the_intel_mac_end() -> None:
    # errors_blind91 (LLM-Engineers-Handbook#26): poetry, Python 3.11, torch 2.4.0, /Users/.
    text = (
        "ronaldv@MBP LLM-Engineers-Handbook % poetry install\n  - Installing torch (2.4.0): "
        "Failed\n\n  RuntimeError\n\n  Unable to find installation candidates for torch (2.4.0)"
        "\n\n  at ~/Library/Application Support/pypoetry/venv/lib/python3.11/site-packages/"
        "poetry/installation/chooser.py:74 in choose_for\nUsing virtualenv: /Users/ronaldv/"
        "Library/Caches/pypoetry/virtualenvs/llm-engineering-QmmB4sbR-py3.11"
    )
    (result,) = explain(text)
    assert result.cause.startswith("This paste is from a Mac with no sign of Apple silicon")
    assert result.fix[0].startswith("On an Intel Mac pin torch 2.2.2")


def test_pixi_gets_its_own_index_setting_and_a_local_variant_blames_the_index_first() -> None:
    # errors_blind91 (pixi#2398): a +cu121 pin that only the PyTorch index has.
    (result,) = explain(
        "failed to resolve pypi dependencies\n  ╰─▶ Because there is no version of "
        "torch==2.5.1+cu121 and you require torch==2.5.1+cu121, we can conclude that your "
        "requirements are unsatisfiable."
    )
    assert result.fix[0].startswith("pixi: add the PyTorch index to [pypi-options]")
    assert "whl/cu121" in result.fix[0]
    assert not result.fix[0].startswith("First check the Python")


def test_a_conflict_of_any_package_names_both_sides() -> None:
    # errors_blind106 (DeepLabCut#2448).
    text = (
        "The conflict is caused by:\n    The user requested tensorflow==2.12\n"
        '    deeplabcut[tf] 2.3.8 depends on tensorflow<=2.10 and >=2.0; extra == "tf"\n'
    )
    (result,) = explain(text)
    assert result.code == "pip-requirements-conflict"
    assert "tensorflow==2.12" in result.cause and "tensorflow<=2.10" in result.cause


def test_every_candidate_needing_one_missing_package_names_that_package() -> None:
    text = Path("tests/fixtures/errors_blind108/env__pip_funasr224.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert "py-sound-connect" in result.cause


def test_a_pin_left_broken_after_an_install_gives_the_pin_back() -> None:
    # errors_blind110 (slora#8): torch's triton pin.
    text = (
        'torch 2.0.1 requires triton==2.0.0; platform_system == "Linux" and platform_machine '
        '== "x86_64", but you have triton 2.1.0 which is incompatible.'
    )
    (result,) = explain(text)
    assert result.code == "pip-requirements-conflict"
    assert 'python -m pip install "triton==2.0.0"' in result.fix[0]


def test_a_pin_with_two_specifiers_left_broken() -> None:
    text = (
        "tensorflow 2.15.0 requires numpy<2.0.0,>=1.23.5, but you have numpy 2.1.0 which is "
        "incompatible."
    )
    (result,) = explain(text)
    assert 'python -m pip install "numpy<2.0.0,>=1.23.5"' in result.fix[0]
