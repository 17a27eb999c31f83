"""FastAPI + sqlite3 with `async def` path operations: a variant of ../fastapi-sqlite3/app.py.

The paper does not say whether its FastAPI path operations were `def` or `async def`. The reference
stack uses `def` (FastAPI runs them in its threadpool, so a blocking sqlite3 call waits on a thread);
this variant is the same code with `async def` for the dependency and every path operation, so each
blocking sqlite3 call runs on the worker's event loop and holds up every other request of that
worker until it returns. Measured against the reference with ../../plans/fastapi-def-vs-async.json;
served from ../fastapi-variants.json. Nothing else differs.
"""

import os
import sqlite3
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, HTTPException, Response
from pydantic import BaseModel, ConfigDict

DB_PATH = os.environ.get("STACKBENCH_DB")
if not DB_PATH:
    raise RuntimeError("STACKBENCH_DB must hold the absolute path of the SQLite database")


class ItemCreate(BaseModel):
    # NaN and infinities are not JSON numbers, and SQLite would store NaN as NULL.
    model_config = ConfigDict(allow_inf_nan=False)

    name: str
    description: str
    price: float


class Item(ItemCreate):
    id: int


async def get_db():
    # check_same_thread=False: FastAPI may run a request's dependency and its path operation on
    # different threadpool threads; the connection is still used by one request at a time.
    # timeout: SQLite's busy timeout, so writers wait for the lock instead of failing.
    conn = sqlite3.connect(DB_PATH, timeout=30, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        yield conn
    finally:
        conn.close()


DbDep = Annotated[sqlite3.Connection, Depends(get_db)]

# redirect_slashes=False: /items is a 404, never a redirect to /items/.
app = FastAPI(redirect_slashes=False)


@app.get("/hello")
async def hello():
    return {"message": "Hello, World!"}


@app.post("/echo")
async def echo(payload: Annotated[Any, Body()]):
    return payload


@app.get("/items/", response_model=list[Item])
async def read_items(db: DbDep):
    rows = db.execute("SELECT id, name, description, price FROM items").fetchall()
    return [dict(row) for row in rows]


@app.get("/items/{item_id}", response_model=Item)
async def read_item(item_id: int, db: DbDep):
    row = db.execute(
        "SELECT id, name, description, price FROM items WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return dict(row)


@app.post("/items/", response_model=Item, status_code=201)
async def create_item(item: ItemCreate, db: DbDep):
    cur = db.execute(
        "INSERT INTO items (name, description, price) VALUES (?, ?, ?)",
        (item.name, item.description, item.price),
    )
    db.commit()
    return Item(id=cur.lastrowid, **item.model_dump())


@app.put("/items/{item_id}", response_model=Item)
async def update_item(item_id: int, item: ItemCreate, db: DbDep):
    cur = db.execute(
        "UPDATE items SET name = ?, description = ?, price = ? WHERE id = ?",
        (item.name, item.description, item.price, item_id),
    )
    db.commit()
    if cur.rowcount == 0:
        raise HTTPException(status_code=404, detail="Item not found")
    return Item(id=item_id, **item.model_dump())


@app.delete("/items/{item_id}", status_code=204)
async def delete_item(item_id: int, db: DbDep):
    cur = db.execute("DELETE FROM items WHERE id = ?", (item_id,))
    db.commit()
    if cur.rowcount == 0:
        raise HTTPException(status_code=404, detail="Item not found")
    return Response(status_code=204)
