"""The report in a real headless Chromium (Debian's `chromium` + `chromedriver`, driven by
Selenium with an explicit driver path, so nothing is downloaded): no console errors, no
network requests, charts drawn, the table filters, an evidence card opens, hostile text stays
text. Saves a screenshot of the first screen to test-artifacts/report.png."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from linkage.report.html import write_report
from linkage.report.sample import HOSTILE_NAME, fill_sample_run

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

