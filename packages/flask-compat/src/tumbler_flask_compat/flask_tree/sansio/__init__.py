"""``flask.sansio``: in Flask, the I/O-free halves of the app and blueprint
classes; here, the same names over Tumbler's kernel classes."""
