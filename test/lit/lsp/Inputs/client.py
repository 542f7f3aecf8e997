#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A scripted LSP client: opens a document, edits it, asks for symbols and formatting."""

import json
import subprocess
import sys


def send(p, msg):
    body = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    p.stdin.flush()


def receive(p):
    length = 0
    while True:
        line = p.stdout.readline()
        if not line:
            raise SystemExit("server closed the stream")
        line = line.strip()
        if not line:
            break
        if line.startswith(b"Content-Length:"):
            length = int(line.split(b":")[1])
    return json.loads(p.stdout.read(length))


def until(p, pred):
    while True:
        m = receive(p)
        if pred(m):
            return m


def main():
    bdlc = sys.argv[1]
    uri = "file:///tmp/lsp-session.bdl"
    p = subprocess.Popen([bdlc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send(p, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    caps = until(p, lambda m: m.get("id") == 1)["result"]["capabilities"]
    print("capabilities:", json.dumps(caps, sort_keys=True))
    send(p, {"jsonrpc": "2.0", "method": "initialized", "params": {}})

    broken = "neuron N {\n  state v: mV = 0 mV\n  dv/dt = (El - v) / 10 ms\n}\n"
    send(p, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri, "languageId": "bdl", "version": 1, "text": broken}}})
    diags = until(p, lambda m: m.get("method") == "textDocument/publishDiagnostics")["params"]["diagnostics"]
    for d in diags:
        r = d["range"]
        print(f"diagnostic {d['code']} {r['start']['line']}:{r['start']['character']}-"
              f"{r['end']['line']}:{r['end']['character']}: {d['message']}")

    fixed = "neuron N {  param El: mV = -60 mV\n  state v: mV = 0 mV\n  dv/dt = (El - v) / 10 ms\n}\n"
    send(p, {"jsonrpc": "2.0", "method": "textDocument/didChange",
             "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}})
    diags = until(p, lambda m: m.get("method") == "textDocument/publishDiagnostics")["params"]["diagnostics"]
    print("after edit:", len(diags), "diagnostics")

    send(p, {"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol",
             "params": {"textDocument": {"uri": uri}}})
    for s in until(p, lambda m: m.get("id") == 2)["result"]:
        print("symbol", s["detail"], s["name"], "children:", [c["name"] for c in s["children"]])

    send(p, {"jsonrpc": "2.0", "id": 3, "method": "textDocument/formatting",
             "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}}})
    for e in until(p, lambda m: m.get("id") == 3)["result"]:
        print("formatted:", json.dumps(e["newText"]))

    def ask(ident, method, u, line, ch):
        send(p, {"jsonrpc": "2.0", "id": ident, "method": method,
                 "params": {"textDocument": {"uri": u}, "position": {"line": line, "character": ch}}})
        return until(p, lambda m: m.get("id") == ident)["result"]

    print("hover v:", ask(10, "textDocument/hover", uri, 2, 16)["contents"]["value"])
    print("hover mV:", ask(11, "textDocument/hover", uri, 1, 12)["contents"]["value"])
    d = ask(12, "textDocument/definition", uri, 2, 11)
    print("definition El:", d["uri"].endswith("lsp-session.bdl"), d["range"]["start"])

    uri2 = "file:///tmp/lsp-import.bdl"
    text2 = "import std.channels.hh\nneuron H {\n  state v: mV = -65 mV\n  channel na = HHSodium\n}\n"
    send(p, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri2, "languageId": "bdl", "version": 1, "text": text2}}})
    until(p, lambda m: m.get("method") == "textDocument/publishDiagnostics")
    d = ask(13, "textDocument/definition", uri2, 3, 17)
    print("definition HHSodium:", d["uri"].split("/stdlib/")[-1], d["range"]["start"])
    print("hover nothing:", ask(14, "textDocument/hover", uri2, 0, 0))
    items = ask(15, "textDocument/completion", uri, 2, 12)["items"]
    print("complete E:", sorted(i["label"] + "/" + i["detail"] for i in items if i["label"].startswith("E"))[:4])
    items = ask(16, "textDocument/completion", uri2, 3, 17)["items"]
    print("complete HH:", sorted(i["label"] for i in items))

    # Diagnostics include what code generation refuses, as `bdlc check`'s
    # do; .npy files are read to their headers only (no E0612 for nan.npy).
    if len(sys.argv) > 2:
        uri3 = "file://" + sys.argv[2] + "/lsp-lower.bdl"
        text3 = ("synapse S {\n  state g = 0\n  caputo(0.5) dg/dt = -g / 10 ms^(1/2)\n  on pre { g += 1 }\n"
                 "}  neuron N { state x = 0 }\n"
                 "network Net { A = N[3] { x = npy(\"nan.npy\") }  A -> A : S connect one_to_one\n"
                 "  B = N[4] { x = npy(\"inf.npy\") }\n}\n"
                 "experiment main of Net {\n  dt = 0.1 ms\n  run 1 ms\n}\n")
        send(p, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri3, "languageId": "bdl", "version": 1, "text": text3}}})
        msg = until(p, lambda m: m.get("method") == "textDocument/publishDiagnostics")
        for d in msg["params"]["diagnostics"]:
            print(f"lowering {d['code']} {d['range']['start']['line']}: {d['message']}")

    send(p, {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hoverUnknown", "params": {}})
    print("unknown method error:", until(p, lambda m: m.get("id") == 4)["error"]["code"])

    send(p, {"jsonrpc": "2.0", "id": 5, "method": "shutdown"})
    until(p, lambda m: m.get("id") == 5)
    send(p, {"jsonrpc": "2.0", "method": "exit"})
    print("exit code:", p.wait(timeout=10))


if __name__ == "__main__":
    main()
