"""The demo logins, one per role, named by role: no invented people.

Every demo user has the password in demo.data.PASSWORD. The usernames are the ones the
login page lists while DEMO_MODE is on.
"""

# username, title, role, scope (unit slug or process area slug, or None)
USERS: list[dict] = [
    {"username": "kommunchef", "title": "Kommunchef", "role": "chief_executive"},
    {
        "username": "processagare-ekonomi",
        "title": "Processägare ekonomi (koncernekonomichef)",
        "role": "process_owner",
        "area": "ekonomi",
    },
    {
        "username": "processagare-hr",
        "title": "Processägare HR/personal (koncern-HR-chef)",
        "role": "process_owner",
        "area": "hr",
    },
    {
        "username": "processagare-kommunikation",
        "title": "Processägare kommunikation (chef för utvecklingsenheten)",
        "role": "process_owner",
        "area": "kommunikation",
    },
    {
        "username": "redaktor-utbildning",
        "title": "Verksamhetsutvecklare, Utbildningsförvaltningen",
        "role": "unit_editor",
        "unit": "utbildningsforvaltningen",
    },
    {
        "username": "redaktor-vaxjobostader",
        "title": "Verksamhetsutvecklare, Växjöbostäder AB",
        "role": "unit_editor",
        "unit": "vaxjobostader",
    },
    {"username": "lasare", "title": "Medarbetare (läsbehörighet)", "role": "reader"},
    {"username": "rekryterare", "title": "HR-specialist, rekrytering", "role": "recruiter"},
    {
        "username": "admin",
        "title": "Systemförvaltare",
        "role": "administrator",
        "is_staff": True,
        "is_superuser": True,
    },
]

EMAIL_DOMAIN = "demo.riktning.local"
