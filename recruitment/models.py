"""Recruitment and competence supply: filled by a later step (competences, positions, job ads)."""
