#!/usr/bin/env bash
# Refresh the Welsh catalogues and compile them.
#
# 1. `asbhub makemessages -l cy`, run from src/asbhub so it collects every string of the
#    package. Each string goes to the nearest locale/ folder above its file: an app with its
#    own src/asbhub/<app>/locale/ keeps its own catalogue, the rest go to
#    src/asbhub/locale/cy/LC_MESSAGES/django.po. New strings arrive empty and changed ones
#    are marked fuzzy: translate them, then rerun this script.
#    makemessages needs GNU gettext's xgettext, msguniq, msgmerge and msgattrib
#    (`apt-get install gettext`); without them, pass --compile-only.
# 2. Compile every Welsh django.po in the package to its django.mo with polib (pure Python).
#    Django's compilemessages would need gettext's msgfmt, which a fresh machine may lack;
#    polib writes the same GNU .mo format and, like msgfmt, leaves out untranslated, fuzzy
#    and obsolete entries.
#
# The compiled .mo files are committed, so the app runs in Welsh without gettext installed;
# tests/core/test_translations.py fails when a .mo and its .po disagree or a message is
# untranslated or fuzzy.
#
# Usage: scripts/update_translations.sh [--compile-only]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PACKAGE="$ROOT/src/asbhub"

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

"$PYTHON" - "$PACKAGE" <<'PY'
import sys
from pathlib import Path

import polib

package = Path(sys.argv[1])
for po_path in sorted(package.glob("**/locale/cy/LC_MESSAGES/django.po")):
    catalogue = polib.pofile(str(po_path))
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    entries = [e for e in catalogue if not e.obsolete]
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    untranslated = [e for e in entries if not e.translated() and "fuzzy" not in e.flags]
    done = len(entries) - len(untranslated) - len(fuzzy)
    print(
        f"{mo_path.relative_to(package.parent.parent)}: {done} translated, "
        f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy"
    )
    for entry in untranslated + fuzzy:
        where = entry.occurrences[0][0] if entry.occurrences else "?"
        print(f"  to translate: {entry.msgid[:70]!r} ({where})")
PY
