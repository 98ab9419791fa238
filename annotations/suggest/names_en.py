"""Names in English text from spaCy's entity recogniser, with its known slips corrected, or from rules without it.

spaCy's English pipelines (any installed `en_core_web_*` package) find PERSON, ORG, GPE and the rest well on news,
but their spans and labels need tidying to match how people annotate: a leading "the" and a trailing 's or hyphen
go ("the White House" → "White House", "North Korea-" → "North Korea"), a CLDR city is a place even where the model
says PERSON ("Vladivostok"), "Defense" out of "Defense Minister" is no organisation, and only explicit dates count
("Sept. 14", "April 2019", "on the 4th", not "last week"). Labels we do not annotate (NORP, CARDINAL, MONEY…) drop.
A few names the small model tends to miss come from the rules beside it (Victory Day, Vostochny Cosmodrome), and
"the North" is North Korea when the text names it, as the gold guidelines have it.

Without spaCy or an English pipeline (or with `use_model=False`), rules still do real work: capitalised names after
a title (President, Gen., spokesman…) or before a comma and a role are PERSON, names ending in Ministry, Agency,
Party, News… are ORG, CLDR country and city names are GPE, explicit dates are DATE, and a bare name that the text
gave a title elsewhere is that person.

Loading a pipeline takes seconds and over a hundred megabytes: call `load()` from a worker thread first.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from typing import Any

from tandem.annotations.suggest.mention import Mention, without_overlaps
from tandem.annotations.suggest.places import place_names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PREFERRED = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf")  # accuracy for its cost
_KEEP_COMPONENTS = frozenset({"tok2vec", "transformer", "ner"})

_lock = threading.Lock()
_nlp: Any = None
_name: str | None = None
_tried = False

# Titles written before a name ("President Putin", "Gen. Park", "spokesman John Kirby"), and the word before a
# storm's name (Typhoon Maysak).
_TITLES = _words(
    "President Vice-President Gen. General Lt. Col. Maj. Adm. Admiral Capt. Captain Sgt. Mr. Mr Ms. Ms Mrs. Mrs Dr. Dr "
    "Prof. Professor Minister Premier Chancellor Chairman Chairwoman Chair Secretary Sen. Senator Rep. Gov. Governor "
    "Mayor King Queen Prince Princess Pope Ambassador Envoy Judge Justice Leader spokesman spokeswoman spokesperson "
    "Spokesman Spokeswoman Commander Marshal Director Deputy Lawmaker lawmaker Rev. Sir Lord Lady Emperor Sheikh "
    "leader Officer official analyst Analyst reporter Reporter correspondent Correspondent CEO "
    "Manager Coach coach Speaker Prosecutor Secretary-General Commissioner Inspector Minister-President "
    "Administrator Chairperson Vice Typhoon Hurricane Cyclone"
)
# Roles written after a name and a comma ("Adrian Watson, spokesman for …", "Jin H. Lee, senior fellow …").
_ROLES_AFTER = _words(
    "spokesman spokeswoman spokesperson secretary minister chairman president director fellow professor analyst "
    "researcher ambassador envoy adviser advisor official commander leader head chief editor reporter correspondent "
    "governor mayor senator lawmaker executive founder"
)
_ORG_ENDINGS = _words(
    "Ministry Agency Council Bank Party Committee Commission Corp. Corp Corporation Inc. Inc Co. Ltd. Group Company "
    "News Times Post Journal Herald Tribune Daily Press Service Services Office Department Bureau Administration "
    "Organization Organisation Association Institute Center Centre Foundation University College School Assembly "
    "Parliament Army Navy Force Forces Command Union Federation League Court Network Broadcasting Authority "
    "Board Fund Cabinet Government Senate Guard Guards Police Telegraph Gazette Reuters Academy Society Alliance "
    "Reserve Club FC Airlines Motors Electronics Securities Holdings Industries Staff"
)
_ORG_WORDS = _words(
    "Kremlin Pentagon NATO UN EU IAEA WHO IMF ASEAN KCNA NSC CIA FBI NIS NYT WSJ AP AFP BBC CNN NHK TASS Reuters "
    "Yonhap Yomiuri Asahi Mainichi Nikkei Sankei Kyodo Jiji Bloomberg Xinhua Interfax Sputnik Politico Axios "
    "Al-Jazeera Hankyoreh Chosun JoongAng Donga Kyunghyang Rodong Sinmun Congress Parliament Hamas Hezbollah "
    "Taliban Houthis Fed Samsung Hyundai U.N."
)
_ORG_PHRASES = frozenset(
    {"White House", "Blue House", "New York Times", "Washington Post", "Wall Street Journal", "Financial Times",
     "Associated Press", "Yonhap News", "Yonhap News Agency", "United Nations", "European Union",
     "UN Security Council", "Korea Herald", "Korea Times", "Kyunghyang Shinmun", "Rodong Sinmun",
     "Korean Central News Agency", "National Security Council", "National Intelligence Service"}
)  # fmt: skip
# States and cities CLDR does not name in this form (its cities are those of its time zones).
_GPE_ALIASES = _words(
    "U.S. U.S US USA U.K. UK Britain Korea Washington Beijing Kiev Amur Primorye Crimea Donbas Donetsk Luhansk "
    "Kherson Zaporizhzhia Bakhmut Hawaii Guam Okinawa Taiwan England Scotland Wales Doha Sejong Busan Incheon Daegu "
    "Gwangju Daejeon Ulsan Jeju Suwon Changwon Gyeonggi Gangwon Geneva Osaka Kyoto Mumbai Islamabad Ankara Ottawa "
    "Canberra Hanoi Khabarovsk Edinburgh Brasilia Bogota Pretoria California Texas Florida Virginia Alaska Ohio "
    "Michigan Pennsylvania Illinois Arizona Nevada Colorado"
) | {"Tel Aviv", "New Delhi", "San Francisco", "Sao Paulo", "Abu Dhabi", "Gaza Strip", "West Bank", "South Korea",
     "North Korea"}  # fmt: skip
_LOC_PHRASES = frozenset(
    {"Korean Peninsula", "Northeast Asia", "East Asia", "Asia", "Europe", "Africa", "Middle East", "Pacific",
     "Atlantic", "Arctic", "East Sea", "Yellow Sea", "South China Sea", "East China Sea", "Taiwan Strait",
     "Sea of Japan", "Indo-Pacific", "Latin America", "Southeast Asia", "Central Asia", "DMZ", "Panmunjom",
     "Black Sea", "Baltic Sea", "Mediterranean"}
)  # fmt: skip
_EVENT_ENDINGS = _words(
    "War Forum Summit Olympics Games Declaration Accord Accords Agreement Treaty Expo Day Revolution Cup "
    "Championship Championships Festival Convention Conference Hearing"
)
_LOC_ENDINGS = _words(
    "Cosmodrome Airport Base Peninsula Sea Ocean River Mountain Mountains Island Islands Strait Gulf Bay Lake Desert "
    "Valley Square Bridge Port Canal Plateau Coast Stadium Arena Palace Hall"
)
_FACILITY_ENDINGS = _words("Plant Station Dam Tower Terminal")
_DISTRICT_UNITS = r"(?:gu|gun|si|do|dong|eup|myeon|ri)"
_KOREAN_DISTRICT = re.compile(rf"[A-Z][a-z]+(?:-[a-z]+)?-{_DISTRICT_UNITS}")  # Saha-gu, Jung-gu, Gyeonggi-do
_DISTRICT_UNIT_AFTER = re.compile(rf"-{_DISTRICT_UNITS}\b")
_STATE_ABBREVIATIONS = _words("U.S. US U.K. UK")
_DEPARTMENT_WORDS = _words(
    "Defense Defence State Foreign Finance Interior Justice Treasury Trade Unification Home Commerce Energy"
)
_WEAPON_WORDS = re.compile(
    r"\b(missiles?|rockets?|drones?|tanks?|submarines?|warheads?|jets?|fighters?|bombers?|howitzers?|"
    r"ICBMs?|SLBMs?|MIRVs?|HIMARS|ATACMS|Patriot|THAAD|Iskander|Hwasong(-\d+)?|Kinzhal|Shahed(-\d+)?)\b"
)
_NOT_NAMES = _words("AI IT GDP CEO TV PC SNS OK PR CCTV DNA I A")
_SPEECH_VERBS = re.compile(r"^,?\s*(said|says|reported|reports|cited|quoted|added|wrote|noted|claimed|told)\b")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(ian|ean|ese|ish|i)$")

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE = re.compile(
    rf"\b(?:"
    rf"{_MONTH}\s{_DAY}(?:,\s{_YEAR})?(?![\w])"  # Sept. 14, Sept. 14, 2023
    rf"|{_DAY}\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR})?"  # 14 September 2023, 13th of September
    rf"|{_MONTH}(?:\s(?:of\s)?{_YEAR})?"  # September, April 2019
    rf"|{_WEEKDAY}"
    rf"|{_YEAR}(?:-\d\d-\d\d)?"  # 2023, 2023-09-14
    rf")(?![\w-])"
)
# "on the 4th", "after the 9th", "from the 10th to the 13th": a day of the current month, as Korean 4일.
_DAY_OF_MONTH = re.compile(
    r"\b(?:on|after|before|since|until|till|from|to|by|of|and|between)\s+the\s+((?:3[01]|[12]\d|[1-9])(?:st|nd|rd|th))"
    r"(?!\s+(?:[A-Z]\w*|anniversary|century|time|largest|round|day|straight|consecutive|year|week|month|of\s+(?!"
    + _MONTH
    + r"|this|last|next)))"
)
_KOREAN_NAME = re.compile(
    r"(?:Kim|Lee|Park|Choi|Jung|Chung|Kang|Cho|Yoon|Yun|Jang|Chang|Lim|Han|Oh|Seo|Shin|Kwon|Hwang|Ahn|Song|Yoo|Hong|"
    r"Moon|Yang|Son|Bae|Baek|Heo|Nam|Noh|Roh|Ha|Ri|Pak|Jo|Choe|Jon|Ryu|Yu|Ko|Koh|Moon|Jeon|Chun|Kwak|Sung|Cha|Joo)"
    r"\s[A-Z][a-z]+-[a-z]+"
)
_KOREAN_FAMILY_NAMES = _words("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Shin Kwon Hwang Ahn Ri Pak Choe")
_AMBIGUOUS_MONTH = re.compile(r"^(May|March)$")
_MONTH_CONTEXT = re.compile(r"\b(in|on|since|until|by|last|next|early|late|mid|of|from|through|this|to|as)\s*-?$", re.I)

_NAME_WORD = re.compile(r"(?:al-|el-|bin-|ibn-)?[A-Z]")  # how a word of a name starts: Kim, el-Sisi
_CAP_WORD = r"(?:(?:al-|el-|bin-|ibn-)?[A-Z][\w’'.\-]*(?:[\w.]|(?<=s)['’])|[A-Z])"  # al-Ansari, el-Sisi
_CONNECTOR = r"(?:of\sthe|of|de|al|bin|van|von|der|du|la|le)"  # inside a name: Bank of Korea, Osama bin Laden
_CAP_SEQUENCE = re.compile(rf"{_CAP_WORD}(?:\s(?:{_CONNECTOR}\s)?{_CAP_WORD})*")
_ORG_OF_WORDS = "Ministry|Department|Bank|University|Bureau|Party|Council|Committee|Commission|Office"
_ORG_OF = re.compile(rf"\b({_ORG_OF_WORDS}) of ")
# a possessive, a hyphen between names (not in el-Sisi or Secretary-General), a full stop
_NAME_BREAK = re.compile(r"['’]s\s+|(?<!\bal)(?<!\bel)(?<!\bbin)(?<!\bibn)[-–](?=[A-Z])(?!General\b)|\.\s+")
_AND_JOINS = re.compile(r"(Ministry|Department|Minister|Secretary|Committee|Commission|Bureau|Office|Institute) of ")
_ABBREVIATIONS = _words("U.S. U.K. U.N. E.U. Gen. Lt. Col. Maj. Adm. Capt. Sgt. Mr. Ms. Mrs. Dr. Prof. Sen. Rep. Gov.")
_ABBREVIATIONS |= _words("Corp. Inc. Co. Ltd. Jr. Sr. St. Rev. No. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sept. Sep.")
_ABBREVIATIONS |= _words("Oct. Nov. Dec.")
_SENTENCE_WORDS = _words(
    "The A An In On At As If It Its This That These Those There Their They He She We I You But And Or So Thus "
    "However After Before During While When Where Why How What Who Which Since Although Though Also Then Experts "
    "According Details Information Officials Today Yesterday Tomorrow Now Meanwhile"
)


_WORD_BEFORE = re.compile(r"([A-Z][\w’'.\-]*) $")
_ORG_OF_BEFORE = re.compile(rf"\b(?:{_ORG_OF_WORDS}|Institute|Academy|Federation|Association|Republic) of (?:the )?$")
_INITIAL = re.compile(r"[A-Z]\.")


def continues_a_name(text: str, start: int) -> bool:
    """Whether the word at `start` follows another word of the same name ("Takashi Ishikawa", "South Korea", "Bank
    of Korea"): an institution's word and "of" just before it, or a capitalised word just before it that is no
    title ("President Putin"), no possessive ("Japan's Ishikawa"), no word that opens a sentence ("In Moscow") and
    does not end the sentence before (an initial does: John F. Kirby)."""
    if _ORG_OF_BEFORE.search(text, max(0, start - 40), start):
        return True  # Korea in "Bank of Korea", Chile in "Catholic University of Chile"
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if match is None:
        return False
    word = match.group(1)
    if word.endswith(".") and not _INITIAL.fullmatch(word):
        return False
    return not is_title(word) and word not in _SENTENCE_WORDS and not word.endswith(("'s", "’s"))


def is_title(word: str) -> bool:
    """Whether an English word is a title or role written next to a name (President, Mayor, CEO, President-elect)."""
    return word in _TITLES or word.removesuffix("-elect") in _TITLES


def english_pipeline_name() -> str | None:
    """The English spaCy pipeline Tandem would use (`en_core_web_*`, installed), or None: shown to the user."""
    installed = sorted(n for n in _installed_models() if n.startswith("en_core_web"))
    for preferred in _PREFERRED:
        for name in installed:
            if name.startswith(preferred):
                return name
    return installed[0] if installed else None


def _installed_models() -> list[str]:
    """`spacy.util.get_installed_models()`, read from the same entry points without importing spaCy (a second's
    wait) when it is not imported yet."""
    if "spacy" in sys.modules:
        import spacy.util

        return spacy.util.get_installed_models()
    return list(_entry_point_models())


@cache
def _entry_point_models() -> tuple[str, ...]:
    """The pipelines spaCy's entry points name, read once per process (reading them takes milliseconds, and the
    model source asks for every article it names the cache of)."""
    if importlib.util.find_spec("spacy") is None:
        return ()
    from importlib.metadata import entry_points

    return tuple(entry.name for entry in entry_points(group="spacy_models"))


def load() -> str | None:
    """Load the English pipeline now (from a worker thread) so the first `english_names` call is quick; its name."""
    place_names("en")
    return _name if _pipeline() is not None else None


def _pipeline() -> Any | None:
    """The loaded pipeline with only the components NER needs, loaded once (thread-safe); None without one."""
    global _nlp, _name, _tried
    with _lock:
        if not _tried:
            _tried = True
            name = english_pipeline_name()
            if name is not None:
                import spacy

                exclude = [c for c in _components(name) if c not in _KEEP_COMPONENTS]
                try:
                    _nlp, _name = _without_idle_embedding(spacy.load(name, exclude=exclude)), name
                except (OSError, ImportError, ValueError):  # a broken or incompatible package: the rules answer
                    _nlp = None
        return _nlp


def _without_idle_embedding(nlp: Any) -> Any:
    """The pipeline without its shared tok2vec when NER does not listen to it: en_core_web_sm's NER embeds the
    words itself, and the shared layer only fed the tagger and parser left unloaded (half the time per article)."""
    if "tok2vec" in nlp.pipe_names and "ner" not in nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")
    return nlp


def _components(name: str) -> list[str]:
    """Every component the package declares, so all but tok2vec and ner can be left unloaded."""
    import spacy.util

    try:
        meta = spacy.util.get_model_meta(spacy.util.get_package_path(name))
    except (OSError, ValueError, ImportError):
        return ["tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "morphologizer"]
    return list(meta.get("components") or meta.get("pipeline") or [])


def english_names(text: str, use_model: bool = True) -> list[Mention]:
    """Names (PERSON, ORG, GPE, LOC, EVENT, MILITARY) and explicit dates in English `text`, sorted, never overlapping.

    Offsets are code points into `text`. `use_model=False`, or no English pipeline installed, uses the rules."""
    nlp = _pipeline() if use_model else None
    found = list(_dates(text))
    if nlp is not None:
        with _lock:  # a pipeline is not documented as safe to call from two threads at once
            doc = nlp(text)
        found += _organisations_by_short_name(text, _people_by_surname(text, _from_model(text, doc)))
        found += _family_names_alone(text, found)
        found += _places_and_lexicon(text, score=0.6)
        # what the model often misses and a name's last word tells: Victory Day, Vostochny Cosmodrome
        # (scored above the places inside them: the 5th Busan Maritime Safety Forum is one name)
        found += [replace(m, score=0.62) for m in _from_rules(text) if m.label in ("EVENT", "LOC")]
    else:
        found += _from_rules(text)
    found += _the_north_and_south(text) + _datelines(text) + _numbered_elections(text)
    found = _abbreviations(text, _storms(text, found))
    return without_overlaps([m for m in found if not _generic(text, m)])


_BRACKETED_ACRONYM = re.compile(r" \(([A-Z][A-Za-z0-9&]{1,7})\)")


def _abbreviations(text: str, found: list[Mention]) -> list[Mention]:
    """An acronym given in brackets after a name ("Olympic Council of Asia (OCA)") has that name's label wherever
    it stands as a word, whatever the model called it there."""
    labels: dict[str, tuple[str, str]] = {}
    for m in found:
        bracket = _BRACKETED_ACRONYM.match(text, m.end)
        if bracket and m.label in ("ORG", "GPE", "LOC", "EVENT") and " " in text[m.start : m.end]:
            labels.setdefault(bracket.group(1), (m.label, text[m.start : m.end]))
    if not labels:
        return found
    kept = [m for m in found if text[m.start : m.end] not in labels]
    acronyms = "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
    for match in re.finditer(rf"(?<![\w&])({acronyms})(?![\w&])", text):
        if any(m.start <= match.start() and match.end() <= m.end for m in kept):
            continue  # part of a longer name ("OCA Coordination Committee")
        label, full = labels[match.group(1)]
        kept.append(Mention(match.start(), match.end(), label, 0.85, f"abbreviation of {full}, given in brackets"))
    return kept


def _generic(text: str, mention: Mention) -> bool:
    """ "a new Cold War" is a kind of conflict, not the Cold War."""
    return mention.label == "EVENT" and text[max(0, mention.start - 4) : mention.start] == "new "


_STORM = re.compile(r"\b(?:[Tt]yphoon|[Hh]urricane|[Cc]yclone|[Tt]ropical [Ss]torm) ([A-Z][a-z]+)\b")
_NUMBERED_ELECTION = re.compile(r"\b\d+(?:st|nd|rd|th) (?:general|presidential|parliamentary|local) elections?\b")


def _storms(text: str, found: list[Mention]) -> list[Mention]:
    """A storm's name is an event, after "Typhoon" and wherever it stands alone (Hinnamnor, which the model calls a
    person): "Typhoon" itself stays out of the span."""
    names = {m.group(1) for m in _STORM.finditer(text)}
    if not names:
        return found
    kept = [m for m in found if not any(name in text[m.start : m.end].split() for name in names)]
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b(?![\w-])")
    storms = [Mention(m.start(), m.end(), "EVENT", 0.85, "a storm's name") for m in pattern.finditer(text)]
    return kept + storms


def _numbered_elections(text: str) -> list[Mention]:
    """ "the 22nd general elections": a numbered election is one event (as 제22대 총선)."""
    found = _NUMBERED_ELECTION.finditer(text)
    return [Mention(m.start(), m.end(), "EVENT", 0.85, "a numbered election") for m in found]


def is_nationality(word: str) -> bool:
    """Whether an English word is an adjective of nationality (Ukrainian, Belarusian), not a place's name."""
    return _DEMONYM.match(word) is not None and not _place(word)


def _the_north_and_south(text: str) -> list[Mention]:
    """ "the North" for North Korea (and "the South"), when the text names that state."""
    found = []
    for match in re.finditer(r"\b[Tt]he (North|South)\b(?!\s*[-–]?\s*[A-Z])", text):
        side = match.group(1)
        if f"{side} Korea" in text:
            found.append(Mention(match.start(1), match.end(1), "GPE", 0.6, f"“the {side}” for {side} Korea"))
    return found


# ---------------------------------------------------------------------------------------------------------- dates


def _dates(text: str) -> Iterable[Mention]:
    for match in _DATE.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        ambiguous = _AMBIGUOUS_MONTH.match(match.group()) and _sentence_start(text, match.start())
        if ambiguous and not _MONTH_CONTEXT.search(before):
            continue  # "May we…", "March on…": a capital at a sentence's start may be a verb's
        yield Mention(match.start(), match.end(), "DATE", 0.85, "explicit English date")
    for match in _DAY_OF_MONTH.finditer(text):
        yield Mention(match.start(1), match.end(1), "DATE", 0.75, "day of the month after a preposition")


# ---------------------------------------------------------------------------------------------------------- model

_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC", "EVENT": "EVENT"}


def _from_model(text: str, doc: Any) -> list[Mention]:
    found = []
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None and ent.label_ == "PRODUCT" and _WEAPON_WORDS.search(ent.text):
            label = "MILITARY"
        if label is None:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        while (cut := text.rfind(" ", start, end)) > start and not _NAME_WORD.match(text, cut + 1):
            end = cut  # "the Pacific coast" → "Pacific", "Fulham 2-0" → "Fulham": names end on a capitalised word
        start, label = _ordinal_meeting(text, start, end, label)
        end, label = _numbered(text, end, label)
        if (unit := _DISTRICT_UNIT_AFTER.match(text, end)) and " " not in text[start:end]:
            end = unit.end()  # the model stops at the hyphen of Jamsil-dong: a district (see _correct)
        if label == "PERSON":
            start, end = _family_name(text, start), _rest_of_name(text, end)
        for s, e in _split_known_prefix(text, start, end) if label == "ORG" else [(start, end)]:
            corrected = _correct(text, s, e, label, ent.label_) if s < e else None
            if corrected is not None:
                found.append(Mention(s, e, *corrected))
    return found


def _people_by_surname(text: str, found: list[Mention]) -> list[Mention]:
    """A name the model typed ORG or GPE is a person when it is the family name of a person the model found in full
    ("Bae" beside "Bae Jun-seo"), or a full name whose family name it found alone as a person ("Haruto Sato" beside
    "Sato"): the model often types a Korean or Japanese name ORG."""
    people = [text[m.start : m.end] for m in found if m.label == "PERSON" and m.score >= 0.8]
    surnames, alone = {_surname(p) for p in people}, {p for p in people if " " not in p}

    def person(name: str) -> bool:
        if _place(name) or _org_word(name.split()[-1]):
            return False
        return name in surnames or (_surname(name) in alone and len(name.split()) <= 3)

    return [
        replace(m, label="PERSON", reason=f"the same person as a name found elsewhere, not {m.label}")
        if m.label in ("ORG", "GPE") and person(text[m.start : m.end])
        else m
        for m in found
    ]


def _family_names_alone(text: str, found: list[Mention]) -> list[Mention]:
    """A capitalised word the model left out that is the family name of a person it found in full ("Bae said",
    after "Bae Jun-seo"): the small English pipeline misses most bare Korean family names."""
    people = [m for m in found if m.label == "PERSON" and m.score >= 0.8]
    bare = [(s, e) for s, e in _capitalised(text)
            if " " not in text[s:e] and all(e <= m.start or m.end <= s for m in found)]  # fmt: skip
    return _propagated(text, bare, people)


def _organisations_by_short_name(text: str, found: list[Mention]) -> list[Mention]:
    """A one-word name the model typed PERSON is an organisation when the text names it in full as one ("Norvan"
    after "Norvan Therapeutics", "Hangyeol" after "Hangyeol Pharmaceutical"), unless it is a place or the family
    name of a person the model found."""
    full = [text[m.start : m.end] for m in found if m.label == "ORG" and m.score >= 0.8]
    short = {name.split()[0] for name in full if " " in name}
    surnames = {_surname(text[m.start : m.end]) for m in found if m.label == "PERSON"}

    def organisation(m: Mention) -> bool:
        name = text[m.start : m.end]
        return name in short and not _place(name) and name not in surnames and not _title_before(text, m.start)

    return [
        replace(m, label="ORG", score=0.85, reason=f"short for an organisation named in full, not {m.label}")
        if m.label == "PERSON" and organisation(m)
        else m
        for m in found
    ]


def _surname(name: str) -> str | None:
    """The family name of a full name: first in "Kim Jong-un", last in "Sergei Shoigu"; None for one word."""
    if " " not in name:
        return None
    return name.split()[0] if _KOREAN_NAME.fullmatch(name) else name.split()[-1]


def _rest_of_name(text: str, end: int) -> int:
    """A person's name the model cut short ("Yoon Suk" of "Yoon Suk Yeol met"): take one more capitalised word."""
    match = re.match(r" ([A-Z][a-z]+)(?![\w'’-])", text[end : end + 30])
    if match is None:
        return end
    word = match.group(1)
    if word in _TITLES or word in _SENTENCE_WORDS or _known(word) or _DATE.fullmatch(word):
        return end
    return end + match.end()


def _family_name(text: str, start: int) -> int:
    """A Korean family name the model left out ("Son" of "Son Heung-min"): take it in."""
    match = re.search(r"\b([A-Z][a-z]{1,4}) $", text[max(0, start - 7) : start])
    given = re.match(r"[A-Z][a-z]+-[a-z]+", text[start:])
    if match and given and _KOREAN_NAME.fullmatch(f"{match.group(1)} {given.group()}"):
        return start - len(match.group(1)) - 1
    return start


def _ordinal_meeting(text: str, start: int, end: int, label: str) -> tuple[int, str]:
    """ "8th Congress of the Workers' Party": a numbered congress or plenum is an EVENT, its number included."""
    window = max(0, start - 8)
    match = re.search(r"\b\d+(?:st|nd|rd|th)\s+$", text[window:start])
    if match and re.match(r"(Congress|Plenum|Plenary|Session|Conference)\b", text[start:end]):
        return window + match.start(), "EVENT"
    if match and text[start:end].split()[-1] in _EVENT_ENDINGS:  # "29th Busan International Film Festival"
        return window + match.start(), "EVENT"
    return start, label


_NUMBERED = re.compile(r" \d+(?: and \d+)?(?![\w.,]\d)")
_NUMBERED_WORDS = {"Unit": "LOC", "Units": "LOC", "Reactor": "LOC", "Reactors": "LOC", "League": "ORG"}


def _numbered(text: str, end: int, label: str) -> tuple[int, str]:
    """ "Kori Unit 2", "K League 1": a name whose last word takes a number, the number included."""
    last = text[:end].rsplit(" ", 1)[-1]
    match = _NUMBERED.match(text, end)
    if last in _NUMBERED_WORDS and match:
        return match.end(), _NUMBERED_WORDS[last]
    return end, label


def _split_known_prefix(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "White House National Security Council" is two names: a known one, then an organisation of its own."""
    words = _word_spans(text, start, end)
    drop = _known_prefix(text, words)
    if drop == 0:
        return [(start, end)]
    return [(start, words[drop - 1][1]), (words[drop][0], end)]


def _known_prefix(text: str, words: list[tuple[int, int]]) -> int:
    """How many leading words form a name of their own before an organisation's name: a known organisation before
    one of three words or more (White House National Security Council), or the state's abbreviation before one of
    two or more (U.S. State Department)."""
    if len(words) < 3 or not _org_word(text[words[-1][0] : words[-1][1]]):
        return 0
    if text[words[0][0] : words[-1][1]] in _ORG_PHRASES:
        return 0
    if text[words[0][0] : words[0][1]] in _STATE_ABBREVIATIONS:
        return 1
    for size in (3, 2, 1):
        prefix = text[words[0][0] : words[size - 1][1]]
        if len(words) - size >= 3 and (prefix in _ORG_PHRASES or prefix in _ORG_WORDS):
            return size
    return 0


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the", a trailing possessive or hyphen, and quotes or brackets at either end."""
    span = text[start:end]
    if re.match(r"(?i)the\s", span) and len(span) > 4:
        start += 4
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    if text[end - 2 : end] in ("’s", "'s") and end - 2 > start:
        end -= 2
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    while start < end and text[start] in "‘’'\"“”([":
        start += 1
    if end > start and text[end - 1] == "." and text[start:end] not in _ABBREVIATIONS and not _dotted(text[start:end]):
        end -= 1
    return start, end


_TRAILING = "-–—‘’'\"“”()[],;:"


def _dotted(span: str) -> bool:
    return re.search(r"(?:^|\s)(?:[A-Z]\.)+$|\b(?:Inc|Corp|Co|Ltd|Jr|Sr)\.$", span) is not None


def _correct(text: str, start: int, end: int, label: str, spacy_label: str) -> tuple[str, float, str] | None:
    """The label after fixing the model's known slips, with a score and a reason; None to drop the span."""
    name = text[start:end]
    said = _spacy(spacy_label)
    place = _place(name)
    if name in _NOT_NAMES:
        return None
    if name in _DEPARTMENT_WORDS and label == "ORG":
        return None  # "Defense" out of "Defense Minister", "State" out of "Secretary of State"
    if name in _ORG_WORDS or name in _ORG_PHRASES:
        return "ORG", 0.9, f"well-known organisation ({said})"
    if _KOREAN_DISTRICT.match(name):
        return "GPE", 0.85, f"a Korean district, -{name.rsplit('-', 1)[1]} ({said})"
    last = name.split()[-1]
    if label in ("PERSON", "GPE") and " " in name and (_org_word(last) or last in _LOC_ENDINGS):
        kind = "ORG" if _org_word(last) else "LOC"
        return kind, 0.85, f"name ending in {last} ({said})"  # Gangwon FC, Munsu Stadium
    if label == "PERSON":
        city = place_names("en").get(name)
        if city is not None and city.kind == "city" and not _title_before(text, start):
            return "GPE", 0.8, f"CLDR city name, not a person ({said})"
        if _lexicon_place(name) and not _title_before(text, start):
            return "GPE", 0.8, f"place name in the lexicon, not a person ({said})"
        return "PERSON", 0.85, said
    if label == "GPE":
        if place:
            return "GPE", 0.9, f"{place} ({said})"
        if is_nationality(name):
            return None  # "Ukrainian war partner": an adjective of nationality
        if _SPEECH_VERBS.match(text[end : end + 20]):
            return "ORG", 0.6, f"reports or says something, so not a place ({said})"
        if name in _LOC_PHRASES:
            return "LOC", 0.8, f"sea, continent or region ({said})"
        return "GPE", 0.75, said
    if label == "LOC":
        if _org_word(name.split()[-1]):
            return "ORG", 0.7, f"an institution's name ({said})"  # the Wilson Center, a prosecutors' office
        if place:
            return "GPE", 0.8, f"{place} ({said})"
        if name in ("North", "South"):
            return None  # "the North": a way of referring to a state already named
        return "LOC", 0.8, said
    if label == "ORG":
        if place:
            return "GPE", 0.7, f"{place} ({said})"
        if last in _EVENT_ENDINGS and last != "Day":
            return "EVENT", 0.65, f"name ending in {last} ({said})"
        if last in _LOC_ENDINGS or last in _FACILITY_ENDINGS:
            return "LOC", 0.7, f"a place or facility ending in {last} ({said})"
        return "ORG", 0.85, said
    if label == "EVENT" and name[:1].isdigit():
        return "EVENT", 0.8, f"a numbered congress or plenum ({said})"
    return label, 0.8, said


def _spacy(label: str) -> str:
    return f"spaCy {label}"


def _title_before(text: str, start: int) -> str | None:
    match = re.search(r"([A-Za-z][\w.\-]*)\s+$", text[max(0, start - 30) : start])
    return match.group(1) if match and match.group(1) in _TITLES else None


# ---------------------------------------------------------------------------------------------------------- rules


def _places_and_lexicon(text: str, score: float) -> list[Mention]:
    """CLDR places and well-known names as whole capitalised phrases (what the model missed, with overlaps lost)."""
    found = []
    for start, end in _capitalised(text):
        for s, e in _subphrases(text, start, end):
            name = text[s:e]
            if reason := _place(name):
                found.append(Mention(s, e, "GPE", score, reason))
            elif name in _ORG_PHRASES or (name in _ORG_WORDS and name not in ("Congress", "Parliament")):
                found.append(Mention(s, e, "ORG", score, "well-known organisation"))
            elif name in _LOC_PHRASES:
                found.append(Mention(s, e, "LOC", score, "sea, continent or region"))
            elif s == start and e == end and (near := _near_place(name)):
                found.append(Mention(s, e, "GPE", min(score, 0.55), f"spelled like the CLDR name {near}"))
    return found


@cache
def _long_place_names() -> tuple[str, ...]:
    return tuple(n for n in place_names("en") if len(n) >= 7)


def _near_place(name: str) -> str | None:
    """The CLDR place a long single word misspells (Vladikvostok for Vladivostok), if any."""
    if len(name) < 7 or " " in name or name in _ORG_WORDS:
        return None
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        return None
    best = process.extractOne(name, _long_place_names(), scorer=fuzz.ratio, score_cutoff=90)
    return best[0] if best else None


def _capitalised(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised words (with "of", "the"… inside), split at hyphens between names (North Korea-Russia)
    and after a possessive (North Korea's Kim Jong-un), joined by "and" in "Ministry of Economy and Finance"."""
    spans: list[tuple[int, int]] = []
    for start, end in _capitalised_parts(text):
        if spans and text[spans[-1][1] : start] == " and " and _AND_JOINS.match(text, spans[-1][0]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _capitalised_parts(text: str) -> Iterable[tuple[int, int]]:
    for match in _CAP_SEQUENCE.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-’'"):
            continue
        cut = start
        for sep in _NAME_BREAK.finditer(match.group()):
            if sep.group().startswith(".") and _abbreviation(match.group()[: sep.start() + 1]):
                continue  # "Gen. Park", "John F. Kirby", "U.S. Forces"
            yield from _trimmed(text, cut, start + sep.start())
            cut = start + sep.end()
        yield from _trimmed(text, cut, match.end())


def _abbreviation(before: str) -> bool:
    """Whether the text before a full stop ends in an abbreviation or an initial rather than a sentence."""
    word = before.split()[-1]
    return word in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)+", word) is not None


def _trimmed(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    s, e = _trim(text, start, end)
    if s < e:
        yield s, e


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]


def _subphrases(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Word-aligned sub-spans of a phrase, longest first (a place inside "Pyongyang commemorative…")."""
    words = _word_spans(text, start, end)
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            s, e = _trim(text, words[i][0], words[i + size - 1][1])
            if s < e:
                yield s, e


def _lexicon_place(name: str) -> bool:
    """Whether the shipped lexicon lists `name` as a place (Busan, Ulsan, Daegu: cities CLDR does not name)."""
    from tandem.annotations.suggest.lexicon import Lexicon

    return any(entry.label == "GPE" for entry in Lexicon.shipped().lookup(name, "en"))


def _known(name: str) -> bool:
    return _place(name) is not None or name in _ORG_PHRASES or name in _ORG_WORDS or name in _LOC_PHRASES


def _place(name: str) -> str | None:
    """How a name is a state or city: "CLDR country name", "well-known place name"; None if it is not one.
    A dateline's capitals count too (SEOUL)."""
    places = place_names("en")
    if name.isupper() and len(name) > 3:
        name = name.title()
    if name in places:
        return f"CLDR {places[name].kind} name"
    return "well-known place name" if name in _GPE_ALIASES else None


def _from_rules(text: str) -> list[Mention]:
    """Capitalised phrases typed by the words around and inside them, as a reader without a model would."""
    found = _places_and_lexicon(text, score=0.8)
    people: list[Mention] = []
    bare: list[tuple[int, int]] = []  # typed by nothing here: perhaps a person named with a title elsewhere
    for start, end in _capitalised(text):
        words = _word_spans(text, start, end)
        if _sentence_start(text, start) and len(words) == 1 and text[start:end] in _SENTENCE_WORDS:
            continue
        while words and text[words[0][0] : words[0][1]] in _SENTENCE_WORDS and len(words) > 1:
            words.pop(0)  # "The Kremlin", "According to": not part of the name
        title = _last_title(text, words)
        if title is not None and title + 1 < len(words):
            after = words[title + 1 :]
            last_after = text[after[-1][0] : after[-1][1]]
            if not _known(text[after[0][0] : after[-1][1]]) and not _ends_like_a_thing(last_after):
                person_end = _name_end(text, after[0][0], after[-1][1])
                title_text = text[words[title][0] : words[title][1]]
                people.append(Mention(after[0][0], person_end, "PERSON", 0.8, f"capitalised name after {title_text}"))
                words = words[: _title_start(text, words, title)]  # "Bank of Korea Gov. Rhee": the bank too
                if not words:
                    continue
        elif title is not None:
            words = words[: _title_start(text, words, title)]  # "Russian Defense Minister", nobody named
            if not words:
                continue
        _classify(text, words, found, people, bare)
    return found + people + _propagated(text, bare, people)


def _ends_like_a_thing(word: str) -> bool:
    return _org_word(word) or word in _EVENT_ENDINGS or word in _LOC_ENDINGS  # "Premier League"


def _org_word(word: str) -> bool:
    """Whether an organisation's name may end in `word` (Ministry, Unions, Corp.)."""
    return word in _ORG_ENDINGS or (word.endswith("s") and word[:-1] in _ORG_ENDINGS)


def _title_start(text: str, words: list[tuple[int, int]], title: int) -> int:
    """Index of the first word of the title ending at `title` ("Secretary of State", "Defense Minister")."""
    first = title
    while first > 0 and (
        text[words[first - 1][0] : words[first - 1][1]] in _DEPARTMENT_WORDS
        or text[words[first - 1][0] : words[first - 1][1]] in ("of", "Prime", "Vice", "Deputy", "Foreign", "Supreme")
        or text[words[first][0] : words[first][1]] == "of"
    ):
        first -= 1
    return first


def _classify(
    text: str, words: list[tuple[int, int]], found: list[Mention], people: list[Mention], bare: list[tuple[int, int]]
) -> None:
    """Type one capitalised phrase by its last word and the words around it."""
    del words[: _known_prefix(text, words)]  # "White House National Security Council": two names
    if not words:
        return
    start, end = words[0][0], words[-1][1]
    name, last = text[start:end], text[words[-1][0] : words[-1][1]]
    if name in _NOT_NAMES or name in _DEPARTMENT_WORDS or _known(name) or _DEMONYM.match(name):
        return
    org_of = _ORG_OF.search(name)
    meeting_start, meeting = _ordinal_meeting(text, start, end, "ORG")
    if meeting == "EVENT":
        found.append(Mention(meeting_start, end, "EVENT", 0.8, "a numbered congress or plenum"))
    elif _org_word(last) or org_of:
        keyword = last if _org_word(last) or org_of is None else org_of.group(1)
        found.append(Mention(start, end, "ORG", 0.8, f"capitalised name with the organisation word {keyword}"))
    elif last in _LOC_ENDINGS and len(words) >= 2:
        found.append(Mention(start, end, "LOC", 0.8, f"capitalised place name ending in {last}"))
    elif last in _EVENT_ENDINGS and len(words) >= 2:
        found.append(Mention(start, end, "EVENT", 0.8, f"capitalised name ending in {last}"))
    elif word := _title_before(text, start):
        people.append(Mention(start, end, "PERSON", 0.8, f"capitalised name after {word}"))
    elif _role_after(text, end):
        people.append(Mention(start, end, "PERSON", 0.75, "capitalised name before a comma and a role"))
    elif re.match(r"\s+(administration|government|cabinet)\b", text[end : end + 20]):
        people.append(Mention(start, end, "PERSON", 0.7, "capitalised name before administration"))
    elif _KOREAN_NAME.fullmatch(name):
        people.append(Mention(start, end, "PERSON", 0.75, "romanised Korean name"))
    elif name in _KOREAN_FAMILY_NAMES and not _sentence_start(text, start):
        people.append(Mention(start, end, "PERSON", 0.5, "a Korean family name on its own"))
    elif re.fullmatch(r"[A-Z]{2,6}", name):
        found.append(Mention(start, end, "ORG", 0.5, "acronym"))
    elif _SPEECH_VERBS.match(text[end : end + 20]) and len(words) <= 3 and not _sentence_start(text, start):
        people.append(Mention(start, end, "PERSON", 0.5, "capitalised name that says something"))
    else:
        bare.append((start, end))


def _datelines(text: str) -> list[Mention]:
    """ "SEJONG, Nov. 15 (Yonhap) --": the place a wire story is filed from, in capitals at a paragraph's start."""
    found = []
    for match in re.finditer(rf"(?m)^([A-Z][A-Z.\- ]{{2,30}}[A-Z.]),?\s+(?={_MONTH}|\()", text):
        found.append(Mention(match.start(1), match.end(1), "GPE", 0.7, "dateline"))
    return found


def _propagated(text: str, bare: list[tuple[int, int]], people: list[Mention]) -> list[Mention]:
    """A bare name that is a person named with a title elsewhere (Putin, Shoigu, Lukashenko) is that person."""
    names = {text[p.start : p.end] for p in people if p.score >= 0.7}
    # the family name alone: last in "Sergei Shoigu", first in "Kim Jong-un"
    surnames = {_surname(n) for n in names} - {None}
    propagated = []
    for start, end in bare:
        if text[start:end] in names or text[start:end] in surnames:
            propagated.append(Mention(start, end, "PERSON", 0.65, "named as a person elsewhere in the text"))
    return propagated


def _last_title(text: str, words: list[tuple[int, int]]) -> int | None:
    """Index of the last title among `words` ("Defense Minister", "Secretary of State" end at the title)."""
    found = None
    for i, (s, e) in enumerate(words):
        word = text[s:e]
        if word in _TITLES and word[0].isupper():
            found = i
        elif found is not None and found == i - 1 and word == "of":
            found = i  # "Secretary of State": the department belongs to the title
        elif found is not None and found == i - 1 and text[words[found][0] : words[found][1]] == "of":
            found = i
    return found


def _name_end(text: str, start: int, end: int) -> int:
    """Where a person's name after a title stops: before an organisation or place word inside the phrase."""
    words = _word_spans(text, start, end)
    stop = words[0][1]
    for s, e in words[1:]:
        word = text[s:e]
        if not _NAME_WORD.match(word) or word in _ORG_ENDINGS or _known(word):
            break
        stop = e
    return _trim(text, start, stop)[1]


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or before.endswith("\n") or re.search(r"[.!?\"“”‘’]\s*$", before) is not None


def _role_after(text: str, end: int) -> bool:
    """Whether a comma and a role follow: "Adrian Watson, spokesman for…", "Jin H. Lee, senior fellow…"."""
    match = re.match(r",\s+((?:[a-z\-]+\s+){0,4})", text[end : end + 60] + " ")
    return match is not None and any(w in _ROLES_AFTER for w in match.group(1).split())
