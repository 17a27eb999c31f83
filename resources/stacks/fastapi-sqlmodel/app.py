"""FastAPI + SQLAlchemy, through SQLModel: the Stackbench API contract.

Follows SQLModel's "FastAPI and Pydantic" tutorial: table model plus public/create models, one
Session per request from a dependency with yield, sync path operations (FastAPI runs them in its
threadpool). Served by gunicorn with uvicorn.workers.UvicornWorker; see ../stacks.json.
The `items` table is created by ../seed.py, not here.
"""

import os
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, HTTPException, Response
from pydantic import ConfigDict
from sqlmodel import Field, Session, SQLModel, create_engine, select

DB_PATH = os.environ.get("STACKBENCH_DB")
if not DB_PATH:
    raise RuntimeError("STACKBENCH_DB must hold the absolute path of the SQLite database")


class ItemBase(SQLModel):
    # NaN and infinities are not JSON numbers, and SQLite would store NaN as NULL.
    model_config = ConfigDict(allow_inf_nan=False)

    name: str
    description: str
    price: float


class Item(ItemBase, table=True):
    __tablename__ = "items"
    __table_args__ = {"sqlite_autoincrement": True}
    id: int | None = Field(default=None, primary_key=True)


class ItemCreate(ItemBase):
    pass


class ItemPublic(ItemBase):
    id: int


# check_same_thread=False: FastAPI may run a request's dependency and its path operation on
# different threadpool threads. timeout: SQLite's busy timeout, so writers wait for the lock
# instead of failing with "database is locked".
engine = create_engine(
    f"sqlite:///{DB_PATH}", connect_args={"check_same_thread": False, "timeout": 30}
)


def get_session():
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

# redirect_slashes=False: /items is a 404, never a redirect to /items/.
app = FastAPI(redirect_slashes=False)


@app.get("/hello")
async def hello():
    return {"message": "Hello, World!"}


@app.post("/echo")
async def echo(payload: Annotated[Any, Body()]):
    return payload


@app.get("/items/", response_model=list[ItemPublic])
def read_items(session: SessionDep):
    return session.exec(select(Item)).all()


@app.get("/items/{item_id}", response_model=ItemPublic)
def read_item(item_id: int, session: SessionDep):
    item = session.get(Item, item_id)
    if not item:
        raise HTTPException(status_code=404, detail="Item not found")
    return item


@app.post("/items/", response_model=ItemPublic, status_code=201)
def create_item(item: ItemCreate, session: SessionDep):
    db_item = Item.model_validate(item)
    session.add(db_item)
    session.commit()
    session.refresh(db_item)
    return db_item


@app.put("/items/{item_id}", response_model=ItemPublic)
def update_item(item_id: int, item: ItemCreate, session: SessionDep):
    db_item = session.get(Item, item_id)
    if not db_item:
        raise HTTPException(status_code=404, detail="Item not found")
    db_item.sqlmodel_update(item.model_dump())
    session.add(db_item)
    session.commit()
    session.refresh(db_item)
    return db_item


@app.delete("/items/{item_id}", status_code=204)
def delete_item(item_id: int, session: SessionDep):
    item = session.get(Item, item_id)
    if not item:
        raise HTTPException(status_code=404, detail="Item not found")
    session.delete(item)
    session.commit()
    return Response(status_code=204)
