"""A local OParl 1.1/1.0 server on loopback for the import tests and `make demo-oparl`.

Objects are built around the PDFs of `data/samples`: one Body with organizations, meetings
(protocols, agenda items with resolution files) and papers, served in pages of two with the
mandatory filters, tombstones in filtered lists only, and files with ETag and 304.
Tests change the world (`touch`, `delete`, `add_meeting`), script replies
(`script[path] = [500, "ok"]`), switch on vendor quirks (`quirks`), and read `requests`.

Run alone: `python -m tests.oparl_server [--port 8765]` (serves until interrupted).
"""

import argparse
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples" / "pdf"
PAGE_SIZE = 2
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")

# name in /files/ -> sample PDF
SAMPLE_FILES = {
    "niederschrift-2026-03-26.pdf": "ahnsen_gemeinderat_2026-03-26_niederschrift.pdf",
    "niederschrift-2026-05-05.pdf": "ahnsen_gemeinderat_2026-05-05_niederschrift.pdf",
    "beschluss-top1e.pdf": "stuttgart_gemeinderat_2019-03-28_niederschrift66_top1e.pdf",
    "vorlage-ds75-2025.pdf": "nordstemmen_2025-09-04_ds75-2025_anlage1_nkomvg-121a.pdf",
}


def _clock() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class OparlWorld:
    """What the server serves; every URL is `base` + a path."""

    base: str = "http://127.0.0.1:0"
    version: str = "1.1"
    now: datetime = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # path -> object
    files: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)  # status, type, body
    raw: dict[str, tuple[int, str]] = field(default_factory=dict)  # path[?query] -> reply
    script: dict[str, list[int | str | float]] = field(default_factory=dict)
    quirks: set[str] = field(default_factory=set)
    requests: list[Request] = field(default_factory=list)
    active: int = 0
    max_active: int = 0

    def type_url(self, kind: str) -> str:
        return f"https://schema.oparl.org/{self.version}/{kind}"

    def url(self, path: str) -> str:
        return self.base + path

    def stamp(self) -> str:
        return self.now.isoformat()

    def put(self, path: str, kind: str, **fields: Any) -> dict[str, Any]:
        obj = {"id": self.url(path), "type": self.type_url(kind), "created": self.stamp(),
               "modified": self.stamp(), **fields}
        self.objects[path] = obj
        return obj

    def file(self, name: str, title: str) -> dict[str, Any]:
        """An inline File object for /files/<name>."""
        return {"id": self.url(f"/oparl/file/{name}"), "type": self.type_url("File"),
                "name": title, "fileName": name, "mimeType": "application/pdf",
                "accessUrl": self.url(f"/files/{name}"), "created": self.stamp(),
                "modified": self.stamp()}

    def agenda_item(self, n: int, number: str, name: str, result: str) -> dict[str, Any]:
        return {"id": self.url(f"/oparl/agendaitem/{n}"), "type": self.type_url("AgendaItem"),
                "number": number, "order": n % 10, "name": name, "result": result,
                "public": True}

    def touch(self, path: str, **fields: Any) -> None:
        """Change an object now (the server bumps `modified` to the real clock, which the
        importer's `modified_since` is taken from)."""
        self.objects[path].update(fields, modified=_clock())

    def delete(self, path: str) -> None:
        """Turn an object into its tombstone."""
        old = self.objects[path]
        self.objects[path] = {"id": old["id"], "type": old["type"], "created": old["created"],
                              "modified": _clock(), "deleted": True}

    def build(self) -> None:
        """The standard world: a System, one Body, 2 organizations, 4 meetings, 2 papers."""
        for name, sample in SAMPLE_FILES.items():
            self.files[f"/files/{name}"] = (200, "application/pdf",
                                            (SAMPLES / sample).read_bytes())
        self.put("/oparl/system", "System", oparlVersion=f"https://schema.oparl.org/{self.version}/",
                 body=self.url("/oparl/bodies"), name="Testsystem", vendor="https://ratsuche.test")
        body = "/oparl/body/1"
        self.put(body, "Body", system=self.url("/oparl/system"), name="Gemeinde Ahnsen",
                 shortName="Ahnsen", ags="3257001",
                 organization=self.url(f"{body}/organization"),
                 person=self.url(f"{body}/person"), meeting=self.url(f"{body}/meeting"),
                 paper=self.url(f"{body}/paper"), legislativeTerm=[],
                 web="https://ris.ahnsen.test/")
        self.put("/oparl/organization/1", "Organization", name="Gemeinderat",
                 organizationType="Gremium", body=self.url(body))
        self.put("/oparl/organization/2", "Organization", name="Fraktion X",
                 classification="Fraktion", body=self.url(body))
        rat = [self.url("/oparl/organization/1")]
        self.put("/oparl/meeting/1", "Meeting", name="Sitzung des Gemeinderates",
                 start="2026-03-26T19:00:00+01:00", organization=rat,
                 web="https://ris.ahnsen.test/si0057.asp?id=1",
                 resultsProtocol=self.file("niederschrift-2026-03-26.pdf", "Niederschrift"),
                 agendaItem=[self.agenda_item(11, "TOP 3", "Genehmigung des Protokolls",
                                              "abgelehnt"),
                             self.agenda_item(12, "TOP 4", "Bericht des Bürgermeisters",
                                              "zur Kenntnis genommen")])
        self.put("/oparl/meeting/2", "Meeting", name="Sitzung des Gemeinderates",
                 start="2026-05-05T19:00:00+02:00", organization=rat,
                 web="https://ris.ahnsen.test/si0057.asp?id=2",
                 resultsProtocol=self.file("niederschrift-2026-05-05.pdf", "Niederschrift"))
        self.put("/oparl/meeting/3", "Meeting", name="66. Sitzung des Gemeinderats",
                 start="2019-03-28T16:00:00+01:00", organization=rat,
                 web="https://ris.ahnsen.test/si0057.asp?id=3",
                 agendaItem=[
                     {"id": self.url("/oparl/agendaitem/31"), "type": self.type_url("AgendaItem"),
                      "number": "1e", "order": 0, "name": "Bebauungsplan", "public": True,
                      "result": "beschlossen",
                      "resolutionFile": self.file("beschluss-top1e.pdf", "Beschluss TOP 1e")},
                     {"id": self.url("/oparl/agendaitem/32"), "type": self.type_url("AgendaItem"),
                      "number": "2", "order": 1, "name": "Verschiedenes", "public": True},
                 ])
        self.put("/oparl/meeting/4", "Meeting", name="Sitzung des Gemeinderates",
                 start="2026-07-01T19:00:00+02:00", organization=rat)
        self.put("/oparl/paper/1", "Paper", name="Wärmenetz GmbH: § 121a NKomVG",
                 reference="DS 75/2025", paperType="Beschlussvorlage", date="2025-09-04",
                 body=self.url(body), web="https://ris.ahnsen.test/vo0050.asp?id=1",
                 mainFile=self.file("vorlage-ds75-2025.pdf", "Vorlage"))
        self.put("/oparl/paper/2", "Paper", name="Anfrage ohne Datei", reference="DS 76/2025",
                 paperType="Anfrage", body=self.url(body))

    # --- answering
    def list_page(self, path: str, prefix: str, query: dict[str, str]) -> tuple[int, Any]:
        """A page of the list at `path`: the objects whose path starts with `prefix`."""
        bounds: dict[str, datetime] = {}
        for name in FILTERS:
            if name in query:
                try:
                    bounds[name] = datetime.fromisoformat(query[name])
                except ValueError:
                    return 400, {"type": self.type_url("Error"), "message": f"bad {name}"}
        filtered = bool(bounds)
        items = [o for p, o in sorted(self.objects.items()) if p.startswith(prefix)
                 and (filtered or not o.get("deleted"))]
        for name, bound in bounds.items():
            key = name.split("_")[0]
            items = [o for o in items if (datetime.fromisoformat(o[key]) >= bound
                                          if name.endswith("since")
                                          else datetime.fromisoformat(o[key]) <= bound)]
        if filtered and not items:
            if "sternberg_empty_404" in self.quirks:
                return 404, {"error": "Die angeforderte Ressource wurde nicht gefunden.",
                             "code": 802, "type": "SD.NET RIM Webservice"}
            if "empty_list_as_array" in self.quirks:
                return 200, []
        page = int(query.get("page", "1"))
        chunk = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        links: dict[str, str] = {}
        kept = {k: v for k, v in query.items() if k != "page"}
        if "drop_filter_on_next" in self.quirks:
            kept = {k: v for k, v in kept.items() if k not in FILTERS}
        host = "http://other.invalid" if "offhost_next" in self.quirks else self.base
        if "loop_next" in self.quirks:  # 1 → 2 → 1 → …
            links["next"] = f"{host}{path}?{urlencode({**kept, 'page': 2 if page == 1 else 1})}"
        elif page * PAGE_SIZE < len(items):
            links["next"] = f"{host}{path}?{urlencode({**kept, 'page': page + 1})}"
        return 200, {"data": chunk, "links": links,
                     "pagination": {"totalElements": len(items), "elementsPerPage": PAGE_SIZE,
                                    "currentPage": page}}

    def answer(self, path: str, query: dict[str, str],
               headers: dict[str, str]) -> tuple[int, str, bytes, dict[str, str]]:
        target = f"{path}?{urlencode(query)}" if query else path
        if target in self.raw:
            status, text = self.raw[target]
            return status, "application/json", text.replace("{base}", self.base).encode(), {}
        if path in self.files:
            status, kind, content = self.files[path]
            etag = '"' + hashlib.sha1(content).hexdigest() + '"'
            extra = {"ETag": etag, "Last-Modified": format_datetime(self.now, usegmt=True)}
            if status == 200 and headers.get("if-none-match") == etag:
                return 304, kind, b"", extra
            return status, kind, content, extra
        lists = {"/oparl/bodies": "/oparl/body/"}
        body = "/oparl/body/1"
        for name in ("organization", "meeting", "paper", "person"):
            lists[f"{body}/{name}"] = f"/oparl/{name}/"
        if path in lists:
            if path == "/oparl/bodies" and "body_list_single_object" in self.quirks:
                status, data = 200, self.objects[body]
            else:
                status, data = self.list_page(path, lists[path], query)
        elif path in self.objects:
            status, data = 200, self.objects[path]
        else:
            status, data = 404, {"type": self.type_url("Error"), "message": "not found"}
        text = json.dumps(data, ensure_ascii=False)
        if "control_chars_json" in self.quirks:
            text = text.replace("Sitzung des", "Sitzung\x0b des")
        return status, "application/json; charset=utf-8", text.encode(), {}


def _handler(world: OparlWorld) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        counted = False  # this request is in `world.active`

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                world.requests.append(Request("GET", parts.path, query, headers))
                world.active += 1
                world.max_active = max(world.max_active, world.active)
            self.counted = True
            try:
                self._reply(parts.path, parts.query, query, headers)
            finally:
                self._done()

        def _done(self) -> None:
            """The request stops counting as active before its answer goes out: a client
            may send its next request as soon as it has read the answer, possibly before
            this thread runs again (under load that looked like two requests at once)."""
            if self.counted:
                self.counted = False
                with lock:
                    world.active -= 1

        def _reply(self, path: str, raw_query: str, query: dict[str, str],
                   headers: dict[str, str]) -> None:
            key = f"{path}?{raw_query}" if f"{path}?{raw_query}" in world.script else path
            scripted = world.script.get(key)
            step = scripted.pop(0) if scripted else "ok"
            if isinstance(step, float):  # a slow reply
                time.sleep(step)
            elif isinstance(step, int):  # an error page; "come back at once" for 429 and 503
                wait = {"Retry-After": "0"} if step in (429, 503) else {}
                self._send(step, "text/html", b"<html><body>Server Error</body></html>", wait)
                return
            status, kind, body, extra = world.answer(path, query, headers)
            self._send(status, kind, body, extra)

        def _send(self, status: int, kind: str, body: bytes, extra: dict[str, str]) -> None:
            self._done()
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client timed out
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def serve(version: str = "1.1", port: int = 0) -> Iterator[OparlWorld]:
    """A running server on 127.0.0.1 with the standard world; stopped afterwards."""
    world = OparlWorld(version=version)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(world))
    server.daemon_threads = True
    world.base = f"http://127.0.0.1:{server.server_address[1]}"
    world.build()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield world
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with serve(port=args.port) as world:
        print(f"OParl System at {world.url('/oparl/system')}", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
