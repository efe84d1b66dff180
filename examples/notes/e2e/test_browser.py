"""A visit in a real browser: register, log out, log in, write, edit and
delete a note, log out, change the password, and a form on another site
refused; a screenshot of every page on the way.

The tests run in file order and share one new account (``username``): the
later ones log in with the account the visit registered.
"""

from __future__ import annotations

import uuid

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "e2e-password"


@pytest.fixture(scope="module")
def username() -> str:
    return f"e2e-{uuid.uuid4().hex[:8]}"  # a new account each run


def wait_for_page(browser: WebDriver, title: str) -> None:
    """Wait until the page titled ``title`` has loaded."""
    WebDriverWait(browser, 10).until(ec.title_is(f"{title} · Tumbler Notes"))


def flash(browser: WebDriver) -> str:
    return browser.find_element(By.CSS_SELECTOR, ".flash").text


def fill(browser: WebDriver, **fields: str) -> None:
    for name, value in fields.items():
        element = browser.find_element(By.NAME, name)
        element.clear()
        element.send_keys(value)


def submit(browser: WebDriver) -> None:
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()


def test_welcome_page_has_the_stylesheet(browser, base_url, screenshot):
    browser.get(base_url + "/")
    wait_for_page(browser, "Welcome")
    # The stylesheet from the static folder is applied (its page background).
    background = browser.execute_script("return getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(246, 244, 239)"
    screenshot("welcome")


def test_register_log_in_write_edit_delete_log_out(browser, base_url, screenshot, username):
    browser.get(base_url + "/")
    browser.find_element(By.LINK_TEXT, "Create an account").click()
    wait_for_page(browser, "Register")
    fill(browser, username=username, password=PASSWORD)
    screenshot("register")
    submit(browser)

    wait_for_page(browser, "My notes")
    assert flash(browser) == f"Welcome, {username}! Your account is ready."
    assert "No notes yet." in browser.page_source
    screenshot("registered")

    browser.find_element(By.ID, "logout").click()
    wait_for_page(browser, "Log in")
    assert flash(browser) == "You have been logged out."
    fill(browser, username=username, password=PASSWORD)
    screenshot("login")
    submit(browser)

    wait_for_page(browser, "My notes")
    assert flash(browser) == f"Welcome back, {username}."
    browser.find_element(By.LINK_TEXT, "New note").click()
    wait_for_page(browser, "New note")
    fill(browser, title="Groceries", body="eggs\nmilk\nbread")
    screenshot("new-note")
    submit(browser)

    wait_for_page(browser, "Groceries")
    assert flash(browser) == "Note saved."
    assert browser.find_element(By.CSS_SELECTOR, ".note-full .body").text == "eggs\nmilk\nbread"
    screenshot("note")

    browser.find_element(By.LINK_TEXT, "Edit").click()
    wait_for_page(browser, "Edit note")
    fill(browser, title="Groceries for Sunday")
    screenshot("edit-note")
    submit(browser)

    wait_for_page(browser, "Groceries for Sunday")
    assert flash(browser) == "Note updated."
    browser.find_element(By.LINK_TEXT, "Back to my notes").click()
    wait_for_page(browser, "My notes")
    assert browser.find_element(By.CSS_SELECTOR, ".note h2").text == "Groceries for Sunday"
    screenshot("notes")

    browser.find_element(By.LINK_TEXT, "Edit").click()
    wait_for_page(browser, "Edit note")
    browser.find_element(By.ID, "delete").click()
    wait_for_page(browser, "My notes")
    assert flash(browser) == "Deleted “Groceries for Sunday”."
    assert "No notes yet." in browser.page_source
    screenshot("deleted")

    browser.find_element(By.ID, "logout").click()
    wait_for_page(browser, "Log in")
    assert flash(browser) == "You have been logged out."
    screenshot("logged-out")


def test_pages_need_a_login_again(browser, base_url, screenshot):
    browser.get(base_url + "/notes/new")
    wait_for_page(browser, "Log in")
    assert flash(browser) == "Please log in to see that page."
    screenshot("login-required")


def test_bad_form_shows_the_message(browser, base_url, screenshot, username):
    browser.get(base_url + "/auth/login")
    wait_for_page(browser, "Log in")
    fill(browser, username=username, password="not the password")
    submit(browser)
    wait_for_page(browser, "Log in")
    assert flash(browser) == "Unknown username or wrong password."
    screenshot("login-failed")


def test_activity_page_lists_the_failed_attempt(browser, base_url, screenshot, username):
    browser.get(base_url + "/auth/login")
    fill(browser, username=username, password=PASSWORD)
    submit(browser)
    wait_for_page(browser, "My notes")
    browser.find_element(By.LINK_TEXT, "Activity").click()
    wait_for_page(browser, "Activity")
    events = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(2)")]
    assert events[:2] == ["logged in", "failed log-in attempt"]
    screenshot("activity")


def test_404_page(browser, base_url, screenshot):
    browser.get(base_url + "/no/such/page")
    wait_for_page(browser, "Not found")
    assert browser.find_element(By.TAG_NAME, "h1").text == "There is nothing here."
    screenshot("not-found")


def test_change_the_password(browser, base_url, screenshot, username):
    browser.get(base_url + "/")
    browser.find_element(By.LINK_TEXT, "Password").click()
    wait_for_page(browser, "Change your password")
    fill(browser, current_password=PASSWORD, new_password=PASSWORD + "-2")
    screenshot("password")
    submit(browser)
    wait_for_page(browser, "My notes")
    assert flash(browser) == "Password changed. You were logged out everywhere else."
    browser.find_element(By.ID, "logout").click()
    wait_for_page(browser, "Log in")
    fill(browser, username=username, password=PASSWORD + "-2")
    submit(browser)
    wait_for_page(browser, "My notes")


def test_a_form_on_another_site_is_refused(browser, base_url, screenshot):
    # A page of another origin (a data: URL) that posts a note to the app:
    # Chromium sends Sec-Fetch-Site: cross-site, and tumbler-security refuses it.
    page = (
        f'<form method="post" action="{base_url}/notes/new">'
        '<input name="title" value="planted"><button id="go">Go</button></form>'
    )
    browser.get("data:text/html," + page)
    browser.find_element(By.ID, "go").click()
    wait_for_page(browser, "Forbidden")
    assert "which this site does not trust" in browser.page_source
    screenshot("cross-site-refused")
    browser.get(base_url + "/")
    wait_for_page(browser, "My notes")
    assert "planted" not in browser.page_source
