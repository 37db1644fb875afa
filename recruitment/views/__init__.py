"""Views of recruitment: the public ads pages (public.py), the recruitment board (board.py) and
competence supply (supply.py)."""
