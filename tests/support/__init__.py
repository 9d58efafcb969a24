"""Helpers the tests share (never collected as tests): stores and definitions to test with, the
simulated browser's log-in, the app started as a server for Playwright, a workflow driver. `pytest`
puts tests/ on the import path (pyproject: `pythonpath`), so a test imports `support.<module>`."""
