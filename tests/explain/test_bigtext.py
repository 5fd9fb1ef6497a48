"""The cut of a big log (envdoctor/explain/bigtext.py) changes no answer."""

from __future__ import annotations

import pytest
from explain.errortext import fixture_names, fixture_text

from envdoctor.explain import bigtext, explain, pasted
from envdoctor.explain.bigtext import near_words
from envdoctor.explain.engine import _ALL_KEYWORDS as KEYWORDS

# Every filler line distinct, as in a real log (step counters, losses).
_FILLER = "".join(
    f"Epoch {n // 100}: loss={n * 0.0137 % 3:.4f} acc=0.98 step {n}/5000 [00:12<01:23]\n"
    for n in range(1600)
)


def _codes(text: str) -> list[str]:
    return [r.code for r in explain(text)]


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 100 KB log counts as big; the terminal-wrap reading is off in both readings
    compared, so only the cut differs between them."""
    monkeypatch.setattr(pasted, "_MAX_REWRAP_CHARS", 0)
    monkeypatch.setattr(bigtext, "BIG_TEXT", 50_000)


@pytest.mark.usefixtures("small_limit")
def test_every_known_error_in_the_middle_of_a_big_log_keeps_its_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    changed = []
    for name in fixture_names():
        log = _FILLER + fixture_text(name) + "\n" + _FILLER
        assert len(near_words(log, KEYWORDS)) < len(log) * 0.7
        cut = _codes(log)
        with monkeypatch.context() as whole:
            whole.setattr(bigtext, "BIG_TEXT", 10**9)
            if _codes(log) != cut:
                changed.append(name)
    assert changed == []


@pytest.mark.usefixtures("small_limit")
def test_a_keyword_split_by_a_loggers_prefix_is_kept_by_the_words_around_it() -> None:
    # "not compiled with cuda enabled" exists only once the prefix is gone; the kept stretch
    # comes from "AssertionError" (a generic word) on the line before.
    message = "[rank0]: AssertionError: Torch not compiled\n[rank0]: with CUDA enabled\n"
    assert "torch-not-compiled-with-cuda" in _codes(_FILLER + message + _FILLER)


def test_a_short_text_is_read_whole() -> None:
    text = "x" * 1000 + "\nRuntimeError: CUDA error: no kernel image is available\n"
    assert near_words(text, ("no kernel image",)) is text


@pytest.mark.usefixtures("small_limit")
def test_only_the_stretches_near_the_words_are_kept_in_order() -> None:
    first, second = "cudnn_status_internal_error", "libcudart.so.12: cannot open"
    log = _FILLER * 2 + first + "\n" + _FILLER * 2 + second + "\n" + _FILLER * 2
    kept = near_words(log, ("cudnn_status_internal_error", "cannot open"))
    assert len(kept) < len(log) / 2
    assert kept.index(first) < kept.index(second)
    # Whole lines only: every kept line is a line of the log.
    assert set(kept.splitlines()) <= set(log.splitlines())


@pytest.mark.usefixtures("small_limit")
def test_a_log_full_of_the_words_is_read_whole() -> None:
    log = "RuntimeError: CUDA error: something went wrong at step 1\n" * 900
    assert near_words(log, ("cuda error",)) is log


@pytest.mark.usefixtures("small_limit")
def test_a_line_repeated_past_every_words_cap_is_kept_as_far_as_the_cap() -> None:
    # The engine reads the first few hundred occurrences of a keyword only: a log repeating
    # one message thousands of times keeps its first thousand and the margin after them.
    line = "RuntimeError: CUDA error: something went wrong at step 1\n"
    kept = near_words(line * 3000, ("cuda error",))
    assert len(line) * bigtext.HITS_PER_WORD < len(kept) < len(line) * 2000
