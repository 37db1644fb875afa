"""Activities of Kommunledningsförvaltningen and its departments."""

from .base import CANCELLED, DONE, ONGOING, PAUSED, PLANNED, Act, mot, sup

KLF = "kommunledningsforvaltningen"
EKONOMI = "ekonomiavdelningen"
HR = "hr-avdelningen"
UTVECKLING = "utvecklingsenheten"
UPPHANDLING = "upphandlingsenheten"

ACTIVITIES = [
    Act(
        KLF,
        "Koncerngemensam modell för verksamhetsstyrning",
        "En gemensam modell för hur kommunfullmäktiges mål bryts ned till nämnders och bolags "
        "planer och aktiviteter. Modellen ska göra det möjligt att se hela koncernens arbete "
        "mot målen på ett ställe.",
        "Kommundirektör",
        ONGOING,
        "2024-02-01",
        "2025-12-31",
        1_800_000,
        "verksamhetsstyrning",
        (
            sup("8", "Tydligare styrning ger effektivare resursanvändning"),
            sup("8.2", "Ersätter separata planeringsmallar i varje förvaltning"),
        ),
        ("vaxjo-kommunforetag",),
    ),
    Act(
        KLF,
        "Rekrytering av koncernövergripande HR-direktör",
        "Rekrytering av en HR-direktör med koncernansvar för personal- och "
        "kompetensutveckling, kompetensförsörjning, successionsplanering, rekrytering, "
        "förhandling och förändringsledning.",
        "Kommundirektör",
        ONGOING,
        "2025-01-15",
        "2025-09-30",
        450_000,
        "rekrytering",
        (
            sup("7.1", "Samlat ansvar för kompetensförsörjningen i koncernen"),
            sup("7.3", "Ger cheferna ett gemensamt HR-stöd"),
        ),
    ),
    Act(
        KLF,
        "Rekrytering av koncernövergripande ekonomidirektör",
        "Rekrytering av en ekonomidirektör med koncernansvar för ekonomi, finans, "
        "verksamhetsstyrning samt kontroll och uppföljning.",
        "Kommundirektör",
        ONGOING,
        "2025-01-15",
        "2025-09-30",
        450_000,
        "rekrytering",
        (sup("8", "Samlat ansvar för koncernens ekonomiska styrning"),),
    ),
    Act(
        KLF,
        "Koncerngemensamt ledningsforum för förvaltningschefer och VD:ar",
        "Månatliga möten där förvaltningschefer och bolagens VD:ar går igenom aktiviteter som "
        "berör flera enheter, för att upptäcka dubbelarbete och motverkande insatser tidigt.",
        "Kommundirektör",
        ONGOING,
        "2024-09-01",
        "2027-12-31",
        120_000,
        "verksamhetsstyrning",
        (sup("8", "Minskar suboptimering mellan förvaltningar och bolag"),),
        ("vaxjo-kommunforetag",),
    ),
    Act(
        KLF,
        "Tillitsbaserad styrning i koncernen",
        "Utbildning och dialog för politiker och chefer om tillitsbaserad styrning och "
        "ledning, med färre detaljmål och mer fokus på resultat för invånarna.",
        "Biträdande kommundirektör",
        PLANNED,
        "2026-01-15",
        "2027-06-30",
        900_000,
        "forandringsledning",
        (
            sup("7.3", "Ger chefer större handlingsutrymme"),
            sup("8", "Mindre administration kring detaljstyrning"),
        ),
    ),
    Act(
        EKONOMI,
        "Gemensam budgetprocess för kommun och bolag",
        "Kommunens och bolagens budgetprocesser samordnas i en gemensam tidplan och med "
        "gemensamma antaganden om befolkning, löner och räntor.",
        "Ekonomichef",
        ONGOING,
        "2024-03-01",
        "2025-06-30",
        600_000,
        "ekonomi",
        (
            sup("8.1", "Bättre underlag för en budget i balans"),
            sup("8.3", "Bolagens planer samordnas med kommunens"),
        ),
        ("vaxjo-kommunforetag",),
    ),
    Act(
        EKONOMI,
        "Koncerngemensam beslutsstödsplattform",
        "En gemensam plattform för ekonomisk uppföljning och nyckeltal där förvaltningar och "
        "bolag hämtar data från samma källor i stället för egna kalkylark och rapporter.",
        "Controller, Ekonomiavdelningen",
        ONGOING,
        "2024-05-01",
        "2026-06-30",
        2_400_000,
        "kontroll-och-uppfoljning",
        (
            sup("8.2", "Ersätter egna rapportlösningar i förvaltningarna"),
            sup("8", "Snabbare och mer jämförbar uppföljning"),
        ),
    ),
    Act(
        EKONOMI,
        "Internbank och samordnad upplåning för koncernen",
        "Upplåningen för kommun och bolag samlas i internbanken för att sänka räntekostnaderna "
        "och få en samlad bild av skuldsättningen.",
        "Finanschef",
        DONE,
        "2024-01-01",
        "2024-12-31",
        300_000,
        "finans",
        (
            sup("8.1", "Lägre räntekostnader för koncernen"),
            sup("8.3", "Bolagen får bättre villkor"),
        ),
        ("vaxjo-kommunforetag",),
    ),
    Act(
        EKONOMI,
        "Ny modell för intern kontroll",
        "Gemensam riskanalys och internkontrollplan för alla nämnder och bolag, med "
        "uppföljning i delårs- och årsbokslut.",
        "Controller, Ekonomiavdelningen",
        ONGOING,
        "2025-01-01",
        "2025-12-31",
        350_000,
        "kontroll-och-uppfoljning",
        (sup("8", "Färre avvikelser och bättre kontroll"),),
    ),
    Act(
        EKONOMI,
        "Effektiviseringsprogram för administration",
        "Genomlysning av administrativa stödfunktioner i förvaltningarna för att hitta "
        "dubbla funktioner och frigöra resurser till kärnverksamheten.",
        "Ekonomichef",
        PLANNED,
        "2026-01-01",
        "2026-12-31",
        800_000,
        "ekonomi",
        (
            sup("8.1", "Frigör resurser till kärnverksamheten"),
            sup("8.2", "Samordnade stödfunktioner"),
        ),
    ),
    Act(
        HR,
        "Gemensam kompetensförsörjningsplan för koncernen",
        "En plan för hur koncernen ska klara behovet av lärare, sjuksköterskor, "
        "undersköterskor, socionomer och ingenjörer fram till 2030, byggd på förvaltningarnas "
        "och bolagens egna prognoser.",
        "HR-chef",
        ONGOING,
        "2024-04-01",
        "2025-12-31",
        700_000,
        "kompetensforsorjning",
        (sup("7.1", "Samlad bild av behoven i bristyrken"),),
        ("utbildningsforvaltningen", "omsorgsforvaltningen", "vaxjo-energi"),
    ),
    Act(
        HR,
        "Koncerngemensamt chefsprogram",
        "Ett gemensamt introduktions- och utvecklingsprogram för alla nya chefer i kommunen "
        "och bolagen, med moduler om arbetsmiljö, ekonomi, arbetsrätt och styrning.",
        "HR-strateg",
        ONGOING,
        "2024-09-01",
        "2027-06-30",
        1_500_000,
        "kompetensutveckling",
        (sup("7.3", "Ger alla nya chefer samma grund"),),
    ),
    Act(
        HR,
        "Successionsplan för nyckelroller i koncernen",
        "Kartläggning av nyckelroller och möjliga efterträdare, med individuella "
        "utvecklingsplaner för dem som kan ta över inom två till tre år.",
        "HR-strateg",
        PLANNED,
        "2025-09-01",
        "2026-12-31",
        400_000,
        "successionsplanering",
        (
            sup("7.1", "Minskar sårbarheten när nyckelpersoner slutar"),
            sup("7.3", "Fler interna chefskandidater"),
        ),
    ),
    Act(
        HR,
        "Lönekartläggning och löneöversyn 2025",
        "Årlig lönekartläggning enligt diskrimineringslagen och förhandling om "
        "löneöversyn med de fackliga organisationerna.",
        "Förhandlingschef",
        DONE,
        "2025-01-15",
        "2025-06-30",
        150_000,
        "forhandling",
        (sup("7", "Jämställda och konkurrenskraftiga löner"),),
    ),
    Act(
        HR,
        "Heltid som norm i koncernen",
        "Fortsatt arbete för att alla tillsvidareanställda ska erbjudas heltid, med "
        "bemanningsplanering som gör det möjligt i omsorg och förskola.",
        "HR-chef",
        ONGOING,
        "2024-01-01",
        "2026-12-31",
        500_000,
        "forhandling",
        (
            sup("7.1", "Fler arbetade timmar utan nyrekrytering"),
            sup("7", "Heltid ökar yrkenas attraktivitet"),
        ),
        ("omsorgsforvaltningen", "utbildningsforvaltningen"),
    ),
    Act(
        HR,
        "Gemensam rekryteringsprocess och rekryteringssystem",
        "Ett rekryteringssystem och en rekryteringsprocess för hela kommunen, med gemensamma "
        "annonsmallar, kompetensbaserat urval och uppföljning av time-to-hire.",
        "HR-specialist, rekrytering",
        ONGOING,
        "2024-10-01",
        "2025-12-31",
        1_100_000,
        "rekrytering",
        (
            sup("7.1", "Snabbare rekryteringar i bristyrken"),
            sup("8.2", "Ett system i stället för flera"),
        ),
    ),
    Act(
        HR,
        "Hälsofrämjande arbetsplatser",
        "Stöd till arbetsplatser med hög sjukfrånvaro: arbetsmiljökartläggning, tidiga "
        "rehabiliteringsinsatser och samarbete med företagshälsovården.",
        "HR-specialist, arbetsmiljö",
        ONGOING,
        "2024-03-01",
        "2026-12-31",
        900_000,
        "kompetensutveckling",
        (sup("7.2", "Riktade insatser där sjukfrånvaron är högst"),),
    ),
    Act(
        UTVECKLING,
        "Gemensamt arbetsgivarvarumärke för koncernen",
        "Ett arbetsgivarvarumärke för hela kommunkoncernen med gemensamt budskap, bildbank och "
        "kampanjer i sociala medier, för att locka medarbetare i bristyrken till Växjö.",
        "Kommunikationschef",
        ONGOING,
        "2024-08-01",
        "2026-06-30",
        1_300_000,
        "positionering",
        (
            sup("7.1", "Fler sökande till bristyrken"),
            sup("7", "Stärker bilden av koncernen som arbetsgivare"),
        ),
        ("hr-avdelningen",),
    ),
    Act(
        UTVECKLING,
        "Nytt intranät för koncernen",
        "Ett gemensamt intranät för kommunen och bolagen där alla medarbetare hittar nyheter, "
        "styrdokument och stöd, och där koncernens riktning kommuniceras.",
        "Kommunikationschef",
        ONGOING,
        "2024-06-01",
        "2025-11-30",
        2_200_000,
        "intern-kommunikation",
        (
            sup("8.2", "Ett intranät i stället för flera"),
            sup("7", "Medarbetarna får samma information"),
        ),
    ),
    Act(
        UTVECKLING,
        "Kommunikationsplattform Växjö – Europas grönaste stad",
        "Uppdatering av platsvarumärket och den gemensamma berättelsen om Växjö som används "
        "av kommunen, bolagen och näringslivet i marknadsföring.",
        "Kommunikationsstrateg",
        ONGOING,
        "2025-02-01",
        "2026-06-30",
        800_000,
        "positionering",
        (
            sup("1", "Stärker Växjö som plats att etablera sig på"),
            sup("4", "Lyfter hållbarhetsarbetet"),
        ),
        ("videum", "vaxjo-kommunforetag"),
    ),
    Act(
        UTVECKLING,
        "Klarspråk i kommunens texter",
        "Utbildning och granskning av beslut, brev och webbtexter så att invånare och företag "
        "förstår vad kommunen menar.",
        "Kommunikatör, Utvecklingsenheten",
        DONE,
        "2024-02-01",
        "2024-11-30",
        200_000,
        "extern-kommunikation",
        (sup("1", "Begripliga beslut ger bättre service till företag"),),
    ),
    Act(
        UTVECKLING,
        "Ny webbplats vaxjo.se med samlade e-tjänster",
        "Ny webbplats där invånare och företagare hittar alla e-tjänster på ett ställe, "
        "oavsett vilken förvaltning som äger tjänsten.",
        "Webbredaktör",
        PLANNED,
        "2026-01-01",
        "2027-03-31",
        3_500_000,
        "extern-kommunikation",
        (sup("8.2", "Fler ärenden digitalt"), sup("1", "Enklare för företag")),
    ),
    Act(
        UPPHANDLING,
        "Ramavtal för livsmedel med lägsta pris som enda kriterium",
        "Nytt ramavtal för livsmedel till skolor och äldreomsorg där lägsta pris är enda "
        "tilldelningskriterium, för att klara budgeten för måltider.",
        "Upphandlingschef",
        PLANNED,
        "2025-10-01",
        "2026-03-31",
        250_000,
        "ekonomi",
        (
            sup("8.1", "Lägre livsmedelskostnader"),
            mot("1.4", "Stora anbud med enbart pris stänger ute lokala producenter"),
            mot("4", "Inga krav på miljö och transporter i upphandlingen"),
        ),
    ),
    Act(
        UPPHANDLING,
        "Leverantörsdialog för små och lokala företag",
        "Informationsträffar och dialog inför upphandlingar så att små och lokala företag "
        "kan lämna anbud, bland annat genom att dela upp upphandlingar i mindre delar.",
        "Upphandlare",
        ONGOING,
        "2024-09-01",
        "2026-12-31",
        150_000,
        None,
        (sup("1.4", "Fler lokala företag lämnar anbud"),),
        ("videum",),
    ),
    Act(
        UPPHANDLING,
        "Gemensam upphandlingsplan för kommun och bolag",
        "En samlad plan över kommande upphandlingar i koncernen för att samordna behov och "
        "undvika att flera enheter upphandlar samma sak.",
        "Upphandlingschef",
        CANCELLED,
        "2024-04-01",
        "2024-12-31",
        100_000,
        "ekonomi",
        (sup("8", "Samordnade inköp"),),
    ),
    Act(
        KLF,
        "Digital assistent för ekonomiadministration",
        "Automatisering av leverantörsfakturor och avstämningar med hjälp av robotar, "
        "prövas först inom ekonomiavdelningen.",
        "Digitaliseringsstrateg",
        PAUSED,
        "2024-05-01",
        "2025-12-31",
        700_000,
        "ekonomi",
        (sup("8.2", "Mindre manuell hantering"),),
        ("ekonomiavdelningen",),
    ),
    Act(
        HR,
        "Medarbetarenkät för hela koncernen",
        "En gemensam medarbetarenkät för kommunen och bolagen med samma frågor om engagemang, "
        "ledarskap och arbetsmiljö, så att resultaten kan jämföras.",
        "HR-strateg",
        DONE,
        "2024-09-01",
        "2024-12-20",
        450_000,
        "kontroll-och-uppfoljning",
        (
            sup("7", "Gemensam bild av medarbetarnas engagemang"),
            sup("7.3", "Underlag för chefernas utvecklingsarbete"),
        ),
        ("vaxjo-kommunforetag",),
    ),
]
