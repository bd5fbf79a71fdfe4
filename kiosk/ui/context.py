"""What every screen gets: the hub, the open content, the kiosk's settings and the view state."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.data.content import Content
from kiosk.settings import Settings
from kiosk.ui.hub import Hub


@dataclass
class ViewState:
    """Per-visitor state that an idle reset puts back to the defaults."""

    language: str
    elder_mode: bool = False


@dataclass
class AppContext:
    hub: Hub
    content: Content
    settings: Settings
    state: ViewState = field(default_factory=lambda: ViewState("zh_CN"))
