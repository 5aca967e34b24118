"""Serve the web chat and its demo pages from web/ (what `make run` shows in a browser).

`/config.js` tells the widget where the Rasa server is, so ports can change in `.env`
without editing the pages.
"""
from __future__ import annotations

import argparse
import functools
import json
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from scripts.settings import ROOT, load

WEB_ROOT = ROOT / "web"


class WebHandler(SimpleHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.split("?")[0] == "/config.js":
            return self._send_config()
        return super().do_GET()

    def _send_config(self):
        settings = load()
        server = f"http://{self.headers.get('Host', 'localhost').split(':')[0]}:{settings['RASA_PORT']}"
        body = f"window.HULPWIJZER_SERVER = {json.dumps(server)};\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

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
