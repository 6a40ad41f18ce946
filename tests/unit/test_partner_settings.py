"""The [partner] table of config.toml: who this person is and where Together is shared."""

from __future__ import annotations

from pathlib import Path

from weekplan.model import Config, PartnerSettings
from weekplan.record import replace
from weekplan.store import Store


def test_without_a_partner_the_config_file_has_no_partner_table(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    assert store.config.partner == PartnerSettings()
    assert not store.config.partner.shared
    assert "[partner]" not in store.config_path.read_text()


def test_partner_settings_survive_a_save_and_a_reopen(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    wanted = PartnerSettings(me="Alex", remote="/srv/together.git", share_busy=False)
    store.save_config(replace(store.config, partner=wanted))
    reopened = Store.open(tmp_path / "data")
    assert reopened.config.partner == wanted
    assert reopened.config.partner.shared
    assert reopened.config_errors == []


def test_a_bad_partner_value_is_named_and_falls_back() -> None:
    config, problems, _warnings = Config.from_toml({"partner": {"me": "  Sam   Lee ", "share_busy": "yes"}})
    assert config.partner.me == "Sam Lee"
    assert config.partner.share_busy is True
    assert [(table, key) for table, key, _ in problems] == [(("partner",), "share_busy")]


def test_a_partner_value_that_is_not_a_table_is_named() -> None:
    config, problems, _warnings = Config.from_toml({"partner": "Sam"})
    assert config.partner == PartnerSettings()
    assert [table for table, _, _ in problems] == [("partner",)]


def test_the_busy_band_setting_reads_back_and_a_wrong_one_falls_back() -> None:
    hidden = PartnerSettings(me="Alex", remote="/srv/together.git", show_busy=False)
    config, problems, _warnings = Config.from_toml(replace(Config(), partner=hidden).to_toml())
    assert config.partner == hidden and problems == []
    config, problems, _warnings = Config.from_toml({"partner": {"remote": "/srv/t.git", "show_busy": "no"}})
    assert config.partner.show_busy is True
    assert [(table, key) for table, key, _ in problems] == [(("partner",), "show_busy")]
