"""A row of links with dots between ("Report · Download … · Change the fund's settings") wraps on
a phone without a line starting with a dot: the `dot-row` class puts each dot at the end of the
part before it, tied to it by a no-break space (site.css). The old way, " · " typed between
the links, is measured too, to show the check finds what it looks for."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from .conftest import assert_targets_large_enough

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}
LINKS = ["Report", "Download applications and awards as CSV", "Change the fund's settings"]

# At each width from 100 to 300 px: does a line of the row start with the dot? For the list,
# a part's last fragment that starts at the row's left edge and holds no more than the dot; for
# typed dots, a dot character at the left edge.
DOT_STARTS_A_LINE = """([html, typed]) => {
  const main = document.querySelector('main');
  const row = document.createElement('div');
  main.prepend(row);
  row.innerHTML = html;
  const starts = [];
  for (let width = 100; width <= 300; width += 2) {
    row.style.width = width + 'px';
    const left = row.getBoundingClientRect().left;
    if (typed) {
      const text = row.firstElementChild;
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf('·');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const box = range.getClientRects()[0];
        if (box && box.left - left < 2) starts.push(width);
      }
    } else {
      for (const part of row.querySelectorAll('.dot-row > :not(:last-child)')) {
        const boxes = part.getClientRects();
        const last = boxes[boxes.length - 1];
        if (last.left - left < 2 && last.width < 16) starts.push(width);
      }
    }
  }
  row.remove();
  return starts;
}"""


def test_a_wrapped_row_of_links_never_starts_a_line_with_a_dot(
    open_page: Callable[..., Page], site_url
):
    page = open_page(**PHONE)
    page.goto("/")
    links = [f'<a href="#">{text}</a>' for text in LINKS]
    listed = '<ul class="link-row dot-row">' + " ".join(f"<li>{a}</li>" for a in links) + "</ul>"
    assert page.evaluate(DOT_STARTS_A_LINE, [listed, False]) == []
    typed = '<p class="link-row">' + " · ".join(links) + "</p>"
    assert page.evaluate(DOT_STARTS_A_LINE, [typed, True]) != []  # the old way did
    # Text parts (a reviewer's "Due … · 2 of 6 rated") and a screen reader hears no dot.
    spans = (
        '<p class="dot-row"><span>Due <strong>December 9, 2026</strong>: overdue</span> '
        "<span>2 of 6 rated</span></p>"
    )
    assert page.evaluate(DOT_STARTS_A_LINE, [spans, False]) == []
    page.evaluate(
        "html => { const p = document.createElement('div'); p.id = 'probe'; p.innerHTML = html;"
        " document.querySelector('main').prepend(p); }",
        listed,
    )
    after = page.evaluate(
        "getComputedStyle(document.querySelector('#probe li'), '::after').content"
    )
    assert after == '"\u00a0· " / ""', after
    # Inline links on taller lines: still 24 px targets, apart (WCAG 2.5.8).
    page.evaluate("document.querySelector('#probe').style.width = '200px'")
    assert_targets_large_enough(page)
