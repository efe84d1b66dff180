pytest_plugins = ["tumbler_testing.pytest_plugin"]
