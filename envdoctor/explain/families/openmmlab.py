"""OpenMMLab's packages (mmcv, mmengine, mmdet, mmdet3d, ...) installed at versions that do
not go together.

Sources: mmdet3d's FAQ (open-mmlab/mmdetection3d at fe25f7a5, docs/en/notes/faq.md) names
both "ConvWS is already registered in conv layer" and "MMCV==xxx is used but incompatible"
as incompatible MMEngine / MMCV / MMDetection / MMDetection3D versions, fixed by the
versions of its compatibility table. The registry's words are mmcv 1.x's
(mmcv/utils/registry.py: "{name} is already registered in {registry}") and mmengine's
(mmengine/registry/registry.py, the same plus " at {module}"). The layer names are those
mmcv registers itself (open-mmlab/mmcv branch 1.x, mmcv/cnn/bricks/ and mmcv/ops/
sparse_conv.py: CONV_LAYERS, NORM_LAYERS, ACTIVATION_LAYERS, UPSAMPLE_LAYERS,
PLUGIN_LAYERS; mmcv 2.x registers them in mmengine's MODELS, named "model"): a package that
registers one again predates mmcv's own, which is a version mismatch, never a program's own
new layer.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("openmmlab")

_MMCV_LAYERS = (
    r"ConvA?WS|SAC|DCN(?:v2)?|Conv2dAdaptivePadding|Sparse(?:Conv|ConvTranspose|InverseConv)"
    r"[234]d|SubMConv[234]d|GeneralizedAttention|NonLocal2d|ContextBlock|CrissCrossAttention|"
    r"HSigmoid|HSwish|MMSyncBN|carafe|pixel_shuffle"
)
_MMCV_REGISTRIES = r"conv layer|norm layer|activation layer|upsample layer|plugin layer|model"


@FAMILY.entry(
    code="mmcv-version-incompatible",
    keywords=("is used but incompatible", "is already registered in"),
    title=N_("The installed mmcv is outside the range an OpenMMLab package accepts"),
    patterns=(
        rx(
            r"MMCV==(?P<have>[\w.]{1,20}) is used but incompatible\. Please install "
            r"(?P<want>mmcv[<>=!~]{1,2}[\w.()\s]{1,40}?(?:, ?[<>=!]{1,2}[\w.()\s]{1,30}?)?)\.?(?= |$)"
        ),
        # A layer mmcv registers itself, registered again by another package: mmdet3d's
        # FAQ names "ConvWS is already registered in conv layer" (mmcv 1.x's registry
        # words; mmengine's add " at <module>") as mixed OpenMMLab versions.
        rx(
            r"(?P<layer>"
            + _MMCV_LAYERS
            + r") is already registered in (?P<registry>"
            + _MMCV_REGISTRIES
            + r")\b"
        ),
    ),
)
def _advise_mmcv_version(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("layer"):
        return _registered_twice(m, ctx)
    have, want = m.group("have"), m.group("want").rstrip(".")
    facts: dict[str, object] = {"mmcv_version": have, "mmcv_required": want}
    cause = _(
        "An OpenMMLab package (mmdet, mmseg, mmpose, mmdet3d, ...) checks the mmcv version on "
        "import and accepts only {want}; mmcv {have} is installed. mmcv 1.x (mmcv-full) and "
        "2.x are different APIs, and each release of the downstream package names its range."
    ).format(want=want, have=have)
    fix = (
        _(
            "Install an mmcv inside the range, built for your torch and CUDA: `python -m pip "
            'install -U openmim && mim install "{want}"` (prebuilt mmcv wheels exist only '
            "for some torch versions; otherwise it builds from source)."
        ).format(want=want),
        _(
            "Or install the release of the downstream package that accepts mmcv {have} (its "
            "installation page has the version table)."
        ).format(have=have),
    )
    return Advice(cause, fix, facts, key=have, used_local_facts=k.local)


def _registered_twice(m: re.Match[str], ctx: Context) -> Advice:
    layer, registry = m.group("layer"), m.group("registry")
    cause = _(
        "Two OpenMMLab packages register the layer {layer} in mmcv's '{registry}' registry: "
        "mmcv has it, and another package (mmdet, mmdet3d, or a project that bundles their "
        "code) registers its own copy again. The installed mmcv, mmengine, mmdet and mmdet3d "
        "are versions that do not go together."
    ).format(layer=layer, registry=registry)
    fix = (
        _(
            "Install the versions that go together: mmdet3d's FAQ and each package's "
            "installation page have the table (mmdet3d release -> mmengine, mmcv, mmdet); "
            "`python -m pip list | grep -i mm` shows what is installed."
        ),
        _(
            'Then install mmcv with mim, built for your torch and CUDA: `mim install "mmcv==<version>"`.'
        ),
    )
    facts: dict[str, object] = {"layer": layer, "registry": registry}
    return Advice(
        cause,
        fix,
        facts,
        finding_code="",
        title=_("OpenMMLab packages of versions that do not go together"),
        key=layer,
        used_local_facts=ctx.known.local,
    )


__all__ = ["FAMILY"]
