#!/usr/bin/env python3
"""Build the word list for the German `dictionary_decompounder` (index_config/decompound_de.txt).

Lucene's DictionaryCompoundWordTokenFilter (OpenSearch `dictionary_decompounder`) is brute
force: every dictionary entry found anywhere inside a token is emitted as an extra token at
the same position. So the list must hold only words that are real compound *parts*, long
enough not to turn up by accident inside unrelated words ("rat" in "Beratung", "ende" in
"Anwesende", "lage" in "Anlage").

How the list is derived from the corpus (stdlib only, deterministic):

1. Read every ``text/**/*.txt`` of the corpus (identical files once, NFC), repair line-end
   hyphenation ("Wirt-\\nschaft"), skip letter-spaced lines, and count word forms:
   capitalised (nouns, sentence starts) and all-lowercase separately, and for capitalised
   forms how often they precede a full stop (abbreviations) or follow Herr/Frau (names).
2. Group noun forms into lemmas by stripping inflection endings ("Satzungen" -> "satzung").
   The entry is the uninflected stem, which is a prefix of all its forms and of the
   compounds built on it; a stem that only occurs inflected and inside compounds with a
   linking element is recovered too ("Flüchtlinge" + "Flüchtlingszahlen" -> "flüchtling").
3. Keep a lemma if it occurs standalone at least ``--min-count`` times, is mostly
   capitalised (a noun, not a sentence-initial function word), is not mostly an
   abbreviation or a person's name, has ``--min-length`` to 20 letters, is not in the stop
   list (particles, suffixes, function words, curated junk), and is a well-formed part of
   at least ``--min-compounds`` distinct longer corpus words, where "well-formed" means
   that what stands around it is itself made of corpus words (plus linking elements /
   inflection) and not a bare prefix or particle ("Bebauungs|plan" yes, "Be|rat|ung" no).
   Lemmas found in more malformed than well-formed places (by distinct word), or almost
   only in malformed ones (by occurrence), are dropped ("ende", "mitte", "gründung").

The module also emulates the analysis chain in pure Python (`decompound` with any
dictionary and settings, `analyze`; normalization and stemming are those of
`ratsuche.analysis`) following the Lucene sources of DictionaryCompoundWordTokenFilter,
GermanNormalizationFilter and GermanLightStemmer, so the tests can check real splits
without a running engine. (Checked against Lucene 9.12.1,
the version in OpenSearch 2.19.1: identical tokens for all 54,072 corpus word forms.)

Usage: python scripts/build_decompound_wordlist.py [--corpus DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ratsuche.analysis import build_decompounder, german_normalize, light_german_stem
from ratsuche.analysis import decompound as decompound_term
from ratsuche.core.text import join_line_end_hyphens

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_OUT = REPO_ROOT / "index_config" / "decompound_de.txt"

# Build parameters (documented in the generated file's header).
MIN_COUNT = 5  # standalone occurrences of the lemma (all inflected forms together)
MIN_LENGTH = 4  # letters; also the recommended min_subword_size
MAX_LENGTH = 20  # letters; the recommended max_subword_size
MIN_COMPOUNDS = 2  # distinct longer corpus words in which the entry is a well-formed part
MIN_GOOD_SHARE = 0.5  # well-formed / all places inside longer words (by distinct word)
MIN_GOOD_TOKEN_SHARE = 0.1  # the same by occurrences: "gründung" lives in "Begründung"
MIN_NOUN_SHARE = 0.6  # capitalised / all occurrences of the standalone forms
MAX_ABBREVIATION_SHARE = 0.75  # standalone forms before a full stop ("Ziff.", "Darl.")
MAX_NAME_SHARE = 0.3  # standalone forms right after Herr/Frau/Dr ("Herr Thiel", "Frau Andrea")
MIN_BASE_COUNT = 5  # a shorter form must be seen this often to serve as the stem of a lemma

# Recommended settings for the OpenSearch `dictionary_decompounder` using this list.
RECOMMENDED_SETTINGS = {
    "min_word_size": 7,
    "min_subword_size": MIN_LENGTH,
    "max_subword_size": MAX_LENGTH,
    "only_longest_match": False,
}

# Lucene's defaults (CompoundWordTokenFilterBase; OpenSearch's factory uses the same).
LUCENE_MIN_WORD_SIZE = 5
LUCENE_MIN_SUBWORD_SIZE = 2
LUCENE_MAX_SUBWORD_SIZE = 15
LUCENE_DEFAULTS = {
    "min_word_size": LUCENE_MIN_WORD_SIZE,
    "min_subword_size": LUCENE_MIN_SUBWORD_SIZE,
    "max_subword_size": LUCENE_MAX_SUBWORD_SIZE,
    "only_longest_match": False,
}

# Inflection endings of German nouns (stripped to find the lemma stem; allowed after a head).
INFLECTIONS = ("", "e", "n", "en", "s", "es", "er", "ern", "ns", "nen", "in", "innen")
# Linking elements (Fugen) between the parts of a compound.
LINKS = ("", "s", "es", "n", "en", "e", "er", "ens")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbal particles / prefixes: a word part that is only one of these makes a derivation, not
# a compound ("An|lage", "Vor|lage", "Be|ratung"); they are never "wordlike".
PARTICLES = _words(
    """
    ab an auf aus be bei da dar durch ein emp ent er ge gegen her herab heran herauf heraus
    herbei herein herüber herum herunter hervor hin hinab hinauf hinaus hinein hinter hinüber
    hinunter miss mit nach neben nieder ob über um un unter ur ver voll vor voran voraus vorbei
    vorher vorüber weg weiter wider wieder zer zu zurück zusammen zwischen
    """
)

# Derivational suffixes and fragments that the corpus also shows as "words" (OCR, hyphen
# splits, rare nouns). They are neither wordlike parts nor entries.
SUFFIX_FRAGMENTS = _words(
    """
    heit heiten keit keiten schaft schaften ung ungen tion tionen ität itäten lich liche
    lichen licher isch ische ischen nis nisse ling linge tum tümer chen lein sam bar haft
    """
)

# Function words and other strings that must never be entries: mostly handled by the
# lowercase share, listed here so that sentence-initial capitals cannot sneak them in.
FUNCTION_WORDS = _words(
    """
    aber alle allem allen aller alles also anders auch bereits bisher bitte bzgl dabei
    dadurch dafür dagegen daher dahin damals damit danach daneben dank dann daran darauf daraus
    darin darüber darum darunter davon dazu dazwischen dein deine denen denn dennoch deren
    derer dessen deshalb desto diese diesem diesen dieser dieses doch dort dorthin drei durch
    eben ebenfalls ebenso eher eine einem einen einer eines einige einigen einiger einmal
    einzelne entweder erst erste ersten etwa etwas euch euer falls ferner fünf gegen gemäß
    genau gerade gestern gleich haben hatte hatten heute hier hierbei hierfür hierzu hinter
    hinsichtlich ihnen ihre ihrem ihren ihrer ihres immer indem infolge insbesondere insgesamt
    inzwischen jede jedem jeden jeder jedes jedoch jene jener jetzt kann kein keine keinen
    keiner können konnte laut lediglich mehr mehrere meine mittels möchte morgen muss nach
    neben nein nicht nichts noch nunmehr oben oder ohne schon sehr seid sein seine seinem
    seinen seiner seit seitens selbst sich sieben sind sodass sofern sogar solche solchen
    soll sollen sollte somit sondern sonst sowie sowohl statt trotz über überdies unser unsere
    unten unter usw viel viele vier vom von vorher während wann warum weil weiter weitere
    weiteren welche welchem welchen welcher wenn werden wieder wird wohl wollen worden wurde
    wurden zehn zudem zuerst zugleich zum zumal zur zusammen zwar zwei zwischen
    """
)

# Corpus nouns that pass the automatic checks but are frequent accidental substrings of
# unrelated words (found with `--report-junk`); their longer forms stay candidates
# ("haus" is out because of "Haushalt", "hauses" is in).
JUNK_ENTRIES: dict[str, str] = {
    "abzug": "abzugeben",
    "alter": "Alternative",
    "amts": "Gesamtsumme, Gesamtsituation",
    "auszug": "auszugehen, auszugleichen",
    "baum": "Ausbaumaßnahme, Umbaumaßnahme",
    "biel": "name",
    "born": "name",
    "breite": "unterbreitet",
    "bucht": "gebucht, verbucht",
    "bund": "verbunden, gebunden",
    "dach": "Verdacht, gedacht",
    "dienst": "Dienstag",
    "erbringung": "Unterbringung",
    "erhaltung": "Unterhaltung, Tierhaltung",
    "errichtung": "Unterrichtung",
    "ersatz": "Mustersatzung, Steuersatzung",
    "erstellung": "Herstellung",
    "fach": "einfach, mehrfach",
    "folge": "erfolgen, Erfolge",
    "frau": "title; Schlafraum",
    "gelegenheit": "Angelegenheit",
    "gesetz": "gesetzt, umgesetzt, festgesetzt",
    "groß": "adjective",
    "grund": "aufgrund, grundsätzlich",
    "grün": "begründet, Begründung",
    "gründe": "begründet",
    "gründen": "begründen",
    "halle": "Hallerburg",
    "haupt": "überhaupt, hauptsächlich",
    "haus": "Haushalt",
    "hause": "-hausen (place names)",
    "herr": "title; beherrschen, herrichten",
    "herren": "title",
    "herrn": "title",
    "hund": "hundert",
    "karl": "name",
    "kenntnisse": "Erkenntnisse",
    "klein": "adjective",
    "läng": "Verlängerung, längere",
    "meyer": "name",
    "montag": "Demontage",
    "nass": "adjective",
    "nord": "Anordnung",
    "orts": "Sportstätte, Fortschritt, Antwortschreiben",
    "park": "Sparkasse",
    "regen": "regenerativ, anregen",
    "reihe": "Freiheit",
    "rest": "Restaurant",
    "sach": "Niedersachsen",
    "schade": "name; unbeschadet",
    "schul": "Schulden, Verschuldung",
    "spiel": "Beispiel, beispielsweise",
    "stab": "stabil, Buchstabe",
    "stelle": "erstellen, feststellen, darstellen",
    "steu": "letter-spaced 'Steu er be ra ter'",
    "tage": "Tagesordnung, Demontage",
    "tages": "Tagesordnung, Kindertagesstätte",
    "wege": "deswegen, bewegen",
    "wände": "Einwände",
    "wänden": "Einwänden",
    "west": "nordwestlich",
    "wiese": "ausgewiesen, nachgewiesen",
    "ziel": "finanzielle, speziell",
}

STOP_LIST = PARTICLES | SUFFIX_FRAGMENTS | FUNCTION_WORDS | frozenset(JUNK_ENTRIES)

_WORD_RE = re.compile(r"[^\W\d_]+")


# ----------------------------------------------------------------------------------------
# Corpus reading
# ----------------------------------------------------------------------------------------


def read_corpus_texts(corpus: Path) -> list[str]:
    """All ``text/**/*.txt`` files of the corpus, identical contents once, in path order."""
    text_dir = corpus / "text"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"corpus text folder not found: {text_dir}")
    seen: set[str] = set()
    texts: list[str] = []
    for path in sorted(text_dir.rglob("*.txt"), key=lambda p: p.relative_to(text_dir).as_posix()):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8", errors="replace"))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        texts.append(text)
    return texts


def iter_words(text: str) -> Iterator[tuple[str, bool]]:
    """Letter runs of a text as (word, followed by a full stop), with soft hyphens and
    line-end hyphenation repaired.

    Skipped: lines of letter-spaced text ("P r o t o k o l l", "Steu er be ra ter"), whose
    fragments would pass for words, and a word cut by a hyphen at the end of a line that
    could not be joined ("Steu-" before a page break).
    """
    text = text.replace("\u00ad", "")
    text = join_line_end_hyphens(text)
    for line in text.splitlines():
        matches = list(_WORD_RE.finditer(line))
        if not matches:
            continue
        lengths = [m.end() - m.start() for m in matches]
        if len(matches) >= 4 and sum(1 for n in lengths if n <= 2) * 2 >= len(matches):
            continue
        last = matches[-1]
        cut = line.rstrip().endswith("-") and line[last.end() :].strip() == "-"
        for m in matches[:-1] if cut else matches:
            if m.group().isalpha():  # not "m²"
                yield m.group(), line.startswith(".", m.end())


# Words after which a capitalised word is (part of) a person's name.
TITLES = frozenset({"herr", "herrn", "frau", "dr", "prof"})


@dataclass
class Vocabulary:
    """Form counts: `capitalised` (Xxxx, lowercased key) and `lowercase` (xxxx); for the
    capitalised forms also how often they stood before a full stop (abbreviations: "Ziff.",
    "Darl.") and right after a title ("Herr Thiel": names)."""

    capitalised: Counter[str] = field(default_factory=Counter)
    lowercase: Counter[str] = field(default_factory=Counter)
    dotted: Counter[str] = field(default_factory=Counter)
    after_title: Counter[str] = field(default_factory=Counter)

    def add_text(self, text: str) -> None:
        prev1 = ""
        for word, dotted in iter_words(text):
            key = word.lower()
            if word.islower():
                self.lowercase[word] += 1
            elif word[0].isupper() and (len(word) == 1 or word[1:].islower()):
                self.capitalised[key] += 1
                if dotted:
                    self.dotted[key] += 1
                if prev1 in TITLES:
                    self.after_title[key] += 1
            # ALL-CAPS words and mixed case (abbreviations, headings) are ignored.
            prev1 = key

    def total(self, form: str) -> int:
        return self.capitalised[form] + self.lowercase[form]


def count_vocabulary(texts: Iterable[str]) -> Vocabulary:
    vocab = Vocabulary()
    for text in texts:
        vocab.add_text(text)
    return vocab


# ----------------------------------------------------------------------------------------
# Word list construction
# ----------------------------------------------------------------------------------------


@dataclass
class BuildParams:
    min_count: int = MIN_COUNT
    min_length: int = MIN_LENGTH
    max_length: int = MAX_LENGTH
    min_compounds: int = MIN_COMPOUNDS
    min_good_share: float = MIN_GOOD_SHARE
    min_good_token_share: float = MIN_GOOD_TOKEN_SHARE
    min_noun_share: float = MIN_NOUN_SHARE
    min_base_count: int = MIN_BASE_COUNT
    max_abbreviation_share: float = MAX_ABBREVIATION_SHARE
    max_name_share: float = MAX_NAME_SHARE


@dataclass
class Candidate:
    entry: str
    standalone: int  # occurrences of all standalone forms
    noun_share: float
    forms: tuple[str, ...]
    good: int = 0  # distinct longer words in which the entry is a well-formed part
    bad: int = 0  # distinct longer words in which it is not
    good_tokens: int = 0  # occurrences of those words
    bad_tokens: int = 0
    examples: list[str] = field(default_factory=list)
    bad_examples: list[str] = field(default_factory=list)

    def record(self, word: str, good: bool, occurrences: int) -> None:
        if good:
            self.good += 1
            self.good_tokens += occurrences
            if len(self.examples) < 5:
                self.examples.append(word)
        else:
            self.bad += 1
            self.bad_tokens += occurrences
            if len(self.bad_examples) < 5:
                self.bad_examples.append(word)

    @property
    def good_share(self) -> float:
        total = self.good + self.bad
        return self.good / total if total else 0.0

    @property
    def good_token_share(self) -> float:
        total = self.good_tokens + self.bad_tokens
        return self.good_tokens / total if total else 0.0


@dataclass
class BuildResult:
    words: list[str]
    candidates: dict[str, Candidate]
    stats: dict[str, int]


class _Morphology:
    """Is a string made of corpus words? (memoised; one instance per build)

    `words`: forms seen at least twice (any part of speech: modifiers can be adjectives or
    verb stems, "Neu|bau", "Wohn|gebiet"); `nouns`: capitalised forms seen at least twice
    and lemma stems (heads of noun compounds are nouns).
    """

    def __init__(self, words: set[str], nouns: set[str]) -> None:
        self.words = words
        self.nouns = nouns
        self._cache: dict[tuple[str, bool], bool] = {}

    def _plain(self, s: str, noun: bool) -> bool:
        if noun:  # "Weg", "Mit" and "Vor" (capitalised, sentence-initial) are sorted out
            return len(s) >= 3 and s in self.nouns
        return len(s) >= 3 and s not in PARTICLES and s in self.words

    def wordlike(self, s: str, noun: bool = False) -> bool:
        """`s` is a corpus word, optionally followed by a linking element ("Bebauungs") or
        missing its final e ("Schul"), or a compound of such parts. With `noun`, the last
        part must be a noun. Bare particles and derivational suffixes are not wordlike."""
        key = (s, noun)
        if key not in self._cache:
            self._cache[key] = self._wordlike(s, noun)
        return self._cache[key]

    def _wordlike(self, s: str, noun: bool) -> bool:
        if len(s) < 3 or s in SUFFIX_FRAGMENTS or (s in PARTICLES and not noun):
            return False
        if self._plain(s, noun):
            return True
        if not noun:
            for link in LINKS[1:]:
                if s.endswith(link) and self._plain(s[: -len(link)], False):
                    return True
            if self._plain(s + "e", False) or self._plain(s + "en", False):
                return True
        return any(
            self.wordlike(s[:i]) and self.wordlike(s[i:], noun) for i in range(3, len(s) - 2)
        )

    def good_place(self, left: str, right: str, noun_host: bool) -> bool:
        """An entry between `left` and `right` inside a longer word is a compound part:

        * as the head ("Haushalts|satzung|en"): a wordlike `left` and only an inflection
          ending after it, in a word mostly written capitalised (in "abfallende",
          "abarbeiten" a noun at the end is an accident);
        * as a modifier ("Bebauungs|plan|verfahren", "Satzung|s|entwurf"): nothing or a
          wordlike `left`, then an optional linking element and a noun.
        """
        if left and not self.wordlike(left):
            return False
        if left and noun_host and right in INFLECTIONS:
            return True
        return any(
            right.startswith(link) and self.wordlike(right[len(link) :], noun=True)
            for link in LINKS
        )


def _lemma_groups(
    vocab: Vocabulary, min_base_count: int, excluded: Callable[[str], bool]
) -> dict[str, list[str]]:
    """Map lemma stem -> standalone noun forms.

    A form's stem is what remains after stripping inflection endings as long as the rest
    is itself a noun form seen at least `min_base_count` times ("satzungen" -> "satzung",
    "schulen" -> "schule" -> "schul", the latter from "Schul- und Sportausschuss"), or a
    stem the corpus shows as a compound modifier with a linking s ("flüchtlinge" ->
    "flüchtling", because of "Flüchtlingszahlen").
    """
    nouns = {w for w in vocab.capitalised if len(w) >= 3}
    bases = {w for w, c in vocab.capitalised.items() if len(w) >= 3 and c >= min_base_count}
    bases |= _attested_stems(nouns, set(vocab.capitalised) | set(vocab.lowercase))
    bases = {b for b in bases if not excluded(b)}
    endings = sorted(INFLECTIONS[1:], key=lambda e: (-len(e), e))

    @cache
    def stem_of(form: str) -> str:
        for ending in endings:
            if form.endswith(ending) and len(form) - len(ending) >= 3:
                base = form[: -len(ending)]
                if base in bases:
                    return stem_of(base)
        return form

    groups: dict[str, list[str]] = {}
    for form in sorted(nouns):
        groups.setdefault(stem_of(form), []).append(form)
    return groups


def _attested_stems(nouns: set[str], words: set[str]) -> set[str]:
    """Stems X without a standalone form of their own, where a noun X+e/en/n/er exists and
    at least two corpus words X+s+Y with Y a noun show X as a compound modifier."""
    inflected: set[str] = set()
    for noun in nouns:
        for ending in ("e", "en", "n", "er"):
            if noun.endswith(ending) and len(noun) - len(ending) >= 3:
                inflected.add(noun[: -len(ending)])
    inflected -= nouns
    uses: Counter[str] = Counter()
    for word in sorted(words):
        for i in range(3, len(word) - 4):
            if word[i] == "s" and word[:i] in inflected and word[i + 1 :] in nouns:
                uses[word[:i]] += 1
    return {stem for stem, n in uses.items() if n >= 2}


def build_word_list(vocab: Vocabulary, params: BuildParams | None = None) -> BuildResult:
    """Select the entries (sorted) from the corpus vocabulary; see the module docstring."""
    params = params or BuildParams()
    # A stem that cannot be an entry (too short, stop list) does not swallow its forms:
    # "rat" is out, but "rats" (Rats|sitzung) stays a candidate of its own.
    # Abbreviations ("Ziff." of "Ziffer") are not stems either.
    groups = _lemma_groups(
        vocab,
        params.min_base_count,
        lambda w: (
            len(w) < params.min_length
            or w in STOP_LIST
            or vocab.dotted[w] > params.max_abbreviation_share * vocab.capitalised[w]
        ),
    )
    # Words known well enough to count as compound parts (a typo or OCR slip once is not);
    # stems seen only inside compounds ("flüchtling") are parts too.
    words = {
        w
        for w in set(vocab.capitalised) | set(vocab.lowercase)
        if vocab.total(w) >= 2 and w not in SUFFIX_FRAGMENTS
    }
    nouns = {
        w
        for w, c in vocab.capitalised.items()
        if c >= 2 and c >= vocab.lowercase[w] and w not in SUFFIX_FRAGMENTS
    }
    nouns |= {
        stem
        for stem, forms in groups.items()
        if sum(vocab.capitalised[f] for f in forms) >= 2 and stem not in SUFFIX_FRAGMENTS
    }
    morph = _Morphology(words | nouns, nouns)

    stats: Counter[str] = Counter()
    stats["forms_capitalised"] = len(vocab.capitalised)
    stats["forms_lowercase"] = len(vocab.lowercase)
    stats["lemmas"] = len(groups)

    candidates: dict[str, Candidate] = {}
    for stem, forms in sorted(groups.items()):
        cap = sum(vocab.capitalised[f] for f in forms)
        low = sum(vocab.lowercase[f] for f in forms)
        if cap < params.min_count:
            stats["dropped_min_count"] += 1
            continue
        if not params.min_length <= len(stem) <= params.max_length:
            stats["dropped_length"] += 1
            continue
        if stem in STOP_LIST:
            stats["dropped_stop_list"] += 1
            continue
        share = cap / (cap + low)
        if share < params.min_noun_share:
            stats["dropped_not_noun"] += 1
            continue
        if sum(vocab.dotted[f] for f in forms) > params.max_abbreviation_share * cap:
            stats["dropped_abbreviation"] += 1
            continue
        if sum(vocab.after_title[f] for f in forms) >= params.max_name_share * cap:
            stats["dropped_name"] += 1
            continue
        candidates[stem] = Candidate(stem, cap, share, tuple(sorted(forms)))

    _score_compound_use(candidates, vocab, morph, params)

    entries: list[str] = []
    for entry, cand in sorted(candidates.items()):
        if cand.good < params.min_compounds:
            stats["dropped_no_compounds"] += 1
        elif (
            cand.good_share < params.min_good_share
            or cand.good_token_share < params.min_good_token_share
        ):
            stats["dropped_malformed_share"] += 1
        else:
            entries.append(entry)
    stats["entries"] = len(entries)
    return BuildResult(words=entries, candidates=candidates, stats=dict(stats))


MAX_HOST_LENGTH = 40  # longer "words" are OCR garbage


def _score_compound_use(
    candidates: dict[str, Candidate],
    vocab: Vocabulary,
    morph: _Morphology,
    params: BuildParams,
) -> None:
    """Count, per candidate, the distinct longer corpus words (and their occurrences) in
    which it stands in a well-formed or in a malformed place (`_Morphology.good_place`).
    The candidate's own inflected forms are not counted."""
    lengths = sorted({len(c) for c in candidates})
    for word in sorted(set(vocab.capitalised) | set(vocab.lowercase)):
        n = len(word)
        if n <= params.min_length or n > MAX_HOST_LENGTH:
            continue
        noun_host = vocab.capitalised[word] >= vocab.lowercase[word]
        hits: dict[str, bool] = {}
        for i in range(n):
            for length in lengths:
                if i + length > n:
                    break
                sub = word[i : i + length]
                if sub not in candidates or (i == 0 and word[length:] in INFLECTIONS):
                    continue
                ok = morph.good_place(word[:i], word[i + length :], noun_host)
                hits[sub] = hits.get(sub, False) or ok
        occurrences = vocab.total(word)
        for sub, ok in hits.items():
            candidates[sub].record(word, ok, occurrences)


# ----------------------------------------------------------------------------------------
# Analysis chain emulation (Lucene semantics)
# ----------------------------------------------------------------------------------------


def decompound(
    token: str,
    dictionary: set[str] | frozenset[str],
    min_word_size: int = LUCENE_MIN_WORD_SIZE,
    min_subword_size: int = LUCENE_MIN_SUBWORD_SIZE,
    max_subword_size: int = LUCENE_MAX_SUBWORD_SIZE,
    only_longest_match: bool = False,
) -> list[str]:
    """Subword tokens DictionaryCompoundWordTokenFilter adds after `token` (in order): the
    product's decompounder (`ratsuche.analysis`) with this dictionary and these settings."""
    config = build_decompounder({
        "type": "dictionary_decompounder", "word_list": sorted(dictionary),
        "min_word_size": min_word_size, "min_subword_size": min_subword_size,
        "max_subword_size": max_subword_size, "only_longest_match": only_longest_match,
    })
    return decompound_term(token, config)


def analyze(word: str, dictionary: set[str] | frozenset[str], **settings: Any) -> list[str]:
    """Tokens at the position of one word after lowercase -> dictionary_decompounder ->
    german_normalization -> light_german (-> unique on the same position): the original
    token first, then the subwords, duplicates removed."""
    token = word.lower()
    terms = [token, *decompound(token, dictionary, **settings)]
    seen: dict[str, None] = {}
    for term in terms:
        seen.setdefault(light_german_stem(german_normalize(term)), None)
    return list(seen)


def query_term(word: str) -> str:
    """The single term a query word becomes (without decompounding)."""
    return light_german_stem(german_normalize(word.lower()))


def load_word_list(path: Path) -> list[str]:
    """Entries of a word list file (blank lines and lines starting with '#' skipped, as
    OpenSearch's word_list_path loader and index_config.read_word_list do)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


# ----------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------


def render_word_list(words: Sequence[str], params: BuildParams) -> str:
    """The file content: '#' header lines (skipped by OpenSearch's word_list_path loader and
    by index_config.read_word_list), then one entry per line."""
    settings = ", ".join(f"{k}={str(v).lower()}" for k, v in RECOMMENDED_SETTINGS.items())
    header = [
        "# German compound parts for the dictionary_decompounder (lowercase, one per line).",
        "# Generated by scripts/build_decompound_wordlist.py from the council corpus;",
        "# do not edit by hand: change the script (parameters, stop list) and rebuild.",
        "# " + " ".join(f"{k}={v}" for k, v in asdict(params).items()),
        f"# stop_list={len(STOP_LIST)} entries={len(words)}",
        f"# Recommended filter settings: {settings}",
    ]
    return "\n".join([*header, *words]) + "\n"


def build_from_corpus(corpus: Path, params: BuildParams | None = None) -> tuple[str, BuildResult]:
    params = params or BuildParams()
    texts = read_corpus_texts(corpus)
    vocab = count_vocabulary(texts)
    result = build_word_list(vocab, params)
    result.stats["texts"] = len(texts)
    return render_word_list(result.words, params), result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--min-length", type=int, default=MIN_LENGTH)
    parser.add_argument("--min-compounds", type=int, default=MIN_COMPOUNDS)
    parser.add_argument(
        "--report-junk",
        type=int,
        default=0,
        metavar="N",
        help="also print the N entries with the most malformed places (for the stop list)",
    )
    args = parser.parse_args(argv)
    params = BuildParams(
        min_count=args.min_count, min_length=args.min_length, min_compounds=args.min_compounds
    )
    try:
        content, result = build_from_corpus(args.corpus, params)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(content, encoding="utf-8")
    for key, value in sorted(result.stats.items()):
        print(f"{key:>26}: {value}")
    print(f"{'stop_list':>26}: {len(STOP_LIST)}")
    print(f"wrote {len(result.words)} entries to {args.out}")
    if args.report_junk:
        kept = set(result.words)
        ranked = sorted(
            (c for c in result.candidates.values() if c.entry in kept),
            key=lambda c: (-c.bad_tokens, c.entry),
        )
        for cand in ranked[: args.report_junk]:
            print(
                f"{cand.entry:>16} words {cand.good}/{cand.bad}"
                f" occurrences {cand.good_tokens}/{cand.bad_tokens} (good/malformed),"
                f" e.g. {', '.join(cand.bad_examples)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
