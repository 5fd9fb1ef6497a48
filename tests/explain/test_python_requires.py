"""A package whose releases exclude this Python (explain.families.python_requires)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

BLIND = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind111"


def test_pips_list_of_skipped_releases_alone_names_the_pythons_they_accept() -> None:
    (result,) = explain((BLIND / "env__pip_coquitts2699.txt").read_text())
    assert result.code == "package-python-unsupported"
    assert result.facts["pythons_accepted"] == "3.6-3.10"
    assert result.facts["newest_skipped"] == "0.14.3"
    assert "python=3.10" in result.fix[0]


def test_skipped_releases_of_another_package_are_not_blamed_on_the_failed_one() -> None:
    # https://github.com/PromptEngineer48/Ollama/issues/5: numpy's and scipy's releases
    # were skipped; onnxruntime had no file for that platform at all.
    text = (
        "ERROR: Ignored the following versions that require a different python version: "
        "0.5.12 Requires-Python >=3.7,<3.12; 0.5.13 Requires-Python >=3.7,<3.12; 1.21.2 "
        "Requires-Python >=3.7,<3.11; 1.21.3 Requires-Python >=3.7,<3.11\n"
        "ERROR: Could not find a version that satisfies the requirement onnxruntime>=1.14.1 "
        "(from chromadb) (from versions: none)\n"
        "ERROR: No matching distribution found for onnxruntime>=1.14.1"
    )
    assert [r.code for r in explain(text)] == ["pip-no-matching-package"]


def test_pips_refusal_of_a_packages_requires_python() -> None:
    # https://github.com/idiap/coqui-ai-TTS/issues/6 quotes the same range for coqui-tts.
    (result,) = explain(
        "ERROR: Package 'tts' requires a different Python: 3.12.1 not in '<3.12,>=3.9.0'"
    )
    assert result.code == "package-python-unsupported"
    assert result.facts["python_version"] == "3.12.1"
    assert "python=3.11" in result.fix[0]
    assert any("coqui-tts" in step for step in result.fix)


def test_a_packages_own_guard_of_the_interpreter() -> None:
    (result,) = explain((BLIND / "env__pyversion_coquitts3627.txt").read_text())
    assert result.code == "package-python-unsupported"
    assert result.facts["package"] == "TTS"
    assert "3.9-3.11" in result.cause
    # TensorFlowTTS's setup.py guard, the other wording (a lower bound only).
    (older,) = explain(
        "RuntimeError: TensorFlow TTS requires python >= 3.8, but your Python version is 3.7.3"
    )
    assert older.facts["python_version"] == "3.7.3"
    assert "3.8 or newer" in older.cause
    assert "older release" in older.fix[-1]


def test_poetry_with_no_python_in_both_ranges_points_to_the_fork_or_another_python() -> None:
    (result,) = explain((BLIND / "env__pip_coquitts3848.txt").read_text())
    assert result.code == "poetry-python-range-incompatible"
    assert result.facts["project_python"] == ">=3.12,<3.13"
    assert "No Python is in both ranges" in result.cause
    assert "coqui-tts" in result.fix[0]
    assert "poetry env use 3.11" in result.fix[1]


def test_poetry_with_an_overlap_narrows_the_project_range() -> None:
    # Poetry's FAQ example (python-poetry.org/docs/faq/).
    (result,) = explain(
        "The current project's supported Python range (>=3.7.0,<4.0.0) is not compatible "
        "with some of the required packages Python requirement:\n"
        "    - scipy requires Python >=3.7,<3.11, so it will not be satisfied for Python "
        ">=3.11,<4.0.0"
    )
    assert 'python = ">=3.7,<3.11"' in result.fix[0]


def test_torch_keeps_its_own_entry() -> None:
    torch = explain("ERROR: Package 'torch' requires a different Python: 3.7.1 not in '>=3.8.0'")
    assert [r.code for r in torch] == ["pip-no-matching-torch"]


def test_poetry_narrowing_keeps_a_dependencys_exclusion() -> None:
    text = (
        "The current project's Python requirement (>=3.8,<4.0) is not compatible with some of "
        "the required packages Python requirement:\n  - streamlit requires Python >=3.7, "
        "!=3.9.7, so it will not be satisfied for Python 3.9.7"
    )
    (result,) = explain(text)
    assert "!=3.9.7" in result.fix[0]


def test_type_unions_evaluated_on_a_python_before_3_10() -> None:
    path = BLIND.parent / "errors_blind128" / "env__interpreter_megatron4.txt"
    (result,) = explain(path.read_text(encoding="utf-8"))
    assert result.code == "python-too-old-for-code"
    assert result.kind == "environment"
    assert result.facts["python_needed"] == "3.10"
    for other in (
        "'types.GenericAlias' and 'NoneType'",
        "'NoneType' and 'type'",
        "'ABCMeta' and 'type'",
    ):
        text = f"TypeError: unsupported operand type(s) for |: {other}"
        assert [r.code for r in explain(text)] == ["python-too-old-for-code"]
    (merge,) = explain("TypeError: unsupported operand type(s) for |: 'dict' and 'dict'")
    assert merge.facts["python_needed"] == "3.9"


def test_an_operator_bug_in_the_code_is_not_an_old_python() -> None:
    for operands in (
        "'int' and 'str'",
        "'NoneType' and 'NoneType'",
        "'str' and 'NoneType'",
        "'Tensor' and 'NoneType'",
    ):
        assert not explain(f"TypeError: unsupported operand type(s) for |: {operands}")
