"""`briefgen serve`: build, serve build/ on localhost, and rebuild what an edit changes."""

from __future__ import annotations

import contextlib
import functools
import http.server
import ipaddress
import os
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..build.pipeline import build
from ..build.records import Options, Result
from ..build.report import describe, summary
from ..errors import BriefgenError, PortUnavailable, UsageError

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


class _Handler(http.server.SimpleHTTPRequestHandler):
    generation: Generation
    hosts: frozenset[str]  # the Host header values this server answers

    def end_headers(self) -> None:
        # A preview must show the latest build, never a cached one.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for build reports, not one line per request."""

    def do_HEAD(self) -> None:
        if self._host_allowed():
            super().do_HEAD()

    def do_GET(self) -> None:
        if not self._host_allowed():
            return
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        if url_path == RELOAD_PATH:
            self._send(str(self.generation.value).encode(), "text/plain; charset=utf-8")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir() and url_path.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            try:
                html = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                html = None
            if html is not None:
                self._send(self._with_reload(html).encode(), "text/html; charset=utf-8")
                return
        # Everything else, and a folder without its trailing slash (redirected), as usual.
        super().do_GET()

    def _host_allowed(self) -> bool:
        """Answer only requests addressed to this server (a DNS-rebinding page is refused)."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host in self.hosts:
            return True
        self.send_error(421, "Misdirected Request", "this preview answers only its own address")
        return False

    def _with_reload(self, html: str) -> str:
        script = _RELOAD_SCRIPT.format(generation=self.generation.value)
        at = html.rfind("</body>")
        return html + script if at < 0 else html[:at] + script + html[at:]

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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
        "Handler", (_Handler,), {"generation": generation, "hosts": frozenset()}
    )
    try:
        server = http.server.ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=os.fspath(folder))
        )
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
