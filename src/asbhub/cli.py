"""The `asbhub` command: Django's manage.py with our settings and friendlier names.

Command names may use hyphens (`asbhub import-policeuk`); they map to the management
commands' underscored names. `asbhub check` runs Django's deployment checks under
production settings and fails on any warning.
"""

from __future__ import annotations

import os
import sys


def _translate(argv: list[str]) -> list[str]:
    """Map `import-policeuk` to `import_policeuk`, and `check` to a strict deploy check."""
    if len(argv) < 2 or argv[1].startswith("-"):
        return argv
    command = argv[1].replace("-", "_")
    rest = argv[2:]
    if command == "check":
        os.environ.setdefault("ASBHUB_ENV", "production")
        if "--deploy" not in rest:
            rest = ["--deploy", *rest]
        if "--fail-level" not in rest:
            rest = [*rest, "--fail-level", "WARNING"]
    return [argv[0], command, *rest]


def main(argv: list[str] | None = None) -> None:
    """Run an ASB Hub management command."""
    argv = _translate(list(sys.argv if argv is None else argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asbhub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
