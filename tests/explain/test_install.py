"""Installs that cannot run on this machine (explain.families.install)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_tensorflows_own_cpu_check_names_the_missing_instruction_set() -> None:
    # errors_blind92 (DeepSpeech#1181): an i5-2430M without AVX2.
    (result,) = explain(
        "F tensorflow/core/platform/cpu_feature_guard.cc:35] The TensorFlow library was "
        "compiled to use AVX2 instructions, but these aren't available on your machine.\n"
        "Aborted (core dumped)"
    )
    assert result.code == "illegal-instruction"
    assert result.facts == {"instruction_set": "AVX2", "runtime": "TensorFlow"}
    assert "names the missing set: AVX2" in result.cause
