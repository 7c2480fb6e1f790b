"""Settings: defaults < config file < RDOTOOL_* environment < command-line options.

The config file is YAML at `$RDOTOOL_CONFIG`, else `$XDG_CONFIG_HOME/rdotool/config.yaml`
(`~/.config/rdotool/config.yaml`). Keys use the option names:

    rdoinfo: https://github.com/redhat-openstack/rdoinfo.git   # or a local directory
    info-file: rdo-full.yml
    fetch-age: 3600        # seconds before a cached rdoinfo clone is fetched again
    offline: false
    cache-dir: ~/.cache/rdotool
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from rdotool.errors import ConfigError

DEFAULT_RDOINFO = "https://github.com/redhat-openstack/rdoinfo.git"
DEFAULT_INFO_FILE = "rdo-full.yml"
DEFAULT_FETCH_AGE = 3600


class EnvVars:
    """Every environment variable rdotool reads, in one place."""

    CONFIG = "RDOTOOL_CONFIG"
    RDOINFO = "RDOTOOL_RDOINFO"
    INFO_FILE = "RDOTOOL_INFO_FILE"
    FETCH_AGE = "RDOTOOL_FETCH_AGE"
    OFFLINE = "RDOTOOL_OFFLINE"
    CACHE_DIR = "RDOTOOL_CACHE_DIR"
    DEBUG = "RDOTOOL_DEBUG"
    PACKAGER = "RPM_PACKAGER"  # `Name <email>`, the changelog author without git config
    NO_COLOR = "NO_COLOR"  # honoured by rich when the output is coloured; listed for rdotool(1)


# the spellings click accepts for a flag, so that an option and its variable agree
_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off", ""}


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    # expanduser, not Path.home(): it never raises (no $HOME and no passwd entry)
    return Path(value) if value else Path(os.path.expanduser("~")) / fallback


class Settings(NamedTuple):
    """Resolved settings for one run of rdotool (load_settings makes them).

    A NamedTuple, not a dataclass: `dataclasses` imports `inspect` (~10 ms of CPU), and
    shell completion reads Settings in a process that must answer in ~40 ms."""

    rdoinfo: str = DEFAULT_RDOINFO
    info_file: str = DEFAULT_INFO_FILE
    fetch_age: int = DEFAULT_FETCH_AGE
    offline: bool = False
    # as the process started; load_settings reads the environment it is given
    cache_dir: Path = _xdg("XDG_CACHE_HOME", ".cache") / "rdotool"  # = default_cache_dir()
    config_file: Path | None = None
    packager: str = ""  # $RPM_PACKAGER

    def with_options(self, **options: Any) -> Settings:
        """Return a copy with the command-line options that were given (not None)."""
        given = {k: v for k, v in options.items() if v is not None}
        return self._replace(**given) if given else self


def default_cache_dir() -> Path:
    """Where rdotool caches rdoinfo clones and parsed rdoinfo when not told otherwise."""
    return _xdg("XDG_CACHE_HOME", ".cache") / "rdotool"


def default_config_path() -> Path:
    """Where the config file is looked for when RDOTOOL_CONFIG is not set."""
    return _xdg("XDG_CONFIG_HOME", ".config") / "rdotool" / "config.yaml"


def parse_bool(value: object, where: str) -> bool:
    """Read a yes/no value written in a config file or an environment variable."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(
        f"{where} must be true or false, not {value!r}", "use 1/0, true/false, yes/no or on/off"
    )


def env_flag(env: Mapping[str, str], name: str) -> bool:
    """A yes/no environment variable (unset is no); a value that is neither is an error."""
    return parse_bool(env.get(name, ""), name)


def parse_age(value: object, where: str) -> int:
    """Read a number of seconds (a plain integer, or with an s/m/h/d suffix)."""
    text = str(value).strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    scale = 1
    if text and text[-1] in units:
        scale = units[text[-1]]
        text = text[:-1]
    try:
        seconds = int(text) * scale
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise ConfigError(
            f"{where} must be a number of seconds, not {value!r}", "write e.g. 3600, 30m or 1d"
        )
    return seconds


def _from_mapping(values: dict[str, Any], where: str) -> dict[str, Any]:
    """Turn config-file keys into Settings fields, checking their types."""
    out: dict[str, Any] = {}
    known = {"rdoinfo", "info-file", "fetch-age", "offline", "cache-dir"}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(
                f"{where}: unknown key {key!r}", f"known keys: {', '.join(sorted(known))}"
            )
        if value is None:
            continue
        if key == "rdoinfo":
            out["rdoinfo"] = os.path.expanduser(str(value))
        elif key == "info-file":
            out["info_file"] = str(value)
        elif key == "fetch-age":
            out["fetch_age"] = parse_age(value, f"{where}: fetch-age")
        elif key == "offline":
            out["offline"] = parse_bool(value, f"{where}: offline")
        elif key == "cache-dir":
            out["cache_dir"] = Path(os.path.expanduser(str(value)))
    return out


def _read_config_file(path: Path) -> dict[str, Any]:
    import yaml

    from rdotool.adapters.files import read_text
    from rdotool.errors import InputError

    try:
        text = read_text(path, "config file")
    except InputError as exc:
        raise ConfigError(exc.message, exc.hint or "fix or remove the file") from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"{path}{line}: the config file is not valid YAML", "fix the syntax there"
        ) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config file must be a mapping of keys to values")
    return _from_mapping(data, str(path))


def _from_environment(env: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if env.get(EnvVars.RDOINFO):
        out["rdoinfo"] = os.path.expanduser(env[EnvVars.RDOINFO])
    if env.get(EnvVars.INFO_FILE):
        out["info_file"] = env[EnvVars.INFO_FILE]
    if env.get(EnvVars.FETCH_AGE):
        out["fetch_age"] = parse_age(env[EnvVars.FETCH_AGE], EnvVars.FETCH_AGE)
    if env.get(EnvVars.OFFLINE):
        out["offline"] = parse_bool(env[EnvVars.OFFLINE], EnvVars.OFFLINE)
    if env.get(EnvVars.PACKAGER):
        out["packager"] = env[EnvVars.PACKAGER]
    if env.get(EnvVars.CACHE_DIR):
        out["cache_dir"] = Path(os.path.expanduser(env[EnvVars.CACHE_DIR]))
    return out


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build Settings from the defaults, the config file and the environment."""
    env = dict(os.environ) if env is None else env
    explicit = env.get(EnvVars.CONFIG)
    path = Path(os.path.expanduser(explicit)) if explicit else default_config_path()
    values: dict[str, Any] = {}
    if path.is_file():
        values.update(_read_config_file(path))
    elif explicit:
        raise ConfigError(
            f"config file {path} (from {EnvVars.CONFIG}) does not exist",
            f"create it or unset {EnvVars.CONFIG}",
        )
    values.update(_from_environment(env))
    values.setdefault("cache_dir", default_cache_dir())
    return Settings(config_file=path if path.is_file() else None, **values)
