// SPDX-License-Identifier: Apache-2.0
// Loads extension.js from an unpacked .vsix with a stand-in for the `vscode`
// module (which only VS Code provides), so that every other module it needs
// must come from the package itself: vscode-languageclient and its own
// dependencies. Then activates it without a bdlc to find.
//   node load_extension.js UNPACKED/extension
"use strict";
const Module = require("module");
const path = require("path");

const extDir = path.resolve(process.argv[2] || "");
const messages = [];
const settings = { bdlcPath: "/nonexistent/bdlc" };
// Any property of the stand-in is a callable stand-in too, as the client
// library reads classes and enums from `vscode` when it loads.
const anything = { get: (t, k) => (k in t ? t[k] : (t[k] = new Proxy(function () {}, anything))) };
const vscode = new Proxy({
  window: new Proxy({ showInformationMessage: (m) => messages.push(m) }, anything),
  workspace: new Proxy({ getConfiguration: (section) => ({ get: (k) => (section === "bdl" ? settings[k] : undefined) }) },
                       anything),
}, anything);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: vscode };

function fail(msg) {
  console.error("load_extension: " + msg);
  process.exit(1);
}

const ext = require(path.join(extDir, "extension.js"));
if (typeof ext.activate !== "function" || typeof ext.deactivate !== "function")
  fail("extension.js does not export activate and deactivate");
const client = require.resolve("vscode-languageclient/node", { paths: [extDir] });
if (!client.startsWith(extDir + path.sep))
  fail(`vscode-languageclient/node resolves outside the package: ${client}`);
const { LanguageClient } = require(client);
if (typeof LanguageClient !== "function")
  fail("vscode-languageclient/node has no LanguageClient class");

const context = { subscriptions: [] };
ext.activate(context);
if (messages.length !== 1 || !messages[0].includes("'/nonexistent/bdlc' not found"))
  fail(`activate without bdlc: expected one 'not found' message, got ${JSON.stringify(messages)}`);
if (context.subscriptions.length !== 0)
  fail("activate without bdlc must not start a language client");
if (ext.deactivate() !== undefined)
  fail("deactivate without a client must return undefined");
console.log(`load_extension: extension.js and ${path.relative(extDir, client)} load from the package; ` +
            "without bdlc it says so and starts no client");
