"""Conflicts raised by the unit they hurt: a unit says that another unit's activity works
against one of its goals, with a reason and a due date, and the chief executive (or both units
agreeing) settles it. See docs/conflicts.md."""
