"""Reading Riktning's pages as a browser would, with the standard library only: the fields a form
sends, the links of a page, the CSRF token htmx sends; and encoding a form with a file.

Kept apart from the locustfile (which needs gevent) so that tests/test_loadtest_pages.py reads it
in a few milliseconds without locust installed."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

# The token htmx sends on every request: `<body hx-headers='{"X-CSRFToken": "…"}'>`.
_HX_CSRF = re.compile(r"""hx-headers='\{"X-CSRFToken":\s*"([^"]+)"\}'""")


@dataclass
class Form:
    """What a form would send: its successful controls in document order, the radio groups with
    none checked (a person picks one), and the names of its file inputs."""

    id: str = ""
    action: str = ""
    method: str = "get"
    fields: list[tuple[str, str]] = field(default_factory=list)
    unchecked_radios: dict[str, list[str]] = field(default_factory=dict)
    file_inputs: list[str] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def set(self, name: str, value: str) -> None:
        """Replace every value of `name` by one (or add it)."""
        kept = [(n, v) for n, v in self.fields if n != name]
        kept.append((name, value))
        self.fields = kept


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.inside = False
        self.radios: dict[str, list[str]] = {}
        self.checked_radios: set[str] = set()
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []
        self.option_value: str | None = None
        self.option_selected = False
        self.option_text: list[str] = []
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        if tag == "form" and not self.inside:
            self.inside = True
            self.radios, self.checked_radios = {}, set()
            self.form = Form(
                id=attrs.get("id") or "",
                action=attrs.get("action") or "",
                method=(attrs.get("method") or "get").lower(),
            )
            self.forms.append(self.form)
            return
        if not self.inside or self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value") or ""
            if kind in ("submit", "button", "reset", "image"):
                return
            if kind == "file":
                self.form.file_inputs.append(name)
            elif kind == "radio":
                self.radios.setdefault(name, []).append(value or "on")
                if "checked" in attrs:
                    self.checked_radios.add(name)
                    self.form.fields.append((name, value or "on"))
            elif kind == "checkbox":
                if "checked" in attrs:
                    self.form.fields.append((name, value or "on"))
            else:
                self.form.fields.append((name, value))
        elif tag == "select" and name and "disabled" not in attrs:
            self.select = (name, "multiple" in attrs)
            self.options = []
        elif tag == "option" and self.select is not None:
            self._end_option()
            self.option_value = attrs.get("value")
            self.option_selected = "selected" in attrs
            self.option_text = []
        elif tag == "textarea" and name and "disabled" not in attrs:
            self.textarea = name
            self.text = []

    def _end_option(self) -> None:
        if self.option_value is not None or self.option_text:
            value = self.option_value
            if value is None:
                value = "".join(self.option_text).strip()
            self.options.append((value, self.option_selected))
        self.option_value = None
        self.option_text = []
        self.option_selected = False

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text.append(data)
        elif self.select is not None and (self.option_value is not None or self.option_text):
            self.option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if not self.inside or self.form is None:
            return
        if tag == "option":
            self._end_option()
        elif tag == "select" and self.select is not None:
            self._end_option()
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                # A browser sends the first option of a single select when none is selected.
                chosen = [self.options[0][0]]
            self.form.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one line break that may follow <textarea>.
            text = "".join(self.text)
            self.form.fields.append((self.textarea, text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "form":
            checked = self.checked_radios
            self.form.unchecked_radios = {
                name: values for name, values in self.radios.items() if name not in checked
            }
            self.inside = False


def parse_forms(html: str) -> list[Form]:
    """Every form of the page, in page order."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def parse_form(
    html: str, *, form_id: str | None = None, with_field: str | None = None
) -> Form | None:
    """The first form of the page with this id, or with a control of this name, or None."""
    for form in parse_forms(html):
        if form_id is not None and form.id != form_id:
            continue
        names = (
            {name for name, _ in form.fields} | set(form.unchecked_radios) | set(form.file_inputs)
        )
        if with_field is not None and with_field not in names:
            continue
        return form
    return None


def links(html: str, pattern: str) -> list[str]:
    """The distinct hrefs of the page that match the regular expression, in page order."""
    wanted = re.compile(pattern)
    found = re.findall(r'href="([^"#?]*)', html)
    return list(dict.fromkeys(href for href in found if wanted.fullmatch(href)))


def htmx_csrf_token(html: str) -> str | None:
    """The CSRF token the page gives htmx (`hx-headers` on <body>)."""
    match = _HX_CSRF.search(html)
    return match.group(1) if match else None


def urlencoded(fields: list[tuple[str, str]]) -> tuple[bytes, str]:
    """A form's fields as a browser posts them without a file: (body, content type)."""
    return urlencode(fields).encode(), "application/x-www-form-urlencoded"


def multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, str, bytes, str]]
) -> tuple[bytes, str]:
    """A form with files as a browser posts it: (body, content type). A file is (field name,
    file name, content, content type)."""
    boundary = "----riktningload" + uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, filename, content, content_type in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
