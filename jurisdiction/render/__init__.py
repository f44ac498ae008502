"""Stage 5, render: findings put before a person or a tool. `words` holds every sentence a person reads,
once; the table, JSON, memo, graph and golden forms use it. Nothing in this package decides a legal question.
"""
