// SPDX-License-Identifier: Apache-2.0
//===- GpuPrinter.cpp - kernels, launchers and tables of the GPU source ----===//
//
// A device kernel covers one entity per thread: a neuron (update,
// threshold, reset), or a postsynaptic neuron walking its incoming synapses
// (on_pre, on_post, continuous), so writes to `post.x` never race and are
// added in the order of presynaptic indices, as on the CPU. A kernel whose
// body writes shared or presynaptic storage runs its entities in order in
// one thread; a prologue (a stimulus on a shared parameter) is a one-thread
// kernel of its own, so it does not make the body serial. Set-up kernels (prepare, init) are printed
// for the host instead: they run once, before the state is copied over.
#include "codegen/gpu/GpuPrinter.h"

#include <functional>
#include <set>

namespace bdl::codegen {

using namespace ir;

namespace {

bool setupKernel(KernelKind k) { return k == KernelKind::Prepare || k == KernelKind::Init; }

std::string cString(const std::string &s) {
  std::string out = "\"";
  std::size_t col = 0;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n\"\n    \"";
      col = 0;
      continue;
    }
    out += c;
    if (++col > 100 && c == ',') { // keep lines short; adjacent literals concatenate
      out += "\"\n    \"";
      col = 0;
    }
  }
  return out + "\"";
}

} // namespace

void GpuPrinter::declarePointers(const Kernel &k) {
  std::vector<VarRef> all;
  collectVarRefs(k.prologue, all);
  collectVarRefs(k.body, all);
  std::set<VarRef> refs(all.begin(), all.end());
  for (const VarRef &r : refs) {
    const char *table = r.space == Space::Self ? "self" : r.space == Space::Pre ? "pre" : r.space == Space::Post ? "post" : "net";
    // Host set-up kernels see bdlrt_kernel_args, whose tables are void *.
    line(real() + " *const " + pointerName(r) + " = static_cast<" + real() + " *>(a." + table + "[" +
         std::to_string(r.var) + "]); // " +
         m_.groups[r.group].name + "." + m_.groups[r.group].vars[r.var].name);
  }
}

void GpuPrinter::declareMutables(const Kernel &k) {
  mutable_ = mutableLocals(k);
  invariantLocal_.assign(k.locals, false);
  for (int id = 0; id < k.locals; ++id)
    if (mutable_[id]) line(real() + " l" + std::to_string(id) + " = 0;");
}

void GpuPrinter::entityBody(const Block &body) {
  clearMemo();
  block(body);
  clearMemo();
}

void GpuPrinter::hostKernel(const Kernel &k) {
  host_ = true;
  const std::string &name = names_[kernel_ - km_.kernels.data()];
  line("// " + std::string(spelling(k.kind)) + " over " + m_.groups[k.group].name + " (host, at set-up)");
  line("static void " + name + "(const bdlrt_kernel_args *args) {");
  ++indent_;
  line("[[maybe_unused]] const bdlrt_kernel_args &a = *args;");
  declarePointers(k);
  declareMutables(k);
  if (!k.prologue.empty()) {
    line("{");
    ++indent_;
    line("[[maybe_unused]] const int64_t self = 0, pre = 0, post = 0;");
    inLoop_ = false;
    entityBody(k.prologue);
    --indent_;
    line("}");
  }
  if (k.kind == KernelKind::Prepare) {
    line("[[maybe_unused]] const int64_t self = 0, pre = 0, post = 0;");
    inLoop_ = false;
    entityBody(k.body);
  } else {
    line("for (int64_t e = a.begin; e < a.end; ++e) {");
    ++indent_;
    if (k.pre >= 0)
      line("[[maybe_unused]] const int64_t self = e, pre = a.pre_index[e], post = a.col[e];");
    else
      line("[[maybe_unused]] const int64_t self = e, pre = e, post = e;");
    inLoop_ = true;
    entityBody(k.body);
    --indent_;
    line("}");
  }
  --indent_;
  line("}");
  line("");
  host_ = false;
}

/// Incoming synapses of post neuron `e` (the transposed connectivity), with
/// `arrival` (a statement that may `continue`) before the body.
void GpuPrinter::incomingLoop(const Kernel &k, const char *arrival) {
  line("for (int64_t q = a.rowptr[e]; q < a.rowend[e]; ++q) {");
  ++indent_;
  line("[[maybe_unused]] const int64_t self = a.col[q], pre = a.pre_index[self], post = e;");
  if (*arrival) line(arrival);
  entityBody(k.body);
  --indent_;
  line("}");
}

bool GpuPrinter::serialOnDevice(const Kernel &k) const {
  // The threads of one launch run at once: one must not read what another
  // writes, which the serial emulator cannot show.
  // A thread per presynaptic row: its `pre` and its synapses are its own;
  // what other rows share is `post` and group-wide storage.
  if (k.kind == KernelKind::AdjointRows) return writesSharedStorage(m_, k.body, Space::Post);
  return readsWhatOthersWrite(m_, k) || writesSharedStorage(m_, k.body);
}

bool GpuPrinter::eventDriven(const Kernel &k) const {
  if (k.kind != KernelKind::OnPre || !k.prologue.empty() || readsWhatOthersWrite(m_, k)) return false;
  auto readsPost = [](const ExprRef &e) {
    return e && dependsOnAny(e, [](const Expr &x) { return x.op == Op::Var && x.var.space == Space::Post; });
  };
  std::function<bool(const Block &)> ok = [&](const Block &b) {
    for (const Stmt &s : b) {
      if (s.kind == Stmt::Kind::PushSpike || s.kind == Stmt::Kind::Expm || s.kind == Stmt::Kind::While) return false;
      if (s.kind == Stmt::Kind::Assign && (s.target.space == Space::Pre || s.target.space == Space::Net)) return false;
      if (s.kind == Stmt::Kind::Assign && s.target.space == Space::Post) {
        const ExprRef &v = s.value;
        bool increment = v->op == Op::Add && v->args[0]->op == Op::Var && v->args[0]->var == s.target;
        if (!increment || readsPost(v->args[1])) return false;
      } else if (readsPost(s.value)) {
        return false;
      }
      if (!ok(s.thenBlock) || !ok(s.elseBlock)) return false;
    }
    return true;
  };
  return ok(k.body);
}

void GpuPrinter::eventKernel(const Kernel &k, const std::string &name) {
  line("// on_pre, event-driven: a warp per arriving spike, atomic adds to post");
  line("BDL_DEVICE_FN void " + name + "_event_one(const bdl_gpu_args &g, int64_t i, int64_t s) {");
  ++indent_;
  line("[[maybe_unused]] const bdl_dev_args &a = g.k;");
  declarePointers(k);
  declareMutables(k);
  line("[[maybe_unused]] const int64_t self = s, pre = i, post = g.fwdCol[s];");
  inLoop_ = true;
  atomicPost_ = true;
  entityBody(k.body);
  atomicPost_ = false;
  --indent_;
  line("}");
  line("BDL_GLOBAL void " + name + "_event_gpu(bdl_gpu_args g) {");
  line("  const int64_t t = bdl_thread_index(), lane = t % BDL_WARP_SIZE;");
  line("  const int64_t count = (int64_t)*g.arrivedCount;");
  line("  for (int64_t k = t / BDL_WARP_SIZE; k < count; k += g.n) {");
  line("    const int64_t i = g.arrived[k];");
  line("    for (int64_t s = g.fwdRowptr[i] + lane; s < g.fwdRowptr[i + 1]; s += BDL_WARP_SIZE) " + name +
       "_event_one(g, i, s);");
  line("  }");
  line("}");
  line("static void " + name + "_event_launch(const bdl_gpu_args &g, int64_t threads) {");
  line("  BDL_LAUNCH(" + name + "_event_gpu, bdl_blocks(threads), BDL_BLOCK_SIZE, g);");
  line("}");
}

void GpuPrinter::deviceKernel(const Kernel &k) {
  host_ = false;
  const std::string &name = names_[kernel_ - km_.kernels.data()];
  const std::string &group = m_.groups[k.group].name;
  if (!k.prologue.empty()) {
    // Runs once before the entities: a stimulus on a shared parameter, or a
    // reduction's zeroing.
    line("BDL_GLOBAL void " + name + "_prologue(bdl_gpu_args g) {");
    ++indent_;
    line("if (bdl_thread_index() != 0) return;");
    line("[[maybe_unused]] const bdl_dev_args &a = g.k;");
    declarePointers(k);
    declareMutables(k);
    line("[[maybe_unused]] const int64_t self = 0, pre = 0, post = 0;");
    inLoop_ = false;
    entityBody(k.prologue);
    --indent_;
    line("}");
  }
  line("// " + std::string(spelling(k.kind)) + " over " + group);
  line("BDL_DEVICE_FN void " + name + "_one(const bdl_gpu_args &g, int64_t e) {");
  ++indent_;
  line("[[maybe_unused]] const bdl_dev_args &a = g.k;");
  declarePointers(k);
  declareMutables(k);
  inLoop_ = true;
  switch (k.kind) {
  case KernelKind::Update:
  case KernelKind::Reduce:
    line("[[maybe_unused]] const int64_t self = e, pre = e, post = e;");
    entityBody(k.body);
    break;
  case KernelKind::Threshold:
    line("[[maybe_unused]] const int64_t self = e, pre = e, post = e;");
    line("g.flags[e] = 0;");
    entityBody(k.body);
    break;
  case KernelKind::Reset:
    line("if (!g.spiked[e]) return;");
    line("[[maybe_unused]] const int64_t self = e, pre = e, post = e;");
    entityBody(k.body);
    break;
  case KernelKind::Continuous:
    if (k.perPost) {
      line("[[maybe_unused]] const int64_t self = 0, pre = 0, post = e;");
      entityBody(k.body);
    } else {
      incomingLoop(k, "");
    }
    break;
  case KernelKind::OnPost:
    line("if (!g.spiked[e]) return;");
    incomingLoop(k, "");
    break;
  case KernelKind::OnPre:
  case KernelKind::OnPreSynapses:
    // A spike of `pre` emitted `d` steps ago arrives now.
    incomingLoop(k, "if (!bdl_arrived(g, self, pre)) continue;");
    break;
  case KernelKind::AdjointNeurons:
    line("[[maybe_unused]] const int64_t self = e, pre = e, post = e;");
    entityBody(k.body);
    break;
  case KernelKind::AdjointRows:
    // Training's reverse of a projection walks the rows of the listed
    // presynaptic neurons (a.list, by-pre rowptr/rowend/col, as on the CPU):
    // a thread per row, so its sums into `pre` and its synapses' gradients
    // are its own.
    line("[[maybe_unused]] const int64_t pre = a.list[e];");
    line("for (int64_t q = a.rowptr[pre]; q < a.rowend[pre]; ++q) {");
    ++indent_;
    line("[[maybe_unused]] const int64_t self = q, post = a.col[q];");
    entityBody(k.body);
    --indent_;
    line("}");
    break;
  case KernelKind::Prepare:
  case KernelKind::Init:
  case KernelKind::Where:
  case KernelKind::OnPreSegments:
    break;
  }
  --indent_;
  line("}");
  line("BDL_GLOBAL void " + name + "_gpu(bdl_gpu_args g) {");
  line("  BDL_FOR_ENTITIES(g, e) " + name + "_one(g, e);");
  line("}");
  if (serialOnDevice(k)) {
    // It writes shared or presynaptic storage: its entities in order, in one thread.
    line("static void " + name + "_launch(const bdl_gpu_args &g0, int64_t) {");
    line("  bdl_gpu_args g = g0;");
    line("  g.serial = 1;");
    line("  BDL_LAUNCH(" + name + "_gpu, 1, BDL_BLOCK_SIZE, g);");
  } else {
    line("static void " + name + "_launch(const bdl_gpu_args &g, int64_t entities) {");
    line("  BDL_LAUNCH(" + name + "_gpu, bdl_blocks(entities), BDL_BLOCK_SIZE, g);");
  }
  line("}");
  if (!k.prologue.empty()) {
    line("static void " + name + "_prologue_launch(const bdl_gpu_args &g, int64_t) {");
    line("  BDL_LAUNCH(" + name + "_prologue, 1, BDL_BLOCK_SIZE, g);");
    line("}");
  }
  if (eventDriven(k)) eventKernel(k, name);
  line("");
}

std::optional<std::string> GpuPrinter::print(const std::string &descriptor, std::string &error) {
  const GpuDialectInfo &di = dialectInfo(d_);
  std::size_t n = km_.kernels.size();
  if (auto bad = unsupportedOnGpu(m_); !bad.empty()) {
    error = "fractional (caputo) equations of '" + m_.groups[m_.populations[bad[0].first].group].name +
            "' are not supported on GPU targets yet; build for the CPU";
    return std::nullopt;
  }
  out_ << "// Generated by bdlc from " << m_.sourceFile << " (" << di.name << ").\n"
       << "// Rebuild from the .bdl file rather than editing this one.\n"
       << "#include " << di.header << "\n"
       << "#define BDL_DIALECT_" << (d_ == GpuDialect::Cuda ? "CUDA" : d_ == GpuDialect::Hip ? "HIP" : "EMULATED")
       << " 1\n"
       << "#define BDL_DIALECT_NAME \"" << di.name << "\"\n"
       << "#define BDL_API(name) " << di.apiPrefix << "##name\n"
       << "#define BDL_WARP_SIZE " << di.warpSize << "\n"
       << "#define BDL_LAUNCH(K, B, T, A) " << di.launch << "\n"
       << "#define BDL_ATOMIC_INC(P) " << di.atomicInc << "\n"
       << "#define BDL_ATOMIC_ADD(P, V) " << di.atomicAdd << "\n"
       << "#define BDL_DEVICE_PROP " << di.deviceProp << "\n"
       << "#define BDL_REAL " << (single_ ? "float" : "double") << "\n"
       << "#include \"bdl_device.h\"\n\n";
  // Two projections between the same populations give kernels one name;
  // LLVM renames the second, and so does this.
  std::set<std::string> used;
  for (std::size_t n = 0; n < km_.kernels.size(); ++n) {
    std::string name = km_.kernels[n].name;
    if (!used.insert(name).second) name += "_" + std::to_string(n);
    used.insert(name);
    names_.push_back(name);
  }
  for (const Kernel &k : km_.kernels) {
    kernel_ = &k;
    temps_ = 0;
    std::vector<VarRef> writes;
    collectWrites(k.body, writes);
    writtenByKernel_.clear();
    for (const VarRef &w : writes) writtenByKernel_.insert({w.group, w.var});
    // A device queues per-synapse delays synapse by synapse
    // (bdl_device_run.h): the CPU's kernel over segments has no device code.
    if (k.kind == KernelKind::OnPreSegments) continue;
    if (setupKernel(k.kind))
      hostKernel(k);
    else
      deviceKernel(k);
    if (!error_.empty()) {
      error = "kernel '" + k.name + "': " + error_;
      return std::nullopt;
    }
  }
  kernel_ = nullptr;
  // Not const: clang's HIP treats const namespace-scope variables as usable
  // on the device and would try to link these host functions there.
  line("static bdlrt_kernel_fn bdl_host_kernels[] = {");
  for (std::size_t i = 0; i < n; ++i)
    line("  " + (setupKernel(km_.kernels[i].kind) ? names_[i] : std::string("nullptr")) + ",");
  line("};");
  line("static bdl_device_kernel bdl_device_kernels[] = {");
  for (std::size_t i = 0; i < n; ++i) {
    const Kernel &k = km_.kernels[i];
    if (setupKernel(k.kind) || k.kind == KernelKind::OnPreSegments)
      line("  {nullptr, nullptr, nullptr},");
    else
      line("  {" + names_[i] + "_launch, " +
           (k.prologue.empty() ? std::string("nullptr") : names_[i] + "_prologue_launch") + ", " +
           (eventDriven(k) ? names_[i] + "_event_launch" : std::string("nullptr")) + "},");
  }
  line("};");
  line("static const char bdl_descriptor[] =");
  line("    " + cString(descriptor) + ";");
  line("extern \"C\" const bdlrt_model bdl_model = {BDLRT_ABI_VERSION, " + std::to_string(n) +
       ", bdl_host_kernels, bdl_descriptor};");
  line("static const bdl_device_model bdl_device = {" + std::to_string(n) + ", bdl_device_kernels};");
  line("");
  line("#include \"bdl_device_run.h\"");
  line("int main(int argc, char **argv) { return bdl_device_main(&bdl_model, &bdl_device, argc, argv); }");
  return out_.str();
}

std::vector<std::pair<int, int>> unsupportedOnGpu(const Module &m) {
  std::vector<std::pair<int, int>> out;
  for (std::size_t p = 0; p < m.populations.size(); ++p)
    for (std::size_t e = 0; e < m.populations[p].equations.size(); ++e)
      if (m.populations[p].equations[e].fractional) out.push_back({int(p), int(e)});
  return out;
}

std::optional<std::string> emitGpuSource(const KernelModule &km, const std::string &descriptor, GpuDialect d,
                                         std::string &error, bool single) {
  GpuPrinter p(km, d, single);
  return p.print(descriptor, error);
}

} // namespace bdl::codegen
