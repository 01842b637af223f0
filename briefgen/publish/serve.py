"""`briefgen serve`: build, serve build/ on localhost, and rebuild what an edit changes."""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import mimetypes
import os
import socket
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..build.pipeline import build
from ..build.records import Options, Result
from ..build.report import describe, summary
from ..errors import BriefgenError, PortUnavailable, UnreadableFile, UsageError
from ..files import MAX_OUTPUT_BYTES, read_inside

RELOAD_PATH = "/__briefgen__/generation"
# Served HTML (not the built file) carries this, so an open page reloads after a rebuild.
_RELOAD_SCRIPT = (
    "<script>/* briefgen serve: reload after a rebuild */(function(){{var g={generation};"
    "setInterval(function(){{fetch('" + RELOAD_PATH + "',{{cache:'no-store'}})"
    ".then(function(r){{return r.text()}}).then(function(t){{if(+t!==g)location.reload()}})"
    ".catch(function(){{}})}},1000)}})();</script>"
)
# Folders whose churn never changes a brief; the output folder is left out by path.
_IGNORED_DIRS = (".ruff_cache", ".benchmarks", "schema")


class Generation:
    """A counter of finished rebuilds that changed something, shared with the HTTP threads."""

    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def bump(self) -> None:
        with self._lock:
            self.value += 1


# A request names at most this much: longer is refused before any file system call.
MAX_NAME = 255
MAX_PATH = 2048


class _Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serve the files of one folder: plain files only, no link followed, every request answered.

    Not SimpleHTTPRequestHandler's file serving: it follows symlinks, and a NUL or an odd
    name in a request ends in a traceback and no answer. Every name here goes through the
    project's opener, every request gets a status code, and a client that goes away is let go.
    """

    generation: Generation
    hosts: frozenset[str]  # the Host header values this server answers
    folder: str
    timeout = 30  # seconds: a client that connects and says nothing does not hold a thread

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for build reports, not one line per request."""

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        try:
            if not self._host_allowed():
                return
            status, headers, data = self._response()
        except _Refused as exc:
            status, headers, data = exc.status, {}, f"{exc.status} {exc.reason}\n".encode()
            headers["Content-Type"] = "text/plain; charset=utf-8"
        except Exception:  # a bug here must still answer, and never print a traceback
            status, data = 500, b"500 the preview could not answer this request\n"
            headers = {"Content-Type": "text/plain; charset=utf-8"}
        with contextlib.suppress(OSError):  # the client went away: nothing to answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            # A preview must show the latest build, never a cached one.
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

    def _response(self) -> tuple[int, dict[str, str], bytes]:
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        if url_path == RELOAD_PATH:
            text = str(self.generation.value).encode()
            return 200, {"Content-Type": "text/plain; charset=utf-8"}, text
        parts = _parts(url_path)
        relative = os.path.join(*parts) if parts else ""
        full = os.path.join(self.folder, relative)
        # No link is followed, inside the folder or out: each part must be what it says.
        walked = self.folder
        for part in parts:
            walked = os.path.join(walked, part)
            try:
                mode = os.lstat(walked).st_mode
            except OSError:
                raise _Refused(404, "Not Found") from None
            if stat.S_ISLNK(mode):
                raise _Refused(404, "Not Found")
        if os.path.isdir(full):
            if not url_path.endswith("/"):
                return 301, {"Location": url_path + "/"}, b""
            relative = os.path.join(relative, "index.html")
            if os.path.islink(os.path.join(self.folder, relative)):
                raise _Refused(404, "Not Found")
        try:
            data = read_inside(self.folder, relative, MAX_OUTPUT_BYTES)
        except UnreadableFile:
            raise _Refused(404, "Not Found") from None
        kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        if relative.endswith(".html"):
            with contextlib.suppress(UnicodeDecodeError):
                data = self._with_reload(data.decode("utf-8")).encode()
            kind = "text/html; charset=utf-8"
        return 200, {"Content-Type": kind}, data

    def _host_allowed(self) -> bool:
        """Answer only requests addressed to this server (a DNS-rebinding page is refused)."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host in self.hosts:
            return True
        raise _Refused(421, "Misdirected Request: this preview answers only its own address")

    def _with_reload(self, html: str) -> str:
        script = _RELOAD_SCRIPT.format(generation=self.generation.value)
        at = html.rfind("</body>")
        return html + script if at < 0 else html[:at] + script + html[at:]


def _parts(url_path: str) -> list[str]:
    """Return a request path's names, or refuse one no file of the folder can have."""
    if len(url_path) > MAX_PATH:
        raise _Refused(414, "URI Too Long")
    try:
        path = unquote(url_path, errors="strict")
    except UnicodeDecodeError:  # a lone surrogate, or bytes that are not UTF-8
        raise _Refused(400, "Bad Request: the path is not UTF-8") from None
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in path):
        raise _Refused(400, "Bad Request: the path holds a control character")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p for p in parts):
        raise _Refused(400, "Bad Request: the path leaves the folder")
    if any(len(p.encode()) > MAX_NAME for p in parts):
        raise _Refused(414, "URI Too Long: a name is too long")
    return parts


class _Server(http.server.ThreadingHTTPServer):
    # The listen backlog: 200 clients at once must all be queued, not refused.
    request_queue_size = 512
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Print nothing: a client that went away, or a broken request, is no traceback."""


def loopback_only(host: str) -> None:
    """Refuse a --host that is not this machine's loopback: the preview is for its user alone."""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise UsageError(
            f"--host '{host}' is not an address of this machine (use 127.0.0.1, ::1 or localhost)"
        ) from None
    addresses = {str(info[4][0]) for info in found}
    if not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise UsageError(
            f"--host '{host}' is not a loopback address: the preview serves unpublished briefs "
            "and listens only on this machine (use 127.0.0.1, ::1 or localhost)"
        )


def own_hosts(host: str, port: int) -> frozenset[str]:
    """Return the Host header values that name this server: its address, with and without port."""
    names = {host.lower(), f"[{host}]" if ":" in host else host.lower()}
    names |= {"localhost", "127.0.0.1", "[::1]"}  # loopback_only has let only loopback in
    return frozenset(n for name in names for n in (name, f"{name}:{port}"))


def open_server(host: str, port: int, folder: Path, generation: Generation) -> Any:
    """Bind the HTTP server for `folder`; fail early, before building, if the port is taken."""
    loopback_only(host)
    handler: type[_Handler] = type(
        "Handler",
        (_Handler,),
        {"generation": generation, "hosts": frozenset(), "folder": os.path.abspath(folder)},
    )
    try:
        server = _Server((host, port), handler)
    except OSError as exc:
        raise PortUnavailable(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}", "pick another --port"
        ) from None
    handler.hosts = own_hosts(host, server.server_address[1])
    return server


def _rebuild(root: Path, opts: Options, say: Callable[[str], None]) -> bool:
    """Build again; report only what changed. Return whether any output was rewritten."""

    def report(result: Result) -> None:
        if result.status != "unchanged":  # a preview reports what an edit changed
            say(describe(result)[0])

    try:
        results, findings = build(root, (), opts, report=report)
    except (BriefgenError, OSError) as exc:
        # A bad edit must not stop the preview: say what is wrong and wait for the next one.
        say(f"Error: {exc}")
        return False
    errors = sum(f.severity == "error" for f in findings)
    tail = f"; {errors} content error(s): see `briefgen check`" if errors else ""
    say(summary(results) + tail)
    return any(r.status == "built" for r in results)


def _changed(changes: Iterable[tuple[Any, str]], root: Path) -> str:
    """Name the changed files, leaving out an editor's temporary files that came and went."""
    import watchfiles

    kinds: dict[str, set[Any]] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(change)
    transient = {watchfiles.Change.added, watchfiles.Change.deleted}
    names = sorted(
        os.path.relpath(path, root)
        for path, seen in kinds.items()
        if not (transient <= seen and not os.path.exists(path))
    )
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return shown or "temporary files"


def serve(
    root: Path,
    opts: Options,
    host: str,
    port: int,
    say: Callable[[str], None],
    debounce_ms: int = 300,
) -> None:
    """Build, serve opts.out over HTTP, and rebuild on every change until interrupted."""
    import watchfiles

    generation = Generation()
    server = open_server(host, port, opts.out, generation)
    thread = threading.Thread(target=server.serve_forever, name="briefgen-serve", daemon=True)
    try:
        opts.out.mkdir(parents=True, exist_ok=True)
        _rebuild(root, opts, say)
        thread.start()
        bound_port = server.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        say(f"Serving {opts.out} at http://{shown}:{bound_port}/ (Ctrl-C to stop)")
        watch_filter = watchfiles.DefaultFilter(
            ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, *_IGNORED_DIRS),
            ignore_paths=(opts.out.resolve(),),
        )
        watching = False
        # The first, empty, yield comes once the watcher runs: only then is "watching" true.
        for changes in watchfiles.watch(
            root,
            watch_filter=watch_filter,
            debounce=debounce_ms,
            step=50,
            yield_on_timeout=True,
            rust_timeout=500,
        ):
            if not watching:
                watching = True
                say(f"Watching {root} for changes")
            if not changes:
                continue
            say(f"changed: {_changed(changes, root)}")
            if _rebuild(root, opts, say):
                generation.bump()
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        with contextlib.suppress(RuntimeError):
            thread.join(timeout=5)
