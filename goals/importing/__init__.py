"""Importing activity plans from spreadsheets: a CSV file or an Excel workbook (.xlsx).

Municipalities keep their activity plans in spreadsheets; this reads one, checks every row, and
saves all of it or nothing. The format:

- Line 1 is the header; each later line is one activity. Headers are Swedish or English, in any
  case, with any spacing: enhet/unit and titel/title are required; beskrivning/description,
  mål/goals, effekt/effect, motivering/reason, process, status, start, slut/end, budget and
  ansvarig/responsible are optional. An unknown header refuses the file, so a misspelt column is
  never silently dropped.
- CSV (.csv or .txt) is UTF-8, with or without the byte-order mark Excel writes, separated by
  ";" (Swedish Excel), "," or tab, found from the header line. Excel (.xlsx): the first sheet,
  cells as typed, date cells too. Old .xls workbooks are refused with how to save them anew.
- A unit is named by its name, short name or slug; a process by its name or slug; both in any case.
- Goals are separated by ";" or line breaks, each given by its code ("2.1"), its exact title, its
  code and title as Riktning shows it ("2.1 Fler i arbete"), or its id ("#12", or a bare number
  that is no goal's code). A code that several goals share is refused: name the goal by title or id.
- effekt (stödjer/motverkar, supports/counteracts; empty: supports) and motivering apply to every
  goal of the row. A counteraction needs a reason, as everywhere in Riktning: a row that counteracts
  with no motivering is refused rather than given a made-up reason.
- Dates are ISO (2026-03-01) or Excel date cells; budget is whole kronor, with spaces or thin
  spaces between thousands and "kr" or "SEK" allowed ("1 250 000 kr").
- A cell that starts with = + - or @ would be read as a formula by a spreadsheet program and is
  refused (a plain number such as -5 is read as a number). The same row twice in the file (unit and
  title), or a row whose unit already has an activity with that title, is refused: importing the
  same plan twice must not double it.
- The importing user must be allowed to write each row (unit editor of the unit or a unit above
  it, process owner of the row's process, or administrator). An import run by a command without a
  user writes as an administrator.

All or nothing: any error refuses the whole file, and every error is reported with its line
(the spreadsheet's row number; the header is line 1) and column. A clean file is saved in one
transaction, and the overlap scan is enqueued for the new activities once it has committed.

The rows are saved with bulk inserts rather than one services.activity_create per row: the rules
activity_create enforces (who may write, dates in order, a reason for a counteraction, each goal
once, the model's own field checks) are all checked here first, with the service's own helpers
and messages where they exist, and the database constraints and history triggers still apply.
A 5,000-row plan then saves in a few queries instead of tens of thousands.
"""
