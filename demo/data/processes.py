"""The three group-wide process areas named in the chief executive's text, owned by the municipal
management administration, each with its sub-processes: (slug, name, description)."""

OWNER_UNIT = "kommunledningsforvaltningen"

PROCESS_AREAS: list[dict] = [
    {
        "slug": "ekonomi",
        "name": "Ekonomi",
        "purpose": (
            "Fullt koncernansvar för ekonomi, finans, verksamhetsstyrning samt kontroll och "
            "uppföljning, så att koncernen hushållar med resurserna och når målen effektivt. "
            "Processen ger bolag och förvaltningar gemensamma finansiella förutsättningar."
        ),
        "processes": [
            (
                "ekonomi",
                "Ekonomi",
                "Budget, redovisning och ekonomisk planering med gemensamma principer i hela "
                "koncernen.",
            ),
            (
                "finans",
                "Finans",
                "Finansiering, likviditet, borgen och internbank för kommunen och bolagen.",
            ),
            (
                "verksamhetsstyrning",
                "Verksamhetsstyrning",
                "Från kommunfullmäktiges mål till nämndernas och bolagens planer och aktiviteter.",
            ),
            (
                "kontroll-och-uppfoljning",
                "Kontroll och uppföljning",
                "Intern kontroll, delårs- och årsuppföljning och analys av måluppfyllelse.",
            ),
        ],
    },
    {
        "slug": "hr",
        "name": "HR/personal",
        "purpose": (
            "Fullt koncernansvar för personal- och kompetensutveckling, kompetensförsörjning, "
            "successionsplanering, rekrytering, förhandling och förändringsledning, så att "
            "koncernen har rätt kompetens och engagerade medarbetare."
        ),
        "processes": [
            (
                "kompetensutveckling",
                "Personal- och kompetensutveckling",
                "Gemensam utveckling av medarbetare och chefer, med ledarprogram för hela "
                "koncernen.",
            ),
            (
                "kompetensforsorjning",
                "Kompetensförsörjning",
                "Långsiktig plan för att klara behovet av medarbetare i bristyrken.",
            ),
            (
                "successionsplanering",
                "Successionsplanering",
                "Att hitta och utveckla efterträdare till nyckelroller i tid.",
            ),
            (
                "rekrytering",
                "Rekrytering",
                "En sammanhållen rekryteringsprocess med gemensamma annonser och urval.",
            ),
            (
                "forhandling",
                "Förhandling",
                "Löneöversyn och förhandlingar med de fackliga organisationerna.",
            ),
            (
                "forandringsledning",
                "Förändringsledning",
                "Stöd till chefer som leder omställningar och organisationsförändringar.",
            ),
        ],
    },
    {
        "slug": "kommunikation",
        "name": "Kommunikation, marknad och positionering",
        "purpose": (
            "Ett sammanhållet arbete med intern och extern kommunikation och positionering av "
            "Växjö, lett av utvecklingsenheten i fullt samarbete med övriga förvaltningar och "
            "bolag."
        ),
        "processes": [
            (
                "intern-kommunikation",
                "Intern kommunikation",
                "Medarbetare i hela koncernen får samma bild av riktning, mål och förändringar.",
            ),
            (
                "extern-kommunikation",
                "Extern kommunikation",
                "Invånare, företag och nya Växjöbor möter en samlad och begriplig kommun.",
            ),
            (
                "positionering",
                "Positionering",
                "Växjö som attraktiv plats att bo, verka och arbeta i, och koncernen som "
                "arbetsgivare.",
            ),
        ],
    },
]

# Each process's owner: the demo process owner of its area (a login named by role).
OWNERS = {
    "ekonomi": "processagare-ekonomi",
    "hr": "processagare-hr",
    "kommunikation": "processagare-kommunikation",
}

# The council goals (by code) each process serves.
PROCESS_GOALS = {
    "ekonomi": ["8"],
    "finans": ["8", "3"],
    "verksamhetsstyrning": ["8"],
    "kontroll-och-uppfoljning": ["8"],
    "kompetensutveckling": ["7"],
    "kompetensforsorjning": ["7", "2", "5"],
    "successionsplanering": ["7"],
    "rekrytering": ["7"],
    "forhandling": ["7", "8"],
    "forandringsledning": ["7"],
    "intern-kommunikation": ["7"],
    "extern-kommunikation": ["1", "6"],
    "positionering": ["1", "7"],
}

# The rollout: per process, one stage per top-level unit in ROLLOUT_UNITS' order
# (0 not started, 1 planned, 2 introduced, 3 in use, 4 followed up).
ROLLOUT_UNITS = [
    "kommunledningsforvaltningen",
    "utbildningsforvaltningen",
    "omsorgsforvaltningen",
    "arbete-och-valfard",
    "kultur-och-fritidsforvaltningen",
    "tekniska-forvaltningen",
    "stadsbyggnadskontoret",
    "miljo-och-halsoskyddskontoret",
    "vaxjo-kommunforetag",
    "vaxjo-energi",
    "vaxjobostader",
    "vidingehem",
    "vaxjo-fastighetsforvaltning",
    "videum",
]
ROLLOUT = {
    "ekonomi": "44333332433322",
    "finans": "43222222432221",
    "verksamhetsstyrning": "33322221321111",
    "kontroll-och-uppfoljning": "43332221322211",
    "kompetensutveckling": "33222111211100",
    "kompetensforsorjning": "32211100110000",
    "successionsplanering": "21100000100000",
    "rekrytering": "43322221222111",
    "forhandling": "44333333333322",
    "forandringsledning": "21111000100000",
    "intern-kommunikation": "33222211211110",
    "extern-kommunikation": "32211110111100",
    "positionering": "21100000110001",
}
STAGES = ["not_started", "planned", "introduced", "in_use", "followed_up"]
# The unit's contact for the process: a role in the unit, not an invented person.
CONTACT_ROLE = {"ekonomi": "Ekonomichef", "hr": "HR-chef", "kommunikation": "Kommunikationschef"}
NOTES = [
    "",
    "Plan för införandet tas fram under året tillsammans med processägaren.",
    "Infört i ledningsgruppen; rutiner och mallar på plats i delar av verksamheten.",
    "Används i hela verksamheten enligt koncernens gemensamma rutin.",
    "Följt upp i delårsrapporten; förbättringar inarbetade och delade med övriga koncernen.",
]
