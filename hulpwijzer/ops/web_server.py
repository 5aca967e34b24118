"""Serve the web chat and its demo pages from web/ (what `make run` shows in a browser).

`/config.js` tells the widget where the Rasa server is, so ports can change in `.env`
without editing the pages.
"""
from __future__ import annotations

import argparse
import functools
import html
import json
import re
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from hulpwijzer.core import concepts
from hulpwijzer.config import WEB_DIR, load

WEB_ROOT = WEB_DIR
DEMO_TEMPLATE = WEB_ROOT / "demo.html"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def demo_pages() -> dict:
    """One demo page per gemeente in data/concepts/gemeenten.yml: /demo/<slug>."""
    return {f"/demo/{slug(name)}": name for name in concepts.gemeente_names()}


def index_page() -> str:
    links = "\n".join(
        f'      <li><a href="{path}">{html.escape(name)}</a></li>' for path, name in demo_pages().items()
    )
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n  <meta charset="utf-8">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "  <title>Hulpwijzer: demo</title>\n"
        "  <style>body{font-family:system-ui,Arial,sans-serif;margin:1rem;line-height:1.5;color:#1a1a1a}"
        "a{color:#00527a}</style>\n</head>\n<body>\n  <main>\n"
        "    <h1>Hulpwijzer: demo</h1>\n"
        "    <p>Kies een gemeente. De chat staat rechtsonder op de pagina.</p>\n"
        f"    <ul>\n{links}\n    </ul>\n  </main>\n"
        '  <script src="/config.js"></script>\n  <script src="/hulpwijzer-chat.js" defer></script>\n'
        "</body>\n</html>\n"
    )


class WebHandler(SimpleHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path.split("?")[0]
        if path == "/config.js":
            return self._send_config()
        if path in ("/", "/index.html"):
            return self._send(index_page().encode(), "text/html; charset=utf-8")
        pages = demo_pages()
        if path in pages:
            page = DEMO_TEMPLATE.read_text(encoding="utf-8").replace("{{GEMEENTE}}", html.escape(pages[path]))
            return self._send(page.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_config(self):
        settings = load()
        server = f"http://{self.headers.get('Host', 'localhost').split(':')[0]}:{settings['RASA_PORT']}"
        body = f"window.HULPWIJZER_SERVER = {json.dumps(server)};\n".encode()
        self._send(body, "application/javascript; charset=utf-8")

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format, *args):  # keep request paths out of logs: no personal data
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args()
    handler = functools.partial(WebHandler, directory=str(WEB_ROOT))
    ThreadingHTTPServer((args.bind, args.port), handler).serve_forever()


if __name__ == "__main__":
    main()
