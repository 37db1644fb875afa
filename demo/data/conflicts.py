"""Conflicts raised by the unit they hurt, between Växjö units (goals/conflicts/).

Each row: the hurt unit's goal (by code), the activity worked against (unit slug, title), the
reason, when it was raised and by when it is to be settled, and the outcome so far. The units
that raise them have no demo login, so no person is named as raising them; a decision names the
chief executive, who made it. Dates are fixed, like the rest of the demo.
"""

from __future__ import annotations

from typing import NamedTuple


class DemoConflict(NamedTuple):
    goal: str
    unit: str
    title: str
    reason: str
    raised: str  # ISO date
    due: str  # ISO date
    outcome: str = "open"
    decision_note: str = ""
    decided: str | None = None  # ISO date; the chief executive decided
    owner_agreed: str | None = None  # ISO date; the running unit confirmed "resolved"


CONFLICTS: list[DemoConflict] = [
    # A company's expansion against an administration's goal for nature and the lakes.
    DemoConflict(
        goal="4.4",
        unit="vidingehem",
        title="Nyproduktion av hyresrätter på Hejaretorpet",
        reason=(
            "Etapp 2 leder dagvattnet från parkering och gator till Hejaresjön utan rening och tar "
            "en sumpskog i anspråk som inventeringen av värdefull natur pekar ut. Det försämrar "
            "sjöns status, som åtgärdsprogrammet för sjöarna ska förbättra. Vi vill att etappen "
            "får dagvattendammar och att sumpskogen sparas."
        ),
        raised="2026-11-16",
        due="2026-12-16",
    ),
    # A parking norm that works against the administration's goal for cycling and transit; the
    # company has said it changes its plan, the administration has not confirmed yet.
    DemoConflict(
        goal="4.1",
        unit="vaxjobostader",
        title="Nyproduktion av hyresrätter i Vikaholm",
        reason=(
            "Planen bygger ett garage med en bilplats per lägenhet, dubbelt så många som "
            "parkeringsnormen för Vikaholm, och cykelparkeringen ligger utan tak längst från "
            "entréerna. Det styr de nya hyresgästerna mot bilen när stadsdelen byggs för cykel "
            "och buss."
        ),
        raised="2026-11-23",
        due="2026-12-23",
        owner_agreed="2026-12-02",
    ),
    # Decided: accepted as a deliberate trade-off.
    DemoConflict(
        goal="6.1",
        unit="vaxjo-fastighetsforvaltning",
        title="Underhållsplan för idrottshallar",
        reason=(
            "Renoveringen stänger tre idrottshallar på kvällstid under hela säsongen 2026/27. "
            "Föreningarnas barn- och ungdomsverksamhet i Teleborg och på Araby har ingen annan "
            "hall att gå till."
        ),
        raised="2026-10-05",
        due="2026-11-04",
        outcome="accepted",
        decision_note=(
            "Underhållet kan inte skjutas upp: ventilationen uppfyller inte kraven. Hallarna "
            "renoveras en i taget, och föreningarna får låna skolornas gymnastiksalar på kvällarna "
            "under tiden."
        ),
        decided="2026-10-28",
    ),
]
