"""A custom auth challenge: one question, three tries (the classic Define/Create/Verify trio).

Wired by ``cognito-bench.toml`` beside this file; run the flow with
``cognito-bench run resources/flows/custom-auth/custom-auth.yaml --config resources/flows/custom-auth/cognito-bench.toml``.
"""


def define(event, context):
    session = event["request"]["session"]
    last = session[-1] if session else None
    answers = [s for s in session if s["challengeName"] == "CUSTOM_CHALLENGE"]
    response = event["response"]
    response["issueTokens"] = False
    response["failAuthentication"] = False
    if last and last["challengeName"] == "SRP_A":  # CUSTOM_WITH_SRP: the password first
        response["challengeName"] = "PASSWORD_VERIFIER"
    elif last and last["challengeName"] == "PASSWORD_VERIFIER" and not last["challengeResult"]:
        response["failAuthentication"] = True
    elif answers and answers[-1]["challengeResult"]:
        response["issueTokens"] = True
    elif len(answers) >= 3:
        response["failAuthentication"] = True
    else:
        response["challengeName"] = "CUSTOM_CHALLENGE"
    return event


def create(event, context):
    event["response"]["publicChallengeParameters"] = {"question": "What is six times seven?"}
    event["response"]["privateChallengeParameters"] = {"answer": "42"}
    event["response"]["challengeMetadata"] = "QUESTION-1"
    return event


def verify(event, context):
    expected = event["request"]["privateChallengeParameters"]["answer"]
    event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == expected
    print("answer", "right" if event["response"]["answerCorrect"] else "wrong")
    return event
