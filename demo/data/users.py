"""The demo logins, one per role, each a made-up person with a name and a title, so that the pages
show people as a real group's would ("Karin Holmberg, kommunchef"), never a username.

Every demo user has the password in demo.data.PASSWORD. The usernames are the ones the
login page lists while DEMO_MODE is on.

The group's finance and HR director posts are being recruited (demo/data/recruitment.py): as in
a real group, each is held meanwhile by an acting director (tillförordnad, "tf."), who is also
the process owner of the area.
"""

# username, name, title, role, scope (unit slug or process area slug, or None)
USERS: list[dict] = [
    {
        "username": "kommunchef",
        "first_name": "Karin",
        "last_name": "Holmberg",
        "title": "Kommunchef",
        "role": "chief_executive",
    },
    {
        "username": "processagare-ekonomi",
        "first_name": "Johan",
        "last_name": "Sandberg",
        "title": "Tf. koncernövergripande ekonomichef",
        "role": "process_owner",
        "area": "ekonomi",
    },
    {
        "username": "processagare-hr",
        "first_name": "Maria",
        "last_name": "Lindström",
        "title": "Tf. koncernövergripande HR-chef",
        "role": "process_owner",
        "area": "hr",
    },
    {
        "username": "processagare-kommunikation",
        "first_name": "Erik",
        "last_name": "Nyberg",
        "title": "Chef för utvecklingsenheten",
        "role": "process_owner",
        "area": "kommunikation",
    },
    {
        "username": "redaktor-utbildning",
        "first_name": "Sara",
        "last_name": "Håkansson",
        "title": "Verksamhetsutvecklare, Utbildningsförvaltningen",
        "role": "unit_editor",
        "unit": "utbildningsforvaltningen",
    },
    {
        "username": "redaktor-vaxjobostader",
        "first_name": "Ali",
        "last_name": "Karimi",
        "title": "Verksamhetsutvecklare, Växjöbostäder AB",
        "role": "unit_editor",
        "unit": "vaxjobostader",
    },
    {
        "username": "lasare",
        "first_name": "Emma",
        "last_name": "Svensson",
        "title": "Biståndshandläggare, Omsorgsförvaltningen",
        "role": "reader",
    },
    {
        "username": "rekryterare",
        "first_name": "Jonas",
        "last_name": "Åberg",
        "title": "HR-specialist, rekrytering",
        "role": "recruiter",
    },
    {
        "username": "admin",
        "first_name": "Mikael",
        "last_name": "Strand",
        "title": "Systemförvaltare",
        "role": "administrator",
        "is_staff": True,
        "is_superuser": True,
    },
]

EMAIL_DOMAIN = "demo.riktning.local"

# The demo administrator's authenticator key (hex, as django-otp stores it): published like the
# demo password, so that anyone trying the demo can add it to an authenticator app, or ask
# `manage.py demo_code` for the code of the moment. Never a real installation's key.
ADMIN_TOTP_KEY = "52696b746e696e672d64656d6f2d61646d696e21"
