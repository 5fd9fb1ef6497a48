"""uv / poetry refusals of a torch release: the Python to pin and the tool's own step."""

from __future__ import annotations

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
    assert e.facts["suggested_python"] != "3.12"


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
