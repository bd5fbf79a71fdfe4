"""`python -m kiosk.admin …`: the staff command line."""

from kiosk.admin.cli import main

raise SystemExit(main())
