"""Entry point of the Jinshan Citizen Kiosk (see README.md)."""

import gc

# No cyclic garbage collection while the kiosk starts: its imports, Qt's enums and the first screen
# make ~100,000 objects, and the collector walked them again and again before the first frame (~5-10 ms
# of ~150 ms of CPU). kiosk.app turns it back on: after the first frame, or at once for the tools.
gc.disable()

from kiosk.app import run  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(run())
