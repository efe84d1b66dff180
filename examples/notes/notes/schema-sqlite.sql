-- Tumbler Notes' tables on SQLite. Safe to run again: existing tables are kept.
-- schema-postgresql.sql holds the same tables for PostgreSQL.
-- Times are UTC text, 'YYYY-MM-DD HH:MM:SS' (SQLite's datetime('now')).

CREATE TABLE IF NOT EXISTS "user" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT UNIQUE NOT NULL,
    password_hash TEXT NOT NULL,
    -- Kept in each of the user's sessions; raising it ends them all (log out, new password).
    session_version INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE IF NOT EXISTS note (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL DEFAULT (datetime('now')),
    updated TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE INDEX IF NOT EXISTS note_by_user ON note (user_id, updated);

-- Written by the signal receivers in audit.py.
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES "user" (id) ON DELETE SET NULL,
    username TEXT NOT NULL,
    event TEXT NOT NULL,
    remote_addr TEXT,
    created TEXT NOT NULL DEFAULT (datetime('now'))
);

-- Failed log-ins of the last LOGIN_THROTTLE_WINDOW seconds (throttle.py); `at` is a Unix time.
CREATE TABLE IF NOT EXISTS login_failure (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    remote_addr TEXT NOT NULL,
    at REAL NOT NULL
);

CREATE INDEX IF NOT EXISTS login_failure_by_user ON login_failure (username, at);
CREATE INDEX IF NOT EXISTS login_failure_by_addr ON login_failure (remote_addr, at);
