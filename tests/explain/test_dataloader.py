"""DataLoader workers that die: shared memory, the OOM killer, native crashes."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain


def test_a_worker_that_exited_unexpectedly_names_the_three_usual_reasons() -> None:
    (result,) = explain("RuntimeError: DataLoader worker (pid(s) 25) exited unexpectedly\n")
    assert result.code == "dataloader-worker-died"
    assert "/dev/shm" in result.cause and "out-of-memory" in result.cause
    assert any("num_workers=0" in step for step in result.fix)


def test_a_bus_error_is_the_shared_memory_entry_first() -> None:
    text = (
        "ERROR: Unexpected bus error encountered in worker. This might be caused by "
        "insufficient shared memory (shm).\n"
        "RuntimeError: DataLoader worker (pid(s) 1234) exited unexpectedly\n"
    )
    codes = [r.code for r in explain(text)]
    assert codes[0] == "dataloader-shm-exhausted"


def test_killed_by_the_kernel_is_the_oom_killer() -> None:
    (result,) = explain("RuntimeError: DataLoader worker (pid 4012) is killed by signal: Killed.\n")
    assert result.code == "dataloader-worker-died"
    assert result.facts == {"signal": "Killed"}
    assert "dmesg" in result.fix[0]
    assert not any("shm-size" in step for step in result.fix)


def test_a_segfault_in_a_worker_is_a_native_crash() -> None:
    text = "RuntimeError: DataLoader worker (pid 77) is killed by signal: Segmentation fault.\n"
    (result,) = explain(text)
    assert result.facts == {"signal": "Segmentation fault"}
    assert "native code" in result.cause


def test_no_space_left_title_names_disk_and_dev_shm() -> None:
    path = "tests/fixtures/errors_blind35/env__shm_ultralytics1238.txt"
    with open(path, encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "no-space-left"
    assert "/dev/shm" in result.cause
    assert any("--shm-size" in step for step in result.fix)


def test_no_space_left_during_pip_keeps_pips_own_entry() -> None:
    text = (
        "ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n"
    )
    assert [r.code for r in explain(text)] == ["install-disk-full"]
    during = explain("$ pip install torch\nOSError: [Errno 28] No space left on device\n")
    assert [r.code for r in during] == ["no-space-left"]
    assert during[0].facts == {"where": "pip"}


def test_inotify_limits_are_not_a_full_disk() -> None:
    text = (
        'File "/usr/lib/python3/dist-packages/watchdog/observers/inotify_c.py", line 200, '
        "in add_watch\nOSError: [Errno 28] No space left on device"
    )
    (result,) = explain(text)
    assert result.facts["where"] == "inotify"
    assert any("max_user_watches" in step for step in result.fix)


def test_errno_28_cut_mid_word_under_pips_download_is_pips_disk() -> None:
    # errors_blind94 (stable-diffusion-webui#11056): the paste ends "No space left on devi".
    text = (
        '  File "D:\\sd\\venv\\lib\\site-packages\\pip\\_vendor\\urllib3\\response.py", '
        "line 435, in _error_catcher\n"
        "OSError: [Errno 28] No space left on devi"
    )
    first = explain(text)[0]
    assert first.code == "no-space-left"
    assert first.facts["where"] == "pip"
    assert "Get-PSDrive" in first.fix[0]


def test_no_space_left_alone_without_errno_is_not_read_from_a_fragment() -> None:
    assert not explain("there is no space left in the queue")


def test_workers_spawned_without_the_main_guard_is_the_scripts_code() -> None:
    # errors_blind94 (pytorch_geometric#3363): an example run on Windows with num_workers > 0.
    text = (
        "RuntimeError: \n        An attempt has been made to start a new process before the\n"
        "        current process has finished its bootstrapping phase."
    )
    (result,) = explain(text)
    assert result.code == "spawn-without-main-guard"
    assert result.kind == "code"
    assert "if __name__ == '__main__'" in result.fix[0]
    assert not any("pip install" in step for step in result.fix)


def test_a_disk_quota_is_the_users_quota_not_a_full_disk() -> None:
    # ColossalAI's TorchServe README: torch-model-archiver writes to /tmp, over the quota.
    path = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind128"
    (result,) = explain((path / "env__disk_colossalai1.txt").read_text(encoding="utf-8"))
    assert result.code == "no-space-left"
    assert result.facts == {"where": "quota"}
    assert any("TMPDIR" in step and "HF_HOME" in step for step in result.fix)
    (errno,) = explain("OSError: [Errno 122] Disk quota exceeded: '/home/u/.cache/pip/x'")
    assert errno.facts == {"where": "quota"}
