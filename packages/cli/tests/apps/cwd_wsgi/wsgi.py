from served import app  # noqa: F401
