"""Screen narratives from a file for likely crimes and write JSON Lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from asbhub.integrity import screening


def read_narratives(handle: TextIO) -> list[tuple[Any, str]]:
    """(id, text) pairs from plain lines or JSON Lines objects with `text` and optional `id`.

    A line that starts with "{" is read as JSON; any other non-blank line is one narrative.
    Raises ValueError naming the line number of a JSON line without a `text`.
    """
    rows: list[tuple[Any, str]] = []
    for number, line in enumerate(handle, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("{"):
            try:
                record = json.loads(stripped)
            except json.JSONDecodeError as error:
                raise ValueError(f"line {number}: not valid JSON ({error.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"line {number}: a JSON line needs a text field")
            rows.append((record.get("id"), record["text"]))
        else:
            rows.append((None, stripped))
    return rows


class Command(BaseCommand):
    help = (
        "Screen ASB narratives for likely crimes. FILE holds one narrative per line, or JSON "
        "Lines with a `text` field and an optional `id` ('-' reads standard input). Writes "
        "JSON Lines: id, offences (group, classification, evidence, confidence)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Narratives: plain lines or JSON Lines; '-' for stdin.")
        parser.add_argument("--out", help="Write here instead of standard output.")

    def handle(self, *args: Any, file: str, out: str | None, **options: Any) -> None:
        try:
            if file == "-":
                rows = read_narratives(sys.stdin)
            else:
                with Path(file).open(encoding="utf-8") as handle:
                    rows = read_narratives(handle)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from None
        if out:
            with Path(out).open("w", encoding="utf-8") as handle:
                self._write(rows, handle)
        else:
            self._write(rows, self.stdout)
        if out:
            self.stderr.write(f"Done: {len(rows)} narratives screened, written to {out}.")

    def _write(self, rows: list[tuple[Any, str]], target: Any) -> None:
        """Write one JSON line per narrative: its id and the offences found."""
        for number, (row_id, text) in enumerate(rows, start=1):
            result = screening.screen(text)
            record = {
                "id": row_id if row_id is not None else number,
                "describes_crime": result.describes_crime,
                "offences": [
                    {
                        "group": offence.group,
                        "classification": offence.classification,
                        "classification_confirmed": offence.classification_confirmed,
                        "confidence": offence.confidence,
                        "evidence": [item.as_dict() for item in offence.evidence],
                        "qualifiers": list(offence.qualifiers),
                    }
                    for offence in result
                ],
            }
            target.write(json.dumps(record, ensure_ascii=False) + "\n")
