"""Stage 2, data: the bundled facts about real states (party dates, reservations, national-law profiles),
each value with its source. Loading only: what the values mean is for the rules in logic/.
"""
