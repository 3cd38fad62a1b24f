"""Keyboard, contrast and phones (issue 18): what a reader without a mouse, or on a 390px phone, meets in Chromium.

Assertions are on behaviour and computed styles, never on pixels: where Tab goes, what is focused and where it is
drawn, what opens, how a word is laid out in lines.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from examplesite import NOT_LOOPBACK, BuiltSite

pytestmark = pytest.mark.browser

LOCALES = ("en", "fr", "ko", "he")
WIDTHS = (1280, 390)


@pytest.fixture
def at_width(browser) -> Iterator[object]:
    """A function opening a URL in a new page of the given width (nothing leaves the machine)."""
    contexts = []

    def open_page(url: str, width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.route(NOT_LOOPBACK, lambda route: route.abort("blockedbyclient"))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def site_for(locale: str, example_site: BuiltSite, hebrew_site: BuiltSite) -> BuiltSite:
    return hebrew_site if locale == "he" else example_site


#: The focused element: where it is drawn, whether it is visible and shows an outline.
FOCUSED = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {tag: e.tagName, cls: e.className, text: (e.getAttribute('aria-label') || e.innerText || '').trim().slice(0, 40),
          left: r.left, right: r.right, top: r.top, width: r.width, height: r.height, visible: s.visibility === 'visible',
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, menu: e.classList.contains('d5-menu-button')};
}"""


def tab_stops(page, limit: int = 40) -> list[dict]:
    """Every element Tab reaches from the top of the page, in order, until focus leaves the page."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        page.wait_for_timeout(60)
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "BODY" or (stops and stop == stops[0]):
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("locale", LOCALES)
def test_every_tab_stop_is_on_screen(locale: str, width: int, at_width, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    """No Tab stop is invisible, empty or drawn off-screen (the closed drawer, the empty search results); on a phone
    the menu button is one, with a visible focus."""
    site = site_for(locale, example_site, hebrew_site)
    page = at_width(site.url + site.prefix(locale) + "charter/principles/", width)
    stops = tab_stops(page)
    assert len(stops) > 5
    for stop in stops:
        if "md-search__input" in stop["cls"]:
            continue  # on a phone the search field is focused as the search opens around it
        assert stop["visible"] and stop["width"] > 0 and stop["height"] > 0, f"invisible Tab stop at {width}px: {stop}"
        assert stop["right"] > 0 and stop["left"] < width, f"Tab stop off-screen at {width}px: {stop}"
    menu = [stop for stop in stops if stop["menu"]]
    if width < 1220:
        assert len(menu) == 1 and menu[0]["outline"] and menu[0]["text"], stops
    else:
        assert not menu


@pytest.mark.parametrize("locale", LOCALES)
def test_the_drawer_opens_and_closes_from_the_keyboard(locale: str, at_width, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    site = site_for(locale, example_site, hebrew_site)
    page = at_width(site.url + site.prefix(locale) + "members/", 390)
    button = page.locator(".md-header .d5-menu-button")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "hidden"
    page.focus(".md-header .d5-menu-button")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__drawer').checked") and button.get_attribute("aria-expanded") == "true"
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "A" and 0 <= focused["left"] and focused["right"] <= 390, focused  # a link in the drawer
    assert page.evaluate("document.querySelector('.md-sidebar--primary').contains(document.activeElement)")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(FOCUSED)["menu"] and button.get_attribute("aria-expanded") == "false"
    # the pointer still opens it as before: a click on the button, then on the overlay to close it
    button.click()
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.mouse.click(380 if locale != "he" else 10, 450)
    page.wait_for_timeout(300)
    assert not page.evaluate("document.getElementById('__drawer').checked")


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_read_as_text_not_links(width: int, at_width, example_site: BuiltSite) -> None:
    """The highlighted words of a result are marked like a highlighter, in the text's colour, not underlined; the
    search still finds and opens results."""
    page = at_width(example_site.url, width)
    if width < 960:
        page.click(".md-header label.md-header__button[for='__search']")
    else:
        page.click(".md-search__input")
    page.keyboard.type("digital", delay=20)
    page.wait_for_selector(".md-search-result__item mark")
    marks = page.eval_on_selector_all(
        ".md-search-result__item mark",
        """marks => marks.map(m => { const s = getComputedStyle(m), p = getComputedStyle(m.parentElement);
             return [s.textDecorationLine, s.color === p.color, s.backgroundColor]; })""",
    )
    assert marks and all(line == "none" and same and bg not in ("rgba(0, 0, 0, 0)", "transparent") for line, same, bg in marks), marks
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.closest('.md-search-result__item') && document.activeElement.href")
    assert href and href != example_site.url
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == href.split("#")[0]


#: Hangul words (runs of syllables) in the article's tables laid out on more than one line.
BROKEN_KOREAN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('article table th, article table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('code')) continue;
      for (const m of node.data.matchAll(/[\\uAC00-\\uD7A3]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_korean_words_are_never_broken_in_tables(width: int, at_width, example_site: BuiltSite) -> None:
    """The reported "미번/역" and "네이/션스로의": Korean breaks lines at spaces only, even in narrow cells."""
    for path in ("ko/translations/", "ko/members/", "ko/findings/", "ko/charter/principles/", "ko/findings/themes/"):
        page = at_width(example_site.url + path, width)
        assert page.locator("article table").count(), path
        assert not page.evaluate(BROKEN_KOREAN_WORDS), f"/{path} at {width}px"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_table_wider_than_a_phone_says_so(locale: str, at_width, example_site: BuiltSite, hebrew_site: BuiltSite) -> None:
    """The members table scrolls sideways at 390px: a shadow marks the edge hiding more of it, and its box is a
    named region the keyboard reaches and scrolls."""
    site = site_for(locale, example_site, hebrew_site)
    page = at_width(site.url + site.prefix(locale) + "members/", 390)
    wrap = page.locator("article .md-typeset__scrollwrap").first
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"
    caption = page.locator("article table caption").first.inner_text().strip()
    assert wrap.get_attribute("aria-label") == caption and caption
    style = wrap.evaluate("w => { const s = getComputedStyle(w); return [s.backgroundImage, s.backgroundAttachment]; }")
    assert style[0].count("radial-gradient") == 2 and style[1] == "local, local, scroll, scroll", style
    wrap.focus()
    assert wrap.evaluate("w => document.activeElement === w && getComputedStyle(w).outlineStyle !== 'none'")
    before = wrap.evaluate("w => w.scrollLeft")
    page.keyboard.press("ArrowLeft" if locale == "he" else "ArrowRight")
    page.wait_for_timeout(300)
    assert wrap.evaluate("w => w.scrollLeft") != before
    # on a desktop the same table fits: no region, no extra Tab stop
    wide = at_width(site.url + site.prefix(locale) + "members/", 1280)
    assert wide.locator("article .md-typeset__scrollwrap").first.get_attribute("tabindex") is None
