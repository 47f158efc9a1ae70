// The Node.js trigger worker of the embedded local Cognito (shipped with cognito-bench).
// Reads one JSON request per line on stdin ({id, file, function, event, context}) and
// writes one JSON reply per line ({id, ok, result | errorType/errorMessage, stage, logs}).
// A handler may be async, return a value, or answer through callback or context.succeed /
// fail / done, as on Lambda. What it logs (console.*, process.stdout/stderr) is captured per
// call. A file is loaded again when its modification time or size changed (hot reload):
// CommonJS through require with its cache entry dropped, ES modules through import() with
// the change stamp in the URL. The parent kills this process when a call takes too long.
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const { pathToFileURL } = require("url");
const util = require("util");

const MAX_LOGS = 64 * 1024;
const out = process.stdout.write.bind(process.stdout);
const loaded = new Map(); // file -> {stamp, module}
let logs = null; // the current call's captured output

function capture(chunk) {
  if (logs !== null) logs.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
  return true;
}
process.stdout.write = capture;
process.stderr.write = capture;
for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[level] = (...args) => capture(util.format(...args) + "\n");
}

class Failure extends Error {
  constructor(errorType, message, stage) {
    super(message);
    this.errorType = errorType;
    this.stage = stage;
  }
}

async function load(file) {
  let st;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new Failure("ResourceNotFoundException", `${file}: ${err.code}`, "missing");
  }
  const stamp = `${st.mtimeMs}-${st.size}`;
  const cached = loaded.get(file);
  if (cached && cached.stamp === stamp) return cached.module;
  let mod;
  try {
    if (file.endsWith(".mjs")) {
      mod = await import(`${pathToFileURL(file).href}?v=${stamp}`);
    } else {
      delete require.cache[require.resolve(file)];
      try {
        mod = require(file);
      } catch (err) {
        if (err.code !== "ERR_REQUIRE_ESM") throw err;
        mod = await import(`${pathToFileURL(file).href}?v=${stamp}`);
      }
    }
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new Failure("Runtime.UserCodeSyntaxError", `SyntaxError: ${err.message}`, "import");
    }
    throw new Failure("Runtime.ImportModuleError", `Error: ${err.message}`, "import");
  }
  loaded.set(file, { stamp, module: mod });
  return mod;
}

function context(data) {
  const deadline = Date.now() + (data.timeout_ms || 5000);
  return {
    functionName: data.function_name || "",
    functionVersion: "$LATEST",
    invokedFunctionArn: data.invoked_function_arn || "",
    memoryLimitInMB: "128",
    awsRequestId: data.aws_request_id || "",
    logGroupName: `/aws/lambda/${data.function_name || ""}`,
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

async function call(request) {
  const mod = await load(request.file);
  if (request.load_only) return null; // warming up: load the file, call nothing
  const name = request.function || "handler";
  let handler = mod[name];
  if (typeof handler !== "function" && mod.default && typeof mod.default === "object") {
    handler = mod.default[name];
  }
  if (typeof handler !== "function") {
    const module = path.basename(request.file).replace(/\.[^.]+$/, "");
    throw new Failure("Runtime.HandlerNotFound", `${module}.${name} is undefined or not exported`, "import");
  }
  return new Promise((resolve, reject) => {
    const ctx = context(request.context || {});
    const done = (err, result) => (err ? reject(err) : resolve(result));
    ctx.succeed = (result) => done(null, result);
    ctx.fail = (err) => done(err || new Error("handled"));
    ctx.done = done;
    let returned;
    try {
      returned = handler(request.event, ctx, done);
    } catch (err) {
      reject(err);
      return;
    }
    if (returned && typeof returned.then === "function") {
      returned.then((result) => resolve(result), reject);
    } else if (handler.length < 3 && returned !== undefined) {
      resolve(returned);
    }
  });
}

async function serve(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch (err) {
    return;
  }
  logs = [];
  const reply = { id: request.id };
  try {
    const result = await call(request);
    try {
      reply.result = result === undefined ? null : JSON.parse(JSON.stringify(result));
      reply.ok = true;
    } catch (err) {
      Object.assign(reply, { ok: false, errorType: "Runtime.MarshalError", errorMessage: err.message, stage: "output" });
    }
  } catch (err) {
    if (err instanceof Failure) {
      Object.assign(reply, { ok: false, errorType: err.errorType, errorMessage: err.message, stage: err.stage });
    } else {
      const isError = err instanceof Error;
      Object.assign(reply, {
        ok: false,
        errorType: isError ? err.name : "Error",
        errorMessage: isError ? err.message : String(err),
      });
      if (isError && err.stack) logs.push(err.stack + "\n");
    }
  }
  let text = logs.join("");
  if (text.length > MAX_LOGS) text = text.slice(0, MAX_LOGS) + "\n[truncated]";
  reply.logs = text;
  logs = null;
  out(JSON.stringify(reply) + "\n");
}

let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim()) queue = queue.then(() => serve(line));
});
