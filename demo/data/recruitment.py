"""The demo's recruitment and competence supply: the competence catalogue, the group's key
positions with their successors, and the two ads the chief executive's text announces (a group
HR director and a group finance director) with a few applications.

Every key post has a holder, so none reads "Vacant": the chief executive and the two acting
directors are demo logins (demo/data/users.py); the heads of the administrations and the
companies' chief executives, and the successors, are named by their post ("Förvaltningschef,
Utbildningsförvaltningen"): the units are real, so the demo puts no invented name on a real
post. The HR and finance director posts being recruited are held by acting directors
(tillförordnade) meanwhile, who are also the areas' process owners. Applicants are made-up
people with example.se addresses. Keys: competences by name, positions
by (unit slug, title), ads by heading, applications by their fixed submission token.
"""

from __future__ import annotations

HR = "hr"
FINANCE = "ekonomi"

# name, process area slug (or None), description
COMPETENCES: list[tuple[str, str | None, str]] = [
    (
        "Strategisk kompetensförsörjning",
        HR,
        "Att planera och säkra koncernens behov av medarbetare på kort och lång sikt, särskilt i "
        "bristyrken som lärare, sjuksköterskor och ingenjörer.",
    ),
    (
        "Successionsplanering",
        HR,
        "Att identifiera, utveckla och följa upp efterträdare till koncernens nyckelroller.",
    ),
    (
        "Rekrytering och arbetsgivarvarumärke",
        HR,
        "Kompetensbaserad rekrytering och att positionera koncernen som attraktiv arbetsgivare.",
    ),
    (
        "Arbetsrätt och förhandling",
        HR,
        "LAS, MBL och kollektivavtal (AB, HÖK); att leda förhandlingar med de fackliga "
        "organisationerna.",
    ),
    (
        "Personal- och kompetensutveckling",
        HR,
        "Ledar- och medarbetarutveckling som håller ihop i hela koncernen.",
    ),
    (
        "Budget och ekonomisk planering",
        FINANCE,
        "Flerårsplan, budgetprocess och resursfördelning för nämnder och bolag.",
    ),
    (
        "Finansförvaltning och internbank",
        FINANCE,
        "Upplåning, likviditet, borgen och internbank för kommunen och bolagen.",
    ),
    (
        "Verksamhetsstyrning",
        FINANCE,
        "Mål- och resultatstyrning från kommunfullmäktiges mål till verksamheternas planer.",
    ),
    (
        "Intern kontroll och uppföljning",
        FINANCE,
        "Internkontrollplaner, delårs- och årsuppföljning och analys av måluppfyllelse.",
    ),
    (
        "Kommunal redovisning",
        FINANCE,
        "Lagen om kommunal bokföring och redovisning (LKBR) och RKR:s rekommendationer.",
    ),
    (
        "Koncernredovisning och bolagsstyrning",
        FINANCE,
        "Sammanställda räkenskaper och ägarstyrning av kommunala bolag.",
    ),
    (
        "Förändringsledning",
        None,
        "Att leda omställningar så att medarbetarna förstår varför och blir delaktiga.",
    ),
    (
        "Strategiskt ledarskap i ledningsgrupp",
        None,
        "Att leda chefer och driva frågor i en koncernledning, med helheten framför den egna "
        "delen.",
    ),
    (
        "Erfarenhet av politiskt styrd organisation",
        None,
        "Att arbeta nära nämnder, styrelser och kommunstyrelse med respekt för rollerna.",
    ),
    (
        "Samverkan över förvaltningar och bolag",
        None,
        "Att bygga gemensamma processer tillsammans med förvaltningar och bolag så att alla "
        "känner sig delaktiga.",
    ),
]

LEADERSHIP = [
    "Strategiskt ledarskap i ledningsgrupp",
    "Erfarenhet av politiskt styrd organisation",
    "Förändringsledning",
    "Samverkan över förvaltningar och bolag",
]
HR_DIRECTOR_COMPETENCES = [
    "Strategisk kompetensförsörjning",
    "Successionsplanering",
    "Rekrytering och arbetsgivarvarumärke",
    "Arbetsrätt och förhandling",
    "Personal- och kompetensutveckling",
    *LEADERSHIP,
]
FINANCE_DIRECTOR_COMPETENCES = [
    "Budget och ekonomisk planering",
    "Finansförvaltning och internbank",
    "Verksamhetsstyrning",
    "Intern kontroll och uppföljning",
    "Kommunal redovisning",
    "Koncernredovisning och bolagsstyrning",
    *LEADERSHIP,
]
HEAD_COMPETENCES = [
    "Strategiskt ledarskap i ledningsgrupp",
    "Erfarenhet av politiskt styrd organisation",
    "Verksamhetsstyrning",
    "Budget och ekonomisk planering",
    "Förändringsledning",
]
CEO_COMPETENCES = [
    "Strategiskt ledarskap i ledningsgrupp",
    "Koncernredovisning och bolagsstyrning",
    "Budget och ekonomisk planering",
    "Förändringsledning",
]

HR_DIRECTOR = "Koncernövergripande HR-chef"
FINANCE_DIRECTOR = "Koncernövergripande ekonomichef"

# A holder named by the post: a user "Förvaltningschef, Utbildningsförvaltningen" (see above).
BY_POST = "by post"

# unit slug, title, process areas, competences, holder username (BY_POST, or None: vacant)
POSITIONS: list[tuple[str, str, list[str], list[str], str | None]] = [
    ("kommunledningsforvaltningen", "Kommunchef", [], HEAD_COMPETENCES, "kommunchef"),
    # Acting directors while the posts are recruited (the ads below).
    (
        "kommunledningsforvaltningen",
        HR_DIRECTOR,
        [HR],
        HR_DIRECTOR_COMPETENCES,
        "processagare-hr",
    ),
    (
        "kommunledningsforvaltningen",
        FINANCE_DIRECTOR,
        [FINANCE],
        FINANCE_DIRECTOR_COMPETENCES,
        "processagare-ekonomi",
    ),
    *[
        (slug, "Förvaltningschef", [], HEAD_COMPETENCES, BY_POST)
        for slug in (
            "utbildningsforvaltningen",
            "omsorgsforvaltningen",
            "arbete-och-valfard",
            "kultur-och-fritidsforvaltningen",
            "tekniska-forvaltningen",
            "stadsbyggnadskontoret",
            "miljo-och-halsoskyddskontoret",
        )
    ],
    *[
        (slug, "Verkställande direktör", [], CEO_COMPETENCES, BY_POST)
        for slug in (
            "vaxjo-kommunforetag",
            "vaxjo-energi",
            "vaxjobostader",
            "vidingehem",
            "vaxjo-fastighetsforvaltning",
            "videum",
        )
    ],
]

# Successors (no password: they only appear in succession plans), named by their post, which is
# also their title: username, post, {competence: level}
SUCCESSOR_USERS: list[tuple[str, str, dict[str, int]]] = [
    (
        "bitr-kommunchef",
        "Biträdande kommunchef, Kommunledningsförvaltningen",
        {
            "Strategiskt ledarskap i ledningsgrupp": 4,
            "Erfarenhet av politiskt styrd organisation": 5,
            "Verksamhetsstyrning": 4,
            "Budget och ekonomisk planering": 3,
            "Förändringsledning": 4,
        },
    ),
    (
        "hr-strateg",
        "HR-strateg, HR-avdelningen",
        {
            "Strategisk kompetensförsörjning": 4,
            "Rekrytering och arbetsgivarvarumärke": 4,
            "Personal- och kompetensutveckling": 3,
            "Arbetsrätt och förhandling": 2,
            "Förändringsledning": 3,
        },
    ),
    (
        "forhandlingschef",
        "Förhandlingschef, HR-avdelningen",
        {
            "Arbetsrätt och förhandling": 5,
            "Erfarenhet av politiskt styrd organisation": 4,
            "Strategiskt ledarskap i ledningsgrupp": 3,
        },
    ),
    (
        "budgetchef",
        "Budgetchef, Ekonomiavdelningen",
        {
            "Budget och ekonomisk planering": 5,
            "Verksamhetsstyrning": 4,
            "Kommunal redovisning": 4,
            "Intern kontroll och uppföljning": 3,
        },
    ),
    (
        "finanschef",
        "Finanschef, Ekonomiavdelningen",
        {
            "Finansförvaltning och internbank": 5,
            "Koncernredovisning och bolagsstyrning": 4,
            "Budget och ekonomisk planering": 3,
        },
    ),
    (
        "bitr-forvaltningschef-utbildning",
        "Biträdande förvaltningschef, Utbildningsförvaltningen",
        {
            "Strategiskt ledarskap i ledningsgrupp": 3,
            "Verksamhetsstyrning": 3,
            "Budget och ekonomisk planering": 3,
            "Förändringsledning": 4,
            "Erfarenhet av politiskt styrd organisation": 3,
        },
    ),
    (
        "avdelningschef-aldreomsorg",
        "Avdelningschef, Äldreomsorgsavdelningen",
        {"Förändringsledning": 3, "Budget och ekonomisk planering": 3},
    ),
    (
        "ekonomichef-vaxjo-energi",
        "Ekonomichef, Växjö Energi AB",
        {
            "Koncernredovisning och bolagsstyrning": 4,
            "Budget och ekonomisk planering": 4,
            "Strategiskt ledarskap i ledningsgrupp": 3,
        },
    ),
    (
        "affarsomradeschef-vaxjobostader",
        "Affärsområdeschef, Växjöbostäder AB",
        {"Strategiskt ledarskap i ledningsgrupp": 4, "Förändringsledning": 3},
    ),
]

# (unit slug, position title), successor username, readiness, development actions
SUCCESSORS: list[tuple[tuple[str, str], str, str, str]] = [
    (
        ("kommunledningsforvaltningen", "Kommunchef"),
        "bitr-kommunchef",
        "now",
        "Leder koncernledningen vid kommunchefens frånvaro; mentor i SKR:s program för "
        "kommundirektörer.",
    ),
    (
        ("kommunledningsforvaltningen", HR_DIRECTOR),
        "hr-strateg",
        "1-2",
        "Leder projektet för gemensam kompetensförsörjningsplan; arbetsrätt på fördjupningsnivå "
        "under 2026.",
    ),
    (
        ("kommunledningsforvaltningen", HR_DIRECTOR),
        "forhandlingschef",
        "3+",
        "Koncernens ledarprogram och ansvar för en förändringsprocess i en förvaltning.",
    ),
    (
        ("kommunledningsforvaltningen", FINANCE_DIRECTOR),
        "budgetchef",
        "1-2",
        "Ansvar för koncernens delårsrapport; utbildning i koncernredovisning.",
    ),
    (
        ("kommunledningsforvaltningen", FINANCE_DIRECTOR),
        "finanschef",
        "1-2",
        "Roterar in i budgetprocessen och leder internkontrollplanen för 2027.",
    ),
    (
        ("utbildningsforvaltningen", "Förvaltningschef"),
        "bitr-forvaltningschef-utbildning",
        "now",
        "Har varit tillförordnad förvaltningschef; deltar i koncernens ledarprogram.",
    ),
    (
        ("omsorgsforvaltningen", "Förvaltningschef"),
        "avdelningschef-aldreomsorg",
        "3+",
        "Ledarprogram, mentor från Kommunledningsförvaltningen, ansvar för budget på "
        "förvaltningsnivå.",
    ),
    (
        ("vaxjo-energi", "Verkställande direktör"),
        "ekonomichef-vaxjo-energi",
        "1-2",
        "Styrelseutbildning och ansvar för bolagets investeringsplan.",
    ),
    (
        ("vaxjobostader", "Verkställande direktör"),
        "affarsomradeschef-vaxjobostader",
        "now",
        "Ingår i bolagets ledningsgrupp och leder nyproduktionen.",
    ),
]

# heading, position title, introduction, the role, required competences, merits
ADS: list[dict] = [
    {
        "title": "Koncernövergripande HR-chef till Växjö kommunkoncern",
        "position": HR_DIRECTOR,
        "introduction": (
            "Vill du ta det fulla koncernansvaret för HR i en kommunkoncern med åtta förvaltningar "
            "och sex bolag? Nu stärker vi våra koncerngemensamma ledningsprocesser och söker en "
            "HR-chef som leder HR-processen i hela Växjö kommunkoncern."
        ),
        "description": (
            "Du har det koncernövergripande ansvaret för personal- och kompetensutveckling, "
            "kompetensförsörjning, successionsplanering, rekrytering, förhandling och "
            "förändringsledning. Du ingår i kommunchefens ledningsgrupp och utvecklar, inför och "
            "följer upp processerna tillsammans med samtliga förvaltningar och bolag, så att "
            "kompetensen i koncernen används och alla känner sig delaktiga.\n\n"
            "Du leder HR-avdelningen på Kommunledningsförvaltningen och är processägare för "
            "HR/personal i Riktning."
        ),
        "required": [
            "Strategisk kompetensförsörjning",
            "Successionsplanering",
            "Arbetsrätt och förhandling",
            "Förändringsledning",
            "Strategiskt ledarskap i ledningsgrupp",
        ],
        "merits": [
            "Rekrytering och arbetsgivarvarumärke",
            "Personal- och kompetensutveckling",
            "Erfarenhet av politiskt styrd organisation",
            "Samverkan över förvaltningar och bolag",
        ],
    },
    {
        "title": "Koncernövergripande ekonomichef till Växjö kommunkoncern",
        "position": FINANCE_DIRECTOR,
        "introduction": (
            "Vill du leda ekonomiprocessen i hela Växjö kommunkoncern? Vi söker en ekonomichef med "
            "det fulla koncernansvaret för ekonomi, finans, verksamhetsstyrning samt kontroll och "
            "uppföljning."
        ),
        "description": (
            "Du skapar gemensamma finansiella förutsättningar för förvaltningar och bolag, så att "
            "koncernen hushållar med resurserna och når de mål som kommunfullmäktige satt. Du "
            "ingår i kommunchefens ledningsgrupp, leder Ekonomiavdelningen och är processägare "
            "för ekonomi i Riktning.\n\n"
            "Du utvecklar budgetprocessen, internbanken och uppföljningen av målen tillsammans "
            "med bolagens och förvaltningarnas ekonomichefer."
        ),
        "required": [
            "Budget och ekonomisk planering",
            "Verksamhetsstyrning",
            "Intern kontroll och uppföljning",
            "Kommunal redovisning",
            "Strategiskt ledarskap i ledningsgrupp",
        ],
        "merits": [
            "Finansförvaltning och internbank",
            "Koncernredovisning och bolagsstyrning",
            "Förändringsledning",
            "Erfarenhet av politiskt styrd organisation",
        ],
    },
]

# Ads stay open this many days from the day they are (re)published by the seed.
OPEN_DAYS = 30

# ad heading, fixed token, name, e-mail, phone, stage, letter, {competence: level}
APPLICATIONS: list[tuple[str, str, str, str, str, str, str, dict[str, int]]] = [
    (
        ADS[0]["title"],
        "6f1d1b0e-6a53-4c1e-9a3a-000000000001",
        "Karin Ek",
        "karin.ek@example.se",
        "070-111 22 33",
        "interview",
        "Jag har lett HR i en region med 8 000 medarbetare och byggt en gemensam "
        "kompetensförsörjningsplan för bristyrkena. Nu vill jag göra samma resa i en "
        "kommunkoncern.",
        {
            "Strategisk kompetensförsörjning": 5,
            "Successionsplanering": 4,
            "Arbetsrätt och förhandling": 4,
            "Förändringsledning": 4,
            "Strategiskt ledarskap i ledningsgrupp": 4,
            "Rekrytering och arbetsgivarvarumärke": 3,
            "Personal- och kompetensutveckling": 4,
            "Erfarenhet av politiskt styrd organisation": 5,
            "Samverkan över förvaltningar och bolag": 3,
        },
    ),
    (
        ADS[0]["title"],
        "6f1d1b0e-6a53-4c1e-9a3a-000000000002",
        "Ahmed Hassan",
        "ahmed.hassan@example.se",
        "073-444 55 66",
        "screening",
        "Som HR-direktör i ett kommunalt bostadsbolag har jag förhandlat fram nya avtal och lett "
        "en omorganisation. Jag brinner för att HR ska hålla ihop hela koncernen.",
        {
            "Strategisk kompetensförsörjning": 3,
            "Successionsplanering": 3,
            "Arbetsrätt och förhandling": 5,
            "Förändringsledning": 4,
            "Strategiskt ledarskap i ledningsgrupp": 3,
            "Rekrytering och arbetsgivarvarumärke": 4,
            "Personal- och kompetensutveckling": 3,
            "Erfarenhet av politiskt styrd organisation": 4,
            "Samverkan över förvaltningar och bolag": 4,
        },
    ),
    (
        ADS[0]["title"],
        "6f1d1b0e-6a53-4c1e-9a3a-000000000003",
        "Ahmed Hassan",
        "a.hassan@example.se",
        "+46 73 444 55 66",
        "received",
        "Jag skickar min ansökan på nytt med ett uppdaterat CV.",
        {
            "Strategisk kompetensförsörjning": 3,
            "Successionsplanering": 3,
            "Arbetsrätt och förhandling": 5,
            "Förändringsledning": 4,
            "Strategiskt ledarskap i ledningsgrupp": 3,
            "Rekrytering och arbetsgivarvarumärke": 4,
            "Personal- och kompetensutveckling": 3,
            "Erfarenhet av politiskt styrd organisation": 4,
            "Samverkan över förvaltningar och bolag": 4,
        },
    ),
    (
        ADS[0]["title"],
        "6f1d1b0e-6a53-4c1e-9a3a-000000000004",
        "Lina Johansson",
        "lina.johansson@example.se",
        "072-777 88 99",
        "received",
        "Jag är HR-chef på en förvaltning i en annan kommun och vill ta nästa steg.",
        {
            "Strategisk kompetensförsörjning": 3,
            "Successionsplanering": 2,
            "Arbetsrätt och förhandling": 3,
            "Förändringsledning": 3,
            "Strategiskt ledarskap i ledningsgrupp": 2,
            "Rekrytering och arbetsgivarvarumärke": 4,
            "Personal- och kompetensutveckling": 4,
            "Erfarenhet av politiskt styrd organisation": 3,
            "Samverkan över förvaltningar och bolag": 3,
        },
    ),
    (
        ADS[1]["title"],
        "6f1d1b0e-6a53-4c1e-9a3a-000000000005",
        "Per Lindqvist",
        "per.lindqvist@example.se",
        "070-222 33 44",
        "references",
        "Ekonomidirektör i en kommun med egna bolag sedan sex år; jag har infört internbank och "
        "en ny modell för verksamhetsstyrning.",
        {
            "Budget och ekonomisk planering": 5,
            "Verksamhetsstyrning": 5,
            "Intern kontroll och uppföljning": 4,
            "Kommunal redovisning": 4,
            "Strategiskt ledarskap i ledningsgrupp": 4,
            "Finansförvaltning och internbank": 5,
            "Koncernredovisning och bolagsstyrning": 4,
            "Förändringsledning": 3,
            "Erfarenhet av politiskt styrd organisation": 5,
        },
    ),
    (
        ADS[1]["title"],
        "6f1d1b0e-6a53-4c1e-9a3a-000000000006",
        "Sofia Berg",
        "sofia.berg@example.se",
        "076-555 66 77",
        "received",
        "Controller i ett energibolag, med ansvar för koncernredovisningen.",
        {
            "Budget och ekonomisk planering": 3,
            "Verksamhetsstyrning": 3,
            "Intern kontroll och uppföljning": 4,
            "Kommunal redovisning": 2,
            "Strategiskt ledarskap i ledningsgrupp": 2,
            "Finansförvaltning och internbank": 3,
            "Koncernredovisning och bolagsstyrning": 5,
            "Förändringsledning": 2,
            "Erfarenhet av politiskt styrd organisation": 2,
        },
    ),
]

# A minimal PDF, so the demo's CV links download a real (one-line) document.
DEMO_CV = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
