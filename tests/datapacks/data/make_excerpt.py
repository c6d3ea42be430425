"""Rebuild the police.uk excerpt the data pack tests use (run from the repository root).

Keeps real lines unchanged: the header and every 40th data line of each street file for
the nine months a three-month pack to December 2024 reads (October to December 2024, the
three months before, and the same three months of 2023), plus, from the outcomes files
of October to December 2024, every outcome line of a crime kept from those months.

    python tests/datapacks/data/make_excerpt.py /work/shared/data/policeuk/gwent
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

MONTHS = [
    "2023-10",
    "2023-11",
    "2023-12",
    "2024-07",
    "2024-08",
    "2024-09",
    "2024-10",
    "2024-11",
    "2024-12",
]
CURRENT = MONTHS[-3:]
STEP = 40
OUT = Path(__file__).resolve().parent / "policeuk"


def main(source: Path) -> None:
    """Write the excerpt files into tests/datapacks/data/policeuk/."""
    OUT.mkdir(exist_ok=True)
    kept_ids: set[str] = set()
    for month in MONTHS:
        lines = (source / f"{month}-gwent-street.csv").read_text(encoding="utf-8").splitlines(True)
        kept = [lines[0]] + lines[1::STEP]
        (OUT / f"{month}-gwent-street.csv").write_text("".join(kept), encoding="utf-8")
        if month in CURRENT:
            for row in csv.DictReader(io.StringIO("".join(kept))):
                if row["Crime ID"]:
                    kept_ids.add(row["Crime ID"])
    for month in CURRENT:
        lines = (
            (source / f"{month}-gwent-outcomes.csv").read_text(encoding="utf-8").splitlines(True)
        )
        kept = [lines[0]] + [line for line in lines[1:] if line.split(",", 1)[0] in kept_ids]
        (OUT / f"{month}-gwent-outcomes.csv").write_text("".join(kept), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
