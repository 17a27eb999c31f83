"""Flask + sqlite3 (raw DB-API): the Stackbench API contract.

Follows Flask's "Using SQLite 3 with Flask" pattern: one connection per request, opened on first
use, kept on `g` and closed when the app context tears down. Served by gunicorn with the gthread
worker; see ../stacks.json. The `items` table is created by ../seed.py, not here.
"""

import math
import os
import sqlite3

from flask import Flask, abort, g, request
from werkzeug.exceptions import HTTPException

DB_PATH = os.environ.get("STACKBENCH_DB")
if not DB_PATH:
    raise RuntimeError("STACKBENCH_DB must hold the absolute path of the SQLite database")

app = Flask(__name__)
# Serialise keys in the order given (echo must return its input as sent) and keep UTF-8 as is.
app.json.sort_keys = False
app.json.ensure_ascii = False
# /items matches the /items/ rule instead of redirecting to it.
app.url_map.strict_slashes = False


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        # timeout: SQLite's busy timeout, so writers wait for the lock instead of failing.
        db = g._database = sqlite3.connect(DB_PATH, timeout=30)
        db.row_factory = sqlite3.Row
    return db


@app.teardown_appcontext
def close_connection(exception):
    db = getattr(g, "_database", None)
    if db is not None:
        db.close()


def item_fields():
    """The validated {name, description, price} of the request's JSON body, or a 400."""
    data = request.get_json()  # 400 on malformed JSON, 415 on another content type
    if not isinstance(data, dict):
        abort(400, description="the body must be a JSON object")
    name, description, price = data.get("name"), data.get("description"), data.get("price")
    if not isinstance(name, str) or not isinstance(description, str):
        abort(400, description="name and description must be strings")
    try:
        price = float(price) if type(price) in (int, float) else math.nan  # bool is not a number
    except OverflowError:  # an integer beyond float's range
        price = math.nan
    if not math.isfinite(price):
        abort(400, description="price must be a finite number")
    return {"name": name, "description": description, "price": price}


@app.errorhandler(HTTPException)
def json_error(e):
    """Every error (404, 405, 400, 415, 500...) as JSON rather than Werkzeug's HTML page."""
    response = e.get_response()
    response.data = app.json.dumps({"detail": e.description})
    response.content_type = "application/json"
    return response


@app.get("/hello")
def hello():
    return {"message": "Hello, World!"}


@app.post("/echo")
def echo():
    # Built by hand because jsonify() appends a newline, and echo returns compact input as sent.
    body = app.json.dumps(request.get_json(), separators=(",", ":"))
    return app.response_class(body, mimetype="application/json")


@app.get("/items/")
def read_items():
    rows = get_db().execute("SELECT id, name, description, price FROM items").fetchall()
    return [dict(row) for row in rows]


@app.get("/items/<int:item_id>")
def read_item(item_id):
    row = get_db().execute(
        "SELECT id, name, description, price FROM items WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None:
        abort(404, description="Item not found")
    return dict(row)


@app.post("/items/")
def create_item():
    fields = item_fields()
    db = get_db()
    cur = db.execute(
        "INSERT INTO items (name, description, price) VALUES (:name, :description, :price)", fields
    )
    db.commit()
    return {"id": cur.lastrowid, **fields}, 201


@app.put("/items/<int:item_id>")
def update_item(item_id):
    fields = item_fields()
    db = get_db()
    cur = db.execute(
        "UPDATE items SET name = :name, description = :description, price = :price WHERE id = :id",
        {**fields, "id": item_id},
    )
    db.commit()
    if cur.rowcount == 0:
        abort(404, description="Item not found")
    return {"id": item_id, **fields}


@app.delete("/items/<int:item_id>")
def delete_item(item_id):
    db = get_db()
    cur = db.execute("DELETE FROM items WHERE id = ?", (item_id,))
    db.commit()
    if cur.rowcount == 0:
        abort(404, description="Item not found")
    return "", 204
