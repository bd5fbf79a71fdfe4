"""Tourism routes on real widgets: list, map model, zoom/pan, precision styles, QR, languages, desk mode."""

from __future__ import annotations

import gc
import sys

import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QApplication

from kiosk.data.itinerary import MAX_QR_BYTES, itinerary_text
from kiosk.i18n import set_language
from tests.uitools import clipped, tap, visible_texts, wrong_language


def open_route(kiosk, route_id):
    kiosk.window.show_screen("route", route_id)
    return kiosk.window.screens["route"]


def decode(image: QImage) -> str:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = gray.width(), gray.height()
    data = np.frombuffer(gray.constBits(), dtype=np.uint8).reshape(height, gray.bytesPerLine())[:, :width]
    results = zxingcpp.read_barcodes(np.ascontiguousarray(data))
    assert len(results) == 1, "exactly one QR code expected"
    return results[0].text


# -- data layer -------------------------------------------------------------------------------------
def test_every_route_has_stops_in_order(content):
    routes = content.routes()
    ids = [r.id for r in routes]
    for wanted in ("south_line", "central_line", "north_line", "g320_corridor"):
        assert wanted in ids
    for route in routes:
        assert route.stops, route.id
        assert [s.seq for s in route.stops] == sorted(s.seq for s in route.stops)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_itinerary_fits_the_cap_and_keeps_every_stop_name(content, lang):
    set_language(lang)
    try:
        for route in content.routes():
            text = itinerary_text(route, lang)
            assert len(text.encode("utf-8")) <= MAX_QR_BYTES, (route.id, len(text.encode("utf-8")))
            assert route.name.get(lang) in text
            for stop in route.stops:
                assert f"{stop.seq}. {stop.poi.name.get(lang)}" in text
    finally:
        set_language("zh_CN")


def test_itinerary_shortens_notes_before_addresses(content):
    longest = max(content.routes(), key=lambda r: len(itinerary_text(r, "en", max_bytes=100_000)))
    full = itinerary_text(longest, "en", max_bytes=100_000)
    tight = itinerary_text(longest, "en", max_bytes=len(full.encode()) - 20)
    assert len(tight.encode()) <= len(full.encode()) - 20
    assert all(f"{s.seq}. {s.poi.name.en}" in tight for s in longest.stops)
    squeezed = itinerary_text(longest, "en", max_bytes=10)  # impossible: only names are left
    assert "Address:" not in squeezed
    assert all(s.poi.name.en in squeezed for s in longest.stops)


# -- route list -------------------------------------------------------------------------------------
def test_route_list_has_a_card_with_picture_per_route_and_tap_opens_it(kiosk, qtbot, content):
    window = kiosk.window
    window.show_screen("routes")
    screen = window.screens["routes"]
    assert [c.route.id for c in screen.cards] == [r.id for r in content.routes()]
    for card in screen.cards:
        assert not card.picture.pixmap().isNull()
        assert card.height() >= 44
        assert card.name_label.text() == card.route.name.zh
    tap(qtbot, screen.cards[2])
    assert window.current_id == "route"
    assert window.screens["route"].route.id == screen.cards[2].route.id


# -- map ---------------------------------------------------------------------------------------------
def test_every_route_map_shows_the_outline_and_every_stop(kiosk, content):
    for route in content.routes():
        screen = open_route(kiosk, route.id)
        route_map = screen.map
        rings = route_map.outline_px()
        assert rings and max(len(r) for r in rings) > 100  # the mainland outline
        drawn = route_map.stop_points()
        assert [s.number for s, _ in drawn] == [s.seq for s in route.stops if s.poi.has_location]
        assert len(drawn) == len(route.stops)
        inside = route_map.rect().adjusted(-1, -1, 1, 1)
        for stop, point in drawn:
            assert inside.contains(point.toPoint()), (route.id, stop.number)


def test_zoom_buttons_change_the_scale_and_drag_pans(kiosk, qtbot):
    route_map = open_route(kiosk, "north_line").map
    scale = route_map.scale()
    tap(qtbot, route_map.zoom_in_button)
    assert route_map.scale() == pytest.approx(scale * route_map.ZOOM_STEP)
    tap(qtbot, route_map.zoom_out_button)
    assert route_map.scale() == pytest.approx(scale)
    assert not route_map.zoom_out_button.isEnabled()  # the whole district is the widest view
    tap(qtbot, route_map.zoom_in_button)
    before = route_map.to_px(route_map.stops[0].km)
    start = route_map.rect().center()
    qtbot.mousePress(route_map, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(route_map, start + QPoint(-20 * step, 10 * step))
    qtbot.mouseRelease(route_map, Qt.MouseButton.LeftButton, pos=start + QPoint(-100, 50))
    after = route_map.to_px(route_map.stops[0].km)
    assert after - before == QPointF(-100, 50)
    for button in route_map.buttons:
        assert min(button.width(), button.height()) >= 44


def test_idle_reset_puts_zoom_pan_and_scroll_back(kiosk, qtbot):
    screen = open_route(kiosk, "north_line")
    screen.map.zoom_in()
    screen.map.pan_by(40, 40)
    screen.scroll.verticalScrollBar().setValue(200)
    screen.reset()  # what the idle reset calls before it drops the screen (tests/test_idle.py)
    assert screen.map.zoom == 1.0 and screen.map.pan == QPointF(0, 0)
    assert screen.scroll.verticalScrollBar().value() == 0


def test_approximate_and_town_stops_look_different_from_exact_ones(kiosk):
    from kiosk.ui.widgets.route_map import marker_style

    exact, approximate, town = (marker_style(p) for p in ("exact", "approximate", "town"))
    assert exact.pen_style == Qt.PenStyle.SolidLine and exact.halo_km == 0
    for style in (approximate, town):
        assert style.pen_style != Qt.PenStyle.SolidLine
        assert style.fill != exact.fill
        assert style.halo_km > 0
    assert approximate.pen_style != town.pen_style
    assert marker_style(None) == town  # unknown precision is never drawn as exact
    # On a real route: the G320 corridor has exact, approximate and town-level stops.
    kiosk.window.set_language("en")
    screen = open_route(kiosk, "g320_corridor")
    precisions = {s.precision for s, _ in screen.map.stop_points()}
    assert {"exact", "approximate", "town"} <= precisions
    texts = "\n".join(visible_texts(screen))
    assert texts.count("Approximate location (dashed on the map).") == 1  # Tinglin station
    assert "Only the town is known; shown at the town centre (dotted on the map)." in texts
    legend = [screen.legend_labels[k] for k in ("exact", "approximate", "town")]
    assert all(w.isVisible() and w.text() for w in legend)


def test_same_place_stops_are_fanned_out_not_hidden(kiosk):
    screen = open_route(kiosk, "north_line")  # four stops share Fengjing's town point
    points = [p for _, p in screen.map.stop_points()]
    radius = screen.map.marker_radius()
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            assert (a - b).manhattanLength() > radius


@pytest.mark.parametrize("route_id", ["north_line", "g320_corridor", "south_line"])
def test_no_stop_marker_covers_another(kiosk, route_id):
    """Zhujing's centre (stop 5) and Donglin Temple (stop 6) lie 1.3 km apart: at the district
    view their markers would overlap, so they are drawn apart too."""
    import math

    screen = open_route(kiosk, route_id)
    points = [p for _, p in screen.map.stop_points()]
    radius = screen.map.marker_radius()
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            assert math.hypot(a.x() - b.x(), a.y() - b.y()) >= 2 * radius - 1


def test_you_are_here_only_when_the_kiosk_location_is_set(kiosk):
    screen = open_route(kiosk, "south_line")
    assert screen.map.here_km is None
    assert not screen.legend_items["here"].isVisible()
    kiosk.settings.latitude, kiosk.settings.longitude = 30.74, 121.34
    try:
        screen.open("north_line")
        assert screen.map.here_km is not None
    finally:
        kiosk.settings.latitude = kiosk.settings.longitude = None


def test_datum_note_follows_the_geo_readme(kiosk):
    screen = open_route(kiosk, "south_line")
    geo = screen.map.geo
    assert geo.outline_datum in ("WGS84", "GCJ-02")
    kiosk.window.set_language("en")
    note = screen.map_note.text()
    assert "GCJ-02" in note and "WGS84" in note


# -- QR -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_qr_code_decodes_to_the_itinerary_in_the_current_language(kiosk, content, lang):
    kiosk.window.set_language(lang)
    for route_id in ("north_line", "south_line"):
        screen = open_route(kiosk, route_id)
        expected = itinerary_text(content.route(route_id), lang)
        assert screen.qr.text == expected
        assert screen.qr.module_px() >= 3  # large enough to scan from a screen
        assert decode(screen.qr.rendered()) == expected
        assert decode(screen.qr.grab().toImage()) == expected  # what is really on screen


def test_qr_matrix_round_trips_with_error_level_m():
    from kiosk.ui.widgets.qr import QUIET_ZONE, make_qr, qr_image

    text = "金山 Jinshan — Lüxiang 吕巷\n1. 枫泾古镇"
    code = make_qr(text)
    assert code.error == "M"
    image = qr_image(text, module_px=4)
    assert image.width() == (len(code.matrix) + 2 * QUIET_ZONE) * 4
    assert decode(image) == text


# -- language, clipping, tourism desk ---------------------------------------------------------------------
@pytest.mark.parametrize("screen_id, args",
                         [("routes", None), ("route", "north_line"), ("route", "g320_corridor")])
def test_language_switch_changes_every_visible_string(kiosk, screen_id, args):
    """Chinese mode needs the lead's catalog merge of /tmp/zh_routes.py (fails until then)."""
    window = kiosk.window
    window.show_screen(screen_id, args)
    window.set_language("en")
    assert wrong_language(visible_texts(window), "en") == []
    window.set_language("zh_CN")
    assert wrong_language(visible_texts(window), "zh_CN") == []


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("elder", [False, True])
def test_nothing_is_clipped(kiosk, qtbot, size, lang, elder):
    window = kiosk.window
    window.set_language(lang)
    window.set_elder_mode(elder)
    window.resize(*size)
    for screen_id, args in (("routes", None), ("route", "north_line")):
        window.show_screen(screen_id, args)
        qtbot.wait(20)
        assert clipped(window.stack.currentWidget()) == [], (screen_id, size, lang, elder)


def test_elder_mode_enlarges_map_buttons(kiosk, qtbot):
    route_map = open_route(kiosk, "south_line").map
    kiosk.window.set_elder_mode(True)
    qtbot.wait(10)
    assert min(b.height() for b in route_map.buttons) >= 60
    assert route_map.marker_radius() > 20


def test_tourism_desk_makes_routes_the_home(qtbot, content_db, tmp_path):
    from kiosk.ui.application import KioskApplication

    settings = tmp_path / "settings.toml"
    settings.write_text("[kiosk]\ntourism_desk = true\n", encoding="utf-8")
    app = KioskApplication(db_path=content_db, lang="en", settings_file=settings)
    try:
        assert not app.startup_error
        window = app.window
        qtbot.addWidget(window)
        window.resize(1920, 1080)
        window.show()
        qtbot.waitExposed(window)
        assert window.current_id == "routes"
        tap(qtbot, window.screens["routes"].cards[0])
        assert window.current_id == "route"
        tap(qtbot, window.home_button)
        assert window.current_id == "routes"
        window.show_screen("route", "south_line")
        app.hub.idle_reset.emit()
        assert window.current_id == "routes"
    finally:
        window.close()
        set_language("zh_CN")


# -- issue 13: a route that gets a tourist there ------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_route_qr_keeps_chinese_names_addresses_and_a_geo_line_per_stop(kiosk, content, lang):
    """Decoded from what is on screen: every stop's Chinese name (also in English), an address line
    in Chinese where one is known, and its geo: point; notes are never cut inside a word."""
    from kiosk.data.itinerary import _trim

    kiosk.window.set_language(lang)
    for route in content.routes():
        screen = open_route(kiosk, route.id)
        text = decode(screen.qr.grab().toImage())
        assert text == screen.qr.text
        assert screen.qr.module_px() >= 4  # a dense code still gets 4 px a module
        lines = [line.strip() for line in text.splitlines()]
        for stop in route.stops:
            head = next(i for i, line in enumerate(lines) if line.startswith(f"{stop.seq}. "))
            assert stop.poi.name.zh in lines[head] and stop.poi.name.get(lang) in lines[head]
            block = lines[head + 1:next((i for i in range(head + 1, len(lines))
                                         if lines[i].startswith(f"{stop.seq + 1}. ")), len(lines))]
            if stop.poi.has_location:
                geo = f"geo:{round(stop.poi.lat, 4)},{round(stop.poi.lon, 4)}"
                assert any(line.split(" ")[0] == geo for line in block), (route.id, stop.seq)
            if stop.poi.address:
                assert any(line.startswith("地址：") and _trim(stop.poi.address.zh, 1) in line
                           for line in block), (route.id, stop.seq, lang)
            if stop.note:
                note = stop.note.get(lang)
                shown_notes = [line for line in block if line.removesuffix("…") and
                               note.startswith(line.removesuffix("…"))]
                for line in shown_notes:  # whole, or cut where a sentence, clause or word ends
                    body = line.removesuffix("…")
                    breaks = "。；！？，、：）.;!?,:) "
                    assert body == note or body[-1] in breaks or note[len(body)] in breaks, line


def test_zoom_buttons_keep_the_route_in_view(kiosk, qtbot):
    route_map = open_route(kiosk, "north_line").map  # the route lies in the district's north-west
    tap(qtbot, route_map.zoom_in_button)
    assert all(route_map.rect().contains(p.toPoint()) for _, p in route_map.stop_points())
    centre = QPointF(route_map.width() / 2, route_map.height() / 2)
    for _ in range(3):  # closer than the route's size: its middle stays in the middle of the view
        tap(qtbot, route_map.zoom_in_button)
        assert (route_map.to_px(route_map.route_middle()) - centre).manhattanLength() < 1.0
    for _ in range(4):
        tap(qtbot, route_map.zoom_out_button)
    assert route_map.zoom == 1.0 and route_map.pan == QPointF(0, 0)  # the whole district again


def test_double_tap_and_wheel_zoom_about_the_touched_point(kiosk, qtbot):
    route_map = open_route(kiosk, "south_line").map
    transform = route_map.view_transform
    point = QPointF(route_map.width() * 0.25, route_map.height() * 0.7)
    km = transform().inverted()[0].map(point)
    qtbot.mouseDClick(route_map, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert route_map.zoom > 1.0
    assert (route_map.to_px(km) - point).manhattanLength() < 1.5
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    before = route_map.zoom
    wheel = QWheelEvent(point, QPointF(route_map.mapToGlobal(point.toPoint())), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(route_map, wheel)
    assert route_map.zoom > before
    assert (route_map.to_px(km) - point).manhattanLength() < 1.5


def test_stops_sharing_a_town_point_are_drawn_apart_and_said(kiosk):
    kiosk.window.set_language("en")
    screen = open_route(kiosk, "north_line")  # four stops known only as Fengjing
    groups = screen.map.shared_points()
    assert [1, 2, 3, 4] in groups
    assert screen.shared_note.isVisible()
    assert "Stops 1, 2, 3 and 4" in screen.shared_note.text()
    assert "town" in screen.shared_note.text()
    where = screen.stop_widgets[0].lines[0].text()  # stop 1's card says it too
    assert "Same point as stop 2, 3 and 4" in where
    for route_id in ("south_line", "central_line"):
        screen = open_route(kiosk, route_id)
        assert screen.shared_note.isVisible() == bool(screen.map.shared_points())


def test_pinch_zooms_about_the_point_between_the_fingers(kiosk, qtbot):
    from PySide6.QtWidgets import QGestureEvent, QPinchGesture

    route_map = open_route(kiosk, "south_line").map
    point = QPointF(route_map.width() * 0.7, route_map.height() * 0.6)
    km = route_map.view_transform().inverted()[0].map(point)
    pinch = QPinchGesture()
    pinch.setScaleFactor(1.8)
    pinch.setCenterPoint(QPointF(route_map.mapToGlobal(point.toPoint())))
    assert route_map.event(QGestureEvent([pinch]))
    assert route_map.zoom == pytest.approx(1.8)
    assert (route_map.to_px(km) - point).manhattanLength() < 1.5


# -- memory -----------------------------------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads glibc's heap (mallinfo2)")
def test_cached_map_pictures_do_not_keep_the_engine_that_painted_them(qapp):
    """Halo sprites and route thumbnails are cached for the day: each must cost about its pixels, not
    also the stroker and rasterizer buffers (~0.25–0.5 MB) of the raster engine that painted it."""
    from bench.memstat import mallinfo
    from kiosk.ui.widgets.route_map import _halo_sprite, load_geo, route_thumbnail

    def heap_kb() -> int:
        gc.collect()
        info = mallinfo()
        return info["in_use_kb"] + info["mmapped_kb"]

    font = QFont()
    font.setPixelSize(20)
    geo, stops = load_geo(), [(121.2, 30.8, "exact"), (121.3, 30.75, "approximate")]
    _halo_sprite(QPointF(0.5, 0.5), font, "金山", QColor("red"), 1.0)  # glyphs and the first engine
    before = heap_kb()
    kept = [_halo_sprite(QPointF(0.5, 0.5), font, f"金山区第{i}站", QColor("red"), 1.0)[0] for i in range(60)]
    kept += [route_thumbnail(geo, stops, QSize(260 + i, 184)) for i in range(10)]
    pixels_kb = sum(p.width() * p.height() * 4 for p in kept) // 1024
    assert heap_kb() - before < pixels_kb * 3 // 2 + 512  # with the engines kept: ~3.4x the pixels


def test_every_route_keeps_its_map_picture(kiosk, content, monkeypatch):
    """A change to a route shown before blits its kept picture: drawing the map again was ~3 ms of
    every change between routes (issue 14). Each route has a page of its own, whose map keeps one
    picture: another view replaces it."""
    from kiosk.ui.widgets.route_map import RouteMap

    routes = [r.id for r in content.routes()]
    assert len(routes) > 3
    def shown(route_id):
        screen = open_route(kiosk, route_id)
        QApplication.processEvents()  # laid out as on screen: a route's notes set the map's height
        return screen.map

    for route_id in routes:
        shown(route_id).grab()
    drawn: list[str] = []
    original = RouteMap._paint_route
    monkeypatch.setattr(RouteMap, "_paint_route", lambda self, painter: (drawn.append("x"),
                                                                         original(self, painter)))
    for route_id in reversed(routes):
        route_map = shown(route_id)
        image = route_map.grab().toImage()
        assert not drawn, f"{route_id}: drawn again"
    route_map.zoom_in()  # another view is drawn, in place of the kept one
    route_map.grab()
    assert drawn
    route_map.reset_view()
    assert route_map.grab().toImage() == image
