"""Chromium on the production site (nginx, HTTPS, config.settings.production): the content
security policy refuses nothing the pages need."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser  # noqa: F401 (the fixture)
from tests.browser.test_quiz_round import shown, sign_in

pytestmark = pytest.mark.browser

# Every violation, reported by the page itself (console messages can be rate limited).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="vi-VN",
        ignore_https_errors=True,  # the test's self-signed certificate
    )
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = []
    page.on("console", lambda message: console.append(message.text))
    yield page, console
    context.close()


def violations(page, console):
    """What this page refused so far; the console list starts again for the next page."""
    refused = [text for text in console if "Content Security Policy" in text]
    console.clear()
    return page.evaluate("window.__csp") + refused


def open_round_path(page, base) -> str:
    page.goto(base + "/")
    return page.locator("a.round-card.open").first.get_attribute("href")


def test_home_round_attempt_board_and_projector_run_with_no_policy_violation(production_site, page):
    page, console = page
    seen = {}

    round_path = open_round_path(page, production_site.url)
    round_id = re.search(r"/dot-thi/(\d+)/", round_path).group(1)
    assert page.evaluate("document.styleSheets.length") >= 1  # site.css was not refused
    seen["home"] = violations(page, console)

    # thisinh10 has not taken the demo's open round: start it, answer one question.
    sign_in(page, production_site.url, "thisinh10@example.org")
    page.goto(production_site.url + round_path)
    page.locator(".share summary").click()  # the share code and link, focused as people do
    page.locator("#share-link").focus()
    seen["round"] = violations(page, console)
    page.locator("form.card button[type=submit]").click()
    shown(page).locator(".choice").first.click()
    expect(shown(page).locator(".save-status")).to_have_text("Đã lưu")  # the script's autosave
    expect(page.locator(".countdown")).to_have_text(re.compile(r"^\d+:\d\d$"))
    seen["attempt"] = violations(page, console)

    for name, path in [
        ("board", f"/dot-thi/{round_id}/truc-tiep/"),
        ("projector", f"/rounds/{round_id}/screen/"),
    ]:
        page.goto(production_site.url + path)
        # "live" only once the websocket is open and the first snapshot has arrived.
        expect(page.locator("[data-status]")).to_have_class(re.compile("live"))
        seen[name] = violations(page, console)

    assert seen == {"home": [], "round": [], "attempt": [], "board": [], "projector": []}


def test_organizer_gallery_and_banner_pages_run_with_no_policy_violation(production_site, page):
    page, console = page
    round_id = re.search(r"/dot-thi/(\d+)/", open_round_path(page, production_site.url)).group(1)
    sign_in(page, production_site.url, "bantochuc@example.org")
    seen = {}
    for path in [
        "/ban-to-chuc/",
        f"/ban-to-chuc/dot-thi/{round_id}/",
        "/ban-to-chuc/bang-ron/",
        "/ban-to-chuc/thu-vien/",
        "/thu-vien/",
        "/admin/",
    ]:
        page.goto(production_site.url + path)
        seen[path] = violations(page, console)
    # One of each detail page the lists link to (a banner, a poster).
    for listing, link in [("/ban-to-chuc/bang-ron/", "a[href*='/bang-ron/']"),
                          ("/thu-vien/", "a.entry-card")]:  # fmt: skip
        page.goto(production_site.url + listing)
        hrefs = page.eval_on_selector_all(link, "els => els.map(e => e.getAttribute('href'))")
        detail = next(h for h in hrefs if re.search(r"/\d+/(\?|$)", h))
        page.goto(production_site.url + detail)
        seen[detail] = violations(page, console)
    page.goto(f"{production_site.url}/ban-to-chuc/dot-thi/{round_id}/truc-tiep/")
    expect(page.locator("[data-status]")).to_have_class(re.compile("live"))
    seen["live dashboard"] = violations(page, console)

    assert {path: found for path, found in seen.items() if found} == {}


def test_a_page_that_breaks_the_policy_is_caught(production_site, page):
    """The probe itself: an inline script and a style attribute are refused and reported."""
    page, console = page
    page.goto(production_site.url + "/")
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'),"
        " {textContent: 'window.ran = 1'}));"
        "document.body.insertAdjacentHTML('beforeend', '<p id=styled style=\"color:red\">x</p>')"
    )
    assert page.evaluate("window.ran") is None
    assert page.evaluate("getComputedStyle(styled).color") != "rgb(255, 0, 0)"
    found = " ".join(violations(page, console))
    assert "script-src" in found and "style-src" in found
