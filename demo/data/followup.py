"""Follow-up in the demo: the year 2026 in the municipal cycle. Delår 1 is reported in full by
every unit and closed; delår 2 is open and past its deadline, with some units ready, one report
sent back by the chief executive, some half done and some not started (late); helår is open and
empty.

Each activity's progress, status colour and comment, and each goal's assessment, follow from
its title and dates by fixed rules (no randomness), so every run gives the same rows.
"""

from __future__ import annotations

YEAR = 2026

# Delår 2, per administration or company: ready, sent back, half done, or not started.
READY = "ready"
RETURNED = "returned"
HALF = "half"
NOT_STARTED = "not_started"

SECOND_PERIOD = {
    "kommunledningsforvaltningen": READY,
    "utbildningsforvaltningen": HALF,
    "omsorgsforvaltningen": READY,
    "arbete-och-valfard": NOT_STARTED,
    "kultur-och-fritidsforvaltningen": READY,
    "tekniska-forvaltningen": HALF,
    "stadsbyggnadskontoret": NOT_STARTED,
    "miljo-och-halsoskyddskontoret": READY,
    "vaxjo-kommunforetag": READY,
    "vaxjo-energi": READY,
    "vaxjobostader": RETURNED,
    "vidingehem": HALF,
    "vaxjo-fastighetsforvaltning": READY,
    "videum": NOT_STARTED,
}

RETURN_COMMENT = (
    "Analysen av målet om bostadsbyggande saknar en bedömning av hur förseningarna i "
    "nyproduktionen påverkar 2027. Komplettera med det och med vilka åtgärder som planeras."
)

# Comments by status colour; an activity gets one of them by its title.
COMMENTS = {
    "on_track": [
        "Arbetet går enligt plan och tidplanen håller.",
        "Genomfört enligt plan under perioden. Nästa steg är uppföljning med berörda enheter.",
        "Aktiviteten löper på som planerat. Budgeten håller.",
        "Enligt plan. Samverkan med de andra förvaltningarna fungerar väl.",
        "Delmålen för perioden är nådda.",
    ],
    "at_risk": [
        "Viss försening på grund av vakanser. Vi bedömer att tidplanen kan hållas med "
        "omprioriteringar under hösten.",
        "Upphandlingen har dragit ut på tiden, vilket påverkar starten av nästa etapp.",
        "Kostnaderna ligger något över budget. Åtgärder tas fram till nästa period.",
    ],
    "off_track": [
        "Aktiviteten är försenad: leverantören har inte levererat enligt avtal. Ny tidplan tas "
        "fram tillsammans med kommunledningsförvaltningen.",
        "Avviker från plan på grund av brist på personal. Frågan är lyft till ledningsgruppen.",
    ],
}

ANALYSES = {
    "met": [
        "Målet bedöms vara uppfyllt. Nyckeltalen ligger på eller över målvärdet och "
        "aktiviteterna har genomförts enligt plan.",
    ],
    "partly_met": [
        "Målet bedöms vara delvis uppfyllt. Flera aktiviteter går enligt plan, men "
        "nyckeltalen har ännu inte nått målvärdet.",
        "Utvecklingen går åt rätt håll men i lägre takt än planerat. Effekten av "
        "periodens insatser väntas synas först nästa år.",
    ],
    "not_met": [
        "Målet bedöms inte vara uppfyllt. Förseningar i centrala aktiviteter gör att "
        "nyckeltalen ligger under föregående år. Åtgärder planeras till nästa period.",
    ],
}
