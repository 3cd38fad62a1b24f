"""`python -m d5site ...`: the same as the `d5site` command."""

import sys

from d5site.cli.main import main

sys.exit(main())
