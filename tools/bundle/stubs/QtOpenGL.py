"""Stand-in for PySide6.QtOpenGL in the bundle: pyqtgraph imports it, the kiosk never draws with OpenGL."""


def __getattr__(name: str):
    raise AttributeError(f"PySide6.QtOpenGL.{name}: OpenGL is not in the kiosk bundle (build.spec)")
