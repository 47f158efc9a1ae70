"""``userpool.settings``: what a set-up stores and reads back, over HTTP."""

from __future__ import annotations

import urllib.request
from typing import Any

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import (
    PASSWORD,
    User,
    error_of,
    make_user,
    password_sign_in,
    unique,
)


def test_tags(local: LocalTarget, idp: Any) -> None:
    arn = idp.describe_user_pool(UserPoolId=local.user_pool_id)["UserPool"]["Arn"]
    idp.tag_resource(ResourceArn=arn, Tags={"team": "qa", "env": "local"})
    idp.untag_resource(ResourceArn=arn, TagKeys=["env"])
    assert idp.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"team": "qa"}
    assert error_of(lambda: idp.list_tags_for_resource(ResourceArn="arn:aws:cognito-idp:x"))[0] == (
        "ResourceNotFoundException"
    )


def test_resource_server_update_and_delete(local: LocalTarget, idp: Any) -> None:
    identifier = unique("api")
    pool = local.user_pool_id
    idp.create_resource_server(UserPoolId=pool, Identifier=identifier, Name="first")
    updated = idp.update_resource_server(
        UserPoolId=pool,
        Identifier=identifier,
        Name="second",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}],
    )["ResourceServer"]
    assert (updated["Name"], updated["Scopes"][0]["ScopeName"]) == ("second", "read")
    described = idp.describe_resource_server(UserPoolId=pool, Identifier=identifier)
    assert described["ResourceServer"]["Name"] == "second"
    idp.delete_resource_server(UserPoolId=pool, Identifier=identifier)
    assert (
        error_of(lambda: idp.delete_resource_server(UserPoolId=pool, Identifier=identifier))[0]
        == "ResourceNotFoundException"
    )


def test_delete_user_attributes_and_settings(local: LocalTarget, idp: Any, user: User) -> None:
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    idp.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "nickname", "Value": "Nick"}]
    )
    idp.delete_user_attributes(AccessToken=access, UserAttributeNames=["nickname"])
    names = {a["Name"] for a in idp.get_user(AccessToken=access)["UserAttributes"]}
    assert "nickname" not in names and "email" in names
    idp.set_user_settings(
        AccessToken=access, MFAOptions=[{"DeliveryMedium": "EMAIL", "AttributeName": "email"}]
    )
    idp.admin_set_user_settings(
        UserPoolId=local.user_pool_id, Username=user.username, MFAOptions=[]
    )


def test_auth_events_record_each_sign_in(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    password_sign_in(local, idp, user)
    error_of(
        lambda: idp.initiate_auth(
            ClientId=local.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": PASSWORD + "x"},
        )
    )
    events = idp.admin_list_user_auth_events(UserPoolId=local.user_pool_id, Username=user.username)
    assert [(e["EventType"], e["EventResponse"]) for e in events["AuthEvents"]] == [
        ("SignIn", "Fail"),
        ("SignIn", "Pass"),
    ]
    first = idp.admin_list_user_auth_events(
        UserPoolId=local.user_pool_id, Username=user.username, MaxResults=1
    )
    assert len(first["AuthEvents"]) == 1 and first["NextToken"]


def test_risk_configuration_and_ui_customization(local: LocalTarget, idp: Any) -> None:
    pool = local.user_pool_id
    idp.set_risk_configuration(
        UserPoolId=pool,
        ClientId=local.client_id,
        RiskExceptionConfiguration={"BlockedIPRangeList": ["10.0.0.0/8"]},
    )
    risk = idp.describe_risk_configuration(UserPoolId=pool, ClientId=local.client_id)
    assert risk["RiskConfiguration"]["RiskExceptionConfiguration"] == {
        "BlockedIPRangeList": ["10.0.0.0/8"]
    }
    idp.set_ui_customization(UserPoolId=pool, CSS=".banner-customizable {color: red}")
    ui = idp.get_ui_customization(UserPoolId=pool, ClientId=local.client_id)["UICustomization"]
    assert (ui["ClientId"], ui["CSS"]) == ("ALL", ".banner-customizable {color: red}")


def test_managed_login_branding_and_terms(local: LocalTarget, idp: Any) -> None:
    pool, client = local.user_pool_id, local.client_id_with_secret
    created = idp.create_managed_login_branding(
        UserPoolId=pool, ClientId=client, Settings={"components": {"primaryButton": {}}}
    )["ManagedLoginBranding"]
    branding_id = created["ManagedLoginBrandingId"]
    assert (
        error_of(lambda: idp.create_managed_login_branding(UserPoolId=pool, ClientId=client))[0]
        == "ManagedLoginBrandingExistsException"
    )
    idp.update_managed_login_branding(
        UserPoolId=pool, ManagedLoginBrandingId=branding_id, UseCognitoProvidedValues=True
    )
    by_client = idp.describe_managed_login_branding_by_client(UserPoolId=pool, ClientId=client)
    assert by_client["ManagedLoginBranding"]["UseCognitoProvidedValues"] is True
    assert by_client["ManagedLoginBranding"]["Settings"] == {"components": {"primaryButton": {}}}
    idp.delete_managed_login_branding(UserPoolId=pool, ManagedLoginBrandingId=branding_id)
    assert (
        error_of(
            lambda: idp.describe_managed_login_branding(
                UserPoolId=pool, ManagedLoginBrandingId=branding_id
            )
        )[0]
        == "ResourceNotFoundException"
    )
    terms = idp.create_terms(
        UserPoolId=pool,
        ClientId=client,
        TermsName="terms-of-use",
        TermsSource="LINK",
        Enforcement="NONE",
        Links={"cognito:default": "https://example.com/terms"},
    )["Terms"]
    idp.update_terms(UserPoolId=pool, TermsId=terms["TermsId"], Enforcement="NONE")
    listed = idp.list_terms(UserPoolId=pool)["Terms"]
    assert terms["TermsId"] in [t["TermsId"] for t in listed]
    found = idp.describe_terms_by_client(UserPoolId=pool, ClientId=client, TermsName="terms-of-use")
    assert found["Terms"]["Links"] == {"cognito:default": "https://example.com/terms"}
    idp.delete_terms(UserPoolId=pool, TermsId=terms["TermsId"])
    assert error_of(lambda: idp.describe_terms(UserPoolId=pool, TermsId=terms["TermsId"]))[0] == (
        "ResourceNotFoundException"
    )


def test_user_import_job_with_its_csv(local: LocalTarget, idp: Any) -> None:
    pool = local.user_pool_id
    header = idp.get_csv_header(UserPoolId=pool)["CSVHeader"]
    assert header[0] == "name" and header[-2:] == ["cognito:mfa_enabled", "cognito:username"]
    job = idp.create_user_import_job(
        UserPoolId=pool, JobName="bench", CloudWatchLogsRoleArn="arn:aws:iam::000000000000:role/x"
    )["UserImportJob"]
    assert job["Status"] == "Created"
    imported = unique("imp")
    rows = [",".join(header)]
    values = dict.fromkeys(header, "")
    values.update({"email": f"{imported}@example.com", "email_verified": "true"})
    values.update({"cognito:mfa_enabled": "false", "cognito:username": imported})
    rows.append(",".join(values[h] for h in header))
    rows.append(",".join("" if h != "cognito:username" else "demo" for h in header))  # exists
    upload = urllib.request.Request(
        job["PreSignedUrl"], data="\n".join(rows).encode(), method="PUT"
    )
    with urllib.request.urlopen(upload, timeout=10) as answer:
        assert answer.status == 200
    done = idp.start_user_import_job(UserPoolId=pool, JobId=job["JobId"])["UserImportJob"]
    assert (done["Status"], done["ImportedUsers"], done["FailedUsers"]) == ("Succeeded", 1, 1)
    user = idp.admin_get_user(UserPoolId=pool, Username=imported)
    assert user["UserStatus"] == "RESET_REQUIRED"
    listed = idp.list_user_import_jobs(UserPoolId=pool, MaxResults=50)["UserImportJobs"]
    assert job["JobId"] in [j["JobId"] for j in listed]
    assert (
        idp.describe_user_import_job(UserPoolId=pool, JobId=job["JobId"])["UserImportJob"]["Status"]
        == "Succeeded"
    )
    other = idp.create_user_import_job(
        UserPoolId=pool, JobName="stop", CloudWatchLogsRoleArn="arn:aws:iam::000000000000:role/x"
    )["UserImportJob"]
    stopped = idp.stop_user_import_job(UserPoolId=pool, JobId=other["JobId"])["UserImportJob"]
    assert stopped["Status"] == "Stopped"
