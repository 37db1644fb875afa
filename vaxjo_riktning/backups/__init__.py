"""Backups of the database and the private files: making them and letting them expire
(making.py), proving that one restores (checking.py), restoring one for real (restoring.py);
a backup's folder (layout.py) and PostgreSQL's tools with the app's connection (postgres.py).

A backup is one folder, `riktning-<UTC time>` in BACKUP_DIR, written as `.<name>.partial` and
renamed when complete, so that a half-written backup is never taken for one:

- `database.dump`: pg_dump's custom format (pg_restore reads it), of the database the app uses
  (DATABASE_URL's, or the embedded server's with its own pg_dump);
- `private-files.tar`: PRIVATE_MEDIA_ROOT, applicants' CVs and the period reports;
- `manifest.json`: when, the migrations applied, the row count of every table of Riktning's
  apps, and the sha256 of both files and of every private file.

The dump and the counts come from one snapshot of the database (pg_dump --snapshot), so the
counts are those of the dump even while people keep working.

Backups hold applicants' data: they are kept no longer than backupcheck.backup_expiry() says,
and a restore runs the retention job again (docs/operations.md, "Backups and restore").

An entry point, like the overview: the check renders a page from the restored database, and the
check and the restore run recruitment's retention, so the package sits above every app.
"""
