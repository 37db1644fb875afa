"""Follow-up (uppföljning): reporting periods, the units' status reports on their activities and
assessments of their goals, the roll-up the chief executive reads, and reminders before each
deadline.

models.py holds the rows (imported by goals.models, so they belong to the goals app), services.py
the workflows (open a year, save a report, mark ready, send back, close and reopen a period),
selectors.py the reads for the pages, and reminders.py the e-mails before deadlines.
"""
