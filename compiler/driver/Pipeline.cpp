// SPDX-License-Identifier: Apache-2.0
//===- Pipeline.cpp - wires parse and sema for one compilation -------------===//
#include "driver/Pipeline.h"

#include "BdlConfig.h"
#include "parse/Parser.h"
#include "passes/Passes.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace bdl::driver {

namespace fs = std::filesystem;

std::string stdlibRoot() {
  // An installed bdlc finds the library beside itself; a build tree uses the
  // source checkout's stdlib/.
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = self.parent_path().parent_path() / "share" / "bdl" / "stdlib";
    if (fs::is_directory(installed / "std", ec)) return installed.string();
  }
  return BDL_SOURCE_STDLIB;
}

Compilation::Compilation(Options opts) : opts_(std::move(opts)), diags_(sm_) {
  diags_.setErrorLimit(opts_.errorLimit);
  diags_.setDropDuplicates(true);
  semaOpts_.searchPaths = opts_.includeDirs;
  semaOpts_.searchPaths.push_back(stdlibRoot());
  if (const char *env = std::getenv("BDL_PATH")) {
    std::stringstream ss(env);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty()) semaOpts_.searchPaths.push_back(dir);
  }
}

support::FileId Compilation::addFile(const std::string &path) {
  std::string err;
  auto id = sm_.addFile(path, err);
  if (!id) {
    diags_.report(diag::DiagId::E0901, {}, {path, err});
    return 0;
  }
  return *id;
}

const ast::File *Compilation::parse(support::FileId id, bool &syntaxErrors) {
  auto it = files_.find(id);
  if (it != files_.end()) {
    syntaxErrors = syntaxErrors_[id];
    return it->second.get();
  }
  if (sm_.text(id).empty()) diags_.report(diag::DiagId::W0904, {id, 0, 0});
  parse::ParseResult r = parse::parseFile(id, sm_, diags_);
  syntaxErrors = r.hadSyntaxErrors;
  syntaxErrors_[id] = r.hadSyntaxErrors;
  return (files_[id] = std::move(r.file)).get();
}

const ast::File *Compilation::load(const std::string &path) {
  auto id = sm_.findFile(path);
  if (!id) {
    std::string err;
    id = sm_.addFile(path, err);
    if (!id) return nullptr;
  }
  bool syntaxErrors = false;
  const ast::File *f = parse(*id, syntaxErrors);
  return syntaxErrors ? nullptr : f;
}

bool Compilation::check(support::FileId id, CheckDepth depth) {
  bool syntaxErrors = false;
  const ast::File *f = parse(id, syntaxErrors);
  if (syntaxErrors) return false;
  unsigned before = diags_.errorCount();
  if (depth == CheckDepth::Sema) {
    sema::analyze(*f, sm_, *this, semaOpts_, diags_);
    return diags_.errorCount() == before;
  }
  // `bdlc run` and `build` lower one experiment; check lowers them all, so
  // that a construct code generation refuses fails here, not at the first
  // build:
  //   neuron N { event saturate when v > 2 { v = 2 } ... }   // E0905
  // A library module without experiments is checked by sema alone.
  sema::SemaOptions options = semaOpts_;
  options.scanArrayValues = depth == CheckDepth::Full;
  std::unique_ptr<sema::Analysis> a = sema::analyzeForLowering(*f, sm_, *this, options, diags_);
  for (std::size_t k = 0; a && k < f->experiments.size() && !diags_.limitReached(); ++k)
    lower(*a, *f, f->experiments[k]->name.name, {}, nullptr);
  return diags_.errorCount() == before;
}

} // namespace bdl::driver

namespace bdl::driver {

std::optional<ir::KernelModule> Compilation::compile(support::FileId id, const std::string &experiment,
                                                     const std::string &printAfter, std::string *printed) {
  bool syntaxErrors = false;
  const ast::File *f = parse(id, syntaxErrors);
  if (syntaxErrors) return std::nullopt;
  analysis_ = sema::analyzeForLowering(*f, sm_, *this, semaOpts_, diags_);
  if (!analysis_) return std::nullopt;
  return lower(*analysis_, *f, experiment, printAfter, printed);
}

std::optional<ir::Module> Compilation::lowerModule(support::FileId id, const std::string &experiment) {
  bool syntaxErrors = false;
  const ast::File *f = parse(id, syntaxErrors);
  if (syntaxErrors) return std::nullopt;
  analysis_ = sema::analyzeForLowering(*f, sm_, *this, semaOpts_, diags_);
  if (!analysis_) return std::nullopt;
  return sema::lowerToIR(*analysis_, *f, experiment);
}

std::optional<ir::KernelModule> Compilation::lower(sema::Analysis &a, const ast::File &f, const std::string &experiment,
                                                   const std::string &printAfter, std::string *printed) {
  std::optional<ir::Module> m = sema::lowerToIR(a, f, experiment);
  if (!m) return std::nullopt;
  m->experiment.historyLimit = opts_.historyLimitMiB * 1024 * 1024;
  return passes::runPipeline(std::move(*m), diags_, printAfter, printed);
}

} // namespace bdl::driver
