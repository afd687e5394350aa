"""Hostile and unusual HTML pages: each gives its text or a one-line error, never a traceback."""

PARAGRAPHS = [
    "The harbour board voted on Monday to rebuild the old fish market, which has stood empty since the storm.",
    "Work is due to start in the spring and should take two years, the board's chairwoman said.",
    "Traders who left the market after the storm will be offered their old stalls back at last year's rents.",
]


def page(body: str, head: str = "<title>Fish Market</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def article(*paragraphs: str) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs or PARAGRAPHS) + "</article>"


def test_surrogates_in_a_page_given_as_text_are_repaired_as_in_a_dump_not_the_end_of_the_page(cleaner):
    # lxml stops parsing at a lone surrogate: the page after it was lost without a word.
    first = PARAGRAPHS[0].replace("fish", "fi\ud800sh") + " \ud83d\udc1f"  # a lone one, then a pair
    record = cleaner.clean(page(article(first, *PARAGRAPHS[1:])), kind="html")
    assert record.text.split("\n\n") == [PARAGRAPHS[0].replace("fish", "fi\ufffdsh") + " \U0001f41f", *PARAGRAPHS[1:]]


def test_json_ld_nested_past_the_recursion_limit_is_no_author_not_a_crash(cleaner):
    deep = '{"@graph":[' * 3000 + "{}" + "]}" * 3000
    head = f'<title>Fish Market</title><script type="application/ld+json">{deep}</script>'
    record = cleaner.clean(page(article(), head), kind="html")
    assert record.text.split("\n\n") == PARAGRAPHS
    assert "authors" not in record.metadata
