"""A schemathesis pass over the committed OpenAPI document: no request makes a 500."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
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
# Random generation only (schemathesis' fuzzing phase), 12 cases per mode and operation: its
# coverage phase sends hundreds of boundary cases per route, more than the CI budget holds.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


def test_every_operation_of_the_api_is_fuzzed():
    # An empty parametrize would only be reported as a skip.
    documented = [f"{method.upper()} {path}" for path, methods in APP.openapi()["paths"].items() for method in methods]
    assert sorted(op.label for op in OPERATIONS) == sorted(documented) and len(documented) >= 7


# One item per operation by a plain parametrize: the items of schemathesis' own
# `schema.parametrize()` share one node ID under pytest 9, and pytest-xdist runs items by node
# ID (one operation of seven ran).
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_no_server_errors(operation):
    modes = schema.config.generation.modes  # valid and invalid requests, as schemathesis sends

    @given(case=st.one_of([operation.as_strategy(mode) for mode in modes]))
    @settings(max_examples=12 * len(modes), deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def no_server_error(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {SECRET}"}, checks=[not_a_server_error])

    no_server_error()
