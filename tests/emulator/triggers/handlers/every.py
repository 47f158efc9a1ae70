"""Test handlers for every trigger kind (Python). Behaviour follows the event's clientMetadata:
``mode`` = raise | timeout | garbage | null | nocode makes a handler misbehave on purpose;
``raise:<Kind>`` (``raise:CreateAuthChallenge``) makes only that kind's handler raise."""

import time

LEGACY_PASSWORD = "Legacy-Passw0rd!"


def _misbehave(event):
    mode = (event["request"].get("clientMetadata") or {}).get("mode", "")
    if mode in ("raise", f"raise:{event['triggerSource'].split('_')[0]}"):
        raise ValueError(f"{event['triggerSource']} refused by the test")
    if mode == "timeout":
        time.sleep(30)
    if mode == "garbage":
        return "not an event"
    if mode == "null":
        return None
    return event


def preSignUp(event, context):
    print("pre sign-up for", event["userName"])
    answer = _misbehave(event)
    if answer is not event:
        return answer
    if (event["request"].get("validationData") or {}).get("auto") == "yes":
        event["response"]["autoConfirmUser"] = True
        event["response"]["autoVerifyEmail"] = True
    return event


def postConfirmation(event, context):
    print("confirmed", event["userName"], event["request"]["userAttributes"]["cognito:user_status"])
    return _misbehave(event)


def preAuthentication(event, context):
    if event["request"]["userAttributes"].get("email", "").startswith("blocked"):
        raise Exception("User is blocked")
    return _misbehave(event)


def postAuthentication(event, context):
    print("signed in", event["userName"])
    return _misbehave(event)


def preTokenGeneration(event, context):
    answer = _misbehave(event)
    if answer is not event:
        return answer
    if event["version"] == "1":
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"tenant": "acme", "iss": "https://evil.example"},
            "claimsToSuppress": ["email"],
            "groupOverrideDetails": {"groupsToOverride": ["readers"]},
        }
        return event
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "idTokenGeneration": {
            "claimsToAddOrOverride": {"tenant": "acme", "iss": "https://evil.example"},
            "claimsToSuppress": ["email"],
        },
        "accessTokenGeneration": {
            "claimsToAddOrOverride": {"plan": {"tier": 2, "seats": [1, 2]}},
            "scopesToAdd": ["bench-api/read"],
            "scopesToSuppress": ["openid"],
        },
        "groupOverrideDetails": {
            "groupsToOverride": ["readers"],
            "iamRolesToOverride": ["arn:aws:iam::000000000000:role/reader"],
            "preferredRole": "arn:aws:iam::000000000000:role/reader",
        },
    }
    event["response"]["claimsAndScopeOverrideDetails"]["idTokenGeneration"][
        "claimsToAddOrOverride"
    ]["source"] = event["triggerSource"]
    return event


def customMessage(event, context):
    answer = _misbehave(event)
    if answer is not event:
        return answer
    code = event["request"]["codeParameter"]
    if (event["request"].get("clientMetadata") or {}).get("mode") == "nocode":
        code = "(no code)"
    words = f"Hello from {event['triggerSource']}: {code}"
    if event["request"]["usernameParameter"]:
        words += f" user {event['request']['usernameParameter']}"
    event["response"]["emailSubject"] = "Custom subject"
    event["response"]["emailMessage"] = words
    event["response"]["smsMessage"] = words
    return event


def defineAuthChallenge(event, context):
    session = event["request"]["session"]
    last = session[-1] if session else None
    response = event["response"]
    if last and last["challengeName"] == "SRP_A":
        response.update(
            challengeName="PASSWORD_VERIFIER", issueTokens=False, failAuthentication=False
        )
    elif last and last["challengeName"] == "CUSTOM_CHALLENGE" and last["challengeResult"]:
        response.update(issueTokens=True, failAuthentication=False)
    elif sum(1 for s in session if s["challengeName"] == "CUSTOM_CHALLENGE") >= 3:
        response.update(issueTokens=False, failAuthentication=True)
    else:
        response.update(
            challengeName="CUSTOM_CHALLENGE", issueTokens=False, failAuthentication=False
        )
    return _misbehave(event)


def createAuthChallenge(event, context):
    tries = len(event["request"]["session"])
    event["response"]["publicChallengeParameters"] = {"question": f"{tries} + 4"}
    event["response"]["privateChallengeParameters"] = {"answer": str(tries + 4)}
    event["response"]["challengeMetadata"] = f"MATH-{tries}"
    return _misbehave(event)


def verifyAuthChallengeResponse(event, context):
    expected = event["request"]["privateChallengeParameters"]["answer"]
    event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == expected
    return _misbehave(event)


def userMigration(event, context):
    name = event["userName"]
    if not name.startswith("legacy-"):
        raise Exception("User does not exist in the legacy directory")
    forgot = event["triggerSource"] == "UserMigration_ForgotPassword"
    if not forgot and event["request"].get("password") != LEGACY_PASSWORD:
        raise Exception("Bad password")
    event["response"]["userAttributes"] = {"email": f"{name}@example.com", "email_verified": "true"}
    event["response"]["finalUserStatus"] = "RESET_REQUIRED" if forgot else "CONFIRMED"
    event["response"]["messageAction"] = "SUPPRESS"
    return event
