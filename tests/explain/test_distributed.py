"""NCCL and the environment around it (explain.families.distributed)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

_BLIND127 = Path("tests/fixtures/errors_blind127")


def test_an_rdma_buffer_that_cannot_be_pinned_names_the_nccl_settings_and_memlock() -> None:
    # errors_blind72 (vLLM): NCCL_BUFFSIZE set too large.
    text = (
        "cupy_backends.cuda.libs.nccl.NcclError: NCCL_ERROR_SYSTEM_ERROR: unhandled system "
        "error (run with NCCL_DEBUG=INFO for details)\n"
        "kilo:318:3584 [5] misc/ibvwrap.cc:183 NCCL WARN Call to ibv_reg_dmabuf_mr failed "
        "with error Cannot allocate memory"
    )
    (result,) = explain(text)
    assert result.code == "nccl-system-error"
    assert "NCCL_BUFFSIZE" in result.fix[0]
    assert "memlock" in result.fix[1]


def test_a_sigbus_inside_nccl_is_a_full_dev_shm() -> None:
    # errors_blind108 (pipedream#76): SIGBUS with NCCL's functions in the backtrace.
    text = (
        "[8d6bf97c3bf4:3039 :0:3095] Caught signal 7 (Bus error: nonexistent physical address)\n"
        "==== backtrace (tid:   3095) ====\n 0 0x0000000000043090 killpg()  ???:0\n"
        " 2 0x000000000007587d ncclGroupEnd()  ???:0\n"
    )
    (result,) = explain(text)
    assert result.code == "nccl-shm-exhausted"
    # A SIGBUS elsewhere is not NCCL's.
    assert explain("Caught signal 7 (Bus error: nonexistent physical address)\n 0 memcpy()") == ()


def test_no_nccl_typed_with_a_typo() -> None:
    # errors_blind113 (LLaMA-Factory#6658).
    (result,) = explain("报错：Distributed package doesn't hava NCCL built in，windows不支持NCCL")
    assert result.code == "nccl-not-built"


def test_a_queue_pair_that_cannot_be_created_is_the_memlock_limit() -> None:
    # errors_blind127 (NCCL's networking troubleshooting): create_qp, or a bare reg_mr.
    for text in (
        (_BLIND127 / "env__nccl_nccl1.txt").read_text(encoding="utf-8"),
        "node1:77:90 [0] misc/ibvwrap.cc:106 NCCL WARN Call to ibv_reg_mr failed\n",
        "x [1] NCCL WARN Call to ibv_create_qp failed with error Cannot allocate memory",
    ):
        (result,) = explain(text)
        assert result.code == "nccl-system-error"
        assert result.facts["nccl_cause"] == "ib-memlock"
        assert result.kind == "environment"
        assert "memlock unlimited" in result.fix[0]
    # In a container, Docker's flag first.
    (result,) = explain(
        "root@0123456789ab:/ws# torchrun t.py\nNCCL WARN Call to ibv_create_qp failed"
    )
    assert "--ulimit memlock=-1" in result.fix[0]
    # Another errno of ibv_reg_mr is not the limit NCCL's docs describe.
    for text in (
        "NCCL WARN Call to ibv_reg_mr failed with error Bad address",
        "ibv_create_qp failed in my own RDMA code",
    ):
        assert all(r.facts.get("nccl_cause") is None for r in explain(text))


def test_an_invalid_argument_from_ibv_modify_qp_is_the_roce_gid_index() -> None:
    (result,) = explain((_BLIND127 / "env__nccl_nccl2.txt").read_text(encoding="utf-8"))
    assert result.code == "nccl-system-error"
    assert result.facts["nccl_cause"] == "roce-gid"
    assert "NCCL_IB_GID_INDEX" in result.fix[0] and "show_gids" in result.fix[1]
    # NCCL 2.24+'s wording; the version in the log picks the one answer that fits.
    newer = (
        "NCCL INFO NCCL version 2.26.2+cuda12.2\nNCCL WARN Call to ibv_modify_qp failed with "
        "22 Invalid argument, local GID ::ffff:10.0.0.1, remote GID ::ffff:10.0.0.2"
    )
    (result,) = explain(newer)
    assert result.facts["nccl_cause"] == "roce-gid"
    assert "do not set NCCL_IB_GID_INDEX" in result.fix[0]
    (result,) = explain(newer.replace("2.26.2", "2.18.3"))
    assert "show_gids" in result.fix[0]


def test_a_shared_memory_file_gone_under_nccl_is_systemds_remove_ipc() -> None:
    (result,) = explain((_BLIND127 / "env__shm_nccl4.txt").read_text(encoding="utf-8"))
    assert result.code == "nccl-shm-removed"
    assert result.kind == "environment"
    assert "RemoveIPC=no" in result.fix[0]
    # NCCL 2.24+ adds the errno; another errno is not a removed file.
    text = "NCCL WARN unlink shared memory /dev/shm/nccl-Ab12Cd failed, error: No such file or directory (2)"
    assert explain(text)[0].code == "nccl-shm-removed"
    text = (
        "NCCL WARN unlink shared memory /dev/shm/nccl-Ab12Cd failed, error: Permission denied (13)"
    )
    assert all(r.code != "nccl-shm-removed" for r in explain(text))


def test_xgboost_nccl_failure_is_nccls_system_error() -> None:
    (result,) = explain(
        (Path("tests/fixtures/errors_blind134") / "env__nccl_xgboost2.txt").read_text()
    )
    assert result.code == "nccl-system-error"
    assert "NCCL_SOCKET_IFNAME" in " ".join(result.fix)


def test_xgboost_nccl_not_loaded_cut_short() -> None:
    (result,) = explain(
        (Path("tests/fixtures/errors_blind134") / "env__nccl_xgboost4.txt").read_text()
    )
    assert result.code == "nccl-library-not-loaded" and result.kind == "environment"
    assert "pip install -U nvidia-nccl-cu12" in result.fix[0]


def test_trl_trainer_and_vllm_server_on_one_gpu() -> None:
    (result,) = explain((Path("tests/fixtures/errors_blind133") / "env__nccl_trl1.txt").read_text())
    assert result.code == "gpu-shared-by-two-ranks" and result.kind == "runtime"
    assert "CUDA_VISIBLE_DEVICES=4,5,6,7" in result.fix[0]


def test_xgboost_failed_to_load_nccl_with_more_text_after_it() -> None:
    # The engine reads the paste as one line: what follows is the next message.
    text = (
        "xgboost.core.XGBoostError: Failed to load NCCL\n"
        "Traceback (most recent call last):\n"
        '  File "train.py", line 9, in <module>\n'
    )
    (result,) = explain(text)
    assert result.code == "nccl-library-not-loaded"
    # NCCL's own "Failed to load NCCL library settings ..." is not this.
    assert "nccl-library-not-loaded" not in [
        r.code for r in explain("Failed to load NCCL library settings from config file")
    ]
