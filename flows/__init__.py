"""Prefect flows: the thin layer that runs linkage's stages (`linkage.pipeline`) as tasks.

Importing the package turns the Prefect server's telemetry off unless the environment says
otherwise: `linkage` must work offline, and a flow started without a server spins up a
temporary one whose telemetry heartbeat failed with a traceback ("database is locked") in the
middle of `linkage demo`.
"""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
