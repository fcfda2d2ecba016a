"""The review queue and decision form in the browser: the real app (linkage.api.create_app),
real tokens, the demo store of tests/test_review.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linkage.review import entry_history, latest_run, review_queue
from linkage.store import Store
from tests.test_review import built_demo


def web_client(source: Path, tmp_path: Path, **labels: str) -> tuple[TestClient, Path, dict[str, dict]]:
    """The app over a copy of the store at `source`, and a token's header per role in `labels`
    (role -> the token's label)."""
    from linkage.api import create_app
    from linkage.service.tokens import create_token

    path = tmp_path / "web.duckdb"
    shutil.copy(source, path)
    with Store.open(path) as store:
        headers = {role: {"Authorization": f"Bearer {create_token(store, role=role, label=label)[1]}"}
                   for role, label in labels.items()}
    return TestClient(create_app(str(path))), path, headers


@pytest.fixture
def web(tmp_path):
    client, path, headers = web_client(built_demo(), tmp_path, auditor="R. Diaz <script>", analyst="analyst")
    return client, path, headers["auditor"], headers["analyst"]


def test_only_auditors_reach_the_pages(web):
    client, _, _, analyst = web
    assert client.get("/review").status_code == 401
    assert client.get("/review", headers=analyst).status_code == 403
    assert client.get("/review", headers={"Authorization": "Bearer tok_x.nope"}).status_code == 401


def test_queue_entry_and_blind_pages(web):
    client, path, auditor, _ = web
    page = client.get("/review", headers=auditor)
    assert page.status_code == 200 and "Review queue" in page.text and "priority" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text
    with Store.open(path, read_only=True) as store:
        entry = review_queue(store, limit=1)[0]["entry_id"]
    assert f"/review/entries/{entry}" in page.text
    shown = client.get(f"/review/entries/{entry}", headers=auditor)
    assert shown.status_code == 200 and "match weight" in shown.text and "Record decision" in shown.text
    blind = client.get(f"/review/entries/{entry}?blind=1", headers=auditor)
    assert blind.status_code == 200 and "match weight" not in blind.text and "P(ICE)" not in blind.text
    assert client.get("/review/entries/NOPE", headers=auditor).status_code == 404


def test_decision_form_records_validates_and_escapes(web):
    client, path, auditor, _ = web
    entry = "DD20170128-0001"
    bad = client.post(f"/review/entries/{entry}/decide", headers=auditor,
                      data={"booking": "__other__", "other_booking": "2017-010747"})
    assert bad.status_code == 422 and "no ICE book-in followed" in bad.text
    cross = client.post(f"/review/entries/{entry}/decide", headers={**auditor, "Origin": "https://evil.example"},
                        data={"booking": "__none__"})
    assert cross.status_code == 403
    ok = client.post(f"/review/entries/{entry}/decide", headers=auditor, follow_redirects=False,
                     data={"booking": "__other__", "other_booking": "2017-010747", "custody_choice": "__none__",
                           "note": "<b>marshals</b>", "blind": "1"})
    assert ok.status_code == 303
    banner = client.get(ok.headers["location"], headers=auditor)
    assert "decision #1 recorded: transferred_to_other_agency" in banner.text
    with Store.open(path, read_only=True) as store:
        (decision,) = entry_history(store, entry)["decisions"]
        assert decision["decided_by"].startswith("R. Diaz <script> (tok_") and decision["blind"]
        assert decision["run_id"] == latest_run(store)
    history = client.get(f"/review/entries/{entry}/history", headers=auditor)
    assert history.status_code == 200
    assert "&lt;b&gt;marshals&lt;/b&gt;" in history.text and "<b>marshals" not in history.text
    assert "R. Diaz &lt;script&gt;" in history.text


def test_the_success_banner_is_only_one_the_server_set(web):
    client, _, auditor, _ = web
    entry = "DD20170128-0001"
    forged = client.get(f"/review/entries/{entry}?message=decision%20%2399%20recorded%3A%20forged", headers=auditor)
    assert forged.status_code == 200 and "forged" not in forged.text and 'class="ok"' not in forged.text
    ok = client.post(f"/review/entries/{entry}/decide", headers=auditor, follow_redirects=False,
                     data={"booking": "__none__"})
    assert ok.status_code == 303 and "recorded" not in ok.headers["location"]
    assert "decision #1 recorded: no_release_record" in client.get(ok.headers["location"], headers=auditor).text
    # Another entry's page does not take this decision's banner, nor a decision that does not exist.
    for url in ("/review/entries/DD20170128-0002?decided=1", f"/review/entries/{entry}?decided=99"):
        page = client.get(url, headers=auditor)
        assert page.status_code == 200 and 'class="ok"' not in page.text


def test_form_errors_name_the_forms_choices_not_cli_flags(web):
    client, path, auditor, _ = web
    entry = "DD20170128-0001"
    for data in ({"booking": "__other__", "other_booking": "2017-010747"},
                 {"booking": "__none__", "custody_choice": "__none__"}):
        bad = client.post(f"/review/entries/{entry}/decide", headers=auditor, data=data)
        assert bad.status_code == 422
        error = re.search(r'<p class="err">(.*?)</p>', bad.text, re.S).group(1)
        assert "--" not in error, error
    with Store.open(path, read_only=True) as store:
        assert store.count("decisions") == 0


def test_an_empty_queue_still_names_its_run(web):
    client, path, auditor, _ = web
    page = client.get("/review?jurisdiction=ZZ/NOWHERE", headers=auditor)
    assert page.status_code == 200 and "Nothing to review" in page.text
    with Store.open(path, read_only=True) as store:
        assert f"Run {latest_run(store)}." in page.text
