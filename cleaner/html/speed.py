"""What cleaner sets on trafilatura for speed, each with the same answers as before: a tree of the
same classes, expressions that select the same elements. Set once a process, on the first HTML
page, and shared by everything in the process that uses trafilatura (its answers unchanged).
"""

from __future__ import annotations

import functools
import re

REGEXP_NS = "http://exslt.org/regular-expressions"  # EXSLT's regular expressions, trafilatura's ``re:``

# ``re:test(@id, '…')``, ``re:test(@id|@class, '…')``, ``re:test(@class, '…', 'i')``: a test of attributes by a pattern.
_ATTRIBUTE_TEST = re.compile(r"re:test\((@[\w-]+(?:\|@[\w-]+)*),\s*'([^']*)'(?:,\s*'[^']*')?\)")
# A prefix (``h:div``, ``str:tokenize``) outside the string literals; an axis (``child::``) is none.
_PREFIX = re.compile(r"([A-Za-z_][\w.-]*):(?!:)")
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")

REWRITTEN: list[tuple[str, str]] = []  # (trafilatura's expression, the one used instead), for the tests


@functools.cache
def tune() -> None:
    """Both changes, once a process (``extract`` calls it before its first parse)."""
    from trafilatura import xpaths
    from trafilatura.utils import HTML_PARSER

    _classes_in_c(HTML_PARSER)
    # trafilatura's modules import these lists by name: replaced item by item, the same list objects.
    for value in vars(xpaths).values():
        if isinstance(value, list):
            value[:] = [guarded(item) for item in value]


def _classes_in_c(parser) -> None:
    """The element classes of lxml.html, chosen in C: lxml.html's parsers choose each element's
    class (``form``, ``input``, ``label``, ``select``, ``textarea`` their own, every other tag
    HtmlElement) in a Python method called for every element object made, some 3,000 times a
    page in trafilatura's walks, htmldate's and ours (about 3 % of a page's time). The same
    classes from lxml's own lookup by tag name: the same tree, the same answers (only an element
    built in code with an upper-case or namespaced tag, which nothing here builds, would differ:
    lxml.html lower-cases the name and ignores the namespace)."""
    from lxml import etree, html

    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction, entity=html.HtmlEntity))
    lookup.get_namespace(None).update(html.HtmlElementClassLookup._default_element_classes)
    parser.set_element_class_lookup(lookup)


def guarded(xpath):
    """An XPath whose regular-expression tests of attributes run only where the attribute is there.

    trafilatura tests every ``div``, ``p``, ``span``… of a page by its ``@id`` and ``@class``
    with ``re:test``, which lxml answers by calling back into Python, several times an element,
    whether it has the attribute or not: about a tenth of a page's time. Most elements have
    neither. ``re:test(@a, 'P')`` of an element without ``@a`` tests the empty string, so where
    ``P`` cannot match the empty string it is false, and ``((@a) and re:test(@a, 'P'))`` is the
    same test; XPath's ``and`` does not read its right side when the left is false. A pattern
    that matches the empty string, or anything else, is left as it is."""
    from lxml import etree

    if not isinstance(xpath, etree.XPath) or "re:test" not in xpath.path:
        return xpath
    # Recompiled with re: alone: lxml resolves any other prefix only when it evaluates, and would fail there.
    if set(_PREFIX.findall(_LITERAL.sub("", xpath.path))) != {"re"}:
        return xpath

    def guard(call: re.Match) -> str:
        attributes, pattern = call.groups()  # flags ('i') do not change whether "" matches
        if call.string.endswith(f"(({attributes}) and ", 0, call.start()):  # guarded already
            return call.group(0)
        try:
            if re.search(pattern, ""):
                return call.group(0)
        except re.error:
            return call.group(0)
        return f"(({attributes}) and {call.group(0)})"

    path = _ATTRIBUTE_TEST.sub(guard, xpath.path)
    if path == xpath.path:
        return xpath
    try:
        faster = etree.XPath(path, namespaces={"re": REGEXP_NS})
    except etree.XPathError:  # not expected (a call replaced by a parenthesised expression), but never worse
        return xpath
    REWRITTEN.append((xpath.path, path))
    return faster
