// SPDX-License-Identifier: Apache-2.0
//===- Server.cpp - JSON-RPC framing and the LSP requests bdlc answers -----===//
#include "lsp/Server.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <istream>
#include <map>
#include <ostream>

namespace bdl::lsp {

using nlohmann::json;

namespace {

/// A message carries at most one source file (64 MiB) and its JSON escaping.
constexpr std::size_t kMessageLimit = std::size_t(256) << 20;

/// Reads one `Content-Length` framed message; nullopt at end of input.
std::optional<json> readMessage(std::istream &in) {
  std::size_t length = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (line.rfind("Content-Length:", 0) == 0) {
      // Never trust the header: a bad or huge length ends the session. The
      // bound is checked after each digit, so no length above it is formed.
      length = 0;
      for (char c : line.substr(15)) {
        if (c < '0' || c > '9') continue;
        length = length * 10 + static_cast<std::size_t>(c - '0');
        if (length > kMessageLimit) return std::nullopt;
      }
    }
  }
  if (!in || length == 0) return std::nullopt;
  // Grown as bytes arrive, so a length the peer never sends costs nothing.
  std::string body;
  char chunk[1 << 16];
  while (body.size() < length) {
    std::size_t want = std::min(sizeof chunk, length - body.size());
    in.read(chunk, static_cast<std::streamsize>(want));
    body.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (!in) return std::nullopt;
  }
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return json::object(); // answered as an invalid request
  return j;
}

void writeMessage(std::ostream &out, const json &j) {
  std::string body = j.dump(-1, ' ', false, json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

json toJson(const Position &p) { return {{"line", p.line}, {"character", p.character}}; }
json toJson(const Range &r) { return {{"start", toJson(r.start)}, {"end", toJson(r.end)}}; }

json toJson(const Symbol &s) {
  json children = json::array();
  for (const Symbol &c : s.children) children.push_back(toJson(c));
  return {{"name", s.name},          {"detail", s.detail},
          {"kind", s.kind},          {"range", toJson(s.range)},
          {"selectionRange", toJson(s.selection)}, {"children", children}};
}

class Server {
public:
  Server(std::ostream &out, const Queries &q) : out_(out), q_(q) {}

  /// Returns false once `exit` arrived.
  bool handle(const json &msg) {
    std::string method = msg.value("method", "");
    json id = msg.contains("id") ? msg["id"] : json();
    json params = msg.value("params", json::object());
    if (method == "exit") return false;
    if (method == "initialize") {
      reply(id, {{"capabilities",
                  {{"textDocumentSync", 1},
                   {"documentSymbolProvider", true},
                   {"hoverProvider", true},
                   {"completionProvider", json::object()},
                   {"definitionProvider", true},
                   {"documentFormattingProvider", true}}},
                 {"serverInfo", {{"name", "bdlc"}}}});
    } else if (method == "shutdown") {
      shutdown_ = true;
      reply(id, nullptr);
    } else if (method == "textDocument/didOpen") {
      update(params["textDocument"].value("uri", ""), params["textDocument"].value("text", ""));
    } else if (method == "textDocument/didChange") {
      const json &changes = params.value("contentChanges", json::array());
      if (!changes.empty())
        update(params["textDocument"].value("uri", ""), changes.back().value("text", ""));
    } else if (method == "textDocument/didClose") {
      std::string uri = params["textDocument"].value("uri", "");
      docs_.erase(uri);
      publish(uri, {});
    } else if (method == "textDocument/documentSymbol") {
      json out = json::array();
      if (auto it = docs_.find(params["textDocument"].value("uri", "")); it != docs_.end())
        for (const Symbol &s : it->second.symbols) out.push_back(toJson(s));
      reply(id, out);
    } else if (method == "textDocument/hover" || method == "textDocument/definition") {
      std::string uri = params["textDocument"].value("uri", "");
      Position pos{params["position"].value("line", 0u), params["position"].value("character", 0u)};
      json result = nullptr;
      if (method == "textDocument/hover") {
        if (auto h = q_.hover(pathOf(uri), texts_[uri], pos)) result = {{"contents", {{"kind", "markdown"}, {"value", *h}}}};
      } else if (auto loc = q_.definition(pathOf(uri), texts_[uri], pos)) {
        result = {{"uri", "file://" + loc->path}, {"range", toJson(loc->range)}};
      }
      reply(id, result);
    } else if (method == "textDocument/completion") {
      std::string uri = params["textDocument"].value("uri", "");
      Position pos{params["position"].value("line", 0u), params["position"].value("character", 0u)};
      json items = json::array();
      for (const auto &[label, detail] : q_.complete(pathOf(uri), texts_[uri], pos))
        items.push_back({{"label", label}, {"detail", detail}});
      reply(id, {{"isIncomplete", false}, {"items", items}});
    } else if (method == "textDocument/formatting") {
      std::string uri = params["textDocument"].value("uri", "");
      auto it = docs_.find(uri);
      json edits = json::array();
      if (it != docs_.end() && it->second.formatted && *it->second.formatted != texts_[uri]) {
        unsigned lines = 0;
        for (char c : texts_[uri]) lines += c == '\n';
        edits.push_back({{"range", toJson(Range{{0, 0}, {lines + 1, 0}})}, {"newText", *it->second.formatted}});
      }
      reply(id, edits);
    } else if (!id.is_null()) {
      // An unknown request gets "method not found"; notifications are ignored.
      writeMessage(out_, {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", -32601}, {"message", "unknown method " + method}}}});
    }
    return true;
  }

  bool shutdownRequested() const { return shutdown_; }

private:
  void reply(const json &id, const json &result) {
    writeMessage(out_, {{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
  }

  static std::string pathOf(const std::string &uri) {
    return uri.rfind("file://", 0) == 0 ? uri.substr(7) : uri;
  }

  void update(const std::string &uri, const std::string &text) {
    texts_[uri] = text;
    Analysis a = q_.analyze(pathOf(uri), text);
    publish(uri, a.diagnostics);
    docs_[uri] = std::move(a);
  }

  void publish(const std::string &uri, const std::vector<Diagnostic> &ds) {
    json list = json::array();
    for (const Diagnostic &d : ds)
      list.push_back({{"range", toJson(d.range)}, {"severity", d.severity}, {"code", d.code},
                      {"source", "bdlc"}, {"message", d.message}});
    writeMessage(out_, {{"jsonrpc", "2.0"},
                        {"method", "textDocument/publishDiagnostics"},
                        {"params", {{"uri", uri}, {"diagnostics", list}}}});
  }

  std::ostream &out_;
  const Queries &q_;
  std::map<std::string, Analysis> docs_;
  std::map<std::string, std::string> texts_;
  bool shutdown_ = false;
};

} // namespace

int serve(std::istream &in, std::ostream &out, const Queries &queries) {
  Server s(out, queries);
  while (auto msg = readMessage(in)) {
    try {
      if (!s.handle(*msg)) return s.shutdownRequested() ? 0 : 1;
    } catch (const json::exception &e) {
      // A malformed message from the client: answer it if it is a request.
      if (msg->is_object() && msg->contains("id"))
        writeMessage(out, {{"jsonrpc", "2.0"}, {"id", (*msg)["id"]},
                           {"error", {{"code", -32602}, {"message", std::string("invalid params: ") + e.what()}}}});
    }
  }
  return 1;
}

} // namespace bdl::lsp
