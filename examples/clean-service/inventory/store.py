"""A small inventory store backed by SQLite, written the safe way."""
import hmac
import logging
import secrets
import sqlite3
import subprocess
from contextlib import closing

LOG = logging.getLogger(__name__)


class InventoryStore:
    def __init__(self, path):
        self._path = path

    def _connect(self):
        return closing(sqlite3.connect(self._path))

    def count(self, sku):
        with self._connect() as db:
            row = db.execute("SELECT qty FROM items WHERE sku = ?", (sku,)).fetchone()
        return row[0] if row else 0

    def adjust(self, sku, delta):
        if not isinstance(delta, int):
            raise TypeError("delta must be an integer")
        with self._connect() as db:
            db.execute("UPDATE items SET qty = qty + ? WHERE sku = ?", (delta, sku))
            db.commit()

    def export(self, destination):
        with open(destination, "w", encoding="utf-8") as out:
            with self._connect() as db:
                for sku, qty in db.execute("SELECT sku, qty FROM items ORDER BY sku"):
                    out.write(f"{sku},{qty}\n")


def new_api_token():
    return secrets.token_urlsafe(32)


def token_matches(expected, presented):
    return hmac.compare_digest(expected.encode(), presented.encode())


def backup(db_path, archive_path):
    try:
        subprocess.run(["sqlite3", db_path, ".backup " + archive_path], check=True)
    except subprocess.CalledProcessError:
        LOG.exception("backup of %s failed", db_path)
        raise
