"""Maintain the gettext catalogs: extract messages, update .po files, compile .mo files.

    python scripts/i18n.py update    # extract _() strings into envdoctor/locale/<lang>/LC_MESSAGES/<domain>.po
    python scripts/i18n.py compile   # .po -> .mo (the .mo files are committed so installs need no tools)
    python scripts/i18n.py check     # fail if a message lacks a translation or a .mo is stale

Each area of the tool has its own domain, so areas grow without touching each other's
files: cli/<name>.py and render/<name>.py belong to domain <name>; a subpackage
(envdoctor/mirrors/...) to its package name; top-level modules to "core".
Needs Babel (a test dependency), never at run time.
"""

from __future__ import annotations

import io
import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "envdoctor"
LOCALE = PKG / "locale"
LANGS = ("zh_CN",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
SHARED_DIRS = {"cli", "render"}


def domain_of(path: Path) -> str:
    rel = path.relative_to(PKG)
    if len(rel.parts) == 1:
        return "core"
    top = rel.parts[0]
    if top in SHARED_DIRS:
        stem = rel.stem
        return "core" if stem.startswith("_") or stem in {"__init__", "console"} else stem
    return top


def extract() -> dict[str, list[tuple[str, str, int]]]:
    """domain -> [(message id or ids joined, file, line)]"""
    found: dict[str, list[tuple[object, str, int]]] = defaultdict(list)
    for path in sorted(PKG.rglob("*.py")):
        if "locale" in path.parts:
            continue
        for lineno, message, _comments, _ctx in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            found[domain_of(path)].append((message, str(path.relative_to(ROOT)), lineno))
    return found  # type: ignore[return-value]


def po_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def load_po(path: Path, lang: str, domain: str) -> Catalog:
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=lang, domain=domain)
    return Catalog(locale=lang, domain=domain, project="envdoctor", fuzzy=False)


def _all_translations(lang: str) -> dict[object, object]:
    """Every translation in every domain: a message that moves between areas keeps its text."""
    known: dict[object, object] = {}
    for path in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
        for msg in load_po(path, lang, path.stem):
            if msg.id and msg.string and not msg.fuzzy:
                known.setdefault(msg.id, msg.string)
    return known


def update() -> None:
    found = extract()
    for lang in LANGS:
        known = _all_translations(lang)
        for domain, messages in found.items():
            path = po_path(lang, domain)
            old = load_po(path, lang, domain)
            new = Catalog(
                locale=lang,
                domain=domain,
                project="envdoctor",
                fuzzy=False,
                # Keep the header stable so regenerating does not churn the diff.
                creation_date=old.creation_date,
                revision_date=old.revision_date,
            )
            for msgid, file, line in messages:
                new.add(msgid, locations=[(file, line)])
            for msg in new:
                if not msg.id:
                    continue
                prev = old.get(msg.id)
                if prev is not None and prev.string:
                    msg.string = prev.string
                elif msg.id in known:
                    msg.string = known[msg.id]
            path.parent.mkdir(parents=True, exist_ok=True)
            buf = io.BytesIO()
            write_po(buf, new, width=100, sort_output=True, include_lineno=False)
            path.write_bytes(buf.getvalue())
        for stale in (LOCALE / lang / "LC_MESSAGES").glob("*.po"):
            if stale.stem not in found:
                stale.unlink()
                stale.with_suffix(".mo").unlink(missing_ok=True)


def _compiled(path: Path, lang: str) -> bytes:
    catalog = load_po(path, lang, path.stem)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def compile_all() -> None:
    for lang in LANGS:
        for path in sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po")):
            path.with_suffix(".mo").write_bytes(_compiled(path, lang))


def check() -> list[str]:
    problems: list[str] = []
    found = extract()
    for lang in LANGS:
        for domain, messages in found.items():
            path = po_path(lang, domain)
            catalog = load_po(path, lang, domain)
            for msgid, file, line in messages:
                entry = catalog.get(msgid)
                if (
                    entry is None
                    or not entry.string
                    or (isinstance(entry.string, tuple) and not all(entry.string))
                ):
                    shown = msgid if isinstance(msgid, str) else msgid[0]
                    problems.append(f"{file}:{line}: no {lang} translation for {shown!r}")
                elif entry.fuzzy:
                    problems.append(f"{file}:{line}: fuzzy {lang} translation for {msgid!r}")
            mo = path.with_suffix(".mo")
            if not mo.exists():
                problems.append(f"{mo.relative_to(ROOT)} missing: run scripts/i18n.py compile")
                continue
            with mo.open("rb") as fh:
                have = {m.id: m.string for m in read_mo(fh) if m.id}
            want = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
            if have != want:
                problems.append(f"{mo.relative_to(ROOT)} is stale: run scripts/i18n.py compile")
    return problems


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        update()
        return 0
    if argv == ["compile"]:
        compile_all()
        return 0
    if argv == ["check"]:
        problems = check()
        for p in problems:
            print(p)
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
