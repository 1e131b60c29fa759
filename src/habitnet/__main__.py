"""``python -m habitnet``: the same as the ``habitnet`` command."""

from habitnet.entry import main

raise SystemExit(main())
