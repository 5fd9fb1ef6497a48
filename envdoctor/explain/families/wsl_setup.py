"""Setting up WSL itself fails (before any GPU or PyTorch is involved): the optional
component not enabled, virtualization off, a distribution off the system drive, a wsl.exe
too old for an option, a compressed or encrypted distribution folder.

Every reading is Microsoft's WSL documentation (MicrosoftDocs/WSL at 8842def7):
WSL/troubleshooting.md, "Installation issues": "Installation failed with error 0x80070003"
(WSL runs only on the system drive: store distributions there, Settings > System > Storage
> where new content is saved; the same code, with 0x80370102, also when virtualization is
off in the BIOS or the CPU lacks SLAT); "WslRegisterDistribution failed with error
0x8007019e" (the WSL optional component is not enabled: Turn Windows features on or off,
or Enable-WindowsOptionalFeature); "Invalid command line option: wsl --set-version Ubuntu
2" (WSL not enabled, or Windows older than build 18362); "... due to a virtual disk system
limitation ..." (the distribution's LocalState folder is compressed or encrypted: clear
both in its Properties > Advanced, just this folder); "Error: 0x80370102 The virtual
machine could not be started because a required feature is not installed." (enable the
Virtual Machine Platform feature and virtualization in the BIOS, nested virtualization in a
VM with Set-VMProcessor -ExposeVirtualizationExtensions $true, restart). WSL/systemd.md:
"Invalid command line option: --version" means WSL must be updated (`wsl --update` or the
Microsoft Store).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("wsl_setup")

# wsl.exe's own long options: "Invalid command line option" naming another is some other
# program's.
_WSL_OPTIONS = (
    r"set-version|set-default-version|version|update|install|status|shutdown|mount|manage|"
    r"export|import|unregister|list"
)
# wsl.exe named next to the message (the command typed, the prompt, the text around it): other
# programs print "Invalid command line option" too. Microsoft's "Invalid command line option:
# wsl --set-version Ubuntu 2" names it itself.
_WSL_WORD = re.compile(r"\bwsl(?:\.exe)?\b", re.IGNORECASE)
_ENABLE_WSL = N_(
    "Enable the Windows Subsystem for Linux: in Control Panel > Programs and Features > "
    "Turn Windows features on or off, check Windows Subsystem for Linux, or in an "
    "administrator PowerShell `Enable-WindowsOptionalFeature -Online -FeatureName "
    "Microsoft-Windows-Subsystem-Linux`; then restart Windows."
)
_VIRTUALIZATION = N_(
    "Turn on virtualization in the BIOS/UEFI (usually among the CPU options) and the "
    "Virtual Machine Platform feature (Turn Windows features on or off), then restart. "
    "Inside a virtual machine, the host must allow nested virtualization (Hyper-V: "
    "`Set-VMProcessor -VMName <VMName> -ExposeVirtualizationExtensions $true`). WSL 2 "
    "needs a CPU with SLAT (Intel Core 1st generation or newer)."
)


@FAMILY.entry(
    code="wsl-setup-failed",
    kind=ErrorKind.ENVIRONMENT,
    keywords=(
        "0x8007019e",
        "0x80070003",
        "0x80370102",
        "invalid command line option",
        "virtual disk system limitation",
    ),
    title=N_("WSL itself cannot be installed or set up"),
    patterns=(
        rx(
            r"(?:WslRegisterDistribution|Installation) failed with error:? ?"
            r"(?P<code>0x8007019e|0x80070003|0x80370102)"
        ),
        rx(r"(?P<code>0x80370102) The virtual machine could not be started"),
        rx(
            r"Invalid command line option: `?(?P<wsl>wsl(?:\.exe)? )?(?P<option>--(?:"
            + _WSL_OPTIONS
            + r"))(?![\w-])"
        ),
        rx(r"could not be completed due to a virtual disk system limitation(?P<vdisk>)"),
    ),
    specificity=3,
)
def _advise_wsl(m: re.Match[str], ctx: Context) -> Advice | None:
    code = (m.groupdict().get("code") or "").lower()
    option = (m.groupdict().get("option") or "").strip()
    if (
        option
        and option != "--set-version"
        and not m.groupdict().get("wsl")
        and ctx.near(_WSL_WORD, "invalid command line option", before=200, reach=200) is None
    ):
        return None  # another program's unknown option: nothing says wsl.exe printed it
    facts: dict[str, object] = {}
    if code == "0x8007019e":
        cause = _("The Windows Subsystem for Linux optional component is not enabled.")
        fix: tuple[str, ...] = (_(_ENABLE_WSL),)
    elif code == "0x80070003":
        cause = _(
            "WSL could not install the distribution. Microsoft's troubleshooting gives two "
            "causes for this code: WSL runs only on the system drive (usually C:) and Windows "
            "saves new apps on another drive, or virtualization is turned off."
        )
        fix = (
            _(
                "Store new apps on the system drive: Windows 11: Settings > System > Storage "
                "> Advanced storage settings > Where new content is saved; Windows 10: "
                "Settings > System > Storage > Change where new content is saved. Then "
                "install the distribution again."
            ),
            _(_VIRTUALIZATION),
        )
    elif code == "0x80370102":
        cause = _(
            "WSL 2 could not start its virtual machine: a required feature is missing "
            "(the Virtual Machine Platform, or virtualization in the BIOS/UEFI)."
        )
        fix = (_(_VIRTUALIZATION),)
    elif option == "--update":
        facts["option"] = option
        cause = _(
            "This wsl.exe is too old to have --update itself (the one built into older "
            "Windows): it cannot update itself this way."
        )
        fix = (
            _(
                "Install WSL from the Microsoft Store (the Windows Subsystem for Linux app), "
                "or install the pending Windows updates (Settings > Windows Update); check "
                "the Windows build with `winver`."
            ),
            _(_ENABLE_WSL),
        )
    elif option:
        facts["option"] = option
        cause = _(
            "This wsl.exe does not know the option {option}: WSL is not enabled, or it is "
            "too old (`wsl --set-version` needs Windows build 18362 or newer)."
        ).format(option=option)
        fix = (
            _(
                "Update WSL: `wsl --update`, or install it from the Microsoft Store; check "
                "the Windows build with `winver`."
            ),
            _(_ENABLE_WSL),
        )
    else:
        cause = _(
            "WSL 2 cannot use the distribution's virtual disk: its folder is compressed "
            "or encrypted by Windows, and WSL's virtual disk files must be neither."
        )
        fix = (
            _(
                "Open the distribution's folder under %LocalAppData%\\Packages (for Ubuntu "
                "CanonicalGroupLimited...), right-click LocalState > Properties > Advanced, "
                "clear 'Compress contents to save disk space' and 'Encrypt contents to secure "
                "data', apply to this folder only; then run `wsl --set-version` again."
            ),
        )
    if code:
        facts["error_code"] = code
    return Advice(
        cause, fix, facts, key=code or option or "vdisk", used_local_facts=ctx.known.local
    )


__all__ = ["FAMILY"]
