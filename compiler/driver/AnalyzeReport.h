// SPDX-License-Identifier: Apache-2.0
//===- AnalyzeReport.h - values in and out of `bdlc analyze` ---------------===//
//
// Shared by the analyses of one neuron (Analyze.cpp), of a fast subsystem
// (AnalyzeFastSlow.cpp) and of a network (AnalyzeNetwork.cpp): option values
// with units, and the JSON and text reports of branches and orbits.
#pragma once

#include "analysis/Analysis.h"
#include "driver/Commands.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>

namespace bdl::driver {

/// "-80mV" or "-80" (the variable's display unit) as an SI value of `v`'s
/// dimension; a unit of another dimension is refused.
std::optional<double> valueFor(const std::string &text, const ir::Var &v, std::string &error);
/// "-80mV:20mV" or "0:2" as SI values of `v`'s dimension (valueFor).
std::optional<std::pair<double, double>> parseRange(const std::string &text, const ir::Var &v, std::string &error);
/// An SI value in `v`'s display unit, with the unit.
std::string shown(double si, const ir::Var &v);

nlohmann::json stabilityJson(const analysis::Stability &st);
nlohmann::json stateJson(const analysis::System &s, const analysis::Vec &x);
nlohmann::json cycleJson(const analysis::System &s, const analysis::Cycle &c);
/// A fixed-point branch in `pv`: points with stability and special points;
/// printed when `text`.
nlohmann::json branchReport(const analysis::System &s, const ir::Var &pv, std::pair<double, double> range,
                            const analysis::Branch &br, bool text);
/// --orbits: the periodic orbits from each Hopf point of `br`.
nlohmann::json orbitsFrom(analysis::System &s, const ir::VarRef &p, const ir::Var &pv, const analysis::Branch &br,
                          std::pair<double, double> range, const analysis::Box &box, const analysis::OrbitOptions &o,
                          bool text);

/// --slow-points (AnalyzeNetwork.cpp).
bool reportSlowPoints(const ir::Module &m, const analysis::System &s, const analysis::Box &box, const AnalyzeOptions &an,
                      nlohmann::json &out, std::string &error);
/// --trajectory (AnalyzeReport.cpp): each trajectory's times, states and
/// spikes; errors name the option.
bool reportTrajectories(const ir::Module &m, analysis::System &s, const AnalyzeOptions &an, nlohmann::json &out,
                        std::string &error);
/// --fast-slow (AnalyzeFastSlow.cpp): the fast subsystem's branches in the
/// frozen slow state, and the full system's trajectory.
bool reportFastSlow(const ir::Module &m, analysis::System &full,
                    const std::vector<std::pair<ir::VarRef, double>> &sets, const analysis::Box &box,
                    const AnalyzeOptions &an, nlohmann::json &out, std::string &error);

} // namespace bdl::driver
