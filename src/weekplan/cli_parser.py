"""argparse's parser for the `weekplan` command line, asking the terminal's width only
when it writes help, usage or an error.

argparse makes a help formatter for every argument it adds (to check the argument's
metavar) and for every group of subcommands, and its own formatter asks for the
terminal's width as it is made: `shutil.get_terminal_size`, and importing `shutil`
brings `bz2`, `lzma` and `fnmatch` with it.  That was the largest import of `weekplan
show --json` and `weekplan sync`, which never write help.  The formatter here is
argparse's own, made with a width it never uses until it writes; then it takes the
width argparse's own would have, asked the same way, so help wraps as it always did.
Subcommands' parsers are of the same class (argparse makes them of the class of
their parent), so every parser of the command line asks late.

Plain Python, no Textual; imported only when there is a command line to read.
"""

from __future__ import annotations

import argparse


class LateWidthFormatter(argparse.HelpFormatter):
    """argparse.HelpFormatter, with the terminal's width asked when it writes."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        # The width argparse checks metavars with is never written: any will do.
        super().__init__(prog, indent_increment, max_help_position, width=80 if width is None else width)
        self._asked = (indent_increment, max_help_position, width)

    def format_help(self) -> str:
        own = argparse.HelpFormatter(self._prog, *self._asked)  # asks the terminal, as argparse does
        self._width, self._max_help_position = own._width, own._max_help_position
        return super().format_help()


class CommandLineParser(argparse.ArgumentParser):
    """argparse.ArgumentParser with LateWidthFormatter unless told otherwise."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", LateWidthFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
