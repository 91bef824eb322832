"""Deterministic generator of archive-style English text with a gold normalization.

The text imitates the Maoist Internationalist Movement archive: word-salad prose from a
built-in Zipf-weighted vocabulary, paragraphs wrapped at ~70 columns, ALL-CAPS headlines,
the party header line, and deliberate spellings (``Amerika``, ``u.$.``, ``wimmin``,
``united $tates`` ...) sprinkled at ``density`` per word.  Mixed in are things a normalizer
must leave alone: currency (``$3-$5``, ``US$ 300 million``), protected names
(``Republic of New Afrika``, ``AmeriKKKa's Most Wanted``), URLs with variant-looking paths,
and already-standard spellings (``America``, ``U.S.``, ``women``).

``gold`` is ``text`` with exactly the recorded variant spans replaced by their standard
forms, so a benchmark can check an implementation's output byte for byte.

    >>> c = generate(10_000, seed=1)
    >>> c.expected_changes == len(c.changes)
    True

CLI::

    python benchmarks/corpus.py --size 50MB --seed 0 -o corpus.txt --gold corpus.gold.txt

Sizes accept B, KB, MB, GB (powers of 1000) and KiB, MiB, GiB (powers of 1024).  As archive
pages do, the text holds some typography beyond ASCII: about one plain sentence in 25 has an
em dash, quotation marks or an accented place name (drawn from a generator of their own, so
that everything else is what ``typography=False`` gives, which is pure ASCII).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass, field

__all__ = ["Corpus", "generate", "ENTRIES", "PAIRS", "PROTECTED_PHRASES", "URLS",
           "STANDARD_FORMS", "VOCABULARY", "CONTEXT_WORDS", "MENTION_BEFORE", "MENTION_AFTER", "MENTION_CONTRAST", "NUMBER_CUES",
           "parse_size", "main"]

WRAP_WIDTH = 70
# Stands for a space that the line wrapper must not break (inside protected phrases and
# currency amounts); replaced by a real space once the whole text is assembled.
_NBSP = "\x00"


@dataclass(frozen=True)
class Corpus:
    text: str
    gold: str
    expected_changes: int
    currency_tokens: int      # number of currency "$" signs ("$3-$5" counts 2)
    protected_phrases: int    # occurrences of PROTECTED_PHRASES (incl. header lines)
    urls: int = 0             # occurrences of URLS
    # (start, end, standard) for each variant span in ``text``, in order.  A span covers
    # the variant word only: not a possessive suffix ("Amerika|'s"), not the other part of
    # a hyphen compound ("Euro-|Amerikan", "U.$.|-backed").  A multiword span covers its
    # inner whitespace, which may be a newline.
    changes: tuple = field(default=(), repr=False, compare=False)
    # (start, end, kind) for spans that must stay unchanged; kind is "protected", "url",
    # "currency" or "standard".
    keep: tuple = field(default=(), repr=False, compare=False)

    @property
    def size(self) -> int:
        return len(self.text)


# --------------------------------------------------------------------------------------
# Variant table
#
# (variant, standard, family, kind, proper, weight)
#   family: "amer" / "afr" / "wim" guard against accidental protected phrases ("novel Amerika",
#           "New Afrika"); "" otherwise.
#   kind:   "n" singular noun (may take 's), "p" plural in -s (may take '), "i" irregular
#           plural (may take 's), "a" no possessive, "x" abbreviation (never sentence-final,
#           may take -backed/-led), "m" multiword, "c" hyphen-compound host (like "n" but
#           may get a Euro-/anti- prefix).
#   proper: proper nouns take the standard's case when written lower case
#           (amerikkka -> America, u.$. -> U.S.); ordinary words keep lower case.
#   The (variant, standard) pair gives the case for the form as written mid-sentence.
# --------------------------------------------------------------------------------------
ENTRIES = [
    ("Amerika", "America", "amer", "n", True, 20),
    ("Amerikkka", "America", "amer", "n", True, 7),
    ("AmeriKKKa", "America", "amer", "n", True, 3),
    ("amerikkka", "America", "amer", "n", True, 4),
    ("Amerikan", "American", "amer", "c", True, 20),
    ("Amerikans", "Americans", "amer", "c", True, 13),
    ("Amerikkkan", "American", "amer", "c", True, 3),
    ("Amerikkkans", "Americans", "amer", "c", True, 2),
    ("amerikkkanism", "Americanism", "amer", "a", True, 2),
    ("Kanada", "Canada", "", "n", True, 5),
    ("Kanadian", "Canadian", "", "n", True, 2),
    ("Kanadians", "Canadians", "", "p", True, 2),
    ("kkkanada", "Canada", "", "n", True, 2),
    ("Afrika", "Africa", "afr", "n", True, 3),
    ("Afrikan", "African", "afr", "n", True, 4),
    ("Afrikans", "Africans", "afr", "p", True, 3),
    ("I$rael", "Israel", "", "n", True, 4),
    ("I$raeli", "Israeli", "", "a", True, 3),
    ("I$raelis", "Israelis", "", "p", True, 2),
    ("u.$.", "U.S.", "", "x", True, 14),
    ("U.$.", "U.S.", "", "x", True, 17),
    ("U$", "US", "", "x", True, 3),
    ("U$A", "USA", "", "x", True, 3),
    ("Bu$h", "Bush", "", "n", True, 3),
    ("united $tates", "United States", "", "m", True, 9),
    ("United $tates", "United States", "", "m", True, 9),
    ("united $nakes", "United States", "", "m", True, 2),
    ("United Snakes", "United States", "", "m", True, 2),
    ("wimmin", "women", "wim", "i", False, 12),
    ("Wimmin", "Women", "wim", "i", False, 2),      # "Wimmin's Day": capitalized mid-sentence
    ("humyn", "human", "", "n", False, 7),
    ("humynity", "humanity", "", "n", False, 2),
    ("persyn", "person", "", "n", False, 3),
    ("persyns", "persons", "", "p", False, 2),
    ("persynal", "personal", "", "a", False, 2),
    ("chairpersyn", "chairperson", "", "n", False, 2),
    ("spokespersyn", "spokesperson", "", "n", False, 2),
    ("laypersyn", "layperson", "", "n", False, 2),
    ("prisonkrats", "prisoncrats", "", "p", False, 3),
    ("Koncentration Kamps", "Concentration Camps", "", "m", False, 2),
    ("KKKolumbus", "Columbus", "", "n", True, 2),
]

# womyn/transwomyn only where number is unambiguous: (words, index of the variant, standard).
WOMYN_TEMPLATES = [
    (("a", "womyn", "is"), 1, "woman"),
    (("a", "womyn", "was"), 1, "woman"),
    (("a", "womyn", "who"), 1, "woman"),
    (("a", "womyn's"), 1, "woman's"),
    (("one", "womyn", "has"), 1, "woman"),
    (("one", "womyn", "was"), 1, "woman"),
    (("these", "womyn", "are"), 1, "women"),
    (("many", "womyn", "are"), 1, "women"),
    (("many", "womyn", "have"), 1, "women"),
    (("many", "transwomyn", "are"), 1, "transwomen"),
    (("these", "transwomyn", "are"), 1, "transwomen"),
]
WOMYN_WEIGHT = 10    # weight of the womyn templates as a group, on the ENTRIES scale

# (variant, standard) pairs for peers / lexicon comparisons: every base form above plus
# the plural-only transwomyn.  Plain "womyn" is left out: its number depends on context.
PAIRS = [(e[0], e[1]) for e in ENTRIES] + [("transwomyn", "transwomen")]

EURO_PREFIXES = ("Euro-", "anti-")
ABBR_SUFFIXES = ("-backed", "-led", "-based")

# Plain words that, right before/after a variant, would turn it into a protected phrase.
_BAD_PREV = {"amer": {"novel", "kafka's", "-", "party"}, "afr": {"new", "of"}, "wim": {"angry"}}
_BAD_NEXT = {"most"}

# Words that protect a variant from some distance away (the ``near`` lists of the
# ``[[protect]]`` rules in lexicons/mim.toml: "Kanada the philosopher", German text).
# Random prose must not contain them, or the gold would call a protected variant a change.
CONTEXT_WORDS = frozenset("""
kafka kafka's kafkas rossmann verschollene brunelda delamarche rammstein rammstein's lindemann
miniseries kristofferson vaiseshika paramanu
philosopher philosophers vaisheshika vaisesika kashyapa atomism atomist nyaya sage rishi
sutra sutras
und der das ist nicht mit auf sich auch eine einen einem dem des wird wurde sind zum zur
gibt nach bei oder noch werden nur vom ich wir
""".split())
# Phrases that make the variant next to them a mention, left as written ("the word
# wimmin", "Amerika instead of"): the ``before``/``after`` lists of ``[mentions]`` in
# lexicons/mim.toml. The generator never lets plain words form them around a variant.
MENTION_BEFORE = ("the word", "the words", "the term", "the terms", "the spelling", "the spellings",
                  "this word", "that word", "this term", "that term", "this spelling",
                  "the name", "the names", "spell", "spells", "spelled", "spelt", "spelling", "we write",
                  "to write", "spell it", "spells it", "spelled it", "spelt it", "spelling it", "write it",
                  "writes it", "wrote it", "writing it", "spell it as", "spelled it as", "spelling it as",
                  "write it as", "writes it as", "wrote it as", "writing it as", "written as", "spelled as",
                  "changed to", "spellings such as", "spelling such as", "words such as", "terms such as",
                  "forms such as", "spellings like", "words like", "terms like", "novel", "film", "movie", "miniseries", "series", "album", "song", "poem",
                  "documentary", "magazine", "newspaper", "titled", "entitled")
MENTION_AFTER = ("with a k", "with three k's", "with three ks", "with a $", "with a dollar sign",
                 "with kkk", "with a y", "is spelled", "was spelled", "spelled with", "instead of")
# Words that join a variant to its own standard spelling nearby as a comparison ("wimmin
# but women"): the ``contrast`` list of ``[mentions]``. None stands within three items of a
# variant, so random prose never compares a spelling with its standard.
MENTION_CONTRAST = ("not", "nor", "but", "vs", "vs.", "versus", "than", "instead", "rather")
# The cue words of [choices.number]: none stands within four words of a womyn template,
# so its own cue ("a womyn who", "these womyn are") decides its number, as the gold says.
NUMBER_CUES = frozenset("""
a an one each every another this neither either single any lone individual is was has isn't
wasn't hasn't does doesn't herself she her who's these those many several few both two three
four five six seven eight nine ten dozens hundreds thousands millions billions numerous various
fewer most all some biological other more their our are were have aren't weren't haven't
themselves do don't they them
""".split())
# "Kafka's novel Amerika" protects an Amerika up to 8 words from "Kafka's"; no
# America-family variant is placed within this many words (slots) of it.
KAFKA_GAP = 10
DOCUMENT_SAMPLE = 1 << 15  # characters a text is read in for its topic (normspell.document.SAMPLE)
_KAFKA_ITEM = "Kafka's novel Amerika".replace(" ", _NBSP)

PROTECTED_PHRASES = [
    "Maoist Internationalist Party - Amerika",
    "Republic of New Afrika",
    "New Afrikan",
    "New Afrika",
    "Michigan Womyn's Music Festival",
    "AmeriKKKa's Most Wanted",
    "Kafka's novel Amerika",
    "the KKK",
]
PARTY_HEADER = PROTECTED_PHRASES[0]

URLS = [
    "www.example.org/kanada",
    "http://example.net/amerika",
    "https://example.com/wimmin/persyn.html",
    "http://example.net/amerikkka-faq",
    "www.example.org/humyn-rights/",
    "https://example.com/new-afrika/u$a",
]

# Already-standard spellings mixed into the prose: they must come out unchanged.
STANDARD_FORMS = ["America", "American", "Americans", "women", "woman", "U.S.", "Israel",
                  "Canada", "United States", "human", "person", "Africa", "USA", "Bush",
                  "humanity", "prisoncrats", "Columbus", "Americanism"]
_STANDARD_ABBR = {"U.S."}

# --------------------------------------------------------------------------------------
# Vocabulary: common English words, most frequent first (rank gives the Zipf weight),
# with the political vocabulary the archive leans on.  No proper nouns.
# --------------------------------------------------------------------------------------
_VOCAB_TEXT = """
the of and to a in is that for it as with was on be by this are not or at from but have
which an they his he their all were has its we one been more there can would will so if
what who about when into no out up them other than only some these also our time then
two new may any people could first do had like over such most over those after many
she her him very because through work just where how even should while before well most
made must same each between both being under world now state own years us much against
class way back three still power did does here war movement make few part long down
political workers party struggle since another get take whose without us economic
around own life social national right every less used during country however where
might high system during place against know point never same great left good later
history order public small end government means along within say go form again though
case last little whole revolutionary thus line among rather enough often give number
because group far until need side next capitalist few ever real away today men women
large young fact large problem interest once question body word something nothing
something early least always already example come think see use find tell ask seem feel
try leave call keep let begin show hear play run move live believe hold bring happen
write provide sit stand lose pay meet include continue set learn change lead understand
watch follow stop create speak read allow add spend grow open walk win offer remember
love consider appear buy wait serve die send expect build stay fall cut reach kill
remain suggest raise pass sell require report decide pull return explain hope develop
carry break receive agree support hit produce eat cover catch draw choose cause point
listen realize place close fight sign accept apply argue attack avoid base beat
prisoners prison imperialism imperialist labor aristocracy proletariat bourgeoisie
oppressed oppression nation nations masses comrades revolution communist communists
socialism socialist capitalism exploitation exploited colonial colonialism settler
settlers wages profits empire military police army soldiers struggle struggles
organization organizations movement movements theory practice line leadership
cadre cadres members member newspaper article articles letter letters editor editors
congress resolution resolutions position positions analysis question questions
majority minority peasants peasant land reform liberation independence freedom
justice injustice repression violence state states government governments
election elections vote voters campaign campaigns media press propaganda culture
cultural patriarchy gender sexual sex family families children child youth
student students school schools university teacher teachers study studies book books
review reviews film films movie movies music song songs album art artist artists
economy economics market markets trade production productive means surplus value
capital investment bank banks money price prices cost costs wealth poverty poor
rich income class classes exploiter exploiters worker working labor labour union
unions strike strikes factory factories industry industrial farm farms food water
health care hospital doctor doctors medicine disease death deaths life lives
human rights law laws court courts judge judges lawyer lawyers case cases trial
sentence sentences guard guards cell cells control unit units camp camps torture
abuse conditions condition grievance grievances censorship mail rules rule
solidarity unity support supporters comrade friend friends enemy enemies allies
ally alliance front united fronts mass base bases principle principles method
science scientific material materialism dialectical contradiction contradictions
primary secondary principal aspect aspects development developing underdeveloped
world third first global international internationalism nationalism national
chauvinism racism racist white whites black blacks oppressor oppressors colony
colonies territory territories border borders immigration immigrants migrant
migrants refugees occupation invasion invaded bombing bombs weapons nuclear
troops forces force attack attacks defense security intelligence agency agencies
secret plan plans program programs policy policies strategy strategic tactics
tactical goal goals aim aims purpose purposes task tasks work works job jobs
day days week weeks month months year years decade decades century centuries
period periods moment moments hour hours minute minutes morning night evening
today yesterday tomorrow future past present recent current modern ancient old
young new big small large little great high low long short early late next last
good bad better best worse worst right wrong true false real important main major
minor certain clear open free full whole single simple easy hard difficult strong
weak possible impossible necessary likely able available similar different common
special particular general specific public private personal social economic
military legal illegal moral political historical democratic reactionary radical
progressive conservative liberal revisionist opportunist dogmatic correct incorrect
serious popular local regional central foreign domestic wide deep dark light heavy
hot cold warm cool fast slow quick sure ready willing angry afraid happy sad poor
rich hungry tired alive dead open closed broken empty full quiet loud proud brave
honest fair cruel violent peaceful natural human physical mental total final
original actual basic direct indirect formal official independent dependent active
passive positive negative constant regular normal strange obvious famous unknown
various several numerous entire complete perfect proper average modern western
eastern northern southern urban rural industrial agricultural capitalist feudal
semi fascist fascism terror terrorist terrorism crime crimes criminal criminals
prisoner inmate inmates sentence parole release released arrest arrested charge
charges guilty innocent evidence witness witnesses testimony statement statements
claim claims argument arguments debate debates discussion discussions meeting
meetings conference conferences speech speeches talk talks lecture event events
protest protests demonstration demonstrations march marches rally rallies action
actions boycott boycotts petition petitions leaflet leaflets poster posters sign
signs slogan slogans banner banners flag flags symbol symbols image images picture
pictures photo photos video videos story stories news report reports source sources
information data fact facts figure figures number numbers percent percentage rate
rates level levels amount amounts total totals average share shares part parts
piece pieces section sections chapter chapters page pages issue issues volume
edition copy copies text texts quote quotes quotation reference references note
notes point points term terms concept concepts idea ideas thought thoughts view
views opinion opinions belief beliefs value values interest interests need needs
demand demands desire desires fear fears hope hopes dream dreams reason reasons
cause causes effect effects result results consequence consequences purpose sense
meaning truth lie lies mistake mistakes error errors problem problems solution
solutions answer answers response responses reply replies approach approaches
attitude attitudes behavior culture habits custom customs tradition traditions
religion religious church churches god faith spirit spiritual soul mind minds body
bodies heart hearts head heads face faces eye eyes hand hands arm arms leg legs
foot feet voice voices name names person persons individual individuals self
selves everyone everybody someone somebody anyone anybody nobody none each either
neither both all any some many much more most less least few several enough
plenty lot lots kind kinds sort sorts type types form forms way ways manner means
method methods process processes system systems structure structures network
networks organization institution institutions office offices department
departments ministry bureau council committee committees board boards panel
commission commissions assembly parliament senate house houses home homes room
rooms building buildings street streets road roads city cities town towns village
villages community communities neighborhood region regions area areas zone zones
district districts province provinces county counties country countries continent
island islands sea seas ocean oceans river rivers mountain mountains forest forests
field fields ground earth land lands world worlds sky air fire wind rain snow sun
moon star stars light darkness color colors red green blue yellow brown gray
animal animals dog dogs horse horses bird birds fish tree trees flower flowers
plant plants seed seeds crop crops grain rice wheat corn bread meat milk oil gas
coal iron steel gold silver metal metals stone stones wood paper glass cloth
clothes shirt shoes car cars truck trucks bus train trains ship ships boat boats
plane planes machine machines tool tools computer computers phone phones radio
television screen internet website websites email message messages word words
language languages english spanish french german chinese speech writing reading
writer writers reader readers author authors poet poets poem poems novel novels
play plays theater stage show shows game games sport sports team teams player
players coach fan fans crowd crowds audience public citizen citizens resident
residents population populations generation generations age ages birth death
marriage divorce sexism homophobia feminism feminist feminists patriarchal
male female males females man woman girl girls boy boys mother mothers father
fathers parent parents son sons daughter daughters brother brothers sister sisters
wife wives husband husbands baby babies adult adults elder elders neighbor
neighbors stranger strangers guest guests host hosts owner owners boss bosses
manager managers employer employers employee employees staff officer officers
official officials leader leaders ruler rulers king kings queen president
presidents minister ministers secretary governor governors mayor senator senators
representative representatives politician politicians candidate candidates
activist activists organizer organizers volunteer volunteers worker soldier
veteran veterans general generals commander commanders captain agent agents spy
spies informant informants traitor traitors hero heroes martyr martyrs victim
victims survivor survivors prisoner guard warden wardens cop cops pig pigs
administration administrations bureaucracy bureaucrats bureaucrat regime regimes
dictatorship dictatorships democracy democracies republic republics monarchy
kingdom kingdoms federation union unions league leagues association associations
society societies club clubs circle circles collective collectives cooperative
commune communes party parties faction factions wing wings tendency tendencies
current currents trend trends line lines stand stands view standpoint outlook
because since although though unless until while whereas whether if whenever
wherever however therefore thus hence moreover furthermore nevertheless
nonetheless otherwise instead meanwhile indeed perhaps maybe probably certainly
surely clearly obviously simply merely only just even still yet already always
never often sometimes usually rarely seldom again once twice soon later early
then now here there everywhere somewhere anywhere nowhere above below over under
across through throughout around behind beyond beside besides near toward towards
upon within without against among between during before after since until about
into onto off out up down away back forward ahead apart aside together alone
almost nearly quite rather too very really fully partly mainly mostly largely
highly deeply strongly widely closely directly exactly especially particularly
specifically generally usually actually certainly definitely absolutely completely
entirely totally perfectly properly correctly wrongly badly poorly richly freely
openly secretly publicly privately politically economically socially militarily
historically objectively subjectively consciously correctly scientifically
saying said says told tells asked asks answered answers wrote writes written read
reads gave gives given took takes taken made makes went goes gone came comes seen
saw sees found finds knew knows known thought thinks felt feels left leaves kept
keeps held holds brought brings began begins begun showed shows shown heard hears
ran runs moved moves lived lives believed believes happened happens paid pays met
meets included includes continued continues learned learns changed changes led
leads understood understands followed follows stopped stops created creates spoke
speaks allowed allows added adds spent spends grew grows opened opens won wins
offered offers remembered remembers appeared appears bought waited waits served
serves died dies sent sends expected expects built builds stayed stays fell falls
reached reaches killed kills remained remains suggested suggests raised raises
passed passes sold sells required requires reported reports decided decides
pulled pulls returned returns explained explains hoped hopes developed develops
carried carries broke breaks received receives agreed agrees supported supports
produced produces covered covers caught catches drew draws chose chooses caused
causes fought fights accepted accepts applied applies argued argues attacked
organized organizes organizing struggled struggling fighting building working
leading writing reading speaking thinking making taking giving getting going
coming seeing knowing looking using finding telling asking trying leaving calling
keeping letting beginning showing hearing playing running moving living believing
holding bringing happening paying meeting including continuing setting learning
changing understanding watching following stopping creating allowing adding
spending growing opening walking winning offering remembering loving considering
appearing buying waiting serving dying sending expecting staying falling cutting
reaching killing remaining suggesting raising passing selling requiring reporting
deciding pulling returning explaining hoping developing carrying breaking
receiving agreeing supporting producing covering catching drawing choosing
causing pointing exploiting oppressing resisting resist resisted resistance
rebel rebels rebellion rebellions uprising uprisings revolt revolts insurrection
overthrow overthrew defeat defeated defeats victory victories win lose lost
losing loss losses gain gains advance advances retreat retreats progress setback
setbacks crisis crises collapse decline rise rising fall growth expansion
contraction recession depression boom inflation unemployment employment
unemployed employed hire hired fire fired wage salary salaries benefit benefits
pension pensions tax taxes budget budgets debt debts loan loans credit interest
stock stocks bond bonds fund funds finance financial commercial business
businesses company companies corporation corporations firm firms enterprise
enterprises monopoly monopolies competition competitor competitors consumer
consumers consumption commodity commodities goods services service product
products supply supplies resource resources energy petroleum mineral minerals
mine mines miner miners plantation plantations slave slaves slavery genocide
massacre massacres war wars battle battles conflict conflicts peace treaty
treaties agreement agreements deal deals negotiation negotiations talks sanction
sanctions embargo blockade aid assistance loan debt dependency sovereignty
self determination autonomy annexation partition occupation resistance guerrilla
guerrillas people's army armed struggle protracted encirclement countryside
cities base area red guards cultural revolution great leap forward commune
collectivization cooperative mutual help self reliance line struggle criticism
self criticism rectification campaign study group mass line serve the people
vanguard vanguards consciousness conscious unconscious subjective objective
conditions material idealism idealist materialist metaphysics metaphysical
historical dialectics logic reason rational irrational emotion emotions
experience experiences practice practical theoretical theorist theorists thinker
thinkers philosopher philosophers philosophy ideology ideologies ideological
bourgeois petty petit aristocrat aristocrats elite elites ruling exploiting
exploited oppressed oppressing dominant dominated domination hegemony hegemonic
superpower superpowers imperialists colonizer colonizers colonized settler
indigenous native natives tribe tribes reservation reservations treaty land
stolen theft robbery plunder loot looting exploit extract extraction extracted
profit profitable unprofitable cheap cheaper expensive higher lower richer poorer
stronger weaker bigger smaller larger longer shorter older younger newer earlier
later faster slower easier harder greater fewer worse better more less most least
""" + """
accident account accounts achieve achieved acquire acre actor adapt address
adequate adjust admire admit adopt advice advise affair affect afford afternoon
agenda aggressive alarm album alive alternative amazing ambition amend analyst
ancestor anger angle anniversary announce annual anxiety apartment apparent
appeal appoint appreciate arrange arrival arrive aside assault assess asset
assign assume assure atmosphere attach attempt attend attention attract authority
autumn award aware awful balance ball band barrier basket bath battery bear beauty
bed beer bell belong belt bench bend bet bid bike bill bind bit bite blame blank
blind block blood blow boat bone bonus border bottle bottom bowl brain branch
brand bread breath brick bridge brief bright broad brush budget bullet burden burn
burst bury button cabinet cable cake calculate calm camera cancel cancer capable
capacity card career careful cargo carpet carry cash cast castle casual category
ceiling celebrate cell chain chair challenge champion chance channel chapter
charity chart chase cheap check cheek chest chicken chief choice citizen civil
claim classic clean clerk clever client cliff climate climb clinic clock cloud
coast coat code coffee coin collapse collar collect college column combine comfort
command comment commit communicate compare complain complex component compose
concern conclude concrete confirm confuse connect conscience consent consist
constant construct consult contact contain content contest context contract
contrast contribute convert convince cook cooperate cope copy core corner cottage
cotton couch count couple courage course cousin crack craft crash crazy cream
creature crew crisis critic crop cross crowd crucial cry cup curious curtain curve
custom cycle daily damage dance danger dare data dealer dear debate deck declare
decline decrease deed defend define degree delay deliver demand deny depend
deposit depth describe desert deserve design desk despite destroy detail detect
determine device devote dialogue diet differ dig dinner dirt disagree disappear
disaster discipline discount discover dish dismiss display distance distinct
distribute disturb divide doctor document domain dominate door double doubt draft
drag drama dress drink drive drop drug drum dry due dust duty eager ear earn ease
echo edge educate effort elbow elect element elevator eliminate embrace emerge
emotion emphasis empire empty enable encounter encourage enemy engage engine enjoy
enormous ensure enter entertain enthusiasm entitle entry envelope environment
equal equip era escape essay essential establish estate estimate evaluate evolve
exact examine excellent exchange excite excuse execute exercise exhibit exist exit
expand expense experiment expert explode explore export expose express extend
extent extra extreme fabric factor fail faint faith fame fancy fantasy fare farmer
fashion fault favor feature federal fee feed fellow fence festival fever fiber
fiction fifteen fifty file fill filter finance finger finish firm fit fix flame
flash flat flavor flesh flight float flood floor flow fluid fly focus fold folk
fond forever forget forgive fork formal format formula fortune forum foundation
frame fraud fresh fruit fuel function fundamental funny furniture gallery gap
garage garden gate gather gaze gene gentle gesture ghost gift glad glance globe
glove goal golden grab grace grade grand grant grass grave gravity grin grip gross
guarantee guess guide guilt gun habit hair half hall hammer handle hang harbor harm
hat hate hazard heal heat heaven height hell helmet hero hesitate hide highlight
hill hint hire hole holiday hollow honey honor hook horror host hotel household
huge humor hunger hunt hurry hurt ice icon identify identity ignore ill illness
illustrate imagine immense impact imply import impose impress improve impulse
incident income increase index indicate infant infect inform initial injure
injury inner input inquiry insect insert insight insist inspect install instance
instinct instruct insult insure intend intense interior interpret interval
interview introduce invent invest invite involve isolate item jacket jail jaw jet
joint joke journal journey joy judgment juice jump junior jury kick kid kitchen
knee knife knock label lack ladder lake lamp landscape lane lap laser laugh launch
lawn layer lazy lean lecture legacy legend leisure lemon lend lens lesson liberty
library license lid lift limb limit link lip liquid list literally literature
load lobby lock logic lonely loose lord loud luck lunch lung luxury magazine magic
mail maintain manage manual map margin marine mark mask master match mate
maximum meal measure mechanism medal medium melt memory mental mention menu mercy
mere merit mess metal middle mild mill mine minimum mirror miss mission mix mobile
mode model modest monitor mood moral motion motor mount mouse mouth mud murder
muscle museum mutual mystery myth nail narrow native nature neck needle nerve nest
net neutral nice noise nominate nose notice notion novel nurse nut obey object
oblige observe obtain occasion occupy occur odd offend offense onion operate
opponent oppose option orange organ origin outcome outfit outline output outside
oven owe pace pack package pain paint pair palace pale palm pan panic parade
parallel parent park participate partner passage passenger passion patch path
patient pattern pause peak peer penalty pencil pepper perceive perform permanent
permit persist persuade phase phrase pick pie pile pill pilot pin pine pipe pitch
pity planet plate platform pleasure plenty plot plug pocket poet poison pole
pollution pond pool pop port portion portrait pose possess pot pound pour powder
praise pray precise predict prefer pregnant premise prepare presence preserve
press pressure pretend prevent pride priest prime print prior priority privacy
prize probe proceed profession profile project promise promote prompt proof
property proportion proposal prospect protect proud prove publish pump punch
punish pupil purchase pure pursue puzzle qualify quarter quit quote race rail
range rank rapid rare rat raw ray realm rear recall recipe recognize recommend
record recover recruit reduce reflect refuse regard register regret reject relate
relax relevant relief rely remark remind remote remove rent repair repeat replace
reply represent request rescue reserve resign resolve resort respect respond rest
restore restrict retain retire reveal revenue reverse revise reward rhythm rib
rice ride rifle ring riot ripe risk ritual rival rock role roll roof root rope
rough round route routine row royal rub ruin rural rush sacred sacrifice safe
sail salad salt sample sand satisfy sauce save scale scandal scare scene schedule
scheme scholar scope score scream screw script seal search seat secure seek seize
select senior sequence session settle severe shade shadow shake shallow shame
shape shelf shell shelter shift shine shock shoot shore shoulder shout shut shy
sick sigh sight silence silk silly sin sink sir site skill skin skirt slave sleep
slice slide slip slope smart smell smile smoke smooth soap soft soil soldier solid
solve song sophisticated sorry soul sound soup spare spark speaker species speed
spell spin spite split spot spray spread spring square squeeze stable stake
stare start statue status steady steal steam steep stem step stick stir stock
stomach storm strain strange strategy straw stream stress stretch strict strike
string strip stroke structure stuff stupid style subject submit substance subtle
succeed sudden suffer sugar suit summer summit supreme surface surgery surprise
surround survey survive suspect sustain swallow swear sweat sweep sweet swim
swing switch sword symptom table tail tale tank tape target taste tea tear
technique temple tempt tend tender tension tent terrible terrify test thank theme
therapy thick thin thread threat threaten throat throw thumb ticket tide tie
tight tip tissue title tobacco toe toilet tone tongue tooth topic toss touch tough
tour tower toy trace track trail transfer transform transport trap travel tray
treat tremendous trial trick trip triumph trouble trust tube tune tunnel twin
twist typical ugly ultimate uncle undergo unique universe unusual upper upset
urge usual vacuum valley van vary vast vehicle venture version vessel victim
vision visit visual vital vivid volume vulnerable wage wake wander warn wash
waste wave weak wealth weapon wear weather weave wedding weigh weird welfare
wheel whisper wild willing wine wing winter wire wise wish withdraw wolf wonder
wool worry worth wound wrap yard yell yield zone
"""


def _build_vocabulary():
    seen = set()
    out = []
    for w in _VOCAB_TEXT.split():
        if w not in seen and w not in CONTEXT_WORDS:
            seen.add(w)
            out.append(w)
    return out


VOCABULARY = _build_vocabulary()
# Zipf-Mandelbrot weights by rank.
_CUM_WEIGHTS = []
_acc = 0.0
for _rank in range(len(VOCABULARY)):
    _acc += 1.0 / (_rank + 2.7) ** 1.05
    _CUM_WEIGHTS.append(_acc)
del _acc, _rank


# --------------------------------------------------------------------------------------
# Items
#
# A sentence is a list of plain words (str) and special items (list):
#   [text, rel_start, rel_end, kind, payload, family, no_final]
# kind "v": variant; payload = standard text for text[rel_start:rel_end].
# kind "protected" / "url" / "currency" / "standard": must stay unchanged; payload = the
# number of currency "$" signs for currency, else None.
# no_final: the item must not end a sentence (abbreviations: "the u.$.." is ambiguous).
# --------------------------------------------------------------------------------------

def _case(variant, standard, mode):
    if mode == "as_is":
        return variant, standard
    if mode == "cap":
        return variant[0].upper() + variant[1:], standard[0].upper() + standard[1:]
    if mode == "upper":
        return variant.upper(), standard.upper()
    # "lower": only for proper nouns, which keep the standard's case.
    return variant.lower(), standard


class _Maker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        names = [e for e in ENTRIES] + ["womyn"]
        weights = [e[5] for e in ENTRIES] + [WOMYN_WEIGHT]
        self._variant_choices = names
        self._variant_cum = _cumulative(weights)

    # -- variants -------------------------------------------------------------------
    def variant(self, mode):
        """mode: "start" (sentence-initial), "mid" or "head" (headline, ALL CAPS)."""
        rng = self.rng
        entry = rng.choices(self._variant_choices, cum_weights=self._variant_cum)[0]
        if entry == "womyn":
            return self._womyn(mode)
        var, std, fam, kind, proper, _w = entry
        if mode == "head":
            case = "upper"
        elif mode == "start":
            case = "cap"
        elif proper and var[0].isupper() and rng.random() < 0.12:
            case = "lower"
        else:
            case = "as_is"
        prefix = suffix = ""
        r = rng.random()
        if kind == "c" and r < 0.15:
            prefix = EURO_PREFIXES[0] if r < 0.09 else EURO_PREFIXES[1]
        elif kind == "x" and r < 0.12:
            suffix = ABBR_SUFFIXES[int(r * 25) % 3]
        elif kind in "nci" and r < 0.10:
            suffix = "'s"
        elif kind == "p" and r < 0.10:
            suffix = "'"
        if var == "Wimmin":
            suffix = "'s"
            if mode != "head" and rng.random() < 0.5:
                prefix = "International" + _NBSP
        if prefix:
            # The prefix takes the sentence-start capital; the variant keeps its own case.
            v, s = _case(var, std, "upper" if case == "upper" else
                         ("as_is" if case == "cap" else case))
            if case == "cap":
                prefix = prefix[0].upper() + prefix[1:]
            elif case == "upper":
                prefix = prefix.upper()
        else:
            v, s = _case(var, std, case)
        if case == "upper":
            suffix = suffix.upper()
        if var == "Wimmin" and prefix:
            suffix += _NBSP + ("DAY" if case == "upper" else "Day")
        start = len(prefix)
        return [prefix + v + suffix, start, start + len(v), "v", s, fam, kind == "x" and not suffix]

    def _womyn(self, mode):
        words, idx, std = self.rng.choice(WOMYN_TEMPLATES)
        words = list(words)
        if mode == "head":
            words = [w.upper() for w in words]
            std = std.upper()
        elif mode == "start":
            words[0] = words[0][0].upper() + words[0][1:]
        # The template's words stay together on one line only where the wrapper decides;
        # they are ordinary breakable words, so join with plain spaces.
        start = sum(len(w) + 1 for w in words[:idx])
        var = words[idx]
        if var.lower().endswith("'s"):
            var = var[:-2]
            std = std[:-2]
        return [" ".join(words), start, start + len(var), "v", std, "", False]

    # -- things that must stay unchanged ---------------------------------------------
    def standard(self, mode):
        form = self.rng.choice(STANDARD_FORMS)
        if mode == "start":
            form = form[0].upper() + form[1:]
        form = form.replace(" ", _NBSP)
        return [form, 0, len(form), "standard", None, "", form in _STANDARD_ABBR]

    def protected(self):
        # The party header also appears as a line of its own (see _article).
        phrase = self.rng.choice(PROTECTED_PHRASES[1:] + PROTECTED_PHRASES[:1])
        t = phrase.replace(" ", _NBSP)
        return [t, 0, len(t), "protected", None, "", False]

    def url(self):
        u = self.rng.choice(URLS)
        return [u, 0, len(u), "url", None, "", True]

    def currency(self):
        rng = self.rng
        k = rng.randrange(9)
        if k == 0:
            t, n = f"${rng.randint(1, 999)}", 1
        elif k == 1:
            t, n = f"${rng.randint(1, 99)}.{rng.randint(1, 9)} billion", 1
        elif k == 2:
            a = rng.randint(1, 20)
            t, n = f"${a}-${a + rng.randint(1, 20)}", 2
        elif k == 3:
            t, n = f"US$ {rng.randint(2, 900)} million", 1
        elif k == 4:
            t, n = f"US${rng.randint(1, 99)},{rng.randint(0, 999):03d}", 1
        elif k == 5:
            t, n = f"${rng.randint(1, 99)}.{rng.randint(0, 99):02d}", 1
        elif k == 6:
            t, n = f"${rng.randint(2, 900)} million", 1
        elif k == 7:
            t, n = f"${rng.randint(5, 30)} an hour", 1
        else:
            t, n = f"${rng.randint(10, 60)} per year; ${rng.randint(1, 5)} per issue", 2
        t = t.replace(" ", _NBSP)
        return [t, 0, len(t), "currency", n, "", False]


def _plain_run(items):
    """The leading plain words of ``items`` (up to the first special item)."""
    out = []
    for it in items:
        if type(it) is not str:
            break
        out.append(it)
    return out


def _cumulative(weights):
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out


def _wrap(p, width=WRAP_WIDTH):
    """Greedy wrap: turns some spaces into newlines, so offsets are unchanged."""
    n = len(p)
    if n <= width:
        return p
    out = []
    pos = 0
    while n - pos > width:
        i = p.rfind(" ", pos, pos + width + 1)
        if i <= pos:
            i = p.find(" ", pos + width + 1)
            if i < 0:
                break
        out.append(p[pos:i])
        pos = i + 1
    out.append(p[pos:])
    return "\n".join(out)


class _Builder:
    """Assembles blocks (paragraphs, headlines, header lines) separated by blank lines,
    tracking absolute offsets of the special spans."""

    # Rates per word of the things mixed in besides the variants.
    STANDARD_RATE = 0.004
    CURRENCY_RATE = 0.0035
    PROTECTED_RATE = 0.0008
    URL_RATE = 0.0004

    TYPOGRAPHY_RATE = 0.04  # plain sentences with a character beyond ASCII
    ACCENTED = ("Aztl\u00e1n", "Qu\u00e9bec", "Per\u00fa", "M\u00e9xico", "Bogot\u00e1", "S\u00e3o Paulo",
                "Z\u00fcrich", "Nicarag\u00fcense")

    def __init__(self, seed, density, typography=True):
        self.rng = rng = random.Random(seed)
        self.typo = random.Random(f"typography {seed}") if typography else None
        self.maker = _Maker(rng)
        self.density = max(0.0, min(1.0, float(density)))
        self.blocks = []
        self.off = 0                    # offset where the next block starts
        self.changes = []
        self.keep = []
        self.currency = 0
        self.protected = 0
        self.urls = 0
        self._words = []
        self._wi = 0
        d = self.density
        rates = [d, self.STANDARD_RATE, self.CURRENCY_RATE, self.PROTECTED_RATE, self.URL_RATE]
        self._rate = sum(rates)
        self._kinds = ("v", "standard", "currency", "protected", "url")
        self._kind_cum = _cumulative([r / self._rate for r in rates])
        self._next_event = self._gap()
        # Word slots so far (a special item counts as one slot, so slot distances never
        # exceed word distances), and the slots of the last America-family variant and
        # the last "Kafka's novel Amerika": they are kept KAFKA_GAP apart.
        self._slot = 0
        self._last_amer = self._last_kafka = -KAFKA_GAP - 1
        self._kafka_off = 0  # where the block of the last "Kafka's novel Amerika" starts
        # Headlines (one per article of ~350 words) carry a variant with this
        # probability, adding ~0.1 * density per word on top of the body's ``density``.
        self._headline_p = min(1.0, 30 * d)

    def _gap(self):
        return int(self.rng.expovariate(self._rate)) + 1

    def _take(self, n):
        if self._wi + n > len(self._words):
            self._words = self.rng.choices(VOCABULARY, cum_weights=_CUM_WEIGHTS, k=65536)
            self._wi = 0
        i = self._wi
        self._wi = i + n
        return self._words[i:i + n]

    def _special(self, kind, mode):
        m = self.maker
        if kind == "v":
            return m.variant(mode)
        if kind == "standard":
            return m.standard(mode)
        if kind == "currency":
            return m.currency()
        if kind == "protected":
            return m.protected()
        return m.url()

    def _place(self, kind, mode, slot):
        """The special item for word ``slot``, kept clear of "Kafka's novel Amerika": the
        lexicon protects an Amerika near "Kafka's", which the gold would count as a change."""
        it = self._special(kind, mode)
        if kind == "protected" and it[0] == _KAFKA_ITEM:
            # (and DOCUMENT_SAMPLE characters apart, none in the first: two in the characters a
            # text is read in would make it a page about Kafka's novel, and every Amerika in it
            # a title, in the whole text or in any file cut from it)
            while it[0] == _KAFKA_ITEM and (slot - self._last_amer <= KAFKA_GAP
                                             or self.off - self._kafka_off < DOCUMENT_SAMPLE):
                it = self.maker.protected()
            if it[0] == _KAFKA_ITEM:
                self._last_kafka = slot
                self._kafka_off = self.off
        elif kind == "v" and it[5] == "amer":
            while it[5] == "amer" and slot - self._last_kafka <= KAFKA_GAP:
                it = self.maker.variant(mode)
            if it[5] == "amer":
                self._last_amer = slot
        return it

    def _guard(self, items):
        """Keep plain neighbours from turning a variant into a protected phrase, or two
        variants into one ("United $tates of Amerika" is a single lexicon form)."""
        for i, it in enumerate(items):
            if type(it) is str or it[3] != "v":
                continue
            for k in range(max(0, i - 3), min(len(items), i + 4)):
                if type(items[k]) is str and items[k].rstrip(",.").lower() in MENTION_CONTRAST:
                    items[k] = "so" if items[k].islower() else "SO"
            if it[5] == "" and it[4].lower().startswith(("woman", "women", "transwomen")):
                for k in range(max(0, i - 4), min(len(items), i + 5)):
                    if type(items[k]) is str and items[k].rstrip(",.").lower() in NUMBER_CUES:
                        items[k] = "so" if items[k].islower() else "SO"
            before = " " + " ".join(w.lower() for w in _plain_run(items[max(0, i - 3):i][::-1])[::-1])
            if any(before.endswith(" " + p) for p in MENTION_BEFORE):
                items[i - 1] = "the" if items[i - 1].islower() else "THE"
            after = " ".join(w.lower() for w in _plain_run(items[i + 1:i + 5])) + " "
            if any(after.startswith(p + " ") for p in MENTION_AFTER):
                items[i + 1] = "more" if items[i + 1].islower() else "MORE"

            if (i + 2 < len(items) and it[4].lower() == "united states"
                    and type(items[i + 1]) is str and items[i + 1].lower() == "of"
                    and type(items[i + 2]) is not str and items[i + 2][5] == "amer"):
                items[i + 1] = "and" if items[i + 1].islower() else "AND"
            if not it[5]:
                continue
            if i > 0 and type(items[i - 1]) is str:
                prev = items[i - 1].rstrip(",").lower()
                if prev in _BAD_PREV.get(it[5], ()):
                    items[i - 1] = "the" if items[i - 1].islower() else "THE"
            if i + 1 < len(items) and type(items[i + 1]) is str:
                if items[i + 1].rstrip(",").lower() in _BAD_NEXT:
                    items[i + 1] = "more" if items[i + 1].islower() else "MORE"

    def _render(self, items, base):
        """Join items with spaces; record spans at absolute offset ``base``."""
        parts = []
        pos = base
        for it in items:
            if type(it) is str:
                parts.append(it)
                pos += len(it) + 1
                continue
            text, rs, re_, kind, payload = it[0], it[1], it[2], it[3], it[4]
            if kind == "v":
                self.changes.append((pos + rs, pos + re_, payload))
            else:
                self.keep.append((pos + rs, pos + re_, kind))
                if kind == "currency":
                    self.currency += payload
                elif kind == "protected":
                    self.protected += 1
                elif kind == "url":
                    self.urls += 1
            parts.append(text)
            pos += len(text) + 1
        return " ".join(parts)

    def sentence(self, base):
        rng = self.rng
        n = rng.randint(5, 22)
        ev = self._next_event
        if ev >= n:
            self._next_event = ev - n
            self._slot += n
            words = self._take(n)
            w0 = words[0]
            words[0] = w0[0].upper() + w0[1:]
            if n >= 8 and rng.random() < 0.6:
                j = rng.randint(2, n - 3)
                words[j] += ","
            words[-1] += "?" if rng.random() < 0.03 else "."
            if self.typo and self.typo.random() < self.TYPOGRAPHY_RATE:
                self._typography(words)
            return " ".join(words)
        # Slow path: at least one special item in this sentence.
        items = self._take(n)
        while ev < n:
            r = rng.random()
            k = 0
            while r > self._kind_cum[k] and k < 4:
                k += 1
            kind = self._kinds[k]
            items[ev] = self._place(kind, "start" if ev == 0 else "mid", self._slot + ev)
            ev += self._gap()
        self._next_event = ev - n
        self._slot += n
        first = items[0]
        if type(first) is not str and first[3] in ("currency", "protected", "url"):
            items.insert(0, self._take(1)[0])
        last = items[-1]
        if type(last) is not str and last[6]:
            items.append(self._take(1)[0])
        self._guard(items)
        if type(items[0]) is str:
            w0 = items[0]
            items[0] = w0[0].upper() + w0[1:]
        n = len(items)
        if n >= 8 and rng.random() < 0.6:
            j = rng.randint(2, n - 3)
            it = items[j]
            if type(it) is str:
                items[j] = it + ","
            else:
                it[0] += ","
        end = "?" if rng.random() < 0.03 else "."
        if type(items[-1]) is str:
            items[-1] += end
        else:
            items[-1][0] += end
        return self._render(items, base)

    def _typography(self, words):
        """An em dash, quotation marks or an accented name in a sentence without special
        items (near a variant they could make it a mention or change its context)."""
        t = self.typo
        j = t.randint(1, len(words) - 2)
        r = t.random()
        if r < 0.6:
            if not words[j].endswith(","):
                words[j] += " \u2014"
        elif r < 0.85:
            words[j] = "\u201c" + words[j] + "\u201d"
        else:
            words[j] = t.choice(self.ACCENTED)

    def headline(self):
        rng = self.rng
        n = rng.randint(3, 7)
        items = [w.upper() for w in self._take(n)]
        if rng.random() < self._headline_p:
            j = rng.randrange(n)
            items[j] = self._place("v", "head", self._slot + j)
        self._slot += n
        self._guard(items)
        self._add_block(self._render(items, self.off))

    def header(self):
        t = PARTY_HEADER.replace(" ", _NBSP)
        self.keep.append((self.off, self.off + len(t), "protected"))
        self.protected += 1
        self._add_block(t)

    def paragraph(self, n_sentences, limit):
        parts = []
        base = self.off
        for _ in range(n_sentences):
            s = self.sentence(base)
            parts.append(s)
            base += len(s) + 1
            if base >= limit:
                break
        self._add_block(_wrap(" ".join(parts)))

    def _add_block(self, block):
        self.blocks.append(block)
        self.off += len(block) + 2       # blocks are separated by "\n\n"

    def article(self, limit):
        rng = self.rng
        if rng.random() < 0.4:
            self.header()
        self.headline()
        for _ in range(rng.randint(3, 9)):
            if self.off >= limit:
                return
            self.paragraph(rng.randint(2, 7), limit)


def generate(size_bytes: int, seed: int = 0, density: float = 0.01, typography: bool = True) -> Corpus:
    """Generate about ``size_bytes`` characters of text (it stops at the first sentence end
    at or past the size, so it overshoots by at most one sentence plus a line break).

    ``density`` is the expected number of variant spans per word (0..1); ``typography=False``
    leaves out the characters beyond ASCII.
    """
    if size_bytes < 0:
        raise ValueError("size_bytes must be >= 0")
    b = _Builder(seed, density, typography)
    limit = int(size_bytes)
    while b.off < limit:
        b.article(limit)
    text = "\n\n".join(b.blocks)
    if text:
        text += "\n"
    text = text.replace(_NBSP, " ")
    gold_parts = []
    prev = 0
    for s, e, std in b.changes:
        gold_parts.append(text[prev:s])
        gold_parts.append(std)
        prev = e
    gold_parts.append(text[prev:])
    gold = "".join(gold_parts)
    return Corpus(text=text, gold=gold, expected_changes=len(b.changes),
                  currency_tokens=b.currency, protected_phrases=b.protected, urls=b.urls,
                  changes=tuple(b.changes), keep=tuple(b.keep))


_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
          "gb": 10**9, "ki": 2**10, "kib": 2**10, "mi": 2**20, "mib": 2**20, "gi": 2**30,
          "gib": 2**30}


def parse_size(s: str) -> int:
    """'50MB' -> 50_000_000, '1MiB' -> 1_048_576, '1200' -> 1200."""
    m = _SIZE_RE.match(s)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size: {s!r} (try 50MB, 512KiB, 1000)")
    return int(float(m.group(1)) * _UNITS[(m.group(2) or "").lower()])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=parse_size, default=parse_size("1MB"),
                    help="approximate size: 50MB, 512KiB, 1000 (default 1MB)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--density", type=float, default=0.01,
                    help="variant spans per word (default 0.01)")
    ap.add_argument("--ascii", action="store_true", help="no typography beyond ASCII")
    ap.add_argument("-o", "--output", required=True, help="file for the text ('-' = stdout)")
    ap.add_argument("--gold", help="file for the gold normalization")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    c = generate(args.size, seed=args.seed, density=args.density, typography=not args.ascii)
    elapsed = time.perf_counter() - t0
    if args.output == "-":
        sys.stdout.write(c.text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as f:
            f.write(c.text)
    if args.gold:
        with open(args.gold, "w", encoding="utf-8", newline="") as f:
            f.write(c.gold)
    print(f"corpus: {len(c.text):,} characters, seed {args.seed}, density {args.density}: "
          f"{c.expected_changes:,} expected changes, {c.currency_tokens:,} currency tokens, "
          f"{c.protected_phrases:,} protected phrases, {c.urls:,} URLs; "
          f"generated in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
