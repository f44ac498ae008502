"""Stage 4, findings: the rules' output symbols decoded into typed, JSON-ready findings in a stable order,
with the facts each rests on taken from the encoding (never by re-reading the case).
"""
