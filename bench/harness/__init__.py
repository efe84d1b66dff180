"""The benchmark harness: runs every column's app through the same scenarios.

``bench/run.py`` is the entry point. Modules here are split by phase: ``envs``
(one virtualenv per framework), ``inprocess`` (µs per WSGI call), ``callgrind``
(instructions per request), ``http`` (gunicorn + wrk), ``startup`` (import time,
peak RSS), then ``report`` and ``chart``. ``worker`` and ``scenarios`` run inside
each column's virtualenv and use only the standard library.
"""
