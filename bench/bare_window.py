"""The floor for start-up: a bare PySide6 window (a QMainWindow with one QLabel), shown full screen."""

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("金山 Jinshan"))
window.showFullScreen()
sys.exit(app.exec())
