"""`asbhub screen FILE`: narratives in (plain lines or JSON Lines), JSON Lines out."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> list[dict]:
    out = StringIO()
    call_command("screen", *args, stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_screens_plain_lines(tmp_path: Path) -> None:
    source = tmp_path / "narratives.txt"
    source.write_text(
        "Neighbour punched IP in the face\n\nLoud music next door until 3am\n", encoding="utf-8"
    )
    rows = run(str(source))
    assert [row["id"] for row in rows] == [1, 2]
    assert [o["group"] for o in rows[0]["offences"]] == ["assault"]
    assert rows[0]["offences"][0]["classification"] == "105A"
    assert rows[0]["offences"][0]["evidence"][0]["text"] == "punched IP"
    assert 0 < rows[0]["offences"][0]["confidence"] <= 1
    assert rows[1]["offences"] == []


def test_it_keeps_the_ids_of_json_lines(tmp_path: Path) -> None:
    source = tmp_path / "narratives.jsonl"
    source.write_text(
        json.dumps({"id": "GW-1", "text": "He keyed her car"})
        + "\n"
        + json.dumps({"text": "Kids playing football"})
        + "\n",
        encoding="utf-8",
    )
    rows = run(str(source))
    assert rows[0]["id"] == "GW-1"
    assert rows[0]["offences"][0]["group"] == "criminal_damage"
    assert rows[0]["offences"][0]["classification"] == "58C"
    assert rows[1]["id"] == 2


def test_it_writes_to_a_file_with_out(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("He threatened to kill her\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert run(str(source), "--out", str(target)) == []
    row = json.loads(target.read_text(encoding="utf-8"))
    assert row["offences"][0]["group"] == "threats_to_kill"


def test_a_json_line_without_text_is_refused_with_its_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": "ok"}\n{"id": 2}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        run(str(source))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "nope.txt"))
