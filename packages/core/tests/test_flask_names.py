"""The kernel's equivalents of Flask's names, which the compat package maps.

Listed by hand from Flask 3.1 (names that belong to plugins are left out:
templates, sessions, flashing, signals, the CLI and the test client).
"""

from __future__ import annotations

import pytest
import tumbler
from tumbler import App, Blueprint

MODULE_NAMES = """
    Blueprint Config Request Response abort after_this_request copy_current_request_context
    current_app g has_app_context has_request_context json jsonify make_response redirect request
    send_file send_from_directory stream_with_context url_for
""".split()

APP_NAMES = """
    add_url_rule after_request aborter aborter_class app_context app_ctx_globals_class async_to_sync
    auto_find_instance_path before_request blueprints config config_class debug default_config
    delete dispatch_request do_teardown_appcontext do_teardown_request endpoint ensure_sync
    error_handler_spec errorhandler extensions finalize_request full_dispatch_request get
    get_send_file_max_age handle_exception handle_http_exception handle_url_build_error
    handle_user_exception has_static_folder import_name inject_url_defaults instance_path
    iter_blueprints json json_provider_class log_exception logger make_aborter make_config
    make_default_options_response make_response name open_instance_resource open_resource patch
    post preprocess_request process_response put raise_routing_exception redirect
    register_blueprint register_error_handler request_class request_context response_class
    root_path route run secret_key send_static_file should_ignore_error static_folder
    static_url_path subdomain_matching teardown_appcontext teardown_request test_request_context
    testing trap_http_exception url_build_error_handlers url_default_functions url_defaults url_for
    url_map url_map_class url_rule_class url_value_preprocessor url_value_preprocessors
    view_functions wsgi_app
""".split()

BLUEPRINT_NAMES = """
    add_url_rule after_app_request after_request app_errorhandler app_url_defaults
    app_url_value_preprocessor before_app_request before_request cli_group deferred_functions delete
    endpoint errorhandler get import_name make_setup_state name patch post put record record_once
    register register_blueprint register_error_handler root_path route send_static_file static_folder
    static_url_path subdomain teardown_app_request teardown_request url_defaults url_prefix
    url_value_preprocessor url_values_defaults
""".split()

CONFIG_KEYS = """
    DEBUG TESTING PROPAGATE_EXCEPTIONS SECRET_KEY SERVER_NAME APPLICATION_ROOT PREFERRED_URL_SCHEME
    TRAP_HTTP_EXCEPTIONS TRAP_BAD_REQUEST_ERRORS MAX_CONTENT_LENGTH MAX_FORM_MEMORY_SIZE MAX_FORM_PARTS
    SEND_FILE_MAX_AGE_DEFAULT USE_X_SENDFILE TRUSTED_HOSTS MAX_COOKIE_SIZE PROVIDE_AUTOMATIC_OPTIONS
""".split()


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_module_names(name: str) -> None:
    assert hasattr(tumbler, name)


def test_app_names(app: App) -> None:
    missing = [name for name in APP_NAMES if not hasattr(app, name)]
    assert missing == []


def test_blueprint_names() -> None:
    bp = Blueprint("bp", __name__, url_prefix="/x")
    missing = [name for name in BLUEPRINT_NAMES if not hasattr(bp, name)]
    assert missing == []


def test_config_keys_and_defaults() -> None:
    assert sorted(App.default_config) == sorted(CONFIG_KEYS)
    app = App(__name__, plugins=[])
    assert app.config["MAX_FORM_MEMORY_SIZE"] == 500_000
    assert app.config["MAX_FORM_PARTS"] == 1_000
    assert app.config["MAX_COOKIE_SIZE"] == 4093
    assert app.config["USE_X_SENDFILE"] is False
    assert app.config["PROVIDE_AUTOMATIC_OPTIONS"] is True


def test_make_aborter_and_instance_path_are_overridable() -> None:
    class MyApp(App):
        def auto_find_instance_path(self) -> str:
            return "/srv/instance"

    assert MyApp(__name__, plugins=[]).instance_path == "/srv/instance"
    assert App(__name__, plugins=[]).make_aborter() is not None
