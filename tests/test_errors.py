"""envdoctor/errors.py: which error class means which exit code, and who may exit 3."""

from __future__ import annotations

import re
from pathlib import Path

from envdoctor.errors import DataError, EnvdoctorError, UsageError
from envdoctor.exitcodes import ExitCode

PKG = Path(__file__).resolve().parents[1] / "envdoctor"

# Exit 3 means envdoctor itself could not run. The only places that may choose it: the
# definitions, the result contract, the catch-all for bugs (cli/_common.handles_errors).
MAY_NAME_CANNOT_RUN = {"errors.py", "exitcodes.py", "result.py", "cli/_common.py"}
# DataError (exit 3) is for envdoctor's own bundled data: the matrix, the mirror list,
# the GPU peak table. `matrix update` raises it only for the bundled matrix (not --file).
MAY_RAISE_DATA_ERROR = {
    "matrix/load.py",
    "matrix/update.py",
    "mirrors/catalog.py",
    "bench/peaks.py",
}


def _sources() -> dict[str, str]:
    return {p.relative_to(PKG).as_posix(): p.read_text(encoding="utf-8") for p in PKG.rglob("*.py")}


def test_each_class_has_its_exit_code() -> None:
    assert EnvdoctorError("x").exit_code is ExitCode.PROBLEMS  # the environment: fail
    assert UsageError("x").exit_code is ExitCode.USAGE
    assert DataError("x").exit_code is ExitCode.CANNOT_RUN
    assert EnvdoctorError("x", exit_code=ExitCode.USAGE).exit_code is ExitCode.USAGE


def test_only_the_contract_and_the_bug_handler_choose_exit_3() -> None:
    naming = {name for name, text in _sources().items() if "CANNOT_RUN" in text}
    assert naming == MAY_NAME_CANNOT_RUN, (
        "exit 3 is only for envdoctor's own broken data and bugs (docs/architecture.md); "
        f"unexpected in {sorted(naming - MAY_NAME_CANNOT_RUN)}"
    )


def test_data_error_is_raised_only_over_bundled_data() -> None:
    raising = {
        name
        for name, text in _sources().items()
        if re.search(r"\b(raise DataError|return DataError)\(", text)
    }
    assert raising <= MAY_RAISE_DATA_ERROR, sorted(raising - MAY_RAISE_DATA_ERROR)
