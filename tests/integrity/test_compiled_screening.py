"""The compiled screening (scripts/compile_screening.py, mypyc: the screening and its
learned second opinion) is the source, quicker.

`make` builds it before the tests run, so here it must be in use, built from the source as
it is now, and give the same output as the pure-Python source on every labelled narrative.
ASBHUB_PURE_PYTHON=1 runs the suite on the source instead (these tests then skip).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from asbhub import integrity
from asbhub.demo.narratives import sample_narratives
from asbhub.integrity import learned, screening

LABELLED = Path(__file__).resolve().parent.parent / "data" / "screening"
PURE_PYTHON = os.environ.get("ASBHUB_PURE_PYTHON", "") not in ("", "0")

needs_compiled = pytest.mark.skipif(PURE_PYTHON, reason="ASBHUB_PURE_PYTHON is set")


@needs_compiled
def test_the_screening_in_use_is_compiled_from_the_current_source() -> None:
    assert integrity.compiled_is_current(), (
        "The compiled screening is missing or older than its source: run `make compile`"
    )
    assert Path(screening.__file__).parent == integrity.COMPILED
    assert integrity.COMPILED in Path(learned.__file__).parents


def test_a_changed_source_file_makes_the_compiled_screening_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = []
    for index, path in enumerate(integrity.COMPILED_FROM):
        copy = tmp_path / f"{index}_{path.name}"
        copy.write_bytes(path.read_bytes())
        sources.append(copy)
    monkeypatch.setattr(integrity, "COMPILED_FROM", tuple(sources))
    monkeypatch.setattr(integrity, "STAMP", tmp_path / "SOURCE")
    assert not integrity.compiled_is_current()  # no build at all
    integrity.STAMP.write_text(integrity.source_stamp() + "\n", encoding="utf-8")
    assert integrity.compiled_is_current()
    sources[1].write_text(sources[1].read_text(encoding="utf-8") + "\n# changed\n")
    assert not integrity.compiled_is_current()


def _from_source(name: str):
    """A module of asbhub.integrity loaded from its source file, under a name of its own."""
    full_name = f"asbhub.integrity._{name}_source"
    path = integrity.PACKAGE / f"{name}.py"
    spec = importlib.util.spec_from_file_location(full_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[full_name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[full_name]
    assert not module.__file__.endswith(".so")
    return module


@needs_compiled
def test_the_compiled_and_the_source_screening_agree_on_every_labelled_narrative() -> None:
    source, source_model = _from_source("screening"), _from_source("learned").read_model()
    pure = source.Screener.from_file(model=source_model)
    compiled = screening.default_screener()
    assert pure.version == compiled.version
    texts = [
        json.loads(line)["text"]
        for path in sorted(LABELLED.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    texts += [text for text, _labels in sample_narratives(2026, 500)]
    differ = [
        text for text in texts if pure.screen(text).as_dict() != compiled.screen(text).as_dict()
    ]
    assert len(texts) > 10_000
    assert differ == []
