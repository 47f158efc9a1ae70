// Test handlers for every trigger kind (Node.js, ES module). The same behaviour as every.py:
// the event's clientMetadata.mode = raise | timeout | garbage | null | nocode misbehaves;
// raise:<Kind> (raise:CreateAuthChallenge) makes only that kind's handler throw.
const LEGACY_PASSWORD = "Legacy-Passw0rd!";

async function misbehave(event) {
  const mode = (event.request.clientMetadata || {}).mode || "";
  if (mode === "raise" || mode === `raise:${event.triggerSource.split("_")[0]}`) throw new Error(`${event.triggerSource} refused by the test`);
  if (mode === "timeout") await new Promise((resolve) => setTimeout(resolve, 30000));
  if (mode === "garbage") return "not an event";
  if (mode === "null") return null;
  return event;
}

export const preSignUp = async (event) => {
  console.log("pre sign-up for", event.userName);
  const answer = await misbehave(event);
  if (answer !== event) return answer;
  if ((event.request.validationData || {}).auto === "yes") {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};

export const postConfirmation = async (event) => {
  console.log("confirmed", event.userName, event.request.userAttributes["cognito:user_status"]);
  return misbehave(event);
};

export const preAuthentication = async (event) => {
  if ((event.request.userAttributes.email || "").startsWith("blocked")) throw new Error("User is blocked");
  return misbehave(event);
};

export const postAuthentication = async (event) => {
  console.log("signed in", event.userName);
  return misbehave(event);
};

export const preTokenGeneration = async (event) => {
  const answer = await misbehave(event);
  if (answer !== event) return answer;
  if (event.version === "1") {
    event.response.claimsOverrideDetails = {
      claimsToAddOrOverride: { tenant: "acme", iss: "https://evil.example" },
      claimsToSuppress: ["email"],
      groupOverrideDetails: { groupsToOverride: ["readers"] },
    };
    return event;
  }
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: {
      claimsToAddOrOverride: { tenant: "acme", iss: "https://evil.example", source: event.triggerSource },
      claimsToSuppress: ["email"],
    },
    accessTokenGeneration: {
      claimsToAddOrOverride: { plan: { tier: 2, seats: [1, 2] } },
      scopesToAdd: ["bench-api/read"],
      scopesToSuppress: ["openid"],
    },
    groupOverrideDetails: {
      groupsToOverride: ["readers"],
      iamRolesToOverride: ["arn:aws:iam::000000000000:role/reader"],
      preferredRole: "arn:aws:iam::000000000000:role/reader",
    },
  };
  return event;
};

export const customMessage = async (event) => {
  const answer = await misbehave(event);
  if (answer !== event) return answer;
  let code = event.request.codeParameter;
  if ((event.request.clientMetadata || {}).mode === "nocode") code = "(no code)";
  let words = `Hello from ${event.triggerSource}: ${code}`;
  if (event.request.usernameParameter) words += ` user ${event.request.usernameParameter}`;
  event.response.emailSubject = "Custom subject";
  event.response.emailMessage = words;
  event.response.smsMessage = words;
  return event;
};

export const defineAuthChallenge = async (event) => {
  const session = event.request.session;
  const last = session.length ? session[session.length - 1] : null;
  const response = event.response;
  if (last && last.challengeName === "SRP_A") {
    Object.assign(response, { challengeName: "PASSWORD_VERIFIER", issueTokens: false, failAuthentication: false });
  } else if (last && last.challengeName === "CUSTOM_CHALLENGE" && last.challengeResult) {
    Object.assign(response, { issueTokens: true, failAuthentication: false });
  } else if (session.filter((s) => s.challengeName === "CUSTOM_CHALLENGE").length >= 3) {
    Object.assign(response, { issueTokens: false, failAuthentication: true });
  } else {
    Object.assign(response, { challengeName: "CUSTOM_CHALLENGE", issueTokens: false, failAuthentication: false });
  }
  return misbehave(event);
};

export const createAuthChallenge = async (event) => {
  const tries = event.request.session.length;
  event.response.publicChallengeParameters = { question: `${tries} + 4` };
  event.response.privateChallengeParameters = { answer: String(tries + 4) };
  event.response.challengeMetadata = `MATH-${tries}`;
  return misbehave(event);
};

export const verifyAuthChallengeResponse = async (event) => {
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
  return misbehave(event);
};

export const userMigration = async (event) => {
  const name = event.userName;
  if (!name.startsWith("legacy-")) throw new Error("User does not exist in the legacy directory");
  const forgot = event.triggerSource === "UserMigration_ForgotPassword";
  if (!forgot && event.request.password !== LEGACY_PASSWORD) throw new Error("Bad password");
  event.response.userAttributes = { email: `${name}@example.com`, email_verified: "true" };
  event.response.finalUserStatus = forgot ? "RESET_REQUIRED" : "CONFIRMED";
  event.response.messageAction = "SUPPRESS";
  return event;
};
