"""What every screen gets: the hub, the open content, the kiosk's settings and the view state.

Plain classes with slots, not dataclasses: both are made before the first frame, where a dataclass
costs its generated methods (issue 14, start-up)."""

from __future__ import annotations

from kiosk.data.content import Content
from kiosk.settings import Settings
from kiosk.ui.hub import Hub


class ViewState:
    """Per-visitor state that an idle reset puts back to the defaults."""

    __slots__ = ("language", "elder_mode")

    def __init__(self, language: str, elder_mode: bool = False):
        self.language = language
        self.elder_mode = elder_mode

    def __repr__(self) -> str:
        return f"ViewState(language={self.language!r}, elder_mode={self.elder_mode!r})"


class AppContext:
    """The hub, content, settings and view state, handed to every screen."""

    __slots__ = ("hub", "content", "settings", "state")

    def __init__(self, hub: Hub, content: Content, settings: Settings, state: ViewState | None = None):
        self.hub = hub
        self.content = content
        self.settings = settings
        self.state = state if state is not None else ViewState("zh_CN")
