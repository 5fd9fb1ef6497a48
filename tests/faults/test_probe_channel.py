"""Issue 11.1: what the user's interpreter prints must never hide the probe's records.

A torch (or a sitecustomize, a plugin banner) that prints without a trailing newline used
to glue its text to the `torch-imported` record: "torch ?" and, on a GPU machine,
`torch-cpu-only` with a destructive reinstall. The records now travel on a descriptor of
their own; these fakes print junk every way they can while torch imports.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from envdoctor.collect.runner import CommandResult
from envdoctor.collect.torch_probe import MARK, interpret, run_probe
from envdoctor.snapshot import TorchState
from tests.faults.fakes import cuda_torch, fake_torch

JUNK = [
    # Python-level print without a newline.
    'sys.stdout.write("Loading plugin banner..."); sys.stdout.flush()',
    # C-level write to fd 1, bypassing sys.stdout.
    'os.write(1, b"native banner without newline")',
    # Something that looks like our marker, then no newline.
    f'sys.stdout.write({MARK!r} + "{{not json"); sys.stdout.flush()',
    # Bytes that are not UTF-8.
    'os.write(1, b"\\xff\\xfe\\x00junk")',
    # Code that replaces sys.stdout with its own object.
    "import io; sys.stdout = io.StringIO()",
    # Closes our stdout outright.
    "sys.stdout.close()",
]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_while_torch_imports_keeps_the_version(tmp_path: Path, junk: str) -> None:
    env = cuda_torch(tmp_path, before=junk, in_cuda=junk.replace("\n", ";"))
    outcome = run_probe(sys.executable, timeout=60, how_chosen="test", env=env)
    assert outcome.torch.state is TorchState.OK, outcome.torch.error
    assert outcome.torch.version == "2.13.0+cu130"
    assert outcome.torch.cuda == "13.0"
    assert outcome.torch.cudnn == "9.10.2"
    assert outcome.torch.arch_list is not None


def test_junk_before_the_script_runs(tmp_path: Path) -> None:
    # A sitecustomize prints before the probe script gets control of its streams.
    env = cuda_torch(tmp_path)
    (tmp_path / "fakes" / "sitecustomize.py").write_text(
        'import sys\nsys.stdout.write("site banner, no newline")\n'
    )
    outcome = run_probe(sys.executable, timeout=60, how_chosen="test", env=env)
    assert outcome.torch.state is TorchState.OK
    assert outcome.torch.version == "2.13.0+cu130"


def test_junk_at_exit_after_the_last_record(tmp_path: Path) -> None:
    env = fake_torch(
        tmp_path,
        """
        import atexit, os, sys
        atexit.register(lambda: (sys.stdout.write("bye"), os.write(1, b"native bye")))
        __version__ = "2.13.0+cpu"
        class version:
            cuda = None
            hip = None
        class backends:
            class cudnn:
                @staticmethod
                def version():
                    return None
        class cuda:
            @staticmethod
            def is_available():
                return False
        """,
    )
    outcome = run_probe(sys.executable, timeout=60, how_chosen="test", env=env)
    assert outcome.torch.state is TorchState.OK
    assert outcome.torch.version == "2.13.0+cpu"


def test_records_glued_to_junk_are_still_read() -> None:
    # Framing: even text from an older probe script that shared stdout is read right.
    python = f'{MARK}{{"stage": "python", "data": {{"version": "3.11.7", "prefix": "/p", "base_prefix": "/p"}}}}'
    imported = f'{MARK}{{"stage": "torch-imported", "data": {{"version": "2.13.0+cu130", "cuda": "13.0"}}}}'
    cuda = f'{MARK}{{"stage": "torch-cuda", "data": {{"cuda_available": false}}}}'
    done = f'{MARK}{{"stage": "done", "data": {{}}}}'
    stdout = f"junk{python}\nbanner{imported}trailing junk\n{cuda}\n{done}"
    result = CommandResult(("python",), 0, stdout, "", seconds=1.0)
    outcome = interpret(result, python="python", how_chosen="test", timeout=10)
    assert outcome.python.version == "3.11.7"
    assert outcome.torch.state is TorchState.OK
    assert outcome.torch.version == "2.13.0+cu130"
