"""Issue 14: `search statistics` finds `biostatistics` (a word inside a word), after the matches of
the word itself or a word's start."""


def names(ok, *args):
    return [hit["contact"] for hit in ok("search", *args, "--json").json()]


def test_a_word_is_found_inside_words_after_word_starts(ok):
    ok("add-contact", "Ada Okafor", "--note", "Runs the biostatistics core")
    ok("add-contact", "Ben Liu", "--note", "Statistics teacher")
    ok("add-contact", "Cy Park", "--note", "Nothing relevant")
    assert names(ok, "statistics") == ["Ben Liu", "Ada Okafor"]
    assert names(ok, "statistics", "--limit", "1") == ["Ben Liu"]  # the word's own matches come first
    assert names(ok, "STATISTICS", "core") == ["Ada Okafor"]  # every word must still appear
    assert names(ok, "biostat") == ["Ada Okafor"]
    assert names(ok, "irrelevant") == []


def test_highlights_mark_the_word_found_inside(ok):
    ok("add-contact", "Ada Okafor", "--note", "Runs the biostatistics core")
    [hit] = ok("search", "statistics", "--json").json()
    assert hit["snippet"] == "Runs the biostatistics core"
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["biostatistics"]
