"""Entry point for ``python -m compendium``."""

import sys

from compendium.cli import main

sys.exit(main())
