"""The shipped compat_matrix.json: internally consistent and true to its sources on known cases."""

from __future__ import annotations

import itertools
import json
import re

import jsonschema  # type: ignore[import-untyped]
import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from envdoctor.compat.arch import arch_entries_from_variant, gpu_supported
from envdoctor.compat.gpus import ambiguous_gpu, gpu_capability, normalise_name
from envdoctor.compat.versions import Verdict, parse_arch_entry
from envdoctor.matrix import default_path, load_matrix
from envdoctor.matrix.load import json_schema, used_sources, validate
from envdoctor.matrix.model import Matrix, Release


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


def _rel(m: Matrix, name: str) -> Release:
    rel = m.release(name)
    assert rel is not None, name
    return rel


def test_shipped_file_validates(matrix: Matrix) -> None:
    assert validate(matrix) == []


def test_shipped_file_matches_json_schema() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(default_path().read_text(encoding="utf-8"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []


def test_every_variant_cuda_has_a_driver_row(matrix: Matrix) -> None:
    rows = {tk.cuda for tk in matrix.cuda.toolkits}
    missing = [
        f"{rel.release}/{var.name}: {var.cuda}"
        for rel in matrix.torch.releases
        for var in rel.variants
        if var.cuda is not None and var.cuda not in rows
    ]
    assert missing == []
    # and the row says something for Linux for every CUDA a wheel was built with
    unknown = [
        tk.cuda
        for tk in matrix.cuda.toolkits
        if tk.min_driver.linux is None
        and any(v.cuda == tk.cuda for r in matrix.torch.releases for v in r.variants)
    ]
    assert unknown == []


def test_arch_lists_parse_as_get_arch_list_entries(matrix: Matrix) -> None:
    for rel in matrix.torch.releases:
        for var in rel.variants:
            if var.cuda is None:
                assert var.sass is None and var.ptx is None, (rel.release, var.name)
                continue
            for os_name in ("linux", "windows"):
                entries = arch_entries_from_variant(var, os_name)
                assert entries is not None, (rel.release, var.name)
                parsed = [parse_arch_entry(e) for e in entries]
                assert None not in parsed, (rel.release, var.name, entries)
            assert list(var.sass or ()) == sorted(
                var.sass or (), key=lambda c: tuple(int(x) for x in c.split("."))
            ), (rel.release, var.name)
            assert var.arch_sources, (rel.release, var.name)
            assert var.arch_confidence is not None, (rel.release, var.name)


def _minors(spec: str) -> list[int]:
    ss = SpecifierSet(spec)
    return [n for n in range(31) if Version(f"3.{n}") in ss]


def test_python_ranges_are_contiguous_and_monotone(matrix: Matrix) -> None:
    releases = sorted(matrix.torch.releases, key=lambda r: Version(r.release))
    previous: tuple[int, int] | None = None
    for rel in releases:
        minors = _minors(rel.python)
        assert minors, rel.release
        assert minors == list(range(minors[0], minors[-1] + 1)), (rel.release, rel.python)
        if rel.python_unverified:
            extra = _minors(rel.python_unverified)
            assert extra and not set(extra) & set(minors), rel.release
        bounds = (minors[0], minors[-1])
        if previous is not None:
            # a newer release never drops a newer Python nor re-adds an older one
            assert bounds[0] >= previous[0] and bounds[1] >= previous[1], (rel.release, bounds)
        previous = bounds


def test_releases_cover_1_7_to_newest_without_gaps(matrix: Matrix) -> None:
    names = [r.release for r in matrix.torch.releases]
    expected = [f"1.{n}" for n in range(7, 14)] + [f"2.{n}" for n in range(16)]
    assert names == expected
    newest = max(matrix.torch.releases, key=lambda r: Version(r.release))
    assert newest.newest == matrix.newest_torch_on_index


def test_every_release_has_a_linux_default_and_cpu_elsewhere(matrix: Matrix) -> None:
    for rel in matrix.torch.releases:
        assert rel.default_variant.get("linux-x86_64"), rel.release
        assert rel.default_variant.get("windows") == "cpu", rel.release
        assert rel.variant("cpu") is not None, rel.release


def test_gpu_names_unique_after_normalisation(matrix: Matrix) -> None:
    seen: dict[str, str] = {}
    for gpu in matrix.gpus:
        for n in gpu.names:
            key = re.sub(r"\s+", "", n.lower()).removeprefix("nvidia")
            assert key not in seen, (n, seen.get(key), gpu.name)
            seen[key] = gpu.name


def test_every_source_used_and_every_used_source_defined(matrix: Matrix) -> None:
    used = used_sources(matrix)
    assert used - set(matrix.sources) == set()
    assert set(matrix.sources) - used == set()


@pytest.mark.parametrize(
    ("name", "cc"),
    [
        ("GeForce RTX 2080 Ti", "7.5"),  # pre-2021 drivers
        ("NVIDIA GeForce RTX 2080 Ti", "7.5"),
        ("NVIDIA GeForce RTX 3060 Laptop GPU", "8.6"),
        ("NVIDIA GeForce RTX 2070 with Max-Q Design", "7.5"),
        ("NVIDIA GeForce GTX 1650", "7.5"),
        ("NVIDIA GeForce GTX 1050 Ti with Max-Q Design", "6.1"),
        ("NVIDIA GeForce RTX 4070 Ti SUPER", "8.9"),
        ("NVIDIA GeForce RTX 5090 D", "12.0"),
        ("Tesla T4", "7.5"),
        ("Tesla V100-SXM2-32GB", "7.0"),
        ("NVIDIA A100-SXM4-80GB", "8.0"),
        ("NVIDIA A800-SXM4-80GB", "8.0"),
        ("NVIDIA A10G", "8.6"),
        ("NVIDIA H100 80GB HBM3", "9.0"),
        ("NVIDIA H100 NVL", "9.0"),
        ("NVIDIA H800", "9.0"),
        ("NVIDIA H20", "9.0"),
        ("NVIDIA H200", "9.0"),
        ("NVIDIA GH200 480GB", "9.0"),
        ("NVIDIA L20", "8.9"),
        ("NVIDIA L40S", "8.9"),
        ("NVIDIA B200", "10.0"),
        ("NVIDIA GB300", "10.3"),
        ("NVIDIA GB10", "12.1"),
        ("NVIDIA RTX A4000", "8.6"),
        ("NVIDIA RTX 6000 Ada Generation", "8.9"),
        ("NVIDIA RTX 2000 Ada Generation", "8.9"),
        ("NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition", "12.0"),
        ("Quadro RTX 5000", "7.5"),
        ("Quadro P2000", "6.1"),
        ("Quadro K2200", "5.0"),  # Maxwell despite the K
        ("Quadro K4000", "3.0"),
        ("NVIDIA T1000 8GB", "7.5"),
        ("NVIDIA TITAN X (Pascal)", "6.1"),
        ("GeForce GTX TITAN X", "5.2"),
        ("NVIDIA GeForce GTX 960M", "5.0"),
        ("NVIDIA GeForce GTX 980M", "5.2"),
        ("Orin (nvgpu)", "8.7"),
    ],
)
def test_gpu_names_map_to_capability(matrix: Matrix, name: str, cc: str) -> None:
    match = gpu_capability(matrix, name)
    assert match is not None, name
    assert match.capability == cc


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("NVIDIA GeForce GT 730", {"2.1", "3.5"}),
        ("GeForce GT 730", {"2.1", "3.5"}),
        ("TITAN X", {"5.2", "6.1"}),
        ("NVIDIA RTX 6000", {"7.5", "8.9"}),
        ("RTX 4000", {"7.5", "8.9"}),
    ],
)
def test_ambiguous_names_have_no_single_capability(
    matrix: Matrix, name: str, candidates: set[str]
) -> None:
    assert gpu_capability(matrix, name) is None
    amb = ambiguous_gpu(matrix, name)
    assert amb is not None
    assert set(amb.candidates) == candidates


def test_known_names_are_not_ambiguous(matrix: Matrix) -> None:
    for gpu in matrix.gpus:
        for n in gpu.names:
            assert ambiguous_gpu(matrix, n) is None, n


def test_normalise_name_is_the_one_comparison_key() -> None:
    # One normaliser for every GPU name comparison (the table, the ambiguity list, --gpu).
    assert normalise_name("NVIDIA  GeForce RTX 3060 ") == "geforce rtx 3060"
    assert normalise_name("Tesla T4") == "tesla t4"
    assert normalise_name("nvidia h100 pcie") == "h100 pcie"
    assert normalise_name("GeForce GT 730") == "geforce gt 730"


# ---- facts from real get_arch_list() output and NVIDIA tables (regression guards)


def _arch(m: Matrix, release: str, variant: str, os_name: str = "linux") -> tuple[str, ...]:
    var = _rel(m, release).variant(variant)
    assert var is not None
    entries = arch_entries_from_variant(var, os_name)
    assert entries is not None
    return entries


def test_volta_in_cu128_follows_real_arch_lists(matrix: Matrix) -> None:
    assert "sm_70" not in _arch(matrix, "2.7", "cu128")
    for rel in ("2.8", "2.9", "2.10"):
        assert "sm_70" in _arch(matrix, rel, "cu128"), rel
    assert "sm_70" not in _arch(matrix, "2.11", "cu128")
    assert _rel(matrix, "2.10").variant("cu128").arch_note  # type: ignore[union-attr]


def test_old_cu102_wheels_do_not_serve_ampere(matrix: Matrix) -> None:
    # pytorch#53838: RTX 3090 (8.6) with the plain 1.8 wheel (cu102, sm_37..sm_70)
    check = gpu_supported("8.6", _arch(matrix, "1.8", "cu102"))
    assert check.verdict is Verdict.NO
    assert gpu_supported("8.6", _arch(matrix, "1.9", "cu111")).verdict is Verdict.OK


def test_ptx_only_on_linux_for_cuda13(matrix: Matrix) -> None:
    assert "compute_120" in _arch(matrix, "2.12", "cu130", "linux")
    assert "compute_120" not in _arch(matrix, "2.12", "cu130", "windows")


def test_rocm_variants_are_linux_only(matrix: Matrix) -> None:
    for rel in matrix.torch.releases:
        for var in rel.variants:
            if var.rocm:
                assert var.built_for("linux") and not var.built_for("windows"), rel.release


def test_1x_defaults_and_variants(matrix: Matrix) -> None:
    assert _rel(matrix, "1.7").default_variant["linux-x86_64"] == "cu102"
    assert _rel(matrix, "1.13").default_variant["linux-x86_64"] == "cu117"
    assert {v.name for v in _rel(matrix, "1.7").variants} >= {"cu92", "cu101", "cu102", "cu110"}
    cu101 = _rel(matrix, "1.8").variant("cu101")
    assert cu101 is not None and cu101.versions == ("1.8.1",)
    assert cu101.newest_version(_rel(matrix, "1.8")) == "1.8.1"


def test_driver_generation_limits(matrix: Matrix) -> None:
    limits = {lim.family: lim for lim in matrix.cuda.gpu_driver_limits}
    assert limits["Kepler"].last_branch == 470
    mpv = limits["Maxwell, Pascal, Volta"]
    assert mpv.last_branch == 580
    assert "NV_UNIX_DEPRECATION_580" in mpv.sources


def test_every_gpu_architecture_from_pascal_has_a_first_branch_or_none_by_design(
    matrix: Matrix,
) -> None:
    """Coverage of `arch_min_driver`: every capability of a non-Jetson GPU in the GPU table
    from Pascal on has a row; Jetson capabilities have none (JetPack brings the driver)."""
    rows = {r.cc for r in matrix.cuda.arch_min_driver}
    jetson = {"5.3", "6.2", "7.2", "8.7", "10.1", "11.0"}
    table = {g.cc for g in matrix.gpus if float(g.cc) >= 6.0}
    assert table - jetson <= rows, sorted(table - jetson - rows)
    assert not rows & jetson
    # Branches never go backwards as the architectures get newer (same major or newer).
    ordered = sorted(matrix.cuda.arch_min_driver, key=lambda r: float(r.cc))
    for older, newer in itertools.pairwise(ordered):
        if int(float(newer.cc)) == int(float(older.cc)):
            assert newer.first_branch >= older.first_branch, (older.cc, newer.cc)


def test_windows_arch_lists_differ_where_the_build_scripts_did(matrix: Matrix) -> None:
    cu102 = _rel(matrix, "1.8").variant("cu102")
    assert cu102 is not None
    assert cu102.arch_lists("linux") == (("3.7", "5.0", "6.0", "7.0"), ())
    assert cu102.arch_lists("windows") == (("3.7", "5.0", "6.0", "6.1", "7.0", "7.5"), ("3.7",))
    cu126 = _rel(matrix, "2.14").variant("cu126")
    assert cu126 is not None and "6.1" in cu126.arch_lists("windows")[0]  # type: ignore[index]
    assert "6.1" not in cu126.arch_lists("linux")[0]  # type: ignore[index]
    # no Windows +PTX for CUDA 12.8/12.9/13.x
    for rel, var in (("2.7", "cu128"), ("2.8", "cu129"), ("2.13", "cu130")):
        v = _rel(matrix, rel).variant(var)
        assert v is not None and v.arch_lists("windows")[1] == (), (rel, var)  # type: ignore[index]


def test_analysis_uses_windows_arch_lists(matrix: Matrix) -> None:
    cu102 = _rel(matrix, "1.8").variant("cu102")
    assert cu102 is not None
    entries = arch_entries_from_variant(cu102, "windows")
    assert entries is not None and "compute_37" in entries and "sm_61" in entries


def test_companions_cover_1_0_to_the_newest_release(matrix: Matrix) -> None:
    """One row per torch release from 1.0 to the newest the matrix knows, and a pinned pair
    for every torch version the matrix lists (the rows' sources carry each pair)."""
    rows = [r.torch for r in matrix.companions]
    expected = [f"1.{n}" for n in range(14)]
    expected += [f"2.{n}" for n in range(int(matrix.torch.releases[-1].release.split(".")[1]) + 1)]
    assert rows == expected
    for rel in matrix.torch.releases:
        row = next(r for r in matrix.companions if r.torch == rel.release)
        assert {p.torch for p in row.pairs} >= set(rel.versions), rel.release
        assert row.torchvision is not None


def test_an_lts_record_that_does_not_fit_its_release_is_refused() -> None:
    import dataclasses

    from envdoctor.matrix.load import validate
    from envdoctor.matrix.model import LtsBuilds

    m = load_matrix()
    bad = LtsBuilds(
        ("1.9.2",), "https://x.invalid/lts", ("cu999",), "not a spec", ("NOPE",), platforms=("osx",)
    )
    releases = tuple(
        dataclasses.replace(r, lts=bad) if r.release == "1.8" else r for r in m.torch.releases
    )
    problems = validate(
        dataclasses.replace(m, torch=dataclasses.replace(m.torch, releases=releases))
    )
    text = " ".join(problems)
    assert "1.9.2" in text and "cu999" in text and "not a version specifier" in text
    assert "NOPE" in text and "'osx'" in text
