"""The report in a real headless Chromium (Debian's `chromium` + `chromedriver`, driven by
Selenium with an explicit driver path, so nothing is downloaded): no console errors, no
network requests, charts drawn, the table filters, an evidence card opens, hostile text stays
text (on the hand-filled sample store); and the same on a real run of the demo world
(fixtures/demo through `linkage.pipeline.run_all`): real entries' cards open with both hops'
waterfalls and say which fields agreed. Screenshots go to test-artifacts/: report.png (sample),
demo-first-screen.png, demo-card-transferred.png, demo-card-review.png, demo-travis.png,
demo-card-redacted.png."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from linkage.report.html import write_report
from linkage.report.sample import HOSTILE_NAME, fill_sample_run
from tests.test_review import built_demo

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (test extra)")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("Debian's chromium and chromium-driver are not installed "
                "(apt-get install -y chromium chromium-driver)", allow_module_level=True)

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from linkage.store import Store

    folder = tmp_path_factory.mktemp("report")
    with Store.open(folder / "r.duckdb") as store:
        run_id = fill_sample_run(store, entries=300, hostile=True)
        return write_report(store, run_id, folder / "report.html")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
                 "--window-size=1440,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def _wait(driver, condition, timeout=15):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def _visible_rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#entries-table tbody tr")


def test_report_renders_filters_and_opens_cards(report, browser):
    browser.get(report.as_uri())
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".chart svg")) >= 6)

    # Charts drew: the four report charts and the two match-weight charts, with marks.
    assert browser.execute_script(
        "return [...document.querySelectorAll('.chart svg')].every(s => s.querySelector('path, rect'))")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "report.png"))

    # The table filters: typing narrows the rows; the outcome and confidence filters too.
    before = len(_visible_rows(browser))
    assert before == 100  # first page of 300
    search = browser.find_element(By.ID, "f-q")
    search.send_keys("E00001")
    _wait(browser, lambda d: len(_visible_rows(d)) < before)
    assert {r.get_attribute("data-entry") for r in _visible_rows(browser)} == {
        f"E0000{i}" for i in range(10, 20)}
    search.clear()
    search.send_keys(" ")  # clear() fires no input event; a blank query matches everything
    Select(browser.find_element(By.ID, "f-outcome")).select_by_value("transferred_to_ice")
    _wait(browser, lambda d: 0 < len(_visible_rows(d)) < before)
    assert all("Transferred to ICE" in r.text for r in _visible_rows(browser))

    # An evidence card opens on click, with both records and a drawn waterfall.
    row = _visible_rows(browser)[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    row.click()
    _wait(browser, lambda d: d.execute_script("return document.getElementById('card').open"))
    card = browser.find_element(By.ID, "card")
    assert row.get_attribute("data-entry") in card.find_element(By.ID, "card-title").text
    assert "Jail booking" in card.text and "ICE book-in" in card.text
    _wait(browser, lambda d: card.find_elements(By.CSS_SELECTOR, ".waterfall svg"))

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_hostile_name_is_text_and_nothing_is_fetched(report, browser):
    # The hostile name belongs to E000000's booking; the #hash link opens its card.
    browser.get("about:blank")  # else a new #hash on the same page is no new load
    browser.get(report.as_uri() + "#E000000")
    _wait(browser, lambda d: d.execute_script("return document.getElementById('card').open"))
    card_text = browser.find_element(By.ID, "card").text
    assert HOSTILE_NAME in card_text
    assert "</script><script>alert(2)</script>" in card_text
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - touching it is the check
    assert browser.execute_script("return document.scripts.length") == 4
    time.sleep(0.5)
    requests = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    # Only what the report page asked for (Chromium's own chrome:// pages log requests too).
    urls = {m["params"]["request"]["url"] for m in requests
            if m["method"] == "Network.requestWillBeSent"
            and m["params"].get("documentURL", "").startswith("file://")}
    assert urls and all(u.startswith(("file://", "data:")) for u in urls), urls
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors



# ---- a real run of the demo world ---------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo world ingested and reconciled (shared with test_review*.py), three reports
    of its run, and the entries whose cards the tests open."""
    import shutil

    from linkage.review import latest_run
    from linkage.store import Store

    folder = tmp_path_factory.mktemp("demo-report")
    shutil.copy(built_demo(), folder / "demo.duckdb")
    with Store.open(folder / "demo.duckdb") as store:
        run_id = latest_run(store)
        pick = """select o.entry_id from outcomes o join report_entries e using (entry_id)
                  where o.run_id = ? and {} order by o.confidence desc, o.entry_id limit 1"""
        transferred = store.con.execute(pick.format(
            "o.outcome = 'transferred_to_ice' and e.jurisdiction = 'MN/HENNEPIN'"), [run_id]).fetchall()[0][0]
        review = store.con.execute(pick.format(
            "o.outcome = 'needs_review' and o.booking_uid is not null"), [run_id]).fetchall()[0][0]
        surname = store.con.execute(
            "select b.last_name from outcomes o join bookings b using (booking_uid)"
            " where o.run_id = ? and o.entry_id = ?", [run_id, transferred]).fetchall()[0][0]
        listed, confirmed = store.con.execute(
            "select count(*), count(*) filter (where outcome = 'declined_confirmed')"
            " from outcomes o join report_entries e using (entry_id)"
            " where o.run_id = ? and e.jurisdiction = 'TX/TRAVIS'", [run_id]).fetchall()[0]
        return {
            "all": write_report(store, run_id, folder / "report.html"),
            "travis": write_report(store, run_id, folder / "travis.html", jurisdiction="TX/TRAVIS"),
            "redacted": write_report(store, run_id, folder / "redacted.html", redact=True),
            "transferred": transferred, "review": review, "surname": surname,
            "travis_counts": (listed, confirmed),
        }


def _open(driver, path, entry=None):
    driver.get("about:blank")
    driver.get(path.as_uri() + (f"#{entry}" if entry else ""))
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".chart svg")) >= 6)
    if entry:
        _wait(driver, lambda d: d.execute_script("return document.getElementById('card').open"))


def _card_shot(driver, name):
    """A screenshot of the whole open card (the window grows to its height)."""
    height = driver.execute_script("return document.querySelector('#card').scrollHeight")
    driver.set_window_size(1440, min(4000, max(1000, height + 120)))
    time.sleep(0.5)
    driver.save_screenshot(str(ARTIFACTS / name))
    driver.set_window_size(1440, 1000)


def _severe(driver):
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_demo_report_first_screen_and_transferred_card(demo, browser):
    _open(browser, demo["all"])
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "demo-first-screen.png"))
    headline = browser.find_element(By.ID, "headline").text
    assert "Travis County, TX" in headline and "How sure?" in headline

    _open(browser, demo["all"], demo["transferred"])
    card = browser.find_element(By.ID, "card")
    # Both hops' waterfalls drew, with a bar per comparison.
    for hop in ("hop1", "hop2"):
        _wait(browser, lambda d, hop=hop: d.find_elements(
            By.CSS_SELECTOR, f".hop[data-hop={hop}] .waterfall svg"))
    assert browser.execute_script(
        "return [...document.querySelectorAll('#card .waterfall svg')]"
        ".every(s => s.querySelectorAll('path').length >= 5)")
    # The side-by-side table lines up the three records and says what agreed.
    sides = card.find_element(By.CSS_SELECTOR, "table.sides")
    assert "Transferred to ICE" in card.text and "Hennepin County, MN" in sides.text
    agreed = {j.get_attribute("data-comparison")
              for j in sides.find_elements(By.CSS_SELECTOR, ".judge.agree")}
    # The release's timing: in hours, or in days where the log gives the day only (Hennepin's).
    assert "surname" in agreed and agreed & {"timing", "timing_day"}, agreed
    assert demo["surname"] in sides.text
    _card_shot(browser, "demo-card-transferred.png")
    assert not _severe(browser)


def test_demo_needs_review_card(demo, browser):
    _open(browser, demo["all"], demo["review"])
    card = browser.find_element(By.ID, "card")
    assert "Needs review: no outcome reaches the review threshold" in card.text
    assert "most probable" in card.text
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".hop[data-hop=hop1] .waterfall svg"))
    _card_shot(browser, "demo-card-review.png")
    assert not _severe(browser)


def test_demo_travis_view_and_redacted_card(demo, browser):
    _open(browser, demo["travis"])
    listed, confirmed = demo["travis_counts"]
    numbers = browser.find_elements(By.CSS_SELECTOR, ".verdict .big .n")
    assert [n.text for n in numbers] == [str(listed), str(confirmed)]
    options = [o.get_attribute("value") for o in
               browser.find_elements(By.CSS_SELECTOR, "#f-jur option") if o.get_attribute("value")]
    assert options == ["TX/TRAVIS"]
    browser.save_screenshot(str(ARTIFACTS / "demo-travis.png"))

    _open(browser, demo["redacted"], demo["transferred"])
    sides = browser.find_element(By.CSS_SELECTOR, "#card table.sides").text
    assert demo["surname"] not in sides and f"{demo['surname'][0]}." in sides
    _card_shot(browser, "demo-card-redacted.png")
    assert not _severe(browser)
