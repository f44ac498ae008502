"""Stage 6, apps: what a user asks for, each built on the stages below: analysis, explain, what-if, compare,
matrix, gaps, batch, sweep, exercises, guided entry, the case library and the states' records. The command
line (cli/) and later the web server are thin layers over these.
"""
