// SPDX-License-Identifier: Apache-2.0
//===- Fmt.cpp - `bdlc fmt`: print, check or rewrite the canonical layout --===//
#include "driver/Commands.h"
#include "fmt/Formatter.h"

#include <fstream>
#include <iostream>

namespace bdl::driver {

int runFmt(const FmtOptions &fmtOpts, const Options &opts) {
  int rc = ExitOk;
  for (const std::string &path : fmtOpts.files) {
    Compilation c(opts);
    support::FileId id = c.addFile(path);
    if (!id) {
      printDiagnostics(c.diags(), "auto");
      rc = ExitUsage;
      continue;
    }
    bool syntaxErrors = false;
    const ast::File *f = c.parse(id, syntaxErrors);
    if (syntaxErrors) {
      // Never rewrite what could not be parsed: the layout would lose text.
      printDiagnostics(c.diags(), "auto");
      rc = std::max(rc, static_cast<int>(ExitErrors));
      continue;
    }
    std::string formatted = fmt::formatFile(*f, c.sources());
    bool same = formatted == c.sources().text(id);
    if (fmtOpts.check) {
      if (!same) {
        std::cout << "would reformat " << path << "\n";
        rc = std::max(rc, static_cast<int>(ExitErrors));
      }
    } else if (fmtOpts.inPlace) {
      if (same) continue;
      std::string tmp = path + ".bdlfmt.tmp";
      {
        std::ofstream out(tmp, std::ios::binary);
        out << formatted;
        if (!out) {
          std::cerr << "bdlc: error: cannot write '" << tmp << "'\n";
          return ExitUsage;
        }
      }
      // Rename over the original so an interrupted write never truncates it.
      if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::cerr << "bdlc: error: cannot replace '" << path << "'\n";
        return ExitUsage;
      }
    } else {
      std::cout << formatted;
    }
  }
  return rc;
}

} // namespace bdl::driver
