"""Compile the crime screening (src/asbhub/integrity/screening.py, and learned.py, its
learned second opinion) with mypyc.

The compiled modules go to src/asbhub/integrity/_compiled/ with a stamp of the source
files they were built from; `asbhub.integrity` uses the build only while the stamp matches
those files (see its docstring). The source stays the one definition of the screening: the
compiled modules are the same code, quicker, and the tests check the two agree.

Usage: python scripts/compile_screening.py [--check | --remove]
  --check   exit 1 unless the compiled screening is built from the current source
  --remove  delete the compiled screening (the pure-Python source is then used)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from rich.console import Console

PROJECT_DIR = Path(__file__).resolve().parent.parent
SOURCE = PROJECT_DIR / "src"
sys.path.insert(0, str(SOURCE))

from asbhub import integrity  # noqa: E402 (after the path is set)

MODULES = ("asbhub/integrity/screening.py", "asbhub/integrity/learned.py")
# One shared library for both, named after the screening and kept in its package.
BUILD = f"""
from mypyc.build import mypycify
from setuptools import setup

setup(
    name="asbhub-screening",
    script_args=["build_ext", "--inplace"],
    ext_modules=mypycify({list(MODULES)!r}, group_name="asbhub.integrity.screening"),
)
"""
console = Console(stderr=True)


def compile_into(work: Path) -> list[Path]:
    """Compile the screening in a copy of the package's Python files under `work`; return
    the extension modules built (the modules and their shared mypyc library)."""
    for path in (SOURCE / "asbhub").rglob("*.py"):
        target = work / path.relative_to(SOURCE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    done = subprocess.run(  # noqa: S603 (our own interpreter, our own file)
        [sys.executable, "-c", BUILD],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        console.print(done.stdout[-4000:], done.stderr[-4000:], markup=False)
        raise SystemExit("mypyc could not compile the screening: the output is above.")
    suffix = EXTENSION_SUFFIXES[0]  # the kind this Python loads, as the stamp has it
    built = sorted((work / "asbhub" / "integrity").glob(f"*{suffix}"))
    names = {path.name.removesuffix(suffix) for path in built}
    wanted = {Path(module).stem for module in MODULES} | {"screening__mypyc"}
    if not wanted <= names:
        raise SystemExit(f"mypyc did not build {sorted(wanted - names)} ({suffix})")
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true", help="Exit 1 unless it is current.")
    action.add_argument("--remove", action="store_true", help="Delete the compiled screening.")
    args = parser.parse_args()
    if args.remove:
        shutil.rmtree(integrity.COMPILED, ignore_errors=True)
        console.print("Removed the compiled screening: the pure-Python source is in use.")
        return
    if integrity.compiled_is_current():
        console.print("The compiled screening is up to date.")
        return
    if args.check:
        raise SystemExit("The compiled screening is missing or older than its source.")
    stamp = integrity.source_stamp()
    with (
        tempfile.TemporaryDirectory(prefix="asbhub-mypyc-") as work,
        console.status("Compiling the crime screening with mypyc (about half a minute)"),
    ):
        built = compile_into(Path(work))
        shutil.rmtree(integrity.COMPILED, ignore_errors=True)
        integrity.COMPILED.mkdir()
        for path in built:
            shutil.copy2(path, integrity.COMPILED / path.name)
        # The stamp last: a build cut short is never taken for a current one.
        integrity.STAMP.write_text(stamp + "\n", encoding="utf-8")
    names = ", ".join(path.name for path in built)
    console.print(f"Compiled the crime screening: {names} in {integrity.COMPILED}")


if __name__ == "__main__":
    main()
