"""What a test set-up or an app stores on a pool and reads back: settings moto does not keep.

Tags; resource server updates and deletion; DeleteUserAttributes; user settings (the legacy
MFAOptions); the sign-in events AdminListUserAuthEvents lists (the emulator records each
sign-in and each wrong password); the risk configuration; the hosted UI's customization;
managed-login branding and terms (stored as given and returned); user import jobs, whose CSV
is uploaded to the job's ``PreSignedUrl`` (``{endpoint}/_bench/import/{job id}``, an HTTP PUT)
and imported by StartUserImportJob (users arrive as RESET_REQUIRED, as Cognito imports them).
Nothing here changes how sign-in behaves: risk settings and branding are kept, not enforced.
"""

from __future__ import annotations

import csv
import io
import secrets
import uuid
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_client, find_pool, find_user, idp_backends
from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import call_moto, text, user_status
from cognito_bench.emulator.userpool.policy import STANDARD_ATTRIBUTES, admin_user

__all__ = ["CSV_HEADER", "IMPORT_PATH", "Settings"]

#: Where an import job's CSV is uploaded (the job's PreSignedUrl).
IMPORT_PATH = "/_bench/import"
#: Cognito's user import CSV columns for a pool of standard attributes (GetCSVHeader).
CSV_HEADER = [*STANDARD_ATTRIBUTES, "cognito:mfa_enabled", "cognito:username"]


def _not_found(what: str) -> CognitoError:
    return CognitoError("ResourceNotFoundException", f"{what} does not exist.")


def _page(items: list[Any], token: str, size: int) -> tuple[list[Any], str]:
    """``size`` items from the position ``token`` names, and the next token ("" at the end)."""
    start = int(token) if token.isdigit() else 0
    end = start + max(1, size)
    return items[start:end], (str(end) if end < len(items) else "")


class Settings:
    """Pool settings, tags, import jobs, auth events and the rest of the breadth operations.

    Args:
        state: the emulator's state (the clock, the uploaded CSV files, auth events).
        issuer: checks access tokens.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer) -> None:
        self._s = state
        self._issuer = issuer
        self._tags: dict[str, dict[str, str]] = {}
        self._risk: dict[tuple[str, str], dict[str, Any]] = {}
        self._ui: dict[tuple[str, str], dict[str, Any]] = {}
        self._branding: dict[str, dict[str, Any]] = {}
        self._terms: dict[str, dict[str, Any]] = {}
        self._jobs: dict[str, dict[str, Any]] = {}

    # tags ------------------------------------------------------------------------------------------

    @staticmethod
    def _pool_by_arn(arn: str) -> Any:
        for backend in idp_backends():
            for pool in list(backend.user_pools.values()):
                if pool.arn == arn:
                    return pool
        raise CognitoError("ResourceNotFoundException", f"Resource {arn} does not exist.")

    def tag_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        """TagResource: tags on a user pool (by ARN)."""
        pool = self._pool_by_arn(text(params, "ResourceArn"))
        tags = params.get("Tags") or {}
        self._tags.setdefault(pool.arn, dict(pool.extended_config.get("UserPoolTags") or {}))
        self._tags[pool.arn].update({str(k): str(v) for k, v in tags.items()})
        return {}

    def untag_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        """UntagResource."""
        pool = self._pool_by_arn(text(params, "ResourceArn"))
        current = self._tags.setdefault(
            pool.arn, dict(pool.extended_config.get("UserPoolTags") or {})
        )
        for key in params.get("TagKeys") or []:
            current.pop(str(key), None)
        return {}

    def list_tags_for_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListTagsForResource: CreateUserPool's UserPoolTags, then TagResource's."""
        pool = self._pool_by_arn(text(params, "ResourceArn"))
        tags = self._tags.get(pool.arn, pool.extended_config.get("UserPoolTags") or {})
        return {"Tags": dict(tags)}

    # resource servers, attributes, user settings ---------------------------------------------------

    def update_resource_server(self, params: dict[str, Any]) -> dict[str, Any]:
        """UpdateResourceServer: a new name and scopes (scopes left out are removed)."""
        _, pool = find_pool(text(params, "UserPoolId"))
        server = pool.resource_servers.get(text(params, "Identifier"))
        if server is None:
            raise _not_found(f"Resource server {params['Identifier']}")
        server.name = text(params, "Name")
        server.scopes = list(params.get("Scopes") or [])
        return {"ResourceServer": server.to_json()}

    def delete_resource_server(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteResourceServer."""
        _, pool = find_pool(text(params, "UserPoolId"))
        if pool.resource_servers.pop(text(params, "Identifier"), None) is None:
            raise _not_found(f"Resource server {params['Identifier']}")
        return {}

    def delete_user_attributes(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteUserAttributes: the signed-in user's attributes go (``sub`` cannot)."""
        _, _, user, _ = self._issuer.access(text(params, "AccessToken"))
        names = {str(n) for n in params.get("UserAttributeNames") or []}
        if "sub" in names:
            raise CognitoError("InvalidParameterException", "Cannot delete attribute sub.")
        user.attributes = [a for a in user.attributes if a["Name"] not in names]
        return {}

    def set_user_settings(self, params: dict[str, Any]) -> dict[str, Any]:
        """SetUserSettings: the legacy MFAOptions of the signed-in user."""
        _, _, user, _ = self._issuer.access(text(params, "AccessToken"))
        user.mfa_options = list(params.get("MFAOptions") or [])
        return {}

    def admin_set_user_settings(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminSetUserSettings."""
        _, _, user = admin_user(params)
        user.mfa_options = list(params.get("MFAOptions") or [])
        return {}

    # sign-in events ----------------------------------------------------------------------------------

    def admin_list_user_auth_events(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminListUserAuthEvents: the user's sign-ins and wrong passwords, newest first."""
        _, pool, user = admin_user(params)
        events = list(reversed(self._s.auth_events.get((pool.id, user.username), [])))
        size = int(params.get("MaxResults") or 10)
        page, token = _page(events, str(params.get("NextToken") or ""), size)
        return {"AuthEvents": page, **({"NextToken": token} if token else {})}

    # risk configuration, UI customization ------------------------------------------------------------

    def set_risk_configuration(self, params: dict[str, Any]) -> dict[str, Any]:
        """SetRiskConfiguration: kept as given, for the pool or one of its clients."""
        pool_id, client_id = self._pool_client(params)
        keys = (
            "CompromisedCredentialsRiskConfiguration",
            "AccountTakeoverRiskConfiguration",
            "RiskExceptionConfiguration",
        )
        config: dict[str, Any] = {"UserPoolId": pool_id, "LastModifiedDate": self._s.clock()}
        if client_id:
            config["ClientId"] = client_id
        config.update({k: params[k] for k in keys if params.get(k) is not None})
        self._risk[(pool_id, client_id)] = config
        return {"RiskConfiguration": config}

    def describe_risk_configuration(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeRiskConfiguration: the client's, else the pool's, else an empty one."""
        pool_id, client_id = self._pool_client(params)
        config = self._risk.get((pool_id, client_id)) or self._risk.get((pool_id, ""))
        if config is None:
            config = {"UserPoolId": pool_id, **({"ClientId": client_id} if client_id else {})}
        return {"RiskConfiguration": config}

    def set_ui_customization(self, params: dict[str, Any]) -> dict[str, Any]:
        """SetUICustomization: CSS (and an image, whose URL is made up) for the pool or a client."""
        pool_id, client_id = self._pool_client(params)
        key = (pool_id, client_id or "ALL")
        now = self._s.clock()
        earlier = self._ui.get(key, {})
        custom: dict[str, Any] = {
            "UserPoolId": pool_id,
            "ClientId": client_id or "ALL",
            "CSS": str(params.get("CSS") or ""),
            "CSSVersion": secrets.token_hex(8),
            "CreationDate": earlier.get("CreationDate", now),
            "LastModifiedDate": now,
        }
        if params.get("ImageFile"):
            custom["ImageUrl"] = f"https://bench.invalid/{pool_id}/{client_id or 'ALL'}/logo.png"
        self._ui[key] = custom
        return {"UICustomization": custom}

    def get_ui_customization(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetUICustomization: the client's, else the pool's (``ALL``)."""
        pool_id, client_id = self._pool_client(params)
        custom = self._ui.get((pool_id, client_id or "ALL")) or self._ui.get((pool_id, "ALL"))
        return {
            "UICustomization": custom or {"UserPoolId": pool_id, "ClientId": client_id or "ALL"}
        }

    @staticmethod
    def _pool_client(params: dict[str, Any]) -> tuple[str, str]:
        pool_id = text(params, "UserPoolId")
        client_id = text(params, "ClientId", required=False)
        if client_id:
            find_client(client_id, pool_id)
        else:
            find_pool(pool_id)
        return pool_id, client_id

    # managed-login branding and terms --------------------------------------------------------------------

    def create_managed_login_branding(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateManagedLoginBranding: one style per app client."""
        pool_id, client_id = self._pool_client(params)
        if any(
            b["UserPoolId"] == pool_id and b["_client"] == client_id
            for b in self._branding.values()
        ):
            raise CognitoError(
                "ManagedLoginBrandingExistsException",
                "A managed login branding style already exists for this app client.",
            )
        now = self._s.clock()
        branding_id = str(uuid.uuid4())
        branding: dict[str, Any] = {
            "ManagedLoginBrandingId": branding_id,
            "UserPoolId": pool_id,
            "UseCognitoProvidedValues": bool(params.get("UseCognitoProvidedValues")),
            "Settings": params.get("Settings") or {},
            "Assets": list(params.get("Assets") or []),
            "CreationDate": now,
            "LastModifiedDate": now,
            "_client": client_id,
        }
        self._branding[branding_id] = branding
        return {"ManagedLoginBranding": _public(branding)}

    def _one_branding(self, params: dict[str, Any]) -> dict[str, Any]:
        branding = self._branding.get(text(params, "ManagedLoginBrandingId"))
        if branding is None or branding["UserPoolId"] != text(params, "UserPoolId"):
            raise _not_found(f"Managed login branding {params['ManagedLoginBrandingId']}")
        return branding

    def describe_managed_login_branding(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeManagedLoginBranding."""
        return {"ManagedLoginBranding": _public(self._one_branding(params))}

    def describe_managed_login_branding_by_client(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeManagedLoginBrandingByClient."""
        pool_id, client_id = self._pool_client(params)
        for branding in self._branding.values():
            if branding["UserPoolId"] == pool_id and branding["_client"] == client_id:
                return {"ManagedLoginBranding": _public(branding)}
        raise _not_found(f"Managed login branding for app client {client_id}")

    def update_managed_login_branding(self, params: dict[str, Any]) -> dict[str, Any]:
        """UpdateManagedLoginBranding: the settings and assets given replace the old ones."""
        branding = self._one_branding(params)
        for key in ("Settings", "Assets", "UseCognitoProvidedValues"):
            if params.get(key) is not None:
                branding[key] = params[key]
        branding["LastModifiedDate"] = self._s.clock()
        return {"ManagedLoginBranding": _public(branding)}

    def delete_managed_login_branding(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteManagedLoginBranding."""
        del self._branding[self._one_branding(params)["ManagedLoginBrandingId"]]
        return {}

    def create_terms(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateTerms: terms of use or a privacy policy of an app client."""
        pool_id, client_id = self._pool_client(params)
        now = self._s.clock()
        terms_id = str(uuid.uuid4())
        terms: dict[str, Any] = {
            "TermsId": terms_id,
            "UserPoolId": pool_id,
            "ClientId": client_id,
            "TermsName": text(params, "TermsName"),
            "TermsSource": text(params, "TermsSource"),
            "Enforcement": text(params, "Enforcement"),
            "Links": dict(params.get("Links") or {}),
            "CreationDate": now,
            "LastModifiedDate": now,
        }
        self._terms[terms_id] = terms
        return {"Terms": terms}

    def _one_terms(self, params: dict[str, Any]) -> dict[str, Any]:
        terms = self._terms.get(text(params, "TermsId"))
        if terms is None or terms["UserPoolId"] != text(params, "UserPoolId"):
            raise _not_found(f"Terms {params['TermsId']}")
        return terms

    def describe_terms(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeTerms."""
        return {"Terms": self._one_terms(params)}

    def describe_terms_by_client(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeTermsByClient: an app client's terms by name."""
        pool_id, client_id = self._pool_client(params)
        name = text(params, "TermsName")
        for terms in self._terms.values():
            if (terms["UserPoolId"], terms["ClientId"], terms["TermsName"]) == (
                pool_id,
                client_id,
                name,
            ):
                return {"Terms": terms}
        raise _not_found(f"Terms {name} of app client {client_id}")

    def list_terms(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListTerms: the pool's terms (summaries)."""
        pool_id = text(params, "UserPoolId")
        find_pool(pool_id)
        keys = ("TermsId", "TermsName", "Enforcement", "CreationDate", "LastModifiedDate")
        every = [
            {k: t[k] for k in keys} for t in self._terms.values() if t["UserPoolId"] == pool_id
        ]
        page, token = _page(
            every, str(params.get("NextToken") or ""), int(params.get("MaxResults") or 60)
        )
        return {"Terms": page, **({"NextToken": token} if token else {})}

    def update_terms(self, params: dict[str, Any]) -> dict[str, Any]:
        """UpdateTerms."""
        terms = self._one_terms(params)
        for key in ("TermsName", "TermsSource", "Enforcement", "Links"):
            if params.get(key) is not None:
                terms[key] = params[key]
        terms["LastModifiedDate"] = self._s.clock()
        return {"Terms": terms}

    def delete_terms(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteTerms."""
        del self._terms[self._one_terms(params)["TermsId"]]
        return {}

    # user import ----------------------------------------------------------------------------------------

    def get_csv_header(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetCSVHeader: the import CSV's columns (custom attributes before cognito:*)."""
        pool_id = text(params, "UserPoolId")
        _, pool = find_pool(pool_id)
        custom = sorted(n for n in pool.schema_attributes if n.startswith("custom:"))
        header = CSV_HEADER[:-2] + custom + CSV_HEADER[-2:]
        return {"UserPoolId": pool_id, "CSVHeader": header}

    def create_user_import_job(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateUserImportJob: PUT the CSV to the job's PreSignedUrl, then start it."""
        pool_id = text(params, "UserPoolId")
        find_pool(pool_id)
        job_id = f"import-{secrets.token_urlsafe(9)}"
        signer = self._s.signer
        base = signer.endpoint_url if signer is not None else ""
        job = {
            "JobName": text(params, "JobName"),
            "JobId": job_id,
            "UserPoolId": pool_id,
            "PreSignedUrl": f"{base}{IMPORT_PATH}/{job_id}",
            "CreationDate": self._s.clock(),
            "Status": "Created",
            "CloudWatchLogsRoleArn": text(params, "CloudWatchLogsRoleArn"),
            "ImportedUsers": 0,
            "SkippedUsers": 0,
            "FailedUsers": 0,
        }
        self._jobs[job_id] = job
        return {"UserImportJob": job}

    def _job(self, params: dict[str, Any]) -> dict[str, Any]:
        job = self._jobs.get(text(params, "JobId"))
        if job is None or job["UserPoolId"] != text(params, "UserPoolId"):
            raise _not_found(f"Import job {params['JobId']}")
        return job

    def describe_user_import_job(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeUserImportJob."""
        return {"UserImportJob": self._job(params)}

    def list_user_import_jobs(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListUserImportJobs."""
        pool_id = text(params, "UserPoolId")
        find_pool(pool_id)
        jobs = [j for j in self._jobs.values() if j["UserPoolId"] == pool_id]
        size = int(params.get("MaxResults") or 60)
        page, token = _page(jobs, str(params.get("PaginationToken") or ""), size)
        return {"UserImportJobs": page, **({"PaginationToken": token} if token else {})}

    def stop_user_import_job(self, params: dict[str, Any]) -> dict[str, Any]:
        """StopUserImportJob: a job not yet finished stops."""
        job = self._job(params)
        if job["Status"] not in ("Created", "Pending", "InProgress"):
            raise CognitoError(
                "InvalidParameterException",
                f"Job {job['JobId']} is {job['Status']}: it cannot stop.",
            )
        job.update(
            Status="Stopped", CompletionDate=self._s.clock(), CompletionMessage="Stopped by user."
        )
        return {"UserImportJob": job}

    def start_user_import_job(self, params: dict[str, Any]) -> dict[str, Any]:
        """StartUserImportJob: the uploaded CSV's users arrive as RESET_REQUIRED."""
        job = self._job(params)
        if job["Status"] != "Created":
            raise CognitoError(
                "InvalidParameterException",
                f"Job {job['JobId']} is {job['Status']}: it cannot start.",
            )
        backend, pool = find_pool(job["UserPoolId"])
        job.update(Status="InProgress", StartDate=self._s.clock())
        data = self._s.uploads.pop(job["JobId"], b"")
        imported = failed = 0
        for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig", "replace"))):
            username = (row.get("cognito:username") or "").strip()
            if not username or find_user(pool, username) is not None:
                failed += 1
                continue
            attributes = [
                {"Name": k, "Value": v}
                for k, v in row.items()
                if k and v and not k.startswith("cognito:")
            ]
            try:
                user = call_moto(
                    backend.admin_create_user, pool.id, username, "SUPPRESS", None, attributes
                )
            except CognitoError:
                failed += 1
                continue
            user.status = user_status("RESET_REQUIRED")
            imported += 1
        job.update(
            Status="Failed" if failed and not imported else "Succeeded",
            CompletionDate=self._s.clock(),
            ImportedUsers=imported,
            FailedUsers=failed,
            CompletionMessage="Import Job Completed Successfully."
            if data
            else "The CSV file was empty.",
        )
        return {"UserImportJob": job}


def _public(branding: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in branding.items() if not k.startswith("_")}
