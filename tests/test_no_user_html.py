"""No user text is ever rendered as HTML: a walk over every call in the app's code.

Streamlit renders markdown without raw HTML unless a call says unsafe_allow_html=True, so
the walk checks that no call says so, and that the calls that do render HTML (st.html,
components.html) are given text fixed in the code, never a value made at run time."""

import ast

from tertial import PROJECT_ROOT

SOURCES = sorted([PROJECT_ROOT / "app.py", *(PROJECT_ROOT / "pages").glob("*.py"),
                  *(PROJECT_ROOT / "tertial").rglob("*.py")])
HTML_CALLS = {"html"}  # st.html, components.html, and any alias of them


def _module_constants(tree: ast.Module) -> set[str]:
    """Names bound once at module level to a plain string."""
    return {target.id for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _called_name(call: ast.Call) -> str:
    function = call.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


def test_the_walk_sees_the_code_it_should():
    names = {path.name for path in SOURCES}
    assert {"app.py", "goals.py", "webapp.py", "search.py"} <= names
    calls = [_called_name(node) for path in SOURCES for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call)]
    assert calls.count("html") >= 2 and calls.count("markdown") >= 20  # it would notice a new one


def html_findings(source: str, label: str) -> list[str]:
    """Every call in source that renders text as HTML other than text fixed in the code."""
    tree = ast.parse(source)
    constants = _module_constants(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "unsafe_allow_html" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                found.append(f"{label}:{node.lineno}: unsafe_allow_html")
        if _called_name(node) in HTML_CALLS and node.args:
            body = node.args[0]
            fixed = (isinstance(body, ast.Constant) and isinstance(body.value, str)) or (
                isinstance(body, ast.Name) and body.id in constants)
            if not fixed:
                found.append(f"{label}:{node.lineno}: {_called_name(node)}() of a value made at run time")
    return found


def test_no_call_renders_text_as_html_unless_the_text_is_fixed_in_the_code():
    found = [finding for path in SOURCES
             for finding in html_findings(path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT_ROOT)))]
    assert found == []


def test_the_walk_would_find_a_call_that_renders_user_text():
    bad = ("import streamlit as st\nname = input()\nst.markdown(name, unsafe_allow_html=True)\n"
           "st.html(f'<b>{name}</b>')\nst.html(name)\nFIXED = '<hr>'\nst.html(FIXED)\n")
    assert html_findings(bad, "bad.py") == [
        "bad.py:3: unsafe_allow_html", "bad.py:4: html() of a value made at run time",
        "bad.py:5: html() of a value made at run time"]
