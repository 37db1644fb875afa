"""The words a synthetic municipal group is written in.

Plain data only: the generator (demo.synthetic.generator) composes unit names, goals and
activity texts from these lists. Every noun an activity is about comes in three forms (singular,
plural, and a paraphrase that splits the compound: "ledarutvecklingsprogram" and "program för
utveckling av ledare") so that a planted duplicate can say the same thing in other words, as a
colleague in another unit would.
"""

from __future__ import annotations

from typing import NamedTuple


class Noun(NamedTuple):
    sg: str
    pl: str
    # The same thing said without the compound, or in other words.
    alt: str
    # Which verbs fit it (a key of VERBS).
    verbs: str


class Verb(NamedTuple):
    inf: str  # "bygga ut"
    pres: str  # "bygger ut"
    noun: str  # "utbyggnad av"


# Verb groups: the generator picks a verb of the noun's group; a planted duplicate takes another
# verb of the same group, or the same verb as a noun ("bygga ut" → "utbyggnad av").
VERBS: dict[str, list[Verb]] = {
    "build": [
        Verb("bygga ut", "bygger ut", "utbyggnad av"),
        Verb("anlägga", "anlägger", "anläggning av"),
        Verb("rusta upp", "rustar upp", "upprustning av"),
        Verb("förbättra", "förbättrar", "förbättring av"),
        Verb("bygga om", "bygger om", "ombyggnad av"),
        Verb("planera", "planerar", "planering av"),
    ],
    "develop": [
        Verb("utveckla", "utvecklar", "utveckling av"),
        Verb("införa", "inför", "införande av"),
        Verb("starta", "startar", "start av"),
        Verb("pröva", "prövar", "försök med"),
        Verb("vidareutveckla", "vidareutvecklar", "vidareutveckling av"),
        Verb("samordna", "samordnar", "samordning av"),
        Verb("sprida", "sprider", "spridning av"),
        Verb("stärka", "stärker", "förstärkning av"),
    ],
    "reduce": [
        Verb("minska", "minskar", "minskning av"),
        Verb("förebygga", "förebygger", "förebyggande arbete mot"),
        Verb("motverka", "motverkar", "insatser mot"),
        Verb("halvera", "halverar", "halvering av"),
    ],
    "survey": [
        Verb("kartlägga", "kartlägger", "kartläggning av"),
        Verb("inventera", "inventerar", "inventering av"),
        Verb("analysera", "analyserar", "analys av"),
        Verb("följa upp", "följer upp", "uppföljning av"),
        Verb("utvärdera", "utvärderar", "utvärdering av"),
    ],
    "offer": [
        Verb("erbjuda", "erbjuder", "erbjudande om"),
        Verb("utöka", "utökar", "utökning av"),
        Verb("införa", "inför", "införande av"),
        Verb("anordna", "anordnar", "anordnande av"),
        Verb("ge", "ger", "tillgång till"),
    ],
}


class Theme(NamedTuple):
    """What an activity is about: its nouns, who it is for, why, and which goals it serves."""

    key: str
    council: tuple[str, ...]  # keys of COUNCIL_GOALS the activity supports
    nouns: list[Noun]
    targets: list[str]
    purposes: list[str]  # "att"-clauses without the "att"
    process_area: str | None = None  # slug of a process area its activities often belong to
    # (council goal key, reason): how an activity of this theme may counteract another goal.
    counteracts: tuple[tuple[str, str], ...] = ()


N = Noun

THEMES: list[Theme] = [
    Theme(
        "trafik",
        ("miljo",),
        [
            N("cykelväg", "cykelvägar", "väg för cykeltrafik", "build"),
            N("cykelparkering", "cykelparkeringar", "parkering för cyklar", "build"),
            N(
                "gång- och cykelbro",
                "gång- och cykelbroar",
                "bro för gående och cyklister",
                "build",
            ),
            N("busshållplats", "busshållplatser", "hållplats för bussar", "build"),
            N("pendlarparkering", "pendlarparkeringar", "parkering för pendlare", "build"),
            N("skolväg", "skolvägar", "väg till skolan", "build"),
            N("laddstolpe", "laddstolpar", "stolpe för laddning av elbilar", "build"),
            N("laddinfrastruktur", "laddinfrastruktur", "infrastruktur för laddning", "build"),
            N("cykelpool", "cykelpooler", "pool av lånecyklar", "offer"),
            N("gångstråk", "gångstråk", "stråk för fotgängare", "build"),
            N("hastighetsdämpning", "hastighetsdämpningar", "åtgärd som sänker farten", "build"),
            N("vintercykling", "vintercykling", "cykling under vintern", "develop"),
            N("resvaneundersökning", "resvaneundersökningar", "undersökning av resvanor", "survey"),
            N("bilpool", "bilpooler", "pool av delade bilar", "offer"),
        ],
        ["skolbarn", "pendlare", "cyklister", "äldre fotgängare", "boende", "besökare"],
        [
            "fler ska välja cykeln till arbete och skola",
            "minska biltrafiken i centrala Växjö",
            "göra skolvägarna säkrare för barn",
            "korta restiderna med kollektivtrafik",
            "minska utsläppen från transporter",
        ],
        None,
        (("kultur", "Ombyggnaden tar yta från en mötesplats"),),
    ),
    Theme(
        "energi",
        ("miljo",),
        [
            N(
                "energieffektivisering",
                "energieffektiviseringar",
                "effektivare användning av energi",
                "develop",
            ),
            N("solcellsanläggning", "solcellsanläggningar", "anläggning för solceller", "build"),
            N("LED-belysning", "LED-belysning", "belysning med lysdioder", "build"),
            N("energikartläggning", "energikartläggningar", "kartläggning av energin", "offer"),
            N(
                "fjärrvärmeanslutning",
                "fjärrvärmeanslutningar",
                "anslutning till fjärrvärme",
                "build",
            ),
            N("klimatbokslut", "klimatbokslut", "bokslut över klimatpåverkan", "develop"),
            N(
                "fossilfri fordonsflotta",
                "fossilfria fordon",
                "fordon utan fossila bränslen",
                "develop",
            ),
            N(
                "energiuppföljning",
                "energiuppföljningar",
                "uppföljning av energianvändning",
                "develop",
            ),
            N("värmeåtervinning", "värmeåtervinning", "återvinning av värme", "build"),
            N(
                "klimatanpassning",
                "klimatanpassningar",
                "anpassning till ett varmare klimat",
                "develop",
            ),
            N("biogasproduktion", "biogasproduktion", "produktion av biogas", "develop"),
            N("tjänsteresa", "tjänsteresor", "resa i tjänsten", "reduce"),
        ],
        ["fastighetsägare", "hyresgäster", "medarbetare", "företag", "verksamheter"],
        [
            "minska energianvändningen i kommunens lokaler",
            "Växjö ska bli fossilbränslefritt",
            "sänka koldioxidutsläppen per invånare",
            "sänka driftkostnaderna över tid",
            "möta ett varmare och blötare klimat",
        ],
        None,
        (("ekonomi", "Investeringen ökar kapitalkostnaderna de närmaste åren"),),
    ),
    Theme(
        "natur",
        ("miljo", "kultur"),
        [
            N("sjörestaurering", "sjörestaureringar", "restaurering av sjöar", "develop"),
            N("dagvattenhantering", "dagvattenhantering", "hantering av dagvatten", "develop"),
            N("våtmark", "våtmarker", "blöt mark som renar vatten", "build"),
            N("naturreservat", "naturreservat", "reservat för naturen", "develop"),
            N("ängsmark", "ängsmarker", "äng för pollinatörer", "build"),
            N("badplats", "badplatser", "plats för bad", "build"),
            N("skyddsvärt träd", "skyddsvärda träd", "träd som behöver skyddas", "survey"),
            N("vattenkvalitet", "vattenkvalitet", "kvaliteten på vattnet", "survey"),
            N("stadsgrönska", "stadsgrönska", "grönt i staden", "develop"),
            N("invasiv art", "invasiva arter", "främmande arter som sprider sig", "reduce"),
            N("naturstig", "naturstigar", "stig genom naturen", "build"),
            N("fågeltorn", "fågeltorn", "torn för fågelskådning", "build"),
        ],
        ["boende", "skolklasser", "friluftsfolk", "besökare", "markägare"],
        [
            "sjöarna ska må bättre",
            "bevara den biologiska mångfalden",
            "fler ska kunna vistas i naturen nära hemmet",
            "minska övergödningen",
            "skydda staden mot skyfall",
        ],
        None,
        (("bygga", "Skyddet begränsar var nya bostäder kan byggas"),),
    ),
    Theme(
        "skola",
        ("barn",),
        [
            N(
                "läsfrämjande insats",
                "läsfrämjande insatser",
                "insats som får fler att läsa",
                "offer",
            ),
            N("språkutveckling", "språkutveckling", "utveckling av språket", "develop"),
            N("elevhälsa", "elevhälsa", "hälsa bland eleverna", "develop"),
            N("skolnärvaro", "skolnärvaro", "närvaro i skolan", "develop"),
            N("studiero", "studiero", "lugn i klassrummet", "develop"),
            N("läxhjälp", "läxhjälp", "hjälp med läxor", "offer"),
            N("simundervisning", "simundervisning", "undervisning i simning", "offer"),
            N(
                "digitalt lärverktyg",
                "digitala lärverktyg",
                "verktyg för digitalt lärande",
                "develop",
            ),
            N("lärarassistent", "lärarassistenter", "assistent till lärarna", "offer"),
            N("matematiklyft", "matematiklyft", "lyft för matematiken", "develop"),
            N("lovskola", "lovskolor", "skola under loven", "offer"),
            N(
                "studie- och yrkesvägledning",
                "studie- och yrkesvägledning",
                "vägledning om studier och yrken",
                "develop",
            ),
            N("skolfrånvaro", "skolfrånvaro", "frånvaro från skolan", "reduce"),
            N("betygsanalys", "betygsanalyser", "analys av betygen", "survey"),
            N(
                "nyanländas lärande",
                "nyanländas lärande",
                "lärandet hos nyanlända elever",
                "develop",
            ),
        ],
        [
            "elever i årskurs 7–9",
            "elever i lågstadiet",
            "nyanlända elever",
            "gymnasieelever",
            "vårdnadshavare",
            "lärare",
        ],
        [
            "fler ska lämna grundskolan behöriga till gymnasiet",
            "alla elever ska kunna läsa i årskurs 3",
            "minska den långa frånvaron",
            "fler ska ta examen från gymnasiet",
            "utjämna skillnaderna mellan skolorna",
        ],
        None,
        (("ekonomi", "Insatsen kräver fler tjänster än budgeten rymmer"),),
    ),
    Theme(
        "forskola",
        ("barn",),
        [
            N("förskolegård", "förskolegårdar", "gård vid förskolan", "build"),
            N("språkförskola", "språkförskolor", "förskola med fokus på språk", "develop"),
            N("utomhuspedagogik", "utomhuspedagogik", "pedagogik i naturen", "develop"),
            N("barngrupp", "barngrupper", "grupp av barn", "reduce"),
            N("föräldramöte", "föräldramöten", "möte med föräldrar", "develop"),
            N("kvällsomsorg", "kvällsomsorg", "omsorg på kvällar och helger", "offer"),
            N("förskoleplats", "förskoleplatser", "plats i förskolan", "offer"),
            N("inskolning", "inskolningar", "start i förskolan", "develop"),
            N(
                "matsvinn i förskolan",
                "matsvinn i förskolorna",
                "mat som slängs i förskolan",
                "reduce",
            ),
        ],
        ["barn i förskolan", "föräldrar", "förskollärare", "barnskötare", "flerspråkiga familjer"],
        [
            "barnen ska få en god start på lärandet",
            "fler barn ska gå i förskolan",
            "minska barngruppernas storlek",
            "stärka barnens språk inför skolstarten",
        ],
    ),
    Theme(
        "omsorg",
        ("omsorg",),
        [
            N("hemtjänstplanering", "hemtjänstplanering", "planering av hemtjänsten", "develop"),
            N("välfärdsteknik", "välfärdsteknik", "teknik för vård och omsorg", "offer"),
            N("digital tillsyn", "digital tillsyn", "tillsyn med kamera på natten", "offer"),
            N("trygghetslarm", "trygghetslarm", "larm för trygghet i hemmet", "offer"),
            N("fallprevention", "fallprevention", "förebyggande av fallolyckor", "develop"),
            N("demensvård", "demensvård", "vård av personer med demens", "develop"),
            N("måltidsmiljö", "måltidsmiljöer", "miljö vid måltiderna", "develop"),
            N("anhörigstöd", "anhörigstöd", "stöd till anhöriga", "offer"),
            N("korttidsplats", "korttidsplatser", "plats på korttidsboende", "offer"),
            N("läkemedelsgenomgång", "läkemedelsgenomgångar", "genomgång av läkemedel", "offer"),
            N("social samvaro", "social samvaro", "umgänge med andra", "offer"),
            N(
                "rehabilitering i hemmet",
                "rehabilitering i hemmet",
                "träning i det egna hemmet",
                "offer",
            ),
            N(
                "ensamhet bland äldre",
                "ensamhet bland äldre",
                "äldre som känner sig ensamma",
                "reduce",
            ),
            N(
                "personalkontinuitet",
                "personalkontinuitet",
                "samma personal hos brukaren",
                "develop",
            ),
        ],
        [
            "äldre med hemtjänst",
            "boende på särskilt boende",
            "anhöriga",
            "personer med demens",
            "undersköterskor",
        ],
        [
            "fler äldre ska kunna bo kvar hemma",
            "minska antalet olika personal hos varje brukare",
            "äldre ska känna sig trygga och delaktiga",
            "minska undernäring och fallskador",
        ],
        None,
        (("ekonomi", "Satsningen ökar kostnaderna för nämnden"),),
    ),
    Theme(
        "social",
        ("omsorg", "trygghet"),
        [
            N(
                "föräldrastödsprogram",
                "föräldrastödsprogram",
                "program för stöd till föräldrar",
                "offer",
            ),
            N("tidig insats", "tidiga insatser", "insats i ett tidigt skede", "develop"),
            N("missbruksvård", "missbruksvård", "vård vid missbruk", "develop"),
            N("hemlöshet", "hemlöshet", "personer utan egen bostad", "reduce"),
            N(
                "våld i nära relationer",
                "våld i nära relationer",
                "våld mellan närstående",
                "reduce",
            ),
            N(
                "budget- och skuldrådgivning",
                "budget- och skuldrådgivning",
                "råd om ekonomi och skulder",
                "offer",
            ),
            N("fältarbete", "fältarbete", "arbete ute bland unga", "develop"),
            N("familjecentral", "familjecentraler", "central för stöd till familjer", "build"),
            N("kontaktfamilj", "kontaktfamiljer", "familj som ger avlastning", "offer"),
            N("orosanmälan", "orosanmälningar", "anmälan om oro för ett barn", "survey"),
            N("boendestöd", "boendestöd", "stöd i det egna boendet", "offer"),
            N("daglig verksamhet", "daglig verksamhet", "sysselsättning varje dag", "develop"),
            N("personlig assistans", "personlig assistans", "assistans till enskilda", "develop"),
        ],
        [
            "barn och unga",
            "familjer",
            "ensamstående föräldrar",
            "personer med funktionsnedsättning",
            "unga vuxna",
            "personer i missbruk",
        ],
        [
            "barn och familjer ska få stöd i tid",
            "fler ska kunna leva ett självständigt liv",
            "minska behovet av placeringar",
            "bryta utanförskap",
        ],
    ),
    Theme(
        "arbete",
        ("arbete",),
        [
            N("feriejobb", "feriejobb", "sommarjobb för unga", "offer"),
            N("språkpraktik", "språkpraktik", "praktik med svenskträning", "offer"),
            N("arbetsträning", "arbetsträning", "träning i arbetslivet", "offer"),
            N("yrkesutbildning", "yrkesutbildningar", "utbildning till ett yrke", "offer"),
            N(
                "matchning mot bristyrken",
                "matchning mot bristyrken",
                "koppling till yrken där det saknas folk",
                "develop",
            ),
            N("extratjänst", "extratjänster", "anställning med stöd", "offer"),
            N("studiecoachning", "studiecoachning", "coachning under studierna", "offer"),
            N(
                "vägledning till egen försörjning",
                "vägledning till egen försörjning",
                "stöd att klara sig på egen lön",
                "develop",
            ),
            N("validering", "valideringar", "bedömning av tidigare kunskaper", "offer"),
            N("lärlingsplats", "lärlingsplatser", "plats som lärling", "offer"),
        ],
        [
            "långtidsarbetslösa",
            "nyanlända",
            "unga vuxna utan arbete",
            "personer med ekonomiskt bistånd",
            "utrikes födda kvinnor",
        ],
        [
            "fler ska gå från bidrag till egen försörjning",
            "korta tiden i arbetslöshet",
            "möta arbetsgivarnas behov av arbetskraft",
            "fler unga ska få sitt första jobb",
        ],
    ),
    Theme(
        "naringsliv",
        ("arbete",),
        [
            N("företagslots", "företagslotsar", "lots för företag", "develop"),
            N("företagsbesök", "företagsbesök", "besök hos företag", "develop"),
            N(
                "etableringsservice",
                "etableringsservice",
                "service till företag som vill etablera sig",
                "offer",
            ),
            N(
                "nyföretagarrådgivning",
                "nyföretagarrådgivning",
                "råd till den som startar företag",
                "offer",
            ),
            N("inkubatorprogram", "inkubatorprogram", "program för unga bolag", "offer"),
            N("besöksnäring", "besöksnäring", "turism och besökare", "develop"),
            N(
                "handläggningstid för bygglov",
                "handläggningstider för bygglov",
                "tiden det tar att få bygglov",
                "reduce",
            ),
            N("mark för verksamheter", "mark för verksamheter", "tomter för företag", "offer"),
            N("näringslivsdialog", "näringslivsdialoger", "dialog med näringslivet", "develop"),
        ],
        ["småföretagare", "nya företag", "handlare i stadskärnan", "besökare", "exportföretag"],
        [
            "fler företag ska vilja etablera sig och växa i Växjö",
            "förbättra företagsklimatet",
            "skapa fler arbetstillfällen",
            "stärka stadskärnans handel",
        ],
        None,
        (("miljo", "Fler evenemang och transporter ökar utsläppen"),),
    ),
    Theme(
        "bostad",
        ("bygga",),
        [
            N("hyresrätt", "hyresrätter", "lägenhet att hyra", "build"),
            N("detaljplan", "detaljplaner", "plan för bebyggelse", "develop"),
            N("bostadsanpassning", "bostadsanpassningar", "anpassning av bostäder", "offer"),
            N("trygghetsboende", "trygghetsboenden", "boende med trygghet för äldre", "build"),
            N("gårdsmiljö", "gårdsmiljöer", "miljön på gården", "build"),
            N("tomtkö", "tomtköer", "kö till tomter", "develop"),
            N("planberedskap", "planberedskap", "beredskap med färdiga planer", "develop"),
            N("studentbostad", "studentbostäder", "bostad för studenter", "build"),
            N("stambyte", "stambyten", "byte av stammar", "develop"),
            N("områdesförnyelse", "områdesförnyelse", "förnyelse av bostadsområden", "develop"),
            N(
                "bostadssocialt kontrakt",
                "bostadssociala kontrakt",
                "kontrakt för den som saknar bostad",
                "offer",
            ),
            N("markanvisning", "markanvisningar", "anvisning av mark till byggherrar", "develop"),
        ],
        ["hyresgäster", "studenter", "äldre", "barnfamiljer", "byggherrar", "bostadssökande"],
        [
            "bygga minst 1 000 nya bostäder per år",
            "fler ska ha råd med en bra bostad",
            "skapa trygga och blandade bostadsområden",
            "korta bostadskön",
        ],
        None,
        (("miljo", "Nya bostäder tar naturmark i anspråk"),),
    ),
    Theme(
        "kultur",
        ("kultur",),
        [
            N(
                "meröppet bibliotek",
                "meröppna bibliotek",
                "bibliotek med längre öppettider",
                "offer",
            ),
            N("kulturskola", "kulturskolor", "skola för kultur och musik", "offer"),
            N("lovaktivitet", "lovaktiviteter", "aktivitet under loven", "offer"),
            N("spontanidrottsplats", "spontanidrottsplatser", "plats för spontan idrott", "build"),
            N("föreningsstöd", "föreningsstöd", "stöd till föreningar", "develop"),
            N("fritidsgård", "fritidsgårdar", "gård för fritid", "offer"),
            N("offentlig konst", "offentlig konst", "konst i det offentliga rummet", "develop"),
            N("evenemang", "evenemang", "större arrangemang", "develop"),
            N("skolbibliotek", "skolbibliotek", "bibliotek i skolan", "develop"),
            N("idrottshall", "idrottshallar", "hall för idrott", "build"),
            N("simhall", "simhallar", "hall för simning", "build"),
            N("kulturarv", "kulturarv", "arv av kultur och historia", "develop"),
            N("utomhusgym", "utomhusgym", "gym utomhus", "build"),
        ],
        ["barn och unga", "seniorer", "föreningar", "unga i förorten", "familjer", "besökare"],
        [
            "alla ska kunna ta del av kultur och fritid",
            "fler barn ska röra sig varje dag",
            "stärka föreningslivet",
            "ge unga meningsfulla fritidsaktiviteter",
        ],
        None,
        (("ekonomi", "Driften kostar mer än det ramen tillåter"),),
    ),
    Theme(
        "trygghet",
        ("trygghet",),
        [
            N("trygghetsvandring", "trygghetsvandringar", "vandring för ökad trygghet", "offer"),
            N("kameraövervakning", "kameraövervakning", "övervakning med kameror", "offer"),
            N("belysning", "belysning", "ljus på gator och stråk", "build"),
            N(
                "brottsförebyggande arbete",
                "brottsförebyggande arbete",
                "arbete för att förebygga brott",
                "develop",
            ),
            N(
                "ANDT-prevention",
                "ANDT-prevention",
                "förebyggande av alkohol, narkotika och tobak",
                "develop",
            ),
            N("suicidprevention", "suicidprevention", "förebyggande av självmord", "develop"),
            N("krisberedskap", "krisberedskap", "beredskap för kriser", "develop"),
            N("brandskydd", "brandskydd", "skydd mot brand", "develop"),
            N("nattvandring", "nattvandringar", "vuxna som vandrar på kvällar", "offer"),
            N("klotter", "klotter", "skadegörelse med färg", "reduce"),
            N(
                "fysisk aktivitet på recept",
                "fysisk aktivitet på recept",
                "träning som ordineras",
                "offer",
            ),
            N("folkhälsoenkät", "folkhälsoenkäter", "enkät om folkhälsan", "survey"),
        ],
        ["boende", "unga", "föräldrar", "fastighetsägare", "handlare", "äldre"],
        [
            "fler ska känna sig trygga i sitt område",
            "minska brottsligheten",
            "förbättra folkhälsan",
            "stå väl rustade vid en kris",
        ],
        None,
        (("kultur", "Övervakningen gör platsen mindre välkomnande"),),
    ),
    Theme(
        "hr",
        ("arbetsgivare",),
        [
            N(
                "ledarutvecklingsprogram",
                "ledarutvecklingsprogram",
                "program för utveckling av ledare",
                "offer",
            ),
            N(
                "kompetensförsörjningsplan",
                "kompetensförsörjningsplaner",
                "plan för kompetensförsörjning",
                "develop",
            ),
            N("rekryteringsprocess", "rekryteringsprocesser", "process för rekrytering", "develop"),
            N(
                "medarbetarundersökning",
                "medarbetarundersökningar",
                "undersökning bland medarbetarna",
                "develop",
            ),
            N("friskvårdsbidrag", "friskvårdsbidrag", "bidrag till friskvård", "offer"),
            N("arbetsmiljöarbete", "arbetsmiljöarbete", "arbete med arbetsmiljön", "develop"),
            N(
                "introduktionsprogram",
                "introduktionsprogram",
                "program för introduktion av nyanställda",
                "offer",
            ),
            N("heltidsarbete", "heltidsarbete", "arbete på heltid", "develop"),
            N("sjukfrånvaro", "sjukfrånvaro", "frånvaro på grund av sjukdom", "reduce"),
            N("traineeprogram", "traineeprogram", "program för traineer", "offer"),
            N("lönekartläggning", "lönekartläggningar", "kartläggning av löner", "develop"),
            N("chefsstöd", "chefsstöd", "stöd till chefer", "offer"),
            N(
                "successionsplanering",
                "successionsplanering",
                "planering av efterträdare",
                "develop",
            ),
            N("mentorprogram", "mentorprogram", "program med mentorer", "offer"),
            N("employer branding", "employer branding", "arbetsgivarens varumärke", "develop"),
            N("avgångssamtal", "avgångssamtal", "samtal när någon slutar", "develop"),
        ],
        [
            "chefer",
            "nyanställda",
            "medarbetare",
            "undersköterskor",
            "lärare",
            "sjuksköterskor",
            "ingenjörer",
        ],
        [
            "koncernen ska vara en attraktiv arbetsgivare",
            "behålla och utveckla medarbetarna",
            "klara behovet av medarbetare i bristyrken",
            "minska personalomsättningen",
            "ge cheferna bättre förutsättningar",
        ],
        "hr",
        (("ekonomi", "Programmet tar tid och pengar från kärnverksamheten"),),
    ),
    Theme(
        "kommunikation",
        ("service", "arbetsgivare"),
        [
            N("webbplats", "webbplatser", "plats på webben", "develop"),
            N("intranät", "intranät", "internt nät för medarbetare", "develop"),
            N("klarspråk", "klarspråk", "begripligt språk i texter", "develop"),
            N("invånardialog", "invånardialoger", "dialog med invånarna", "develop"),
            N(
                "kanal i sociala medier",
                "kanaler i sociala medier",
                "närvaro på sociala medier",
                "develop",
            ),
            N("nyhetsbrev", "nyhetsbrev", "brev med nyheter", "develop"),
            N(
                "varumärkesplattform",
                "varumärkesplattformar",
                "plattform för varumärket",
                "develop",
            ),
            N("kriskommunikation", "kriskommunikation", "kommunikation under kriser", "develop"),
            N("kampanj", "kampanjer", "riktad informationsinsats", "develop"),
            N(
                "informationsmaterial",
                "informationsmaterial",
                "material med information",
                "develop",
            ),
            N(
                "medborgarundersökning",
                "medborgarundersökningar",
                "undersökning bland invånarna",
                "survey",
            ),
        ],
        ["invånare", "medarbetare", "nya Växjöbor", "företag", "studenter", "föreningar"],
        [
            "invånarna ska möta en samlad och begriplig kommun",
            "medarbetarna ska få samma bild av riktning och mål",
            "stärka Växjö som plats att bo och verka i",
            "fler ska delta i kommunens dialoger",
        ],
        "kommunikation",
    ),
    Theme(
        "ekonomi",
        ("ekonomi",),
        [
            N("internkontroll", "internkontroller", "kontroll av de interna rutinerna", "develop"),
            N("budgetprocess", "budgetprocesser", "process för budgeten", "develop"),
            N("ramavtal", "ramavtal", "avtal för inköp", "develop"),
            N(
                "lokaleffektivisering",
                "lokaleffektiviseringar",
                "effektivare användning av lokaler",
                "develop",
            ),
            N("e-faktura", "e-fakturor", "faktura i elektronisk form", "develop"),
            N("prognosarbete", "prognosarbete", "arbete med prognoser", "develop"),
            N("investeringsplan", "investeringsplaner", "plan för investeringar", "develop"),
            N("inköpsanalys", "inköpsanalyser", "analys av inköpen", "survey"),
            N("avtalstrohet", "avtalstrohet", "köp enligt avtalen", "develop"),
            N(
                "resursfördelningsmodell",
                "resursfördelningsmodeller",
                "modell för fördelning av resurser",
                "develop",
            ),
            N("kostnad per brukare", "kostnader per brukare", "vad varje brukare kostar", "survey"),
        ],
        ["chefer", "controllers", "beställare", "nämnder", "leverantörer"],
        [
            "koncernen ska hushålla väl med resurserna",
            "nå ett resultat på minst två procent av skatteintäkterna",
            "sänka kostnaderna utan att försämra kvaliteten",
            "ge politiken bättre underlag",
        ],
        "ekonomi",
        (
            ("omsorg", "Besparingen minskar personaltätheten"),
            ("kultur", "Höjda avgifter minskar deltagandet"),
        ),
    ),
    Theme(
        "digital",
        ("service",),
        [
            N("e-tjänst", "e-tjänster", "tjänst på nätet", "develop"),
            N(
                "automatiserad handläggning",
                "automatiserad handläggning",
                "handläggning med robotar",
                "develop",
            ),
            N("digital signering", "digital signering", "underskrift på nätet", "develop"),
            N(
                "informationssäkerhet",
                "informationssäkerhet",
                "säkerhet för informationen",
                "develop",
            ),
            N("öppna data", "öppna data", "data som alla får använda", "develop"),
            N(
                "bredband på landsbygden",
                "bredband på landsbygden",
                "snabbt internet utanför staden",
                "build",
            ),
            N("kontaktcenter", "kontaktcenter", "center för kontakt med invånare", "develop"),
            N("digital kompetens", "digital kompetens", "kunskap om digitala verktyg", "develop"),
            N("AI-assistent", "AI-assistenter", "assistent med artificiell intelligens", "develop"),
            N(
                "ärendehanteringssystem",
                "ärendehanteringssystem",
                "system för att hantera ärenden",
                "develop",
            ),
            N(
                "digital delaktighet",
                "digital delaktighet",
                "att alla kan använda digitala tjänster",
                "develop",
            ),
        ],
        ["invånare", "handläggare", "äldre", "företag", "medarbetare"],
        [
            "invånarna ska kunna sköta sina ärenden när det passar dem",
            "frigöra tid för kärnverksamheten",
            "korta handläggningstiderna",
            "ingen ska lämnas utanför det digitala samhället",
        ],
        None,
        (("omsorg", "Digitala kanaler ersätter personlig kontakt för äldre"),),
    ),
    Theme(
        "maltider",
        ("miljo", "omsorg"),
        [
            N("matsvinn", "matsvinn", "mat som slängs", "reduce"),
            N("ekologisk mat", "ekologisk mat", "livsmedel odlade ekologiskt", "develop"),
            N(
                "lokalproducerat livsmedel",
                "lokalproducerade livsmedel",
                "mat från gårdar i länet",
                "develop",
            ),
            N("skolmåltid", "skolmåltider", "lunch i skolan", "develop"),
            N("vegetarisk dag", "vegetariska dagar", "dag utan kött", "offer"),
            N("tillagningskök", "tillagningskök", "kök där maten lagas", "build"),
            N("engångsplast", "engångsplast", "plast som används en gång", "reduce"),
            N("matgäst", "matgäster", "den som äter maten", "survey"),
        ],
        ["elever", "äldre på boenden", "kockar", "måltidspersonal", "leverantörer"],
        [
            "minska klimatpåverkan från måltiderna",
            "fler ska äta skollunchen",
            "ge äldre god och näringsrik mat",
        ],
        None,
        (("ekonomi", "Ekologisk mat höjer livsmedelskostnaderna"),),
    ),
]

THEME_BY_KEY = {theme.key: theme for theme in THEMES}

# Where activities happen: Växjö's districts, villages and places, as a phrase.
DISTRICTS = [
    "Teleborg",
    "Araby",
    "Dalbo",
    "Hovshaga",
    "Högstorp",
    "Bergunda",
    "Sandsbro",
    "Evedal",
    "Räppe",
    "Braås",
    "Lammhult",
    "Rottne",
    "Ingelstad",
    "Gemla",
    "Åryd",
    "Kalvsvik",
    "Tävelsås",
    "Öjaby",
    "Vikaholm",
    "Bäckaslöv",
    "Sjöliden",
    "Nylanda",
    "Värendsvallen",
    "Furuby",
    "Nöbbele",
    "Uråsa",
    "Vederslöv",
    "Sjöbacken",
]
ON_DISTRICTS = ["Öster", "Väster", "Söder", "Norr"]  # "på Öster"
SITES = [
    "vid Trummen",
    "vid Växjösjön",
    "vid Helgasjön",
    "vid Södra Bergundasjön",
    "längs Norrleden",
    "längs Storgatan",
    "längs Linnégatan",
    "vid Resecentrum",
    "i Linnéparken",
    "i Strandbjörket",
    "vid Arenastaden",
    "vid Kronobergs slottsruin",
    "i stadskärnan",
    "vid Biblioteket i Araby",
    "vid Pilbäcksskolan",
    "vid Hovshagaskolan",
    "vid Teleborgsskolan",
    "vid Katedralskolan",
    "vid Kungsmadskolan",
    "vid Evedals brunn",
    "vid Linnéuniversitetet",
    "vid Östrabo",
    "i Kampen",
    "vid Fylleryd",
]
WIDE_PLACES = [
    "i hela kommunen",
    "i kommunens mindre orter",
    "i ytterområdena",
    "i centrala Växjö",
    "på landsbygden",
    "i alla stadsdelar",
    "i stadsdelarna på Öster",
]

# Named places of the kinds every district has, made by joining a name and a kind ("vid
# Lindhultsskolan", "längs Björkbyvägen"): a large group's plans name thousands of schools, parks,
# streets and homes, so two units seldom write about the same thing in the same place unless it
# is the same work. A name has two parts, as Swedish place names do (60 × 16 names): the overlap
# analyser reads "Holmbadet" as the place Holm and the word bad, so a one-part name would make
# every Holm- place one place.
NAME_HEADS = [
    "Björk", "Lind", "Ek", "Gran", "Tall", "Asp", "Al", "Hassel", "Rönn", "Lönn", "Ask", "Sälg",
    "Sol", "Ängs", "Berg", "Dal", "Sjö", "Strand", "Skogs", "Hag", "Kvarn", "Mölle", "Kyrk",
    "Bruks", "Hammar", "Näs", "Udd", "Holm", "Vik", "Ros", "Lilje", "Svan", "Tran", "Kron",
    "Slotts", "Präst", "Klock", "Smedje", "Tegel", "Sten", "Hälle", "Mos", "Kärr", "Bäck", "Hed",
    "Ljung", "Fur", "Ene", "Sand", "Gull", "Vall", "Fågel", "Falk", "Örn", "Hjort", "Trast",
    "Lärk", "Mejeri", "Torp", "Gärdes",
]  # fmt: skip
NAME_TAILS = [
    "by", "bo", "haga", "sta", "hult", "ryd", "torp", "vik", "näs", "holm", "dal", "berg",
    "lund", "hem", "ås", "mad",
]  # fmt: skip
PLACE_KINDS = [
    ("vid", "skolan"),
    ("på", "förskolan"),
    ("i", "parken"),
    ("längs", "vägen"),
    ("på", "gatan"),
    ("vid", "torget"),
    ("i", "hallen"),
    ("på", "gården"),
    ("i", "området"),
    ("vid", "badet"),
    ("på", "vallen"),
    ("i", "backen"),
]

# Who an activity is carried out with.
PARTNERS = [
    "Region Kronoberg",
    "Linnéuniversitetet",
    "Polisen",
    "Länsstyrelsen i Kronobergs län",
    "Arbetsförmedlingen",
    "Försäkringskassan",
    "föreningslivet",
    "Hyresgästföreningen",
    "näringslivet",
    "civilsamhället",
    "Svenska kyrkan",
    "studieförbunden",
    "Räddningstjänsten",
    "Trafikverket",
    "Länstrafiken Kronoberg",
    "Smålands Musik och Teater",
    "Tillväxtverket",
    "Växjö Citysamverkan",
    "Kronobergs Bildningsförbund",
    "idrottsföreningarna",
    "grannkommunerna i länet",
    "vårdcentralerna",
    "elevråden",
    "pensionärsorganisationerna",
    "funktionsrättsorganisationerna",
    "de fackliga organisationerna",
]

METHODS = [
    "genom workshoppar med berörda",
    "med stöd av en extern konsult",
    "i tre etapper",
    "genom dialog med boende",
    "med hjälp av ett digitalt verktyg",
    "genom en pilot på två arbetsplatser",
    "med en projektledare på halvtid",
    "genom att samla ansvaret hos en samordnare",
    "med medel från ett statsbidrag",
    "genom omprioriteringar inom befintlig budget",
    "med en referensgrupp av användare",
    "genom att lära av andra kommuner",
    "med en tydlig tidplan och milstolpar",
    "genom utbildning av personalen",
    "med ett nätverk av kontaktpersoner",
    "genom återkommande mätningar",
    "med EU-medel från Europeiska socialfonden",
    "genom gemensamma rutiner",
]

FOLLOW_UPS = [
    "Resultatet följs upp varje kvartal.",
    "Effekten mäts i årsredovisningen.",
    "Uppföljning sker i delårsrapporten.",
    "En utvärdering görs efter första året.",
    "Nämnden får en rapport varje halvår.",
    "Arbetet följs upp med nyckeltal från Kolada.",
    "Deltagarna svarar på en enkät före och efter.",
    "Resultaten redovisas för styrelsen.",
]

# Sentences a colleague in another unit adds when writing up the same thing.
ADDED_SENTENCES = [
    "Vi vill gärna samarbeta med andra förvaltningar som gör liknande insatser.",
    "Insatsen bygger på erfarenheter från ett tidigare projekt.",
    "Arbetet har inspirerats av ett liknande projekt i en annan kommun.",
    "En arbetsgrupp med representanter från flera verksamheter leder arbetet.",
    "Erfarenheterna ska spridas till resten av koncernen.",
    "Budgeten omfattar även material och lokalhyra.",
    "Behovet har lyfts i medarbetarsamtalen under året.",
    "Satsningen är ett uppdrag i nämndens verksamhetsplan.",
]

RESPONSIBLE = [
    "Projektledare",
    "Verksamhetschef",
    "Enhetschef",
    "Utvecklingsledare",
    "Rektor",
    "Avdelningschef",
    "Strateg",
    "Samordnare",
    "Controller",
    "HR-specialist",
    "Kommunikatör",
    "Förvaltningschef",
    "Verksamhetsutvecklare",
    "Miljöstrateg",
    "Trafikplanerare",
    "Folkhälsosamordnare",
    "Fastighetsförvaltare",
    "Kostchef",
    "Näringslivsutvecklare",
]

# The council goals: key, title, description, indicators (name, unit of measure, direction).
COUNCIL_GOALS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "arbete",
        "Arbete och företag",
        "Fler ska ha ett arbete att gå till och företagen ska vilja etablera sig och växa här.",
        [
            ("Andel invånare 20–64 år som förvärvsarbetar", "%", "increase"),
            ("Antal nystartade företag per 1 000 invånare", "antal", "increase"),
            ("Andel hushåll med långvarigt ekonomiskt bistånd", "%", "decrease"),
            ("Företagarnas nöjdhet med kommunens service (NKI)", "index", "increase"),
        ],
    ),
    (
        "barn",
        "Barn och utbildning",
        "Alla barn och unga ska få en trygg uppväxt och en utbildning som bär hela livet.",
        [
            ("Andel elever i årskurs 9 som är behöriga till gymnasiet", "%", "increase"),
            ("Andel gymnasieelever med examen inom fyra år", "%", "increase"),
            ("Andel elever med hög frånvaro", "%", "decrease"),
            ("Antal barn per förskollärare", "antal", "decrease"),
        ],
    ),
    (
        "bygga",
        "Bygga och bo",
        "Kommunen ska växa hållbart med bostäder för alla och trygga bostadsområden.",
        [
            ("Antal färdigställda bostäder", "antal", "increase"),
            ("Antal bostäder i antagna detaljplaner", "antal", "increase"),
            ("Genomsnittlig kötid till hyresrätt", "månader", "decrease"),
        ],
    ),
    (
        "miljo",
        "Miljö, energi och trafik",
        "Kommunen ska vara fossilbränslefri, och fler ska gå, cykla och åka kollektivt.",
        [
            ("Utsläpp av växthusgaser per invånare", "ton CO2e", "decrease"),
            ("Andel resor med cykel, till fots eller kollektivt", "%", "increase"),
            ("Energianvändning i kommunens lokaler", "kWh/m²", "decrease"),
            ("Andel sjöar med god ekologisk status", "%", "increase"),
        ],
    ),
    (
        "omsorg",
        "Stöd och omsorg",
        "Den som behöver stöd och omsorg ska få det med god kvalitet och i tid.",
        [
            ("Antal personal som en brukare möter under 14 dagar", "antal", "decrease"),
            ("Andel nöjda brukare i äldreomsorgen", "%", "increase"),
            ("Väntetid till särskilt boende", "dagar", "decrease"),
        ],
    ),
    (
        "kultur",
        "Kultur och fritid",
        "Ett rikt och tillgängligt kultur- och fritidsliv för alla.",
        [
            ("Antal besök på biblioteken per invånare", "antal", "increase"),
            ("Andel barn som deltar i föreningsaktiviteter", "%", "increase"),
            ("Antal elever i kulturskolan", "antal", "increase"),
        ],
    ),
    (
        "trygghet",
        "Trygghet och folkhälsa",
        "Invånarna ska känna sig trygga och ha goda förutsättningar för en god hälsa.",
        [
            ("Andel invånare som känner sig trygga utomhus på kvällen", "%", "increase"),
            ("Antal anmälda brott per 1 000 invånare", "antal", "decrease"),
            ("Andel unga som röker eller snusar", "%", "decrease"),
        ],
    ),
    (
        "arbetsgivare",
        "Attraktiv arbetsgivare",
        "Koncernen ska attrahera, behålla och utveckla engagerade medarbetare.",
        [
            ("Hållbart medarbetarengagemang (HME)", "index", "increase"),
            ("Sjukfrånvaro bland medarbetarna", "%", "decrease"),
            ("Andel medarbetare som arbetar heltid", "%", "increase"),
            ("Personalomsättning", "%", "decrease"),
        ],
    ),
    (
        "ekonomi",
        "God ekonomisk hushållning",
        "Resurserna ska användas effektivt och resultatet ska räcka för framtidens behov.",
        [
            ("Resultat i procent av skatteintäkter", "%", "increase"),
            ("Soliditet inklusive pensionsförpliktelser", "%", "increase"),
            ("Avtalstrohet vid inköp", "%", "increase"),
        ],
    ),
    (
        "service",
        "Digital och tillgänglig service",
        "Invånare och företag ska få snabb, enkel och begriplig service när de behöver den.",
        [
            ("Andel ärenden som startas digitalt", "%", "increase"),
            ("Andel som får svar på e-post inom en dag", "%", "increase"),
            ("Handläggningstid för bygglov", "veckor", "decrease"),
        ],
    ),
]

# How a unit goal under each council goal starts; the generator adds whom or where it is for.
UNIT_GOAL_OPENINGS: dict[str, list[str]] = {
    "arbete": [
        "Fler ska gå från bidrag till arbete",
        "Kortare väg till första jobbet",
        "Bättre service till företagen",
        "Fler nystartade företag",
        "Fler i arbete bland utrikes födda",
        "Fler lärlingsplatser och praktikplatser",
    ],
    "barn": [
        "Fler behöriga elever",
        "Ökad närvaro i skolan",
        "Bättre läsförmåga",
        "Trygg och stimulerande förskola",
        "Fler elever når målen i matematik",
        "God hälsa bland barn och unga",
    ],
    "bygga": [
        "Fler bostäder",
        "Snabbare planprocess",
        "Trygga och attraktiva bostadsområden",
        "Fler bostäder för äldre",
        "Levande stadskärna",
    ],
    "miljo": [
        "Minskad energianvändning",
        "Fossilfria transporter",
        "Fler resor med cykel och kollektivtrafik",
        "Renare sjöar",
        "Minskat matsvinn",
        "Rikare biologisk mångfald",
    ],
    "omsorg": [
        "Färre personal hos varje brukare",
        "Fler äldre kan bo kvar hemma",
        "Tidigt stöd till barn och familjer",
        "Mer självständigt liv för personer med funktionsnedsättning",
        "God och säker vård i hemmet",
    ],
    "kultur": [
        "Fler barn i föreningslivet",
        "Tillgänglig kultur för alla",
        "Fler besök på biblioteken",
        "Meningsfull fritid för unga",
    ],
    "trygghet": [
        "Ökad trygghet i stadsdelarna",
        "Färre brott",
        "Bättre folkhälsa",
        "Stärkt krisberedskap",
    ],
    "arbetsgivare": [
        "Fler medarbetare på heltid",
        "Lägre sjukfrånvaro",
        "Bättre förutsättningar för chefer",
        "Tryggad kompetensförsörjning",
        "Högre medarbetarengagemang",
    ],
    "ekonomi": [
        "Budget i balans",
        "Effektivare lokalanvändning",
        "Högre avtalstrohet",
        "Lägre kostnad per brukare",
    ],
    "service": [
        "Fler ärenden digitalt",
        "Kortare handläggningstider",
        "Begriplig information",
        "Snabbare svar till invånarna",
    ],
}
GOAL_SCOPES = [
    "i hela verksamheten",
    "i ytterområdena",
    "för barn och unga",
    "för äldre",
    "för nyanlända",
    "i våra lokaler",
    "bland våra medarbetare",
    "i samverkan med bolagen",
    "på landsbygden",
    "i stadskärnan",
]

# Administrations: (domain, name, short name, board). The domain chooses the themes.
ADMINISTRATIONS: list[tuple[str, str, str, str]] = [
    ("ledning", "Förvaltning för kommunledning", "Kommunledning", "Kommunstyrelsen"),
    (
        "skola",
        "Förvaltning för förskola och grundskola",
        "Förskola och grundskola",
        "Nämnden för förskola och grundskola",
    ),
    (
        "gymnasium",
        "Förvaltning för gymnasie- och vuxenutbildning",
        "Gymnasium och vux",
        "Gymnasie- och vuxenutbildningsnämnden",
    ),
    ("omsorg", "Förvaltning för äldreomsorg", "Äldreomsorg", "Äldrenämnden"),
    ("social", "Förvaltning för funktionsstöd", "Funktionsstöd", "Funktionsstödsnämnden"),
    ("social", "Förvaltning för individ och familj", "Individ och familj", "Socialnämnden"),
    (
        "arbete",
        "Förvaltning för arbetsmarknad och integration",
        "Arbetsmarknad",
        "Arbetsmarknadsnämnden",
    ),
    ("kultur", "Förvaltning för kultur och bibliotek", "Kultur", "Kulturnämnden"),
    (
        "kultur",
        "Förvaltning för idrott och fritid",
        "Idrott och fritid",
        "Idrotts- och fritidsnämnden",
    ),
    ("teknik", "Förvaltning för gata och trafik", "Gata och trafik", "Trafiknämnden"),
    ("natur", "Förvaltning för park och natur", "Park och natur", "Tekniska nämnden"),
    ("bygga", "Förvaltning för stadsbyggnad", "Stadsbyggnad", "Byggnadsnämnden"),
    (
        "natur",
        "Förvaltning för miljö och hälsoskydd",
        "Miljö och hälsa",
        "Miljö- och hälsoskyddsnämnden",
    ),
    ("service", "Förvaltning för service och måltider", "Service och måltider", "Servicenämnden"),
    ("digital", "Förvaltning för digitalisering och IT", "Digitalisering", "Kommunstyrelsen"),
    ("naringsliv", "Förvaltning för näringsliv och tillväxt", "Näringsliv", "Kommunstyrelsen"),
    (
        "trygghet",
        "Förvaltning för räddningstjänst och säkerhet",
        "Räddning och säkerhet",
        "Räddningsnämnden",
    ),
    ("stadsdel", "Stadsdelsförvaltning Teleborg", "Sdf Teleborg", "Stadsdelsnämnd Teleborg"),
    ("stadsdel", "Stadsdelsförvaltning Araby", "Sdf Araby", "Stadsdelsnämnd Araby"),
    ("stadsdel", "Stadsdelsförvaltning Öster", "Sdf Öster", "Stadsdelsnämnd Öster"),
    ("stadsdel", "Stadsdelsförvaltning Norr", "Sdf Norr", "Stadsdelsnämnd Norr"),
    ("stadsdel", "Stadsdelsförvaltning Väster", "Sdf Väster", "Stadsdelsnämnd Väster"),
    ("stadsdel", "Stadsdelsförvaltning Söder", "Sdf Söder", "Stadsdelsnämnd Söder"),
    (
        "stadsdel",
        "Stadsdelsförvaltning Sandsbro och Braås",
        "Sdf Sandsbro",
        "Stadsdelsnämnd Sandsbro och Braås",
    ),
    (
        "gymnasium",
        "Förvaltning för kulturskola och fritidshem",
        "Kulturskola",
        "Utbildningsnämnden",
    ),
    ("ledning", "Förvaltning för överförmyndare och juridik", "Juridik", "Överförmyndarnämnden"),
]

# Companies: (domain, name, short name).
PARENT_COMPANY = ("ledning", "Storväxjö Stadshus AB", "Stadshus AB")
COMPANIES: list[tuple[str, str, str]] = [
    ("bostad", "Storväxjö Hyresbostäder AB", "Hyresbostäder"),
    ("bostad", "Storväxjö Studentbostäder AB", "Studentbostäder"),
    ("bostad", "Landsbygdshem i Storväxjö AB", "Landsbygdshem"),
    ("energi", "Storväxjö Kraft och Värme AB", "Kraft och värme"),
    ("digital", "Storväxjö Stadsnät AB", "Stadsnät"),
    ("natur", "Storväxjö Vatten och Avlopp AB", "VA-bolaget"),
    ("fastighet", "Storväxjö Lokalfastigheter AB", "Lokalfastigheter"),
    ("naringsliv", "Storväxjö Science Park AB", "Science park"),
    ("naringsliv", "Destination Storväxjö AB", "Destination"),
    ("kultur", "Storväxjö Arenor AB", "Arenorna"),
    ("teknik", "Storväxjö Parkering AB", "Parkering"),
    ("energi", "Storväxjö Återvinning AB", "Återvinning"),
    ("teknik", "Storväxjö Flygplats AB", "Flygplatsen"),
    ("kultur", "Storväxjö Konserthus AB", "Konserthuset"),
    ("energi", "Storväxjö Biogas AB", "Biogas"),
    ("fastighet", "Storväxjö Exploatering AB", "Exploatering"),
]

# The themes each kind of unit mostly works on.
DOMAIN_THEMES: dict[str, list[str]] = {
    "ledning": ["ekonomi", "kommunikation", "hr", "naringsliv", "trygghet"],
    "skola": ["skola", "forskola", "maltider", "trygghet"],
    "gymnasium": ["skola", "arbete", "kultur"],
    "omsorg": ["omsorg", "maltider", "digital"],
    "social": ["social", "omsorg", "arbete", "trygghet"],
    "arbete": ["arbete", "social", "naringsliv"],
    "kultur": ["kultur", "trygghet", "natur"],
    "teknik": ["trafik", "energi", "trygghet"],
    "natur": ["natur", "energi", "trafik"],
    "bygga": ["bostad", "trafik", "natur", "naringsliv"],
    "service": ["maltider", "energi", "digital", "ekonomi"],
    "digital": ["digital", "kommunikation"],
    "naringsliv": ["naringsliv", "arbete", "kultur"],
    "trygghet": ["trygghet", "social"],
    "stadsdel": ["social", "kultur", "trygghet", "omsorg", "forskola"],
    "bostad": ["bostad", "energi", "trygghet", "social"],
    "energi": ["energi", "trafik", "natur"],
    "fastighet": ["energi", "bostad", "ekonomi"],
    # Departments that serve their whole administration.
    "hr": ["hr"],
    "kommunikation": ["kommunikation", "digital"],
    "ekonomi": ["ekonomi"],
    "it": ["digital"],
}
# Every unit also runs some activities on these: HR, communication, finances, digitalisation and
# energy are where units of a large group duplicate each other most.
CROSS_CUTTING_THEMES = ["hr", "kommunikation", "ekonomi", "digital", "energi"]

# Departments: by domain, (domain of the department, name). Shared ones come after the specific.
DEPARTMENTS: dict[str, list[tuple[str, str]]] = {
    "ledning": [
        ("ekonomi", "Avdelning för ekonomi och finans"),
        ("hr", "Avdelning för HR och arbetsgivarfrågor"),
        ("kommunikation", "Avdelning för kommunikation och marknad"),
        ("ekonomi", "Avdelning för upphandling"),
    ],
    "skola": [
        ("skola", "Avdelning för förskola"),
        ("skola", "Avdelning för grundskola F–6"),
        ("skola", "Avdelning för grundskola 7–9"),
        ("skola", "Avdelning för elevhälsa"),
    ],
    "gymnasium": [
        ("gymnasium", "Avdelning för gymnasieskola"),
        ("arbete", "Avdelning för vuxenutbildning"),
        ("gymnasium", "Avdelning för gymnasiesärskola"),
    ],
    "omsorg": [
        ("omsorg", "Avdelning för hemtjänst"),
        ("omsorg", "Avdelning för särskilt boende"),
        ("omsorg", "Avdelning för hälso- och sjukvård"),
    ],
    "social": [
        ("social", "Avdelning för barn och unga"),
        ("social", "Avdelning för vuxna"),
        ("social", "Avdelning för boendestöd"),
        ("social", "Avdelning för daglig verksamhet"),
    ],
    "arbete": [
        ("arbete", "Avdelning för arbetsmarknadsinsatser"),
        ("arbete", "Avdelning för etablering"),
        ("social", "Avdelning för ekonomiskt bistånd"),
    ],
    "kultur": [
        ("kultur", "Avdelning för bibliotek"),
        ("kultur", "Avdelning för fritidsgårdar"),
        ("kultur", "Avdelning för idrottsanläggningar"),
        ("kultur", "Avdelning för evenemang"),
    ],
    "teknik": [
        ("teknik", "Avdelning för trafikplanering"),
        ("teknik", "Avdelning för drift och underhåll av gator"),
        ("teknik", "Avdelning för parkering"),
    ],
    "natur": [
        ("natur", "Avdelning för naturvård"),
        ("natur", "Avdelning för vatten och sjöar"),
        ("natur", "Avdelning för parker"),
    ],
    "bygga": [
        ("bygga", "Avdelning för detaljplanering"),
        ("bygga", "Avdelning för bygglov"),
        ("bygga", "Avdelning för lantmäteri"),
    ],
    "service": [
        ("service", "Avdelning för måltider"),
        ("service", "Avdelning för lokalvård"),
        ("service", "Avdelning för fordon och transporter"),
    ],
    "digital": [
        ("it", "Avdelning för IT-drift"),
        ("digital", "Avdelning för digital utveckling"),
        ("it", "Avdelning för informationssäkerhet"),
    ],
    "naringsliv": [
        ("naringsliv", "Avdelning för företagsservice"),
        ("naringsliv", "Avdelning för besöksnäring"),
    ],
    "trygghet": [
        ("trygghet", "Avdelning för förebyggande arbete"),
        ("trygghet", "Avdelning för krisberedskap"),
    ],
    "stadsdel": [
        ("social", "Avdelning för social omsorg"),
        ("kultur", "Avdelning för fritid och kultur"),
        ("trygghet", "Avdelning för trygghet och delaktighet"),
    ],
    "bostad": [
        ("bostad", "Avdelning för förvaltning"),
        ("bostad", "Avdelning för kundservice"),
        ("bostad", "Avdelning för nyproduktion"),
    ],
    "energi": [
        ("energi", "Avdelning för produktion"),
        ("energi", "Avdelning för nät och distribution"),
        ("energi", "Avdelning för affärsutveckling"),
    ],
    "fastighet": [
        ("fastighet", "Avdelning för projekt och nybyggnad"),
        ("fastighet", "Avdelning för drift och underhåll"),
    ],
    "shared": [
        ("hr", "Avdelning för HR"),
        ("ekonomi", "Avdelning för ekonomi"),
        ("kommunikation", "Avdelning för kommunikation"),
        ("it", "Avdelning för IT-stöd"),
        ("ledning", "Avdelning för kvalitet och utveckling"),
    ],
}

WITHDRAWAL_REASONS = [
    "Ersatt av en gemensam insats i koncernen.",
    "Finansieringen drogs in i budgeten.",
    "Registrerades två gånger av misstag.",
    "Uppdraget togs tillbaka av nämnden.",
]

# Goal conflicts (goals/conflicts/): the hurt unit's reason is its theme's counteraction, the goal
# it hurts and one of these asks; a decision or a withdrawal gives one of the notes below.
CONFLICT_ASKS = [
    "Vi vill att insatsen samordnas med oss innan den genomförs.",
    "Vi föreslår att insatsen planeras om så att målet inte påverkas.",
    "Vi behöver en gemensam bedömning av vad insatsen kostar vårt mål.",
    "Vi ber om ett möte mellan förvaltningarna innan nästa etapp.",
    "Vi vill att nämnderna väger målen mot varandra.",
]
CONFLICT_RESOLVED_NOTES = [
    "Insatsen har planerats om i samråd mellan enheterna.",
    "Enheterna har kommit överens om en gemensam plan.",
    "Den berörda delen av insatsen har tagits bort.",
]
CONFLICT_ACCEPTED_NOTES = [
    "Insatsen väger tyngre för koncernen just nu; målet följs upp särskilt.",
    "En medveten avvägning i budgeten; enheterna stämmer av igen nästa år.",
    "Nyttan för invånarna är större än påverkan på målet.",
]
CONFLICT_ESCALATED_NOTES = [
    "Frågan gäller två nämnders uppdrag och lyfts till kommunstyrelsen.",
    "Kräver ett beslut om prioritering mellan målen i kommunstyrelsen.",
]
CONFLICT_WITHDRAWAL_REASONS = [
    "Vi missförstod insatsens omfattning.",
    "Frågan löstes i ett möte mellan enheterna.",
    "Insatsen berör inte längre vårt mål efter den nya planen.",
]
