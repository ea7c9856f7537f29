"""The `parkops` console command: Django's management commands, with this project's settings.

`parkops import-ledger FILE --plan NAME` is `manage.py import_ledger …`: dashes are accepted for the
underscores of command names, the way the README and the issues write them.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkops.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "parkops"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
