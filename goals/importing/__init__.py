"""Importing activity plans from spreadsheets (a CSV file or an Excel workbook), all rows or none:
reading.py reads the file, services.py checks and saves the rows, views.py is the page and
manage.py import_activities the command. The format, line by line: docs/importing.md.
"""
