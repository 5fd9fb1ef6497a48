"""The catalogue of known errors, one module per error family.

Each module registers its entries with `@FAMILY.entry(...)` on the function that
advises on them. The order of FAMILIES is the order entries are tried; the engine
then reports the most specific first.
"""

from __future__ import annotations

from envdoctor.explain.families import (
    arch,
    build_tools,
    containers,
    cuda_init,
    distributed,
    driver,
    driver_state,
    extensions,
    frameworks,
    install,
    libraries,
    loaders,
    python_env,
    resolvers,
    runtime,
    user_code,
)
from envdoctor.explain.spec import ErrorSpec, Family

FAMILIES: tuple[Family, ...] = (
    driver.FAMILY,
    arch.FAMILY,
    install.FAMILY,
    frameworks.FAMILY,
    python_env.FAMILY,
    resolvers.FAMILY,
    libraries.FAMILY,
    loaders.FAMILY,
    driver_state.FAMILY,
    containers.FAMILY,
    cuda_init.FAMILY,
    runtime.FAMILY,
    distributed.FAMILY,
    user_code.FAMILY,
    extensions.FAMILY,
    build_tools.FAMILY,
)

CATALOG: tuple[ErrorSpec, ...] = tuple(spec for family in FAMILIES for spec in family.entries)

__all__ = ["CATALOG", "FAMILIES"]
