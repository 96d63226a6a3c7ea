"""`python -m followup_desktop`: the same as the `followup-desktop` command."""

import sys

from followup_desktop.launch import main

if __name__ == "__main__":
    sys.exit(main())
