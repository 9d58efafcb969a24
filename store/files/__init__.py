"""The file store: TinyDB JSON files in one data folder, written atomically and durably, with
in-memory indexes rebuilt from their journals, for one app process."""
