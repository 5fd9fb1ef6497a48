"""The catalogue of known errors, one module per error family.

Each module registers its entries with `@FAMILY.entry(...)` on the function that
advises on them. The order of FAMILIES is the order entries are tried; the engine
then reports the most specific first.
"""

from __future__ import annotations

from envdoctor.explain.families import (
    apple_mps,
    arch,
    build_tools,
    c_runtime,
    compiled_ops,
    conda_solver,
    containers,
    ctranslate2,
    cuda_init,
    cudnn,
    dataloader,
    distributed,
    downloads,
    driver,
    driver_module,
    driver_state,
    extension_abi,
    extensions,
    frameworks,
    gpu_features,
    gpu_libraries,
    install,
    jax_tensorflow,
    libraries,
    library_versions,
    llm_servers,
    loaders,
    package_modules,
    pip_variants,
    pip_versions,
    prebuilt_packages,
    process_group,
    python_env,
    resolvers,
    runtime,
    spconv,
    user_code,
    user_code_checkpoints,
    user_code_dtypes,
    user_code_tensors,
)
from envdoctor.explain.spec import ErrorSpec, Family

FAMILIES: tuple[Family, ...] = (
    driver.FAMILY,
    arch.FAMILY,
    gpu_features.FAMILY,
    install.FAMILY,
    pip_versions.FAMILY,
    pip_variants.FAMILY,
    frameworks.FAMILY,
    jax_tensorflow.FAMILY,
    llm_servers.FAMILY,
    python_env.FAMILY,
    apple_mps.FAMILY,
    conda_solver.FAMILY,
    downloads.FAMILY,
    resolvers.FAMILY,
    libraries.FAMILY,
    c_runtime.FAMILY,
    library_versions.FAMILY,
    cudnn.FAMILY,
    ctranslate2.FAMILY,
    loaders.FAMILY,
    driver_state.FAMILY,
    driver_module.FAMILY,
    containers.FAMILY,
    cuda_init.FAMILY,
    runtime.FAMILY,
    gpu_libraries.FAMILY,
    distributed.FAMILY,
    dataloader.FAMILY,
    process_group.FAMILY,
    user_code.FAMILY,
    user_code_dtypes.FAMILY,
    user_code_tensors.FAMILY,
    user_code_checkpoints.FAMILY,
    extensions.FAMILY,
    extension_abi.FAMILY,
    prebuilt_packages.FAMILY,
    compiled_ops.FAMILY,
    spconv.FAMILY,
    build_tools.FAMILY,
    package_modules.FAMILY,
)

CATALOG: tuple[ErrorSpec, ...] = tuple(spec for family in FAMILIES for spec in family.entries)

__all__ = ["CATALOG", "FAMILIES"]
