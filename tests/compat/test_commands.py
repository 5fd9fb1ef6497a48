"""`compat.commands`: the interpreter named in advice for another machine, and how to install
a driver (a GPU's last branch is named exactly, never 'or newer')."""

from __future__ import annotations

import pytest
from factories import make_snapshot

from envdoctor.compat.commands import driver_install, generic_python


@pytest.mark.parametrize(
    ("os_name", "version", "expected"),
    [
        ("windows", "3.8", ("py", "-3.8")),
        ("windows", "3.8.10", ("py", "-3.8")),
        ("windows", "3.13t", ("py", "-3.13t")),  # the launcher's free-threaded selector
        ("windows", None, ("py",)),
        ("windows", "junk", ("py",)),  # unreadable: no version guessed
        ("linux", "3.8", ("python",)),
        ("macos", None, ("python",)),
    ],
)
def test_generic_python(os_name: str, version: str | None, expected: tuple[str, ...]) -> None:
    assert generic_python(os_name, version) == expected


@pytest.mark.parametrize(
    ("os", "os_release", "wsl", "container"),
    [
        ("Linux", None, None, None),  # distro unknown (a paste without an OS line)
        ("Linux", "Arch Linux", None, None),
        ("Linux", "Debian GNU/Linux 12 (bookworm)", None, None),
        ("Linux", "Fedora Linux 40", None, None),
        ("Windows", "Microsoft Windows 11 Pro", None, None),
        ("Linux", "Ubuntu 22.04.4 LTS", 2, None),
        ("Linux", "Ubuntu 22.04.4 LTS", None, "docker"),
    ],
)
def test_a_last_branch_is_named_and_never_open_ended(
    os: str, os_release: str | None, wsl: int | None, container: str | None
) -> None:
    snap = make_snapshot(os=os, os_release=os_release, wsl=wsl, container=container)
    text = driver_install(snap, 470)
    assert "470" in text
    assert "or newer" not in text
    assert "current NVIDIA driver" not in text
    assert "nvidia-open" not in text


def test_ubuntu_installs_the_branch_package() -> None:
    snap = make_snapshot(os_release="Ubuntu 22.04.4 LTS")
    assert driver_install(snap, 580).startswith("sudo apt install nvidia-driver-580")
    assert driver_install(snap, None).startswith("sudo ubuntu-drivers install")
