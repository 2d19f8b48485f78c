"""Shared by the PostgreSQL benchmarks: a scratch database and Django set up on it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (only one whose name contains 'bench')."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    """Point Varde's settings at ``url`` (demo-style synthetic IDs allowed) and set up Django."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "varde.settings"
    os.environ["VARDE_ALLOW_SYNTHETIC_IDS"] = "true"
    os.environ["VARDE_SECURE_COOKIES"] = "false"
    os.environ.setdefault("VARDE_LOG_LEVEL", "ERROR")
    (Path(__file__).resolve().parent.parent / "staticfiles").mkdir(exist_ok=True)
    import django

    django.setup()
