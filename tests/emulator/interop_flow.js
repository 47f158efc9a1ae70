// The seed's vanilla-JS flow, run under node with amazon-cognito-identity-js against the
// embedded local Cognito: sign up, confirm with the outbox code, SRP sign-in, identity-pool
// credentials for the ID token (unsigned, as a browser calls them), wrong password.
// Usage: node interop_flow.js TARGET_JSON USERNAME PASSWORD
// Prints one JSON object with what each step returned.
"use strict";

const path = require("path");
const modules = process.env.COGNITO_JS_MODULES;
const AmazonCognitoIdentity = require(path.join(modules, "amazon-cognito-identity-js"));

const target = JSON.parse(process.argv[2]);
const username = process.argv[3];
const password = process.argv[4];

const userPool = new AmazonCognitoIdentity.CognitoUserPool({
  UserPoolId: target.user_pool_id,
  ClientId: target.client_id,
  endpoint: target.endpoint_url + "/",
});

function signUp() {
  const attributes = [
    new AmazonCognitoIdentity.CognitoUserAttribute({ Name: "email", Value: username + "@example.com" }),
  ];
  return new Promise((resolve, reject) => {
    userPool.signUp(username, password, attributes, null, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

function confirm(user, code) {
  return new Promise((resolve, reject) => {
    user.confirmRegistration(code, true, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

function signIn(secret) {
  const user = new AmazonCognitoIdentity.CognitoUser({ Username: username, Pool: userPool });
  const details = new AmazonCognitoIdentity.AuthenticationDetails({ Username: username, Password: secret });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, { onSuccess: resolve, onFailure: reject });
  });
}

async function identityCall(operation, body) {
  const response = await fetch(target.endpoint_url + "/", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw Object.assign(new Error(data.message), { code: data.__type });
  return data;
}

async function main() {
  const out = {};
  const signedUp = await signUp();
  out.signUp = { username: signedUp.user.getUsername(), confirmed: signedUp.userConfirmed,
                 delivery: signedUp.codeDeliveryDetails };
  const outbox = await (await fetch(`${target.outbox_url}?username=${encodeURIComponent(username)}`)).json();
  const code = outbox[outbox.length - 1].code;
  out.confirm = await confirm(signedUp.user, code);
  const session = await signIn(password);
  out.signIn = {
    valid: session.isValid(),
    idTokenUser: session.getIdToken().decodePayload()["cognito:username"],
    issuer: session.getAccessToken().decodePayload().iss,
  };
  // What AWS.CognitoIdentityCredentials does with the ID token: GetId, then credentials.
  const provider = target.issuer.split("://")[1];
  const logins = { [provider]: session.getIdToken().getJwtToken() };
  const identity = await identityCall("GetId", { IdentityPoolId: target.identity_pool_id, Logins: logins });
  const creds = await identityCall("GetCredentialsForIdentity", { IdentityId: identity.IdentityId, Logins: logins });
  out.credentials = { identity: identity.IdentityId.split(":")[0], accessKey: creds.Credentials.AccessKeyId.slice(0, 4) };
  try {
    await signIn(password + "x");
    out.wrongPassword = { code: "none", message: "signed in with a wrong password" };
  } catch (err) {
    out.wrongPassword = { code: err.code, message: err.message };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ failed: { code: err.code, message: err.message } }) + "\n");
  process.exit(1);
});
