// SPDX-License-Identifier: Apache-2.0
//===- Check.cpp - `bdlc check`: diagnostics only, text/JSON/--verify ------===//
#include "ast/ASTDumper.h"
#include "driver/Commands.h"

#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace bdl::driver {

void printDiagnostics(const diag::DiagnosticEngine &d, const std::string &color) {
  bool useColor = color == "always" ||
                  (color == "auto" && isatty(STDERR_FILENO) && !std::getenv("NO_COLOR"));
  diag::renderText(d, std::cerr, useColor);
}

/// `// -----` splits a --verify test into independent cases. Each case is
/// checked as its own buffer in which the other cases' lines are blank, so
/// line numbers in messages stay those of the test file.
static std::vector<std::string> splitCases(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    lines.emplace_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  std::vector<std::size_t> seps;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].rfind("// -----", 0) == 0) seps.push_back(i);
  std::vector<std::string> cases;
  std::size_t begin = 0;
  seps.push_back(lines.size());
  for (std::size_t sep : seps) {
    std::string c;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i >= begin && i < sep) c += lines[i];
      if (i + 1 < lines.size()) c += '\n';
    }
    cases.push_back(std::move(c));
    begin = sep + 1;
  }
  return cases;
}

static int verifyFile(const std::string &path, const Options &opts) {
  Compilation probe(opts);
  support::FileId id = probe.addFile(path);
  if (!id) {
    printDiagnostics(probe.diags(), "never");
    return ExitUsage;
  }
  bool ok = true;
  for (const std::string &text : splitCases(probe.sources().text(id))) {
    Compilation c(opts);
    support::FileId caseId = c.sources().addBuffer(path, text);
    c.check(caseId);
    ok &= diag::verifyDiagnostics(c.diags(), caseId, std::cerr);
  }
  return ok ? ExitOk : ExitErrors;
}

int runCheck(const CheckOptions &check, const Options &opts) {
  if (check.verify) {
    int rc = ExitOk;
    for (const std::string &f : check.files) rc = std::max(rc, verifyFile(f, opts));
    return rc;
  }
  Compilation c(opts);
  bool ioError = false, clean = true;
  std::vector<support::FileId> ids;
  for (const std::string &f : check.files) {
    support::FileId id = c.addFile(f);
    if (!id) {
      ioError = true;
      continue;
    }
    clean &= c.check(id);
    ids.push_back(id);
  }
  if (check.summary && clean && check.format == "text") {
    for (support::FileId id : ids) {
      bool syntaxErrors = false;
      ast::summarizeFile(*c.parse(id, syntaxErrors), c.sources(), std::cout);
    }
  }
  if (check.format == "json")
    diag::renderJson(c.diags(), std::cout);
  else
    printDiagnostics(c.diags(), check.color);
  if (ioError) return ExitUsage;
  return clean && !c.diags().hasErrors() ? ExitOk : ExitErrors;
}

} // namespace bdl::driver
