"""The load test reads forms as a browser sends them (loadtest/pages.py): a wrong reading would
make every save or application of the load run a refused one. Plain strings, no database."""

from __future__ import annotations

from loadtest import pages

FORM = """
<body hx-headers='{"X-CSRFToken": "tok123"}'>
<form action="/konto/logga-ut/" method="post"><input name="csrfmiddlewaretoken" value="x"></form>
<form id="activity-form" method="post" action="/aktiviteter/7/redigera/">
  <input type="hidden" name="csrfmiddlewaretoken" value="abc">
  <input type="text" name="title" value="Fler cykelvägar &amp; gång">
  <textarea name="description">
Rad ett
rad två</textarea>
  <select name="status"><option value="planned">Planerad</option>
    <option value="ongoing" selected>Pågår</option></select>
  <select name="process"><option value="">---</option><option value="3">Lön</option></select>
  <select name="cooperating_units" multiple><option value="1" selected>A</option>
    <option value="2">B</option><option value="5" selected>C</option></select>
  <input type="checkbox" name="contributions-0-DELETE">
  <input type="checkbox" name="public" checked>
  <input type="radio" name="competence_4" value="1">
  <input type="radio" name="competence_4" value="2">
  <input type="radio" name="effect" value="supports" checked>
  <input type="file" name="cv">
  <input type="text" name="locked" value="no" disabled>
  <button type="submit" name="go">Spara</button>
</form>
<a href="/aktiviteter/7/">a</a> <a href="/aktiviteter/7/">again</a>
<a href="/aktiviteter/ny/">new</a>
<a href="/aktiviteter/9/?x=1">b</a>
</body>
"""


def test_it_reads_the_form_a_browser_would_send():
    form = pages.parse_form(FORM, form_id="activity-form")

    assert form is not None
    assert form.action == "/aktiviteter/7/redigera/"
    assert form.fields == [
        ("csrfmiddlewaretoken", "abc"),
        ("title", "Fler cykelvägar & gång"),
        ("description", "Rad ett\nrad två"),
        ("status", "ongoing"),
        ("process", ""),
        ("cooperating_units", "1"),
        ("cooperating_units", "5"),
        ("public", "on"),
        ("effect", "supports"),
    ]
    assert form.unchecked_radios == {"competence_4": ["1", "2"]}
    assert form.file_inputs == ["cv"]


def test_it_finds_a_form_by_a_field_and_replaces_a_value():
    form = pages.parse_form(FORM, with_field="description")

    assert form is not None and form.id == "activity-form"
    form.set("cooperating_units", "2")
    assert form.value("cooperating_units") == "2"
    assert [n for n, _ in form.fields].count("cooperating_units") == 1
    assert pages.parse_form(FORM, form_id="nothing") is None


def test_it_reads_links_and_the_htmx_token():
    assert pages.links(FORM, r"/aktiviteter/\d+/") == ["/aktiviteter/7/", "/aktiviteter/9/"]
    assert pages.htmx_csrf_token(FORM) == "tok123"
    assert pages.htmx_csrf_token("<body>") is None


def test_it_encodes_a_form_with_a_file():
    body, content_type = pages.multipart([("name", "Åsa")], [("cv", "cv.pdf", b"%PDF-1.4", "a/b")])
    boundary = content_type.split("boundary=")[1]

    assert content_type.startswith("multipart/form-data; boundary=")
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert 'name="name"\r\n\r\nÅsa\r\n'.encode() in body
    assert b'name="cv"; filename="cv.pdf"\r\nContent-Type: a/b\r\n\r\n%PDF-1.4\r\n' in body
    assert body.endswith(f"--{boundary}--\r\n".encode())
    assert pages.urlencoded([("a", "1 2"), ("a", "å")]) == (
        b"a=1+2&a=%C3%A5",
        "application/x-www-form-urlencoded",
    )
