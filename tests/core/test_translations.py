"""The Welsh catalogues: complete, not fuzzy, and each committed .mo compiled from its .po.

The project catalogue is src/asbhub/locale/cy; an app may keep its own in
src/asbhub/<app>/locale/cy. Every one of them is checked. scripts/update_translations.sh
refreshes and compiles them all.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

import asbhub
from asbhub.core.choices import AccessAction, AreaStatus
from asbhub.core.roles import ROLES

PACKAGE = Path(asbhub.__file__).parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/cy/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]")


@pytest.fixture(
    scope="module",
    params=CATALOGUES,
    ids=[path.relative_to(PACKAGE).parts[0].replace("locale", "asbhub") for path in CATALOGUES],
)
def po(request: pytest.FixtureRequest) -> polib.POFile:
    return polib.pofile(str(request.param))


def _messages(catalogue: polib._BaseFile) -> dict[tuple[str | None, str], object]:
    """Map (context, msgid) to its translation(s), leaving out the header."""
    messages: dict[tuple[str | None, str], object] = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        if entry.msgid_plural:
            messages[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            messages[key] = entry.msgstr
    return messages


def test_the_project_catalogue_exists():
    assert PACKAGE / "locale" / "cy" / "LC_MESSAGES" / "django.po" in CATALOGUES


def test_no_message_is_untranslated_or_fuzzy(po):
    live = [entry for entry in po if not entry.obsolete]
    untranslated = [entry.msgid for entry in live if not entry.translated()]
    fuzzy = [entry.msgid for entry in live if "fuzzy" in entry.flags]
    assert live, "the catalogue is empty"
    assert untranslated == []
    assert fuzzy == []
    assert not po.metadata_is_fuzzy


def test_compiled_mo_matches_the_po(po):
    mo_path = Path(po.fpath).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/update_translations.sh"
    mo = polib.mofile(str(mo_path))
    assert _messages(mo) == _messages(po), "run scripts/update_translations.sh"
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


def test_translations_keep_every_placeholder(po):
    for entry in po:
        if entry.obsolete or not entry.msgid or not entry.translated():
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            # A plural's forms may leave out the count (Welsh "one" forms often do).
            forms = entry.msgstr_plural.values()
            wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
            found = set().union(*(PLACEHOLDER.findall(form) for form in forms))
            assert found <= wanted and found, entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == wanted, entry.msgid


def test_roles_and_choices_read_in_welsh():
    with translation.override("cy"):
        for role in ROLES:
            with translation.override("en"):
                english = (str(role.label), str(role.summary))
            assert (str(role.label), str(role.summary)) != english
            assert str(role.label) and str(role.summary)
        assert str(AccessAction.DISCLOSE.label) == "Datgelu i bartner"
        assert str(AreaStatus.NO_LOCATION.label) == "Dim lleoliad"
