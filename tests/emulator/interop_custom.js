// CUSTOM_AUTH with amazon-cognito-identity-js, unmodified, against the embedded local Cognito:
// initiateAuth with the CUSTOM_AUTH flow, a wrong answer through sendCustomChallengeAnswer
// (the trigger asks again), then the right one (tokens).
// Usage: node interop_custom.js TARGET_JSON USERNAME
// Prints one JSON object with what each step returned.
"use strict";

const path = require("path");
const modules = process.env.COGNITO_JS_MODULES;
const AmazonCognitoIdentity = require(path.join(modules, "amazon-cognito-identity-js"));

const target = JSON.parse(process.argv[2]);
const username = process.argv[3];

const userPool = new AmazonCognitoIdentity.CognitoUserPool({
  UserPoolId: target.user_pool_id,
  ClientId: target.client_id,
  endpoint: target.endpoint_url + "/",
});
const user = new AmazonCognitoIdentity.CognitoUser({ Username: username, Pool: userPool });
user.setAuthenticationFlowType("CUSTOM_AUTH");

function step(start) {
  return new Promise((resolve, reject) => {
    start({
      onSuccess: (session) => resolve({ tokens: session }),
      onFailure: reject,
      customChallenge: (parameters) => resolve({ challenge: parameters }),
    });
  });
}

async function main() {
  const out = {};
  const details = new AmazonCognitoIdentity.AuthenticationDetails({ Username: username });
  const first = await step((callbacks) => user.initiateAuth(details, callbacks));
  out.first = first.challenge;
  const wrong = await step((callbacks) => user.sendCustomChallengeAnswer("wrong", callbacks));
  out.afterWrong = wrong.challenge;
  const [a, , b] = wrong.challenge.question.split(" ");
  const right = await step((callbacks) =>
    user.sendCustomChallengeAnswer(String(Number(a) + Number(b)), callbacks),
  );
  out.signedIn = {
    valid: right.tokens.isValid(),
    idTokenUser: right.tokens.getIdToken().decodePayload()["cognito:username"],
  };
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ failed: { code: err.code, message: err.message } }) + "\n");
  process.exit(1);
});
