from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from envdoctor import i18n

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh", "zh_CN"),
        ("en_US.UTF-8", "en"),
        ("C", "en"),
        ("POSIX", "en"),
        ("fr_FR.UTF-8", None),
        (None, None),
    ],
)
def test_normalise_language(value: str | None, expected: str | None) -> None:
    assert i18n.normalise_language(value) == expected


def test_detect_language_follows_gettext_order() -> None:
    assert i18n.detect_language({"LANGUAGE": "zh_CN:en", "LANG": "en_US"}) == "zh_CN"
    assert i18n.detect_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert i18n.detect_language({"LANG": "zh_CN.UTF-8"}) == "zh_CN"
    assert i18n.detect_language({}) == "en"
    # An unsupported language falls back to English, not to the next variable.
    assert i18n.detect_language({"LC_ALL": "fr_FR.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"


def test_chinese_catalog_translates() -> None:
    assert i18n.set_language("zh_CN") == "zh_CN"
    assert i18n._("interrupted") == "已中断"
    i18n.set_language("en")
    assert i18n._("interrupted") == "interrupted"


def test_every_message_has_a_current_translation() -> None:
    """Fails when code adds a `_()` string without a zh_CN translation or a fresh .mo."""
    pytest.importorskip("babel")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
