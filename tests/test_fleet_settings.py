"""Settings for many kiosks: inbox, outbox, kiosk id and opening hours go through --check-config."""

from __future__ import annotations

from kiosk.settings import Settings, load_settings
from tests.test_settings import check_config, write


def test_fleet_settings_are_read(tmp_path):
    path = write(tmp_path, '[kiosk]\nkiosk_id = "zhujing-01"\ninbox_dir = "/srv/inbox"\n'
                 'inbox_apply = "auto"\nopening_hours = ["08:30-12:00", "13:00-17:30"]\n'
                 'outbox_dir = "/srv/outbox"\noutbox_interval_min = 30\noutbox_keep = 5\n')
    report = load_settings(path)
    assert report.problems == []
    s = report.settings
    assert (s.kiosk_id, s.inbox_dir, s.inbox_apply, s.outbox_dir) == ("zhujing-01", "/srv/inbox", "auto",
                                                                      "/srv/outbox")
    assert s.opening_hours == ["08:30-12:00", "13:00-17:30"]
    assert (s.outbox_interval_min, s.outbox_keep) == (30, 5)
    assert check_config(path).returncode == 0


def test_bad_fleet_settings_are_each_named_and_replaced_by_safe_defaults(tmp_path):
    path = write(tmp_path, '[kiosk]\nkiosk_id = "zhu jing/01"\ninbox_apply = "always"\n'
                 'opening_hours = ["8am-5pm"]\noutbox_interval_min = 1\noutbox_keep = 0\n'
                 'inbox_dir = 5\n')
    report = load_settings(path)
    text = "\n".join(report.problems)
    for key in ("kiosk_id", "inbox_apply", "opening_hours", "outbox_interval_min", "outbox_keep",
                "inbox_dir"):
        assert f"{key}:" in text, key
    assert report.settings.inbox_apply == "staff" == Settings().inbox_apply  # never "auto" by mistake
    assert report.settings.opening_hours == [] and report.settings.inbox_dir == ""
    result = check_config(path)
    assert result.returncode == 1
    assert "inbox_apply: must be" in result.stdout and "opening_hours: '8am-5pm'" in result.stdout


def test_the_outbox_may_not_be_the_inbox(tmp_path):
    report = load_settings(write(tmp_path, '[kiosk]\ninbox_dir = "/srv/box"\noutbox_dir = "/srv/box/"\n'))
    assert report.problems == ["outbox_dir: must not be the inbox folder (outbox off)"]
    assert report.settings.outbox_dir == "" and report.settings.inbox_dir == "/srv/box"
