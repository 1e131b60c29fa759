"""The exit codes of the ``habitnet`` command, the app's included (docs/CLI.md)."""

EXIT_OK = 0
#: Refused by a limit (only ``habitnet log``): the engine's reasons are printed.
EXIT_REFUSED = 1
EXIT_USAGE = 2
#: An error: bad input, or data habitnet cannot read or write (the same code as usage:
#: anything but "a limit said no"). The app quits with it when the data could not open.
EXIT_ERROR = 2
