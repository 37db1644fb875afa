"""The Växjö demo group as plain data: units, processes, goals, activities and demo logins.

`manage.py seed_demo` loads it. Everything here is fixed data, nothing is generated at random, so
every run and every machine shows the same picture. Units are keyed by slug, goals by code,
activities by (unit slug, title) and users by username: those keys are what makes the seed
idempotent.
"""

PASSWORD = "riktning-demo"
