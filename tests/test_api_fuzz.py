"""A schemathesis pass over the committed OpenAPI document: no request makes a 500."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

from linkage.api import create_app  # noqa: E402
from linkage.service.tokens import create_token  # noqa: E402
from linkage.store import Store  # noqa: E402


def _app_and_secret():
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="linkage-fuzz-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)  # a module-level store: no tmp_path
    db = f"{folder}/fuzz.duckdb"
    with Store.open(db) as store:
        _, analyst = create_token(store, role="analyst")
    return create_app(db, max_upload_bytes=64 * 1024), analyst


APP, SECRET = _app_and_secret()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# The coverage phase sends hundreds of boundary cases per route; random generation, bounded
# by max_examples, is what fits the CI budget.
schema.config.phases.coverage.enabled = False


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {SECRET}"}, checks=[not_a_server_error])
