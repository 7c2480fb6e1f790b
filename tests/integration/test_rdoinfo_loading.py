"""Loading rdoinfo from a directory: YAML, the parsed cache, and errors that name file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from rdotool.adapters import rdoinfo_files
from rdotool.config import Settings
from rdotool.errors import RdoinfoFormatError, RdoinfoNotFoundError
from rdotool.ops.rdoinfo import cached_package_names, load_rdoinfo
from tests.conftest import BASIC_RDOINFO


def settings_for(rdoinfo: Path, tmp_path: Path, **extra: object) -> Settings:
    return Settings(rdoinfo=str(rdoinfo), cache_dir=tmp_path / "cache", **extra)  # type: ignore[arg-type]


def test_load_directory_then_hit_the_parsed_cache(
    basic_rdoinfo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for(basic_rdoinfo, tmp_path)
    cold = load_rdoinfo(settings)
    assert cold.from_cache is False
    assert cold.commit is None
    assert len(cold.rdoinfo.packages()) == 7
    assert list((tmp_path / "cache" / "parsed").glob("*.json"))

    def no_yaml(*args: object) -> None:
        raise AssertionError("a warm load must not parse YAML")

    monkeypatch.setattr(rdoinfo_files, "load_documents", no_yaml)
    warm = load_rdoinfo(settings)
    assert warm.from_cache is True
    assert warm.rdoinfo.packages() == cold.rdoinfo.packages()
    assert warm.rdoinfo.releases() == cold.rdoinfo.releases()


def test_editing_any_loaded_file_invalidates_the_cache(basic_rdoinfo: Path, tmp_path: Path) -> None:
    settings = settings_for(basic_rdoinfo, tmp_path)
    load_rdoinfo(settings)
    pin = basic_rdoinfo / "tags" / "epoxy.yml"
    pin.write_text(pin.read_text().replace("9.7.1", "9.7.2"))
    reloaded = load_rdoinfo(settings)
    assert reloaded.from_cache is False
    oslo = next(p for p in reloaded.rdoinfo.packages("epoxy") if p["project"] == "oslo-config")
    assert oslo["source-branch"] == "9.7.2"
    assert load_rdoinfo(settings).from_cache is True


def test_entry_files_have_separate_caches(basic_rdoinfo: Path, tmp_path: Path) -> None:
    full = load_rdoinfo(settings_for(basic_rdoinfo, tmp_path))
    rdo = load_rdoinfo(settings_for(basic_rdoinfo, tmp_path, info_file="rdo.yml"))
    assert len(full.rdoinfo.packages()) == 7
    assert len(rdo.rdoinfo.packages()) == 6  # deps.yml is not imported by rdo.yml
    assert rdo.from_cache is False


def test_corrupt_cache_is_ignored_and_rewritten(basic_rdoinfo: Path, tmp_path: Path) -> None:
    settings = settings_for(basic_rdoinfo, tmp_path)
    load_rdoinfo(settings)
    cache, names = sorted((tmp_path / "cache" / "parsed").glob("*.json"))
    assert names.name == cache.name.replace(".json", ".names.json")
    cache.write_text("{not json")
    assert load_rdoinfo(settings).from_cache is False
    assert load_rdoinfo(settings).from_cache is True
    names.write_text("{not json")  # completion then loads rdoinfo itself
    assert cached_package_names(settings) is None
    assert load_rdoinfo(settings).from_cache is True


def test_unwritable_cache_warns_and_still_answers(basic_rdoinfo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache directory should be")
    loaded = load_rdoinfo(settings_for(basic_rdoinfo, tmp_path))
    assert len(loaded.rdoinfo.packages()) == 7
    assert any("could not write the parsed-rdoinfo cache" in w for w in loaded.warnings)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(RdoinfoNotFoundError, match=r"rdoinfo directory .*/nowhere does not exist"):
        load_rdoinfo(settings_for(tmp_path / "nowhere", tmp_path))


def test_missing_entry_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(RdoinfoNotFoundError, match=r"has no rdo-full\.yml"):
        load_rdoinfo(settings_for(tmp_path / "empty", tmp_path))


def test_yaml_syntax_error_names_file_and_line(basic_rdoinfo: Path, tmp_path: Path) -> None:
    path = basic_rdoinfo / "tags" / "flamingo.yml"
    lines = path.read_text().splitlines()
    lines[4] = "    flamingo: [unclosed"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(RdoinfoFormatError) as err:
        load_rdoinfo(settings_for(basic_rdoinfo, tmp_path))
    assert f"{path}:6:" in err.value.message
    assert "invalid YAML" in err.value.message


def test_unknown_conf_names_file_and_line(basic_rdoinfo: Path, tmp_path: Path) -> None:
    path = basic_rdoinfo / "rdo.yml"
    text = path.read_text().replace(
        "- project: novaclient\n  conf: rpmfactory-client",
        "- project: novaclient\n  conf: rpmfactory-clients",
    )
    path.write_text(text)
    line = text.splitlines().index("  conf: rpmfactory-clients") + 1
    with pytest.raises(RdoinfoFormatError) as err:
        load_rdoinfo(settings_for(basic_rdoinfo, tmp_path))
    assert err.value.message == (
        f"{path}:{line}: package novaclient: unknown conf 'rpmfactory-clients'"
    )
    assert "rpmfactory-client" in (err.value.hint or "")


def test_missing_import_names_the_importer(basic_rdoinfo: Path, tmp_path: Path) -> None:
    tags = basic_rdoinfo / "tags.yml"
    tags.write_text(tags.read_text() + "- tags/zed.yml\n")
    with pytest.raises(RdoinfoFormatError, match=r"tags.yml: imports tags/zed.yml, which does not"):
        load_rdoinfo(settings_for(basic_rdoinfo, tmp_path))


def test_circular_import(basic_rdoinfo: Path, tmp_path: Path) -> None:
    (basic_rdoinfo / "tags" / "epoxy.yml").write_text("import:\n- tags.yml\npackages: []\n")
    with pytest.raises(RdoinfoFormatError, match=r"circular import of tags\.yml"):
        load_rdoinfo(settings_for(basic_rdoinfo, tmp_path))


def test_repeated_imports_are_loaded_each_time(basic_rdoinfo: Path) -> None:
    relpaths = [rel for rel, _ in rdoinfo_files.load_documents(basic_rdoinfo, "rdo-full.yml")]
    assert relpaths.count("tags.yml") == 2  # via rdo.yml and via rdo-full.yml, as distroinfo does
    assert relpaths[:3] == ["rdo-full.yml", "rdo.yml", "tags.yml"]


def test_a_warm_query_for_one_package_resolves_that_package_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parsed cache keeps a name -> project index: `info NAME` and package-name
    completion do not resolve all packages (1,369 in rdoinfo) to find one."""
    from rdotool.core.rdoinfo import Rdoinfo
    from rdotool.ops import info as ops
    from rdotool.ops.context import RunContext

    env = {"RDOTOOL_CACHE_DIR": str(tmp_path / "cache"), "RDOTOOL_RDOINFO": str(BASIC_RDOINFO)}
    cold = RunContext(env=env)
    expected = ops.info(cold, ["python-novaclient"])
    calls: list[str] = []
    real = Rdoinfo.resolve

    def counting(entry: dict, *args: object, **kwargs: object) -> dict:
        calls.append(str(entry.get("project")))
        return real(entry, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Rdoinfo, "resolve", staticmethod(counting))
    warm = RunContext(env=env)
    assert warm.rdoinfo().from_cache
    assert ops.info(warm, ["python-novaclient"]) == expected
    assert calls == ["novaclient"]
    assert ops.info(warm, ["novaclient"]).packages == expected.packages  # by project
    assert ops.names_starting(warm, "package", "python-n") == ["python-novaclient"]
    assert calls == ["novaclient", "novaclient"]
