"""Checks that a running stack serves the Stackbench API contract (resources/stacks, DESIGN.md).

    python check_contract.py http://127.0.0.1:8000
    python check_contract.py http://127.0.0.1:8000 --burst 10x50

Standard library only. It writes to the database: it creates, updates and deletes one item of
its own (and, with --burst, one item per request of the burst), so run it against a scratch
copy. --burst TxN also runs T threads each sending N write requests (POST, PUT, DELETE in
turn) and fails on any 5xx or transport error. Prints one line per failed check and a summary;
exits 0 when everything passed, 1 otherwise. Stackbench's own conformance check is in C++; this
is the stacks' developer tool.
"""

import argparse
import json
import sys
import threading
import time
import urllib.error
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Makes a 3xx an error response like any other, so a redirect is seen, never followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def content_type(self):
        return self.headers.get("Content-Type", "")

    def json(self):
        return json.loads(self.body)


def call(base, method, path, body=None, content_type="application/json", timeout=30):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None and content_type:
        req.add_header("Content-Type", content_type)
    try:
        with OPENER.open(req, timeout=timeout) as r:
            return Reply(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, e.headers, e.read())


class Checker:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.failures = []
        self.checks = 0

    def check(self, ok, what):
        self.checks += 1
        if not ok:
            self.failures.append(what)
            print(f"FAIL {what}")
        return ok

    def request(self, method, path, body=None, expect=None, json_body=True, **kw):
        """Sends a request, checks the status (an int or a tuple of ints) and, when the reply
        has a body, that it is application/json. Returns the reply."""
        label = f"{method} {path}"
        try:
            r = call(self.base, method, path, body, **kw)
        except Exception as e:  # connection refused, reset, timeout
            self.check(False, f"{label}: no response ({e})")
            return None
        statuses = expect if isinstance(expect, tuple) else (expect,)
        self.check(r.status in statuses, f"{label}: status {r.status}, expected {expect}; body {r.body[:200]!r}")
        self.check(not 300 <= r.status < 400, f"{label}: redirected ({r.status} to {r.headers.get('Location')})")
        if json_body and r.body:
            ct = r.content_type.split(";")[0].strip()
            self.check(ct == "application/json", f"{label}: Content-Type {r.content_type!r}, expected application/json")
            try:
                r.json()
            except ValueError:
                self.check(False, f"{label}: body is not JSON: {r.body[:200]!r}")
        return r

    def item_ok(self, item, label, expected=None):
        shape = (
            isinstance(item, dict)
            and set(item) == {"id", "name", "description", "price"}
            and type(item["id"]) is int
            and isinstance(item["name"], str)
            and isinstance(item["description"], str)
            and type(item["price"]) in (int, float)
        )
        if not self.check(shape, f"{label}: not an item: {item!r}"):
            return False
        if expected:
            same = all(item[k] == v for k, v in expected.items())
            return self.check(same, f"{label}: got {item!r}, expected the fields {expected!r}")
        return True

    def run(self):
        # hello
        r = self.request("GET", "/hello", expect=200)
        if r:
            self.check(r.body and r.json() == {"message": "Hello, World!"}, f"GET /hello: body {r.body!r}")

        # echo: compact JSON comes back byte for byte
        for sent in ['{"a":1,"b":"x"}',
                     '{"name":"k6","values":[1,2.5,-3],"nested":{"ok":true,"none":null},"s":"a b"}',
                     '[1,"two",{"three":3}]']:
            r = self.request("POST", "/echo", sent, expect=200)
            if r:
                self.check(r.body == sent.encode(), f"POST /echo: sent {sent!r}, got {r.body!r}")
        for bad in ['{"a":', "not json", '{"a":1,}']:
            self.request("POST", "/echo", bad, expect=(400, 422))

        # the collection
        r = self.request("GET", "/items/", expect=200)
        before = None
        if r and self.check(isinstance(r.json(), list), "GET /items/: not an array"):
            before = r.json()
            for it in before[:50]:
                self.item_ok(it, "GET /items/")
            ids = [it.get("id") for it in before if isinstance(it, dict)]
            self.check(len(ids) == len(set(ids)), "GET /items/: duplicate ids")
            if before:
                first = before[0]
                r = self.request("GET", f"/items/{first['id']}", expect=200)
                if r:
                    self.item_ok(r.json(), f"GET /items/{first['id']}", first)

        # create, read, update, delete one item
        fields = {"name": "contract item", "description": "made by check_contract.py", "price": 12.5}
        r = self.request("POST", "/items/", json.dumps(fields, separators=(",", ":")), expect=201)
        if not r or not self.item_ok(r.json(), "POST /items/", fields):
            return
        new = r.json()
        iid = new["id"]
        if before is not None:
            ids = [it["id"] for it in before if isinstance(it, dict) and "id" in it]
            self.check(not ids or iid > max(ids), f"POST /items/: new id {iid} not above the existing ones")
            r = self.request("GET", "/items/", expect=200)
            if r:
                self.check(len(r.json()) == len(before) + 1, "GET /items/: count did not grow by one after POST")
        r = self.request("GET", f"/items/{iid}", expect=200)
        if r:
            self.item_ok(r.json(), f"GET /items/{iid}", new)

        changed = {"name": "contract item, updated", "description": "updated", "price": 7}
        r = self.request("PUT", f"/items/{iid}", json.dumps(changed), expect=200)
        if r:
            self.item_ok(r.json(), f"PUT /items/{iid}", {**changed, "id": iid})
        r = self.request("GET", f"/items/{iid}", expect=200)
        if r:
            self.item_ok(r.json(), f"GET /items/{iid} after PUT", {**changed, "id": iid})

        # invalid bodies: 4xx, never 5xx, and nothing changes
        for bad in ['{"name":', '{"name":"x","description":"y"}', '{"name":"x","description":"y","price":"abc"}',
                    '[]', '{"name":"x","description":"y","price":"nan"}']:
            self.request("POST", "/items/", bad, expect=(400, 422))
            self.request("PUT", f"/items/{iid}", bad, expect=(400, 422))
        # Only reported, not failed: NaN is not JSON but Python's json module accepts it, 1e999
        # overflows to infinity (FastAPI's stock 422 handler then fails to render the error: 500),
        # and DRF's CharField turns a number into a string (201).
        for odd in ['{"name":"x","description":"y","price":NaN}', '{"name":"x","description":"y","price":1e999}',
                    '{"name":1,"description":"y","price":1}']:
            r = call(self.base, "POST", "/items/", odd)
            if not 400 <= r.status < 500:
                print(f"note: POST /items/ {odd}: status {r.status}")
            if r.status < 300:
                call(self.base, "DELETE", f"/items/{r.json()['id']}")
        r = self.request("GET", f"/items/{iid}", expect=200)
        if r:
            self.item_ok(r.json(), f"GET /items/{iid} after invalid PUTs", {**changed, "id": iid})

        r = self.request("DELETE", f"/items/{iid}", expect=204, json_body=False)
        if r:
            self.check(r.body == b"", f"DELETE /items/{iid}: body {r.body!r}, expected none")
        self.request("GET", f"/items/{iid}", expect=404)
        self.request("PUT", f"/items/{iid}", json.dumps(changed), expect=404)
        self.request("DELETE", f"/items/{iid}", expect=404)
        if before is not None:
            r = self.request("GET", "/items/", expect=200)
            if r:
                self.check(len(r.json()) == len(before), "GET /items/: count did not return after DELETE")

        # not found, and no redirects on near-miss paths
        self.request("GET", "/items/999999999", expect=404)
        self.request("GET", "/no-such-path", expect=404)
        self.request("GET", "/items", expect=(200, 404))
        self.request("GET", "/hello/", expect=(200, 404))

    def burst(self, threads, per_thread):
        """threads x per_thread writes: each thread creates an item, updates it, deletes it, again."""
        counts, lock = {}, threading.Lock()
        errors = []

        def worker(t):
            iid = None
            for i in range(per_thread):
                step = i % 3
                body = json.dumps({"name": f"burst {t}-{i}", "description": "burst", "price": i + 0.5})
                try:
                    if step == 0 or iid is None:
                        r = call(self.base, "POST", "/items/", body)
                        if r.status == 201:
                            iid = r.json()["id"]
                    elif step == 1:
                        r = call(self.base, "PUT", f"/items/{iid}", body)
                    else:
                        r = call(self.base, "DELETE", f"/items/{iid}")
                        iid = None
                    status = r.status
                except Exception as e:
                    status = f"error {type(e).__name__}"
                    with lock:
                        errors.append(str(e))
                with lock:
                    counts[status] = counts.get(status, 0) + 1
            if iid is not None:
                call(self.base, "DELETE", f"/items/{iid}")

        start = time.monotonic()
        pool = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
        for th in pool:
            th.start()
        for th in pool:
            th.join()
        elapsed = time.monotonic() - start
        print(f"burst {threads}x{per_thread}: {dict(sorted(counts.items(), key=str))} in {elapsed:.1f} s")
        bad = {s: n for s, n in counts.items() if not isinstance(s, int) or s >= 500}
        self.check(not bad, f"burst: server errors or transport errors {bad} {errors[:3]}")
        unexpected = {s: n for s, n in counts.items() if s not in (200, 201, 204)}
        self.check(not unexpected, f"burst: unexpected statuses {unexpected}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--burst", metavar="TxN", help="also run T threads x N concurrent writes, e.g. 10x50")
    args = parser.parse_args()
    c = Checker(args.base)
    c.run()
    if args.burst:
        t, n = (int(x) for x in args.burst.lower().split("x"))
        c.burst(t, n)
    print(f"{c.checks - len(c.failures)}/{c.checks} checks passed against {c.base}")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
