"""Measure `envdoctor bench --device cpu --quick` end to end, as a user runs it.

    python benchmarks/bench_cpu_quick.py [--runs 3] [--full]

Runs the command in a fresh interpreter each time (start-up and the torch import
included), then prints the wall time (median of the runs) and the figures of the
last run: matmul GFLOP/s, memory copy GB/s and samples/s per training model. The
numbers go into docs/benchmarks.md with the date and the machine (lscpu).
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


def run_once(mode: str) -> tuple[float, dict]:  # type: ignore[type-arg]
    env = {k: v for k, v in os.environ.items() if k != "ENVDOCTOR_BENCH_SCALE"}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "envdoctor", "bench", "--device", "cpu", f"--{mode}", "--json"],
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
    return wall, json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="measure --full instead of --quick")
    args = parser.parse_args()
    mode = "full" if args.full else "quick"
    walls: list[float] = []
    doc: dict = {}  # type: ignore[type-arg]
    for _ in range(args.runs):
        wall, doc = run_once(mode)
        walls.append(wall)
    device = doc["devices"][0]
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(
        f"machine: {device['info']['name']}, {os.cpu_count()} logical CPUs, {platform.platform()}"
    )
    print(f"torch: {doc['host']['torch']}, python {doc['host']['python']}, status {doc['status']}")
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
    for b in device["bandwidth"]:
        print(f"{b['kind']} {b['size_bytes'] >> 20} MiB: {b['gbs']['median']:.1f} GB/s")
    for t in device["training"]:
        print(
            f"train {t['model']} {t['precision']}: {t['samples_per_s']:.0f} samples/s, "
            f"loss {t['initial_loss']:.3f} -> {t['final_loss']:.3f} ({t['status']})"
        )


if __name__ == "__main__":
    main()
