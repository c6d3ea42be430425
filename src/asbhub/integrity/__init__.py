"""Crime data integrity: the crime screening of ASB narratives and the 24-hour review.

The screening (screening.py, and learned.py, its learned second opinion) is plain Python.
`scripts/compile_screening.py` (run by `make`) also compiles both with mypyc into
`_compiled/`, which is put first on this package's path, so that `asbhub.integrity.screening`
and `.learned` are the compiled modules, only while they were built from the source files
as they are now (`COMPILED_FROM`). A stale or missing build, or
ASBHUB_PURE_PYTHON=1, leaves the source in use. Rules and vocabularies are data, read at
run time: amending them needs no new build.
"""

from __future__ import annotations

import hashlib
import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
COMPILED = PACKAGE / "_compiled"
STAMP = COMPILED / "SOURCE"
# The source files a compiled screening is built from (its own and those whose names and
# types it was compiled against). A module loaded from `_compiled/` finds its data files
# from PACKAGE, not from its `__file__`, which is not in this folder.
COMPILED_FROM = (
    PACKAGE / "screening.py",
    PACKAGE / "learned.py",
    PACKAGE / "trie.py",
    PACKAGE.parent / "core" / "offences.py",
)


def source_stamp() -> str:
    """A hash of the source files the compiled screening is built from, and of the kind of
    extension module this Python loads (a build for another Python is stale)."""
    digest = hashlib.sha256(EXTENSION_SUFFIXES[0].encode())
    for path in COMPILED_FROM:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def compiled_is_current() -> bool:
    """Whether `_compiled/` holds a build of the source files as they are now."""
    try:
        return STAMP.read_text(encoding="utf-8").strip() == source_stamp()
    except OSError:
        return False


if os.environ.get("ASBHUB_PURE_PYTHON", "") in ("", "0") and compiled_is_current():
    __path__.insert(0, str(COMPILED))
