"""The process's locale breaks a compiler inside it: numba's check that LLVM reads
floating-point constants right.

numba (numba/core/codegen.py at 5340f052) compiles a constant and raises "LLVM will
produce incorrect floating-point code in the current locale <locale>" when LLVM misreads
it. Its FAQ (docs/source/user/faq.rst, "Why does Numba complain about the current
locale?") explains it as an LLVM bug with a numeric locale other than the default, known to
be set by some third-party libraries such as matplotlib's Qt backend, and gives the fix:
`locale.setlocale(locale.LC_NUMERIC, 'C')`.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("process_locale")


@FAMILY.entry(
    code="llvm-numeric-locale",
    kind=ErrorKind.ENVIRONMENT,
    keywords=("incorrect floating-point code",),
    title=N_("numba: the process's numeric locale breaks LLVM"),
    patterns=(
        rx(
            r"LLVM will produce incorrect floating-point code in the current locale"
            r"(?: (?P<locale>\([^)\n]{1,60}\)))?"
        ),
    ),
    specificity=3,
)
def _advise_locale(m: re.Match[str], ctx: Context) -> Advice:
    locale = m.group("locale")
    facts: dict[str, object] = {"locale": locale} if locale else {}
    cause = _(
        "numba found that LLVM would read floating-point constants wrongly: the process's "
        "numeric locale (LC_NUMERIC) is not the default 'C' one (a known LLVM bug). Some "
        "libraries set it when they load, matplotlib's Qt backend among them."
    )
    fix = (
        _(
            "Put the numeric locale back before numba compiles, after the library that "
            "changed it has loaded: `import locale; locale.setlocale(locale.LC_NUMERIC, 'C')`."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
