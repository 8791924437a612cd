"""Hostile links: SQL, HTML, script, markdown, paths, control characters and very long
values in every URL parameter the pages read, on every page. Each page draws without an
error, the database is not touched, and no value comes back as markup: a link is read
as data and, where it names nothing the data knows, answered with a notice."""

import pytest

from dbfiles import digest
from tertial import PROJECT_ROOT

PAGES = sorted(f"pages/{path.name}" for path in (PROJECT_ROOT / "pages").glob("*.py"))
# Every key a page reads from its link (tertial.filters.URL_KEYS and the pages' own).
KEYS = ["organisation", "period", "fokusomrade", "enhet", "bedomning", "status", "gemensamt_omrade", "malniva",
        "ar", "mal", "q", "tertial", "fran", "till", "rapport", "rad", "datum", "visa"]
PAYLOADS = {
    "sql": "2023-T2'; DROP TABLE goals; --",
    "html": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "markdown": "**fet** [länk](javascript:alert(1)) ![bild](http://example.com/x.png) :red[röd]",
    "path_and_control": "../../etc/passwd\x00\x1b[31m\r\n%00",
    "long": "Hållbar hälsa " * 2000,
}


@pytest.fixture
def hostile_app(app, db_copy):
    return app


@pytest.mark.parametrize("payload", sorted(PAYLOADS), ids=str)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.removeprefix("pages/").removesuffix(".py"))
def test_a_hostile_value_in_every_parameter_is_harmless(hostile_app, db_copy, page, payload):
    before = digest(db_copy)
    at = hostile_app.switch_page(page)
    for key in KEYS:
        at.query_params[key] = PAYLOADS[payload]
    at.run()
    assert not at.exception, (page, payload, at.exception)
    assert at.title, page  # the page drew
    shown = [element.value for kind in ("markdown", "caption", "info", "warning", "error", "header", "subheader")
             for element in getattr(at, kind) if isinstance(element.value, str)]
    for text in shown:
        # Shown as text, never as markup: no raw tag, no live markdown link or image.
        assert "<script>" not in text and "<img" not in text, (page, text[:200])
        assert "](javascript:" not in text and "](http://example.com" not in text, (page, text[:200])
    assert digest(db_copy) == before
