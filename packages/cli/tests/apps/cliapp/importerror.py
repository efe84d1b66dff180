import not_a_real_module_for_cli_tests  # noqa: F401
