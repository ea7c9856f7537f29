#!/usr/bin/env python
import sys

from parkops.cli import main

if __name__ == "__main__":
    sys.argv[0] = "manage.py"
    main()
