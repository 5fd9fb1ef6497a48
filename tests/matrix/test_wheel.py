"""The wheel carries the matrix and its schema where the loader looks for them."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_ships_the_matrix_and_schema(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    # --no-isolation: build with the hatchling already installed, no network
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as zf:
        names = set(zf.namelist())
        assert "envdoctor/compat_matrix.json" in names
        assert "envdoctor/matrix/schema.json" in names
        shipped = json.loads(zf.read("envdoctor/compat_matrix.json"))
    source = json.loads((ROOT / "compat_matrix.json").read_text(encoding="utf-8"))
    assert shipped == source
