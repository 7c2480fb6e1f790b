"""Settings precedence: defaults < config file < RDOTOOL_* < options."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdotool.config import DEFAULT_RDOINFO, Settings, load_settings, parse_age
from rdotool.errors import ConfigError


def write_config(home: Path, text: str) -> Path:
    path = home / ".config" / "rdotool" / "config.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


def test_defaults(isolation: Path) -> None:
    settings = load_settings({})
    assert settings.rdoinfo == DEFAULT_RDOINFO
    assert settings.info_file == "rdo-full.yml"
    assert settings.fetch_age == 3600
    assert settings.offline is False
    assert settings.config_file is None


def test_config_file_then_environment_then_options(isolation: Path) -> None:
    path = write_config(isolation, "rdoinfo: ~/rdoinfo\nfetch-age: 2h\noffline: yes\n")
    settings = load_settings({})
    assert settings.rdoinfo == str(isolation / "rdoinfo")
    assert settings.fetch_age == 7200
    assert settings.offline is True
    assert settings.config_file == path
    env = load_settings({"RDOTOOL_RDOINFO": "/env/rdoinfo", "RDOTOOL_OFFLINE": "0"})
    assert (env.rdoinfo, env.offline, env.fetch_age) == ("/env/rdoinfo", False, 7200)
    assert env.with_options(rdoinfo="/opt", offline=None).rdoinfo == "/opt"
    assert env.with_options(rdoinfo=None) is env


def test_rdotool_config_points_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "my.yaml"
    path.write_text("info-file: rdo.yml\n")
    assert load_settings({"RDOTOOL_CONFIG": str(path)}).info_file == "rdo.yml"
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({"RDOTOOL_CONFIG": str(tmp_path / "missing.yaml")})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: red\n", "unknown key 'colour'"),
        ("offline: maybe\n", "offline must be true or false"),
        ("fetch-age: soon\n", "fetch-age must be a number of seconds"),
        ("- a list\n", "must be a mapping"),
        ("rdoinfo: [unclosed\n", "config.yaml:2: the config file is not valid YAML"),
    ],
)
def test_bad_config_file(isolation: Path, text: str, message: str) -> None:
    write_config(isolation, text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings({})


def test_bad_environment_value() -> None:
    with pytest.raises(ConfigError, match="RDOTOOL_FETCH_AGE must be a number"):
        load_settings({"RDOTOOL_FETCH_AGE": "-5"})


@pytest.mark.parametrize(("text", "seconds"), [("0", 0), ("90", 90), ("30m", 1800), ("1d", 86400)])
def test_parse_age(text: str, seconds: int) -> None:
    assert parse_age(text, "x") == seconds


def test_settings_default_cache_dir_follows_xdg(
    isolation: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings({}).cache_dir == isolation / ".cache" / "rdotool"
    monkeypatch.setenv("XDG_CACHE_HOME", str(isolation / "xdg"))
    assert load_settings({}).cache_dir == isolation / "xdg" / "rdotool"
    assert Settings().cache_dir.is_absolute()  # never the current directory
