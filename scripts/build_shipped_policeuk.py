"""Build the shipped police.uk sample: Gwent, 2022-07 to 2024-12, in police.uk's archive layout.

Reads the 60 monthly CSVs from shared/data/policeuk/gwent/ (see shared/data/SOURCES.md
section 1) and writes src/asbhub/opendata/data/policeuk-gwent-2022-07-to-2024-12.zip with
members YYYY-MM/YYYY-MM-gwent-street.csv and YYYY-MM/YYYY-MM-gwent-outcomes.csv. Each
member is the source file byte for byte, deflated at level 9; member order, timestamps
and permissions are fixed, so the same sources always give the same zip.

Usage: python scripts/build_shipped_policeuk.py [--source DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = PROJECT_DIR.parent / "shared" / "data" / "policeuk" / "gwent"
DEFAULT_OUT = (
    PROJECT_DIR / "src" / "asbhub" / "opendata" / "data" / "policeuk-gwent-2022-07-to-2024-12.zip"
)
FORCE = "gwent"
FIRST = (2022, 7)
LAST = (2024, 12)
KINDS = ("street", "outcomes")
TIMESTAMP = (2025, 1, 1, 0, 0, 0)


def months(first: tuple[int, int], last: tuple[int, int]) -> list[str]:
    """Every month from first to last inclusive, as YYYY-MM."""
    year, month = first
    result = []
    while (year, month) <= last:
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def build(source: Path, out: Path) -> int:
    """Write the archive; return the number of members."""
    members = []
    for month in months(FIRST, LAST):
        for kind in KINDS:
            name = f"{month}-{FORCE}-{kind}.csv"
            path = source / name
            if not path.is_file():
                raise SystemExit(f"missing {path}")
            members.append((f"{month}/{name}", path.read_bytes()))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for member, data in members:
            info = zipfile.ZipInfo(member, date_time=TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    with zipfile.ZipFile(partial) as archive:
        for member, data in members:
            if archive.read(member) != data:
                raise SystemExit(f"{member} does not read back byte for byte")
    partial.replace(out)
    return len(members)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and build the archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    count = build(args.source, args.out)
    size = args.out.stat().st_size
    print(f"Wrote {args.out} ({count} files, {size / 1_048_576:.1f} MiB)")


if __name__ == "__main__":
    sys.exit(main())
