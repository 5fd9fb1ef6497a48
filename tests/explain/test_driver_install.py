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


def test_secure_boot_for_another_module_with_nvidia_named_elsewhere_is_not_ours() -> None:
    text = (
        "modprobe: ERROR: could not insert 'vboxdrv': Key was rejected by service\n"
        "I have an nvidia gpu too, RTX 3060, driver works fine."
    )
    assert _codes(text) == []


def test_dkms_of_nvidia_add_on_modules_is_not_the_driver() -> None:
    text = (
        "Error! Bad return status for module build on kernel: 6.5.0-14-generic (x86_64)\n"
        "Consult /var/lib/dkms/nvidia-fs/2.19.6/build/make.log for more information."
    )
    assert _codes(text) == []


def test_dpkg_dependency_problems_are_not_a_build_failure_and_overwrites_are_named() -> None:
    text = (
        "dpkg: error processing archive /var/cache/apt/archives/libnvidia-compute-535.deb "
        "(--unpack):\n trying to overwrite '/lib/firmware/nvidia/535.129.03/gsp_ga10x.bin', "
        "which is also in package nvidia-firmware-535-535.129.03\n"
        "dpkg: error processing package nvidia-dkms-535 (--configure):\n"
        " dependency problems - leaving unconfigured"
    )
    (result,) = explain(text)
    assert result.facts["package"] == "nvidia-firmware-535-535.129.03"
    assert "two sources" in result.cause


def test_module_not_found_under_wsl_gets_no_headers_or_dkms() -> None:
    text = (
        "I'm on WSL2 Ubuntu 22.04.\n$ sudo modprobe nvidia\nmodprobe: FATAL: Module nvidia not "
        "found in directory /lib/modules/5.15.133.1-microsoft-standard-WSL2"
    )
    (result,) = explain(text)
    assert "WSL" in result.cause
    assert not any("dkms" in step or "linux-headers" in step for step in result.fix)
