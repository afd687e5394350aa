"""The line model: its features in any script, its file, and its place in the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import app
from cleaner.linemodel import CLASSES, LineModel, ModelError, default_model
from cleaner.linemodel.features import CONTEXT_NAMES, NAMES, page_features, sentence_end, words
from cleaner.linemodel.model import MODEL_FILE
from cleaner.rules import load_rules
from conftest import ROOT

PROSE = [
    "The port authority voted on Tuesday to build a new ferry terminal on the east quay, ending two years of debate.",
    "The terminal will cost about 40 million and should open in 2027, the authority said in a statement.",
    "Opponents said the east quay is too close to the nature reserve and had not been studied enough.",
]


def test_words_are_counted_in_any_script():
    assert words("Port authority approves new terminal") == 5
    assert words("北京今天下雨了。") == 7  # a Han character is a word; 。 is not
    assert words("สวัสดีครับ") == len("สวัสดีครับ") / 4  # Thai letters count four to a word
    assert words("भारत में आज बारिश हुई।") == 5


@pytest.mark.parametrize("line", ["He left.", "他走了。", "वह चला गया।", "Նա գնաց։", "هل ذهب؟", "“Stop!”"])
def test_sentence_ends_in_any_script(line):
    assert sentence_end(line)


def test_a_row_per_line_and_none_for_blanks():
    rows = page_features(["Home", "", PROSE[0]])
    assert rows[1] is None and len(rows[0]) == len(rows[2]) == len(NAMES)
    assert rows[2][NAMES.index("prose")] == 1.0 and rows[0][NAMES.index("prose")] == 0.0


@pytest.mark.parametrize("line", [
    "Home", "", "   ", "ALL RIGHTS RESERVED", "All rights reserved.", "(C) 2019 Acme", "Copyright: Acme, 2019",
    "Visit WwW.Example.com today", "mail me: a@b.org", "@handle says", "#tags #more", "https://x.y/z",
    "News | Sport > World / Europe", "Left - right -- and - - x", "tab\t-\tseparated", "Chapter 12: one; two, three",
    "don't stop_me now 42", "-", "----", PROSE[0],
])
def test_the_ascii_shortcut_counts_what_the_general_path_counts(line):
    from cleaner.linemodel.features import _counts, _counts_ascii, line_tokens

    assert _counts_ascii(line) == _counts(line)
    assert line_tokens(line) == _counts(line)[0] == line_tokens(line + " 北京 भारत")[:len(line_tokens(line))]


def test_a_memo_of_line_shapes_changes_no_feature():
    lines = ["Home", "News | Sport", "", *PROSE, "", "Home", "Share this article"]
    memo: dict = {}
    first = page_features(lines, None, memo)
    assert set(memo) == {line for line in lines if line}
    assert page_features(lines, None, memo) == first == page_features(lines, None)


# A page in each of a few languages: a menu line, then three sentences of news (None: no stoplist).
PAGES = {
    "English": PROSE,
    "German": [
        "Die Stadt hat am Dienstag beschlossen, einen neuen Fähranleger am Osthafen zu bauen.",
        "Der Bau soll etwa 40 Millionen Euro kosten und im Jahr 2027 fertig sein, sagte die Behörde.",
        "Gegner sagen, dass der Hafen zu nah an dem Naturschutzgebiet liegt und nicht genug untersucht wurde.",
    ],
    "French": [
        "La ville a décidé mardi de construire un nouveau terminal pour les ferries sur le quai est.",
        "Le projet doit coûter environ 40 millions d'euros et ouvrir en 2027, a indiqué la mairie dans un communiqué.",
        "Les opposants estiment que le quai est trop proche de la réserve naturelle et qu'il n'a pas été assez étudié.",
    ],
    "Spanish": [
        "El ayuntamiento decidió el martes construir una nueva terminal de ferris en el muelle este.",
        "La obra costará unos 40 millones de euros y debería abrir en 2027, según un comunicado del puerto.",
        "Los vecinos dicen que el muelle está demasiado cerca de la reserva natural y que no se ha estudiado lo suficiente.",
    ],
    "Russian": [
        "Городской совет во вторник решил построить новый паромный терминал на восточной пристани.",
        "Строительство обойдётся примерно в 40 миллионов и должно завершиться в 2027 году, сообщили в администрации.",
        "Противники проекта говорят, что пристань находится слишком близко к заповеднику и что это не было изучено.",
    ],
    "Hindi": [
        "नगर परिषद ने मंगलवार को पूर्वी घाट पर एक नया नौका टर्मिनल बनाने का फैसला किया।",
        "इस पर लगभग 40 करोड़ रुपये खर्च होंगे और यह 2027 में खुलेगा, प्राधिकरण ने एक बयान में कहा।",
        "विरोधियों का कहना है कि घाट प्रकृति अभयारण्य के बहुत पास है और इसका पूरा अध्ययन नहीं किया गया।",
    ],
    None: [
        "港务局周二投票决定在东码头建造一个新的渡轮码头，结束了两年的争论。",
        "该码头将耗资约四千万元，预计于二〇二七年启用，港务局在一份声明中说。",
        "反对者说，东码头离自然保护区太近，而且研究得不够。",
    ],
}


@pytest.mark.parametrize("language", PAGES, ids=str)
def test_a_pages_stoplist_is_the_list_its_commonest_words_hit_most(language):
    import justext

    from cleaner.linemodel.stopwords import _commonest, stop_words

    lines = ["Home | News | Sport", "", *PAGES[language]]
    # The plain definition, over jusText's lists themselves: each list scores the counts of the
    # page's commonest words it holds; the first list in order of its name among the highest wins.
    lists = {name: justext.get_stoplist(name) for name in sorted(justext.get_stoplists())}
    hits = {name: sum(count for word, count in _commonest(lines) if word in stops) for name, stops in lists.items()}
    best = max(hits.values())
    expected = next((lists[name] for name in lists if hits[name] == best), None) if best else None
    assert stop_words(lines) == expected
    assert expected == (lists[language] if language else None)


def test_an_english_page_is_not_taken_for_a_language_whose_list_holds_english_words():
    # A Sputnik page whose fifty commonest words voted for Marathi (jusText's Marathi list holds many
    # English words); its 200 commonest vote for English.
    import justext

    from cleaner.linemodel.stopwords import stop_words

    page = (ROOT / "fixtures" / "sputniknews.com" / "109_credit_spacing.input.txt").read_text(encoding="utf-8")
    assert stop_words(page.split("\n")) == justext.get_stoplist("English")


def test_a_lexicon_gives_a_lines_words_their_weight():
    lines = ["Subscribe to our newsletter", "", PROSE[0], "", "Abonnez-vous"]
    col = NAMES.index("lex_mean"), NAMES.index("lex_max")
    plain = page_features(lines, None)
    weighed = page_features(lines, None, lexicon={"subscribe": 2.0, "newsletter": 1.0, "ferry": -1.5})
    assert [plain[0][c] for c in col] == [0.0, 0.0]  # no lexicon: no word counts
    assert [weighed[0][c] for c in col] == [(2.0 + 0 + 0 + 1.0) / 4, 2.0]  # its 4 distinct words, case aside
    assert weighed[2][col[0]] < 0  # a word of prose pulls towards body
    assert [weighed[4][c] for c in col] == [0.0, 0.0]  # words it does not know (another language) count 0
    others = [k for k in range(len(NAMES)) if k not in col]
    assert [[r[k] for k in others] for r in weighed if r] == [[r[k] for k in others] for r in plain if r]


def test_a_lines_word_features_are_the_same_bits_in_every_process():
    # A set's order follows the process's string hashes: the mean of its words' values must not.
    import subprocess
    import sys

    code = ("from cleaner.linemodel.features import page_features as f; "
            "lex = {w: v for w, v in zip('alpha beta gamma delta epsilon zeta eta theta'.split(), "
            "[1e16, 0.1, -1e16, 0.7, 1.3, -0.3, 2.9, 1e-3])}; "
            "print(repr(f(['Alpha beta gamma delta epsilon zeta eta theta'], None, lexicon=lex)[0][-2:]))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(outs) == 1, outs


def test_the_lexicon_keeps_words_of_many_pages_and_no_numbers():
    from cleaner.linemodel.train import lexicon

    pages = []
    for k in range(40):
        lines = ["Subscribe now", f"Copyright 2019 Site{k}", "Sports", PROSE[k % 3], PROSE[(k + 1) % 3]]
        labels = ["chrome", "chrome", "chrome", "body", "body"]
        if k == 0:
            lines, labels = [*lines, "Zebra crossing closed"], [*labels, "chrome"]
        pages.append({"set": "news", "lines": lines, "labels": labels})
    alone = lexicon(pages)
    assert alone["subscribe"] > 0 > alone["ferry"]  # chrome's words and body's
    assert "zebra" not in alone  # on one page of 40: one site's word, not the web's
    assert "2019" not in alone and "site0" not in alone  # numbers and words with digits
    # A second collection, where "sports" is the body's word: only what both agree on stays.
    blogs = [{"set": "blogs", "lines": ["Subscribe today", f"Sports news, {PROSE[k % 3]}"], "labels": ["chrome", "body"]}
             for k in range(40)]
    both = lexicon(pages + blogs)
    assert alone["sports"] > 0 and "sports" not in both
    assert 0 < both["subscribe"] <= alone["subscribe"] and "zebra" not in both


def test_the_shipped_model_is_plain_json_with_a_version():
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["classes"] == list(CLASSES) and data["version"]
    assert data["first"]["features"] == list(NAMES) and data["second"]["features"] == list(CONTEXT_NAMES)
    assert default_model().name == f"model:{data['version']}"


def test_a_model_file_for_other_features_is_refused(tmp_path):
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["first"]["features"] = data["first"]["features"][:-1]
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="retrain"):
        LineModel.load(bad)
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    del data["lexicon"]  # its first stage weighs word features: without a lexicon it would read 0 for all
    bad.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="no lexicon"):
        LineModel.load(bad)
    for value in ('"a lot"', "true", "NaN", "1" + "0" * 400):  # json.loads takes NaN and ints past a float's range
        data["lexicon"] = {"subscribe": "VALUE"}
        bad.write_text(json.dumps(data).replace('"VALUE"', value))
        with pytest.raises(ModelError, match="lexicon"):
            LineModel.load(bad)
    data["lexicon"], data["first"]["weights"][0][0] = {}, "HUGE"
    bad.write_text(json.dumps(data).replace('"HUGE"', "1" + "0" * 400))  # a weight past a float's range
    with pytest.raises(ModelError, match="not a line model file"):
        LineModel.load(bad)
    bad.write_text("not json")
    with pytest.raises(ModelError, match="not a line model file"):
        LineModel.load(bad)


def _stage(names, weights: dict[str, dict[str, float]]) -> dict:
    rows = [[weights.get(cls, {}).get(name, 0.0) for name in names] for cls in CLASSES]
    return {"features": list(names), "weights": rows, "means": [0.0] * len(names), "scales": [1.0] * len(names)}


def toy_model() -> LineModel:
    """A model whose mind is known: prose is body, a line ending in ':' a caption, a line starting
    with a bullet a title; the second stage passes the first stage's belief on."""
    first = _stage(NAMES, {"body": {"bias": -3.0, "prose": 6.0}, "caption": {"colon_end": 8.0},
                           "title": {"bullet": 8.0}})
    second = _stage(CONTEXT_NAMES, {"body": {"bias": -4.0, "self_body": 8.0},
                                    "caption": {"bias": -4.0, "self_caption": 8.0},
                                    "title": {"bias": -4.0, "self_title": 8.0}})
    return LineModel({"version": "toy", "classes": list(CLASSES), "first": first, "second": second, "lexicon": {}})


def test_every_line_no_rule_took_gets_the_models_fate():
    page = "\n\n".join(["Home", "Quarterly figures", PROSE[0], "A heron on the quay at dawn:", PROSE[1], "Teaser one",
                        "- The ferry terminal decision", "Teaser two", PROSE[2]])
    result = Cleaner(generic="balanced", line_model=toy_model()).process(page, id="p")
    by_text = {f.text: f for f in result.fates}
    assert result.record.text == "\n\n".join(PROSE)
    assert by_text["A heron on the quay at dawn:"].dest == "caption"
    assert result.record.captions[0].text == "A heron on the quay at dawn:" and result.record.captions[0].position == 1
    assert result.record.metadata["title"] == "- The ferry terminal decision"
    for line in ("Quarterly figures", "Teaser one", "Teaser two"):
        assert by_text[line].dest == "removed" and by_text[line].rule.ref == "model:toy"
        assert "P(body)" in by_text[line].why
    assert "P(body)" in by_text[PROSE[0]].why  # a kept line says why too


def test_rules_take_first_and_the_model_reads_only_what_is_left():
    page = "\n\n".join(["Advertisement", PROSE[0], "Teaser one", PROSE[1], "Teaser two", PROSE[2]])
    result = Cleaner(generic="balanced", line_model=toy_model()).process(page, id="p")
    fates = {f.text: f.rule.ref for f in result.fates if f.rule}
    assert fates["Advertisement"].endswith("advertisement") and fates["Teaser one"] == "model:toy"


def test_generic_off_and_complete_site_files_keep_the_model_out(tmp_path):
    page = "\n\n".join(["Teaser one", PROSE[0], "Teaser two", PROSE[1], "Teaser three", PROSE[2]])
    assert Cleaner(generic="off", line_model=toy_model()).process(page).model is None
    assert "Teaser two" in Cleaner(generic="off", line_model=toy_model()).clean(page).text
    (tmp_path / "site.toml").write_text('[site]\nname = "example.org"\ndomains = ["example.org"]\ncomplete = true\n')
    cleaner = Cleaner(rule_dirs=[tmp_path], generic="balanced", line_model=toy_model())
    assert cleaner.process(page, url="https://example.org/a").model is None
    (tmp_path / "site.toml").write_text('[site]\nname = "example.org"\ndomains = ["example.org"]\n')
    cleaner = Cleaner(rule_dirs=[tmp_path], generic="balanced", line_model=toy_model())
    result = cleaner.process(page, url="https://example.org/a")
    assert result.record.site == "example.org" and "Teaser two" not in result.record.text


def test_the_model_never_leaves_a_page_of_prose_almost_empty():
    from cleaner.authoring.explain import rows

    # The toy model takes every line without closing punctuation: here, all of them.
    page = "\n".join(f"line {k} of a page that has no full stops but many words in every line" for k in range(20))
    cleaner = Cleaner(generic="balanced", line_model=toy_model())
    result = cleaner.process(page)
    kept = result.record.text.split("\n\n")
    assert result.model.given_back == len(kept) == 2  # a tenth of the words stay
    page_account = rows(result, cleaner)[0]["page"]  # explain says so, in JSON as in text
    assert page_account["guards"] == result.guards() and "line model gave back lines" in page_account["guards"]
    assert "guard: the line model gave back 2 lines, the likeliest body first" in page_account["notes"][-1]


@pytest.mark.parametrize("model", [toy_model(), None], ids=["toy", "shipped"])
def test_cleaning_a_cleaned_text_again_changes_nothing(model):
    # The model scores the text that would come out until it takes nothing more from it.
    page = "\n".join(["Daily Harbour News", "Home", "", "Background", "", PROSE[0], "", "Teaser one", "Teaser two",
                      "", PROSE[1], "", "He declined to comment.", "", PROSE[2], "", "About us", "Contact"])
    cleaner = Cleaner(generic="balanced", line_model=model)
    once = cleaner.clean(page).text
    assert PROSE[0] in once and cleaner.clean(once).text == once


def test_the_shipped_model_keeps_the_article_and_takes_chrome():
    page = "\n".join(["Daily Harbour News", "Home", "World", "Business", "", "Port authority approves new ferry terminal", "",
                      PROSE[0], "", PROSE[1], "", "Share this article", "Sign up for our newsletter", "", PROSE[2], "",
                      "About us", "Contact", "Privacy", "© 2026 Daily Harbour News"])
    record = Cleaner(generic="balanced").clean(page)
    assert record.text == "\n\n".join(PROSE)
    assert record.metadata["title"] == "Port authority approves new ferry terminal"


def test_the_guard_undoes_the_least_certain_rules_first():
    # Twenty short lines and one sentence: the edge rules would take nearly every word.
    page = "\n".join([f"Quay {k} mooring plan" for k in range(20)] + ["It rained all day in the port city."])
    result = Cleaner(generic="off").process(page)
    assert result.guarded == "fallback" and "Quay 3 mooring plan" in result.record.text


def test_explain_names_the_fallback_files_the_guard_undid():
    from cleaner.authoring.explain import guard_notes

    # Date-and-time lines and a sentence: the timestamp lines would take most of the words.
    page = "\n".join([f"August {k}, 2024 at 3:41 PM UTC" for k in range(1, 21)] + ["It rained all day in the port city."])
    cleaner = Cleaner(generic="off")
    result = cleaner.process(page)
    assert result.guarded == "fallback" and "August 3, 2024 at 3:41 PM UTC" in result.record.text
    fallback = [f.name for f in cleaner.rules.shared if f.fallback]
    assert "shared-dumps" in fallback
    assert any(note.endswith(f"the fallback files ({', '.join(fallback)}) were undone") for note in guard_notes(result, cleaner))


def test_explain_shows_the_models_reasons_and_the_dial():
    # (A menu item no shared rule takes alone: the model's to decide.)
    page = "\n".join(["Daily Harbour News", "Blogs", "", PROSE[0], "", "Subscribe to our newsletter today", "", PROSE[1]])
    out = CliRunner().invoke(app, ["explain", "--generic", "balanced", "-"], input=page)
    assert out.exit_code == 0
    assert "line model model:" in out.output and "--generic balanced" in out.output and "P(body)" in out.output
    assert "Blogs  <- model:" in out.output and "; words blogs +" in out.output  # the lexicon's chrome word
    default = CliRunner().invoke(app, ["explain", "-"], input=page)  # on by default, conservative
    assert "--generic conservative" in default.output and "Blogs  <- model:" in default.output
    off = CliRunner().invoke(app, ["explain", "--generic", "off", "-"], input=page)
    assert "line model" not in off.output and "P(body)" not in off.output
    bad = CliRunner().invoke(app, ["clean", "--generic", "wild", "-"], input=page)
    assert bad.exit_code == 2 and "--generic wild" in bad.output


def test_explain_reads_the_words_of_the_line_a_settling_round_scored():
    from cleaner.linemodel.layer import DIALS, Decision

    model = default_model()
    first, settled = model.score(["Privacy policy", "", PROSE[0]]), model.score([PROSE[1], "", "Home"])
    decision = Decision(model, first, DIALS["balanced"], (0, -1), where={0: (settled, 2)})
    assert "; words home +" in decision.explain(0) and "privacy" not in decision.explain(0)
    assert "privacy +" in Decision(model, first, DIALS["balanced"], (0, -1)).explain(0)


def test_explain_names_no_word_the_lexicon_weighs_at_nothing():
    model = default_model()
    faint = sorted(w for w, v in model.lexicon.items() if abs(v) < 0.05)[0]
    strong = max(model.lexicon, key=model.lexicon.get)
    scored = model.score([f"{faint} {strong}"])
    assert [w for w, _ in scored.telling_words(model, 0)] == [strong]


def test_training_is_deterministic(tmp_path):
    pytest.importorskip("sklearn", reason="the train extra: pip install '.[train]' (CI installs it)")
    from cleaner.linemodel.train import fit

    menu = ["Home", "News", "Sport", "Contact us"]
    pages = []
    for k in range(10):
        lines = menu + [""] + [f"{p} Page {k}." for p in PROSE] + ["", "About", "Privacy"]
        labels = ["chrome"] * 4 + ["blank"] + ["body"] * 3 + ["blank", "chrome", "chrome"]
        pages.append({"id": str(k), "set": "toy", "lines": lines, "labels": labels, "truth": ""})
    first, second = fit([dict(p) for p in pages]), fit([dict(p) for p in pages])
    assert json.dumps(first) == json.dumps(second)
    model = LineModel(first)
    probs = model.score(pages[0]["lines"]).probs
    assert probs[5][0] > probs[1][0]  # it learned prose from menus


def test_stats_count_the_pages_a_guard_acted_on(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("\n".join([f"Quay {k} mooring plan" for k in range(20)] + ["It rained all day in the port city."]))
    out = CliRunner().invoke(app, ["clean", "--stats", str(tmp_path / "stats.json"), str(page)])
    assert out.exit_code == 0
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["pages_guarded"]["shared rules undone (fallback)"] == 1
    # An input a run finished is counted in from its statistics by --resume, its guards too.
    for name in ("first.json", "again.json"):
        out = CliRunner().invoke(app, ["clean", "-o", f"{tmp_path / 'out'}/", "--resume", "--stats", str(tmp_path / name), str(page)])
        assert out.exit_code == 0
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["sources_skipped"] == 1 and again["pages_guarded"] == stats["pages_guarded"]


def test_the_main_run_of_text_is_the_run_most_likely_body():
    from cleaner.linemodel.features import SPAN_OFFSETS, best_run, context_rows

    assert best_run([-1.0, 2.0, -0.5, 3.0, -4.0, 1.0]) == (4.5, 1, 3)
    assert best_run([-2.0, -1.0]) == (-1.0, 1, 1)  # nothing positive: the least bad line
    lines = ["Menu", "", "A long paragraph of the article, with words enough to count as one.", "",
             "Another paragraph, just as long, of the same article and its story.", "", "Footer"]
    rows = page_features(lines)
    probs = [None if r is None else [p, 1 - p, 0.0, 0.0]
             for r, p in zip(rows, [0.1, 0, 0.9, 0, 0.8, 0, 0.2])]
    ctx = context_rows(rows, probs)
    at = {name: CONTEXT_NAMES.index(name) for name in CONTEXT_NAMES}
    for offset in SPAN_OFFSETS:
        tag = f"{round(offset * 100)}"
        assert [ctx[i][at[f"in_span_{tag}"]] for i in (0, 2, 4, 6)] == [0.0, 1.0, 1.0, 0.0]
        assert ctx[6][at[f"span_distance_{tag}"]] > 0 and ctx[2][at[f"span_distance_{tag}"]] == 0
    assert ctx[2][at["span_mass"]] == 1.0  # all the page's body evidence is in one run


def test_the_second_stage_reads_the_context_crossed_with_the_lines_own_shape():
    # "Short, and among body" is body; a linear stage sees it only as a product of the two.
    from cleaner.linemodel.features import CROSS_CONTEXT, CROSS_OWN, context_rows

    lines = ["Menu", "", *PROSE, "Gallery: the quay", "", "Footer"]
    rows = page_features(lines)
    probs = [None if r is None else [p, 1 - p, 0.0, 0.0] for r, p in zip(rows, [0.1, 0, 0.9, 0.9, 0.9, 0.6, 0, 0.2])]
    ctx = context_rows(rows, probs)
    assert all(row is None or len(row) == len(CONTEXT_NAMES) for row in ctx)
    at = CONTEXT_NAMES.index
    for i in (0, 5, 7):
        for c in CROSS_CONTEXT:
            for o in CROSS_OWN:
                assert ctx[i][at(f"{c}*{o}")] == ctx[i][at(c)] * rows[i][NAMES.index(o)]
    short = at("in_span_50*short")
    assert ctx[5][short] == 1.0 and ctx[7][short] == 0.0  # the short caption inside the run, the footer outside


def test_a_line_outside_the_articles_run_needs_more_to_stay():
    # The same doubt keeps a short line inside the article and takes it after it: a sub-heading
    # stays, a related headline under the article goes.
    from cleaner.linemodel.layer import DIALS, Dial

    dial = Dial(inside=0.1, run=0.25, outside=0.5)
    p = [0.05, None, 0.9, None, 0.2, None, 0.9, None, 0.2, None, 0.1]
    probs = [None if b is None else [b, 1 - b, 0.0, 0.0] for b in p]
    sizes = [2, 1, 40, 1, 3, 1, 40, 1, 6, 1, 6]
    assert dial.main_run(probs, sizes) == (2, 6)
    assert dial.main_run([[0.1, 0.9, 0, 0], [0.2, 0.8, 0, 0]], [10, 1]) == (0, -1)  # nothing above run: no article
    assert dial.main_run([None, None], [1, 1]) == (0, -1)
    assert all(d.inside <= d.outside for d in DIALS.values())
    with pytest.raises(ValueError, match="inside <= outside"):
        Dial(inside=0.5, run=0.3, outside=0.2)

    # Through the engine, no rules, the toy model (a short line's P(body) near 0, prose's 0.83) and a
    # dial that takes nothing inside the run and everything outside it.
    page = "\n\n".join(["Menu line", PROSE[0], "Short line between", PROSE[1], "Teaser after", "Footer"])
    result = Cleaner(rules=load_rules([], bundled=False), generic=Dial(inside=0.0, run=0.5, outside=1.0),
                     line_model=toy_model()).process(page)
    assert result.record.text == "\n\n".join([PROSE[0], "Short line between", PROSE[1]])
    why = {f.text: f.why for f in result.fates}
    assert "(inside the run)" in why["Short line between"] and ">= 0" in why["Short line between"]
    assert all("(outside the run)" in why[line] for line in ("Menu line", "Teaser after", "Footer"))


def test_a_heading_inside_the_article_stays_and_one_title_is_picked():
    # The toy model calls a line starting with a bullet a title. With no title from the rules, the
    # likeliest becomes metadata.title; the other inside the article's run is a sub-heading.
    page = "\n\n".join(["Home", "- Ferry terminal approved", PROSE[0], "- What happens next", PROSE[1], PROSE[2],
                        "About us"])
    result = Cleaner(generic="balanced", line_model=toy_model()).process(page)
    assert result.record.metadata["title"] == "- Ferry terminal approved"
    assert result.record.text == "\n\n".join([PROSE[0], "- What happens next", PROSE[1], PROSE[2]])
    line = page.split("\n").index("- What happens next")
    assert "a heading, so it stays" in result.fates[line].why
    # Outside the run a title-like line is taken as before.
    tail = Cleaner(generic="balanced", line_model=toy_model()).clean(page + "\n\n- Related headline").text
    assert "Related headline" not in tail


def test_a_page_of_a_few_lines_is_left_to_the_rules(tmp_path):
    from cleaner.linemodel.layer import MIN_LINES

    page = "\n\n".join(["Teaser one", PROSE[0], "Teaser two", PROSE[1]])  # 4 lines of text
    assert MIN_LINES == 5
    result = Cleaner(generic="balanced", line_model=toy_model()).process(page)
    assert result.model is None and result.record.text == page
    out = CliRunner().invoke(app, ["explain", "-"], input="Good line.\n\nAnother line.\n")
    assert "line model: not run, a page of fewer than 5 lines of text" in out.output
    assert "Good line." in CliRunner().invoke(app, ["clean", "-"], input="Good line.\n\nAnother line.\n").output
    # --stats counts such pages; not those the model was never to read (--generic off).
    for generic, guards in (("conservative", {"line model left out (the page's size)": 1}), ("off", {})):
        stats = tmp_path / f"{generic}.json"
        CliRunner().invoke(app, ["clean", "-", "--generic", generic, "--stats", str(stats)], input="Good line.\n")
        assert json.loads(stats.read_text())["pages_guarded"] == guards


def test_a_page_of_very_many_lines_is_left_to_the_rules():
    # The model's time grows with the page: on a page of tens of thousands of lines it would run
    # the page out of --rule-seconds, an error record where the rules alone clean it.
    from cleaner.linemodel.layer import MAX_LINES

    cleaner = Cleaner(generic="balanced", line_model=toy_model())
    # Sentences, each its own (numbered in front: a line that ends in '(7)' is no sentence's end,
    # and the edge rules would read the page as one long menu)
    page = "\n".join(["Teaser line"] + [f"({k}) " + PROSE[k % 3] for k in range(MAX_LINES)])
    result = cleaner.process(page)
    assert MAX_LINES == 10_000 and result.model is None
    assert result.record.text == cleaner.rules_only().clean(page).text and "Teaser line" in result.record.text
    out = CliRunner().invoke(app, ["explain", "-"], input=page)
    assert "line model: not run, a page of more than 10,000 lines of text is left to the rules" in out.output
    assert cleaner.process(page.split("\n", 1)[1]).model is not None  # MAX_LINES lines: it runs


def test_rules_only_is_the_same_cleaner_without_the_model():
    cleaner = Cleaner(generic="balanced", line_model=toy_model())
    twin = cleaner.rules_only()
    assert twin.rules is cleaner.rules and twin.generic == "off" and twin.dial is None
    assert cleaner.generic == "balanced" and twin.rules_only() is twin
    page = "\n\n".join(["Teaser one", PROSE[0], "Teaser two", PROSE[1], "Teaser three", PROSE[2]])
    assert "Teaser two" in twin.clean(page).text and "Teaser two" not in cleaner.clean(page).text
    # It plans its rules once for both: `cleaner test` asks a twin for every fixture.
    assert len(cleaner._plans) == 1 and twin._plans is cleaner._plans
    assert cleaner.rules_only()._plans is cleaner._plans


def test_rules_only_without_dumps_leaves_the_files_for_text_dumps_out():
    # The rules that clean an HTML page's text: `cleaner test` cleans an HTML fixture's text again
    # with them (a forum thread's post times stay there; a dump's go by shared-dumps.toml).
    cleaner = Cleaner(generic="off")
    twin = cleaner.rules_only(dumps=False)
    assert {f.name for f in twin.rules.shared} == {f.name for f in cleaner.rules.shared if not f.fallback}
    assert {"shared-dumps", "shared-edges"} <= {f.name for f in cleaner.rules.shared if f.fallback}
    assert cleaner.rules_only() is cleaner and twin._plans is cleaner._plans
    page = "\n\n".join([PROSE[0], "August 12, 2024 at 3:41 PM UTC", PROSE[1]])
    assert "3:41 PM" not in cleaner.clean(page).text and "3:41 PM" in twin.clean(page).text
    html = f"<html><body><article><p>{PROSE[0]}</p><p>August 12, 2024 at 3:41 PM UTC</p><p>{PROSE[1]}</p></article></body></html>"
    assert "3:41 PM" in cleaner.clean(html, kind="html").text


def test_a_low_stretch_inside_the_run_is_held_to_the_outside_bar():
    from cleaner.linemodel.layer import HOLE, Dial

    dial = Dial(0.05, 0.25, 0.5)
    body, low = [0.9, 0.1, 0, 0], [0.1, 0.9, 0, 0]
    # An article of two parts with a block of four low lines of 5 words between them, and one low
    # line of 2 words (a sub-heading's worth: 0.3 under the offset, less than HOLE) in the first part.
    probs = [body, low, body, None, low, low, low, low, None, body, body]
    sizes = [30, 2, 30, 1, 5, 5, 5, 5, 1, 30, 30]
    run = dial.main_run(probs, sizes)
    assert run == (0, 10) and HOLE == 1.0
    assert dial.holes(probs, sizes, run) == {4, 5, 6, 7}
    assert dial.holes(probs, sizes, (0, -1)) == frozenset()
    # Two holes on either side of the deepest are found too; a shallow one is not.
    probs2 = [body, low, low, body, low, low, low, body, low, body]
    sizes2 = [30, 5, 5, 30, 9, 9, 9, 30, 1, 30]
    assert dial.holes(probs2, sizes2, dial.main_run(probs2, sizes2)) == {1, 2, 4, 5, 6}
    # One line is never a stretch, however low: the inside bar decides it.
    assert dial.holes([body, low, body], [30, 20, 30], (0, 2)) == frozenset()


def test_low_stretches_are_found_in_near_linear_work_on_a_page_of_many():
    # A page of many low stretches (a comment thread: each comment, then two lines of its
    # buttons) splits into as many spans: each must not be scanned again from its start. The
    # work is counted (the interpreter's trace events), not timed: four times the page, about
    # four times the work (sixteen times when every span is scanned afresh).
    import sys

    from cleaner.linemodel.layer import Dial

    dial = Dial(0.05, 0.23, 0.5)
    body, low = [0.9, 0.05, 0.0, 0.05], [0.01, 0.98, 0.0, 0.01]

    def work(comments: int) -> int:
        probs, sizes = [body, low, low] * comments, [20, 3, 3] * comments
        events = 0

        def trace(frame, event, arg):
            nonlocal events
            events += 1
            return trace

        sys.settrace(trace)
        try:
            found = dial.holes(probs, sizes, (0, len(probs) - 1))
        finally:
            sys.settrace(None)
        assert found == {k for k in range(len(probs)) if k % 3}
        return events

    assert work(800) < 6 * work(200)


def test_explain_names_a_line_in_a_low_stretch():
    from cleaner.linemodel.layer import DIALS, Decision

    model = default_model()
    scored = model.score(["Privacy policy", "", PROSE[0]])
    decision = Decision(model, scored, DIALS["balanced"], (0, 2), frozenset({0}))
    assert not decision.inside(0) and decision.bar(0) == DIALS["balanced"].outside
    assert "(in a low stretch inside the run)" in decision.explain(0)


def test_a_title_like_line_heading_a_low_stretch_goes_with_it():
    # The toy model calls a bullet line a title. Between two parts of the article, a block of a
    # bullet heading and three short lines is a low stretch: its heading goes with it.
    page = "\n".join(["Port authority approves new ferry terminal", "", PROSE[0], "", "- Related stories", "Teaser one today", "Teaser two today",
                      "Teaser three today", "", PROSE[1], "", PROSE[2], "", "- What happens next", "", PROSE[0] + " Again."])
    result = Cleaner(generic="balanced", line_model=toy_model()).process(page)
    assert result.record.metadata["title"] == "Port authority approves new ferry terminal"  # the rules'
    assert "Related stories" not in result.record.text and "Teaser two" not in result.record.text
    assert "- What happens next" in result.record.text  # a lone heading inside the run stays
    line = page.split("\n").index("- Related stories")
    assert "(in a low stretch inside the run)" in result.fates[line].why


_LATEST = ["Coast latest", "20 Nov 2019, 9:42am", "Lifeboat crew rescue two walkers cut off by the tide near the lighthouse.",
           "19 Nov 2019, 9:25pm", "Ferry operator adds winter sailings to the islands after complaints.",
           "18 Nov 2019, 4:33pm", "Seafront café wins award for its crab sandwiches, and closes to celebrate."]
# What the rules leave of the list to the model: its heading and headlines (a date and time alone on
# a line goes by shared-dumps.toml's timestamp-line wherever it stands).
_TEASERS = [line for line in _LATEST if not line[0].isdigit()]
_ARTICLE = [
    "The town council voted on Tuesday to dredge the east quay of the harbour, ending a dispute that has kept "
    "larger fishing boats away for almost a decade.",
    "Councillors approved the plan by nine votes to three after a four-hour meeting at which local fishermen, "
    "boat owners and residents spoke for and against it.",
    "\"We have waited long enough,\" said harbour master Tom Reed. \"Without the dredging, the bigger boats will "
    "simply go elsewhere, and with them the jobs.\"",
    "Opponents argued that the money would be better spent on the town's flood defences, which an inspection "
    "last year found to be in poor repair.",
    "Work is expected to start in the autumn and take about six months, the council said."]


def test_a_closing_rule_under_the_article_ends_the_main_run():
    # 'Share this article' (share-heading, closes = true) under the article's last paragraph: the
    # list of dated teasers under it is held to the outside bar, and the unsure ones go. Without the
    # heading, the run reaches over the list, and the inside bar keeps it all.
    head = ["Harbour town votes to dredge east quay"] + _ARTICLE
    closed = Cleaner().process("\n\n".join(head + ["Share this article"] + _LATEST))
    assert closed.model.closer is not None and closed.model.closer[1].endswith("share-heading")
    gone = [line for line in _LATEST if line not in closed.record.text]
    assert gone and all(paragraph in closed.record.text for paragraph in _ARTICLE)
    line = closed.record.text and next(f for f in closed.fates if f.text == gone[0])
    assert "< 0.7 (outside the run: the article ends above line 13, rules/shared.toml" in line.why
    open_ = Cleaner().process("\n\n".join(head + _LATEST))
    assert open_.model.closer is None and all(teaser in open_.record.text for teaser in _TEASERS)
    assert all(line not in open_.record.text for line in _LATEST if line not in _TEASERS)


def test_a_closing_rule_above_most_of_the_article_ends_nothing():
    # The share bar's heading under the headline, above the article: the run goes on.
    page = "\n\n".join(["Harbour town votes to dredge east quay", "Share this article"] + _ARTICLE + _LATEST)
    result = Cleaner().process(page)
    assert result.model.closer is None
    assert all(teaser in result.record.text for teaser in _TEASERS)


def test_a_closing_rule_ends_no_run_that_holds_none_of_the_article():
    # A run of lines the rules took (a title, a dateline, a share bar's heading) holds no word of
    # the article: no 0.4 of its free words stands above the heading, and the lines below it keep
    # their bar. With one free line of text above, the same heading ends the run.
    from types import SimpleNamespace

    from cleaner.linemodel.layer import _closed

    rules = {r.id: r for f in load_rules([]).shared for r in f.rules}
    share, ad = rules["share-heading"], rules["advertisement"]
    taken = [("metadata.title", ad, None), ("removed", share, None), ("removed", ad, None), None]
    sizes = [4.0, 3.0, 1.0, 40.0]
    lines = ["Harbour town votes", "Share this article", "Advertisement", _ARTICLE[0]]
    assert _closed(SimpleNamespace(fates=taken, lines=lines), (0, 2), sizes) == ((0, 2), None)
    free_first = [None] + taken[1:]
    assert _closed(SimpleNamespace(fates=free_first, lines=lines), (0, 2), sizes) == ((0, 0), (1, share.ref))


_MORE = [
    "The council said the dredging of the quay would let the larger fishing boats land their catch in the "
    "harbour again by next spring.",
    "Fishermen who spoke at the meeting said the boats had been landing at ports further up the coast, and the "
    "harbour had lost trade.",
    "The harbour master said he would ask the council to publish the plan for the quay before the work starts."]
_NOTICES = [
    "Registration on or use of this site constitutes acceptance of our user agreement and privacy policy.",
    "The material on this site may not be reproduced, distributed or transmitted without prior written permission.",
    "Community rules apply to all content you upload or otherwise submit to this site."]


def test_a_related_box_inside_the_article_ends_no_run():
    # A related-stories heading and its headlines after the article's first paragraphs: two
    # paragraphs follow one another under it, speaking of what the article above speaks of (the
    # harbour, the quay, the council): the article goes on, and the run with it. Legal notices in
    # its place (prose too, about other things) are the page's, and the heading ends the run.
    box = ["Related stories", "Seaside rail line to reopen after storm repairs", "New lifeboat station opens on the pier"]
    head = ["Harbour town votes to dredge east quay"] + _ARTICLE
    going_on = Cleaner().process("\n\n".join(head + box + _MORE))
    assert going_on.model.closer is None
    assert all(paragraph in going_on.record.text for paragraph in _ARTICLE + _MORE)
    under_heading = Cleaner().process("\n\n".join(head + box + ["What the council decided"] + _MORE))
    assert under_heading.model.closer is None  # the article's sub-heading above its next paragraphs
    ending = Cleaner().process("\n\n".join(head + box + _NOTICES))
    assert ending.model.closer is not None and ending.model.closer[1].endswith("related-list")


def test_a_comment_section_heading_ends_the_run_though_a_comment_speaks_of_the_article():
    # A comment of two paragraphs that speak of the harbour, the quay and the council, as the
    # article above does; its writer's name and date stand between it and the heading.
    comments = ["Comments", "Jane Smith says:", "March 3, 2024 at 5:12 pm",
                "The council should have dredged the quay years ago, the fishing boats have been landing "
                "their catch up the coast for too long.",
                "The harbour lost trade because the council waited, and the fishermen paid for it.",
                "Reply", "Tom Brown says:", "March 4, 2024 at 9:00 am", "Great news for the harbour at last."]
    result = Cleaner().process("\n\n".join(["Harbour town votes to dredge east quay"] + _ARTICLE + comments))
    assert result.model.closer is not None and result.model.closer[1].endswith("comment-section")
    assert "Jane Smith says:" not in result.record.text and "Tom Brown says:" not in result.record.text


def test_a_line_of_one_word_is_never_the_models_title():
    # The toy model calls a bullet line a title: '- Close' (a dialog's button) is a tool, however
    # sure the model is; the line of two words or more under it is the title.
    for tool, title in (("- Close", "- The ferry terminal decision"), ("- Menu", None)):
        lines = ["Home", tool, PROSE[0], "Teaser one", PROSE[1], PROSE[2]]
        if title:
            lines.insert(2, title)
        result = Cleaner(generic="balanced", line_model=toy_model()).process("\n\n".join(lines), id="p")
        assert result.record.metadata["title"] == title


def test_an_author_box_heading_above_the_notes_ends_no_article():
    # 'About the Authors' stands above a paper's notes as often as under its end (the development
    # dumps: a First Monday paper's notes and editorial history): its heading goes, and the model's
    # run goes on over the lines under it.
    notes = ["1. This paper is a revised version of a talk given at the university's economics seminar in 1998.",
             "2. See Adam Smith, The Wealth of Nations, London, 1776, p. 423.",
             "3. The figures for the harbour's trade are from the port authority's annual report for 1997.",
             "4. See http://www.example.org/harbour/report.html", "5. Ibid., p. 12.",
             "6. See http://www.example.com/nosite.html",
             "7. Tom Reed, 1996. \"Dredging the East Quay,\" Harbour Review, volume 4, number 10.", "Editorial history",
             "Paper received 23 December 1999; accepted for publication 2 January 2000."]
    page = "\n\n".join(["Harbour town votes to dredge east quay"] + _ARTICLE + [
        "About the Authors", "Jane Moss is Professor of Economics at the University of Leeds.", "Notes"] + notes)
    result = Cleaner().process(page)
    assert "About the Authors" not in result.record.text
    assert all(line in result.record.text for line in _ARTICLE + notes)
