"""Fill zh_CN translations from a JSON object {msgid: msgstr} into the right domain catalogs.

    python scripts/translate.py translations.json

A maintainer's helper next to scripts/i18n.py: it writes only entries whose msgstr is
empty, never overwrites, and reports msgids it could not place.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "envdoctor" / "locale" / "zh_CN" / "LC_MESSAGES"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    wanted: dict[str, str] = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    placed: set[str] = set()
    for po in sorted(FOLDER.glob("*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale="zh_CN", domain=po.stem)
        changed = False
        for msg in catalog:
            if isinstance(msg.id, str) and msg.id in wanted and not msg.string:
                msg.string = wanted[msg.id]
                placed.add(msg.id)
                changed = True
        if changed:
            buf = io.BytesIO()
            write_po(buf, catalog, width=100, sort_output=True, include_lineno=False)
            po.write_bytes(buf.getvalue())
    for missing in sorted(set(wanted) - placed):
        print(f"not placed: {missing!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
