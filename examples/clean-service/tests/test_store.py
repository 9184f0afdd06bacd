import os
import sqlite3
import tempfile
import unittest

from inventory.store import InventoryStore, token_matches


class StoreTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp(suffix=".db")
        os.close(fd)
        with sqlite3.connect(self.path) as db:
            db.execute("CREATE TABLE items (sku TEXT PRIMARY KEY, qty INTEGER)")
            db.execute("INSERT INTO items VALUES ('A-1', 3)")

    def tearDown(self):
        os.remove(self.path)

    def test_adjust(self):
        store = InventoryStore(self.path)
        store.adjust("A-1", 2)
        self.assertEqual(store.count("A-1"), 5)

    def test_token_matches(self):
        self.assertTrue(token_matches("abc", "abc"))
        self.assertFalse(token_matches("abc", "abd"))
