"""The store stands alone: it never pulls in the UI, the PDF renderer or the workflow engine."""

import subprocess
import sys

FORBIDDEN = ("nicegui", "weasyprint", "workflows", "jinja2", "yaml")


def test_importing_the_store_loads_no_other_layer() -> None:
    code = (
        "import sys; import store, store.files.recovery; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN!r})))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
