"""``app.config``: a dict with loaders for objects, files and the environment."""

from __future__ import annotations

import json
import os
import sys
import textwrap
import types
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # tomllib is in the standard library from 3.11 on
    import tomli as tomllib
import tumbler
from tumbler import App, Config


def _check(config: Config) -> None:
    assert config["TEST_KEY"] == "foo"
    assert config["SECRET_KEY"] == "config"
    assert "lower_key" not in config


@pytest.fixture
def pyfile(tmp_path: Path) -> Path:
    path = tmp_path / "settings.py"
    path.write_text('TEST_KEY = "foo"\nSECRET_KEY = "config"\nlower_key = "ignored"\n')
    return path


def test_config_is_a_dict_with_defaults(app: App) -> None:
    assert isinstance(app.config, dict)
    assert isinstance(app.config, Config)
    assert app.config["DEBUG"] is None or app.config["DEBUG"] is False
    assert app.config["TESTING"] is False
    assert app.config["PROPAGATE_EXCEPTIONS"] is None
    assert app.config["SERVER_NAME"] is None
    assert app.config["APPLICATION_ROOT"] == "/"
    assert app.config["PREFERRED_URL_SCHEME"] == "http"
    assert app.config["MAX_CONTENT_LENGTH"] is None
    assert app.config["SEND_FILE_MAX_AGE_DEFAULT"] is None
    assert app.config["TRAP_HTTP_EXCEPTIONS"] is False
    assert app.config["TRAP_BAD_REQUEST_ERRORS"] is None
    assert "<Config {" in repr(app.config)


def test_app_config_argument_is_applied_before_plugins() -> None:
    app = App(__name__, plugins=[], config={"SECRET_KEY": "abc", "CUSTOM": 1})
    assert app.config["SECRET_KEY"] == "abc"
    assert app.secret_key == "abc"
    assert app.config["CUSTOM"] == 1


def test_from_object_with_object_and_import_string() -> None:
    config = Config(".")
    settings = types.SimpleNamespace(TEST_KEY="foo", SECRET_KEY="config", lower_key="no")
    config.from_object(settings)
    _check(config)

    module = types.ModuleType("tumbler_test_settings_mod")
    module.TEST_KEY = "foo"  # type: ignore[attr-defined]
    module.SECRET_KEY = "config"  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        config2 = Config(".")
        config2.from_object("tumbler_test_settings_mod")
        _check(config2)
    finally:
        del sys.modules[module.__name__]


def test_from_object_class_inheritance() -> None:
    class Base:
        TEST_KEY = "foo"

    class Child(Base):
        SECRET_KEY = "config"

    config = Config(".")
    config.from_object(Child)
    _check(config)


def test_from_pyfile_relative_to_root_and_silent(pyfile: Path) -> None:
    config = Config(str(pyfile.parent))
    assert config.from_pyfile("settings.py") is True
    _check(config)
    assert config.from_pyfile("missing.py", silent=True) is False
    with pytest.raises(OSError, match="Unable to load configuration file"):
        config.from_pyfile("missing.py")


def test_from_pyfile_sees_its_own_file_name(tmp_path: Path) -> None:
    path = tmp_path / "cfg.py"
    path.write_text("HERE = __file__\n")
    config = Config(str(tmp_path))
    config.from_pyfile(path)
    assert config["HERE"] == str(path)


def test_from_envvar(pyfile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config(".")
    monkeypatch.delenv("TUMBLER_TEST_SETTINGS", raising=False)
    assert config.from_envvar("TUMBLER_TEST_SETTINGS", silent=True) is False
    with pytest.raises(RuntimeError, match="'TUMBLER_TEST_SETTINGS' is not set"):
        config.from_envvar("TUMBLER_TEST_SETTINGS")
    monkeypatch.setenv("TUMBLER_TEST_SETTINGS", str(pyfile))
    assert config.from_envvar("TUMBLER_TEST_SETTINGS") is True
    _check(config)


def test_from_envvar_missing_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TUMBLER_TEST_SETTINGS", str(tmp_path / "nope.py"))
    config = Config(".")
    with pytest.raises(OSError) as info:
        config.from_envvar("TUMBLER_TEST_SETTINGS")
    assert "nope.py" in str(info.value)
    assert config.from_envvar("TUMBLER_TEST_SETTINGS", silent=True) is False


def test_from_file_json_and_toml(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps({"TEST_KEY": "foo", "SECRET_KEY": "config", "lower_key": 1}))
    (tmp_path / "c.toml").write_text('TEST_KEY = "foo"\nSECRET_KEY = "config"\n')
    config = Config(str(tmp_path))
    assert config.from_file("c.json", json.load) is True
    _check(config)

    config = Config(str(tmp_path))
    assert config.from_file("c.toml", tomllib.load, text=False) is True
    _check(config)


def test_from_file_missing(tmp_path: Path) -> None:
    config = Config(str(tmp_path))
    assert config.from_file("none.json", json.load, silent=True) is False
    with pytest.raises(OSError, match="Unable to load configuration file"):
        config.from_file("none.json", json.load)


def test_from_mapping_takes_uppercase_keys_only() -> None:
    config = Config(".")
    config.from_mapping({"SECRET_KEY": "config", "lower_key": "x"}, TEST_KEY="foo")
    _check(config)
    config = Config(".")
    config.from_mapping([("SECRET_KEY", "config"), ("TEST_KEY", "foo")])
    _check(config)


def test_from_prefixed_env_parses_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBLER_STRING", "value")
    monkeypatch.setenv("TUMBLER_BOOL", "true")
    monkeypatch.setenv("TUMBLER_INT", "1")
    monkeypatch.setenv("TUMBLER_FLOAT", "1.2")
    monkeypatch.setenv("TUMBLER_LIST", "[1, 2]")
    monkeypatch.setenv("TUMBLER_DICT", '{"k": "v"}')
    monkeypatch.setenv("NOT_TUMBLER_OTHER", "other")
    config = Config(".")
    assert config.from_prefixed_env() is True
    assert config["STRING"] == "value"
    assert config["BOOL"] is True
    assert config["INT"] == 1
    assert config["FLOAT"] == 1.2
    assert config["LIST"] == [1, 2]
    assert config["DICT"] == {"k": "v"}
    assert "OTHER" not in config


def test_from_prefixed_env_custom_prefix_and_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_A", "a")
    monkeypatch.setenv("APP_B", "b")
    config = Config(".")
    config.from_prefixed_env("APP", loads=lambda s: s.upper())
    assert config["A"] == "A"
    assert config["B"] == "B"


def test_from_prefixed_env_prefix_is_a_class_attribute(monkeypatch: pytest.MonkeyPatch) -> None:
    class FlaskishConfig(Config):
        env_prefix = "FLASKISH"

    monkeypatch.setenv("FLASKISH_SECRET_KEY", "s")
    config = FlaskishConfig(".")
    config.from_prefixed_env()
    assert config["SECRET_KEY"] == "s"


def test_from_prefixed_env_nested(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBLER_EXIST__ok", "other")
    monkeypatch.setenv("TUMBLER_EXIST__inner__ik", "2")
    monkeypatch.setenv("TUMBLER_EXIST__new__more", '{"k": false}')
    monkeypatch.setenv("TUMBLER_NEW__K", "v")
    config = Config(".")
    config["EXIST"] = {"ok": "value", "flag": True, "inner": {"ik": 1}}
    config.from_prefixed_env()
    if os.name != "nt":  # environment names are case-insensitive on Windows
        assert config["EXIST"] == {"ok": "other", "flag": True, "inner": {"ik": 2}, "new": {"more": {"k": False}}}
    assert config["NEW"] == {"K": "v"}


def test_get_namespace() -> None:
    config = Config(".")
    config.update(FOO_OPTION_1="foo 1", FOO_OPTION_2="foo 2", BAR_STUFF_1="bar 1")
    assert config.get_namespace("FOO_") == {"option_1": "foo 1", "option_2": "foo 2"}
    assert config.get_namespace("FOO_", lowercase=False) == {"OPTION_1": "foo 1", "OPTION_2": "foo 2"}
    assert config.get_namespace("FOO_", trim_namespace=False) == {"foo_option_1": "foo 1", "foo_option_2": "foo 2"}


def test_config_attributes_forward_to_config(app: App) -> None:
    app.testing = True
    assert app.config["TESTING"] is True
    app.config["TESTING"] = False
    assert app.testing is False
    app.secret_key = "s3"
    assert app.config["SECRET_KEY"] == "s3"
    app.debug = True
    assert app.config["DEBUG"] is True
    assert app.debug is True


def test_debug_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUMBLER_DEBUG", "1")
    assert App(__name__, plugins=[]).debug is True
    monkeypatch.setenv("TUMBLER_DEBUG", "0")
    assert App(__name__, plugins=[]).debug is False


def test_instance_relative_config(tmp_path: Path) -> None:
    (tmp_path / "inst.py").write_text("FROM_INSTANCE = True\n")
    app = App(__name__, plugins=[], instance_path=str(tmp_path), instance_relative_config=True)
    assert app.config.root_path == str(tmp_path)
    app.config.from_pyfile("inst.py")
    assert app.config["FROM_INSTANCE"] is True


def test_config_class_is_replaceable() -> None:
    class MyConfig(Config):
        pass

    class MyApp(App):
        config_class = MyConfig

    assert isinstance(MyApp(__name__, plugins=[]).config, MyConfig)


def test_pyfile_errors_keep_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text(textwrap.dedent("x = (\n"))
    config = Config(str(tmp_path))
    with pytest.raises(SyntaxError) as info:
        config.from_pyfile("broken.py")
    assert "broken.py" in str(info.value.filename)


def test_public_names() -> None:
    assert tumbler.Config is Config
