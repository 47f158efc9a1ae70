"""What a call is aimed at: region, endpoint, user pool, app client, identity pool, bucket."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Target"]

#: What :meth:`Target.to_json` writes for a client secret it does not write.
_PRESENT = "<set>"


@dataclass(frozen=True)
class Target:
    """The Cognito resources one bench session talks to.

    An empty ``endpoint_url`` means real AWS (the standard boto3 credential chain);
    otherwise every client is pointed at that URL (the embedded local Cognito).
    ``client_secret`` is kept out of ``repr`` so it never lands in a log line.
    """

    region: str = ""
    user_pool_id: str = ""
    client_id: str = ""
    client_secret: str = dataclasses.field(default="", repr=False)
    identity_pool_id: str = ""
    endpoint_url: str = ""
    bucket: str = ""
    aws_profile: str = ""
    #: The hosted UI (managed login) domain, ``https://PREFIX.auth.REGION.amazoncognito.com``.
    hosted_ui_domain: str = ""

    @property
    def is_local(self) -> bool:
        """True when the calls go to an endpoint override rather than AWS."""
        return bool(self.endpoint_url)

    @property
    def issuer(self) -> str:
        """The ``iss`` claim the pool's tokens carry."""
        if self.endpoint_url:
            return f"{self.endpoint_url.rstrip('/')}/{self.user_pool_id}"
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        """Where the pool publishes its signing keys."""
        return f"{self.issuer}/.well-known/jwks.json"

    @property
    def provider_name(self) -> str:
        """The identity-pool ``Logins`` key for this user pool: the issuer without its scheme.

        Never raises: for an endpoint urlsplit cannot parse (``http://[::1``), which the
        calls refuse as ``InvalidInput``, it is the issuer after ``://``.
        """
        try:
            parts = urlsplit(self.issuer)
        except ValueError:
            return self.issuer.split("://", 1)[-1]
        return f"{parts.netloc}{parts.path}"

    def replace(self, **changes: str) -> Target:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, str]:
        """The target as JSON, without the client secret (only whether there is one)."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["client_secret"] = _PRESENT if self.client_secret else ""
        return data

    @classmethod
    def from_json(cls, data: Any) -> Target:
        """A target from :meth:`to_json` (or the line ``cognito-bench local`` prints).

        Unknown keys are ignored, non-text values read as ""; a masked secret stays unset.
        """
        if not isinstance(data, Mapping):
            return cls()
        values: dict[str, str] = {}
        for f in dataclasses.fields(cls):
            value = data.get(f.name)
            values[f.name] = value if isinstance(value, str) else ""
        if values["client_secret"] == _PRESENT:
            values["client_secret"] = ""
        return cls(**values)
