"""A library's development files that a source build asks the system for and does not find:
pkg-config's (and pkgconf's) .pc files."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("dev_packages")

_PC_NAME = r"[\w.+-]{1,80}"


@FAMILY.entry(
    code="pkg-config-package-missing",
    keywords=("pkg-config search path", "add the directory containing", "', not found"),
    title=N_("A library's development files are not installed (pkg-config)"),
    patterns=(
        # pkgconf's libpkgconf/pkg.c, the words pkg-config printed before it: the notice,
        # its hint, and the line per package ("required by" another .pc, or the command's).
        rx(r"Package (?P<pkg>" + _PC_NAME + r") was not found in the pkg-config search path"),
        rx(r"Perhaps you should add the directory containing `(?P<pkg>" + _PC_NAME + r")\.pc'"),
        rx(r"Package '(?P<pkg>" + _PC_NAME + r")', required by '(?P<by>[^'\n]{1,120})', not found"),
    ),
    specificity=3,
)
def _advise_pkg_config(m: re.Match[str], ctx: Context) -> Advice:
    pkg = m.group("pkg")
    facts: dict[str, object] = {"pc_package": pkg}
    by = m.groupdict().get("by")
    if by and not by.startswith("virtual:"):
        facts["required_by"] = by
    cause = _(
        "A build asked pkg-config for {pkg} and found no {pkg}.pc: the library's development "
        "files (its headers and the .pc file) are not installed, only its run-time package "
        "or nothing at all, or they are installed in a prefix pkg-config does not search "
        "(/usr/local, /opt, a conda environment, a library built by hand)."
    ).format(pkg=pkg)
    if "required_by" in facts:
        cause += sep() + _("{by}.pc lists it as a requirement.").format(by=by)
    linux = _(
        "Install the development package: on Debian/Ubuntu the -dev one (`apt-file search "
        "{pkg}.pc` names it; e.g. libavdevice-dev for libavdevice), on Fedora/RHEL the "
        "-devel one (`dnf provides '*/{pkg}.pc'`)."
    ).format(pkg=pkg)
    mac = _(
        "On macOS install the library with Homebrew (`brew install <library>`), which "
        "brings its development files."
    )
    fix = [mac, linux] if ctx.known.os == "Darwin" else [linux]
    fix.append(
        _(
            "Installed in another prefix: `find / -name '{pkg}.pc' 2>/dev/null`, then `export "
            "PKG_CONFIG_PATH=<that folder>:$PKG_CONFIG_PATH` (a conda environment keeps its "
            ".pc files in $CONDA_PREFIX/lib/pkgconfig) and run the build again."
        ).format(pkg=pkg)
    )
    return Advice(cause, tuple(fix), facts, key=pkg, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
