"""Speed targets of `envdoctor mirrors` (issue 4).

    python benchmarks/bench_mirrors.py [--runs 7]

1. `envdoctor mirrors` (show) end to end, as a fresh process, with a private HOME that
   has a pip.conf, a .condarc and a uv.toml to read: target under 0.5 s.
2. `envdoctor mirrors --probe` of 10 mirrors that each answer 1 s late (servers on
   127.0.0.1): target under 1.5 s wall for the whole command.

Prints one line per measurement (median and max of the runs) and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mirrors.servers import Behaviour, index_server  # noqa: E402

LAUNCH = """
import sys
from envdoctor.cli import main
sys.argv = ["envdoctor", *sys.argv[1:]]
main()
"""


def private_env(home: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "CONDA", "XDG_"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CONFIG_DIRS=str(home / "etc-xdg"),
        PYTHONPATH=str(ROOT),
        NO_COLOR="1",
        LANG="C.UTF-8",
    )
    pip = home / ".config" / "pip" / "pip.conf"
    pip.parent.mkdir(parents=True)
    pip.write_text("# mine\n[global]\nindex-url = https://mirrors.aliyun.com/pypi/simple/\n")
    (home / ".condarc").write_text(
        "channels:\n  - defaults\ndefault_channels:\n"
        "  - https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main\n"
    )
    uv = home / ".config" / "uv" / "uv.toml"
    uv.parent.mkdir(parents=True)
    uv.write_text('[[index]]\nurl = "https://mirrors.ustc.edu.cn/pypi/simple"\ndefault = true\n')
    return env


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, timeout=120)
    return time.perf_counter() - start, proc


def bench_show(env: dict[str, str], runs: int) -> list[float]:
    cmd = [sys.executable, "-c", LAUNCH, "mirrors"]
    timed(cmd, env)  # warm the OS file cache once
    out = []
    for _ in range(runs):
        took, proc = timed(cmd, env)
        if proc.returncode != 0:
            raise SystemExit(f"show failed: {proc.stderr}")
        out.append(took)
    return out


def bench_probe(env: dict[str, str], runs: int) -> list[float]:
    out = []
    with ExitStack() as stack:
        urls = [stack.enter_context(index_server(Behaviour(delay_s=1.0)))[0] for _ in range(10)]
        cmd = [sys.executable, "-c", LAUNCH, "mirrors", "--probe", "--json", "--timeout", "5"]
        for url in urls:
            cmd += ["--mirror", url]
        for _ in range(runs):
            took, proc = timed(cmd, env)
            doc = json.loads(proc.stdout)
            verdicts = {r["verdict"] for r in doc["results"]}
            if len(doc["results"]) != 10 or not verdicts <= {"ok", "slow"}:
                raise SystemExit(f"probe gave {verdicts}: {proc.stderr}")
            out.append(took)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(
        f"# {time.strftime('%Y-%m-%d')} {platform.node()} {platform.machine()} "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = private_env(Path(tmp))
        for name, fn, target in (
            ("mirrors (show)", bench_show, 0.5),
            ("mirrors --probe, 10 mirrors x 1 s delay", bench_probe, 1.5),
        ):
            times = fn(env, args.runs)
            med = statistics.median(times)
            verdict = "PASS" if med < target else "FAIL"
            print(
                f"{name}: median {med:.3f} s, max {max(times):.3f} s over {len(times)} runs "
                f"(target < {target} s) {verdict}"
            )


if __name__ == "__main__":
    main()
