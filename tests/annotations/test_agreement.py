"""Agreement: span matching by hand, kappa and alpha against scikit-learn and `krippendorff` on the same units,
and the `tandem agree` command on a workspace of Korean and English articles with three annotators and gold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from tandem.annotations.agree import agreement_report
from tandem.annotations.agree.metrics import (
    OUTSIDE,
    SpanKey,
    character_labels,
    cohen_kappa,
    confusion,
    krippendorff_alpha,
    span_scores,
)
from tandem.annotations.model import Span
from tandem.reader.workspace import document, open_workspace

A1 = "\n".join([
    "한미 외교장관 회담 열려",
    "Korea and US foreign ministers meet",
    "박진 외교부 장관은 5일 워싱턴에서 블링컨 국무장관과 회담했다.",
    "Foreign Minister Park Jin met Secretary of State Blinken in Washington on the 5th.",
    "두 장관은 북한의 핵 위협에 공동으로 대응하기로 했다.",
    "The two ministers agreed to respond jointly to North Korea's nuclear threat.",
]) + "\n"
A2 = "\n".join([
    "북러 정상회담 열려",
    "Russia and North Korea hold summit",
    "김정은 국무위원장은 13일 보스토치니 우주기지에서 푸틴 대통령을 만났다.",
    "Kim Jong Un met President Putin at the Vostochny Cosmodrome on the 13th.",
    "크렘린궁은 회담이 4시간 동안 이어졌다고 밝혔다.",
    "The Kremlin said the talks lasted four hours.",
]) + "\n"

# (side, quote, layer, label) per annotator and article. kim and lee do both articles; park only a1 (so the
# all-annotator alpha has missing values); choi marks a2 done without a span (annotated: all `O`); gold is
# excluded. lee nests PERSON "Blinken" inside ORG "Secretary of State Blinken" (the innermost span wins).
WORK: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {
    ("kim", "a1"): [
        ("ko", "박진", "entity", "PERSON"), ("ko", "워싱턴", "entity", "GPE"), ("ko", "블링컨", "entity", "PERSON"),
        ("ko", "북한", "entity", "GPE"), ("en", "Park Jin", "entity", "PERSON"),
        ("en", "Blinken", "entity", "PERSON"), ("en", "Washington", "entity", "GPE"),
        ("en", "North Korea", "entity", "GPE"),
        ("en", "The two ministers agreed to respond jointly to North Korea's nuclear threat.", "claim", "CLAIM"),
    ],
    ("lee", "a1"): [
        ("ko", "박진 외교부 장관", "entity", "PERSON"), ("ko", "워싱턴", "entity", "GPE"),
        ("ko", "블링컨", "entity", "ORG"), ("en", "Park Jin", "entity", "PERSON"),
        ("en", "Secretary of State Blinken", "entity", "ORG"), ("en", "Blinken", "entity", "PERSON"),
        ("en", "Washington", "entity", "LOC"), ("en", "5th", "entity", "DATE"),
        ("en", "agreed to respond jointly to North Korea's nuclear threat", "claim", "CLAIM"),
    ],
    ("park", "a1"): [
        ("ko", "박진", "entity", "PERSON"), ("ko", "워싱턴", "entity", "GPE"), ("ko", "북한", "entity", "GPE"),
        ("en", "Park Jin", "entity", "PERSON"), ("en", "Washington", "entity", "GPE"),
    ],
    ("kim", "a2"): [
        ("ko", "김정은", "entity", "PERSON"), ("ko", "푸틴", "entity", "PERSON"), ("ko", "크렘린궁", "entity", "ORG"),
        ("en", "Kim Jong Un", "entity", "PERSON"), ("en", "Putin", "entity", "PERSON"),
        ("en", "Vostochny Cosmodrome", "entity", "LOC"), ("en", "Kremlin", "entity", "ORG"),
    ],
    ("lee", "a2"): [
        ("ko", "김정은", "entity", "PERSON"), ("ko", "푸틴", "entity", "PERSON"),
        ("ko", "보스토치니 우주기지", "entity", "LOC"), ("en", "Kim Jong Un", "entity", "PERSON"),
        ("en", "Putin", "entity", "PERSON"), ("en", "Vostochny Cosmodrome", "entity", "LOC"),
        ("en", "Kremlin", "entity", "ORG"), ("en", "13th", "entity", "DATE"),
    ],
    ("gold", "a1"): [("en", "Park Jin", "entity", "ORG")],
}
STATUS_ONLY = {("choi", "a2")}
RATERS = ["choi", "kim", "lee", "park"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    (root / "a1.txt").write_text(A1, encoding="utf-8")
    (root / "a2.txt").write_text(A2, encoding="utf-8")
    os.environ.setdefault("TANDEM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    ws = open_workspace(root, annotator="kim")
    for (annotator, article_id), spans in WORK.items():
        doc = document(ws.library.article(article_id))
        with ws.store.session(doc, annotator) as session:
            for side, quote, layer, label in spans:
                start = doc.sides[side].index(quote)
                session.add_span(side, start, start + len(quote), layer, label)
    for annotator, article_id in STATUS_ONLY:
        with ws.store.session(document(ws.library.article(article_id)), annotator) as session:
            session.set_status("done")
    return root


def reference_units(root: Path, layer: str) -> tuple[list[list[str | None]], int]:
    """Units built independently of the module: per article, side (ko, en), non-space character; per rater the
    innermost covering span's label (tie: start, label), `O`, or None when the rater did not annotate it."""
    ws = open_workspace(root, annotator="kim")
    rows: list[list[str | None]] = [[] for _ in RATERS]
    articles = 0
    for article_id in ("a1", "a2"):
        doc = document(ws.library.article(article_id))
        articles += 1
        for side in ("ko", "en"):
            text = doc.sides[side]
            for i, ch in enumerate(text):
                if ch.isspace():
                    continue
                for row, rater in zip(rows, RATERS, strict=True):
                    if (rater, article_id) not in WORK and (rater, article_id) not in STATUS_ONLY:
                        row.append(None)
                        continue
                    covering = []
                    for s_side, quote, s_layer, label in WORK.get((rater, article_id), []):
                        start = text.index(quote) if s_side == side else -1
                        if s_layer == layer and start <= i < start + len(quote) and start >= 0:
                            covering.append((len(quote), start, label))
                    row.append(min(covering)[2] if covering else OUTSIDE)
    return rows, articles


# --- pure functions --------------------------------------------------------------------------------------------------


def test_exact_and_overlap_scores_by_hand():
    first = [SpanKey("en", 0, 5, "PERSON"), SpanKey("en", 10, 20, "ORG")]
    second = [SpanKey("en", 0, 5, "PERSON"), SpanKey("en", 12, 20, "ORG"), SpanKey("en", 30, 35, "GPE")]
    exact = span_scores(first, second, "exact")
    assert (exact.total.matched, exact.total.first, exact.total.second) == (1, 2, 3)
    assert exact.total.precision == pytest.approx(1 / 3) and exact.total.recall == pytest.approx(1 / 2)
    assert exact.total.f1 == pytest.approx(2 / 5)
    overlap = span_scores(first, second, "overlap")
    assert overlap.total.f1 == pytest.approx(4 / 5)
    assert overlap.labels["ORG"].f1 == 1.0 and exact.labels["ORG"].f1 == 0.0
    assert overlap.labels["GPE"].precision == 0.0 and overlap.labels["GPE"].recall is None


def test_overlap_matching_is_one_to_one_and_needs_the_same_label_and_side():
    first = [SpanKey("en", 0, 10, "ORG")]
    second = [SpanKey("en", 0, 4, "ORG"), SpanKey("en", 5, 10, "ORG"), SpanKey("ko", 0, 10, "ORG"),
              SpanKey("en", 0, 10, "GPE")]
    scores = span_scores(first, second, "overlap")
    assert scores.total.matched == 1 and scores.total.f1 == pytest.approx(2 / 5)
    assert confusion(first, second) == Counter({("ORG", "GPE"): 1, (OUTSIDE, "ORG"): 3})


def test_overlap_matching_compares_only_nearby_spans_and_finds_what_comparing_all_finds():
    from tandem.annotations.agree.metrics import match_overlapping

    def every_pair(first: list[SpanKey], second: list[SpanKey]) -> list[tuple[int, int]]:
        found = sorted((-max(0, min(a.end, b.end) - max(a.start, b.start)), abs(a.start - b.start)
                        + abs(a.end - b.end), i, j) for i, a in enumerate(first) for j, b in enumerate(second)
                       if a.side == b.side and a.label == b.label and min(a.end, b.end) > max(a.start, b.start))
        used: tuple[set[int], set[int]] = (set(), set())
        pairs = []
        for _, _, i, j in found:
            if i not in used[0] and j not in used[1]:
                used[0].add(i), used[1].add(j)
                pairs.append((i, j))
        return pairs

    rng = np.random.default_rng(3)
    for _ in range(30):
        keys = [[SpanKey(str(rng.choice(["ko", "en"])), int(s), int(s + rng.integers(1, 40)),
                         str(rng.choice(["PERSON", "ORG"]))) for s in rng.integers(0, 300, size=60)] for _ in (0, 1)]
        assert match_overlapping(*keys) == every_pair(*keys)


def span(start: int, end: int, label: str) -> Span:
    return Span("x", "a", "en", start, end, "", "", "", "entity", label, "kim", "", "")


def test_character_labels_innermost_span_wins_and_whitespace_is_no_unit():
    text = "Secretary Blinken said"
    labels = character_labels(text, [span(0, 17, "ORG"), span(10, 17, "PERSON"), span(10, 17, "GPE")])
    assert len(labels) == len(text) - 2
    assert labels[:9] == ["ORG"] * 9
    assert labels[9:16] == ["GPE"] * 7  # same length and start as PERSON: the label name decides
    assert labels[16:] == [OUTSIDE] * 4


def test_kappa_and_alpha_formulas_match_the_reference_libraries_on_random_data():
    rng = np.random.default_rng(7)
    for _ in range(50):
        rows = rng.choice(["O", "PERSON", "ORG", "GPE"], size=(3, 40), p=[0.55, 0.2, 0.15, 0.1]).tolist()
        missing = rng.random((3, 40)) < 0.2
        data = [[None if missing[r, c] else rows[r][c] for c in range(40)] for r in range(3)]
        both = [(a, b) for a, b in zip(data[0], data[1], strict=True) if a is not None and b is not None]
        expected = cohen_kappa_score([a for a, _ in both], [b for _, b in both])
        assert cohen_kappa(Counter(both)) == pytest.approx(expected)
        assert krippendorff_alpha(Counter(zip(*data, strict=True))) == pytest.approx(reference_alpha(data))


def test_undefined_figures_are_none():
    assert cohen_kappa(Counter({("O", "O"): 10})) is None
    assert krippendorff_alpha(Counter({("O", "O"): 10})) is None
    assert cohen_kappa(Counter()) is None and krippendorff_alpha(Counter({("O", None): 3})) is None


def reference_alpha(rows: list[list[str | None]]) -> float:
    codes = {v: i for i, v in enumerate(sorted({v for row in rows for v in row if v is not None}))}
    data = np.array([[np.nan if v is None else codes[v] for v in row] for row in rows], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


# --- the store, on Korean and English articles ------------------------------------------------------------------------


@pytest.mark.parametrize("layer", ["entity", "claim"])
def test_report_matches_the_reference_libraries_on_the_same_units(workspace: Path, layer: str):
    ws = open_workspace(workspace, annotator="kim")
    report = agreement_report(ws.store, ws.text_of)
    assert report.annotators == RATERS  # gold is no rater
    rows, _ = reference_units(workspace, layer)
    result = report.layers[layer]
    assert result.overall.alpha == pytest.approx(reference_alpha(rows))
    assert {pair.annotators for pair in result.pairs} == {("choi", "kim"), ("choi", "lee"), ("kim", "lee"),
                                                         ("kim", "park"), ("lee", "park")}
    for pair in result.pairs:
        i, j = (RATERS.index(name) for name in pair.annotators)
        both = [(a, b) for a, b in zip(rows[i], rows[j], strict=True) if a is not None and b is not None]
        assert pair.units == len(both)
        first, second = [a for a, _ in both], [b for _, b in both]
        if len(set(first) | set(second)) > 1:
            assert pair.kappa == pytest.approx(cohen_kappa_score(first, second))
            assert pair.alpha == pytest.approx(reference_alpha([first, second]))
        else:
            assert pair.kappa is None and pair.alpha is None
    kappas = [p.kappa for p in result.pairs if p.kappa is not None]
    assert result.overall.mean_kappa == pytest.approx(sum(kappas) / len(kappas))


def test_span_scores_on_the_store_by_hand(workspace: Path):
    ws = open_workspace(workspace, annotator="kim")
    report = agreement_report(ws.store, ws.text_of, ["entity"])
    pair = next(p for p in report.layers["entity"].pairs if p.annotators == ("kim", "lee"))
    assert pair.articles == 2
    # a1: kim 8, lee 8 spans; exact: 워싱턴, Park Jin, Blinken. a2: kim 7, lee 8; exact: 김정은 푸틴 Kim Jong Un
    # Putin Vostochny Cosmodrome Kremlin.
    assert (pair.exact.total.matched, pair.exact.total.first, pair.exact.total.second) == (9, 15, 16)
    # Overlap adds 박진 ⊂ 박진 외교부 장관 (PERSON both); 블링컨 and Washington differ in label.
    assert pair.overlap.total.matched == 10
    assert pair.exact.labels["PERSON"].matched == 6 and pair.overlap.labels["PERSON"].matched == 7
    assert pair.confusion[("PERSON", "ORG")] == 1 and pair.confusion[("GPE", "LOC")] == 1
    assert pair.confusion[(OUTSIDE, "DATE")] == 2 and pair.confusion[("GPE", OUTSIDE)] == 2
    overall = report.layers["entity"].overall
    assert overall.confusion[("ORG", "PERSON")] == overall.confusion[("PERSON", "ORG")]  # both directions
    choi = next(p for p in report.layers["entity"].pairs if p.annotators == ("choi", "kim"))
    assert choi.articles == 1 and choi.exact.total.first == 0 and choi.exact.total.recall is None
    lowest = report.layers["entity"].lowest
    assert [a.alpha for a in lowest] == sorted(a.alpha for a in lowest)
    assert lowest[0].article == "a2" and lowest[0].annotators == ["choi", "kim", "lee"]  # choi saw nothing


# --- the command ------------------------------------------------------------------------------------------------------


def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TANDEM_CACHE_DIR=str(workspace.parent / "cache"), TANDEM_ANNOTATOR="kim",
               COLUMNS="160")
    return subprocess.run([sys.executable, "-m", "tandem.reader", "agree", str(workspace), *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_cli_json_gives_the_same_numbers(workspace: Path):
    out = run(workspace, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["annotators"] == RATERS and data["excluded"] == ["gold"]
    assert set(data["layers"]) == {"entity", "claim", "source"}
    rows, _ = reference_units(workspace, "entity")
    entity = data["layers"]["entity"]
    assert entity["overall"]["alpha"] == pytest.approx(reference_alpha(rows), abs=1e-6)
    kim_lee = next(p for p in entity["pairs"] if p["annotators"] == ["kim", "lee"])
    assert kim_lee["exact"]["f1"] == pytest.approx(18 / 31, abs=1e-6)
    assert kim_lee["overlap"]["labels"]["PERSON"]["matched"] == 7
    assert kim_lee["confusion"]["GPE"]["LOC"] == 1
    assert "overlap_rule" in data["rules"] and "annotated" in data["rules"]


def test_cli_tables_and_layer_filter(workspace: Path):
    out = run(workspace, "--layer", "entity")
    assert out.returncode == 0, out.stderr
    assert "kim × lee" in out.stdout and "Lowest agreement" in out.stdout and "claim" not in out.stdout
    assert "PERSON" in out.stdout and "'gold' excluded" in out.stdout
    bad = run(workspace, "--layer", "nope")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "nope" in bad.stderr


def test_accepted_suggestions_are_left_out_of_the_hand_made_figures(tmp_path: Path):
    """Two annotators who both accepted the same suggestions agree perfectly on them; by hand they disagree."""
    from tandem.annotations.agree import hand_made

    (tmp_path / "a1.txt").write_text(A1, encoding="utf-8")
    ws = open_workspace(tmp_path, annotator="kim")
    doc = document(ws.library.article("a1"))
    ko = doc.sides["ko"]
    for annotator, by_hand in (("kim", "PERSON"), ("lee", "ORG")):
        with ws.store.session(doc, annotator) as session:
            start = ko.index("블링컨")
            session.add_span("ko", start, start + 3, "entity", by_hand)
            start = ko.index("워싱턴")
            session.add_span("ko", start, start + 3, "entity", "GPE", {"suggested_by": "model"})
    both = agreement_report(ws.store, ws.text_of, ["entity"]).layers["entity"].overall.exact.total
    hand = agreement_report(ws.store, ws.text_of, ["entity"], keep=hand_made).layers["entity"].overall.exact.total
    assert (both.matched, both.first) == (1, 2) and (hand.matched, hand.first) == (0, 1)
    out = subprocess.run([sys.executable, "-m", "tandem.reader", "agree", str(tmp_path), "--json"], capture_output=True,
                         check=True, env=dict(os.environ, TANDEM_ANNOTATOR="kim"))  # fmt: skip
    data = json.loads(out.stdout)
    assert data["hand_made"]["entity"]["overall"]["exact"]["matched"] == 0


# --- links and attributes, and who counts -----------------------------------------------------------------------------


def test_link_and_attribute_agreement_and_openers_are_no_raters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """kim and lee (tests/annotations/team.py): lee's Korean attribution lacks the cue, lee's English claim is
    one word shorter (so only matched endpoints find its attribution) and UFS where kim says CFS. park only
    opened the article; choi marked it done and then in progress again: neither is a rater."""
    from tests.annotations.team import EN_CLAIM, TEAM, team_workspace

    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    short = EN_CLAIM.removeprefix("President ")
    lee_spans = [(side, short if q == EN_CLAIM else q, *rest) for side, q, *rest in TEAM["lee"][0]]
    lee_links = [(kind, short if head == EN_CLAIM else head, child, cue) for kind, head, child, cue in TEAM["lee"][1]]
    ws = team_workspace(tmp_path / "ws", {"kim": TEAM["kim"], "lee": (lee_spans, lee_links)})
    doc = document(ws.library.article("a2"))
    ws.store.session(doc, "park").close()
    with ws.store.session(doc, "choi") as session:
        session.set_status("done")
        session.set_status("in_progress")
    report = agreement_report(ws.store, ws.text_of)
    assert report.annotators == ["kim", "lee"] and report.layers["entity"].overall.annotators == ["kim", "lee"]
    (pair,) = report.links
    exact, matched = pair.of_type("attribution")
    assert (exact.matched, exact.first, exact.second) == (0, 2, 2)  # no cue; a shorter claim
    assert (matched.matched, matched.f1) == (1, 0.5)  # the English one, through the matched claim
    assert pair.of_type("counterpart")[0].f1 == 1.0
    checkworthy = report.attributes["checkworthy"]
    assert checkworthy.labels == ["CLAIM"] and checkworthy.overall.values == Counter(
        {("CFS", "CFS"): 1, ("CFS", "UFS"): 1})
    assert checkworthy.overall.kappa == pytest.approx(cohen_kappa_score(["CFS", "CFS"], ["CFS", "UFS"]))
    assert report.attributes["kind"].overall.spans == 2 and report.attributes["kind"].overall.kappa is None
    data = report.to_dict()
    assert data["relations"]["attribution"]["overall"]["matched"]["f1"] == 0.5
    assert data["attributes"]["checkworthy"]["overall"]["observed"] == 0.5


def test_cli_prints_whole_numbers_at_80_columns_and_full_width_when_piped(workspace: Path):
    env = dict(os.environ, TANDEM_CACHE_DIR=str(workspace.parent / "cache"), TANDEM_ANNOTATOR="kim")
    env.pop("COLUMNS", None)
    command = [sys.executable, "-m", "tandem.reader", "agree", str(workspace), "--layer", "entity"]
    narrow = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env | {"COLUMNS": "80"})
    piped = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    for out in (narrow, piped):
        assert out.returncode == 0, out.stderr
        assert "…" not in out.stdout
        assert "0.581" in out.stdout  # kim × lee exact F1, 18/31
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    header = next(line for line in piped.stdout.splitlines() if line.lstrip().startswith("Pair"))
    assert header.split() == ["Pair", "Articles", "Units", "ex", "P", "ex", "R", "ex", "F1", "ov", "P", "ov", "R",
                              "ov", "F1", "κ", "α"]  # one table, one line a row
    assert max(len(line) for line in piped.stdout.splitlines()) > 80


def test_cli_reports_links_and_attributes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tests.annotations.team import team_workspace

    monkeypatch.setenv("TANDEM_CACHE_DIR", str(tmp_path / "cache"))
    env = dict(os.environ, COLUMNS="80")
    ws = team_workspace(tmp_path / "ws")
    out = subprocess.run([sys.executable, "-m", "tandem.reader", "agree", str(ws.root)], capture_output=True, text=True,
                         timeout=60, env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = [line.split() for line in out.stdout.splitlines()]
    figures = [value for row in rows if row[:2] == ["all", "attribution"] for value in row[2:]]
    assert figures == ["0.500"] * 6  # P, R, F1 exact and matched, in one table or two at 80 columns
    assert ["all", "checkworthy", "2", "0.500", "0.000"] in rows and ["all", "kind", "2", "1.000", "—"] in rows
    data = json.loads(subprocess.run([sys.executable, "-m", "tandem.reader", "agree", str(ws.root), "--json"],
                                     capture_output=True, text=True, timeout=60, env=env, check=True).stdout)
    assert data["relations"]["counterpart"]["overall"]["exact"]["f1"] == 1.0
    assert data["attributes"]["checkworthy"]["overall"]["kappa"] == 0.0
