"""``python -m tumbler_cli``: the ``tumbler`` command."""

from .group import main

main()
