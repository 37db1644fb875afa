"""Sub-optimisation: activities of different units that describe the same work (overlap), and
counteraction between units and gaps in the goal chain.

Finding overlap: text.py, meaning.py, vocabulary.py and documents.py analyse each activity's
text; evidence.py scores a pair with the weights fitting.py fits (evaluation.py measures them);
search.py suggests while an editor types, scan.py keeps the suspected pairs, cases.py groups
three or more units doing the same work, reasons.py says why in words, and learning.py learns
from decisions. services.py saves a decision and a merge; selectors.py reads counteraction and
gaps; views.py, forms.py and urls.py are their pages.
"""
