"""The rule loader: what a rule file may say, and a one-line located error for what it may not."""

import textwrap

import pytest

from cleaner.rules import RuleError, load_file, load_rules

SITE = '[site]\nname = "example.com"\ndomains = ["example.com"]\n'


def write(tmp_path, body, name="example.com.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def error_of(tmp_path, body) -> str:
    with pytest.raises(RuleError) as info:
        load_file(write(tmp_path, body))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_bundled_rules_load():
    rules = load_rules()
    assert "sputniknews.com" in rules.sites
    assert rules.shared, "a shared chrome file is bundled"


def test_bad_toml_names_file_and_line(tmp_path):
    message = error_of(tmp_path, SITE + '\n[[rule]]\nid = "x"\nline = "unterminated\n')
    assert message.startswith(f"{tmp_path / 'example.com.toml'}:7: invalid TOML")


def test_unknown_key_names_rule(tmp_path):
    message = error_of(tmp_path, SITE + '[[rule]]\nid = "ads"\nline = "Ad"\ndrop = true\ncolour = "red"\n')
    assert ":5: ads: unknown key 'colour'" in message


def test_unknown_key_in_line_pattern(tmp_path):
    message = error_of(tmp_path, SITE + '[[rule]]\nid = "hdr"\nlines = [{ line = "A", drop = true, bogus = 1 }]\n')
    assert ":5: hdr: line pattern 1: unknown key 'bogus'" in message


def test_invalid_regex_names_rule(tmp_path):
    message = error_of(tmp_path, SITE + "[[rule]]\nid = \"broken\"\nre = '(unclosed'\ndrop = true\n")
    assert ":5: broken: invalid regular expression '(unclosed'" in message


def test_named_group_no_field_takes(tmp_path):
    message = error_of(tmp_path, SITE + "[[rule]]\nid = \"credit\"\nre = '© (?P<agency>.+)'\ndrop = true\n")
    assert ":5: credit: named group 'agency' is not taken by any field" in message


def test_extra_named_group_in_a_plain_field(tmp_path):
    message = error_of(tmp_path, SITE + "[[rule]]\nid = \"by\"\nre = 'By (?P<a>\\w+) (?P<b>\\w+)'\nfield = \"authors\"\n")
    assert ":5: by: named group 'b' is not taken by field 'authors'" in message


def test_timestamp_groups_must_be_date_time_offset(tmp_path):
    body = SITE + ('[fields]\nwhen = { type = "timestamp", format = "%Y" }\n'
                   "[[rule]]\nid = \"clock\"\nre = '(?P<year>\\d{4})'\nfield = \"when\"\n")
    assert ":7: clock: named group 'year' is not taken by field 'when'" in error_of(tmp_path, body)


def test_duplicate_rule_id(tmp_path):
    body = SITE + '[[rule]]\nid = "a"\nline = "x"\ndrop = true\n[[rule]]\nid = "a"\nline = "y"\ndrop = true\n'
    assert ":5: a: duplicate rule id" in error_of(tmp_path, body)


def test_site_table_is_required(tmp_path):
    assert "needs a [site] table" in error_of(tmp_path, '[[rule]]\nid = "a"\nline = "x"\ndrop = true\n')


def test_unknown_pattern_reference(tmp_path):
    body = SITE + "[[rule]]\nid = \"c\"\nre = '{nope} x'\ndrop = true\n"
    assert ":5: c: unknown pattern {nope}" in error_of(tmp_path, body)


def test_one_matcher_and_one_destination(tmp_path):
    assert "exactly one of line, re, any, same" in error_of(
        tmp_path, SITE + '[[rule]]\nid = "c"\nline = "x"\nany = true\ndrop = true\n')
    assert "exactly one of drop, role, field" in error_of(
        tmp_path, SITE + '[[rule]]\nid = "c"\nline = "x"\n')


def test_a_rule_of_optional_lines_only_is_refused(tmp_path):
    body = SITE + '[[rule]]\nid = "c"\nlines = [{ line = "x", drop = true, optional = true }]\n'
    assert ":5: c: every line of the rule is optional" in error_of(tmp_path, body)


def test_bad_anchor_and_repeat(tmp_path):
    assert "anchor must be one of" in error_of(
        tmp_path, SITE + '[[rule]]\nid = "c"\nanchor = "middle"\nline = "x"\ndrop = true\n')
    assert "repeat is a maximum count" in error_of(
        tmp_path, SITE + '[[rule]]\nid = "c"\nline = "x"\ndrop = true\nrepeat = [3, 1]\n')


def test_patterns_expand_and_unicode_classes_stay(tmp_path):
    body = SITE + ("[patterns]\nword = '\\p{L}+'\n"
                   "[[rule]]\nid = \"w\"\nre = '{word} x{2}'\ndrop = true\n")
    site = load_file(write(tmp_path, body))
    element = site.rules[0].elements[0]
    assert element.accepts("Ünïcode xx") and not element.accepts("Ünïcode x")


def test_rule_reference_has_file_and_line(tmp_path):
    path = write(tmp_path, SITE + '\n[[rule]]\nid = "ads"\nline = "Ad"\ndrop = true\n')
    rule = load_file(path).rules[0]
    assert rule.ref == f"{path}:6 ads"


def test_later_folder_overrides_a_bundled_site(tmp_path):
    write(tmp_path, '[site]\nname = "sputniknews.com"\ndomains = ["sputniknews.com"]\n', "mine.toml")
    rules = load_rules([tmp_path])
    assert rules.sites["sputniknews.com"].rules == ()


def test_loading_runs_no_code(tmp_path):
    # A rule file is data: strings that look like code stay strings.
    marker = tmp_path / "ran"
    body = SITE + f"[[rule]]\nid = \"x\"\nline = \"__import__('os').system('touch {marker}')\"\ndrop = true\n"
    load_file(write(tmp_path, body))
    assert not marker.exists()


def test_closes_is_a_rule_flag(tmp_path):
    site = load_file(write(tmp_path, SITE + '[[rule]]\nid = "more"\nre = "More in .+"\ndrop = true\ncloses = true\n'))
    assert site.rules[0].closes
    assert not load_file(write(tmp_path, SITE + '[[rule]]\nid = "ad"\nline = "Ad"\ndrop = true\n')).rules[0].closes
    message = error_of(tmp_path, SITE + '[[rule]]\nid = "more"\nre = "More in .+"\ndrop = true\ncloses = "yes"\n')
    assert "more: closes must be true or false" in message


def test_echo_names_a_role_before_it(tmp_path):
    figure = SITE + ('[[rule]]\nid = "figure"\nlines = [\n  { any = true, role = "caption" },\n'
                     '  { re = "Photo: .+", role = "credit", gap = false },\n  {ECHO},\n]\n')
    site = load_file(write(tmp_path, figure.replace("{ECHO}", '{ any = true, role = "alt", optional = true, echo = "caption" }')))
    assert site.rules[0].elements[2].echo == "caption"
    message = error_of(tmp_path, figure.replace("{ECHO}", '{ any = true, role = "alt", echo = "alt" }'))
    assert "figure: line pattern 3 echoes a alt line, but no line pattern before it has that role" in message
    message = error_of(tmp_path, figure.replace("{ECHO}", '{ any = true, role = "alt", echo = "headline" }'))
    assert "echo names the role of a line before it in the rule" in message
    bottom = figure.replace('id = "figure"\n', 'id = "figure"\nanchor = "bottom"\n')
    message = error_of(tmp_path, bottom.replace("{ECHO}", '{ any = true, role = "alt", echo = "caption" }'))
    assert "echo goes with anchor" in message


def test_spaced_even_keeps_a_list_as_its_first_two_stand(tmp_path):
    # A related list whose first two headlines stand line after line ends at a blank line: the
    # sub-heading under it stays. With blank lines between its first two, blank lines may part the rest.
    from cleaner import Cleaner, load_rules

    rule = ('[[rule]]\nid = "list"\nlines = [\n  { line = "Related", drop = true },\n'
            '  { re = "Headline .+", drop = true, repeat = [1, 8], spaced = "even" },\n]\n')
    site = load_file(write(tmp_path, SITE + rule))
    assert site.rules[0].elements[1].spaced == "even"
    cleaner = Cleaner(rules=load_rules([tmp_path], bundled=False), generic="off")
    text = "Body sentence one of the story, with words.\n\nRelated\nHeadline one\nHeadline two\n\nHeadline three as a sub-heading\n\nBody sentence two of the story, with words."
    assert "Headline three as a sub-heading" in cleaner.clean(text, url="https://example.com/a").text
    spaced = text.replace("Headline one\nHeadline two", "Headline one\n\nHeadline two")
    assert "Headline three" not in cleaner.clean(spaced, url="https://example.com/a").text
    message = error_of(tmp_path, SITE + rule.replace('"even"', '"odd"'))
    assert 'spaced must be true or false (or "even")' in message
