"""`python -m d5site.cli ...`: the same as the `d5site` command."""

import sys

from d5site.cli.main import main

sys.exit(main())
