"""Follow-up (uppföljning): reporting periods, the units' status reports on their activities and
assessments of their goals, the roll-up the chief executive reads, reminders before each
deadline, and the period report as Excel and PDF.

models.py holds the rows (imported by goals.models, so they belong to the goals app) and admin.py
their admin pages (imported by goals.admin); rules.py says what must be reported and by whom,
services.py the workflows (open a year, save a report, mark ready, send back, close and reopen a
period), selectors.py and history.py the reads for the pages, reminders.py the e-mails before
deadlines. views.py, urls.py and forms.py are the pages. The period report: workbook.py builds the
Excel, report.py reads and pdf.py lays out the PDF, export_jobs.py builds either in the background;
tasks.py holds the Celery tasks (imported by goals.tasks).

Outside this folder, only because Django looks for them there: the commands open_reporting_year,
send_reminders and prune_exports in goals/management/commands/, and the templates in
templates/goals/followup/.
"""
