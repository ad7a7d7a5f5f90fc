"""`igu-admin bench`: measured figures, kept out of the test suite, each on a
throw-away database so that it never touches real data. The records are made
with igu_admin.testing's factories, or with bulk inserts where the figure is
of reading many (the queue, the claims)."""
