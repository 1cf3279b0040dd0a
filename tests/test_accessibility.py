"""Phones first (issue 15): tap targets of 44 x 44 px, a focus ring of 3:1 against what is
behind it, tables that keep every column on a 360-px screen, the viewer's own row marked on
the live board, and a language switch that takes one tap.

The browser tests drive Debian's Chromium against the demo site served by daphne."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import browser, site_server  # noqa: F401 (fixtures)
from tests.browser.test_quiz_round import sign_in

VIEWPORTS = [(360, 640), (390, 844)]
VIEWER = "thisinh03@example.org"  # took the demo's open round: a row on its board

# --- What the browser measures, in the page ---------------------------------------------

# Every visible interactive element, with the box a finger has to hit: a radio or checkbox
# is hit through its label row. Links inside a sentence are exempt (WCAG 2.5.8).
SMALL_TARGETS = """() => {
  const inline = (el) => {
    for (let node = el; node && node.parentElement; node = node.parentElement) {
      for (const sibling of node.parentElement.childNodes) {
        if (sibling !== node && sibling.nodeType === 3 && sibling.textContent.trim()) return true;
      }
      if (getComputedStyle(node.parentElement).display !== "inline") return false;
    }
    return false;
  };
  const row = (input) => input.closest("label, .check, .choice")
    || (input.id && document.querySelector(`label[for="${input.id}"]`)) || input;
  const found = [];
  const selector =
    "a[href], button, input[type=radio], input[type=checkbox], select, summary, label";
  for (const el of document.querySelectorAll(selector)) {
    if (el.tagName === "LABEL" && !el.querySelector("input")) continue;
    if (el.closest("[hidden], .visually-hidden")) continue;
    const seen = el.getBoundingClientRect();
    if (!seen.width || !seen.height || seen.right <= 0 || seen.left >= innerWidth) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    if (el.tagName === "A" && inline(el)) continue;
    const box = (el.tagName === "INPUT" ? row(el) : el).getBoundingClientRect();
    if (box.width < 44 - 0.5 || box.height < 44 - 0.5) {
      const text = el.textContent.trim().slice(0, 30);
      found.push(`${el.tagName.toLowerCase()}.${el.className} "${text}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return found;
}"""

# Tables wider than their box, with no scrolling box around them; and the page itself
# wider than the screen (a column pushed off the side).
CUT_TABLES = """() => {
  const found = [];
  for (const table of document.querySelectorAll("table")) {
    if (!table.getClientRects().length) continue;
    const parent = table.parentElement;
    if (table.scrollWidth <= parent.clientWidth + 1) continue;
    let box = parent;
    while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    if (!box || !box.classList.contains("table-scroll")) found.push(table.className || "table");
  }
  if (document.documentElement.scrollWidth > innerWidth + 1) {
    found.push(`page ${document.documentElement.scrollWidth} px wide`);
  }
  return found;
}"""

# The focused element's ring (its own outline, or its label row's) and the colour behind
# the ring: the first opaque background among the ring-holder's ancestors.
FOCUS_RING = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  let holder = el;
  if (getComputedStyle(el).outlineStyle === "none") {
    holder = el.closest("label, .check, .choice") || el;
  }
  const style = getComputedStyle(holder);
  let behind = "rgb(255, 255, 255)";
  for (let node = holder.parentElement; node; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    const alpha = bg.startsWith("rgba") ? parseFloat(bg.split(",")[3]) : 1;
    if (bg !== "transparent" && alpha > 0) { behind = bg; break; }
  }
  const text = (el.textContent || "").trim().slice(0, 30);
  return {
    what: `${el.tagName.toLowerCase()}.${el.className} "${text}"`,
    style: style.outlineStyle, width: parseFloat(style.outlineWidth),
    color: style.outlineColor, behind,
  };
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def luminance(css: str) -> float:
    """WCAG 2 relative luminance of an rgb()/rgba() colour."""
    channels = []
    for value in _rgb(css):
        c = value / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_follows_the_wcag_formula():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(11, 31, 102)", "rgb(255, 255, 255)") == pytest.approx(14.98, abs=0.01)
    assert contrast("rgb(255, 255, 255)", "rgb(166, 27, 27)") == pytest.approx(7.52, abs=0.01)


# --- The demo site, on a phone ------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(site_server, browser):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server.url + "/")
    href = page.locator("a.round-card.open").first.get_attribute("href")
    round_id = int(re.search(r"/dot-thi/(\d+)/", href).group(1))
    sign_in(page, site_server.url, VIEWER)
    expect(page.locator(".site-header form[action*=logout]")).to_be_attached()
    state = context.storage_state()
    context.close()
    # The demo's published round was created just before the open one.
    return {"url": site_server.url, "round": round_id, "closed": round_id - 1, "state": state}


PAGES = [
    ("home", "/", False),
    ("login", "/accounts/login/", False),
    ("signup", "/accounts/signup/", False),
    ("round", "/dot-thi/{round}/", False),
    ("board", "/dot-thi/{round}/truc-tiep/", False),
    ("gallery", "/thu-vien/", False),
    ("round results", "/dot-thi/{closed}/ket-qua/", False),
    ("gallery results", "/thu-vien/ket-qua/", False),
    ("home, signed in", "/", True),
    ("round, signed in", "/dot-thi/{round}/", True),
    ("board, signed in", "/dot-thi/{round}/truc-tiep/", True),
    ("gallery, signed in", "/thu-vien/", True),
]


def phone_page(browser, demo, viewport, signed_in):  # noqa: F811 (the fixture's value)
    width, height = viewport
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="vi-VN",
        is_mobile=True,
        has_touch=True,
        storage_state=demo["state"] if signed_in else None,
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["360x640", "390x844"])
@pytest.mark.parametrize("name,path,signed_in", PAGES, ids=[p[0] for p in PAGES])
def test_participant_pages_fit_fingers_keyboards_and_small_screens(
    browser,  # noqa: F811
    demo,
    viewport,
    name,
    path,
    signed_in,
):
    context, page = phone_page(browser, demo, viewport, signed_in)
    try:
        response = page.goto(demo["url"] + path.format(**demo))
        assert response.status == 200
        page.wait_for_load_state("load")
        assert page.evaluate(SMALL_TARGETS) == []
        assert page.evaluate(CUT_TABLES) == []
        rings, weak = 0, []
        for _ in range(40):
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUS_RING)
            if ring is None:
                break
            rings += 1
            ratio = contrast(ring["color"], ring["behind"])
            if ring["style"] == "none" or ring["width"] < 2 or ratio < 3:
                weak.append(f"{ring['what']}: {ring['style']} {ring['color']} on {ring['behind']}")
        assert rings >= 3  # the skip link, the header's links, the page's
        assert weak == []
    finally:
        context.close()


@pytest.mark.browser
def test_board_script_marks_the_viewers_own_row_in_every_update(browser, demo):  # noqa: F811
    context, page = phone_page(browser, demo, VIEWPORTS[0], signed_in=True)
    # Rows the script adds once the page is parsed (the server's came with the HTML): which
    # were marked as the viewer's.
    page.add_init_script(
        """window.addedRows = [];
        new MutationObserver((changes) => { for (const change of changes) {
          if (document.readyState === "loading") continue;
          for (const node of change.addedNodes) {
            if (node.tagName === "TR") window.addedRows.push(
              [node.className, node.getAttribute("aria-current"), node.textContent]);
          }
        } }).observe(document, {childList: true, subtree: true});"""
    )
    try:
        page.goto(f"{demo['url']}/dot-thi/{demo['round']}/truc-tiep/")
        own = page.locator("[data-board-rows] tr.own[aria-current=true]")
        expect(own).to_have_count(1)
        expect(own.locator(".own-label")).to_have_text("Bạn")
        server_rank = own.locator("td").first.inner_text()
        expect(page.locator("[data-status]")).to_have_class(re.compile("live"))
        page.wait_for_function(
            "() => window.addedRows.some(([cls, current]) => cls === 'own' && current === 'true')"
        )
        added = page.evaluate("window.addedRows")
        mine = [row for row in added if row[0] == "own"]
        assert mine and all(row[1] == "true" and "Bạn" in row[2] for row in mine)
        assert len([row for row in added if row[0] != "own"]) >= 1  # the others stay plain
        expect(own).to_have_count(1)
        assert own.locator("td").first.inner_text() == server_rank
        expect(page.locator("[data-me]")).to_contain_text(server_rank)
    finally:
        context.close()


# --- The language switch: one tap, one POST -----------------------------------------------


class LanguageForms(HTMLParser):
    """The language forms of a page: their action, hidden fields and buttons."""

    def __init__(self):
        super().__init__()
        self.forms, self.current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "language" in (attrs.get("class") or "").split():
            self.current = {"action": attrs["action"], "hidden": {}, "buttons": []}
            self.forms.append(self.current)
        elif self.current is not None and tag == "input" and attrs.get("type") == "hidden":
            self.current["hidden"][attrs["name"]] = attrs["value"]
        elif self.current is not None and tag == "button":
            self.current["buttons"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def language_forms(html: str) -> list[dict]:
    parser = LanguageForms()
    parser.feed(html)
    return parser.forms


@pytest.mark.django_db
def test_each_language_is_one_button_that_switches_in_one_post(participant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant.user)
    page = reverse("gallery:index") + "?sort=newest"
    forms = language_forms(client.get(page).content.decode())
    assert len(forms) == 2  # in the header and in the footer
    for form in forms:
        assert form["action"] == reverse("set_language")
        assert form["hidden"]["next"] == page
        assert [(b["name"], b["value"]) for b in form["buttons"]] == [
            ("language", "vi"),
            ("language", "en"),
        ]
        assert [b.get("aria-current") for b in form["buttons"]] == ["true", None]
    header, footer = forms
    # The button's own name and value are all the POST needs beside the form's fields.
    response = client.post(header["action"], {**header["hidden"], "language": "en"})
    assert response.status_code == 302 and response["Location"] == page
    english = client.get(page).content.decode()
    assert '<html lang="en">' in english
    for form in language_forms(english):
        assert [b.get("aria-current") for b in form["buttons"]] == [None, "true"]
    footer = language_forms(english)[1]
    client.post(footer["action"], {**footer["hidden"], "language": "vi"})
    assert '<html lang="vi">' in client.get(page).content.decode()
