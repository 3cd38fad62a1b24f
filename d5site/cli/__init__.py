"""The `d5site` command line: `main` parses arguments and runs one command, never with a traceback."""

from d5site.cli.main import main, main_exit

__all__ = ["main", "main_exit"]
