"""`manage.py migrate_as_owner` migrates through MIGRATION_DATABASE_URL (the owner), not the app's DATABASE_URL."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def run(tmp_path, *args, **env):
    environment = {
        **{key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}},
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}",
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "migrate_as_owner", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def tables(path):
    if not path.exists():
        return set()
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrate_as_owner_migrates_through_the_owner_connection(tmp_path):
    result = run(tmp_path, "contenttypes", MIGRATION_DATABASE_URL=f"sqlite:///{tmp_path / 'owner.sqlite3'}")

    assert result.returncode == 0, result.stderr
    assert "django_content_type" in tables(tmp_path / "owner.sqlite3")
    assert "django_content_type" not in tables(tmp_path / "app.sqlite3")


def test_migrate_as_owner_without_an_owner_url_refuses(tmp_path):
    result = run(tmp_path, "contenttypes", MIGRATION_DATABASE_URL="")

    assert result.returncode != 0
    assert "MIGRATION_DATABASE_URL is not set" in result.stderr
