"""One module per screen; SCREENS maps screen ids to their classes (imported lazily)."""

from __future__ import annotations

import importlib

# screen id -> "module:Class"; modules load on first visit so the home screen starts fast.
SCREENS: dict[str, str] = {
    "home": "kiosk.ui.screens.home:HomeScreen",
    "routes": "kiosk.ui.screens.routes:RoutesScreen",
    "route": "kiosk.ui.screens.route_detail:RouteDetailScreen",
    "indicators": "kiosk.ui.screens.indicators:IndicatorsScreen",
    "indicator": "kiosk.ui.screens.indicator_detail:IndicatorDetailScreen",
    "search": "kiosk.ui.screens.search:SearchScreen",
    "eldercare": "kiosk.ui.screens.eldercare:EldercareScreen",
    "sports": "kiosk.ui.screens.sports:SportsScreen",
    "place": "kiosk.ui.screens.place:PlaceScreen",  # one facility or place on the routes
    "plan": "kiosk.ui.screens.plan:PlanScreen",
    "chapter": "kiosk.ui.screens.plan:ChapterScreen",
    "section": "kiosk.ui.screens.plan:SectionScreen",
    "boxes": "kiosk.ui.screens.plan:BoxesScreen",
    "box": "kiosk.ui.screens.plan:BoxScreen",
    "glossary": "kiosk.ui.screens.plan:GlossaryScreen",
    "admin": "kiosk.ui.screens.admin:AdminScreen",  # staff only: reached by the long press + PIN
}


def screen_class(screen_id: str):
    module_name, class_name = SCREENS[screen_id].split(":")
    return getattr(importlib.import_module(module_name), class_name)
