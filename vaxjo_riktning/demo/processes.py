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
