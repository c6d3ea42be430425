#!/usr/bin/env bash
# Refresh the Welsh catalogue and compile it.
#
# 1. `asbhub makemessages -l cy`, run from src/asbhub so it collects every string of the
#    package into src/asbhub/locale/cy/LC_MESSAGES/django.po (new strings arrive empty,
#    changed ones are marked fuzzy: translate them, then rerun this script).
#    makemessages needs GNU gettext's xgettext, msguniq, msgmerge and msgattrib
#    (`apt-get install gettext`); without them, pass --compile-only.
# 2. Compile django.po to django.mo with polib (pure Python). Django's compilemessages
#    would need gettext's msgfmt, which a fresh machine may lack; polib writes the same
#    GNU .mo format and, like msgfmt, leaves out untranslated, fuzzy and obsolete entries.
#
# The compiled django.mo is committed, so the app runs in Welsh without gettext installed;
# tests/core/test_translations.py fails when the .mo and .po disagree or a message is
# untranslated or fuzzy.
#
# Usage: scripts/update_translations.sh [--compile-only]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PACKAGE="$ROOT/src/asbhub"
PO="$PACKAGE/locale/cy/LC_MESSAGES/django.po"

if [[ "${1:-}" != "--compile-only" ]]; then
  for tool in xgettext msguniq msgmerge msgattrib; do
    if ! command -v "$tool" >/dev/null; then
      echo "makemessages needs GNU gettext ($tool is missing): apt-get install gettext," >&2
      echo "or run $0 --compile-only to compile the catalogue as it is." >&2
      exit 1
    fi
  done
  mkdir -p "$PACKAGE/locale"
  (cd "$PACKAGE" && "$PYTHON" -m asbhub.cli makemessages -l cy --no-obsolete)
fi

"$PYTHON" - "$PO" <<'PY'
import sys
from pathlib import Path

import polib

po_path = Path(sys.argv[1])
catalogue = polib.pofile(str(po_path))
catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
entries = [e for e in catalogue if not e.obsolete]
untranslated = [e for e in entries if not e.translated() and "fuzzy" not in e.flags]
fuzzy = [e for e in entries if "fuzzy" in e.flags]
print(
    f"{po_path.with_suffix('.mo').relative_to(Path.cwd()) if po_path.is_relative_to(Path.cwd()) else po_path.with_suffix('.mo')}: "
    f"{len(entries) - len(untranslated) - len(fuzzy)} translated, "
    f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy"
)
for entry in untranslated + fuzzy:
    print(f"  to translate: {entry.msgid[:70]!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})")
PY
