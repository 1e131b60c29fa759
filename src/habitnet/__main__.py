"""``python -m habitnet``: the same as the ``habitnet`` command."""

from habitnet.cli import main

raise SystemExit(main())
