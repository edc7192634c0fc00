"""The words the drafter's rules look for: speech verbs, titles, role cues, red-line cues.

General English news vocabulary only; nothing about any one negotiation.
"""

from __future__ import annotations

SPEECH_VERBS = (
    "said|says|say|added|adds|told|tells|stated|states|declared|declares|wrote|writes|"
    "warned|warns|insisted|insists|argued|argues|noted|notes|stressed|stresses|"
    "explained|explains|responded|responds|replied|replies|announced|announces|"
    "claimed|claims|asserted|asserts|urged|urges|demanded|demands|called|calls|"
    "tweeted|posted|continued|concluded|acknowledged|admitted|emphasised|emphasized"
)
"""Verbs that introduce or close direct and reported speech."""

REPORTING_GERUNDS = "saying|adding|writing|warning|stressing|noting|insisting|arguing|declaring"
"""Participles that hand a quote to the subject of their clause ("..., saying: ...")."""

AGENCY_VERBS = (
    "said|says|wants|want|wanted|demands|demand|demanded|refuses|refuse|refused|rejects|"
    "reject|rejected|insists|insist|insisted|agreed|agrees|agree|proposed|proposes|propose|"
    "offered|offers|offer|called|calls|warned|warns|threatened|threatens|mediates|mediated|"
    "mediate|accepted|accepts|accept|signed|sign|signs|backs|backed|supports|supported|"
    "opposes|opposed|oppose|urged|urges|struck|walked|pressed|presses|pushed|pushes|vowed|"
    "vows|announced|announces|approved|approves|voted|votes|seeks|sought|negotiates|"
    "negotiated|insisted|plans|planned|hopes|hoped|expects|expected|fears|feared|"
    "responded|replied|added|told|stated|declared|argued|noted|stressed|tabled|submitted|"
    "met|meets|meet|failed|fails|drops|dropped|makes|made|is ready|are ready"
)
"""Verbs whose subject is taken to be an actor (someone who does something in the talks)."""

MODALS = "will|would|can|could|may|might|must|should|shall|has|have|had|is|are|was|were|did|does|do"

TITLE_WORDS = (
    "prime minister|deputy prime minister|minister|president|vice president|spokesperson|"
    "spokesman|spokeswoman|leader|secretary|envoy|ambassador|chancellor|chairman|chairwoman|"
    "chair|chief|ceo|governor|mayor|general|senator|king|queen|emir|sheikh|premier|"
    "mediator|negotiator|lawyer|attorney|adviser|advisor|director|head|representative|"
    "commissioner|speaker|secretary-general|general secretary|official|president-elect|"
    "mp|lawmaker|legislator|chief negotiator|commissioner"
)
"""Words of a title that precedes a name ("Finance Minister Bezalel Smotrich")."""

LEADER_TITLES = ("prime minister", "president", "chancellor", "premier", "head of government")
PARTNER_TITLES = ("minister", "secretary", "deputy")
MEDIATOR_CUES = ("mediator", "mediate", "mediating", "mediation", "facilitat", "broker", "envoy")
OPPOSITION_CUES = ("opposition",)

GROUP_NOUNS = (
    "countries|states|nations|governments|unions|members|partners|workers|employers|allies|"
    "parties|factions|ministers|lawmakers|legislators|negotiators|producers|farmers|firms|"
    "carriers|airlines|companies|banks|teachers|nurses|doctors|drivers|pilots"
)
"""Plural nouns that make a group actor of the capitalised words before them."""

ANONYMOUS_SPEAKERS = (
    "source|sources|official|officials|diplomat|diplomats|aide|aides|insider|insiders|"
    "person|people|spokesperson|spokesman|spokeswoman|analyst|analysts|observer|observers"
)
"""Nouns of speakers the text leaves unnamed ("a source said", "American officials said")."""

PRONOUNS = {"he": "person", "she": "person", "they": "group"}

NOT_NAMES = frozenset(
    """a an the this that these those it its we our us they their them he his him she her i
    my me you your there here what when where which who why how if but and or nor so yet
    as at by for from in into of on onto to with without after before during since until
    along against according although because while whether however meanwhile also even
    still then thus now today yesterday tomorrow mr mrs ms dr monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august
    september october november december photo photos view gallery thank thanks welcome
    yes no not never let make bring end return stop give keep take expanding peace
    victory everyone everything nobody nothing something some all any every many most
    more other another such both each either neither one two three four five six seven
    eight nine ten first second third last next new old big small great""".split()
)
"""Capitalised words that are not names (sentence-initial function words, days, months)."""

HARD_CUES = (
    r"will not happen|won[’']t happen|forget it|not even|no!|red line|red-line|"
    r"must not|mustn[’']t|will never|would never|never accept|never agree|never allow|"
    r"under no circumstances|"
    r"will not accept|won[’']t accept|cannot accept|can[’']t accept|not acceptable|"
    r"unacceptable|refuse[sd]?|reject[sd]?|non-negotiable|out of the question|"
    r"will not agree|won[’']t agree|will not sign|won[’']t sign|will walk away|walk out|"
    r"will not allow|won[’']t allow|will not let|don[’']t have a mandate|no mandate|"
    r"is final|final offer|take it or leave it|there is no deal|there will be no deal|"
    r"\bwe will not\b|\bwe won[’']t\b|\bwe cannot\b|\bwe can[’']t\b|\bwe refuse|"
    r"would not|wouldn[’']t|\bif\b[^.]{3,80}?,\s*we will\b"
)
"""Refusals and ultimatums: candidate hard red lines."""

SOFT_CUES = (
    r"only if|unless|on condition|as long as|provided that|should not|shouldn[’']t|"
    r"must|has to|have to|need to|needs to|insist|demand|hard to believe|"
    r"—not |– not |, not |not more|not any more|no more|at least|at most|no less than|"
    r"no more than|dangerous concessions|concessions|no more money|nothing more to|"
    r"everything we can|everything we could"
)
"""Conditions, demands and warnings: candidate soft red lines."""

DEMAND_CUES = (
    r"\bwants?\b|\bwanted\b|\bdemands?\b|\bdemanded\b|\bcalls? for\b|\bcalled for\b|"
    r"\bmust\b|\bshould\b|\bneeds? to\b|\binsists? on\b|\bseeks?\b|\bsought\b|\basks? for\b|"
    r"\bproposes?\b|\bproposed\b"
)
"""Demand and priority statements."""

IMPERATIVE_VERBS = frozenset(
    """make return end bring stop release give let withdraw pay raise cut lift drop sign
    accept agree open close free recognise recognize restore halt cease allow guarantee
    protect keep hand send set reach respect""".split()
)
"""Verbs that open an imperative demand ("Make a deal, return the hostages")."""

COMPONENT_CUES = (
    r"includes?|including|included|would include|comprises?|consists? of|"
    r"would see|provides? for|calls? for|involves?|entails?|terms are|terms include|"
    r"on the table are|package of"
)
"""Words that introduce the list of a deal's components."""

DEAL_WORDS = (
    r"deal|agreement|package|proposal|plan|accord|framework|offer|terms|contract|settlement|"
    r"treaty|compromise|draft|ceasefire|truce|pact"
)
"""Nouns that must come before a component cue in its sentence ("the deal ... includes")."""

QUALIFIERS = (
    "temporary|permanent|partial|full|complete|limited|phased|gradual|immediate|"
    "conditional|unconditional|total|interim|long-term|short-term|multi-year|one-year"
)
"""Adjectives that name options of a component ("a temporary ceasefire", "a permanent one")."""

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}

STOPWORDS = frozenset(
    """a an the of in on at to for with by from and or but not no is are was were be been
    this that these those it its their our his her they we you i he she will would should
    must can could may might do does did has have had than then there here as into over
    under about any some all more most very just only also even""".split()
)
