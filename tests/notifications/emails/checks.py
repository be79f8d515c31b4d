"""What every e-mail must be: `problems` lists what is wrong in its two parts (the HTML
parsed): escaped markup, empty placeholders ("Hello from !", "Dear ,"), links not to the
served address (`SITE_URL`), words that are not US English."""

import re
from html.parser import HTMLParser

from tests.notifications.emails.samples import SITE
from tests.spelling import not_us_english


class _Parts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title"):
            self._skip += 1
        self.links += [v or "" for k, v in attrs if k in ("href", "src")]

    def handle_endtag(self, tag):
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


_EMPTY = [
    (re.compile(r"\s[,.!?;:](?!\w)"), "a space before punctuation (an empty value)"),
    (re.compile(r"\(\s*\)|“\s*”|\"\s*\""), "empty brackets or quotes"),
    (re.compile(r"\b(None|null)\b"), "a missing value"),
    (re.compile(r"\{\{|\}\}|\{%|%\}"), "template code"),
    (re.compile(r"\b(a|an|the|of|to|from|for|by|on|until|is)\s+(?:[,.!?;:]|$)", re.M), "a gap"),
]
_ESCAPED = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^>]*)?/?>|&(lt|gt|amp|quot|#x?[0-9a-f]+);")
_URL = re.compile(r"https?://[^\s\"'<>)]+")


def problems(text: str, html: str) -> list[str]:
    found = []
    parts = _Parts()
    parts.feed(html)
    shown = " ".join("".join(parts.text).split())
    for name, words in (("text", text), ("HTML", shown)):
        if _ESCAPED.search(words):
            found.append(f"{name}: escaped markup {_ESCAPED.search(words).group(0)!r}")
        for pattern, what in _EMPTY:
            if match := pattern.search(words):
                start = max(match.start() - 30, 0)
                found.append(f"{name}: {what}: {words[start : match.end() + 10]!r}")
        for url in _URL.findall(words):
            if not url.startswith(SITE):
                found.append(f"{name}: a link not to the served address: {url}")
        if wrong := not_us_english(words):
            found.append(f"{name}: not US English: {wrong}")
    for link in parts.links:
        if not (link.startswith(SITE) or link.startswith("mailto:")):
            found.append(f"HTML: a link not to the served address: {link}")
    for host in ("127.0.0.1", "localhost", "testserver"):
        if host in text or host in html:
            found.append(f"a link to {host}")
    return found
