"""Swedish compounds split into their parts, so that "ledarutvecklingsprogram" meets "utveckling
av ledare" and "cykelvägar" meets "väg för cyklar".

The database does the splitting (``riktning_normalize``, migration 0009): before stemming, every
word of the text that can be split completely into known parts (``PARTS``) adds those parts to the
text, so the stored lexemes hold both the whole word and its parts ("ledarutvecklingsprogram led
utveckling program"). This module keeps the list and renders it into the SQL; nothing else reads it.

The rules, written as one anchored regular expression (``pattern()``):
- two to four parts, each a word of ``PARTS``, or such a word without its final "a" or "e" ("skol"
  of "skola", "ledar" of "ledare", "äldr" of "äldre"), or with "e" for its final "a" ("förskole"
  of "förskola"), as Swedish joins them;
- a linking "s" may follow any part but the last ("utvecklingsprogram", "ärendehanteringssystem");
- the last part may carry an inflection ("cykelvägar", "skolgårdens", "solcellerna"); the part is
  stored without it, stemmed like any word.
A word that cannot be split completely is left as it is: no guessing from fragments, since short
stems ("led", "ung", "sol") occur inside hundreds of unrelated words.

Cost: the regular expression is large (some 200 alternatives, four times), and PostgreSQL runs it
on every word of the text of every activity written. Measured on the 2-core machine under load:
riktning_normalize takes 2–5 ms per activity (title and description) instead of 0.1 ms, which an
activity's save or an import row pays twice (two stored columns); migration 0009 recomputed
100,000 activities in 326 s. Searching and scanning read the stored columns and pay nothing.
A faster splitter (a PL/pgSQL walk over a set of parts, or a first cut on the first three
letters before the expression) is the next step if imports grow.

Changing PARTS changes what the database stores: add a migration that runs
``refresh_normalize()`` again (see 0009), so the stored columns are computed anew.
"""

from __future__ import annotations

# Parts of compounds common in a Swedish municipal group's plans, in their dictionary form.
# Words of at least three letters (and "el": elbil, elnät); no stop words (they add nothing).
PARTS = """
administration aktivitet alkohol allmän anhörig anläggning ansökan anställd arbete arbetsgivare
arkiv arkitektur avfall avlopp avtal bad barn bas behandling belysning beredskap bemanning
besök bibliotek bidrag bil biogas boende bostad brand bro budget buss byggnad bygg
centrum chef cykel cell data dag del demens digital drift dricksvatten ekonomi el elev
energi entré evenemang fastighet fjärrvärme flykting fordon forskning fritid friluft
funktion förening förskola företag förvaltning gata gatu gator grund grön gymnasium gård hall
hamn handledning handling hantering hem hemtjänst hus hälsa hållbarhet idrott infrastruktur
ingenjör inköp integration invånare kemikalie klimat kommunikation kompetens konst
kontakt kontor kostnad kultur kund kunskap kurs kvalitet kök lag ladd lärare ledare ledarskap
lek lokal luft lägenhet läsning mat medarbetare miljö mottagning musik mål mätning natur
nämnd nät omsorg område park parkering patient person personal plan plats program projekt
psykiatri rektor rekrytering region rening rådgivning samhälle samverkan sjuksköterska skola
skog skydd snö social sol station stad stadsdel stöd system säkerhet tid tillgänglighet
tillsyn tjänst trafik trafiksäkerhet trygghet turism ungdom upphandling utbildning
utrustning utveckling vatten verksamhet vind vuxen vård väg värme yta äldre ärende
förebyggande hjälp hälso kollektivtrafik resa resor simhall sim
""".split()  # noqa: SIM905 (one word a line otherwise)


# Compounds that Riktning treats as one word saying what kind of work it is (see GENERIC_STEMS in
# goals/overlap/search.py): split, "kompetensutveckling för lärare" would meet "kompetensutveckling
# för chefer" through "kompetens". Kept whole with any ending.
KEEP_WHOLE = ("kompetensutveckling",)


def keep_whole_pattern() -> str:
    return "^(" + "|".join(KEEP_WHOLE) + ")"


def forms() -> list[str]:
    """Every form a part takes inside a compound: as written, and without a final a or e."""
    out = set()
    for part in PARTS:
        out.add(part)
        if part[-1] in "ae" and len(part) > 3:
            out.add(part[:-1])
        if part[-1] == "a" and len(part) > 3:
            out.add(part[:-1] + "e")
    # Longest first: the regular expression then prefers "trafiksäkerhet" to "trafik".
    return sorted(out, key=lambda f: (-len(f), f))


# Endings the last part may carry: plural, definite and genitive forms.
INFLECTIONS = (  # noqa: SIM905
    "arnas ernas ornas arna erna orna ens ets arens erns ar er or en et na ns ts s e a n t"
).split()


def pattern() -> str:
    """The anchored regular expression (PostgreSQL's advanced syntax, also valid in Python's re)
    that matches a word made of two to four parts and captures the parts."""
    part = "(" + "|".join(forms()) + ")"
    tail = "(?:" + "|".join(INFLECTIONS) + ")?"
    return f"^{part}s?{part}(?:s?{part})?(?:s?{part})?{tail}$"
