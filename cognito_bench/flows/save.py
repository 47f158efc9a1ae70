"""Clicked calls as a flow file: what a QA engineer did becomes a regression test.

:func:`flow_from_records` turns History records (each remembers the step that made it and
its non-secret inputs, ``CallRecord.step``) into flow YAML: one step per button click, in
order, with an ``expect`` of what happened (``ok: true``, or the error code).

A flow the bench writes never holds a password, secret, code or token:

* passwords are variables read from the environment: ``password`` is
  ``{{ env.QA_PASSWORD }}``, a second, different password typed in the same session (a
  wrong one, a new one) ``password_2`` from ``QA_PASSWORD_2``, and so on; records tell equal
  secrets from different ones by a fingerprint only (``steps.step_inputs``). When the flow
  signs its own user up against the local Cognito, each has a sample default
  (``Qa-Passw0rd!1``, ``Qa-Passw0rd!2``...; not what was typed) so it runs as saved;
* codes Cognito sent by e-mail or SMS (confirmation, password reset, attribute
  verification, an e-mail or SMS sign-in or MFA answer) are
  ``{{ outbox.last_code(username) }}`` against the local Cognito (``{{ env.QA_CODE }}``
  against AWS), authenticator codes ``{{ totp.code() }}``;
* a code that was wrong on purpose (the click ended with ``CodeMismatchException`` or
  ``ExpiredCodeException``) stays wrong: ``000000``, with ``expect: {error:
  CodeMismatchException}`` (an expired code cannot be made again; the header says so);
* any other secret (a client secret to add, ...) is read from the environment:
  ``{{ env.QA_<NAME> }}``, each name listed in the header;
* calls made with another app client than the run's keep it: when every call used one
  client of the local Cognito that is not its default, ``target:`` names it by its name in
  the JSON line (``{{ target.client_id_with_secret }}``: ids change per start); calls made
  with several clients, or one the bench cannot name, get a note in the header (a flow's
  ``target`` sets one client for all its steps);
* the first username becomes the variable ``username``.

Calls that no step made (admin list pages, a hosted UI browser sign-in) are left out, each
noted in a comment at the top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import yaml

from cognito_bench.flows.steps import STEPS

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord

__all__ = ["WRONG_CODE", "flow_from_records", "local_clients", "sample_password"]


def sample_password(n: int) -> str:
    """The default of a saved flow's ``n``-th password variable (a sample, not a secret)."""
    return f"Qa-Passw0rd!{n}"


#: Inputs that hold passwords (a variable each distinct secret).
_PASSWORDS = ("password", "new_password", "temporary_password")
_TOTP_STEPS = {"totp_verify", "challenge_totp_verify"}
#: Inputs that are codes Cognito sent by e-mail or SMS (the outbox has them locally).
_SENT_CODES = {
    ("confirm_sign_up", "code"),
    ("confirm_forgot_password", "code"),
    ("verify_attribute", "code"),
}
#: Challenges whose answer is a code Cognito sent.
_SENT_CHALLENGES = {"SMS_MFA", "EMAIL_OTP", "SMS_OTP"}
#: What a saved flow sends for a code that was wrong on purpose (not a secret to hide).
WRONG_CODE = "000000"
#: Errors that mean the code given was wrong (or too old) on purpose.
_WRONG_CODE_ERRORS = {
    "CodeMismatchException",
    "ExpiredCodeException",
    "EnableSoftwareTokenMFAException",
}
#: Environment variables for secrets that are neither passwords nor codes (by step, input).
_ENV_SECRETS = {("admin_add_client_secret", "secret"): "QA_CLIENT_SECRET_2"}
#: The local Cognito's client secrets, by the name of their client in its JSON line.
_SECRET_OF = {
    "client_id_with_secret": "client_secret",
    "machine_client_id": "machine_client_secret",
}


def local_clients(local: Mapping[str, object]) -> dict[str, str]:
    """The local Cognito's app clients: client id → its name in the JSON line of
    ``cognito-bench local`` (``client_id``, ``client_id_with_secret``, ...), which a flow
    reads as ``{{ target.NAME }}``."""
    return {
        str(value): str(key)
        for key, value in local.items()
        if isinstance(value, str)
        and value
        and str(key).startswith(("client_id", "machine_client_id"))
    }


def _invocations(
    records: Iterable[CallRecord],
) -> tuple[list[tuple[CallRecord, dict[str, Any]]], list[str]]:
    """One (last record, step info) per step run, in order; and what was left out."""
    seen: dict[str, int] = {}
    runs: list[tuple[CallRecord, dict[str, Any]]] = []
    left: list[str] = []
    for record in records:
        info = record.step if isinstance(record.step, dict) else None
        name = info.get("name") if info else None
        if not info or name not in STEPS:
            left.append(record.label or record.operation)
            continue
        call = str(info.get("call", ""))
        if call and call in seen:  # a later record of the same click (GetId, then creds)
            runs[seen[call]] = (record, info)
            continue
        if call:
            seen[call] = len(runs)
        runs.append((record, info))
    return runs, left


def _answer(record: CallRecord, local: bool, user: str) -> str:
    challenge = str(record.request.get("ChallengeName", ""))
    if challenge == "SOFTWARE_TOKEN_MFA":
        return "{{ totp.code(1) }}"
    if challenge == "NEW_PASSWORD_REQUIRED":
        return "{{ env.QA_NEW_PASSWORD }}"
    if challenge in {"SMS_MFA", "EMAIL_OTP", "SMS_OTP"}:
        return f"{{{{ outbox.last_code({user}) }}}}" if local else "{{ env.QA_CODE }}"
    return "{{ env.QA_CHALLENGE_ANSWER }}"


class _Passwords:
    """One variable per distinct password (by fingerprint), in the order first typed."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # fingerprint (or a label when none) -> variable

    def variable(self, value: Any, kind: str) -> str:
        key = str(value) if isinstance(value, str) and value.startswith("secret:") else kind
        if key not in self.names:
            n = len(self.names) + 1
            self.names[key] = "password" if n == 1 else f"password_{n}"
        return self.names[key]

    def variables(self, defaults: bool) -> dict[str, str]:
        out: dict[str, str] = {}
        for n, name in enumerate(self.names.values(), start=1):
            env = f"QA_{name.upper()}"
            default = f" | default('{sample_password(n)}')" if defaults else ""
            out[name] = f"{{{{ env.{env}{default} }}}}"
        return out


def flow_from_records(
    records: Sequence[CallRecord],
    name: str,
    *,
    local: bool = True,
    clients: Mapping[str, str] | None = None,
) -> str:
    """A flow file (YAML text) that makes ``records``' calls again.

    Args:
        records: History records, oldest first.
        name: the flow's name.
        local: the calls went to the local Cognito (codes come from its outbox).
        clients: the local Cognito's app clients (:func:`local_clients`), to name a
            non-default client the calls used.

    Raises:
        ValueError: none of the records was made by a step.
    """
    runs, left = _invocations(records)
    if not runs:
        raise ValueError("none of these calls was made by a button the bench can replay")
    first_user = next(
        (str(info["inputs"]["username"]) for _r, info in runs if _inputs(info).get("username")),
        "",
    )
    signs_up = local and any(info["name"] in {"sign_up", "admin_create_user"} for _r, info in runs)
    passwords = _Passwords()
    other_envs: list[str] = []
    notes: list[str] = []
    current = first_user
    steps: list[dict[str, Any]] = []
    for n, (record, info) in enumerate(runs, start=1):
        step = STEPS[str(info["name"])]
        given = _inputs(info)
        if given.get("username"):
            current = str(given["username"])
        user = "username" if current == first_user else repr(current)
        failed = next((r for r in _calls_of(records, info) if not r.ok), None)
        wrong_code = failed is not None and failed.error_code in _WRONG_CODE_ERRORS
        inputs: dict[str, Any] = {}
        for spec in step.inputs:
            value = given.get(spec.name)
            if value in ("", None, False):
                continue
            is_code = (step.name, spec.name) in _SENT_CODES or (
                spec.secret and (step.name in _TOTP_STEPS or spec.name == "answer")
            )
            if spec.name == "username":
                inputs[spec.name] = "{{ username }}" if current == first_user else current
            elif spec.name in _PASSWORDS:
                inputs[spec.name] = f"{{{{ {passwords.variable(value, spec.name)} }}}}"
            elif is_code and wrong_code and _answer_is_code(step.name, spec.name, record):
                inputs[spec.name] = WRONG_CODE  # wrong on purpose: keep it wrong
            elif spec.secret and step.name in _TOTP_STEPS:
                inputs[spec.name] = "{{ totp.code() }}"
            elif spec.secret and spec.name == "answer":
                inputs[spec.name] = _answer(record, local, user)
            elif (step.name, spec.name) in _SENT_CODES:
                inputs[spec.name] = (
                    f"{{{{ outbox.last_code({user}) }}}}" if local else "{{ env.QA_CODE }}"
                )
            elif spec.secret:  # a secret of another kind: the environment
                env = _ENV_SECRETS.get((step.name, spec.name), f"QA_{spec.name.upper()}")
                if env not in other_envs:
                    other_envs.append(env)
                inputs[spec.name] = f"{{{{ env.{env} }}}}"
            else:
                inputs[spec.name] = value
        expect: dict[str, Any] = {"ok": True} if failed is None else {"error": failed.error_code}
        if failed is not None and failed.error_code == "ExpiredCodeException":
            expect = {"error": "CodeMismatchException"}
            notes.append(
                f"# Step {n}: its code had expired (ExpiredCodeException); the flow sends a "
                f"wrong code ({WRONG_CODE}) instead."
            )
        steps.append({step.name: inputs or None, "expect": expect})
    variables: dict[str, Any] = {"username": first_user} if first_user else {}
    variables.update(passwords.variables(defaults=signs_up))
    envs = [f"QA_{n.upper()}" for n in passwords.names.values()]
    header = [f"# Saved from Cognito Bench's History ({len(steps)} step(s))."]
    if other_envs:
        header.append(
            f"# Passwords and secrets come from the environment ({', '.join(envs + other_envs)}):"
            " the flow holds no secret."
        )
    elif envs:
        header.append(
            f"# Passwords come from the environment ({', '.join(envs)}): the flow holds no secret."
        )
    else:
        header.append("# The flow holds no secret.")
    target, note = _target_section([r for r, _i in runs], clients)
    if note:
        header.append(note)
    header.extend(notes)
    if left:
        header.append(f"# Left out (no step makes them): {', '.join(sorted(set(left)))}.")
    body: dict[str, Any] = {"name": name}
    if variables:
        body["vars"] = variables
    if target:
        body["target"] = target
    return (
        "\n".join(header)
        + "\n"
        + _dump_top(body)
        + "steps:\n"
        + "".join(_dump_step(entry) for entry in steps)
    )


def _answer_is_code(step: str, name: str, record: CallRecord) -> bool:
    """True when the input ``name`` of ``step`` is a code (not a new password or a custom
    challenge's answer, which a wrong-code error does not describe)."""
    if step == "answer_challenge" and name == "answer":
        challenge = str(record.request.get("ChallengeName", ""))
        return challenge in _SENT_CHALLENGES or challenge == "SOFTWARE_TOKEN_MFA"
    return True


def _target_section(
    records: Sequence[CallRecord], clients: Mapping[str, str] | None
) -> tuple[dict[str, str], str]:
    """The flow's ``target`` (the app client the calls used, when it is not the run's) and a
    header note when the calls' client cannot be kept."""
    used = list(
        dict.fromkeys(r.target.client_id for r in records if r.target and r.target.client_id)
    )
    if not used:
        return {}, ""
    named = (clients or {}).get(used[0], "") if len(used) == 1 else ""
    if named == "client_id":
        return {}, ""
    if named:
        target = {"client_id": f"{{{{ target.{named} }}}}"}
        secret = _SECRET_OF.get(named)
        if secret and any(r.target and r.target.client_secret for r in records):
            target["client_secret"] = f"{{{{ target.{secret} }}}}"
        return target, ""
    if len(used) > 1:
        return {}, (
            f"# Note: these calls used {len(used)} app clients ({', '.join(used)}); the flow "
            "replays them all with the run's client (a flow's target sets one client)."
        )
    if clients:
        return {}, (
            f"# Note: these calls used app client {used[0]}; the flow replays them with the "
            "run's client (set target: {client_id: ...} to pin it)."
        )
    return {}, ""


def _inputs(info: dict[str, Any]) -> dict[str, Any]:
    inputs = info.get("inputs")
    return inputs if isinstance(inputs, dict) else {}


def _calls_of(records: Sequence[CallRecord], info: dict[str, Any]) -> list[CallRecord]:
    """Every record one click made (a click that made GetId and then failed counts as failed)."""
    call = info.get("call")
    return [r for r in records if isinstance(r.step, dict) and r.step.get("call") == call]


def _inline(value: Any) -> str:
    text = yaml.safe_dump(
        value, default_flow_style=True, width=10_000, allow_unicode=True, sort_keys=False
    )
    return str(text).strip()


def _dump_top(body: dict[str, Any]) -> str:
    return str(
        yaml.safe_dump(
            body, default_flow_style=False, sort_keys=False, allow_unicode=True, width=10_000
        )
    )


def _dump_step(entry: dict[str, Any]) -> str:
    (name, inputs), *rest = entry.items()
    line = f"  - {name}:" + (f" {_inline(inputs)}" if inputs else "") + "\n"
    for key, value in rest:
        line += f"    {key}: {_inline(value)}\n"
    return line
