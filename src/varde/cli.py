"""The ``varde`` console script: Django's management commands under one name.

``varde demo``, ``varde calc sentence``, ``varde token create alice`` ... run with the
project's settings, whatever the current directory.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "varde.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["varde", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
