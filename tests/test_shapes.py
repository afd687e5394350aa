"""Line shapes: the CCNet normalisation and slots over words, shared by suggest and --repeats."""

import regex
import pytest

from cleaner.authoring import repeats, suggest
from cleaner.authoring.repeats import RepeatCounter
from cleaner.authoring.shapes import key, normal, pattern


def test_normal_folds_case_digits_and_punctuation():
    assert normal("© 2019 Example News!") == normal("© 2020 EXAMPLE NEWS.") == "0000 example news"
    assert normal("  Get   short URL ") == "get short url"


@pytest.mark.parametrize("a, b", [
    ("Source: https://a.example.com/2019/x?y=1", "Source - http://www.other.org/story"),
    ("Source: www.foo.org", "source: bar.co.uk/news/1"),
    ("© 2019 Sputnik / Jane Doe", "© 2020 Sputnik / Ali Khan"),
    ("Contributed by Ann Lee of Harbour Times", "Contributed by Tom Okafor of The Daily Post"),
    ("Posted on May 3, 2017 by Jane Doe", "Posted on December 12, 2020 by Ali Khan"),
    ("Follow @jdoe on Twitter", "Follow @harbour_news on Twitter"),
    ("Write to jane.doe@example.com", "Write to tips@news.example.org"),
    ("11:22 GMT +313 December 2019", "01:03 GMT +302 May 2016"),
])
def test_lines_that_differ_in_slots_share_a_key_and_a_pattern(a, b):
    assert key(a) is not None and key(a) == key(b)
    assert regex.fullmatch(pattern(a), b) and regex.fullmatch(pattern(b), a)


@pytest.mark.parametrize("line", ["Harbour Bridge Reopens After Repairs", "Jane Doe",
                                  "Estonia’s Song Festival Draws Record 100,000 Singers", "The Mayor of London"])
def test_names_numbers_and_common_words_alone_are_no_shape(line):
    assert key(line) is None  # every title-case headline would share it


def test_a_pattern_keeps_its_words():
    assert not regex.fullmatch(pattern("Source: https://a.example/1"), "Photo: https://a.example/1")
    assert not regex.fullmatch(pattern("© 2019 Sputnik"), "2019 Sputnik")


def test_suggest_and_repeats_count_with_one_normalisation():
    assert repeats.normal is suggest.normal is normal
    counter = RepeatCounter(min_count=3)
    for year in (2019, 2020, 2021):
        counter.add("a.example", [f"© {year} Example News", f"Story {'abc'[year - 2019]} begins."])
    literals = counter.rules()["a.example"].rules[0].elements[0].literals
    assert literals == {"© 2019 Example News", "© 2020 Example News", "© 2021 Example News"}
