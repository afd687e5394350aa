"""The prose guard, against its definition: six or more words (\\w+ runs; in unspaced scripts a
character is a word), and the line ends as a sentence ends in any script, perhaps followed by
closing quotes and brackets."""

import regex
from hypothesis import given, settings, strategies as st

from cleaner.text.prose import is_prose

_WORDS = regex.compile(r"\w+")
_ENDS_AS_SENTENCE = regex.compile(r"[.!?…。！？।॥։؟۔።][\"'”’»)\]）」』]*$")
_REFERENCE_MARKS = regex.compile(r"(?:\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed)\])+$")  # '….[1]', '….[3][a]'


def definition(text: str) -> bool:
    ended = _REFERENCE_MARKS.sub("", text)
    return _ENDS_AS_SENTENCE.search(ended) is not None and len(_WORDS.findall(text)) >= 6


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(list("ab c.!?…。！？\"'”’»)][( x-,é1") + ["[1]", "[a]"]), max_size=40).map("".join))
def test_is_prose_is_its_definition(text):
    assert is_prose(text) == definition(text)


def test_examples():
    assert is_prose("The council voted on Monday to close the bridge.")
    assert is_prose("“It is the only way across for a lot of people,” she said.”")
    assert not is_prose("Share this article on Facebook and Twitter")  # no closing punctuation
    assert not is_prose("Comments are closed.")  # three words
    assert is_prose("It is a Grade II listed structure.[1]")  # a wiki's reference mark after the end
    assert is_prose("The bridge opened in 1871.[2][a]")
    assert not is_prose("See the list of bridges in England [1]")


def test_sentences_of_other_scripts():
    assert is_prose("市政府周二宣布将在明年春天重新开放这座大桥。")  # no spaces: each character a word
    assert is_prose("सरकार ने मंगलवार को कहा कि पुल अगले साल खुल जाएगा।")
    assert is_prose("Կառավարությունը երեքշաբթի հայտարարեց, որ կամուրջը կբացվի հաջորդ տարի։")
    assert not is_prose("首页。")  # two characters


def test_reference_marks_are_looked_for_only_in_a_lines_tail(monkeypatch):
    # The marks' pattern is tried at every start of what it is given: over a whole line of marks it
    # took time in the square of the line's length (6 s at 60,000 characters). It is given the tail.
    from cleaner.text import prose

    marks, seen = prose._REFS, []

    class Spy:
        def sub(self, repl, text):
            seen.append(len(text))
            return marks.sub(repl, text)

    monkeypatch.setattr(prose, "_REFS", Spy())
    assert not prose.is_prose("x" + "[1]" * 20_000 + "]")
    assert prose.is_prose("The bridge is a Grade II listed structure.[1][12]")
    assert seen and max(seen) <= prose.REFS_TAIL
