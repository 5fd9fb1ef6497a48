"""Speed of `envdoctor check --from` on a 1 MB paste (goal: under 0.5 s, whole process).

    python benchmarks/bench_from.py [--rounds N] [--size BYTES]

The paste is what a user sends when they attach a whole training log: a collect_env
report, then a long log of ordinary lines with a CUDA warning, nvidia-smi output and a
traceback somewhere in the middle. Prints the median wall-clock and CPU time of the
whole process (start-up included; CPU time is what a busy shared machine does not
inflate) and the in-process time of load + diagnosis. POSIX only (resource).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASTES = ROOT / "tests" / "fixtures" / "pastes"


def compile_envdoctor() -> None:
    """Write envdoctor's bytecode, as `pip install` does for every package it installs.

    An editable install compiles on first import instead, unless PYTHONDONTWRITEBYTECODE is
    set (as on the shared VMs): then every run would compile envdoctor's sources again
    (~30 ms of CPU) while torch, installed by pip, loads its .pyc files: not what a user runs.
    """
    compileall.compile_dir(ROOT / "envdoctor", quiet=1)


def make_paste(size: int) -> str:
    report = (PASTES / "vllm3360_v100_collect_env_healthy.txt").read_text(encoding="utf-8")
    smi = (PASTES / "club3090_617_smi_5090_healthy.txt").read_text(encoding="utf-8")
    warning = (PASTES / "yuan65_userwarning_container_11000.txt").read_text(encoding="utf-8")
    line = "app-1  | INFO 03-31 14:02:42 train.py:120] step 1200 loss=0.4312 lr=3e-4 tok/s=1523\n"
    filler = line * (size // (2 * len(line)))
    return report + filler + smi + warning + filler


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--size", type=int, default=1_000_000)
    args = ap.parse_args()
    compile_envdoctor()
    exe = Path(sys.executable).parent / "envdoctor"
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "envdoctor"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paste.log"
        path.write_text(make_paste(args.size), encoding="utf-8")
        size = path.stat().st_size
        env = dict(os.environ, NO_COLOR="1")
        walls, cpus = [], []
        for _ in range(args.rounds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(
                [*argv, "check", "--from", str(path), "--json"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                check=False,
            )
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            assert proc.returncode == 1, "the paste holds a driver-too-old warning"

        sys.path.insert(0, str(ROOT))
        from envdoctor.analyse.evidence import diagnose
        from envdoctor.collect.from_file import load_evidence
        from envdoctor.matrix import load_matrix

        matrix = load_matrix()
        inner = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            diagnose(load_evidence([str(path)]), matrix)
            inner.append(time.perf_counter() - start)
    print(f"paste: {size / 1e6:.2f} MB, {args.rounds} rounds")
    print(f"envdoctor check --from (whole process): median {statistics.median(walls):.3f} s wall")
    print(f"                                        median {statistics.median(cpus):.3f} s CPU")
    print(f"load + diagnose (in process):           median {statistics.median(inner):.3f} s")
    print(f"fastest whole process: {min(walls):.3f} s wall, {min(cpus):.3f} s CPU")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
