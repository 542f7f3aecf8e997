// SPDX-License-Identifier: Apache-2.0
//===- Cli.h - the generated executable's command line --------------------===//

#ifndef BDLRT_CLI_H
#define BDLRT_CLI_H

#include "Descriptor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bdlrt {

struct Options {
  std::optional<double> duration; ///< seconds
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets; ///< "NAME=VALUE" as typed, applied by applySets
  std::string outDir = "results";
  bool quiet = false;
  bool help = false;
  std::vector<std::string> sweeps; ///< "NAME=VALUES" as typed (parseSweep)
  std::optional<int> trials, trial;
  std::string checkpointDir;       ///< --checkpoint
  std::optional<double> checkpointEvery; ///< seconds
  std::string resumeDir;          ///< --resume
  bool overwrite = false;      ///< replace an existing results folder
  bool allowNonFinite = false; ///< run on through NaN and infinite states
  /// An experiment that trains: the gradient of the mean loss over the
  /// training samples at the initial parameters, written, and no training.
  /// --tape-memory: the most training's tapes may take, in bytes.
  std::optional<double> tapeMemory;
  bool gradientCheck = false;
  /// Each trial draws its own synapses from its trial seed (by default the
  /// trials of a design share the connectivity of the seed).
  bool newConnectivity = false;
  int threads = 1;
  bool plan = false;                ///< --plan: print the memory plan and exit
  std::optional<double> maxMemory; ///< --max-memory, bytes
};

/// Parses `model [--duration T] [--seed N] [--set NAME=VALUE]... [--out DIR]
/// [--threads N] [--quiet] [--help]`; every option also takes the --opt=value form.
/// Throws Error with the message printed after "error: ".
Options parseCommandLine(int argc, char **argv);

/// Applies --set assignments by replacing the default of each named
/// parameter, so storage is filled with the new value from the start.
/// "E.taum=15ms" names group E; "we=0.6" the network group.
void applySets(Descriptor &d, const std::vector<std::string> &sets);

/// The (group, variable) each --set names (after applySets has checked them).
std::vector<std::pair<int, int>> setTargets(const Descriptor &d, const std::vector<std::string> &sets);

/// One swept variable of a design and its values (SI).
struct SweepAxis {
  int group = -1, var = -1;
  std::string name; ///< "E.Ib"
  std::vector<double> values;
  /// `sweep we in [...], wi in [...]`: stepped together with this one, as
  /// many values each.
  std::vector<SweepAxis> zipped;
};

/// Every swept parameter: each axis followed by those stepped with it (the
/// order of a point's values and of the design index's sweeps; ExperimentDesign.cpp).
std::vector<const SweepAxis *> flattenAxes(const std::vector<SweepAxis> &axes);

/// `--sweep E.Ib=10mV:30mV:21` or `--sweep E.Ib=10mV,20mV`: each value
/// unit-checked as --set checks it.
SweepAxis parseSweep(const Descriptor &d, const std::string &text);

/// Usage, options, and a table of every parameter with its default.
std::string helpText(const Descriptor &d, const char *program);

/// "E.taum", or "we" for a variable of the network group.
std::string qualifiedName(const Descriptor &d, int group, const VarDesc &var);

/// An SI value in the variable's display unit: "20 ms", "0.6".
std::string formatInUnit(double si, const VarDesc &var);

/// A number as %g prints it: "0.02", "1e+304".
std::string formatNumber(double v);

} // namespace bdlrt

#endif // BDLRT_CLI_H
