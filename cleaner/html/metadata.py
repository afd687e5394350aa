"""What a page says of itself: title, headlines, standfirsts, author and dates, from its ``<meta>``
tags, JSON-LD and headings, and from the selectors of the site's ``[html]`` table.
"""

from __future__ import annotations

import json
from datetime import datetime
from itertools import islice

import regex

from cleaner.text.prose import loose
from cleaner.html.figures import _clean, _text


def apply_site(tree, site) -> dict:
    """A site file's [html] rules: strip its elements, read its title, author, date and clock.
    The clock's element goes too, so that nothing later can take it for the publication time."""
    meta: dict = {}
    rules = site.html if site is not None else None
    if rules is None:
        return meta

    def first(key: str):
        return next(iter(_selected(tree, site, key)), None)

    clock = first("clock")
    if clock is not None:
        value = _parse_time(_clean(_text(clock)), site, "captured_at")
        if value:
            meta["captured_at"] = value
        clock.drop_tree()
    for xpath in rules.strip:
        for el in tree.xpath(xpath):
            if el.getparent() is not None:
                el.drop_tree()
    if (el := first("title")) is not None and _clean(_text(el)):
        meta["title"] = _clean(_text(el))
    if (el := first("author")) is not None and _clean(_text(el)):
        meta["authors"] = [_author(_clean(_text(el)))]
    if (el := first("date")) is not None:
        raw = el.get("datetime") or el.get("content") or _text(el)
        value = _parse_time(_clean(raw), site, "timestamp")
        if value:
            meta["timestamp"] = value
            meta["timestamp_source"] = f"{site.path} [html] date"
    return meta


def _selected(tree, site, key: str) -> list:
    """The elements a site's [html] selector ``key`` finds, in page order (none without one)."""
    xpath = getattr(site.html, key) if site is not None and site.html is not None else None
    return tree.xpath(xpath) if xpath else []


def _parse_time(text: str | None, site, name: str) -> str | None:
    """ISO 8601 text as it is; otherwise the text read as the site's own rules read the field
    ``name`` from a line (the clock pattern that fills captured_at in a text dump, say)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for el in (el for rule in site.rules for el in rule.elements if el.field == name):
        if el.accepts(text):
            try:
                return el.value(text)
            except ValueError:
                continue
    return None


def _author(text: str) -> str:
    return regex.sub(r"^(?i:by)\s+", "", text)


def read_headlines(tree, table: dict | None = None) -> list[str]:
    """Every title the page gives itself, the record's first: its social titles, its ``h1``
    headlines, its ``<title>``. The headline a reader sees is often not the one in the page's head."""
    found = _meta(table if table is not None else _meta_table(tree), "og:title", "twitter:title")
    for text in [*(_text(h) for h in tree.iter("h1")), _page_title(tree)]:
        if (text := _clean(text)) and text not in found:
            found.append(text)
    return found


def read_standfirsts(tree, table: dict) -> list[str]:
    """The standfirst (dek): the page's own description, set as a subheading under its headline.
    The description alone is no sign: most pages describe themselves with their first paragraph."""
    described = {loose(d) for d in _meta(table, "og:description", "description", "twitter:description")}
    if not described:
        return []
    return [text for el in islice(tree.iter("h2", "h3", "h4"), 12)
            if (text := _clean(_text(el))) and loose(text) in described]


def _page_title(tree) -> str | None:
    """The text of the page's ``<title>`` in its head. (Element iteration here and below, not
    XPath: an XPath query walks the whole page at several times the cost.)"""
    titles = [el for el in tree.iter("title") if el.text and el.text.strip()]
    head = [el for el in titles if (parent := el.getparent()) is not None and parent.tag == "head"]
    return (head or titles)[0].text if titles else None


def _meta_table(tree) -> dict[str, list[str]]:
    """Every <meta> tag's content by its property and by its name, in page order: one pass."""
    table: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        for key in {el.get("property"), el.get("name")} - {None}:
            table.setdefault(key, []).append(content)
    return table


def _meta(table: dict[str, list[str]], *keys: str) -> list[str]:
    """The content of <meta> tags by property or name, in page order, stripped, without repeats."""
    found: list[str] = []
    for key in keys:
        for value in table.get(key, ()):
            value = _clean(value)
            if value and value not in found:
                found.append(value)
    return found


def _ld_authors(tree) -> list[str]:
    """Author names from the page's JSON-LD (schema.org), in order."""
    names: list[str] = []

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            author = node.get("author") or node.get("creator")
            for a in author if isinstance(author, list) else [author]:
                name = a.get("name") if isinstance(a, dict) else a if isinstance(a, str) else None
                if isinstance(name, str) and _clean(name) and _clean(name) not in names:
                    names.append(_clean(name))
            for key in ("@graph", "mainEntity"):
                walk(node.get(key))

    for script in tree.iter("script"):
        if script.get("type") != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text))
        except (ValueError, RecursionError):  # not JSON, or nested past what the parser reads: no authors
            continue
    return names


def page_metadata(tree, url: str | None, table: dict | None = None, headlines: list[str] | None = None) -> dict:
    """What the page says of itself in its head: title (the first of its ``headlines``), publication
    time, authors, tags, categories, site name, url. The time is htmldate's without its extensive
    text search: structured metadata and the url first, a whole date written in the page last."""
    import htmldate

    meta: dict = {}
    table = table if table is not None else _meta_table(tree)
    titles = headlines if headlines is not None else read_headlines(tree, table)
    if titles:
        meta["title"] = titles[0]
    try:
        date = htmldate.find_date(tree, url=url, extensive_search=False, original_date=True,
                                  outputformat="%Y-%m-%dT%H:%M:%S%z")
    except (ValueError, OverflowError, TypeError):  # a date htmldate cannot read (an offset of +83:00) is no date
        date = None
    if date:
        meta["timestamp"] = _iso(date)
        meta["timestamp_source"] = "html metadata (htmldate)"
    authors = [a for a in _meta(table, "author", "article:author", "byl", "parsely-author", "sailthru.author")
               if not a.startswith(("http://", "https://"))] or _ld_authors(tree)
    if authors:
        meta["authors"] = [_author(a) for a in authors]
    if tags := _meta(table, "article:tag"):
        meta["tags"] = tags
    if sections := _meta(table, "article:section"):
        meta["categories"] = sections
    if site := _meta(table, "og:site_name"):
        meta["sitename"] = site[0]
    page_url = url or next(iter(_meta(table, "og:url")), None) or next((el.get("href") for el in tree.iter("link") if el.get("rel") == "canonical" and el.get("href")), None)
    if page_url:
        meta["url"] = page_url
    return meta


def _iso(value: str) -> str:
    """htmldate's '2021-05-04T10:00:00+0200' as ISO 8601 ('2021-05-04T10:00:00+02:00'); a date
    without a time stays a date."""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d" or (moment.hour == moment.minute == moment.second == 0 and moment.tzinfo is None):
            return moment.date().isoformat()
        return moment.isoformat()
    return value
