"""The Linux driver's own installation: DKMS builds, the .run installer, Secure Boot."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain.engine import explain

ERRORS = Path(__file__).parent.parent / "fixtures" / "errors"


def _codes(text: str) -> list[str]:
    return [r.code for r in explain(text)]


def test_dkms_failure_of_another_module_is_not_the_nvidia_driver() -> None:
    # raphael/linux-samus#110: ndiswrapper, not NVIDIA.
    text = (
        "Error! Bad return status for module build on kernel: 4.4.1ph+ (x86_64)\n"
        "Consult /var/lib/dkms/ndiswrapper/1.59/build/make.log for more information."
    )
    assert _codes(text) == []


def test_void_linux_dkms_wording() -> None:
    # voidlinux/void-packages#4651
    text = (
        "Building DKMS module 'nvidia-367.35' for kernel-4.7.2_1... FAILED!\n"
        "DKMS module 'nvidia-367.35' failed to build, please check /var/lib/dkms\n"
        "for errors in the log file."
    )
    assert _codes(text) == ["driver-module-not-built"]


def test_secure_boot_rejecting_the_nvidia_module() -> None:
    results = explain("modprobe: ERROR: could not insert 'nvidia': Key was rejected by service")
    assert [r.code for r in results] == ["driver-module-not-built"]
    assert "Secure Boot" in results[0].cause
    assert any("mokutil" in step for step in results[0].fix)
    old = explain("modprobe: ERROR: could not insert 'nvidia': Required key not available")
    assert "Secure Boot" in old[0].cause


def test_secure_boot_rejecting_another_module_is_not_ours() -> None:
    # tuxedocomputers/tuxedo-keyboard#186: the keyboard's modules, no NVIDIA anywhere.
    text = (
        "Aug 04 19:34:09 linux-tuxedo dkms.systemd[1627]: modprobe: ERROR: could not insert "
        "'clevo_acpi': Key was rejected by service"
    )
    assert _codes(text) == []


def test_installer_advice_names_the_blocker() -> None:
    nouveau = (ERRORS / "driver-installer-blocked__apollo2466.txt").read_text()
    (result,) = explain(nouveau)
    assert "nouveau" in result.cause
    assert any("blacklist nouveau" in step for step in result.fix)
    unsupported = (ERRORS / "driver-installer-blocked__instagraal10.txt").read_text()
    (result,) = explain(unsupported)
    assert "410.48" in result.cause
    assert any("lspci" in step for step in result.fix)
