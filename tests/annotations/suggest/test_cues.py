"""Where an attribution's cue may be: speech verbs on either side of the claim and around its source."""

from tandem.annotations.particles import keep_known_name
from tandem.annotations.suggest.cues import cue_words


def words(text, side, claim, source=None):
    return [text[s:e] for s, e in cue_words(text, side, claim, source)]


def test_an_english_cue_before_the_claim_beside_the_source_comes_first():
    text = "White House spokesman John F. Kirby said talks were underway. The United States reported nothing."
    claim = (text.find("talks"), text.find("underway") + 8)
    source = (text.find("John"), text.find("Kirby") + 5)
    assert words(text, "en", claim, source)[:2] == ["said", "reported"]  # never "States": a name


def test_a_korean_cue_is_the_whole_word_and_starts_a_word():
    text = "북한이 발전했다고 말했다. 정부는 “협력하겠다”고 밝혔다."
    claim = (text.find("“"), text.find("”") + 1)
    assert words(text, "ko", claim) == ["밝혔다", "말했다"]  # not the 전했 inside 발전했다


def test_a_known_name_is_kept_whole_where_the_particle_rule_would_cut_it():
    text = "김정은 위원장"
    assert keep_known_name(text, 0, 3, []) == 2  # 김정 + 은, by the rule alone
    assert keep_known_name(text, 0, 3, ["김정은"]) == 3
    assert keep_known_name("김정은이 왔다", 0, 4, ["김정은", "김정"]) == 3
