"""URLs of recruitment: the public ads pages, the recruitment board and competence supply."""

from django.urls import path

from recruitment.views import board, public, supply

app_name = "recruitment"

APPLICATION = "rekrytering/ansokningar/<int:pk>/"

urlpatterns = [
    # Public: no login needed.
    path("lediga-jobb/", public.ad_list, name="public_ads"),
    path("lediga-jobb/<int:pk>/", public.ad_detail, name="public_ad"),
    path("lediga-jobb/<int:pk>/tack/", public.ad_thanks, name="public_ad_thanks"),
    # The ad's recruiter and hiring manager, and administrators.
    path("rekrytering/", board.home, name="home"),
    path("rekrytering/annonser/ny/", board.ad_create, name="ad_create"),
    path("rekrytering/annonser/<int:pk>/", board.board, name="board"),
    path("rekrytering/annonser/<int:pk>/redigera/", board.ad_edit, name="ad_edit"),
    path("rekrytering/annonser/<int:pk>/avsluta/", board.ad_close, name="ad_close"),
    path("rekrytering/annonser/<int:pk>/aterkalla/", board.ad_withdraw, name="ad_withdraw"),
    # HR's process owner and administrators: who handles the ad, and its legal hold.
    path("rekrytering/annonser/<int:pk>/roller/", board.ad_roles, name="ad_roles"),
    path("rekrytering/annonser/<int:pk>/bevarande/", board.ad_legal_hold, name="ad_legal_hold"),
    path(APPLICATION, board.application_detail, name="application_detail"),
    path(f"{APPLICATION}flytta/", board.application_move, name="application_move"),
    path(f"{APPLICATION}poang/", board.application_score, name="application_score"),
    path(f"{APPLICATION}anteckning/", board.application_note, name="application_note"),
    path(f"{APPLICATION}cv/", board.application_cv, name="application_cv"),
    # The applicant's rights: the ad's recruiter and administrators.
    path(f"{APPLICATION}export/", board.application_export, name="application_export"),
    path(f"{APPLICATION}radera/", board.application_erase, name="application_erase"),
    # Competence supply: key positions, succession, gaps.
    path("kompetensforsorjning/", supply.competence_supply, name="competence_supply"),
    path(
        "kompetensforsorjning/befattningar/<int:pk>/",
        supply.position_succession,
        name="position_succession",
    ),
    path(
        "kompetensforsorjning/eftertradare/<int:pk>/",
        supply.successor_edit,
        name="successor_edit",
    ),
    path(
        "kompetensforsorjning/eftertradare/<int:pk>/ta-bort/",
        supply.successor_remove,
        name="successor_remove",
    ),
]
