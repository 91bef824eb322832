"""Generated corpora for measuring ``normspell.discover``: no third-party text.

``standard_english(n_bytes, seed)`` writes plain standard English from a vocabulary
written here, heavy on the things discovery must leave alone: rare real words full
of k, y, z, x and ph (kayak, zephyr, phlox, quartz), names of people and places
(Kafka, Kansas, Kuba, Kyoto), currency, numbers, URLs, e-mail, tags, handles and
code. ``archive(n_docs, seed, planted)`` writes archive-style pages that mix listed
spellings (Amerika, wimmin, u.$.) with planted unknown variants, and returns the
pages with how often each planted variant was used.

Run ``python tests/discover_corpus.py`` for the figures: recall of planted variants
and false candidates per MB of standard English.

>>> len(standard_english(2000, seed=1)) >= 2000
True
"""

from __future__ import annotations

import random
from collections import Counter

NOUNS = """
account acre afternoon agency airport answer apple archive army article attic author
autumn baker bakery balcony bank barn basket battery beach bicycle biscuit blanket boat
book bottle boundary box bridge brother budget building bus cabin cable camera candle
canyon captain car carpet castle cathedral cellar century chair chapter cheese chimney
church citizen city clerk cliff clock coast coffee college colony committee company
copper cottage council country county court cousin crystal custom daughter debate
decade desk diary doctor doorway dozen dragon driver economy editor engine essay
evening factory family farmer fence festival field film forest fortress fountain
garden gazette glacier government grocer guitar gym harbor harvest highway history
holiday hospital hotel hymn island journal journey judge jury kayak kettle key kidney
kingdom kiosk kitchen kitten knack knee knife knight knot labor ladder lake language
lantern lawyer ledger letter library lighthouse lynx machine magazine market meadow
merchant method minister minute monastery month mountain museum myth neighbor
newspaper novel nymph ocean office orchard oxygen painter palace paragraph parish
passenger pharmacy philosopher phone photograph physician piano pilot planet plaza
poet police pony portrait prisoner professor prophet pyramid quarry quartz queen quiz
railway rhyme rhythm river rocket rooster sailor school scholar season secretary
senator sheriff shipyard sister skeleton sky sphinx squad stadium statue student
symphony syllable synonym syntax system tailor taxi teacher temple theory thicket
ticket tower tractor treaty trophy tunnel typhoon valley village violin voyage wagon
waltz warehouse weekend window winter workshop writer xylophone yacht yard year yogurt
yolk youth zebra zephyr zinc zone
""".split()
RARE = """
adz alkyd apoplexy asphyxia azimuth bezique blintz calyx chintz coccyx cyder dryad
eyrie fez fjord frowzy gazpacho glyph gypsum hyssop jonquil kabuki kayak kelpie
khaki kibbutz kiln kilt kimono kipper kirsch kith knell kohlrabi kumquat lynchpin
lyre marquetry myrrh nymphet onyx oryx papyrus phlox phylum pixie pyx quinsy
rhizome scythe sphynx spritz sylph syzygy tryst wyvern xylem yak yew zither zygote
kvetch klutz schmaltz kitsch kaput krill kudzu yurt zydeco phyla ketch skiff hawk
""".split()
VERBS = """
admired answered asked bought broke built carried changed checked cleaned climbed
closed counted crossed danced decided delivered described drove earned explained
fixed followed found gathered gave helped hid hired joined kept kicked kissed knew
knocked learned lifted liked listened lived loved mixed moved noticed opened packed
painted picked played pushed questioned reached read repaired returned rhymed
sketched skipped sold studied taxed texted thanked tried typed visited walked
washed watched waxed wrote yelled zipped analyzed fixed organized realized
""".split()
ADJECTIVES = """
ancient angry anxious bright busy calm careful cheap clever cold cozy crazy dark
dusty early easy empty exact famous fancy fizzy foxy fuzzy gentle glossy happy heavy
honest husky icy jazzy jolly keen kind large lazy lucky lyrical mystic narrow noisy
oblique old pale physical polite quick quiet quirky rich rocky rusty shaky shy silky
sleepy smoky sticky stormy sunny syrupy tiny typical wacky wealthy weekly windy wiry
witty young zany zealous
""".split()
PEOPLE = """
Kafka Karl Kathy Kevin Kyle Kylie Katya Kenji Kofi Kuba Kosta Kaleb Kristina Kwame
Yusuf Yolanda Yvonne Zachary Zelda Xavier Phyllis Sylvia Lynn Wyatt Dmitry Boris Felix
Max Rex Alex Knox Fritz Liz Franz Heinz Ritz Klaus Kurt Kirk Mike Jake Luke Zoe Lynda
""".split()
PLACES = """
Africa Kansas Kentucky Kenya Kyoto Texas Zurich Phoenix Yemen Tokyo Karachi Kabul
Kolkata Kraków Kathmandu Kiev Kyiv Mexico Oxford Essex Sussex Yorkshire Sydney
Brooklyn Jersey Wyoming Kalamazoo Hong Kong Iraq Zanzibar Belize Aztec Sioux Kiribati
""".split()
NOISE = [
    "$5", "$3-$5", "$2.02", "$11.10 an hour", "US$ 40 million", "A$ 30", "$400",
    "http://www.kyoto.jp/kapital/index.html", "https://example.com/folx?q=kkk",
    "www.zephyr-books.org", "mail kayak@example.com", "write to info@kansas.gov",
    "#kapital", "@folx_xyz", "my_var", "getKapital2", "x86_64", "sha256", "e.g.",
    "i.e.", "U.S.", "Ph.D.", "don't", "O'Brien", "rock'n'roll", "3.5%", "1,200",
    "Room 42B", "KKK", "Klan", "NYPD", "KFC", "ZIP", "XML", "PHP", "JSON", "TXT",
]
FUNCTION = "the a this that every each some many few these those".split()


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def _phrase(rnd: random.Random) -> str:
    det = rnd.choice(FUNCTION)
    adj = rnd.choice(ADJECTIVES)
    noun = rnd.choice(NOUNS + RARE)
    if det in ("many", "few", "these", "those", "some"):
        noun = _plural(noun)
    return f"{det} {adj} {noun}"


def _sentence(rnd: random.Random) -> str:
    kind = rnd.random()
    who = rnd.choice(PEOPLE)
    where = rnd.choice(PLACES)
    if kind < 0.35:
        s = f"{who} {rnd.choice(VERBS)} {_phrase(rnd)} in {where}"
    elif kind < 0.6:
        s = f"{_phrase(rnd).capitalize()} {rnd.choice(VERBS)} {_phrase(rnd)} near {who}'s {rnd.choice(NOUNS)}"
    elif kind < 0.75:
        s = f"In {where}, {who} {rnd.choice(VERBS)} {rnd.choice(NOISE)} for {_phrase(rnd)}"
    elif kind < 0.85:
        s = f"{who} and {rnd.choice(PEOPLE)} {rnd.choice(VERBS)} the {rnd.choice(RARE)} and the {rnd.choice(RARE)}"
    else:
        s = f"{rnd.choice(NOISE)} is what {who} {rnd.choice(VERBS)} after the {rnd.choice(NOUNS)}-{rnd.choice(NOUNS)} {rnd.choice(NOISE)}"
    return s[:1].upper() + s[1:] + rnd.choice(".....?!")


def standard_english(n_bytes: int, seed: int = 0) -> str:
    """At least ``n_bytes`` of plain standard English, with headlines and paragraphs."""
    rnd = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n_bytes:
        if rnd.random() < 0.1:
            head = " ".join(w.capitalize() for w in _phrase(rnd).split()) + " in " + rnd.choice(PLACES)
            block = head.upper() if rnd.random() < 0.5 else head
        else:
            block = " ".join(_sentence(rnd) for _ in range(rnd.randint(2, 6)))
        out.append(block)
        size += len(block.encode("utf-8")) + 2
    return "\n\n".join(out) + "\n"


def documents(text: str, size: int) -> list[str]:
    """``text`` cut into documents of about ``size`` characters, between paragraphs."""
    out, cur, n = [], [], 0
    for para in text.split("\n\n"):
        cur.append(para)
        n += len(para) + 2
        if n >= size:
            out.append("\n\n".join(cur))
            cur, n = [], 0
    return out + (["\n\n".join(cur)] if cur else [])


ARCHIVE = """
imperialism proletariat prisoners comrades struggle oppression exploitation labor
aristocracy settlers nation revolution masses party cadre congress resolution
prison guards censorship letters study group injustice system economy superprofits
colonies workers wages Third World movement line theory practice
""".split()
LISTED = ["Amerika", "Amerikkka", "wimmin", "womyn", "u.$.", "U.$.", "I$rael", "Kanada",
          "humyn", "persyn", "Bu$h", "Amerikans", "prisonkrats"]
# A small lexicon frozen for the tests, so they do not change when the bundled mim
# lexicon grows: it lists the spellings of LISTED and protects what mim protects.
FROZEN_LEXICON = """
format = 1

[lexicon]
name = "frozen"

[mentions]
cues = ["spell", "spelling", "word", "term", "write", "say", "form"]

[[entry]]
id = "amerika"
variants = ["amerika", "amerikka", "amerikkka"]
standard = "America"
endings = ["", "s", "n", "ns"]
category = "place"

[[entry]]
id = "kanada"
variants = ["kanad"]
standard = "Canad"
endings = ["a", "ian", "ians"]
category = "place"

[[entry]]
id = "afrika"
variants = ["afrika"]
standard = "Africa"
endings = ["", "n", "ns"]
category = "place"

[[entry]]
id = "israel"
variants = ["i$rael"]
standard = "Israel"
endings = ["", "i", "is"]
category = "place"

[[entry]]
id = "us"
variants = ["u.$."]
standard = "U.S."
category = "place"

[[entry]]
id = "bush"
variants = ["bu$h"]
standard = "Bush"
category = "name"

[[entry]]
id = "women"
variants = ["womyn", "wimmin"]
standard = "women"
compounds = true
category = "gender"

[[entry]]
id = "persyn"
variants = ["persyn"]
standard = "person"
endings = ["*"]
compounds = true
category = "gender"

[[entry]]
id = "humyn"
variants = ["humyn"]
standard = "human"
endings = ["*"]
category = "gender"

[[entry]]
id = "prisoncrat"
variants = ["prisonkrat"]
standard = "prisoncrat"
endings = ["", "s"]
category = "k-for-c"

[[protect]]
phrase = "Maoist Internationalist Party - Amerika"
[[protect]]
phrase = ["New Afrika", "New Afrikan"]
[[protect]]
phrase = "Amerika"
near = ["kafka", "kafka's"]
window = 10
"""


def frozen_lexicon(without: tuple[str, ...] = ()):
    """The frozen test lexicon, less the entries with ids ``without``."""
    import dataclasses

    from normspell.lexicon import parse_lexicon

    lex = parse_lexicon(FROZEN_LEXICON.encode(), "frozen.toml")
    return dataclasses.replace(lex, entries=tuple(e for e in lex.entries if e.id not in without))


# Planted spellings that the frozen lexicon does not list, with their standards.
PLANTED = {
    "squad$": "squads", "Bum$": "bums", "M@oi$t$": "Maoists", "Afrikanz": "Africans",
    "folx": "folks", "yearz": "years", "xcape": "escape", "Kapitalism": "capitalism",
    "KKKalifornia": "California", "womynhood": "womanhood", "mynority": "minority",
    "$tate": "state", "oppre$$ion": "oppression", "Kolonialism": "colonialism",
    "pigz": "pigs", "gyrls": "girls", "Amerikkkanz": "Americans", "kommunity": "community",
}
# Listed by mim (persynhood by the frozen lexicon too): planted against the
# frozen lexicon without its persyn entry.
PLANTED_IF_UNLISTED = {"prisyners": "prisoners", "hystory": "history",
                       "KKKolumbus": "Columbus", "persynhood": "personhood"}


def archive(n_docs: int, seed: int = 0, planted: dict[str, str] = PLANTED,
            words_per_doc: int = 300) -> tuple[list[tuple[str, str]], Counter]:
    """Archive-style pages with ``planted`` variants, and how often each was planted."""
    rnd = random.Random(seed)
    used: Counter = Counter()
    docs = []
    for d in range(n_docs):
        words = ["MIM Notes -- Maoist Internationalist Party - Amerika\n\n"]
        for i in range(words_per_doc):
            r = rnd.random()
            if r < 0.03:
                word = rnd.choice(list(planted))
                used[word] += 1
            elif r < 0.08:
                word = rnd.choice(LISTED)
            elif r < 0.5:
                word = rnd.choice(ARCHIVE)
            else:
                word = rnd.choice(FUNCTION + ["of", "and", "to", "in", "for", "against"] + NOUNS[:60])
            sep = ". " if i % 12 == 11 else " "
            words.append(word + sep)
        docs.append((f"page-{d:03d}.txt", "".join(words)))
    return docs, used


def measure(mb: float = 2.0) -> None:  # pragma: no cover - a report, run by hand
    import time

    from normspell.discovery import discover
    from normspell.lexicon import load_lexicon
    from normspell.normalize import Normalizer

    text = standard_english(int(mb * 1_000_000), seed=7)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    t = time.perf_counter()
    found = discover(documents(text, 50_000))
    took = time.perf_counter() - t
    print(f"standard English: {size_mb:.2f} MB, {len(found)} false candidates "
          f"({len(found) / size_mb:.2f} per MB), {size_mb / took:.2f} MB/s")
    for c in found:
        print("   ", c.variant, "->", c.standard, c.rule, c.count, c.confidence)
    docs, used = archive(200, seed=3)
    for name, lexicon in (("frozen test lexicon", frozen_lexicon()), ("bundled mim", load_lexicon("mim"))):
        known = Normalizer(lexicon)
        unknown = {w for w in used if not known.detect(w)}
        found = {c.variant: c for c in discover(docs, lexicons=lexicon)}
        hits = [w for w in unknown if w.lower() in found
                and found[w.lower()].standard.lower() == PLANTED[w].lower()]
        print(f"planted, {name}: recall {len(hits)}/{len(unknown)} of the planted spellings it does "
              f"not list ({len(used) - len(unknown)} listed); other candidates: "
              f"{sorted(set(found) - {w.lower() for w in used})}")
    docs, used = archive(100, seed=4, planted=PLANTED_IF_UNLISTED)
    found = {c.variant: c for c in discover(docs, lexicons=frozen_lexicon(without=("persyn",)))}
    hits = [w for w in used if w.lower() in found]
    print(f"planted listed forms, frozen lexicon without persyn: recall {len(hits)}/{len(used)}")
    for w in used:
        c = found.get(w.lower())
        print("   ", w, "->", c and (c.standard, c.rule, c.count, c.documents, c.confidence))

if __name__ == "__main__":  # pragma: no cover
    measure()
