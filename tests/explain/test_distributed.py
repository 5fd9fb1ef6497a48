"""NCCL and the environment around it (explain.families.distributed)."""

from __future__ import annotations

from envdoctor.explain import explain


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
