"""Jinshan Citizen Kiosk: the district plan, elderly care, sports and tourism for residents."""

__version__ = "0.1.0"
