"""Views of the goals app: browse.py reads the goal chain and lists; activities.py shows and
changes one activity."""
