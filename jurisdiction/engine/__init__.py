"""Stage 3, engine: models and data become clingo symbols, the rules of logic/ are ground and solved, and the
raw answer comes back. The only modules that import clingo; facts reach it as symbols, never as program text.
"""
