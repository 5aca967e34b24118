"""`make run` serves a demo page per gemeente; its chat knows the gemeente (data-gemeente)."""
from __future__ import annotations

import html
import re
import urllib.request

from hulpwijzer.core import concepts
from actions.session import gemeente_from_metadata
from hulpwijzer.ops.stack import free_port
from tests.demo_web import demo_web_server


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def test_every_gemeente_has_a_demo_page_with_the_chat_set_to_it(tmp_path):
    with demo_web_server(5005, free_port(), tmp_path) as url:
        index = _get(f"{url}/")
        pages = re.findall(r'<a href="(/demo/[^"]+)">([^<]+)</a>', index)
        assert sorted(html.unescape(name) for _, name in pages) == sorted(concepts.gemeente_names())
        for path, name in pages:
            page = _get(f"{url}{path}")
            tags = re.findall(r'<script src="/hulpwijzer-chat.js" data-gemeente="([^"]+)"', page)
            assert tags == [name], path  # one script tag, set to this gemeente
            assert gemeente_from_metadata({"gemeente": html.unescape(tags[0])}) == html.unescape(name)
        assert "window.HULPWIJZER_SERVER" in _get(f"{url}/config.js")
