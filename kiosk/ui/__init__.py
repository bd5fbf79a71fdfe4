"""Qt user interface: main window, screens, widgets and charts. Data comes from kiosk.data."""
