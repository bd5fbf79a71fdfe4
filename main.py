"""Entry point of the Jinshan Citizen Kiosk (see README.md)."""

from kiosk.app import run

if __name__ == "__main__":
    raise SystemExit(run())
