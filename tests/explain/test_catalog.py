"""Invariants of the error catalog."""

from __future__ import annotations

import pytest
from explain.errortext import fixture_names, fixture_text

from envdoctor import i18n
from envdoctor.explain.catalog import CATALOG
from envdoctor.explain.engine import normalise
from envdoctor.explain.spec import YIELDS_TO_ALL


def test_codes_are_unique_and_stable_looking() -> None:
    codes = [spec.code for spec in CATALOG]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert code == code.lower()
        assert " " not in code


def test_defers_to_names_real_codes() -> None:
    codes = {spec.code for spec in CATALOG}
    for spec in CATALOG:
        if spec.defers_to != YIELDS_TO_ALL:
            assert spec.defers_to <= codes - {spec.code}, spec.code


def test_answers_of_last_resort_keep_each_other_and_yield_to_the_rest() -> None:
    from envdoctor.explain import explain

    last = {spec.code for spec in CATALOG if spec.defers_to == YIELDS_TO_ALL}
    assert {"module-not-found", "extension-build-failed"} <= last
    both = "ModuleNotFoundError: No module named 'foo_bar_baz'\nRuntimeError: Error compiling objects for extension"
    assert {r.code for r in explain(both)} == {"module-not-found", "extension-build-failed"}
    with_gcc = (
        both + "\n#error -- unsupported GNU version! gcc versions later than 11 are not supported!"
    )
    assert [r.code for r in explain(with_gcc)] == ["extension-gcc-unsupported"]


def test_no_two_entries_defer_to_each_other() -> None:
    # Both would be dropped when both match: neither answer would be left.
    defers = {spec.code: spec.defers_to for spec in CATALOG if spec.defers_to != YIELDS_TO_ALL}
    for code, others in defers.items():
        for other in others:
            assert code not in defers.get(other, frozenset()), (code, other)


def test_a_wrapper_yields_to_the_error_it_wraps_and_stays_alone() -> None:
    from envdoctor.explain import explain

    launcher = "RuntimeError: Couldn't install torch.\nCommand: python -m pip install torch==2.1.2"
    pip = "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device"
    assert [r.code for r in explain(f"{pip}\n{launcher}")] == ["install-disk-full"]
    assert [r.code for r in explain(launcher)] == ["app-torch-install-failed"]


def test_every_entry_has_lowercase_keywords() -> None:
    for spec in CATALOG:
        assert spec.keywords, spec.code
        for word in spec.keywords:
            assert word == word.lower(), (spec.code, word)


@pytest.mark.parametrize("name", fixture_names())
def test_keywords_let_every_real_report_through(name: str) -> None:
    # The prefilter must never hide a report the patterns would recognise.
    entry = name.split("__", maxsplit=1)[0]
    spec = next(s for s in CATALOG if s.code == entry)
    lower = normalise(fixture_text(name)).lower()
    assert any(word in lower for word in spec.keywords), name
    assert any(p.search(normalise(fixture_text(name))) for p in spec.patterns), name


def test_titles_are_translated() -> None:
    english = {spec.code: i18n._(spec.title) for spec in CATALOG}
    i18n.set_language("zh_CN")
    try:
        for spec in CATALOG:
            chinese = i18n._(spec.title)
            assert chinese != english[spec.code], spec.code
    finally:
        i18n.set_language("en")


def test_finding_codes_are_check_problem_codes() -> None:
    from envdoctor.analyse.findings import PROBLEM_CODES

    for spec in CATALOG:
        if spec.finding_code is not None:
            assert spec.finding_code in PROBLEM_CODES, spec.code


def test_every_entry_belongs_to_a_family_module() -> None:
    from envdoctor.explain.catalog import FAMILIES

    names = [family.name for family in FAMILIES]
    assert len(names) == len(set(names))
    for spec in CATALOG:
        assert spec.family in names, spec.code
        # Registered next to its advise function: the function lives in the family's module.
        assert spec.advise.__module__ == f"envdoctor.explain.families.{spec.family}"


def test_code_errors_never_map_to_a_check_finding() -> None:
    from envdoctor.explain.spec import ErrorKind

    for spec in CATALOG:
        if spec.kind is not ErrorKind.ENVIRONMENT:
            assert spec.finding_code is None, spec.code


def test_every_fixture_names_its_source() -> None:
    from explain.errortext import FIXTURES

    table = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    for name in fixture_names():
        first = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# source: https://github.com/"), name
        url = first.removeprefix("# source: ").strip()
        assert f"| {name}.txt | {url} |" in table, name
