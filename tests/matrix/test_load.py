"""Loading the matrix: a hand-broken copy ends in one DataError naming the file and the problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from envdoctor.errors import DataError
from envdoctor.matrix import default_path, load_matrix
from envdoctor.matrix.load import ENV_VAR, parse_matrix


def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(default_path().read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: Any, name: str = "broken.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _release(data: dict[str, Any], name: str) -> dict[str, Any]:
    rel: dict[str, Any] = next(r for r in data["torch"]["releases"] if r["release"] == name)
    return rel


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def _unknown_source(data: dict[str, Any]) -> None:
    _release(data, "2.8")["sources"].append("NO_SUCH_SOURCE")


def _bad_version(data: dict[str, Any]) -> None:
    _release(data, "2.8")["versions"] = ["2.8.zero"]


def _bad_driver(data: dict[str, Any]) -> None:
    data["cuda"]["toolkits"][0]["min_driver"]["linux"] = "384.x81"


def _missing_driver_row(data: dict[str, Any]) -> None:
    data["cuda"]["toolkits"] = [t for t in data["cuda"]["toolkits"] if t["cuda"] != "12.8"]


def _duplicate_gpu(data: dict[str, Any]) -> None:
    data["gpus"][1]["names"] = [*data["gpus"][1].get("names", []), "nvidia  GEFORCE RTX 5090"]


def _ambiguous_known(data: dict[str, Any]) -> None:
    data["gpus_ambiguous"][0]["patterns"] = ["^(nvidia )?geforce rtx 3060$"]


def _bad_arch(data: dict[str, Any]) -> None:
    _release(data, "2.8")["variants"][0]["sass"] = ["8.6", "sm_90"]


def _bad_python(data: dict[str, Any]) -> None:
    _release(data, "2.8")["python"] = ">=3.9,<3.9"


def _variant_version(data: dict[str, Any]) -> None:
    _release(data, "1.8")["variants"][0]["versions"] = ["1.8.7"]


def _family_conflict(data: dict[str, Any]) -> None:
    # an exact 3060 name that a family regex maps to a different capability
    gpu = next(g for g in data["gpus"] if g["name"] == "GeForce RTX 3060")
    gpu["cc"] = "8.9"


def _companion(data: dict[str, Any], torch: str) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in data["companions"] if r["torch"] == torch)
    return row


def _pair_outside_spec(data: dict[str, Any]) -> None:
    _companion(data, "2.8")["pairs"][0]["torchvision"] = "0.24.0"


def _companions_out_of_order(data: dict[str, Any]) -> None:
    data["companions"].reverse()


def _bad_companion_spec(data: dict[str, Any]) -> None:
    _companion(data, "2.1")["torchaudio"] = "=>2.1"


def _pair_of_another_release(data: dict[str, Any]) -> None:
    _companion(data, "2.1")["pairs"][0]["torch"] = "2.2.0"


def _arch_row(data: dict[str, Any], cc: str) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in data["cuda"]["arch_min_driver"] if r["cc"] == cc)
    return row


def _arch_duplicate(data: dict[str, Any]) -> None:
    data["cuda"]["arch_min_driver"].append(dict(_arch_row(data, "12.0")))


def _arch_driver_of_older_branch(data: dict[str, Any]) -> None:
    _arch_row(data, "12.0")["first_driver"]["linux"] = "560.35.03"


def _arch_unknown_source(data: dict[str, Any]) -> None:
    _arch_row(data, "9.0")["sources"] = ["NO_SUCH_SOURCE"]


def _arch_bad_cc(data: dict[str, Any]) -> None:
    _arch_row(data, "8.9")["cc"] = "sm_89"


def _nvenc_row(data: dict[str, Any], api: str) -> dict[str, Any]:
    row: dict[str, Any] = next(r for r in data["nvenc_api"] if r["api"] == api)
    return row


def _nvenc_out_of_order(data: dict[str, Any]) -> None:
    data["nvenc_api"].append(dict(_nvenc_row(data, "9.0")))


def _nvenc_floor_falls(data: dict[str, Any]) -> None:
    # A newer API on an older driver than the API before it: one of the two is wrong.
    _nvenc_row(data, "12.2")["min_driver"]["windows"] = "522.25"


def _nvenc_unknown_source(data: dict[str, Any]) -> None:
    _nvenc_row(data, "13.0")["sources"] = ["NO_SUCH_SOURCE"]


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (_nvenc_out_of_order, "nvenc_api[9.0]: rows must be unique and in ascending API order"),
        (_nvenc_floor_falls, "windows driver 522.25 is older than the row before"),
        (_nvenc_unknown_source, "nvenc_api[13.0]: unknown source 'NO_SUCH_SOURCE'"),
        (_arch_duplicate, "cuda.arch_min_driver[12.0]: duplicate row"),
        (_arch_driver_of_older_branch, "driver 560.35.03 is older than R570"),
        (_arch_unknown_source, "cuda.arch_min_driver[9.0]: unknown source 'NO_SUCH_SOURCE'"),
        (_arch_bad_cc, "bad compute capability 'sm_89'"),
        (_pair_outside_spec, "torchvision 0.24.0 pinned for 2.8.0 does not fit"),
        (_companions_out_of_order, "oldest first"),
        (_bad_companion_spec, "bad torchaudio specifier '=>2.1'"),
        (_pair_of_another_release, "'2.2.0' is not a version of torch 2.1"),
        (_set(("schema",), "envdoctor.compat-matrix/2"), "schema version 2"),
        (_set(("schema",), "something-else/1"), "schema is"),
        (_unknown_source, "unknown source 'NO_SUCH_SOURCE'"),
        (_bad_version, "versions must be"),
        (_bad_driver, "bad driver version '384.x81'"),
        (_missing_driver_row, "CUDA 12.8 has no driver row"),
        (_duplicate_gpu, "duplicates"),
        (_ambiguous_known, "matches the known GPU"),
        (_bad_arch, "bad compute capability 'sm_90'"),
        (_bad_python, "admits no Python 3 version"),
        (_variant_version, "'1.8.7' is not a version"),
        (_family_conflict, "also matches family"),
        (_set(("reviewed",), "27/11/2026"), "not a YYYY-MM-DD date"),
        (_set(("gpus",), "none"), "expected a list"),
    ],
)
def test_broken_copy_gives_one_clear_data_error(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], needle: str
) -> None:
    data = _shipped()
    edit(data)
    path = _write(tmp_path, data)
    with pytest.raises(DataError) as info:
        load_matrix(path)
    message = info.value.message
    assert str(path) in message
    assert needle in message
    assert "\n" not in message


def test_bad_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "matrix.json"
    path.write_text('{"schema": "envdoctor.compat-matrix/1",', encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON") as info:
        load_matrix(path)
    assert str(path) in info.value.message


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(DataError, match="cannot read") as info:
        load_matrix(path)
    assert str(path) in info.value.message


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(DataError, match="must be a JSON object"):
        parse_matrix([1, 2], source="x.json")


def test_many_problems_are_counted_in_one_line(tmp_path: Path) -> None:
    data = _shipped()
    _unknown_source(data)
    _bad_driver(data)
    with pytest.raises(DataError, match=r"\(and 1 more\)"):
        load_matrix(_write(tmp_path, data))


def test_env_override_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _shipped()
    data["data_version"] = "test-override"
    path = _write(tmp_path, data, "override.json")
    monkeypatch.setenv(ENV_VAR, str(path))
    assert default_path() == path
    assert load_matrix().data_version == "test-override"


def test_loaded_matrix_remembers_its_path() -> None:
    m = load_matrix()
    assert m.path == str(default_path())
