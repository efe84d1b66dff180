"""The staff deployment's composed dashboard in a real browser: cards and nav
entries from three separately installed plugins, styled by the core's layout."""

from __future__ import annotations

from selenium.webdriver.common.by import By


def test_the_composed_dashboard(browser, base_url, artifacts):
    browser.get(base_url + "/")
    assert browser.title == "Toolbox for staff"
    nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#nav a")]
    assert nav == ["Dashboard", "Status", "Notices"]
    cards = [c.find_element(By.TAG_NAME, "h2").text for c in browser.find_elements(By.CSS_SELECTOR, ".card")]
    assert cards == ["Health", "Notices"]
    health = browser.find_element(By.ID, "card-health")
    assert "3 of 3 checks pass" in health.text
    # the core's stylesheet reached the browser: a healthy card has a green top border
    assert health.value_of_css_property("border-top-color") == "rgba(46, 157, 91, 1)"
    notices = browser.find_element(By.ID, "card-notices").text
    assert "Deploy freeze from Friday 16:00." in notices
    browser.save_screenshot(str(artifacts / "01-dashboard.png"))


def test_nav_leads_to_the_status_plugins_page(browser, base_url, artifacts):
    browser.get(base_url + "/")
    browser.find_element(By.LINK_TEXT, "Status").click()
    assert browser.current_url == base_url + "/status/"
    assert browser.find_element(By.ID, "summary").text == "3 of 3 checks pass"
    rows = browser.find_elements(By.CSS_SELECTOR, "#checks tr")
    assert [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows[1:]] == ["instance folder", "notices", "python"]
    browser.save_screenshot(str(artifacts / "02-status.png"))
    browser.find_element(By.LINK_TEXT, "Notices").click()
    assert browser.current_url == base_url + "/#card-notices"
