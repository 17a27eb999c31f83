"""Flask + SQLAlchemy, through Flask-SQLAlchemy: the Stackbench API contract.

Follows Flask-SQLAlchemy 3.1's quickstart: a declarative model on `db.Model`, the request-scoped
`db.session`, `db.get_or_404`. Served by gunicorn with the gthread worker; see ../stacks.json.
The `items` table is created by ../seed.py, not here.
"""

import math
import os

from flask import Flask, abort, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from werkzeug.exceptions import HTTPException

DB_PATH = os.environ.get("STACKBENCH_DB")
if not DB_PATH:
    raise RuntimeError("STACKBENCH_DB must hold the absolute path of the SQLite database")


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{DB_PATH}"
# SQLite's busy timeout, so writers wait for the lock instead of failing with "database is locked".
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
# Serialise keys in the order given (echo must return its input as sent) and keep UTF-8 as is.
app.json.sort_keys = False
app.json.ensure_ascii = False
# /items matches the /items/ rule instead of redirecting to it.
app.url_map.strict_slashes = False
db.init_app(app)


class Item(db.Model):
    __tablename__ = "items"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    description: Mapped[str]
    price: Mapped[float]

    def to_dict(self):
        return {"id": self.id, "name": self.name, "description": self.description, "price": self.price}


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
    items = db.session.execute(db.select(Item)).scalars()
    return [item.to_dict() for item in items]


@app.get("/items/<int:item_id>")
def read_item(item_id):
    return db.get_or_404(Item, item_id).to_dict()


@app.post("/items/")
def create_item():
    item = Item(**item_fields())
    db.session.add(item)
    db.session.commit()
    return item.to_dict(), 201


@app.put("/items/<int:item_id>")
def update_item(item_id):
    item = db.get_or_404(Item, item_id)
    for key, value in item_fields().items():
        setattr(item, key, value)
    db.session.commit()
    return item.to_dict()


@app.delete("/items/<int:item_id>")
def delete_item(item_id):
    item = db.get_or_404(Item, item_id)
    db.session.delete(item)
    db.session.commit()
    return "", 204
