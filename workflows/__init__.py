"""Workflows: the definition format, its loading and checking, the safe expression language and
the engine that, given a definition and answers, says which steps show, what is wrong and what is
computed. Pure Python: this package never imports nicegui, tinydb or weasyprint, so it is tested
without a browser, a database or a server."""
