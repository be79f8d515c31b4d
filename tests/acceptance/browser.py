"""A tester's browser over Django's test client: pages read as text, forms filled and posted.

The acceptance stories drive Certify the way a person does: open a page, read what it says,
find a form by its button, fill it by the labels people read, submit it and follow the
redirects to the next page. The form's own fields (hidden inputs, checked boxes, selected
options) go with the post, as a browser sends them; nothing is posted that the page did not
offer, so a missing form or field fails the story where a person would be stuck.

Every page a story opens, and every e-mail it sends (`browser` fixture), is also read for an
amount written without its cents ("$1,000" for "$1,000.00"): messages and refusals are built in
Python, and a story is where they are said to real people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin

from django.test import Client
from lxml import html as markup

from tests.money_words import short_amounts

EMPTY_SENT = {"text", "email", "password", "number", "date", "url", "tel", "search", "textarea"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _near(element: Any, text: str) -> bool:
    """Whether `element` sits in a row, item, section or form whose text contains `text`."""
    for parent in element.iterancestors():
        boxed = parent.tag in {"tr", "li", "section", "article", "form", "fieldset"}
        if boxed and text in _squash(parent.text_content()):
            return True
        if parent.tag in {"main", "body"}:
            return False
    return False


def _section_name(element: Any) -> str | None:
    """The accessible name of the nearest `<section aria-labelledby>` around `element`."""
    for parent in element.iterancestors("section"):
        labelled_by = parent.get("aria-labelledby")
        if labelled_by:
            named = parent.getroottree().xpath("//*[@id=$id]", id=labelled_by)
            return _squash(named[0].text_content()) if named else None
    return None


@dataclass
class Page:
    url: str
    status: int
    source: str

    @property
    def tree(self) -> Any:
        return markup.fromstring(self.source or "<html></html>")

    @property
    def text(self) -> str:
        """What a person reads on the page: the main content, whitespace squashed."""
        tree = self.tree
        for hidden in tree.xpath("//option|//script|//template"):  # read only when opened
            hidden.drop_tree()
        main = tree.find(".//main")
        return _squash((main if main is not None else tree).text_content())

    @property
    def messages(self) -> str:
        """The page's messages (the base template puts them at the top of `<main>`)."""
        found = self.tree.find_class("messages")
        return _squash(" ".join(m.text_content() for m in found))

    @property
    def read(self) -> str:
        """Everything a person reads: the main content, messages included once. The messages
        stand inside `<main>`; they are added only where a page has them outside it (before,
        they were always added, so every message read twice in the stories' text although
        the page showed it once)."""
        text, tree = self.text, self.tree
        main = tree.find(".//main")
        outside = [
            m for m in tree.find_class("messages") if main is None or main not in m.iterancestors()
        ]
        if not outside:
            return text
        return _squash(" ".join([*(m.text_content() for m in outside), text]))

    def says(self, *phrases: str) -> None:
        everything = self.read
        for phrase in phrases:
            assert phrase in everything, f"{phrase!r} not on {self.url}:\n{everything[:3000]}"

    def says_once(self, *phrases: str) -> None:
        """Each phrase is on the page exactly once (a message shown twice fails)."""
        self.says(*phrases)
        everything = self.read
        for phrase in phrases:
            count = everything.count(phrase)
            assert count == 1, f"{phrase!r} {count} times on {self.url}:\n{everything[:3000]}"

    def links(self, text: str | re.Pattern[str], *, within: str | None = None) -> list[str]:
        """The addresses of the links reading `text` (in a row or item containing `within`)."""
        found = []
        for a in self.tree.iter("a"):
            if within is not None and not _near(a, within):
                continue
            label = _squash(a.text_content())
            hit = text.search(label) if isinstance(text, re.Pattern) else text in label
            if hit and a.get("href"):
                found.append(a.get("href"))
        return found

    def link(self, text: str | re.Pattern[str], *, within: str | None = None) -> str:
        found = self.links(text, within=within)
        assert found, f"no link {text!r} on {self.url}:\n{self.text[:2000]}"
        return found[0]

    def form(
        self,
        button: str | re.Pattern[str],
        *,
        within: str | None = None,
        action: str | None = None,
        section: str | None = None,
    ) -> Form:
        """The form whose submit button reads `button` (within the element whose text contains
        `within`, e.g. a table row naming a person; or posting to `action`; or in the
        `<section>` a screen reader names `section`, its `aria-labelledby` heading)."""
        for form in self.tree.forms:
            if action is not None and form.get("action") != action:
                continue
            if section is not None and _section_name(form) != section:
                continue
            if within is not None and not (
                within in _squash(form.text_content()) or _near(form, within)
            ):
                continue
            for b in form.xpath(".//button|.//input[@type='submit']"):
                if b.get("type") not in (None, "submit"):
                    continue
                label = _squash(b.text_content() or b.get("value") or "")
                hit = button.search(label) if isinstance(button, re.Pattern) else label == button
                if hit:
                    return Form(self, form, b)
        raise AssertionError(f"no form with a button {button!r} on {self.url}:\n{self.text[:2500]}")


class Form:
    def __init__(self, page: Page, form: Any, button: Any) -> None:
        self.page, self.form, self.button = page, form, button
        self.files: dict[str, Any] = {}

    def _name_for(self, label: str) -> str:
        names = {i.name for i in self.form.inputs if i.name}
        if label in names:
            return label
        for element in self.form.iter("label"):
            text = _squash(element.text_content()).rstrip(":")
            if text == label or text.startswith(label):
                target = element.get("for")
                if target:
                    found = self.form.xpath(f".//*[@id='{target}']")
                    if found and found[0].get("name"):
                        return found[0].get("name")
                inner = element.xpath(".//input|.//select|.//textarea")
                if inner and inner[0].get("name"):
                    return inner[0].get("name")
        labels = [_squash(e.text_content()) for e in self.form.iter("label")]
        raise AssertionError(f"no field labeled {label!r} in the form: {labels}, {sorted(names)}")

    def _label_of(self, element: Any) -> str:
        """The text of the label of a box: its `<label for>`, or the label around it."""
        if element.get("id"):
            found = self.form.getroottree().xpath(f"//label[@for='{element.get('id')}']")
            if found:
                return _squash(found[0].text_content())
        around = element.xpath("ancestor::label")
        return _squash(around[0].text_content()) if around else ""

    def _radio_value(self, name: str, choice: str) -> str | None:
        """A radio or checkbox chosen by its label (e.g. 'Accept')."""
        for element in self.form.xpath(f".//input[@name='{name}']"):
            text = self._label_of(element)
            if choice in (text, element.get("value")) or text.startswith(choice):
                return element.get("value")
        return None

    def set(self, label: str, value: Any) -> Form:
        """Type into, or choose in, the field labeled `label` (or named so)."""
        name = self._name_for(label)
        field = self.form.inputs[name]
        if isinstance(field, markup.SelectElement):
            options = {_squash(o.text_content()): o.get("value") for o in field.iter("option")}
            starting = [v for text, v in options.items() if text.startswith(value)]
            field.value = options.get(value) or (starting[0] if starting else value)
        elif isinstance(field, markup.RadioGroup):
            field.value = self._radio_value(name, value) or value
        elif isinstance(field, markup.CheckboxGroup):
            values = value if isinstance(value, list | tuple | set) else [value]
            field.value.clear()
            for v in values:
                field.value.add(self._radio_value(name, v) or v)
        elif getattr(field, "type", "") == "checkbox":
            field.checked = bool(value)
        else:
            field.value = str(value)
        return self

    def check(self, label: str) -> Form:
        """Tick the checkbox or choose the radio whose own label reads `label`."""
        for element in self.form.xpath(".//input[@type='radio' or @type='checkbox']"):
            text = self._label_of(element)
            if text == label or text.startswith(label):
                field = self.form.inputs[element.get("name")]
                if isinstance(field, markup.CheckboxGroup):
                    field.value.add(element.get("value"))
                elif isinstance(field, markup.RadioGroup):
                    field.value = element.get("value")
                else:
                    element.checked = True
                return self
        raise AssertionError(f"no box or choice labeled {label!r} in the form")

    def attach(self, label: str, upload: Any) -> Form:
        self.files[self._name_for(label)] = upload
        return self

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name, value in self.form.form_values():
            data.setdefault(name, []).append(value)
        for element in self.form.inputs:  # empty boxes are sent empty, as a browser does
            kind = element.get("type", "text") if element.tag == "input" else element.tag
            if element.name and element.name not in data and kind in EMPTY_SENT:
                data[element.name] = [""]
        if self.button.get("name"):
            data.setdefault(self.button.get("name"), []).append(self.button.get("value", ""))
        data.update(self.files)
        return data

    @property
    def action(self) -> str:
        """Where the form goes, as a browser resolves it: against the page's address, without
        its fragment (`action="#errors"` posts to the page itself)."""
        return urldefrag(urljoin(self.page.url, self.form.get("action") or "")).url


class Browser:
    """One person's browser: a test client and the page it shows now."""

    def __init__(self, client: Client, committed: Any = None) -> None:
        """`committed`: pytest-django's `django_capture_on_commit_callbacks`; each request's
        after-commit work (e-mails, domain events, the tasks they start) then runs as the
        request ends, as on a server where the request's transaction commits."""
        self.client = client
        self.committed = committed
        self.page: Page | None = None

    def _request(self, method: str, url: str, data: Any = None) -> Any:
        call = getattr(self.client, method)
        args = (url,) if data is None else (url, data)
        if self.committed is None:
            return call(*args, follow=True)
        with self.committed(execute=True):
            return call(*args, follow=True)

    def _page(self, response: Any, url: str) -> Page:
        chain = getattr(response, "redirect_chain", None)
        where = chain[-1][0] if chain else url
        source = (
            response.content.decode()
            if response.get("Content-Type", "").startswith("text/html")
            else ""
        )
        self.page = Page(where, response.status_code, source)
        short = short_amounts(self.page.read) if source else []
        assert not short, f"{where} shows {short} without cents:\n{self.page.read[:3000]}"
        return self.page

    def open(self, url: str, *, status: int = 200) -> Page:
        page = self._page(self._request("get", url), url)
        assert page.status == status, f"GET {url}: {page.status}\n{page.text[:2000]}"
        return page

    def submit(self, form: Form, *, status: int | None = 200) -> Page:
        """Send the form as its `method` says (a search's GET puts its fields in the address);
        `status=None` takes whatever answer comes (the story reads it)."""
        method = "get" if (form.form.get("method") or "get").lower() == "get" else "post"
        response = self._request(method, form.action, form.values())
        page = self._page(response, form.action)
        assert status is None or page.status == status, (
            f"POST {form.action}: {page.status}\n{page.text[:3000]}"
        )
        return page

    def sign_in(self, email: str, password: str) -> Page:
        self.client.logout()
        page = self.open("/accounts/login/")
        form = page.form("Sign in").set("login", email).set("password", password)
        return self.submit(form)


def forms_summary(page: Page) -> str:
    """Every form on the page: its action, fields and buttons (to check a form is gone, or to
    see what a page offers while writing a story)."""
    lines = []
    for f in page.tree.forms:
        fields = [(i.name, i.get("type") or i.tag) for i in f.inputs if i.name]
        buttons = [_squash(b.text_content()) for b in f.xpath(".//button")]
        lines.append(f"{f.get('action')} {fields} {buttons}")
    return "\n".join(lines)
