"""The one outcome vocabulary and its exit-code mapping (envdoctor/result.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest

from envdoctor.exitcodes import ExitCode
from envdoctor.result import (
    ERROR_EXIT_CODES,
    CommandResult,
    Outcome,
    agrees,
    exit_code,
    worst,
)


@pytest.mark.parametrize(
    ("outcome", "strict", "code"),
    [
        (Outcome.OK, False, ExitCode.OK),
        (Outcome.OK, True, ExitCode.OK),
        (Outcome.WARN, False, ExitCode.OK),
        (Outcome.WARN, True, ExitCode.PROBLEMS),
        (Outcome.FAIL, False, ExitCode.PROBLEMS),
        (Outcome.FAIL, True, ExitCode.PROBLEMS),
    ],
)
def test_the_mapping(outcome: Outcome, strict: bool, code: ExitCode) -> None:
    assert exit_code(outcome, strict=strict) is code
    assert agrees(outcome.value, int(code), strict=strict)


def test_an_error_exits_with_its_kind_and_nothing_else() -> None:
    assert exit_code(Outcome.ERROR) is ExitCode.CANNOT_RUN
    for code in ERROR_EXIT_CODES:
        assert exit_code(Outcome.ERROR, error=code) is code
        assert agrees("error", int(code))
    for code in (ExitCode.OK, ExitCode.PROBLEMS):
        with pytest.raises(ValueError):
            exit_code(Outcome.ERROR, error=code)
        assert not agrees("error", int(code))


def test_agrees_refuses_other_words_and_mismatches() -> None:
    assert not agrees("pass", 0)
    assert not agrees("problems", 1)
    assert not agrees("ok", 1)
    assert not agrees("fail", 0)
    assert not agrees("warn", 1, strict=False)
    assert agrees("warn", 0) and agrees("warn", 1)  # strictness not known


def test_worst() -> None:
    assert worst([]) is Outcome.OK
    assert worst([Outcome.WARN, Outcome.OK]) is Outcome.WARN
    assert worst([Outcome.FAIL, Outcome.ERROR, Outcome.WARN]) is Outcome.ERROR


@dataclass(frozen=True)
class _Payload:
    name: str
    rate: float


def test_document_serialises_a_typed_payload() -> None:
    doc = CommandResult("bench", Outcome.WARN, _Payload("x", math.nan), strict=True).document()
    assert (doc["status"], doc["exit_code"]) == ("warn", 1)
    assert (doc["name"], doc["rate"]) == ("x", None)


def test_an_error_result_carries_its_message() -> None:
    with pytest.raises(ValueError, match="needs its message"):
        CommandResult("check", Outcome.ERROR).document()
    doc = CommandResult.for_error("check", "no such file", ExitCode.USAGE).document()
    assert (doc["status"], doc["exit_code"], doc["error"]) == (
        "error",
        2,
        {"message": "no such file"},
    )


def test_a_broken_user_config_file_is_a_failure_not_an_error() -> None:
    """ConfigFileError exits 1: a problem found in the user's environment."""
    result = CommandResult.for_error("mirrors", "cannot parse pip.conf", ExitCode.PROBLEMS)
    doc = result.document()
    assert (doc["status"], doc["exit_code"]) == ("fail", 1)
    assert doc["error"] == {"message": "cannot parse pip.conf"}
