"""The app's Welsh catalogue: complete, not fuzzy, compiled, placeholders kept."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

import asbhub.problem_solving
from asbhub.problem_solving.choices import PlanStatus, Rag

CATALOGUE = Path(asbhub.problem_solving.__file__).parent / "locale" / "cy" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdif]")


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_every_message_is_translated_and_none_is_fuzzy(po):
    live = [entry for entry in po if not entry.obsolete]
    assert len(live) > 300
    assert [e.msgid for e in live if not e.translated()] == []
    assert [e.msgid for e in live if "fuzzy" in e.flags] == []
    assert not po.metadata_is_fuzzy


def test_the_compiled_catalogue_matches_the_source(po):
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    assert {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo if e.msgid} == {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in po if e.msgid and not e.obsolete
    }


def test_translations_keep_every_placeholder(po):
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        outputs = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for output in outputs:
            assert sorted(PLACEHOLDER.findall(output)) == wanted, entry.msgid


def test_choices_read_in_welsh():
    with translation.override("cy"):
        assert str(PlanStatus.OPEN.label) == "Ar agor"
        assert str(Rag.AMBER.label) == "Ambr"
