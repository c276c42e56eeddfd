"""``python -m releaseplanner`` starts the desktop app (the command line tool is ``rplan``)."""

import sys

from releaseplanner.app import main

if __name__ == "__main__":
    sys.exit(main())
