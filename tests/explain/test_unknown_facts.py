"""Second commands for facts a paste does not show (explain.unknown_facts)."""

from __future__ import annotations

import re

from envdoctor.compat.python import oldest_python, python_supported
from envdoctor.compat.versions import TorchVersion, Verdict
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Known
from envdoctor.explain.unknown_facts import older_driver_step, older_python_step
from envdoctor.matrix import load_matrix


def test_an_unknown_driver_gets_the_command_for_an_older_one_too() -> None:
    m = load_matrix()
    unknown = Known(os="Linux")
    build = suggest(m, unknown)
    assert build is not None and build.cuda is not None
    step = older_driver_step(m, unknown, build)
    assert step is not None and build.variant in step
    major = build.cuda.split(".")[0]
    # The alternative runs on a driver of the previous CUDA major.
    fallback = step.rsplit("--index-url https://download.pytorch.org/whl/", 1)[1]
    assert fallback.startswith("cu") and not fallback.startswith(f"cu{major}")
    # A known driver needs no alternative.
    assert older_driver_step(m, Known(os="Linux", driver_version="550.54.14"), build) is None


def test_an_unknown_python_gets_the_command_for_the_python_the_release_dropped() -> None:
    m = load_matrix()
    unknown = Known(os="Linux")
    build = suggest(m, unknown)
    assert build is not None
    version = TorchVersion.parse(build.version)
    assert version is not None
    release = m.release(version.release)
    assert release is not None
    floor = oldest_python(release)
    assert floor is not None
    older = f"3.{int(floor.split('.')[1]) - 1}"
    step = older_python_step(m, unknown, build)
    if not any(python_supported(r, older) is Verdict.OK for r in m.torch.releases):
        assert step is None
        return
    assert step is not None and f"Python {floor}" in step and f"Python {older}" in step
    found = re.search(r"torch==(\S+)", step)
    assert found is not None
    fallback = TorchVersion.parse(found.group(1))
    assert fallback is not None
    fallback_release = m.release(fallback.release)
    assert fallback_release is not None
    # The command's release serves that Python; the newest build's does not.
    assert python_supported(fallback_release, older) is Verdict.OK
    assert python_supported(release, older) is Verdict.NO


def test_a_known_python_or_a_kept_torch_needs_no_python_alternative() -> None:
    m = load_matrix()
    build = suggest(m, Known(os="Linux"))
    assert build is not None
    assert older_python_step(m, Known(os="Linux", python_version="3.12"), build) is None
    # The installed torch's own release: its Python runs it already.
    kept = Known(os="Linux", torch_version=build.version)
    assert older_python_step(m, kept, build) is None
