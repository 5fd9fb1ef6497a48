"""The GPU-list line format written once in tool_formats, and the three readers built on it:
explain's clues (free text: a brand must start the name), collect_env's GPU field (any
name, the UUID kept when older reports print it) and nvidia-smi's `-L` list (the UUID
required, whatever redaction left inside it)."""

from __future__ import annotations

import re

from envdoctor.collect.collect_env_report import parse_collect_env
from envdoctor.collect.readers import make_document
from envdoctor.collect.readers.tables import read_nvidia_smi
from envdoctor.explain.clues import read_clues
from envdoctor.explain.engine import normalise
from envdoctor.tool_formats import GPU_NAME_START, gpu_list_entry

LISTED = "GPU 0: NVIDIA GeForce RTX 3090 (UUID: GPU-5d07f495-51f1-27e3-c52d-cba856612c1c)"


def test_entry_groups_and_uuid_modes() -> None:
    m = re.fullmatch(gpu_list_entry(uuid=True), LISTED)
    assert m is not None
    assert (m["index"], m["name"]) == ("0", "NVIDIA GeForce RTX 3090")
    assert m["uuid"] == "GPU-5d07f495-51f1-27e3-c52d-cba856612c1c"
    assert re.fullmatch(gpu_list_entry(uuid=True), "GPU 0: Tesla T4") is None
    optional = re.compile(gpu_list_entry() + "$")
    bare = optional.match("GPU 1: Tesla T4")
    assert bare is not None and bare["name"] == "Tesla T4" and bare["uuid"] is None
    # A PCI address is not an index: "GPU 0000:01:00.0: RmInitAdapter failed!".
    assert optional.match("GPU 0000:01:00.0: RmInitAdapter failed!") is None


def test_name_starts_are_nvml_brands() -> None:
    start = re.compile(GPU_NAME_START)
    for name in ("NVIDIA A40", "GeForce GTX 1080", "Tesla T4", "Quadro P1000", "TITAN Xp"):
        assert start.match(name) is not None
    assert start.match("Graphics Device") is not None
    assert start.match("NVIDIA-SMI has failed") is None


def test_the_three_readers_agree_on_a_listed_gpu() -> None:
    clue = read_clues(normalise(f"Some error\n{LISTED}\n")).gpus
    assert [g.name for g in clue] == ["NVIDIA GeForce RTX 3090"]
    smi = read_nvidia_smi(make_document("smi", LISTED + "\n"))
    assert [o.value for o in smi if o.key == "gpu"] == ["NVIDIA GeForce RTX 3090"]
    snap = parse_collect_env(
        f"PyTorch version: 2.1.0+cu121\nGPU models and configuration:\n{LISTED}\n"
    )
    assert [(g.index, g.name, g.uuid) for g in snap.gpus] == [
        (0, "NVIDIA GeForce RTX 3090", "GPU-5d07f495-51f1-27e3-c52d-cba856612c1c")
    ]


def test_titan_names_are_clues_and_redacted_uuids_are_listed() -> None:
    clue = read_clues(normalise("GPU models and configuration: GPU 0: TITAN Xp GPU 1: TITAN Xp"))
    assert [g.name for g in clue.gpus] == ["TITAN Xp", "TITAN Xp"]
    smi = read_nvidia_smi(make_document("smi", "GPU 0: NVIDIA A100 (UUID: GPU-xxxxxxxx)\n"))
    assert [o.value for o in smi if o.key == "gpu"] == ["NVIDIA A100"]
