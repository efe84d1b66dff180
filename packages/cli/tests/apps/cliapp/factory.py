from tumbler import App


def create_app():
    return App("factory")


def create_named(name, suffix=""):
    return App(name + suffix)


def no_app():
    return None


def _read_settings():
    raise RuntimeError("SHOP_DATABASE is not set")


def raising():
    _read_settings()
    return App("never")


def needs_plugin():
    return App("plugged", plugins=["no-such-plugin"])
