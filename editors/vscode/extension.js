// SPDX-License-Identifier: Apache-2.0
// Starts `bdlc lsp` for .bdl files when bdlc can be found; without it the
// extension still gives syntax colouring and snippets.
const vscode = require("vscode");
const { execFileSync } = require("child_process");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const bdlc = vscode.workspace.getConfiguration("bdl").get("bdlcPath") || "bdlc";
  try {
    execFileSync(bdlc, ["--version"], { stdio: "ignore" });
  } catch (e) {
    vscode.window.showInformationMessage(`BDL: '${bdlc}' not found; syntax colouring only (set bdl.bdlcPath).`);
    return;
  }
  const server = { command: bdlc, args: ["lsp"] };
  client = new LanguageClient("bdl", "BDL language server", { run: server, debug: server }, {
    documentSelector: [{ scheme: "file", language: "bdl" }],
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
