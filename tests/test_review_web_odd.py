"""The review pages for entries whose IDs hold '/', '#', '?', spaces, markup and non-ASCII:
the real app (linkage.api.create_app), a real token, the odd world of tests/test_review_odd.py."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import pytest

from linkage.store import Store
from tests.test_review_odd import ODD_BOOKING, RENAMED, built_odd
from tests.test_review_web import web_client


@pytest.fixture
def web(tmp_path):
    client, path, headers = web_client(built_odd(), tmp_path, auditor="auditor")
    return client, path, headers["auditor"]


def _links(html: str) -> list[str]:
    return [unescape(u) for u in re.findall(r'(?:href|action)="([^"]*)"', html)]


def test_every_entry_is_reachable_and_every_link_is_percent_encoded(web):
    client, path, auditor = web
    queue = client.get("/review", headers=auditor)
    assert queue.status_code == 200
    entry_links = [u for u in _links(queue.text) if u.startswith("/review/entries/")]
    # One link per odd entry, each naming its entry in one percent-encoded path segment.
    assert {unquote(u.removeprefix("/review/entries/").split("?")[0]) for u in entry_links} \
        >= {RENAMED[e] for e in ("DD20170204-0014", "DD20170218-0010", "DD20170401-0011")}
    for url in entry_links:
        assert re.fullmatch(r"[A-Za-z0-9%._~/?=&-]+", url), url  # nothing raw: no '#', ' ', '[' or 漢
        page = client.get(url, headers=auditor)
        assert page.status_code == 200, (url, page.text)
        for link in _links(page.text):
            assert re.fullmatch(r"[A-Za-z0-9%._~/?=&-]+", link), link
        history = next(u for u in _links(page.text) if u.endswith("/history"))
        assert client.get(history, headers=auditor).status_code == 200
    slash = RENAMED["DD20170218-0010"]
    page = client.get("/review/entries/" + slash.replace("/", "%2F").replace("#", "%23").replace("?", "%3F"),
                      headers=auditor)
    assert page.status_code == 200 and "DD/slash#2?q=[/x]" in unescape(page.text)
    action = next(u for u in _links(page.text) if u.endswith("/decide"))
    decided = client.post(action, headers=auditor, follow_redirects=False,
                          data={"booking": f"OR/MARION#{ODD_BOOKING}", "custody_choice": "__none__"})
    assert decided.status_code == 303, decided.text
    after = client.get(decided.headers["location"], headers=auditor)
    assert after.status_code == 200 and "decision #1 recorded" in after.text
    with Store.open(path, read_only=True) as store:
        assert store.con.execute("select entry_id from decisions").fetchall() == [(slash,)]
