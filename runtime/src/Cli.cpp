// SPDX-License-Identifier: Apache-2.0
//===- Cli.cpp - the generated executable's command line ------------------===//
//
//     ./coba --duration 2s --seed 7 --set E.taum=15ms --set we=0.6 --out run7
// CLI11 splits the arguments (as it does bdlc's); the values are checked
// here. Every physical value on the command line carries its unit and is
// checked against the variable's dimension, as in the model source: a bare
// "--duration 2" is rejected rather than guessed to be seconds.

#include "Cli.h"

#include "Error.h"
#include "MemoryPlan.h"
#include "units/Quantity.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>

namespace bdlrt {

namespace units = bdl::units;

std::string formatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

namespace {

const char kUsage[] = "[--duration T] [--seed N] [--set NAME=VALUE]... [--sweep NAME=VALUES]... [--trials N] "
                      "[--trial K] [--new-connectivity] [--out DIR] [--overwrite] [--threads N] [--checkpoint DIR] [--checkpoint-every T] "
                      "[--resume DIR] [--allow-nonfinite] [--plan] [--gradient-check] [--max-memory SIZE] [--tape-memory SIZE] [--quiet] [--help]";

/// `text` as a quantity; `option` ("--set E.taum=15ms") prefixes the error.
units::Quantity quantity(const std::string &option, const std::string &text) {
  std::string error;
  std::optional<units::Quantity> q = units::parseQuantity(text, &error);
  if (!q) throw Error(option + ": " + error);
  return *q;
}

double parseDuration(const std::string &text, const std::string &option = "--duration") {
  units::Quantity q = quantity(option + " " + text, text);
  if (!q.hasUnit)
    throw Error(option + " " + text + ": give the time with a unit, e.g. " + option + " " + text + "s or \"" +
                text + " ms\"");
  if (q.dim != units::Dimension::base(units::BaseDim::Time))
    throw Error(option + " " + text + ": expected a time [s], but " + text + " is " +
                units::describeDimensionInSentence(q.dim));
  if (q.siValue < 0) throw Error(option + " " + text + ": must not be negative");
  return q.siValue;
}

/// The dimension the compiler wrote for `var` (its exponents as doubles).
units::Dimension dimensionOf(const VarDesc &var) {
  std::optional<units::Dimension> d = units::dimensionFromExponents(var.dims);
  if (!d)
    throw Error("model descriptor: variable '" + var.name + "' has a dimension exponent that is not a small fraction");
  return *d;
}

std::uint64_t parseSeed(const std::string &text) {
  std::uint64_t seed = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    throw Error("--seed " + text + ": expected a whole number from 0 to 18446744073709551615");
  return seed;
}

std::string paramList(const GroupDesc &g) {
  std::string out;
  for (const VarDesc &v : g.vars)
    if (v.role == VarRole::Param) out += (out.empty() ? "" : ", ") + v.name;
  return out.empty() ? "(none)" : out;
}

int findVar(const GroupDesc &g, const std::string &name) {
  for (std::size_t i = 0; i < g.vars.size(); ++i)
    if (g.vars[i].name == name) return static_cast<int>(i);
  return -1;
}

/// "E.taum" -> (E, taum). Group names may contain dots and arrows ("E->I")
/// and variable names dots ("na.m"), so the longest group name that
/// prefixes the text wins; a name without a group is a network parameter.
std::pair<int, int> resolveParam(const Descriptor &d, const std::string &name) {
  int best = -1;
  for (std::size_t g = 0; g < d.groups.size(); ++g) {
    const std::string &gname = d.groups[g].name;
    if (static_cast<int>(g) != d.network && name.size() > gname.size() + 1 && name.starts_with(gname) &&
        name[gname.size()] == '.' && (best == -1 || gname.size() > d.groups[best].name.size()))
      best = static_cast<int>(g);
  }
  int group = best;
  std::string varName = best == -1 ? name : name.substr(d.groups[best].name.size() + 1);
  int var = best == -1 ? -1 : findVar(d.groups[best], varName);
  if (var == -1 && d.network != -1 && findVar(d.groups[d.network], name) != -1) {
    group = d.network;
    varName = name;
    var = findVar(d.groups[d.network], name);
  }
  if (group == -1) {
    if (d.network == -1 || name.find('.') != std::string::npos) {
      std::string groups;
      for (const GroupDesc &g : d.groups)
        if (g.kind != GroupKind::Network) groups += (groups.empty() ? "" : ", ") + g.name;
      throw Error("--set: no parameter '" + name + "'; write GROUP.NAME with GROUP one of: " + groups);
    }
    group = d.network;
  }
  const GroupDesc &g = d.groups[group];
  std::string where = group == d.network ? "the network" : "'" + g.name + "'";
  if (var == -1) {
    // "--set taum=15ms" most likely meant a population's taum.
    std::string hint;
    for (std::size_t other = 0; group == d.network && other < d.groups.size(); ++other) {
      int v = findVar(d.groups[other], varName);
      if (static_cast<int>(other) != d.network && v != -1 && d.groups[other].vars[v].role == VarRole::Param)
        hint += (hint.empty() ? "; did you mean " : " or ") + d.groups[other].name + "." + varName;
    }
    throw Error("--set: no parameter '" + varName + "' in " + where + "; parameters: " + paramList(g) +
                (hint.empty() ? "" : hint + "?"));
  }
  if (g.vars[var].role != VarRole::Param)
    throw Error("--set: '" + varName + "' in " + where + " is a " + roleName(g.vars[var].role) +
                ", not a parameter; parameters: " + paramList(g));
  return {group, var};
}

/// The value of `text` for `var`, in SI, checked as the source would be;
/// `option` ("--set E.taum=15ms") prefixes messages.
double checkedValue(const VarDesc &var, const std::string &option, const std::string &name, const std::string &text) {
  units::Quantity q = quantity(option, text);
  units::Dimension dim = dimensionOf(var);
  if (q.dim != dim) {
    std::string msg = option + ": '" + var.name + "' is " + units::describeDimensionInSentence(dim) + ", but " +
                      text + " is " + units::describeDimensionInSentence(q.dim);
    if (!q.hasUnit) msg += " (give a unit, e.g. " + name + "=" + text + var.unit + ")";
    throw Error(msg);
  }
  // What `bdlc check` refuses in the source is refused here, in its words
  // (E0602, E0604, E0424): `--set p=1.5` for a connection probability.
  for (const ValueCheck &c : var.checks) {
    std::string is = formatInUnit(q.siValue, var);
    if (c.min && c.max && !(q.siValue >= *c.min && q.siValue <= *c.max))
      throw Error(option + ": " + c.what + " must be in [" + formatNumber(*c.min) + ", " +
                  formatNumber(*c.max) + "], but it is " + is);
    if (c.min && !c.max && !(q.siValue >= *c.min))
      throw Error(option + ": " + c.what + " must not be negative, but it is " + is);
    if (!c.min && c.max && !(q.siValue <= *c.max))
      throw Error(option + ": " + c.what + " of " + is + " (" + c.of + ") exceeds the " + c.maxWhat +
                  " " + formatNumber(*c.max));
  }
  return q.siValue;
}

void applySet(Descriptor &d, const std::string &assignment) {
  std::size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error("--set " + assignment + ": expected NAME=VALUE, e.g. --set E.taum=15ms");
  std::string name = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  auto [group, index] = resolveParam(d, name);
  VarDesc &var = d.groups[group].vars[index];
  giveValue(d, group, index, checkedValue(var, "--set " + assignment, name, text));
}

int parseCount(const std::string &option, const std::string &v, int min) {
  char *end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || n < min || n > 1000000)
    throw Error(option + " " + v + ": give a whole number from " + std::to_string(min) + " to 1000000");
  return static_cast<int>(n);
}

} // namespace

std::vector<std::pair<int, int>> setTargets(const Descriptor &d, const std::vector<std::string> &sets) {
  std::vector<std::pair<int, int>> out;
  for (const std::string &s : sets) out.push_back(resolveParam(d, s.substr(0, s.find('='))));
  return out;
}

SweepAxis parseSweep(const Descriptor &d, const std::string &text) {
  std::string option = "--sweep " + text;
  std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(option + ": expected NAME=FROM:TO:COUNT or NAME=V1,V2,..., e.g. --sweep E.Ib=10mV:30mV:21");
  std::string name = text.substr(0, eq), values = text.substr(eq + 1);
  auto [group, index] = resolveParam(d, name);
  const VarDesc &var = d.groups[group].vars[index];
  SweepAxis axis{group, index, qualifiedName(d, group, var), {}, {}};
  std::vector<std::string> parts;
  char sep = values.find(':') != std::string::npos ? ':' : ',';
  for (std::size_t at = 0;;) {
    std::size_t next = values.find(sep, at);
    parts.push_back(values.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) break;
    at = next + 1;
  }
  if (sep == ':') {
    // FROM:TO:COUNT, both ends included (numpy's linspace).
    if (parts.size() != 3) throw Error(option + ": expected FROM:TO:COUNT, e.g. " + name + "=10mV:30mV:21");
    double from = checkedValue(var, option, name, parts[0]), to = checkedValue(var, option, name, parts[1]);
    int n = parseCount(option + ": COUNT", parts[2], 1);
    for (int k = 0; k < n; ++k) axis.values.push_back(n == 1 ? from : from + (to - from) * k / (n - 1));
  } else {
    for (const std::string &p : parts) axis.values.push_back(checkedValue(var, option, name, p));
  }
  return axis;
}

Options parseCommandLine(int argc, char **argv) {
  Options o;
  std::string program = argc > 0 ? argv[0] : "model";
  CLI::App app;
  // The help is helpText's, which lists the model's parameters, and an
  // unknown argument is reported with the usage line, in our words.
  app.set_help_flag();
  app.allow_extras();
  std::map<std::string, std::string> text; // each valued option's last value, checked below
  for (const char *name : {"--duration", "--seed", "--threads", "--out", "--checkpoint", "--checkpoint-every",
                           "--resume", "--trials", "--trial", "--max-memory", "--tape-memory"})
    app.add_option(name, text[name])->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  // One value per --set: `--set a=1 b=2` leaves b=2 as an unknown argument.
  app.add_option("--set", o.sets)->allow_extra_args(false);
  app.add_option("--sweep", o.sweeps)->allow_extra_args(false);
  for (auto [name, flag] : {std::pair{"-h,--help", &o.help}, std::pair{"--quiet", &o.quiet},
                            std::pair{"--overwrite", &o.overwrite}, std::pair{"--allow-nonfinite", &o.allowNonFinite},
                            std::pair{"--new-connectivity", &o.newConnectivity}, std::pair{"--plan", &o.plan},
                            std::pair{"--gradient-check", &o.gradientCheck}})
    app.add_flag(name, *flag)->disable_flag_override();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    // "--duration: 1 required TEXT missing", "quiet was given a disallowed
    // flag override": the option's name is the first word.
    std::string what = e.what(), name = what.substr(0, what.find_first_of(": "));
    if (what.find("required") != std::string::npos) throw Error(name + " needs a value (see --help)");
    if (what.find("flag override") != std::string::npos) throw Error("--" + name + " takes no value (see --help)");
    throw Error(what);
  }
  if (!app.remaining().empty())
    throw Error("unknown argument '" + app.remaining().front() + "'; usage: " + program + " " + kUsage);
  auto given = [&](const char *name) { return app.count(name) > 0; };
  if (given("--duration")) o.duration = parseDuration(text["--duration"]);
  if (given("--seed")) o.seed = parseSeed(text["--seed"]);
  if (given("--threads")) {
    const std::string &v = text["--threads"];
    char *end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < 1 || n > 1024)
      throw Error("--threads " + v + ": give a number of threads from 1 to 1024");
    o.threads = static_cast<int>(n);
  }
  if (given("--out") && (o.outDir = text["--out"]).empty()) throw Error("--out needs a directory name");
  if (given("--checkpoint") && (o.checkpointDir = text["--checkpoint"]).empty())
    throw Error("--checkpoint needs a folder name");
  if (given("--checkpoint-every")) {
    const std::string &v = text["--checkpoint-every"];
    o.checkpointEvery = parseDuration(v, "--checkpoint-every");
    if (!(*o.checkpointEvery > 0)) throw Error("--checkpoint-every " + v + ": must be positive");
  }
  if (given("--resume") && (o.resumeDir = text["--resume"]).empty()) throw Error("--resume needs a checkpoint folder");
  if (given("--trials")) o.trials = parseCount("--trials", text["--trials"], 1);
  if (given("--trial")) o.trial = parseCount("--trial", text["--trial"], 0);
  if (given("--max-memory")) o.maxMemory = parseBytes(text["--max-memory"]);
  if (given("--tape-memory")) o.tapeMemory = parseBytes(text["--tape-memory"]);
  return o;
}

void applySets(Descriptor &d, const std::vector<std::string> &sets) {
  for (const std::string &s : sets)
    applySet(d, s);
}

std::string qualifiedName(const Descriptor &d, int group, const VarDesc &var) {
  return group == d.network ? var.name : d.groups[group].name + "." + var.name;
}

std::string formatInUnit(double si, const VarDesc &var) {
  std::string number = formatNumber(si / var.unitScale);
  return var.unit.empty() || var.unit == "1" ? number : number + " " + var.unit;
}

std::string helpText(const Descriptor &d, const char *program) {
  const Experiment &e = d.experiment;
  std::string out = "usage: " + std::string(program ? program : "model") + " " + kUsage + "\n\n";
  out += "Runs experiment '" + e.name + "'" + (d.source.empty() ? "" : " of " + d.source) + " (dt " +
         formatNumber(e.dt * 1e3) + " ms, duration " + formatNumber(e.duration) + " s, seed " +
         std::to_string(e.seed) + ") and writes .npy arrays and manifest.json to the results directory.\n\n";
  out += "options:\n"
         "  --duration T      simulated time, with a unit: --duration 2s, --duration \"500 ms\"\n"
         "  --seed N          random seed (0 to 2^64-1); same seed, same connectivity and spikes\n"
         "  --set NAME=VALUE  set a parameter, with its unit: --set E.taum=15ms; network parameters\n"
         "                    take no group: --set we=0.6\n"
         "  --sweep NAME=VALUES  run once per value, from the start: FROM:TO:COUNT (ends\n"
         "                    included) or V1,V2,...; several make a grid; replaces the\n"
         "                    source's sweep of NAME: --sweep E.Ib=10mV:30mV:21\n"
         "  --trials N        repetitions of every point, with seeds derived from --seed\n"
         "  --trial K         only trial K (0 = the plain run), as in a design of trials\n"
         "  --new-connectivity  each trial draws its own synapses from its seed (by\n"
         "                    default every trial has the connectivity of --seed)\n"
         "  --out DIR         results directory (default: results); written whole at the end\n"
         "  --overwrite       replace the results directory if it exists (refused otherwise)\n"
         "  --threads N       threads (default 1); results are the same for any number\n"
         "  --checkpoint DIR  write the run's state to DIR at its end (also when interrupted)\n"
         "  --checkpoint-every T  and every T of simulated time: --checkpoint-every 1s\n"
         "  --resume DIR      continue from the checkpoint in DIR (same model, seed and\n"
         "                    parameters); the results equal those of an unbroken run\n"
         "  --allow-nonfinite run on when a state becomes NaN or infinite (by default the\n"
         "                    run stops there, writes what it recorded and exits with 1)\n"
         "  --plan            print the memory each part of the model will take, and exit\n"
         "  --gradient-check  (an experiment that trains) write the gradient of the loss over\n"
         "                    the training samples at the initial parameters, and stop\n"
         "  --max-memory SIZE refuse to start if the plan needs more (default: the memory\n"
         "                    the system has available): --max-memory 8GB\n"
         "  --tape-memory SIZE  (an experiment that trains) the most back-propagation's tapes\n"
         "                    may take; longer samples are taped in segments, each run again\n"
         "                    from its start (default: a quarter of the memory limit)\n"
         "  --quiet           no progress bar and no summary\n"
         "  --help            show this text\n";

  std::vector<std::array<std::string, 3>> rows;
  for (std::size_t g = 0; g < d.groups.size(); ++g)
    for (const VarDesc &v : d.groups[g].vars)
      if (v.role == VarRole::Param) {
        std::string kind = units::describeDimension(dimensionOf(v));
        std::size_t bracket = kind.find(" [");
        if (bracket != std::string::npos)
          kind.resize(bracket); // "time [s]" -> "time"; the unit is shown already
        // A computed default is shown as its formula: `wm  = 1 - f * (wp - 1) / (1 - f)`.
        rows.push_back({qualifiedName(d, static_cast<int>(g), v),
                        v.formula.empty() ? formatInUnit(v.defaultValue, v) : "= " + v.formula, "(" + kind + ")"});
      }
  if (rows.empty()) return out;
  std::size_t w0 = 0, w1 = 0;
  for (const auto &r : rows) {
    w0 = std::max(w0, r[0].size());
    w1 = std::max(w1, r[1].size());
  }
  out += "\nparameters (defaults):\n";
  for (const auto &r : rows)
    out += "  " + r[0] + std::string(w0 - r[0].size() + 2, ' ') + r[1] +
           std::string(w1 - r[1].size() + 2, ' ') + r[2] + "\n";
  return out;
}

} // namespace bdlrt
