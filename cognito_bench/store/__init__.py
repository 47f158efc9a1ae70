"""What the bench remembers: profiles, history, secrets (keyring), app paths, atomic writes.

Plain, synchronous, typed Python on the standard library, ``keyring`` and ``platformdirs``;
no Qt, no boto3, no other bench layer. Calls are plain dicts (``CallRecord.to_json()``).

The window's side, in short::

    bench = BenchStore()                      # never raises; show bench.warnings once
    bench.set_local(local_target.to_json())   # the built-in "Local Cognito" entry
    name = bench.start_profile(args.profile)  # --profile, else last used, else local
    target = Target(**bench.target_fields(name, client_id))
    row = bench.record_call(name, record.to_json(), url=target.endpoint_url)
    rows, total = bench.history.page(text, operation, status, limit=100, offset=0)
    bench.history.export_har(selected_ids, path)
    bench.close()
"""

from __future__ import annotations

from cognito_bench.store.atomic import atomic_write
from cognito_bench.store.awsprofiles import AwsProfile, AwsProfiles, list_aws_profiles
from cognito_bench.store.bench import BenchStore, SaveOutcome
from cognito_bench.store.errors import ProfileError, StoreError
from cognito_bench.store.history import (
    DEFAULT_KEEP,
    MAX_KEEP,
    MIN_KEEP,
    STATUS_ERROR,
    STATUS_OK,
    HistoryEntry,
    HistoryPage,
    HistoryRow,
    HistoryStore,
)
from cognito_bench.store.logfile import configure_logging, scrub_text
from cognito_bench.store.paths import AppPaths
from cognito_bench.store.profiles import (
    LOCAL_PROFILE_NAME,
    AppClient,
    ImportResult,
    Profile,
    ProfileStore,
    local_profile,
)
from cognito_bench.store.redact import redact
from cognito_bench.store.secrets import SecretStore

__all__ = [
    "DEFAULT_KEEP",
    "LOCAL_PROFILE_NAME",
    "MAX_KEEP",
    "MIN_KEEP",
    "STATUS_ERROR",
    "STATUS_OK",
    "AppClient",
    "AppPaths",
    "AwsProfile",
    "AwsProfiles",
    "BenchStore",
    "HistoryEntry",
    "HistoryPage",
    "HistoryRow",
    "HistoryStore",
    "ImportResult",
    "Profile",
    "ProfileError",
    "ProfileStore",
    "SaveOutcome",
    "SecretStore",
    "StoreError",
    "atomic_write",
    "configure_logging",
    "list_aws_profiles",
    "local_profile",
    "redact",
    "scrub_text",
]
