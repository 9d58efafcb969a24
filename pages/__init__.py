"""Pages: NiceGUI screens that turn engine state into widgets and user events into engine and
store calls. Pages hold ids, not documents; documents live in the store. No workflow has page code
of its own: one runner renders every definition."""
