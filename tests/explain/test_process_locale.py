"""A process locale that breaks LLVM in numba (explain.families.process_locale)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_numba_refusing_the_current_locale_resets_lc_numeric() -> None:
    # errors_blind127 (numba's FAQ), and numba's own message with the locale it names.
    with open("tests/fixtures/errors_blind127/env__locale_numba4.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "llvm-numeric-locale"
    assert "LC_NUMERIC, 'C'" in result.fix[0]
    text = (
        "RuntimeError: LLVM will produce incorrect floating-point code in the current "
        "locale ('de_DE', 'UTF-8').\nPlease read "
        "https://numba.readthedocs.io/en/stable/user/faq.html#llvm-locale-bug for more information."
    )
    (result,) = explain(text)
    assert result.facts == {"locale": "('de_DE', 'UTF-8')"}
