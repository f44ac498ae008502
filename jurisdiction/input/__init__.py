"""Stage 1, input: a case file read within bounds, parsed and validated into pydantic models.

Every problem is reported with the file, the line, the field and the fix (errors.CaseError). Nothing here
knows about clingo, the state data or the answer.
"""
