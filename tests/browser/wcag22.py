"""What axe-core does not check of WCAG 2.2, measured in the browser on the page as it is
(docs/accessibility.md lists every criterion and what checks it).

2.5.8 Target Size (Minimum): every pointer target is at least 24 x 24 CSS px, or is spaced so
that a 24 px circle centered on it touches no other target nor another small target's circle,
or is a link inside a sentence (the rule's inline exception). The assertion runs inside
`assert_accessible` and `workspace_step` (tests/browser/conftest.py) and the journey's checks,
so every page the browser tests already walk is measured, at every width they walk it.

2.4.7, 1.4.11 and 2.4.11, the focus: `tab_through`, on the walks that call it. 1.4.12, text
spacing: `text_spaced_problems`, in `workspace_step` and on the candidate pages at 320 px.
"""

from playwright.sync_api import Page

# The targets: what a pointer can activate. Hidden ones (no box, `visibility: hidden`, inside a
# closed <details>, the visually hidden 1 px ones) are left out; so is the skip link until it is
# focused (it sits above the top edge). A control the author has not styled is not exempt here
# (the rule exempts the browser's own sizes, but the site sizes its checkboxes and radios).
SMALL_TARGETS = """() => {
  const MIN = 24;
  const selector = [
    "a[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "[tabindex]:not([tabindex='-1'])", "[role=button]", "[role=link]",
  ].join(",");
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || r.bottom < 0) return false;
    // Not inside a closed <details> either: its content keeps a layout box but is not drawn.
    return e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true});
  };
  const targets = [...document.querySelectorAll(selector)]
    .filter((e) => shown(e) && !e.parentElement.closest(selector));
  // The inline exception: a link that is part of a line of text (its block holds words that
  // are not inside any target).
  const inSentence = (e) => {
    if (getComputedStyle(e).display !== "inline") return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    if (!block) return false;
    const words = [...block.childNodes].map(function text(node) {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent;
      if (node.nodeType !== Node.ELEMENT_NODE || node.matches(selector)) return "";
      if (getComputedStyle(node).display !== "inline") return "";
      return [...node.childNodes].map(text).join("");
    }).join("");
    return /[A-Za-z0-9]{2,}/.test(words);
  };
  const boxes = targets.map((e) => ({e, r: e.getBoundingClientRect()}));
  const small = boxes.filter(({e, r}) =>
    (r.width < MIN - 0.5 || r.height < MIN - 0.5) && !inSentence(e));
  const center = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const distanceTo = ([x, y], r) => Math.hypot(
    Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const name = (e) => {
    const label = (e.getAttribute("aria-label") || e.textContent || e.value || e.name || "")
      .trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${e.tagName.toLowerCase()}${e.type ? "[" + e.type + "]" : ""} "${label}"`;
  };
  const failures = [];
  for (const {e, r} of small) {
    const c = center(r);
    const crowded = boxes.find((other) => other.e !== e
        && !other.e.contains(e) && !e.contains(other.e) && distanceTo(c, other.r) < MIN / 2 - 0.5)
      || small.find((other) => other.e !== e
        && Math.hypot(c[0] - center(other.r)[0], c[1] - center(other.r)[1]) < MIN - 0.5);
    if (crowded) {
      failures.push(`${name(e)} ${Math.round(r.width)}x${Math.round(r.height)} px, `
        + `too near ${name(crowded.e)}`);
    }
  }
  return failures;
}"""


def small_targets(page: Page) -> list[str]:
    """The targets on the page that are smaller than 24 x 24 px and too near another."""
    return page.evaluate(SMALL_TARGETS)


def describe_small_targets(url: str, width: int, failures: list[str]) -> str:
    lines = [
        f"{len(failures)} target(s) under 24 x 24 px and too close to another on {url} at "
        f"{width} px (WCAG 2.5.8):",
        *(f"    {failure}" for failure in failures),
    ]
    return "\n".join(lines)


# The focused element, as a keyboard user sees it: 2.4.7 Focus Visible with an indicator of 3:1
# against what is behind it (1.4.11: the outline's color or its dark ring's, whichever shows
# more; a field's border 3:1 too) and 2.4.11 Focus Not Obscured (Minimum): some of it is on the
# screen and not under anything else (the sticky eligibility panel on a phone, a menu). Null
# when all is well.
FOCUS_PROBLEM = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "nothing has the focus";
  const label = `${e.tagName.toLowerCase()} "${(e.getAttribute("aria-label") || e.textContent
    || e.name || e.id || "").trim().replace(/\\s+/g, " ").slice(0, 40)}"`;
  const rgb = (text) => (text.match(/rgba?\\(([^)]*)\\)/) || [null, ""])[1]
    .split(",").map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
    return (x + 0.05) / (y + 0.05);
  };
  let behind = e.parentElement;
  while (behind && rgb(getComputedStyle(behind).backgroundColor)[3] === 0) {
    behind = behind.parentElement;
  }
  const background = behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255];
  const style = getComputedStyle(e);
  const colors = [];
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) {
    colors.push(rgb(style.outlineColor));
  }
  if (style.boxShadow !== "none") colors.push(rgb(style.boxShadow));
  if (!colors.length) return `${label} shows no focus indicator`;
  const best = Math.max(...colors.map((c) => ratio(c.slice(0, 3), background.slice(0, 3))));
  if (best < 3) return `${label}: focus indicator ${best.toFixed(2)}:1 against its background`;
  // A field's edge is what shows where to type (1.4.11): its border has 3:1 too.
  if (e.matches("input:not([type=checkbox], [type=radio], [type=file]), select, textarea")) {
    const edge = ratio(rgb(style.borderTopColor).slice(0, 3), background.slice(0, 3));
    if (parseFloat(style.borderTopWidth) < 1 || edge < 3) {
      return `${label}: border ${style.borderTopWidth}, ${edge.toFixed(2)}:1 against its `
        + "background";
    }
  }
  const r = e.getBoundingClientRect();
  const inset = Math.min(4, r.width / 4, r.height / 4);
  const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + inset, r.top + inset],
    [r.right - inset, r.top + inset], [r.left + inset, r.bottom - inset],
    [r.right - inset, r.bottom - inset]];
  const seen = points.some(([x, y]) => {
    const top = document.elementFromPoint(x, y);
    return top && (e === top || e.contains(top) || (e.labels && [...e.labels].includes(top)));
  });
  return seen ? null : `${label} is hidden when focused (under another element or off screen)`;
}"""


def tab_through(page: Page, presses: int) -> list[str]:
    """Press Tab up to `presses` times from where the focus is; what was wrong at each stop."""
    problems = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last one
        if problem := page.evaluate(FOCUS_PROBLEM):
            problems.append(problem)
    return problems


# 1.4.12 Text Spacing: with the spacing a reader's own style sheet may set (line height 1.5,
# paragraphs 2 em apart, letters 0.12 em, words 0.16 em) nothing is cut off and the page does
# not scroll sideways. The rules go in through the CSS object model, which the page's CSP
# allows (a <style> element it would refuse), and come out again once measured.
TEXT_SPACED_PROBLEMS = """() => {
  const sheet = [...document.styleSheets].find((s) => s.href && s.href.endsWith("/site.css"));
  const first = sheet.cssRules.length;
  sheet.insertRule(`*, *::before, *::after { line-height: 1.5 !important;
    letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }`, first);
  sheet.insertRule("p { margin-bottom: 2em !important; }", first + 1);
  const problems = [];
  const wider = document.scrollingElement.scrollWidth - document.documentElement.clientWidth;
  if (wider > 0) {
    const edge = document.documentElement.clientWidth + 1;
    const clipped = (e) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    const past = (e) => e.getBoundingClientRect().right > edge && !clipped(e);
    const causes = [...document.querySelectorAll("body *")]
      .filter((e) => past(e) && ![...e.children].some(past)).slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()} `
        + `"${(e.textContent || e.name || "").trim().slice(0, 40)}"`);
    problems.push(`the page scrolls sideways by ${wider} px: ${causes.join(", ")}`);
  }
  for (const e of document.querySelectorAll("body *")) {
    const s = getComputedStyle(e);
    if (![s.overflowX, s.overflowY].some((o) => o === "hidden" || o === "clip")) continue;
    if (e.clientWidth <= 1 || e.clientHeight <= 1 || !e.textContent.trim()) continue;
    if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1) {
      problems.push(`${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 40)}" is cut off`);
    }
  }
  sheet.deleteRule(first + 1);
  sheet.deleteRule(first);
  return problems;
}"""


def text_spaced_problems(page: Page) -> list[str]:
    """What goes wrong on the page with a reader's text spacing (WCAG 1.4.12)."""
    return page.evaluate(TEXT_SPACED_PROBLEMS)
