"""Stand-in for PySide6.QtOpenGLWidgets in the bundle: pyqtgraph subclasses QOpenGLWidget at import and
tests isinstance() against it when it paints; the kiosk never turns pyqtgraph's OpenGL on."""

from PySide6.QtWidgets import QWidget


class QOpenGLWidget(QWidget):
    """Never made in the kiosk: a pyqtgraph OpenGL viewport (useOpenGL) fails here, loudly."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("QOpenGLWidget: OpenGL is not in the kiosk bundle (build.spec)")


def __getattr__(name: str):
    raise AttributeError(f"PySide6.QtOpenGLWidgets.{name}: OpenGL is not in the kiosk bundle (build.spec)")
