"""The early-started torch probe: argv look-up, hand-over to the collection, clean-up."""

from __future__ import annotations

import sys

import pytest

from envdoctor import probe_launch
from envdoctor.collect.torch_probe import run_probe
from envdoctor.snapshot import TorchState


@pytest.fixture(autouse=True)
def _no_leftovers():  # type: ignore[no-untyped-def]
    yield
    probe_launch._cleanup()


@pytest.mark.parametrize(
    ("argv", "started"),
    [
        (["check"], True),
        (["--lang", "zh_CN", "check", "--json"], True),
        (["install", "--json"], True),
        (["check", "--from", "snap.json"], False),
        (["check", "--from=snap.json"], False),
        (["check", "--help"], False),
        (["mirrors"], False),
        (["--help"], False),
        ([], False),
    ],
)
def test_prestart_only_for_live_check_and_install(argv: list[str], started: bool) -> None:
    probe_launch.prestart_from_argv(
        [*argv, "--python", sys.executable] if argv and argv[0] != "--help" else argv,
        invoked_as_module=False,
    )
    pre = probe_launch.take(sys.executable)
    assert (pre is not None) is started
    if pre is not None:
        pre.close()


def test_python_option_forms() -> None:
    probe_launch.prestart_from_argv(
        ["check", f"--python={sys.executable}"], invoked_as_module=False
    )
    pre = probe_launch.take(sys.executable)
    assert pre is not None
    pre.close()


def test_collection_takes_the_prestarted_process() -> None:
    probe_launch.prestart(sys.executable)
    outcome = run_probe(sys.executable, timeout=60, how_chosen="test")
    assert outcome.torch.state is TorchState.OK
    assert probe_launch.take(sys.executable) is None  # consumed, not started twice


def test_prestarted_probe_times_out(tmp_path) -> None:  # type: ignore[no-untyped-def]
    slow = tmp_path / "python"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    probe_launch.prestart(str(slow))
    pre = probe_launch.take(str(slow))
    assert pre is not None
    done = pre.wait(1.0)
    assert done.timed_out and done.returncode is None
    pre.close()


def test_unknown_interpreter_is_left_to_the_normal_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    probe_launch.prestart(str(tmp_path / "missing-python"))
    assert probe_launch.take(str(tmp_path / "missing-python")) is None


def test_cleanup_kills_an_untaken_probe(tmp_path) -> None:  # type: ignore[no-untyped-def]
    slow = tmp_path / "python"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    probe_launch.prestart(str(slow))
    pre = probe_launch._started[str(slow)]
    probe_launch._cleanup()
    assert pre.proc.returncode is not None and pre.proc.returncode != 0
