"""One result contract: the outcome every command reports, and the one exit-code mapping.

Every command's `--json` document carries a top-level `status` from `Outcome` and the
`exit_code` that `exit_code()` derives from it; a command never picks an exit code of its
own. Verdicts inside a result keep their domain words (a bench op's pass/skip, a wheel's
caveat, a finding's info): each command folds them into an `Outcome` once, at the top.

    ok    -> 0    nothing to report
    warn  -> 0    worth knowing, nothing failed (1 with --strict)
    fail  -> 1    envdoctor found a problem
    error -> 2    bad user input (no result, or an input that is not what it claims to be)
          -> 3    envdoctor itself could not run (its own data corrupt, a bug; never the
                  user's input or environment: those are 2 and 1, see envdoctor.errors)
          -> 130  interrupted
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from envdoctor import __version__
from envdoctor.exitcodes import ExitCode


class Outcome(str, enum.Enum):
    """The top-level status of every command, in order of severity."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Outcome.OK: 0, Outcome.WARN: 1, Outcome.FAIL: 2, Outcome.ERROR: 3}

# The exit codes that mean "no usable result": only an ERROR outcome may carry them.
ERROR_EXIT_CODES = frozenset({ExitCode.USAGE, ExitCode.CANNOT_RUN, ExitCode.INTERRUPTED})


def worst(outcomes: Iterable[Outcome]) -> Outcome:
    """The most severe outcome; OK when there is none (nothing went wrong)."""
    return max(outcomes, key=lambda o: o.rank, default=Outcome.OK)


def exit_code(
    outcome: Outcome, *, strict: bool = False, error: ExitCode = ExitCode.CANNOT_RUN
) -> ExitCode:
    """The exit code of `outcome`: the one mapping every command goes through.

    `error` says which kind of error an ERROR outcome is (USAGE for bad input); it is
    ignored for the other outcomes, so a command cannot give a result a code of its own.
    """
    if outcome is Outcome.ERROR:
        if error not in ERROR_EXIT_CODES:
            msg = f"an error outcome cannot exit with {error!r}"
            raise ValueError(msg)
        return error
    if outcome is Outcome.FAIL or (strict and outcome is Outcome.WARN):
        return ExitCode.PROBLEMS
    return ExitCode.OK


def agrees(status: str, code: int, *, strict: bool | None = None) -> bool:
    """Whether a document's `status` and `exit_code` obey the mapping.

    `strict=None` means "not known": a warning may then have exited 0 or 1.
    """
    try:
        outcome = Outcome(status)
    except ValueError:
        return False
    if outcome is Outcome.ERROR:
        return code in {int(c) for c in ERROR_EXIT_CODES}
    if outcome is Outcome.WARN and strict is None:
        return code in {int(ExitCode.OK), int(ExitCode.PROBLEMS)}
    return code == int(exit_code(outcome, strict=bool(strict)))


RESULT_VERSION = 1
# Commands whose document changed in a way scripts notice. Version 2 of bench, wheel,
# mirrors and explain: the top-level `status` speaks the one vocabulary (ok / warn /
# fail / error) instead of the command's own words (pass, problems, not-recognised).
SCHEMA_VERSIONS = {"bench": 2, "wheel": 2, "mirrors": 2, "explain": 2}


def envelope(
    command: str,
    *,
    status: str,
    exit_code: int,
    payload: Mapping[str, Any] | None = None,
    replaces: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Build the JSON document for `command`; payload keys sit beside the header keys.

    `replaces` names header keys a command's documented shape redefines (install's
    "command" is the install command line; its "schema" still names the subcommand).
    `status` must be a word of `envdoctor.result.Outcome` that agrees with `exit_code`
    (the result contract); anything else is a bug in the command, caught here.
    """
    if not agrees(status, exit_code):
        msg = f"status {status!r} with exit code {exit_code} breaks the result contract"
        raise ValueError(msg)
    doc: dict[str, Any] = {
        # A subcommand's schema joins the words with dots: envdoctor.matrix.update/1.
        "schema": f"envdoctor.{command.replace(' ', '.')}/"
        f"{SCHEMA_VERSIONS.get(command, RESULT_VERSION)}",
        "envdoctor_version": __version__,
        "command": command,
        "status": status,
        "exit_code": exit_code,
    }
    if payload:
        clash = (set(doc) & set(payload)) - set(replaces)
        if clash:
            msg = f"payload keys clash with the envelope header: {sorted(clash)}"
            raise ValueError(msg)
        doc.update(payload)
    return doc


@dataclass(frozen=True)
class CommandResult:
    """What one command run produced: its outcome and its own keys (payload).

    `payload` is a frozen dataclass or a mapping; it is serialised through
    `envdoctor.serde.to_json_data`, so enums, tuples and nested dataclasses need no care
    and a measurement that is not a number becomes null.
    """

    command: str
    outcome: Outcome
    payload: Any = None
    strict: bool = False
    error: ExitCode = ExitCode.USAGE  # which error an ERROR outcome is
    # One translated line saying what went wrong; required with ERROR (the document's
    # `error.message`, as in every error document), ignored otherwise.
    message: str | None = None
    # Header keys the command's documented shape redefines (install's "command").
    replaces: frozenset[str] = frozenset()

    @classmethod
    def for_error(cls, command: str, message: str, code: ExitCode) -> CommandResult:
        """The result of a command that stopped on an error with exit code `code`.

        An error whose code is PROBLEMS (a config file of the user's that cannot be read
        or written) is a problem found in the environment: `fail`, not `error`.
        """
        if code is ExitCode.PROBLEMS:
            return cls(command, Outcome.FAIL, {"error": {"message": message}})
        return cls(command, Outcome.ERROR, error=code, message=message)

    @property
    def exit_code(self) -> ExitCode:
        return exit_code(self.outcome, strict=self.strict, error=self.error)

    def document(self) -> dict[str, Any]:
        """The versioned `--json` document: envelope header plus the payload's keys."""
        from envdoctor.serde import to_json_data

        data = to_json_data(self.payload) if self.payload is not None else {}
        if self.outcome is Outcome.ERROR:
            if not self.message:
                msg = f"{self.command}: an error result needs its message"
                raise ValueError(msg)
            data = {**data, "error": {"message": self.message}}
        return envelope(
            self.command,
            status=self.outcome.value,
            exit_code=int(self.exit_code),
            payload=data,
            replaces=self.replaces,
        )


__all__ = [
    "ERROR_EXIT_CODES",
    "RESULT_VERSION",
    "SCHEMA_VERSIONS",
    "CommandResult",
    "Outcome",
    "agrees",
    "envelope",
    "exit_code",
    "worst",
]
