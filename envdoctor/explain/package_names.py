"""Names that well-known packages export, and names that famous releases removed: what
`ImportError: cannot import name 'X' from 'pkg'` alone can tell (a removal with its
release, a misspelt import, a name every release has)."""

from __future__ import annotations

from typing import NamedTuple


class RemovedName(NamedTuple):
    """A name a release removed: the module it was in, the pip distribution, the first
    release without it, and what to use instead."""

    module: str
    name: str
    dist: str
    version: str
    instead: str


REMOVED_NAMES = (
    # Pillow docs/releasenotes/10.0.0.rst, "Constants": removed, with what to use instead.
    RemovedName("PIL.Image", "ANTIALIAS", "Pillow", "10.0", "Image.LANCZOS"),
    RemovedName("PIL.Image", "LINEAR", "Pillow", "10.0", "Image.BILINEAR"),
    RemovedName("PIL.Image", "CUBIC", "Pillow", "10.0", "Image.BICUBIC"),
    # huggingface_hub: "Prepare for release 0.26" (#2579, first tag v0.26.0) deleted
    # cached_download, deprecated for hf_hub_download's cache layout.
    RemovedName("huggingface_hub", "cached_download", "huggingface_hub", "0.26", "hf_hub_download"),
)

# Names each package has exported for many releases (checked in transformers 5.25's auto
# classes, diffusers 0.42, opencv 5.1's cv2 stubs, Pillow's and huggingface_hub's sources):
# an import of one that fails is not a release without it, and a near miss is a typo.
KNOWN_EXPORTS: dict[str, frozenset[str]] = {
    "transformers": frozenset(
        {
            "AutoConfig",
            "AutoFeatureExtractor",
            "AutoImageProcessor",
            "AutoModel",
            "AutoModelForCausalLM",
            "AutoModelForImageClassification",
            "AutoModelForMaskedLM",
            "AutoModelForQuestionAnswering",
            "AutoModelForSeq2SeqLM",
            "AutoModelForSequenceClassification",
            "AutoModelForSpeechSeq2Seq",
            "AutoModelForTokenClassification",
            "AutoProcessor",
            "AutoTokenizer",
            "BitsAndBytesConfig",
            "GenerationConfig",
            "Pipeline",
            "PreTrainedModel",
            "PreTrainedTokenizer",
            "PreTrainedTokenizerFast",
            "TextStreamer",
            "Trainer",
            "TrainingArguments",
            "pipeline",
            "set_seed",
        }
    ),
    "diffusers": frozenset(
        {
            "AutoPipelineForText2Image",
            "AutoencoderKL",
            "ControlNetModel",
            "DDIMScheduler",
            "DPMSolverMultistepScheduler",
            "DiffusionPipeline",
            "EulerDiscreteScheduler",
            "StableDiffusionImg2ImgPipeline",
            "StableDiffusionPipeline",
            "StableDiffusionXLPipeline",
            "UNet2DConditionModel",
        }
    ),
    "cv2": frozenset(
        {
            "GaussianBlur",
            "VideoCapture",
            "VideoWriter",
            "cvtColor",
            "destroyAllWindows",
            "dnn",
            "findContours",
            "imdecode",
            "imencode",
            "imread",
            "imshow",
            "imwrite",
            "putText",
            "rectangle",
            "resize",
            "threshold",
            "waitKey",
            "warpAffine",
        }
    ),
    "PIL": frozenset(
        {
            "Image",
            "ImageChops",
            "ImageColor",
            "ImageDraw",
            "ImageEnhance",
            "ImageFile",
            "ImageFilter",
            "ImageFont",
            "ImageGrab",
            "ImageOps",
            "ImageSequence",
        }
    ),
    "PIL.Image": frozenset({"Image", "Resampling", "fromarray", "frombytes", "new", "open"}),
    "huggingface_hub": frozenset(
        {
            "HfApi",
            "InferenceClient",
            "create_repo",
            "hf_hub_download",
            "hf_hub_url",
            "login",
            "snapshot_download",
            "upload_file",
            "upload_folder",
            "whoami",
        }
    ),
}


def removed_name(module: str, name: str) -> RemovedName | None:
    """The release that removed `name` from `module`, when it is a known removal."""
    return next((r for r in REMOVED_NAMES if r.module == module and r.name == name), None)


def _exports(module: str) -> frozenset[str]:
    return KNOWN_EXPORTS.get(module, frozenset())


def is_known_export(module: str, name: str) -> bool:
    """Whether `module` has exported `name` for many releases."""
    return name in _exports(module)


def misspelt_export(module: str, name: str) -> str | None:
    """The known export of `module` that `name` misspells (AutoModelForCasualLM ->
    AutoModelForCausalLM), or None. Only letters swapped, doubled, dropped or changed
    inside a word, or the case: a name that differs by a number or a word
    (StableDiffusion3Pipeline) may be a newer release's, not a typo."""
    if name in _exports(module):
        return None
    for known in sorted(_exports(module)):
        # Case alone is a typo too, unless both spellings are exports (transformers has
        # pipeline and Pipeline: both are in the table).
        if known.lower() == name.lower():
            return known
        if _skeleton(known) != _skeleton(name):
            continue
        if _distance(known, name) <= (2 if len(known) >= 8 else 1):
            return known
    return None


def _skeleton(name: str) -> str:
    """Everything but the lower-case letters: the words' capitals, digits, underscores."""
    return "".join(ch for ch in name if not ch.islower())


def _distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[len(b)]


__all__ = [
    "KNOWN_EXPORTS",
    "REMOVED_NAMES",
    "RemovedName",
    "is_known_export",
    "misspelt_export",
    "removed_name",
]
