"""Measure `envdoctor bench --device cpu --quick` end to end, as a user runs it.

    python benchmarks/bench_cpu_quick.py [--runs 3] [--full] [--no-numpy]

Runs the command in a fresh interpreter each time (start-up and the torch import
included), then prints the wall time (median of the runs) and the figures of the
last run: matmul GFLOP/s (with the sustained window and, in --full, the best GEMM
shape), memory bandwidth GB/s (triad, judged on a GPU; memcpy, information) and
samples/s per training model. `--no-numpy` hides numpy from the interpreter (torch
does not depend on it), as on a machine whose torch came without it. The JSON is
parsed strictly (NaN / Infinity rejected). The numbers go into docs/benchmarks.md
with the date and the machine (lscpu).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# numpy not found, as without it (None from the path finder: torch probes optional
# modules with importlib.util.find_spec and must see "absent", not an exception).
NO_NUMPY = """
import sys
from importlib.machinery import PathFinder
class NoNumpy(PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            return None
        return super().find_spec(name, path, target)
sys.meta_path[:] = [NoNumpy if f is PathFinder else f for f in sys.meta_path]
import warnings
warnings.simplefilter("ignore")
from envdoctor.cli import main
sys.argv[0] = "envdoctor"
main()
"""


def _strict(text: str) -> dict:  # type: ignore[type-arg]
    def reject(constant: str) -> None:
        sys.exit(f"the JSON holds {constant}: not strict JSON")

    doc = json.loads(text, parse_constant=reject)
    assert isinstance(doc, dict)
    return doc


def run_once(mode: str, *, no_numpy: bool = False) -> tuple[float, dict]:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k != "ENVDOCTOR_BENCH_SCALE"}
    started = time.perf_counter()
    entry = ["-c", NO_NUMPY] if no_numpy else ["-m", "envdoctor"]
    proc = subprocess.run(
        [sys.executable, *entry, "bench", "--device", "cpu", f"--{mode}", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=900,
    )
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"bench failed with {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return wall, _strict(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="measure --full instead of --quick")
    parser.add_argument("--no-numpy", action="store_true", help="hide numpy from the bench")
    args = parser.parse_args()
    mode = "full" if args.full else "quick"
    walls: list[float] = []
    doc: dict = {}  # type: ignore[type-arg]
    for _ in range(args.runs):
        wall, doc = run_once(mode, no_numpy=args.no_numpy)
        walls.append(wall)
    device = doc["devices"][0]
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(
        f"machine: {device['info']['name']}, {os.cpu_count()} logical CPUs, {platform.platform()}"
    )
    host = doc["host"]
    print(
        f"torch: {host['torch']}, python {host['python']}, numpy {host.get('numpy')}, "
        f"status {doc['status']}, non-finite {doc.get('non_finite')}"
    )
    print(
        f"--{mode} wall time over {len(walls)} runs: "
        f"median {statistics.median(walls):.1f} s, "
        f"min {min(walls):.1f} s, max {max(walls):.1f} s "
        f"(inside the process: {doc['wall_s']:.1f} s)"
    )
    for m in device["matmul"]:
        t = m["tflops"]
        print(
            f"matmul {m['dtype']} n={m['size']}: {t['median'] * 1e3:.1f} GFLOP/s "
            f"(p10 {t['p10'] * 1e3:.1f}, p90 {t['p90'] * 1e3:.1f}; "
            f"estimate {m['peak_tflops'] * 1e3:.0f})"
        )
        if m.get("sustained_tflops"):
            held = m["sustained_tflops"]
            print(
                f"  sustained {m['sustained_s']} s: {held['median'] * 1e3:.1f} GFLOP/s "
                f"({held['repeats']} slices)"
            )
        if m.get("best_tflops"):
            print(f"  best shape {m['best_shape']}: {m['best_tflops']['median'] * 1e3:.1f} GFLOP/s")
    for b in device["bandwidth"]:
        print(
            f"{b['kind']} ({b.get('method', '')}) {b['size_bytes'] >> 20} MiB: "
            f"{b['gbs']['median']:.1f} GB/s"
        )
    for note in device.get("notes", []):
        print(f"note: {note}")
    for t in device["training"]:
        print(
            f"train {t['model']} {t['precision']}: {t['samples_per_s']:.0f} samples/s, "
            f"loss {t['initial_loss']:.3f} -> {t['final_loss']:.3f} ({t['status']})"
        )


if __name__ == "__main__":
    main()
