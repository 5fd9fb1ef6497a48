"""A library's development files a build asks pkg-config for."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_pkg_config_search_path() -> None:
    # k2-fsa/sherpa-onnx's FFmpeg notes: libavdevice-dev is missing.
    text = (FIXTURES / "errors_blind130/env__pkgconfig_sherpaonnx1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert (result.code, result.facts["pc_package"]) == (
        "pkg-config-package-missing",
        "libavdevice",
    )
    assert "PKG_CONFIG_PATH" in result.fix[-1]


def test_pkgconf_hint_and_requirement_lines() -> None:
    # pkgconf's libpkgconf/pkg.c: the hint alone, and the line per missing package.
    (hint,) = explain(
        "Perhaps you should add the directory containing `gtk+-3.0.pc'\n"
        "to the PKG_CONFIG_PATH environment variable"
    )
    assert hint.facts["pc_package"] == "gtk+-3.0"
    (required,) = explain("Package 'libavutil', required by 'libavcodec', not found")
    assert required.facts == {"pc_package": "libavutil", "required_by": "libavcodec"}
    (virtual,) = explain("Package 'zlib', required by 'virtual:world', not found")
    assert "required_by" not in virtual.facts


def test_macos_gets_homebrew_first() -> None:
    (result,) = explain(
        "/Users/me/src/app\nPackage portaudio-2.0 was not found in the pkg-config search path."
    )
    assert "brew" in result.fix[0]
