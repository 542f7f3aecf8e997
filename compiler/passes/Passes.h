// SPDX-License-Identifier: Apache-2.0
//===- Passes.h - every IR pass, each a free function ----------------------===//
//
// Model-IR passes run in this order (PassManager.cpp):
//   choose-integrator  -> lower-integrators -> lump-synapses -> event-driven
//   -> choose-storage -> choose-delivery -> constant-fold
//   -> lower-to-kernels -> constant-fold
// Each has a kebab-case name for `bdlc emit --ir --print-after=<name>`.
#pragma once

#include "diag/DiagnosticEngine.h"
#include "ir/kernel/Kernel.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bdl::passes {

/// `e` as `a * x + b` with `a` and `b` free of `x`, or nullopt.
struct LinearForm {
  ir::ExprRef a, b;
};
std::optional<LinearForm> linearIn(const ir::ExprRef &e, const ir::VarRef &x);

/// The equations `eqs` of `p` as rows of coefficients over their variables
/// plus a constant term, when they form a linear system whose coefficients
/// are fixed for the run (constants and shared parameters); else nullopt,
/// with `*bad` the first equation that breaks it.
std::optional<std::vector<std::vector<ir::ExprRef>>> linearSystem(const ir::Module &m, const ir::Population &p,
                                                                  const std::vector<int> &eqs, int *bad);

/// d e / d x, folded; nullopt when `e` uses something without a rule
/// (comparisons of x, random draws that depend on x).
std::optional<ir::ExprRef> differentiate(const ir::ExprRef &e, const ir::VarRef &x);
/// The straight-line statements of `b` (assignments and locals) inlined
/// into the values of what they assign, starting from `vars` (the adjoint
/// pass reads kernels this way; the analysis, a population's step). False,
/// with `vars` part-way, when `b` branches, loops or takes a matrix
/// exponential.
bool inlineStraightLine(const ir::Block &b, std::map<ir::VarRef, ir::ExprRef> &vars,
                        std::map<int, ir::ExprRef> &locals);
/// The same with respect to whatever `isX` matches (e.g. a noise source).
std::optional<ir::ExprRef> differentiate(const ir::ExprRef &e, const std::function<bool(const ir::Expr &)> &isX);

/// The white-noise sources `e` uses (0 for `xi`, k for `xi_k`), ascending.
std::vector<int> noiseSources(const ir::ExprRef &e);

/// Simplifying builders: fold constants, drop `+ 0`, `* 1`, keep `* 0` as 0.
ir::ExprRef foldAdd(ir::ExprRef a, ir::ExprRef b);
ir::ExprRef foldSub(ir::ExprRef a, ir::ExprRef b);
ir::ExprRef foldMul(ir::ExprRef a, ir::ExprRef b);
ir::ExprRef foldDiv(ir::ExprRef a, ir::ExprRef b);
ir::ExprRef foldNeg(ir::ExprRef a);
/// Folds a whole DAG bottom-up (shared nodes once).
ir::ExprRef foldExpr(const ir::ExprRef &e);

/// choose-integrator: fills Equation::chosen and ::reason. Exact when the
/// population's equations form a linear system with constant coefficients,
/// else exponential Euler when each is linear in its own variable, else RK4;
/// a method named by the user is kept, and `exact` on an equation that does
/// not allow it is reported (E0503).
bool chooseIntegrator(ir::Module &m, diag::DiagnosticEngine &diags);
/// The equations of a projection with a `continuous` block as a population
/// (same group and locals), so that they are chosen and stepped alike.
ir::Population clockDrivenStandIn(const ir::Projection &pr);
/// lower-integrators: writes Population::update (and ::prepare, for
/// propagators) from the equations and their methods.
void lowerIntegrators(ir::Module &m);
/// lump-synapses: linear clock-driven synapses whose post neurons only see
/// their sum become one state per post neuron (see LumpSynapses.cpp).
void lumpSynapses(ir::Module &m);
/// event-driven: synaptic states with equations are advanced analytically to
/// the time of each event, before its `on pre`/`on post` body (E0504 when an
/// equation does not allow it).
bool eventDriven(ir::Module &m, diag::DiagnosticEngine &diags);
/// choose-storage: checks `storage KIND` (E0613) and, where it is absent,
/// picks sparse, dense or procedural by a cost model (ChooseStorage.cpp),
/// filling Projection::storage and ::storageReason.
bool chooseStorage(ir::Module &m, diag::DiagnosticEngine &diags);
/// choose-delivery: with per-synapse delays, rows kept in order of delay
/// where nothing reads the synapses post neuron by post neuron
/// (ChooseDelivery.cpp); fills Projection::segmentDelivery and ::deliveryReason.
void chooseDelivery(ir::Module &m);
/// Whether `e` is fixed for the whole run and the same for every entity
/// (constants, shared parameters not driven by stimuli).
bool isRunConstant(const ir::Module &m, const ir::ExprRef &e);
/// constant-fold: folds every expression of the model and of the kernels.
void constantFold(ir::KernelModule &km);
/// lower-to-kernels: the single model -> kernel bridge.
void lowerToKernels(ir::KernelModule &km);

/// adjoint: for a module that trains, the backward kernels of one time
/// step and the variables they use (Adjoint.cpp); E0805 for what the
/// gradients cannot go through yet.
bool adjoint(ir::KernelModule &km, diag::DiagnosticEngine &diags);

/// A kernel's symbol: `bdl_<what>_<group>` with the group's name made an
/// identifier (`E->I` gives `E__I`).
std::string kernelSymbol(const std::string &what, const std::string &group);

/// The names of the passes, in pipeline order.
const std::vector<std::string> &passNames();

/// Runs the whole pipeline on `m`. When `printAfter` names a pass, the IR
/// after it is appended to `*printed`. Returns nullopt after errors.
std::optional<ir::KernelModule> runPipeline(ir::Module m, diag::DiagnosticEngine &diags,
                                            const std::string &printAfter = {}, std::string *printed = nullptr);

} // namespace bdl::passes
