"""The demo goal chain: the sustainability programme's vision, kommunfullmäktige's eight goals
for 2024–2027 and the boards' and companies' goals that break them down.

Goals are keyed by code (the vision, which has none, by its title). Every council goal is served
by some activity, as in a real group; one unit goal is deliberately left without any
(UNCOVERED_GOAL), so the overview and the gaps list have a goal without activity to show.
"""

PERIOD = (2024, 2027)
COUNCIL_OWNER = "kommunledningsforvaltningen"
# The libraries' goal: the library plan is being rewritten, and its activities come with it.
UNCOVERED_GOAL = "6.2"

VISION = {
    "title": "Hållbara Växjö 2030",
    "description": (
        "Kommunens hållbarhetsprogram och vision: Växjö ska vara en hållbar kommun socialt, "
        "ekologiskt och ekonomiskt, med Agenda 2030 som grund. Programmet samlar koncernens "
        "långsiktiga riktning som kommunfullmäktiges mål bryter ned för mandatperioden."
    ),
    "owner": "vaxjo-kommun",
    "period": (2021, 2030),
}

# code, title, description
COUNCIL_GOALS: list[tuple[str, str, str]] = [
    (
        "1",
        "Arbete och företag",
        "Fler Växjöbor ska ha ett arbete att gå till och företagen ska vilja etablera sig och "
        "växa här. Kommunen ska vara en snabb, förutsägbar och serviceinriktad part för "
        "näringslivet, och vägen från bidrag till egen försörjning ska vara kortare.",
    ),
    (
        "2",
        "Barn och utbildning",
        "Alla barn och unga ska få en trygg uppväxt och en utbildning som ger dem möjlighet att "
        "nå sin fulla potential. Fler ska lämna grundskolan behöriga till gymnasiet och fler ska "
        "ta examen, och barns hälsa ska vara en angelägenhet för hela koncernen.",
    ),
    (
        "3",
        "Bygga och bo",
        "Växjö ska växa hållbart med bostäder för alla i hela kommunen, trygga bostadsområden och "
        "en levande stadskärna. Planberedskapen ska räcka för minst 1 000 nya bostäder per år.",
    ),
    (
        "4",
        "Miljö, energi och trafik",
        "Växjö ska vara fossilbränslefritt och ha en energianvändning som minskar. Fler ska resa "
        "med cykel, till fots och med kollektivtrafik, och sjöar och natur ska må bättre.",
    ),
    (
        "5",
        "Stöd och omsorg",
        "Den som behöver stöd och omsorg ska få det med god kvalitet, i tid och utifrån sina egna "
        "behov, så att fler kan leva ett självständigt liv. Barn och familjer ska få tidigt stöd.",
    ),
    (
        "6",
        "Kultur och fritid",
        "Växjö ska ha ett rikt och tillgängligt kultur- och fritidsliv där alla, oavsett bakgrund, "
        "ålder och var i kommunen man bor, kan delta och skapa.",
    ),
    (
        "7",
        "Växjö kommun som arbetsgivare",
        "Koncernen ska vara en attraktiv arbetsgivare med friska och engagerade medarbetare, "
        "chefer med goda förutsättningar att leda och en kompetensförsörjning som klarar "
        "välfärdens behov.",
    ),
    (
        "8",
        "Ekonomi och effektivitet",
        "Koncernen ska ha god ekonomisk hushållning och arbeta effektivt och digitalt. "
        "Resultatet ska ge utrymme för investeringar utan att skuldsättningen ökar för snabbt, "
        "och bolagen ska ge avkastning enligt ägardirektiven.",
    ),
]

# code, title, owner unit slug, description
UNIT_GOALS: list[tuple[str, str, str, str]] = [
    (
        "1.1",
        "Fler går från försörjningsstöd till arbete eller studier",
        "arbete-och-valfard",
        "Andelen hushåll med långvarigt ekonomiskt bistånd ska minska genom arbetsnära insatser.",
    ),
    (
        "1.2",
        "Fler kunskapsintensiva företag startar och växer i Växjö",
        "videum",
        "Inkubatorn och science parken ska ge fler tillväxtföretag som stannar i regionen.",
    ),
    (
        "1.3",
        "Handläggningen av bygglov och tillstånd är snabb och förutsägbar",
        "stadsbyggnadskontoret",
        "Företag och privatpersoner ska få beslut inom lagstadgad tid och veta vad som gäller.",
    ),
    (
        "1.4",
        "Lokala och små företag har goda möjligheter att lämna anbud",
        "kommunledningsforvaltningen",
        "Upphandlingar ska delas upp och utformas så att små och lokala företag kan delta.",
    ),
    (
        "2.1",
        "Fler elever är behöriga till gymnasieskolan",
        "utbildningsforvaltningen",
        "Andelen elever i årskurs 9 som är behöriga till ett yrkesprogram ska öka.",
    ),
    (
        "2.2",
        "Fler elever tar gymnasieexamen inom tre år",
        "utbildningsforvaltningen",
        "Genomströmningen i gymnasieskolan ska öka, särskilt på yrkesprogrammen.",
    ),
    (
        "2.3",
        "Barn och unga har god psykisk och fysisk hälsa",
        "arbete-och-valfard",
        "Förebyggande arbete tillsammans med skola, fritid och föreningsliv ska minska psykisk "
        "ohälsa och ge fler unga en aktiv fritid.",
    ),
    (
        "2.4",
        "Förskolan ger alla barn en trygg och stimulerande start",
        "utbildningsforvaltningen",
        "Mindre barngrupper och fler förskollärare ska ge en förskola av jämn och hög kvalitet.",
    ),
    (
        "3.1",
        "Planberedskap för minst 1 000 nya bostäder per år",
        "stadsbyggnadskontoret",
        "Detaljplaner ska finnas i god tid för varierade upplåtelseformer i stad och landsbygd.",
    ),
    (
        "3.2",
        "Hyresgästerna bor tryggt i välskötta bostadsområden",
        "vaxjobostader",
        "Trygghetsarbete, boinflytande och underhåll ska ge nöjda hyresgäster.",
    ),
    (
        "3.3",
        "Attraktiva hyresbostäder i hela kommunen",
        "vidingehem",
        "Vidingehem ska bygga och förvalta hyresrätter även i kommunens mindre orter.",
    ),
    (
        "3.4",
        "En levande stadskärna och attraktiva offentliga miljöer",
        "tekniska-forvaltningen",
        "Torg, parker och gator i centrum ska vara trygga, gröna och välkomnande.",
    ),
    (
        "4.1",
        "Fler resor sker med cykel, till fots och med kollektivtrafik",
        "tekniska-forvaltningen",
        "Ett sammanhängande cykelvägnät och prioritet för hållbara resor i stadsplaneringen.",
    ),
    (
        "4.2",
        "Fjärrvärme och el produceras helt fossilfritt",
        "vaxjo-energi",
        "Växjö Energi ska fasa ut de sista fossila bränslena, även i reserv- och spetslast.",
    ),
    (
        "4.3",
        "Energianvändningen i bostäder och lokaler minskar",
        "vaxjo-fastighetsforvaltning",
        "Energieffektivisering i kommunens och bolagens fastigheter och hos hyresgästerna.",
    ),
    (
        "4.4",
        "Sjöarna och naturen mår bättre",
        "miljo-och-halsoskyddskontoret",
        "Minskad övergödning av sjöarna och skydd av värdefull natur.",
    ),
    (
        "5.1",
        "Äldre kan leva ett självständigt liv med trygg omsorg",
        "omsorgsforvaltningen",
        "Välfärdsteknik, rehabilitering och trygga boenden ska ge äldre inflytande och trygghet.",
    ),
    (
        "5.2",
        "Äldre möter färre olika medarbetare i hemtjänsten",
        "omsorgsforvaltningen",
        "Bättre planering och fasta team ska öka kontinuiteten för den som har hemtjänst.",
    ),
    (
        "5.3",
        "Personer med funktionsnedsättning har ett meningsfullt och självständigt liv",
        "omsorgsforvaltningen",
        "Daglig verksamhet och boenden ska leda mot arbete, delaktighet och eget boende.",
    ),
    (
        "5.4",
        "Barn och familjer får tidigt och samordnat stöd",
        "arbete-och-valfard",
        "Familjer ska få stöd tidigt, samordnat mellan socialtjänst, skola och hälsovård.",
    ),
    (
        "6.1",
        "Fler barn och unga deltar i kultur- och fritidsaktiviteter",
        "kultur-och-fritidsforvaltningen",
        "Kulturskolan, fritidsgårdarna och föreningslivet ska nå fler barn i alla områden.",
    ),
    (
        "6.2",
        "Biblioteken är öppna mötesplatser för alla",
        "kultur-och-fritidsforvaltningen",
        "Biblioteken ska ha längre öppettider och nå fler invånare i hela kommunen.",
    ),
    (
        "7.1",
        "Koncernen klarar kompetensförsörjningen i bristyrken",
        "kommunledningsforvaltningen",
        "Gemensam planering för lärare, sjuksköterskor, socionomer och ingenjörer.",
    ),
    (
        "7.2",
        "Medarbetarna är friska och sjukfrånvaron minskar",
        "kommunledningsforvaltningen",
        "Arbetsmiljöarbete och hälsofrämjande insatser ska sänka sjukfrånvaron.",
    ),
    (
        "7.3",
        "Chefer har goda förutsättningar att leda",
        "kommunledningsforvaltningen",
        "Rimligt antal medarbetare per chef, gemensamma ledarprogram och chefsstöd.",
    ),
    (
        "8.1",
        "Resultatet är minst två procent av skatter och generella statsbidrag",
        "kommunledningsforvaltningen",
        "En budget i balans med utrymme för investeringar i en växande kommun.",
    ),
    (
        "8.2",
        "Koncernen arbetar digitalt och effektivt",
        "kommunledningsforvaltningen",
        "Gemensamma system och digitala tjänster ska frigöra tid för kärnverksamheten.",
    ),
    (
        "8.3",
        "Bolagen ger avkastning enligt ägardirektiven",
        "vaxjo-kommunforetag",
        "Moderbolaget följer upp att bolagen når sina avkastnings- och soliditetskrav.",
    ),
]

# Kolada ids are real-looking ids of the kind each key figure uses; check them against Kolada
# before importing values.
# goal code, name, unit of measure, direction, (baseline, year), (target, year), Kolada id,
# {year: value}
INDICATORS: list[tuple] = [
    (
        "1",
        "Förvärvsarbetande invånare 20–64 år",
        "%",
        "increase",
        (79.8, 2022),
        (82.0, 2027),
        "N00914",
        {2022: 79.8, 2023: 80.1, 2024: 79.6},
    ),
    (
        "1",
        "Företagsklimat enligt Insikt (NKI)",
        "index",
        "increase",
        (72, 2022),
        (78, 2027),
        "U07451",
        {2022: 72, 2023: 73, 2024: 75},
    ),
    (
        "1.1",
        "Invånare med långvarigt ekonomiskt bistånd",
        "%",
        "decrease",
        (1.9, 2022),
        (1.4, 2027),
        "N31807",
        {2022: 1.9, 2023: 1.8, 2024: 1.8, 2025: 1.7},
    ),
    (
        "1.3",
        "Handläggningstid för bygglov, median",
        "dagar",
        "decrease",
        (38, 2022),
        (28, 2027),
        "",
        {2022: 38, 2023: 35, 2024: 33, 2025: 30},
    ),
    (
        "2",
        "Elever i åk 9 som är behöriga till yrkesprogram",
        "%",
        "increase",
        (84.1, 2022),
        (88.0, 2027),
        "N15419",
        {2022: 84.1, 2023: 83.5, 2024: 85.2, 2025: 85.9},
    ),
    (
        "2",
        "Gymnasieelever med examen inom 3 år",
        "%",
        "increase",
        (70.4, 2022),
        (75.0, 2027),
        "N17461",
        {2022: 70.4, 2023: 71.2, 2024: 72.0},
    ),
    (
        "2.3",
        "Elever i åk 9 som uppger att de mår bra",
        "%",
        "increase",
        (61, 2022),
        (68, 2027),
        "",
        {2022: 61, 2024: 63},
    ),
    (
        "2.4",
        "Barn per årsarbetare i förskolan",
        "antal",
        "decrease",
        (5.4, 2022),
        (5.0, 2027),
        "N11102",
        {2022: 5.4, 2023: 5.3, 2024: 5.2},
    ),
    (
        "3",
        "Påbörjade bostäder per år",
        "antal",
        "increase",
        (820, 2022),
        (1000, 2027),
        "",
        {2022: 820, 2023: 540, 2024: 610, 2025: 780},
    ),
    (
        "3",
        "Nöjd Kund Index, hyresgäster i allmännyttan",
        "index",
        "increase",
        (78, 2022),
        (82, 2027),
        "",
        {2022: 78, 2023: 79, 2024: 80},
    ),
    (
        "3.2",
        "Hyresgäster som känner sig trygga i sitt område",
        "%",
        "increase",
        (82, 2022),
        (88, 2027),
        "",
        {2022: 82, 2023: 83, 2024: 85},
    ),
    (
        "4",
        "Utsläpp av växthusgaser per invånare",
        "ton CO2e",
        "decrease",
        (2.9, 2022),
        (2.2, 2027),
        "N00401",
        {2022: 2.9, 2023: 2.8, 2024: 2.7},
    ),
    (
        "4",
        "Andel resor med cykel, gång och kollektivtrafik",
        "%",
        "increase",
        (46, 2022),
        (55, 2027),
        "",
        {2022: 46, 2024: 48},
    ),
    (
        "4.2",
        "Fossil andel av bränslet i fjärrvärmeproduktionen",
        "%",
        "decrease",
        (1.2, 2022),
        (0, 2027),
        "",
        {2022: 1.2, 2023: 0.9, 2024: 1.1, 2025: 0.7},
    ),
    (
        "4.3",
        "Energianvändning i kommunens lokaler",
        "kWh/m²",
        "decrease",
        (142, 2022),
        (125, 2027),
        "",
        {2022: 142, 2023: 138, 2024: 134},
    ),
    (
        "5",
        "Brukarbedömning hemtjänst äldreomsorg, helhetsbedömning",
        "%",
        "increase",
        (88, 2022),
        (92, 2027),
        "U21468",
        {2022: 88, 2023: 87, 2024: 89},
    ),
    (
        "5",
        "Personalkontinuitet i hemtjänsten, antal personal på 14 dagar",
        "antal",
        "decrease",
        (16, 2022),
        (12, 2027),
        "U21401",
        {2022: 16, 2023: 15, 2024: 15, 2025: 14},
    ),
    (
        "5.3",
        "Deltagare i daglig verksamhet som gått vidare till arbete",
        "antal",
        "increase",
        (6, 2022),
        (15, 2027),
        "",
        {2022: 6, 2023: 8, 2024: 9},
    ),
    (
        "6",
        "Besök på folkbiblioteken per invånare",
        "antal",
        "increase",
        (4.1, 2022),
        (5.0, 2027),
        "N09801",
        {2022: 4.1, 2023: 4.3, 2024: 4.4},
    ),
    (
        "6",
        "Deltagartillfällen i idrottsföreningar, 7–20 år, per invånare",
        "antal",
        "increase",
        (28, 2022),
        (32, 2027),
        "N09015",
        {2022: 28, 2023: 29, 2024: 29},
    ),
    (
        "7",
        "Sjukfrånvaro bland kommunens medarbetare",
        "%",
        "decrease",
        (7.6, 2022),
        (6.5, 2027),
        "N00090",
        {2022: 7.6, 2023: 7.2, 2024: 7.0, 2025: 6.9},
    ),
    (
        "7",
        "Hållbart medarbetarengagemang (HME)",
        "index",
        "increase",
        (78, 2022),
        (81, 2027),
        "N00411",
        {2022: 78, 2023: 79, 2024: 79},
    ),
    (
        "7.3",
        "Medarbetare per chef",
        "antal",
        "decrease",
        (27, 2022),
        (22, 2027),
        "",
        {2022: 27, 2023: 26, 2024: 25},
    ),
    (
        "8",
        "Årets resultat som andel av skatt och generella statsbidrag",
        "%",
        "increase",
        (1.2, 2023),
        (2.0, 2027),
        "N03101",
        {2022: 3.1, 2023: 1.2, 2024: 1.8, 2025: 2.1},
    ),
    (
        "8",
        "Soliditet inklusive pensionsförpliktelser",
        "%",
        "increase",
        (38, 2022),
        (40, 2027),
        "N03054",
        {2022: 38, 2023: 37, 2024: 38},
    ),
    (
        "8.3",
        "Bolagens avkastning på justerat eget kapital",
        "%",
        "keep",
        (5.0, 2022),
        (5.0, 2027),
        "",
        {2022: 5.4, 2023: 4.6, 2024: 5.1},
    ),
]
