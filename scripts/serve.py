"""A small static file server for the built site, with the MIME types Pyodide needs.

``python scripts/serve.py [--root site] [--host 127.0.0.1] [--port 8000] [--prefix /optimizer-paths/]``
serves a folder over HTTP; the tests import ``serve_in_background`` to do the same on a free port.
``--prefix`` serves it under a sub-path only, as GitHub Pages serves a project site at
``https://<user>.github.io/<repo>/``: everything outside the prefix is a 404, and the prefix
without its trailing slash redirects (301) to it with the slash.
Module scripts need ``text/javascript``, ``WebAssembly.instantiateStreaming`` needs
``application/wasm``; wheels, grids and zips go out as ``application/octet-stream``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from http import HTTPStatus
from pathlib import Path

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".whl": "application/octet-stream",
    ".zip": "application/octet-stream",
    ".f32": "application/octet-stream",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    "": "application/octet-stream",
}


def normalise_prefix(prefix: str) -> str:
    """The URL path a site is served under, as "/" or "/name/" ("optimizer-paths" -> "/optimizer-paths/")."""
    words = [word for word in prefix.strip().split("/") if word]
    if any(word in (".", "..") or any(char in word for char in "?#%\\ ") for word in words):
        raise ValueError(f"{prefix!r} is not a plain URL path such as /optimizer-paths/")
    return "/" + "".join(f"{word}/" for word in words)


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with ``MIME_TYPES`` under ``prefix``; quiet unless ``verbose``; no caching surprises."""

    extensions_map = MIME_TYPES
    verbose = False
    prefix = "/"            # normalised: "/" or "/name/"

    def send_head(self):
        if self.prefix != "/":
            path, _, query = self.path.partition("#")[0].partition("?")
            if path == self.prefix[:-1]:                # "/optimizer-paths" -> "/optimizer-paths/"
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", self.prefix + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if not path.startswith(self.prefix):
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return None
        return super().send_head()                      # its folder redirects keep the prefix (self.path)

    def translate_path(self, path: str) -> str:
        if self.prefix != "/" and path.startswith(self.prefix):
            path = path[len(self.prefix) - 1:]
        return super().translate_path(path)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if self.verbose:
            super().log_message(format, *args)


class SiteServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server that stays quiet when a browser hangs up mid-file (a page closed
    or reloaded while it downloaded Python): that is no error of the server's."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False,
                prefix: str = "/") -> SiteServer:
    """A threading HTTP server for ``root`` under the URL path ``prefix``; ``port=0`` picks a free port."""
    handler = type("Handler", (SiteRequestHandler,), {"verbose": verbose, "prefix": normalise_prefix(prefix)})
    return SiteServer((host, port), functools.partial(handler, directory=str(root)))


def serve_in_background(root: Path, host: str = "127.0.0.1", port: int = 0, prefix: str = "/"):
    """Start serving ``root`` in a daemon thread; returns ``(server, base_url)``.

    ``base_url`` ends in "/" and includes the prefix: ``serve_in_background(site, prefix="/optimizer-paths/")``
    gives ``http://127.0.0.1:<port>/optimizer-paths/``, as GitHub Pages serves the site at
    ``https://<user>.github.io/optimizer-paths/``. Stop it with ``server.shutdown(); server.server_close()``.
    """
    server = make_server(Path(root), host, port, prefix=prefix)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    bound_host, bound_port = server.server_address[:2]
    return server, f"http://{bound_host}:{bound_port}{normalise_prefix(prefix)}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent / "site"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/",
                        help="serve under this URL path only, as GitHub Pages does (e.g. /optimizer-paths/)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    root = Path(args.root)
    if not root.is_dir():
        raise SystemExit(f"there is no built site at {root}: run python build.py first")
    try:
        prefix = normalise_prefix(args.prefix)
    except ValueError as error:
        raise SystemExit(f"--prefix: {error}") from None
    try:
        server = make_server(root, args.host, args.port, verbose=not args.quiet, prefix=prefix)
    except OSError as error:
        raise SystemExit(f"could not listen on {args.host}:{args.port}: {error.strerror}") from None
    print(f"Serving {root} on http://{args.host}:{args.port}{prefix} (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
