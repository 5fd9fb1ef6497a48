"""The envelope header, and its guard of the result contract."""

from __future__ import annotations

import pytest

from envdoctor.envelope import envelope


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
