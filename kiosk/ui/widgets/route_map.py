"""The offline map of Jinshan from the bundled vector data: outline, towns, railway and one route.

Everything is drawn with QPainter from assets/geo (no tiles, no network). Coordinates are projected to
kilometres around the district's centre; the view is that projection times a scale, plus a pan.

Painting is cached: the geometry is projected once into kilometre space (a QPainterPath and
QPolygonFs) and the view is applied as a QTransform in C++, so no paint walks the ~42k outline
vertices in Python. The static layers (outline, railway, stations) are kept as a pixmap per view (the
last few views: a route's notes change the map's height), and the whole map as a second pixmap per view
and content; at the whole-district view the last few of those are kept too, so opening a route seen a
moment ago is one blit.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QPinchGesture, QPushButton, QWidget

from kiosk.config import GEO_DIR
from kiosk.data.content import Text
from kiosk.i18n import language, tr
from kiosk.ui import resources

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320
TOWN_HALO_KM = 2.0  # a town-level location: "somewhere around here", drawn as a dashed ring
SAME_PLACE_KM = 0.15  # stops closer than this share one point and are fanned out around it

# Colours: the route in a strong orange-red that reads on the pale land; markers in white/accent.
ROUTE_COLOUR = QColor("#c2410c")
LAND = QColor("#fbfaf5")
OUTSIDE = QColor("#dfe6ec")
BORDER = QColor("#3b4a57")
TOWN_COLOUR = QColor("#4a5560")
RAIL_COLOUR = QColor("#262626")
HERE_COLOUR = QColor("#0b5cad")


@dataclass(frozen=True)
class Station:
    name: Text
    lon: float
    lat: float
    in_jinshan: bool


@dataclass(frozen=True)
class GeoData:
    """The bundled map layers in lon/lat."""

    outline: tuple[tuple[tuple[float, float], ...], ...]  # outer rings of the district's polygons
    rail_lines: tuple[tuple[bool, tuple[tuple[float, float], ...]], ...]  # (inside district, points)
    stations: tuple[Station, ...]
    outline_datum: str
    outline_source_datum: str


@lru_cache(maxsize=2)
def load_geo(geo_dir: Path = GEO_DIR) -> GeoData:
    """Read the outline and railway GeoJSON once per process."""
    outline_json = json.loads((geo_dir / "jinshan_outline.geojson").read_text(encoding="utf-8"))
    rings: list[tuple[tuple[float, float], ...]] = []
    datum = source_datum = "unknown"
    for feature in outline_json["features"]:
        props, geom = feature.get("properties", {}), feature["geometry"]
        datum = props.get("datum", datum)
        source_datum = props.get("source_datum", datum)
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            rings.append(tuple((float(x), float(y)) for x, y, *_ in polygon[0]))
    rail_json = json.loads((geo_dir / "jinshan_railway.geojson").read_text(encoding="utf-8"))
    lines, stations = [], []
    for feature in rail_json["features"]:
        props, geom = feature.get("properties", {}), feature["geometry"]
        if geom["type"] == "LineString":
            points = tuple((float(x), float(y)) for x, y, *_ in geom["coordinates"])
            lines.append((props.get("part") != "beyond_district", points))
        elif geom["type"] == "Point":
            x, y = geom["coordinates"][:2]
            stations.append(Station(Text(props.get("name_zh", ""), props.get("name_en", "")),
                                    float(x), float(y), bool(props.get("in_jinshan"))))
    return GeoData(tuple(rings), tuple(lines), tuple(stations), datum, source_datum)


class Projection:
    """lon/lat → kilometres east/south of the district's centre (equirectangular, fine at this size)."""

    def __init__(self, geo: GeoData):
        lons = [x for ring in geo.outline for x, _ in ring]
        lats = [y for ring in geo.outline for _, y in ring]
        self.lon0 = (min(lons) + max(lons)) / 2
        self.lat0 = (min(lats) + max(lats)) / 2
        self.kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(self.lat0))

    def km(self, lon: float, lat: float) -> QPointF:
        return QPointF((lon - self.lon0) * self.kx, -(lat - self.lat0) * KM_PER_DEG_LAT)


@dataclass
class MapStop:
    """A numbered route stop as the map draws it."""

    number: int
    name: Text
    km: QPointF | None  # None: no location known, listed but not drawn
    precision: str  # exact / approximate / town / unknown


@dataclass(frozen=True)
class MarkerStyle:
    """How a stop marker looks for one precision: readers must tell exact from approximate."""

    fill: QColor
    text: QColor
    pen_style: Qt.PenStyle
    halo_km: float  # radius of the dashed "somewhere here" ring (0: none)


# The static layers of every map (the route pages are kept per route: each drawing its own was ~3 MB
# a page for the same pixels), keyed by geo data, size, mode and view.
_SHARED_BASES: OrderedDict[tuple, QPixmap] = OrderedDict()

MARKER_STYLES = {
    "exact": MarkerStyle(ROUTE_COLOUR, QColor("white"), Qt.PenStyle.SolidLine, 0.0),
    "approximate": MarkerStyle(QColor("white"), ROUTE_COLOUR, Qt.PenStyle.DashLine, 0.8),
    "town": MarkerStyle(QColor("white"), ROUTE_COLOUR, Qt.PenStyle.DotLine, TOWN_HALO_KM),
}


def marker_style(precision: str | None) -> MarkerStyle:
    """Unknown precision is drawn like a town-level one (never as exact)."""
    return MARKER_STYLES.get(precision or "town", MARKER_STYLES["town"])


def polygon_path(rings, to_px=None) -> QPainterPath:
    """Closed rings as one path; to_px maps each point (None: the points as they are)."""
    path = QPainterPath()
    for ring in rings:
        points = [to_px(p) for p in ring] if to_px is not None else ring
        path.addPolygon(QPolygonF(points))  # moveTo the first point, lineTo the rest
        path.closeSubpath()
    return path


def paint_marker(painter: QPainter, centre: QPointF, radius: float, number: int | None,
                 style: MarkerStyle, font: QFont | None = None) -> None:
    """A numbered circle: filled for exact, hollow with a dashed/dotted edge otherwise."""
    pen = QPen(ROUTE_COLOUR, max(2.0, radius / 6))
    pen.setStyle(style.pen_style)
    if style.pen_style != Qt.PenStyle.SolidLine:
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(QBrush(style.fill))
    painter.drawEllipse(centre, radius, radius)
    if number is not None and font is not None:
        painter.setFont(font)
        painter.setPen(style.text)
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(number))


def fan_out(points: list[QPointF], radius_px: float) -> list[QPointF]:
    """Pixel positions for markers: stops at the same place, or so close that their markers would
    overlap, are set around their middle so none is hidden (thin leaders show where each really is)."""
    out = list(points)
    groups: list[list[int]] = []
    for i, p in enumerate(points):
        for group in groups:
            if any(math.hypot(p.x() - points[j].x(), p.y() - points[j].y()) < 2 * radius_px
                   for j in group):
                group.append(i)
                break
        else:
            groups.append([i])
    for group in groups:
        k = len(group)
        if k < 2:
            continue
        ring = 1.2 * radius_px / math.sin(math.pi / k)
        centre = QPointF(sum(points[i].x() for i in group) / k, sum(points[i].y() for i in group) / k)
        for j, i in enumerate(group):
            angle = -math.pi / 2 + 2 * math.pi * j / k
            out[i] = QPointF(centre.x() + ring * math.cos(angle), centre.y() + ring * math.sin(angle))
    return out


class RouteMap(QWidget):
    """The interactive map: +/− buttons zoom, a drag pans, reset_view() shows the whole district."""

    view_changed = Signal()
    ZOOM_STEP = 1.5
    MAX_ZOOM = ZOOM_STEP ** 5
    BASES_KEPT = 3  # static layers, one per view, shared by every map (~3 MB each at 1920x1080)

    def __init__(self, geo: GeoData | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.geo = geo or load_geo()
        self.projection = Projection(self.geo)
        self.outline_km = [tuple(self.projection.km(*p) for p in ring) for ring in self.geo.outline]
        self.rail_km = [(inside, [self.projection.km(*p) for p in pts])
                        for inside, pts in self.geo.rail_lines]
        self.stations_km = [(s, self.projection.km(s.lon, s.lat)) for s in self.geo.stations]
        # Built once: the view is applied with a QTransform at paint time (no per-vertex Python).
        self._outline_path = polygon_path(self.outline_km)
        self._rail_polygons = [(inside, QPolygonF(points)) for inside, points in self.rail_km]
        self._bases = _SHARED_BASES  # outside, outline, railway, stations: the same on every map
        self._frame: QPixmap | None = None  # everything, for self._frame_key
        self._frame_key: tuple | None = None
        self._content: tuple | None = None  # what is drawn (towns, stops, here); None: work it out
        self._text_sprites: dict[tuple, tuple[QPixmap, QPoint]] = {}  # see _halo_text
        self.towns: list[tuple[Text, QPointF]] = []
        self.stops: list[MapStop] = []
        self.here_km: QPointF | None = None
        self.elder = False
        self.zoom = 1.0
        self.pan = QPointF(0, 0)
        self._drag_from: QPoint | None = None
        self.drawn_labels: list[str] = []  # names the last paint found room for
        self._bounds = self._outline_bounds()
        self.setMinimumSize(320, 280)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.zoom_in_button = QPushButton("+", self)
        self.zoom_out_button = QPushButton("－", self)
        self.whole_button = QPushButton(self)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.whole_button.clicked.connect(self.reset_view)
        for button in self.buttons:
            button.setObjectName("MapButton")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.retranslate_ui()

    # -- content ------------------------------------------------------------------------------
    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return (self.zoom_in_button, self.zoom_out_button, self.whole_button)

    def _outline_bounds(self) -> QRectF:
        xs = [p.x() for ring in self.outline_km for p in ring]
        ys = [p.y() for ring in self.outline_km for p in ring]
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    def set_towns(self, towns) -> None:
        """Towns (objects with name, lat, lon) to label."""
        self.towns = [(t.name, self.projection.km(t.lon, t.lat)) for t in towns
                      if t.lat is not None and t.lon is not None]
        self._changed()

    def set_stops(self, stops: list[tuple[int, Text, float | None, float | None, str | None]]) -> None:
        """The route: (number, name, lon, lat, precision) in order."""
        self.stops = [
            MapStop(n, name, self.projection.km(lon, lat) if lon is not None and lat is not None else None,
                    precision or "unknown")
            for n, name, lon, lat, precision in stops
        ]
        bounds = self._outline_bounds()
        for stop in self.stops:
            if stop.km is not None:
                bounds = bounds.united(QRectF(stop.km.x() - 1, stop.km.y() - 1, 2, 2))
        self._bounds = bounds
        self._changed()

    def set_here(self, lon: float | None, lat: float | None) -> None:
        """The kiosk's own location ("you are here"), or None."""
        self.here_km = self.projection.km(lon, lat) if lon is not None and lat is not None else None
        self._changed()

    def set_elder(self, on: bool) -> None:
        self.elder = on
        self._place_buttons()
        self._changed()

    def retranslate_ui(self) -> None:
        self.zoom_in_button.setAccessibleName(tr("Zoom in"))
        self.zoom_out_button.setAccessibleName(tr("Zoom out"))
        self.whole_button.setText(tr("Whole district"))
        self._place_buttons()
        self._changed()

    # -- view ---------------------------------------------------------------------------------
    def base_scale(self) -> float:
        margin = 24
        b = self._bounds
        return max(1e-6, min((self.width() - 2 * margin) / b.width(),
                             (self.height() - 2 * margin) / b.height()))

    def scale(self) -> float:
        """Pixels per kilometre now."""
        return self.base_scale() * self.zoom

    def _changed(self) -> None:
        self._content = None
        self.update()

    def _content_key(self) -> tuple:
        """Everything drawn besides the view: equal keys draw equal pictures (a route shown again)."""
        if self._content is None:
            def point(p: QPointF | None):
                return None if p is None else (p.x(), p.y())

            self._content = (
                tuple((name.zh, name.en, point(km)) for name, km in self.towns),
                tuple((s.number, s.name.zh, s.name.en, point(s.km), s.precision) for s in self.stops),
                point(self.here_km))
        return self._content

    def view_transform(self) -> QTransform:
        """Kilometres → pixels now: the same mapping as to_px(), for whole paths and polygons."""
        c = self._bounds.center()
        s = self.scale()
        return QTransform(s, 0, 0, s, self.width() / 2 + self.pan.x() - c.x() * s,
                          self.height() / 2 + self.pan.y() - c.y() * s)

    def to_px(self, km: QPointF) -> QPointF:
        c = self._bounds.center()
        s = self.scale()
        return QPointF(self.width() / 2 + self.pan.x() + (km.x() - c.x()) * s,
                       self.height() / 2 + self.pan.y() + (km.y() - c.y()) * s)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom so that the map point under anchor (pixels; default: the view's centre) stays put."""
        zoom = min(self.MAX_ZOOM, max(1.0, zoom))
        if anchor is None:
            anchor = QPointF(self.width() / 2, self.height() / 2)
        factor = zoom / self.zoom
        self.zoom = zoom
        # to_px(km) = centre + pan + (km - c)·s: keeping anchor fixed scales its offset from the
        # view's centre + pan by the same factor as the scale.
        cx, cy = self.width() / 2, self.height() / 2
        self.pan = QPointF(anchor.x() - cx - (anchor.x() - cx - self.pan.x()) * factor,
                           anchor.y() - cy - (anchor.y() - cy - self.pan.y()) * factor)
        self._clamp_pan()
        self._after_view_change()

    def route_middle(self) -> QPointF | None:
        """The middle of the route's located stops (kilometres), or None without any."""
        located = [s.km for s in self.stops if s.km is not None]
        if not located:
            return None
        xs, ys = [k.x() for k in located], [k.y() for k in located]
        return QPointF((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)

    def zoom_on_route(self, zoom: float) -> None:
        """The +/− buttons: zoom about the route, not the district's centre. Closer than the whole
        district, the route's middle is brought to the middle of the view so the route stays in it;
        at the widest the whole district is shown again."""
        middle = self.route_middle()
        zoom = min(self.MAX_ZOOM, max(1.0, zoom))
        if middle is None:
            self.set_zoom(zoom)
            return
        self.zoom = zoom
        c, s = self._bounds.center(), self.scale()
        self.pan = QPointF(0, 0) if zoom <= 1.0 + 1e-9 else QPointF(-(middle.x() - c.x()) * s,
                                                                   -(middle.y() - c.y()) * s)
        self._clamp_pan()
        self._after_view_change()

    def zoom_in(self) -> None:
        self.zoom_on_route(self.zoom * self.ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_on_route(self.zoom / self.ZOOM_STEP)

    def reset_view(self) -> None:
        self.zoom = 1.0
        self.pan = QPointF(0, 0)
        self._after_view_change()

    def pan_by(self, dx: float, dy: float) -> None:
        self.pan = QPointF(self.pan.x() + dx, self.pan.y() + dy)
        self._clamp_pan()
        self._after_view_change()

    def _clamp_pan(self) -> None:
        """Never lose the district: its centre stays within its own drawn size of the view centre."""
        s = self.scale()
        lim_x = self._bounds.width() * s / 2
        lim_y = self._bounds.height() * s / 2
        self.pan = QPointF(min(lim_x, max(-lim_x, self.pan.x())), min(lim_y, max(-lim_y, self.pan.y())))

    def _after_view_change(self) -> None:
        self.zoom_in_button.setEnabled(self.zoom < self.MAX_ZOOM - 1e-9)
        self.zoom_out_button.setEnabled(self.zoom > 1.0 + 1e-9)
        self.update()
        self.view_changed.emit()

    # -- touch --------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position().toPoint()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._drag_from is not None:
            now = event.position().toPoint()
            self.pan_by(now.x() - self._drag_from.x(), now.y() - self._drag_from.y())
            self._drag_from = now

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._drag_from = None

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A double tap zooms in about the tapped point."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.set_zoom(self.zoom * self.ZOOM_STEP, event.position())

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A wheel or touchpad pinch (sent as wheel steps) zooms about the pointer."""
        steps = event.angleDelta().y() / 120
        if steps:
            self.set_zoom(self.zoom * self.ZOOM_STEP ** (steps / 2), event.position())
        event.accept()

    def event(self, event) -> bool:
        """Two-finger pinch on a touch screen: zoom about the point between the fingers."""
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                factor = pinch.scaleFactor()
                if factor and factor != 1.0:
                    centre = self.mapFromGlobal(pinch.centerPoint().toPoint())
                    self.set_zoom(self.zoom * factor, QPointF(centre))
                event.accept(pinch)
                return True
        return super().event(event)

    # -- sizes --------------------------------------------------------------------------------
    def marker_radius(self) -> float:
        return 26.0 if self.elder else 20.0

    def _font(self, px: int, bold: bool = False) -> QFont:
        font = QFont(resources.load_fonts())
        font.setPixelSize(round(px * (resources.ELDER_SCALE if self.elder else 1.0)))
        font.setBold(bold)
        return font

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._place_buttons()
        self._clamp_pan()
        super().resizeEvent(event)

    def _place_buttons(self) -> None:
        """+/− top right, "whole district" bottom right; sizes follow elder mode (touch targets)."""
        side = resources.sizes(self.elder)["target"]
        gap = 12
        big = round(34 * (resources.ELDER_SCALE if self.elder else 1.0))
        style = f"font-size: {big}px; font-weight: bold; padding: 0;"
        for button in (self.zoom_in_button, self.zoom_out_button):
            if button.styleSheet() != style:  # a new sheet re-polishes the button: only on a change
                button.setStyleSheet(style)
        x = self.width() - side - gap
        self.zoom_in_button.setGeometry(x, gap, side, side)
        self.zoom_out_button.setGeometry(x, gap * 2 + side, side, side)
        self.whole_button.ensurePolished()
        width = max(side, self.whole_button.sizeHint().width())
        self.whole_button.setGeometry(self.width() - width - gap, self.height() - side - gap, width, side)
        # labels keep clear of the buttons: their places are part of the frame's key

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._place_buttons()
        super().changeEvent(event)

    # -- model for tests and the painter --------------------------------------------------------
    def stop_points(self) -> list[tuple[MapStop, QPointF]]:
        """Every located stop with the pixel position its numbered marker is drawn at."""
        located = [s for s in self.stops if s.km is not None]
        positions = fan_out([self.to_px(s.km) for s in located], self.marker_radius())
        return list(zip(located, positions, strict=True))

    def shared_points(self) -> list[list[int]]:
        """Numbers of the stops that share one point (usually a town centre), in groups of two or more:
        the map fans their markers out around it and the screen says so."""
        groups: list[list[MapStop]] = []
        for stop in self.stops:
            if stop.km is None:
                continue
            group = next((g for g in groups if _close(g[0].km, stop.km)), None)
            if group is None:
                groups.append([stop])
            else:
                group.append(stop)
        return [[s.number for s in g] for g in groups if len(g) > 1]

    def outline_px(self) -> list[list[QPointF]]:
        view = self.view_transform()
        return [list(view.map(QPolygonF(ring))) for ring in self.outline_km]

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._frame_pixmap())
        painter.end()

    def _pixmap(self, old: QPixmap | None) -> QPixmap:
        dpr = self.devicePixelRatioF()
        size = QSize(round(self.width() * dpr), round(self.height() * dpr))
        if old is None or old.size() != size or old.devicePixelRatio() != dpr:
            old = QPixmap(size)
            old.setDevicePixelRatio(dpr)
        return old

    def _frame_pixmap(self) -> QPixmap:
        """The whole map for the current view and content, drawn again only when either changed."""
        key = (self._content_key(), tuple(b.geometry().getRect() for b in self.buttons), language(),
               self.width(), self.height(), self.devicePixelRatioF(), self.zoom, self.pan.x(),
               self.pan.y(), self.elder)
        if self._frame is not None and key == self._frame_key:
            return self._frame
        self._frame = self._pixmap(self._frame)  # the last picture's memory is reused
        self._frame_key = key
        painter = QPainter(self._frame)
        painter.drawPixmap(0, 0, self._base_pixmap())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_towns(painter)
        self._paint_here(painter)  # under the stops: a stop at the kiosk's own town stays visible
        self._paint_route(painter)
        self._paint_labels(painter)
        painter.end()
        if self.zoom == 1.0 and self.pan.isNull():
            # the whole district is the picture a kept page holds while hidden: its pixels only, not
            # the engine that drew them; a zoomed or panned view is drawn anew at each step (a ~3 MB
            # copy per step would add to every pinch); the page's idle reset returns it to the whole
            self._frame = without_paint_engine(self._frame)
        return self._frame

    def _base_pixmap(self) -> QPixmap:
        """Outside, outline, railway and stations: depend only on the view (not route or language).
        The last few views are kept: a route's notes below the map change its height by a line."""
        view = self.view_transform()
        key = (id(self.geo), self.width(), self.height(), self.devicePixelRatioF(), self.elder,
               view.m11(), view.dx(), view.dy())
        base = self._bases.get(key)
        if base is not None:
            self._bases.move_to_end(key)
            return base
        old = self._bases.popitem(last=False)[1] if len(self._bases) >= self.BASES_KEPT else None
        base = self._bases[key] = self._pixmap(old)
        painter = QPainter(base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), OUTSIDE)
        self._paint_outline(painter, view)
        self._paint_railway(painter, view)
        painter.end()
        return base

    def _paint_outline(self, painter: QPainter, view: QTransform) -> None:
        painter.setPen(QPen(BORDER, 3 if self.elder else 2.5))
        painter.setBrush(LAND)
        painter.drawPath(view.map(self._outline_path))

    def _paint_railway(self, painter: QPainter, view: QTransform) -> None:
        width = 7.0 if self.elder else 6.0
        for inside, polygon in self._rail_polygons:
            px = view.map(polygon)
            colour = RAIL_COLOUR if inside else QColor("#7a8590")
            painter.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            painter.drawPolyline(px)
            dashes = QPen(QColor("white"), width - 3, Qt.PenStyle.CustomDashLine, Qt.PenCapStyle.FlatCap)
            dashes.setDashPattern([2, 2])
            painter.setPen(dashes)
            painter.drawPolyline(px)
        side = 12.0
        painter.setPen(QPen(RAIL_COLOUR, 2.5))
        painter.setBrush(QColor("white"))
        for _station, km in self.stations_km:
            p = self.to_px(km)
            painter.drawRect(QRectF(p.x() - side / 2, p.y() - side / 2, side, side))

    def _paint_towns(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TOWN_COLOUR)
        for _name, km in self.towns:
            painter.drawEllipse(self.to_px(km), 4, 4)

    @staticmethod
    def _station_label(station: Station) -> str:
        name = station.name.get(language()).split(" (")[0].removesuffix("站")
        return tr("{station} station").format(station=name)

    def _paint_labels(self, painter: QPainter) -> None:
        """Station and town names where they fit: never over a stop marker, a button or each other."""
        r = self.marker_radius() + 2
        taken = [QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r) for _, p in self.stop_points()]
        taken += [QRectF(b.geometry()) for b in self.buttons]
        if self.here_km is not None:
            h = self.to_px(self.here_km)
            taken.append(QRectF(h.x() - 30, h.y() - 30, 60 + 200, 60))
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        self.drawn_labels: list[str] = []

        def place(text: str, p: QPointF, font: QFont, colour: QColor, gap: float, order: str) -> None:
            metrics = QFontMetricsF(font)
            w, h = metrics.horizontalAdvance(text), metrics.height()
            spots = {
                "below": QRectF(p.x() - w / 2, p.y() + gap, w, h),
                "above": QRectF(p.x() - w / 2, p.y() - gap - h, w, h),
                "right": QRectF(p.x() + gap, p.y() - h / 2, w, h),
                "left": QRectF(p.x() - gap - w, p.y() - h / 2, w, h),
            }
            for key in order.split():
                box = spots[key]
                if area.contains(box) and not any(box.intersects(t) for t in taken):
                    taken.append(box.adjusted(-4, -2, 4, 2))
                    painter.setFont(font)
                    self._halo_text(painter, QPointF(box.left(), box.top() + metrics.ascent()), text, colour)
                    self.drawn_labels.append(text)
                    return

        station_font = self._font(18)
        for station, km in self.stations_km:
            if station.in_jinshan:
                place(self._station_label(station), self.to_px(km), station_font, RAIL_COLOUR, 10,
                      "right left below above")
        town_font = self._font(20, bold=True)
        for name, km in self.towns:
            place(name.get(language()), self.to_px(km), town_font, TOWN_COLOUR, 8,
                  "below above right left")

    def _halo_text(self, painter: QPainter, at: QPointF, text: str, colour: QColor) -> None:
        """Text with a white outline so it reads over lines and the border.

        Stroking glyph outlines is the dearest part of a map paint, so each label is drawn once into
        a small transparent sprite (per text, font, colour and sub-pixel offset) and blitted.
        """
        dpr = painter.device().devicePixelRatioF()
        ix, iy = math.floor(at.x()), math.floor(at.y())
        qx, qy = round(at.x() - ix, 3), round(at.y() - iy, 3)  # a drag (whole pixels) reuses it
        font = painter.font()
        key = (text, font.key(), colour.rgba(), dpr, qx, qy)
        sprite = self._text_sprites.get(key)
        if sprite is None:
            if len(self._text_sprites) > 400:
                self._text_sprites.clear()
            sprite = self._text_sprites[key] = _halo_sprite(QPointF(qx, qy), font, text, colour, dpr)
        pixmap, offset = sprite
        painter.drawPixmap(QPointF(ix + offset.x(), iy + offset.y()), pixmap)

    def _paint_route(self, painter: QPainter) -> None:
        placed = self.stop_points()
        if not placed:
            return
        scale = self.scale()
        # "Somewhere around here" rings for approximate and town-level locations, one per place.
        seen: list[QPointF] = []
        for stop, _ in placed:
            style = marker_style(stop.precision)
            if not style.halo_km or any(_close(stop.km, q) for q in seen):
                continue
            seen.append(stop.km)
            pen = QPen(ROUTE_COLOUR, 2.0, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(QColor(194, 65, 12, 28))
            r = style.halo_km * scale
            painter.drawEllipse(self.to_px(stop.km), r, r)
        line = QPen(ROUTE_COLOUR, 7 if self.elder else 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin)
        painter.setPen(line)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline([p for _, p in placed])
        # Thin leaders from fanned-out markers back to the shared point.
        painter.setPen(QPen(ROUTE_COLOUR, 2))
        for stop, p in placed:
            true = self.to_px(stop.km)
            if math.hypot(true.x() - p.x(), true.y() - p.y()) > 1:
                painter.drawLine(true, p)
        font = self._font(22, bold=True)
        radius = self.marker_radius()
        for stop, p in placed:
            paint_marker(painter, p, radius, stop.number or None, marker_style(stop.precision), font)

    def _paint_here(self, painter: QPainter) -> None:
        if self.here_km is None:
            return
        p = self.to_px(self.here_km)
        r = 14 if self.elder else 11
        painter.setPen(QPen(QColor("white"), 4))
        painter.setBrush(HERE_COLOUR)
        painter.drawEllipse(p, r, r)
        painter.setPen(QPen(HERE_COLOUR, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(p, r * 2, r * 2)
        painter.setFont(self._font(22, bold=True))
        self._halo_text(painter, QPointF(p.x() + r * 2 + 6, p.y() + r), tr("You are here"), HERE_COLOUR)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(900, 640)


def without_paint_engine(pixmap: QPixmap) -> QPixmap:
    """A copy of a finished picture that is kept: the raster engine that painted a pixmap lives as long
    as the pixmap, with stroker and rasterizer buffers sized to the largest path it drew (~0.5 MB for a
    halo label's glyph outlines, ~0.25 MB for a thumbnail's district outline, against 30 and 190 kB of
    pixels); the copy has none, and the original with its engine is freed."""
    return pixmap.copy()


def _halo_sprite(at: QPointF, font: QFont, text: str, colour: QColor, dpr: float) -> tuple[QPixmap, QPoint]:
    """text at `at` with a 5 px white halo, on a transparent pixmap; and where its top left goes."""
    path = QPainterPath()
    path.addText(at, font, text)
    box = path.boundingRect().adjusted(-4, -4, 4, 4)  # the halo pen's half width and antialiasing
    left, top = math.floor(box.left()), math.floor(box.top())
    width, height = math.ceil(box.right()) - left, math.ceil(box.bottom()) - top
    pixmap = QPixmap(max(1, math.ceil(width * dpr)), max(1, math.ceil(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-left, -top)
    painter.setPen(QPen(QColor("white"), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(path)
    painter.end()
    return without_paint_engine(pixmap), QPoint(left, top)


def _close(a: QPointF, b: QPointF) -> bool:
    return math.hypot(a.x() - b.x(), a.y() - b.y()) < SAME_PLACE_KM


def route_thumbnail(geo: GeoData, points: list[tuple[float, float, str | None]], size: QSize,
                    dpr: float = 1.0) -> QPixmap:
    """A small picture of a route on the district outline: (lon, lat, precision) per stop, in order."""
    projection = Projection(geo)
    outline = [[projection.km(*p) for p in ring] for ring in geo.outline]
    route = [(projection.km(lon, lat), precision) for lon, lat, precision in points]
    xs = [p.x() for ring in outline for p in ring] + [p.x() for p, _ in route]
    ys = [p.y() for ring in outline for p in ring] + [p.y() for p, _ in route]
    margin = 8
    w, h = size.width(), size.height()
    s = min((w - 2 * margin) / (max(xs) - min(xs)), (h - 2 * margin) / (max(ys) - min(ys)))
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def to_px(km: QPointF) -> QPointF:
        return QPointF(w / 2 + (km.x() - cx) * s, h / 2 + (km.y() - cy) * s)

    pixmap = QPixmap(round(w * dpr), round(h * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(OUTSIDE)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(BORDER, 1.5))
    painter.setBrush(LAND)
    painter.drawPath(polygon_path(outline, to_px))
    for inside, pts in geo.rail_lines:
        if inside:
            painter.setPen(QPen(QColor("#7a8590"), 2))
            painter.drawPolyline([to_px(projection.km(*p)) for p in pts])
    if route:
        painter.setPen(QPen(ROUTE_COLOUR, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline([to_px(p) for p, _ in route])
        for i, (p, precision) in enumerate(route):
            style = marker_style(precision)
            radius = 7.0 if i in (0, len(route) - 1) else 5.0
            paint_marker(painter, to_px(p), radius, None, style)
    painter.end()
    return without_paint_engine(pixmap)
