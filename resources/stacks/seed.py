"""Seeds the SQLite database that every Stackbench stack serves. The one shared seeding script.

    python seed.py --db /abs/path/items.sqlite3 --count 1500

Creates the `items` table if it is missing, deletes every row, resets the AUTOINCREMENT sequence
and inserts `count` deterministic items with ids 1..count (`--count 0` leaves an empty table).
Everything happens in one IMMEDIATE transaction with a 30 s busy timeout, so it is safe to run
while a stack is serving the same file: the stack's requests wait for the lock, and see either
the old rows or the new ones. Prints nothing on success; on failure, one line on stderr and a
non-zero exit status.

Standard library only, so any Python 3.8+ can run it.
"""

import argparse
import sqlite3
import sys

# The schema all five stacks share. The apps declare the same table but never create it.
SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    price REAL NOT NULL
)
"""
COLUMNS = ["id", "name", "description", "price"]
BUSY_TIMEOUT_S = 30.0


def item(i):
    """Item number i (1-based): the same values on every run and every machine."""
    price = ((i * 7919) % 99900 + 100) / 100  # 1.00 .. 999.99, two decimals
    return (i, f"Item {i:04d}", f"Description of item {i:04d}", price)


def seed(db, count):
    conn = sqlite3.connect(db, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(SCHEMA)
            columns = [row[1] for row in conn.execute("PRAGMA table_info(items)")]
            if columns != COLUMNS:
                raise ValueError(f"table 'items' has columns {columns}, expected {COLUMNS}")
            conn.execute("DELETE FROM items")
            conn.execute("DELETE FROM sqlite_sequence WHERE name = 'items'")
            conn.executemany(
                "INSERT INTO items (id, name, description, price) VALUES (?, ?, ?, ?)",
                (item(i) for i in range(1, count + 1)),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Create and fill the Stackbench items table.")
    parser.add_argument("--db", required=True, help="path of the SQLite database file")
    parser.add_argument("--count", required=True, type=int, help="number of items to insert")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")
    try:
        seed(args.db, args.count)
    except (sqlite3.Error, OSError, ValueError) as e:
        print(f"seed.py: cannot seed {args.db}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
