"""All demo activities, gathered from one module per part of the group.

OVERLAP_PAIRS names the pairs of activities that different units run side by side on the same
thing: the duplication (suboptimering) the chief executive wants Riktning to make visible.
"""

from .base import Act, Link
from .bolag import ACTIVITIES as _BOLAG
from .bostader import ACTIVITIES as _BOSTADER
from .ledning import ACTIVITIES as _LEDNING
from .omsorg_valfard import ACTIVITIES as _OMSORG_VALFARD
from .samhalle import ACTIVITIES as _SAMHALLE
from .utbildning import ACTIVITIES as _UTBILDNING

ACTIVITIES: list[Act] = [*_LEDNING, *_UTBILDNING, *_OMSORG_VALFARD, *_SAMHALLE, *_BOLAG, *_BOSTADER]

# ((unit slug, title), (unit slug, title)): the same work done twice in the group.
OVERLAP_PAIRS: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (
        ("utbildningsforvaltningen", "Ledarutvecklingsprogram för rektorer"),
        ("aldreomsorg", "Utveckling av ledare inom äldreomsorgen"),
    ),
    (
        ("tekniska-forvaltningen", "Rekryteringskampanj för el- och VA-ingenjörer"),
        ("vaxjo-energi", "Kampanj för att rekrytera ingenjörer till energi och VA"),
    ),
    (
        ("funktionsstod", "Rekryteringskampanj för socionomer och stödpedagoger"),
        ("individ-och-familjeomsorg", "Rekryteringskampanj för socionomer"),
    ),
    (
        ("vaxjobostader", "Energisparkampanj för hyresgäster"),
        ("vidingehem", "Hyresgästkampanj för att spara energi hemma"),
    ),
    (
        ("utvecklingsenheten", "Gemensamt arbetsgivarvarumärke för koncernen"),
        ("utbildningsforvaltningen", "Egen arbetsgivarkampanj för utbildningsförvaltningen"),
    ),
    (
        ("gata-och-park", "Utbyggnad av cykelväg Teleborg–centrum"),
        ("stadsbyggnadskontoret", "Förstudie cykelstråk Teleborg–stadskärnan"),
    ),
    (
        ("utvecklingsenheten", "Nytt intranät för koncernen"),
        ("vaxjo-energi", "Nytt intranät för Växjö Energi"),
    ),
    (
        ("arbetsmarknadsavdelningen", "Feriejobb för ungdomar 16–19 år"),
        ("vaxjobostader", "Sommarjobb för ungdomar i bostadsområdena"),
    ),
    (
        ("omsorgsforvaltningen", "Projekt för minskad sjukfrånvaro i hemtjänsten"),
        ("utbildningsforvaltningen", "Insatser mot sjukfrånvaro bland förskolepersonal"),
    ),
    (
        ("ekonomiavdelningen", "Koncerngemensam beslutsstödsplattform"),
        ("utbildningsforvaltningen", "Eget system för verksamhetsuppföljning i Power BI"),
    ),
    (
        ("vaxjo-fastighetsforvaltning", "Solceller på kommunens skolor"),
        ("vaxjo-energi", "Solcellspark och solceller på offentliga tak"),
    ),
    (
        ("utbildningsforvaltningen", "Minskat matsvinn i skolrestaurangerna"),
        ("omsorgsforvaltningen", "Minskat matsvinn i äldreomsorgens kök"),
    ),
    (
        ("kultur-och-fritidsforvaltningen", "Sommarjobb för unga inom fritidsverksamheten"),
        ("arbetsmarknadsavdelningen", "Feriejobb för ungdomar 16–19 år"),
    ),
]

__all__ = ["ACTIVITIES", "OVERLAP_PAIRS", "Act", "Link"]
