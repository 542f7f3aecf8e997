// SPDX-License-Identifier: Apache-2.0
//===- Reports.cpp - diagnostics that several checkers share ---------------===//
//
// Each diagnostic code is emitted at exactly one place in the compiler
// (tools/check_diagnostics.py enforces it), so a message reads the same
// wherever the mistake is found. Codes needed by more than one checker live
// here.
#include "sema/SemaContext.h"

namespace bdl::sema {

using diag::DiagId;

void reportWrongKind(SemaContext &cx, SourceRange r, const std::string &name, const std::string &is,
                     const std::string &want, SourceRange declared, const std::string &help) {
  auto b = cx.report(DiagId::E0212, r, {name, is, want});
  if (declared.valid()) b.note(declared, "'" + name + "' declared here");
  b.help(help);
}

void reportWrongPlace(SemaContext &cx, SourceRange r, const std::string &what, const std::string &where) {
  cx.report(DiagId::E0215, r, {what, where});
}

void reportCycle(SemaContext &cx, SourceRange r, const std::string &chain) {
  cx.report(DiagId::E0404, r, {chain});
}

void reportNotAssignable(SemaContext &cx, SourceRange r, const std::string &name, SymKind kind,
                         SourceRange declared) {
  cx.report(DiagId::E0405, r, {name, describe(kind)}).note(declared, "'" + name + "' declared here");
}

void reportUnknownArgument(SemaContext &cx, const ast::Ident &arg, const std::string &callee,
                           const std::vector<std::string> &known) {
  auto b = cx.report(DiagId::E0414, arg.range, {arg.name, callee});
  if (std::string s = closestName(arg.name, known); !s.empty()) b.help("did you mean '" + s + "'?").fixit(arg.range, s);
}

void reportNonConstant(SemaContext &cx, SourceRange r, const std::string &param, const std::string &uses) {
  cx.report(DiagId::E0415, r, {param, uses}).help("use a 'let' definition for values that change during the run");
}

void reportGivenTwice(SemaContext &cx, SourceRange r, const std::string &what) {
  cx.report(DiagId::E0418, r, {what});
}

bool requireNonNegative(SemaContext &cx, const Value &v, const std::string &what, SourceRange r) {
  if (v.isPoison() || !v.isNumber() || !v.constant || *v.constant >= 0) return true;
  cx.report(DiagId::E0424, r, {what, units::formatQuantity(*v.constant, v.dim)});
  return false;
}

void reportCannotRecord(SemaContext &cx, SourceRange r, const std::string &what, const std::string &why,
                        const std::string &help) {
  cx.report(DiagId::E0703, r, {what, why}).help(help);
}

bool checkEventName(SemaContext &cx, const ast::Ident &event, const char *kind, const std::string &owner,
                    const ModelInfo *model) {
  if (event.empty() || (model && (model->findEvent(event.name) >= 0 || model->poisoned))) return true;
  std::vector<std::string> names;
  if (model)
    for (const auto &e : model->events) names.push_back(e.first);
  auto b = cx.report(DiagId::E0218, event.range, {kind, owner, event.name});
  if (std::string s = closestName(event.name, names); !s.empty())
    b.help("did you mean '" + s + "'?").fixit(event.range, s);
  else if (!model)
    b.note({}, "'" + owner + "' is a spike source: it has spikes only");
  else if (names.empty())
    b.note(model->range, "neuron '" + model->name + "' declares no 'event NAME when ...'");
  else if (model->range.valid())
    b.note(model->range, "neuron '" + model->name + "' declared here");
  return false;
}

} // namespace bdl::sema
