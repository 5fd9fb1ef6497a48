"""The one `--from` loader: bounded reads, encodings, binary input, fusion, no evidence."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from factories import make_snapshot

from envdoctor.collect import from_file
from envdoctor.collect.from_file import decode_input, load_evidence, read_input_bytes
from envdoctor.errors import UsageError
from envdoctor.snapshot import DriverState, TorchState

PASTES = Path(__file__).resolve().parent.parent / "fixtures" / "pastes"
REPORT = (PASTES / "vllm3360_v100_collect_env_healthy.txt").read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def test_reads_at_most_the_limit_and_refuses_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(from_file, "MAX_INPUT_BYTES", 1000)
    ok = write(tmp_path, "ok.txt", b"a" * 1000)
    assert len(read_input_bytes(ok)) == 1000
    big = write(tmp_path, "big.txt", b"a" * 1001)
    with pytest.raises(UsageError, match="16 MiB"):
        read_input_bytes(big)


def test_dev_zero_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(from_file, "MAX_INPUT_BYTES", 4096)
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this OS")
    with pytest.raises(UsageError):
        load_evidence(["/dev/zero"])


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16-le"),
    ],
)
def test_unicode_encodings_decode_without_notes(encode: object) -> None:
    text, notes = decode_input(encode(REPORT), "x")  # type: ignore[operator]
    assert text.lstrip("\ufeff") == REPORT
    assert notes == []


def test_stray_byte_is_replaced_and_located() -> None:
    data = REPORT.encode("utf-8")
    at = data.index(b"Is CUDA available")
    damaged = data[:at] + b"\xff" + data[at:]
    text, notes = decode_input(damaged, "r.txt")
    assert "\ufffd" in text and "Is CUDA available: True" in text
    line = damaged[:at].count(b"\n") + 1
    assert len(notes) == 1 and f"line {line}" in notes[0] and f"offset {at}" in notes[0]


def test_gbk_and_cp1252_text_are_read_as_such() -> None:
    gbk = "操作系统: Windows\nPyTorch version: 2.1.0+cu121\n".encode("gbk")
    text, notes = decode_input(gbk, "g.txt")
    assert "操作系统" in text and "GBK" in notes[0]
    latin = "Caf\xe9 r\xe9sum\xe9 d\xe9j\xe0 PyTorch version: 2.1.0\n".encode("cp1252")
    text, notes = decode_input(latin, "c.txt")
    assert "Café" in text and notes


@pytest.mark.parametrize(
    "data", [b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, bytes(range(32)) * 40, b"\x00\x00\x00"]
)
def test_binary_input_is_a_usage_error(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(UsageError, match="binary"):
        load_evidence([write(tmp_path, "b.bin", data)])


def test_no_usable_evidence_says_what_to_paste(tmp_path: Path) -> None:
    path = write(tmp_path, "prose.txt", "It does not work, please help. Thanks!\n")
    with pytest.raises(UsageError) as exc:
        load_evidence([path])
    message = exc.value.message
    for hint in ("python -m torch.utils.collect_env", "nvidia-smi", "envdoctor check --save"):
        assert hint in message


def test_several_inputs_fuse_into_one_snapshot(tmp_path: Path) -> None:
    report = write(tmp_path, "report.txt", REPORT.replace("Nvidia driver version: 545.23.08", ""))
    smi = write(
        tmp_path,
        "smi.txt",
        "| NVIDIA-SMI 545.23.08   Driver Version: 545.23.08   CUDA Version: 12.3 |\n",
    )
    ev = load_evidence([report, smi])
    assert ev.snapshot.driver.state is DriverState.OK
    assert ev.snapshot.driver.version == "545.23.08"
    assert ev.snapshot.driver.cuda_version == "12.3"
    assert ev.snapshot.torch.version == "2.1.2+cu121"
    quotes = ev.quotes_for("driver.")
    assert any(q.source == "smi.txt" and q.line == 1 for q in quotes)


def test_stdin_only_once() -> None:
    with pytest.raises(UsageError, match="only once"):
        load_evidence(["-", "-"])


def test_snapshot_json_is_the_base(tmp_path: Path) -> None:
    snap = make_snapshot(gpus=(("NVIDIA H100 80GB HBM3", "9.0"),))
    path = write(tmp_path, "s.json", json.dumps(snap.to_dict()))
    ev = load_evidence([path])
    assert ev.from_snapshot_file and ev.snapshot.gpus[0].name == "NVIDIA H100 80GB HBM3"


def test_truncated_json_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not valid JSON"):
        load_evidence([write(tmp_path, "s.json", '{"schema": "envdoctor.snapshot/1", "gp')])


def test_huge_numbers_never_crash(tmp_path: Path) -> None:
    big = "9" * 100_000
    text = REPORT.replace("GPU 0: Tesla", f"GPU {big}: Tesla").replace(
        "(64-bit runtime)", f"({big}-bit runtime)"
    )
    ev = load_evidence([write(tmp_path, "r.txt", text)])
    assert ev.snapshot.torch.state is TorchState.OK
    ev = load_evidence(
        [write(tmp_path, "e.txt", f"The NVIDIA driver on your system is too old (found {big})")]
    )
    assert [s.code for s in ev.signals] == ["driver-too-old"]
