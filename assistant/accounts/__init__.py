"""Who may do what, and what they did.

Accounts, roles, knowledge-base grants, the audit trail, sign-in sessions and saved
conversations, all in one SQLite database:

* ``db``: the database file and its schema (the audit table is append-only by trigger).
* ``users``: accounts, roles and argon2 password hashes.
* ``grants``: knowledge bases (one set of Chroma collections each) and who may use them.
* ``access``: the one place a permission is decided (``Access.check``).
* ``workspace``: one principal in one knowledge base, every call checked and recorded.
* ``admin``: accounts, grants and knowledge bases, for admins.
* ``audit``, ``sessions``, ``conversations`` (with ``transcript``, the results they store).

``assistant.office.Office`` puts them together over one store.
"""
