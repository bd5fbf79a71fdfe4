"""Qt user interface: main window, screens, widgets and charts. Data comes from kiosk.data."""

from kiosk.ui.feature_scan import answer_feature_scan

answer_feature_scan()  # before the UI's own imports: see feature_scan
