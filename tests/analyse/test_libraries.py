"""The CUDA libraries torch really loaded (issue 12.3), from real-shaped /proc/self/maps.

The probe script's helpers read the maps text and the loader configuration; interpret()
turns its record into facts; the rules judge them.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

from factories import make_snapshot

from envdoctor.analyse.check import analyse
from envdoctor.analyse.findings import OK_CODES, PROBLEM_CODES, Status
from envdoctor.analyse.rules.libraries import library_findings
from envdoctor.collect.runner import CommandResult
from envdoctor.collect.torch_probe import MARK, interpret
from envdoctor.matrix import load_matrix
from envdoctor.snapshot import LoadedLibrary, Snapshot, TorchState

SCRIPT = Path(__file__).resolve().parents[2] / "envdoctor" / "collect" / "torch_probe_script.py"
SITE = "/home/alice/venv/lib/python3.11/site-packages"


def script() -> dict[str, Any]:
    # Importing (not running) the script: main() is guarded, no descriptor is touched.
    return runpy.run_path(str(SCRIPT), run_name="probe_under_test")


def maps(*paths: str) -> list[str]:
    """Lines shaped like /proc/self/maps, several mappings per library as the kernel shows."""
    lines = [
        "55d0c8a00000-55d0c8a01000 r--p 00000000 08:01 1311 /usr/bin/python3.11",
        "7f1a2c000000-7f1a2c021000 rw-p 00000000 00:00 0 ",
        "7ffd7b9e8000-7ffd7ba09000 rw-p 00000000 00:00 0                          [stack]",
    ]
    for i, path in enumerate(paths):
        base = 0x7F1A30000000 + i * 0x1000000
        for j, perms in enumerate(("r--p", "r-xp", "r--p", "rw-p")):
            lines.append(
                f"{base + j * 0x1000:x}-{base + (j + 1) * 0x1000:x} {perms} {j * 0x1000:08x} "
                f"103:02 {4000 + i}                    {path}"
            )
    return lines


def probe_result(record: dict[str, Any], torch_file: str) -> CommandResult:
    stages = [
        ("python", {"version": "3.11.7", "prefix": "/home/alice/venv", "base_prefix": "/usr"}),
        ("torch-found", {"distribution": "2.5.1+cu124", "origin": torch_file}),
        ("torch-imported", {"version": "2.5.1+cu124", "cuda": "12.4", "file": torch_file}),
        ("torch-cuda", {"cuda_available": True, "cudnn_raw": 90100}),
        ("torch-devices", {"devices": [], "device_count": 1}),
        ("torch-libraries", record),
        ("done", {}),
    ]
    out = "\n".join(MARK + json.dumps({"stage": s, "data": d}) for s, d in stages)
    return CommandResult(("python",), 0, out + "\n", "", seconds=2.0)


def test_maps_parsing_finds_each_cuda_library_once() -> None:
    ns = script()
    paths = ns["mapped_cuda_paths"](
        maps(
            f"{SITE}/torch/lib/libtorch_cuda.so",
            f"{SITE}/nvidia/cudnn/lib/libcudnn.so.9",
            "/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.14",
            "/opt/my libs/libnccl.so.2.21.5 (deleted)",
        )
    )
    assert paths == [
        f"{SITE}/nvidia/cudnn/lib/libcudnn.so.9",
        "/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.14",
        "/opt/my libs/libnccl.so.2.21.5",
    ]


def test_shadowing_cudnn_from_usr_local_cuda_via_ld_library_path(tmp_path: Path) -> None:
    ns = script()
    cuda = tmp_path / "usr/local/cuda-12.4/targets/x86_64-linux/lib"
    link = tmp_path / "usr/local/cuda"
    cuda.mkdir(parents=True)
    link.symlink_to(tmp_path / "usr/local/cuda-12.4")
    ld_path = f"{link}/targets/x86_64-linux/lib:/opt/other"
    record = ns["loaded_libraries"](
        maps(
            f"{SITE}/torch/lib/libtorch_cuda.so",
            "/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.14",
            f"{SITE}/nvidia/cuda_runtime/lib/libcudart.so.12",
            f"{SITE}/nvidia/cublas/lib/libcublasLt.so.12",
            f"{cuda}/libcudnn.so.8.9.2",
            f"{cuda}/libcudnn_ops_infer.so.8.9.2",
        ),
        {"LD_LIBRARY_PATH": ld_path},
        str(tmp_path / "no-ld.so.conf"),
        [],
    )
    outcome = interpret(
        probe_result(record, f"{SITE}/torch/__init__.py"), python="p", how_chosen=None, timeout=9
    )
    libs = outcome.torch.loaded_libraries
    assert libs is not None
    cudnn = next(lib for lib in libs if lib.name == "libcudnn")
    assert cudnn.version == "8.9.2" and cudnn.via == "LD_LIBRARY_PATH"
    assert cudnn.via_dir == f"{link}/targets/x86_64-linux/lib"
    assert next(lib for lib in libs if lib.name == "libcuda").version == "550.54.14"

    snap = make_snapshot(
        torch="2.5.1+cu124",
        torch_cuda="12.4",
        driver="550.54.14",
        driver_cuda="12.4",
        environment={"LD_LIBRARY_PATH": ld_path},
        loaded_libraries=libs,
        cudnn="9.1.0",
    )
    snap = _with_torch_file(snap, f"{SITE}/torch/__init__.py")
    found = [f for f in library_findings(snap) if f.code == "cuda-library-shadowed"]
    assert {f.facts["library"] for f in found} == {"libcudnn", "libcudnn_ops_infer"}
    first = found[0]
    # torch 2.5.1+cu124 was built with cuDNN 9; 8.9.2 cannot serve it.
    assert first.status is Status.FAIL and first.facts["expected_major"] == "9"
    assert "LD_LIBRARY_PATH" in first.detail
    assert first.fix is not None and 'export LD_LIBRARY_PATH="/opt/other"' in first.fix
    # Through the whole analysis, the finding is there and the overall status says so.
    report = analyse(snap, load_matrix())
    assert any(f.code == "cuda-library-shadowed" for f in report.findings)


def _with_torch_file(snap: Snapshot, torch_file: str) -> Snapshot:
    from dataclasses import replace

    return replace(snap, torch=replace(snap.torch, file=torch_file))


def test_ld_so_conf_file_is_named(tmp_path: Path) -> None:
    ns = script()
    conf_d = tmp_path / "ld.so.conf.d"
    conf_d.mkdir()
    (tmp_path / "ld.so.conf").write_text(f"include {conf_d}/*.conf\n")
    (conf_d / "cuda-12-4.conf").write_text("/usr/local/cuda-12.4/targets/x86_64-linux/lib\n")
    record = ns["loaded_libraries"](
        maps("/usr/local/cuda-12.4/targets/x86_64-linux/lib/libcublas.so.12.4.5.8"),
        {},
        str(tmp_path / "ld.so.conf"),
        [],
    )
    lib = interpret(
        probe_result(record, f"{SITE}/torch/__init__.py"), python="p", how_chosen=None, timeout=9
    ).torch.loaded_libraries[0]  # type: ignore[index]
    assert lib.via == str(conf_d / "cuda-12-4.conf")
    snap = _with_torch_file(
        make_snapshot(torch_cuda="12.4", loaded_libraries=(lib,)), f"{SITE}/torch/__init__.py"
    )
    (finding,) = library_findings(snap)
    assert finding.fix is not None and str(conf_d / "cuda-12-4.conf") in finding.fix
    assert "ldconfig" in finding.fix


def test_compat_libcuda_on_a_geforce_fails() -> None:
    compat = LoadedLibrary(
        "libcuda",
        "/usr/local/cuda-12.8/compat/libcuda.so.570.124.06",
        "570.124.06",
        "/etc/ld.so.conf.d/00-cuda-compat.conf",
        "/usr/local/cuda-12.8/compat",
    )
    snap = make_snapshot(
        gpus=(("NVIDIA GeForce RTX 4090", "8.9"),), driver="550.54.14", loaded_libraries=(compat,)
    )
    (finding,) = [f for f in library_findings(snap) if f.code == "cuda-forward-compat-unsupported"]
    assert finding.status is Status.FAIL
    assert finding.sources == ("NV_FORWARD_COMPAT",)
    assert "00-cuda-compat.conf" in (finding.fix or "")
    assert "NV_FORWARD_COMPAT" in load_matrix().sources
    # A data-center GPU supports forward compatibility; an unknown one is not guessed.
    for name in ("NVIDIA H100 80GB HBM3", "NVIDIA RTX A6000"):
        other = make_snapshot(gpus=((name, "9.0"),), loaded_libraries=(compat,))
        assert not [f for f in library_findings(other) if f.code.startswith("cuda-forward")]


def test_wheel_libraries_only_and_cpu_build_are_quiet() -> None:
    wheel = (
        LoadedLibrary("libcuda", "/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.14", "550.54.14"),
        LoadedLibrary("libcudnn", f"{SITE}/nvidia/cudnn/lib/libcudnn.so.9", "9"),
        LoadedLibrary("libnccl", f"{SITE}/nvidia/nccl/lib/libnccl.so.2", "2"),
    )
    snap = _with_torch_file(make_snapshot(loaded_libraries=wheel), f"{SITE}/torch/__init__.py")
    assert library_findings(snap) == []
    cpu = make_snapshot(torch="2.13.0+cpu", torch_cuda=None, loaded_libraries=())
    assert library_findings(cpu) == []
    unknown = make_snapshot(loaded_libraries=None)
    assert library_findings(unknown) == []


def test_conda_torch_uses_its_environment_libraries() -> None:
    env = "/opt/conda/envs/ml"
    libs = (LoadedLibrary("libcudnn", f"{env}/lib/libcudnn.so.9.1.0", "9.1.0"),)
    snap = make_snapshot(env_kind="conda", loaded_libraries=libs)
    from dataclasses import replace

    snap = replace(
        snap,
        python=replace(snap.python, env_prefix=env),
        torch=replace(snap.torch, file=f"{env}/lib/python3.11/site-packages/torch/__init__.py"),
    )
    assert library_findings(snap) == []


def test_system_installs_are_information(tmp_path: Path) -> None:
    ns = script()
    lib64 = tmp_path / "cuda-12.4" / "lib64"
    lib64.mkdir(parents=True)
    (lib64 / "libcudnn.so.8.9.2").write_bytes(b"")
    (lib64 / "libcudnn.so.8").symlink_to("libcudnn.so.8.9.2")
    (lib64 / "libcudart.so.12.4.127").write_bytes(b"")
    record = ns["loaded_libraries"](
        [], {}, str(tmp_path / "none"), [str(tmp_path / "cuda-*/lib64")]
    )
    assert record["loaded"] == []
    libs = interpret(
        probe_result(record, f"{SITE}/torch/__init__.py"), python="p", how_chosen=None, timeout=9
    ).torch
    assert libs.loaded_libraries == ()
    assert [lib.version for lib in libs.system_libraries or ()] == ["12.4.127", "8.9.2"]
    snap = make_snapshot(system_libraries=libs.system_libraries)
    (info,) = library_findings(snap)
    assert info.code == "cuda-libraries-info" and info.status is Status.INFO
    assert "cuDNN 8.9.2" in info.title


def test_codes_are_registered() -> None:
    assert "cuda-library-shadowed" in PROBLEM_CODES
    assert "cuda-forward-compat-unsupported" in PROBLEM_CODES
    assert "cuda-libraries-info" in OK_CODES


def test_old_snapshot_without_the_field_loads() -> None:
    data = make_snapshot().to_dict()
    data["torch"].pop("loaded_libraries")
    data["torch"].pop("system_libraries")
    snap = Snapshot.from_dict(json.loads(json.dumps(data)))
    assert snap.torch.loaded_libraries is None
    assert snap.torch.state is TorchState.OK


def test_same_major_from_elsewhere_is_a_warning() -> None:
    lib = LoadedLibrary(
        "libcublasLt",
        "/usr/local/cuda-12.6/lib64/libcublasLt.so.12.6.4.1",
        "12.6.4.1",
        "LD_LIBRARY_PATH",
        "/usr/local/cuda-12.6/lib64",
    )
    snap = _with_torch_file(
        make_snapshot(
            torch_cuda="12.4",
            environment={"LD_LIBRARY_PATH": "/usr/local/cuda-12.6/lib64"},
            loaded_libraries=(lib,),
        ),
        f"{SITE}/torch/__init__.py",
    )
    (finding,) = library_findings(snap)
    assert finding.status is Status.WARN
    assert finding.fix is not None and finding.fix.startswith("unset LD_LIBRARY_PATH")
