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
    envelope,
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


# ---------------------------------------------------------------- the envelope header


def test_header_first_then_payload() -> None:
    doc = envelope("matrix", status="ok", exit_code=0, payload={"matrix": {}})
    assert list(doc) == ["schema", "envdoctor_version", "command", "status", "exit_code", "matrix"]
    assert doc["schema"] == "envdoctor.matrix/1"


def test_subcommand_schema_and_bumped_versions() -> None:
    assert envelope("matrix update", status="ok", exit_code=0)["schema"] == (
        "envdoctor.matrix.update/1"
    )
    assert envelope("bench", status="ok", exit_code=0)["schema"] == "envdoctor.bench/2"


@pytest.mark.parametrize(
    ("status", "code"), [("pass", 0), ("problems", 1), ("ok", 1), ("fail", 0), ("error", 1)]
)
def test_a_status_outside_the_contract_is_a_bug(status: str, code: int) -> None:
    with pytest.raises(ValueError, match="result contract"):
        envelope("check", status=status, exit_code=code)


def test_payload_cannot_overwrite_the_header() -> None:
    with pytest.raises(ValueError, match="clash"):
        envelope("check", status="ok", exit_code=0, payload={"status": "fine"})
    doc = envelope(
        "install",
        status="ok",
        exit_code=0,
        payload={"command": "pip"},
        replaces=frozenset({"command"}),
    )
    assert doc["command"] == "pip"
