// The remembered-device flow of amazon-cognito-identity-js, unmodified, against the local
// Cognito. "first": an SRP sign-in (the library confirms the new device itself), then
// setDeviceStatusRemembered. "again": a new CognitoUser on the same storage signs in with the
// cached device key (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER); an MFA prompt fails it.
// The library's storage is a JSON file, so the two runs share the cached device.
// Usage: node interop_devices.js TARGET_JSON USERNAME PASSWORD STORAGE_FILE first|again
"use strict";

const fs = require("fs");
const path = require("path");
const AmazonCognitoIdentity = require(path.join(process.env.COGNITO_JS_MODULES, "amazon-cognito-identity-js"));

const [targetJson, username, password, storageFile, mode] = process.argv.slice(2);
const target = JSON.parse(targetJson);

class FileStorage {
  constructor(file) {
    this.file = file;
    this.data = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  }
  save() { fs.writeFileSync(this.file, JSON.stringify(this.data)); }
  setItem(key, value) { this.data[key] = String(value); this.save(); }
  getItem(key) { return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : null; }
  removeItem(key) { delete this.data[key]; this.save(); }
  clear() { this.data = {}; this.save(); }
}

const storage = new FileStorage(storageFile);
const userPool = new AmazonCognitoIdentity.CognitoUserPool({
  UserPoolId: target.user_pool_id,
  ClientId: target.client_id,
  endpoint: target.endpoint_url + "/",
  Storage: storage,
});
const user = new AmazonCognitoIdentity.CognitoUser({ Username: username, Pool: userPool, Storage: storage });

function signIn() {
  const details = new AmazonCognitoIdentity.AuthenticationDetails({ Username: username, Password: password });
  return new Promise((resolve, reject) => {
    user.authenticateUser(details, {
      onSuccess: (session, userConfirmationNecessary) => resolve({ session, userConfirmationNecessary }),
      onFailure: reject,
      totpRequired: () => reject(Object.assign(new Error("asked for a TOTP code"), { code: "MFA" })),
      mfaRequired: () => reject(Object.assign(new Error("asked for an SMS code"), { code: "MFA" })),
    });
  });
}

function remember() {
  return new Promise((resolve, reject) => {
    user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject });
  });
}

async function main() {
  const { session, userConfirmationNecessary } = await signIn();
  const out = { valid: session.isValid(), deviceKey: user.deviceKey || null };
  if (mode === "first") {
    out.userConfirmationNecessary = Boolean(userConfirmationNecessary);
    out.remembered = await remember();
    out.accessToken = session.getAccessToken().getJwtToken();
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ failed: { code: err.code, message: err.message } }) + "\n");
  process.exit(1);
});
