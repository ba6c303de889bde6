import sys

from sim.cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # e.g. `python -m sim programs | head`
    sys.exit(0)
