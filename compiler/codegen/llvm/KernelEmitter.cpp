// SPDX-License-Identifier: Apache-2.0
//===- KernelEmitter.cpp - kernel IR to LLVM IR ----------------------------===//
//
// One function per kernel, `void k(const bdlrt_kernel_args *)`. Each
// variable array gets its own alias scope, so the optimiser knows that
// storing `v[i]` cannot change `ge[i]` and vectorises neuron loops. Shared
// values (parameters, propagators) are loaded once before the loop.
#include "codegen/common/KernelSharing.h"
#include "codegen/common/RuntimeABI.h"
#include "codegen/llvm/KernelEmitter.h"
#include "codegen/llvm/VectorMath.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/MC/MCSubtargetInfo.h>

#include <cmath>
#include <functional>
#include <set>
#include <unordered_map>

namespace bdl::codegen {

using namespace ir;


KernelEmitter::KernelEmitter(const KernelModule &km, llvm::Module &mod, bool fpContract, bool single, bool tableExp,
                             bool maskedTails)
    : km_(km), m_(km.model), mod_(mod), ctx_(mod.getContext()), b_(ctx_), single_(single), tableExp_(tableExp && !single),
      maskedTails_(maskedTails) {
  f64_ = b_.getDoubleTy();
  real_ = single ? b_.getFloatTy() : f64_;
  i64_ = b_.getInt64Ty();
  i32_ = b_.getInt32Ty();
  ptr_ = b_.getPtrTy();
  std::vector<llvm::Type *> fields(abi::NumKernelArgs, ptr_); // pointers unless listed below
  for (unsigned f : {abi::Begin, abi::End, abi::Step, abi::Seed, abi::Stride}) fields[f] = i64_;
  fields[abi::Time] = fields[abi::Dt] = f64_;
  argsTy_ = llvm::StructType::create(ctx_, fields, "bdlrt_kernel_args");
  // Products feeding sums may fuse into one FMA (one rounding instead of
  // two, as C compilers do by default with -ffp-contract=fast, and as
  // Brian2's -ffast-math build does): v + dt * (...) and Horner steps.
  llvm::FastMathFlags fmf;
  fmf.setAllowContract(fpContract);
  b_.setFastMathFlags(fmf);
}

llvm::Function *KernelEmitter::emit(const Kernel &kernel) {
  // An update kernel that also detects spikes sees the threshold's guard as
  // its last statement, so that storage and shared values cover both.
  Kernel fused;
  const Kernel *kp = &kernel;
  int th = kernel.kind == KernelKind::Update ? km_.fusedThreshold(kernel.group) : -1;
  if (th >= 0) {
    fused = kernel;
    fused.body.push_back(km_.kernels[th].body[0]);
    kp = &fused;
  }
  const Kernel &k = *kp;
  auto *fnTy = llvm::FunctionType::get(b_.getVoidTy(), {ptr_}, false);
  fn_ = llvm::Function::Create(fnTy, llvm::Function::ExternalLinkage, k.name, mod_);
  fn_->addParamAttr(0, llvm::Attribute::NoAlias);
  fn_->addParamAttr(0, llvm::Attribute::NoCapture);
  fn_->addParamAttr(0, llvm::Attribute::ReadOnly);
  fn_->addFnAttr(llvm::Attribute::NoUnwind);
  arrays_.clear();
  shared_.clear();
  locals_.assign(k.locals, nullptr);
  setupScopes(k);
  auto *entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
  b_.SetInsertPoint(entry);
  allocateSlots(k);
  args_ = fn_->getArg(0);
  begin_ = field(abi::Begin, "begin");
  end_ = field(abi::End, "end");
  step_ = field(abi::Step, "step");
  time_ = field(abi::Time, "t");
  dt_ = field(abi::Dt, "dt");
  // Rounded once, before any loop: a float loop reads float time.
  timeReal_ = fromDouble(time_);
  dtReal_ = fromDouble(dt_);
  seed_ = field(abi::Seed, "seed");
  // Dense storage: synapse s joins s / stride to s % stride, so no kernel
  // reads col or pre_index, and a row's targets are contiguous.
  dense_ = false;
  for (const Projection &pr : m_.projections)
    if (pr.group == k.group && pr.storage == Storage::Dense) dense_ = true;
  stride_ = dense_ ? field(abi::Stride, "stride") : nullptr;
  pairDraws_ = k.kind == KernelKind::Where;
  Block all = k.prologue;
  all.insert(all.end(), k.body.begin(), k.body.end());
  preloadPointers(all);
  if (!k.prologue.empty()) {
    self_ = pre_ = post_ = b_.getInt64(0);
    block(k.prologue);
    memo_.clear();
  }
  preloadShared(k.body);

  switch (k.kind) {
  case KernelKind::Prepare:
    self_ = pre_ = post_ = b_.getInt64(0);
    block(k.body);
    break;
  case KernelKind::Init:
    if (k.pre >= 0) {
      auto *preIdx = dense_ ? nullptr : field(abi::PreIndex, "pre_index");
      auto *col = dense_ ? nullptr : field(abi::Col, "col");
      loop(begin_, end_, "s", [&](llvm::Value *s) {
        self_ = s;
        endsOf(s, preIdx, col);
        block(k.body);
      });
    } else {
      loop(begin_, end_, "i", [&](llvm::Value *i) {
        self_ = pre_ = post_ = i;
        block(k.body);
      });
    }
    break;
  case KernelKind::Threshold:
    if (k.body.size() == 1 && k.body[0].kind == Stmt::Kind::If && k.body[0].elseBlock.empty()) {
      thresholdInBlocks(k.body[0], nullptr);
      break;
    }
    [[fallthrough]];
  case KernelKind::Update:
    if (th >= 0) {
      Block update(k.body.begin(), k.body.end() - 1);
      thresholdInBlocks(k.body.back(), &update);
      break;
    }
    [[fallthrough]];
  case KernelKind::Reduce:
  case KernelKind::AdjointNeurons:
    spikes_ = k.kind == KernelKind::Threshold ? field(abi::Spikes, "spikes") : nullptr;
    nspikes_ = k.kind == KernelKind::Threshold ? field(abi::NumSpikes, "nspikes") : nullptr;
    loop(begin_, end_, "i", [&](llvm::Value *i) {
      self_ = pre_ = post_ = i;
      block(k.body);
    });
    break;
  case KernelKind::Reset: {
    auto *list = field(abi::List, "list");
    loop(begin_, end_, "k", [&](llvm::Value *n) {
      self_ = pre_ = post_ = b_.CreateSExt(loadI32(list, n), i64_, "i");
      block(k.body);
    });
    break;
  }
  case KernelKind::Where: {
    // Candidate pairs s in [begin, end) as (pre_index[s], col[s]); the
    // body pushes s when the condition holds.
    auto *preIdx = field(abi::PreIndex, "pre_index");
    auto *col = field(abi::Col, "col");
    spikes_ = field(abi::Spikes, "kept");
    nspikes_ = field(abi::NumSpikes, "nkept");
    loop(begin_, end_, "s", [&](llvm::Value *s) {
      self_ = s;
      endsOf(s, preIdx, col); // never dense (ChooseStorage.cpp)
      block(k.body);
    });
    break;
  }
  case KernelKind::OnPreSynapses: {
    auto *list = field(abi::List, "list");
    auto *preIdx = dense_ ? nullptr : field(abi::PreIndex, "pre_index");
    auto *col = dense_ ? nullptr : field(abi::Col, "col");
    loop(begin_, end_, "k", [&](llvm::Value *n) {
      self_ = b_.CreateSExt(loadI32(list, n), i64_, "s");
      endsOf(self_, preIdx, col);
      block(k.body);
    });
    break;
  }
  case KernelKind::OnPreSegments: {
    // list[k]: runs of rows arriving now (one spiking neuron's synapses of
    // one delay: the runtime keeps rows in order of delay), bounded as rows
    // are for on_pre (whole, or a part's columns); pre from pre_index.
    auto *list = field(abi::List, "list");
    auto *rowptr = field(abi::RowPtr, "segptr");
    auto *rowend = field(abi::RowEnd, "segend");
    auto *col = field(abi::Col, "col");
    auto *preIdx = field(abi::PreIndex, "pre_index");
    // Segments are short runs at scattered places: their bounds and first
    // columns prefetched ahead, as rows' are.
    Rows rows{rowptr, rowend};
    warmFirstRows(list, rows, col);
    // And the first lines of the synapses' own variables (the weight) at
    // the start of the segment kRowsAhead on: without it, each segment
    // began with a miss there (half of the full microcircuit's kernel time).
    std::vector<VarRef> own;
    {
      std::vector<VarRef> refs;
      collectVarRefs(k.body, refs);
      for (const VarRef &r : refs)
        if (r.space == Space::Self && m_.groups[r.group].vars[r.var].perEntity &&
            std::find(own.begin(), own.end(), r) == own.end())
          own.push_back(r);
    }
    llvm::Value *lastK = b_.CreateSub(end_, b_.getInt64(1));
    loop(begin_, end_, "k", [&](llvm::Value *n) {
      prefetchRows(list, rows, col, n);
      if (!own.empty()) {
        llvm::Value *m = b_.CreateIntrinsic(llvm::Intrinsic::smin, {i64_}, {b_.CreateAdd(n, b_.getInt64(kRowsAhead)), lastK});
        self_ = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowptr, b_.CreateSExt(loadI32(list, m), i64_)));
        for (const VarRef &r : own) prefetch(address(r));
      }
      llvm::Value *g = b_.CreateSExt(loadI32(list, n), i64_, "g");
      llvm::Value *lo = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowptr, g));
      llvm::Value *hi = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowend, g));
      loop(lo, hi, "s", [&](llvm::Value *s) {
        self_ = s;
        endsOf(s, preIdx, col);
        block(k.body);
      });
    });
    break;
  }
  case KernelKind::Continuous: {
    if (k.perPost) { // lumped synapses: the post neuron's sums only
      loop(begin_, end_, "j", [&](llvm::Value *j) {
        self_ = pre_ = b_.getInt64(0);
        post_ = j;
        block(k.body);
      });
      break;
    }
    // Post neurons [begin, end) and their incoming synapses (the transposed
    // connectivity): a thread owns a range of post neurons, so writes to
    // `post.x` do not race.
    loop(begin_, end_, "j", [&](llvm::Value *j) { incoming(j, k.body); });
    break;
  }
  case KernelKind::OnPost: {
    // list: postsynaptic neurons that spiked; rowptr/col: their incoming
    // synapses (post-major); pre_index: each synapse's source.
    auto *list = field(abi::List, "list");
    loop(begin_, end_, "k", [&](llvm::Value *n) { incoming(b_.CreateSExt(loadI32(list, n), i64_, "j"), k.body); });
    break;
  }
  case KernelKind::OnPre:
  case KernelKind::AdjointRows: {
    auto *list = field(abi::List, "list");
    auto *rowptr = field(abi::RowPtr, "rowptr");
    auto *rowend = field(abi::RowEnd, "rowend");
    if (const Stmt *sum = rowSum(k)) {
      // `pre.x = pre.x + e` over a row: e summed in a register, added once
      // per row (the presynaptic adjoint of training), rather than a load
      // and a store of pre.x per synapse.
      llvm::IRBuilder<> eb(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
      llvm::Value *acc = eb.CreateAlloca(real_, nullptr, "rowsum");
      auto *col = dense_ ? nullptr : field(abi::Col, "col");
      loop(begin_, end_, "k", [&](llvm::Value *n) {
        pre_ = b_.CreateSExt(loadI32(list, n), i64_, "i");
        llvm::Value *base = dense_ ? b_.CreateMul(pre_, stride_, "base") : nullptr;
        llvm::Value *lo = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowptr, pre_));
        llvm::Value *hi = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowend, pre_));
        b_.CreateStore(llvm::ConstantFP::get(real_, 0.0), acc);
        auto row = [&](llvm::Value *from, llvm::Value *to) {
          loop(from, to, "s", [&](llvm::Value *s) {
            self_ = s;
            post_ = dense_ ? b_.CreateSub(s, base, "j") : b_.CreateSExt(loadI32(col, s), i64_, "j");
            llvm::Value *e = asReal(expr(sum->value->args[1]));
            b_.CreateStore(b_.CreateFAdd(b_.CreateLoad(real_, acc), e), acc);
          });
          memo_.clear();
        };
        const std::int64_t width = k.post >= 0 ? m_.groups[k.post].size : 0;
        if (dense_ && width > 0 && width <= 16) {
          // A short dense row (a readout layer's few neurons) whose length is
          // the population's: a loop of that constant length, which LLVM
          // unrolls, instead of a loop whose few iterations cost more in
          // control than in arithmetic. Partial rows take the general loop.
          auto *whole = llvm::BasicBlock::Create(ctx_, "row.whole", fn_);
          auto *part = llvm::BasicBlock::Create(ctx_, "row.part", fn_);
          auto *join = llvm::BasicBlock::Create(ctx_, "row.done", fn_);
          b_.CreateCondBr(b_.CreateICmpEQ(b_.CreateSub(hi, lo), b_.getInt64(width)), whole, part);
          b_.SetInsertPoint(whole);
          row(lo, b_.CreateAdd(lo, b_.getInt64(width), "", true, true));
          b_.CreateBr(join);
          b_.SetInsertPoint(part);
          row(lo, hi);
          b_.CreateBr(join);
          b_.SetInsertPoint(join);
        } else {
          row(lo, hi);
        }
        llvm::Value *old = b_.CreateLoad(real_, address(sum->target));
        store(sum->target, b_.CreateFAdd(old, b_.CreateLoad(real_, acc)));
      });
      break;
    }
    if (dense_) {
      // Row i holds synapses i * stride + j: the targets are the row's
      // offsets, contiguous, so the inner loop vectorises.
      loop(begin_, end_, "k", [&](llvm::Value *n) {
        pre_ = b_.CreateSExt(loadI32(list, n), i64_, "i");
        llvm::Value *base = b_.CreateMul(pre_, stride_, "base");
        llvm::Value *lo = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowptr, pre_));
        llvm::Value *hi = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowend, pre_));
        loop(lo, hi, "s", [&](llvm::Value *s) {
          self_ = s;
          post_ = b_.CreateSub(s, base, "j");
          block(k.body);
        });
      });
      break;
    }
    auto *col = field(abi::Col, "col");
    Rows rows{rowptr, rowend};
    warmFirstRows(list, rows, col);
    loop(begin_, end_, "k", [&](llvm::Value *n) {
      prefetchRows(list, rows, col, n);
      pre_ = b_.CreateSExt(loadI32(list, n), i64_, "i");
      llvm::Value *lo = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowptr, pre_));
      llvm::Value *hi = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowend, pre_));
      loop(lo, hi, "s", [&](llvm::Value *s) {
        self_ = s;
        post_ = b_.CreateSExt(loadI32(col, s), i64_, "j");
        block(k.body);
      });
    });
    break;
  }
  }
  b_.CreateRetVoid();
  return fn_;
}

/// `body` for each incoming synapse of post neuron `j`, through the
/// transposed connectivity (rowptr/rowend: post-major, col: synapse ids,
/// pre_index: each synapse's source).
void KernelEmitter::incoming(llvm::Value *j, const Block &body) {
  auto *rowptr = field(abi::RowPtr, "postptr");
  auto *rowend = field(abi::RowEnd, "postend");
  if (dense_) { // every presynaptic neuron q, through synapse q * stride + j
    post_ = j;
    llvm::Value *lo = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowptr, post_));
    llvm::Value *hi = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowend, post_));
    loop(lo, hi, "q", [&](llvm::Value *q) {
      pre_ = q;
      self_ = b_.CreateAdd(b_.CreateMul(q, stride_), j, "s");
      block(body);
    });
    return;
  }
  auto *syn = field(abi::Col, "postsyn");
  auto *preIdx = field(abi::PreIndex, "pre_index");
  post_ = j;
  llvm::Value *lo = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowptr, post_));
  llvm::Value *hi = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rowend, post_));
  loop(lo, hi, "q", [&](llvm::Value *q) {
    self_ = b_.CreateSExt(loadI32(syn, q), i64_, "s");
    pre_ = b_.CreateSExt(loadI32(preIdx, self_), i64_, "i");
    block(body);
  });
}

/// pre_ and post_ of synapse s: from the tables, or in dense storage its
/// row and offset.
void KernelEmitter::endsOf(llvm::Value *s, llvm::Value *preIdx, llvm::Value *col) {
  if (dense_) {
    pre_ = b_.CreateUDiv(s, stride_, "i");
    post_ = b_.CreateSub(s, b_.CreateMul(pre_, stride_), "j");
    return;
  }
  pre_ = b_.CreateSExt(loadI32(preIdx, s), i64_, "i");
  post_ = b_.CreateSExt(loadI32(col, s), i64_, "j");
}

llvm::Value *KernelEmitter::field(unsigned f, const char *name) {
  llvm::Value *p = b_.CreateStructGEP(argsTy_, args_, f);
  return b_.CreateLoad(argsTy_->getElementType(f), p, name);
}

llvm::Value *KernelEmitter::loadI32(llvm::Value *base, llvm::Value *idx) {
  return b_.CreateLoad(i32_, b_.CreateInBoundsGEP(i32_, base, idx));
}

void KernelEmitter::setupScopes(const Kernel &k) {
  std::vector<VarRef> refs;
  collectVarRefs(k.prologue, refs);
  collectVarRefs(k.body, refs);
  llvm::MDBuilder md(ctx_);
  llvm::MDNode *domain = md.createAnonymousAliasScopeDomain(k.name);
  std::vector<std::uint64_t> keys;
  scopes_.clear();
  for (const VarRef &r : refs) {
    std::uint64_t kk = key(r.group, r.var);
    if (scopes_.count(kk)) continue;
    scopes_[kk] = md.createAnonymousAliasScope(domain, m_.groups[r.group].vars[r.var].name);
    keys.push_back(kk);
  }
  scopeList_.clear();
  noalias_.clear();
  for (std::uint64_t kk : keys) {
    scopeList_[kk] = llvm::MDNode::get(ctx_, {scopes_[kk]});
    std::vector<llvm::Metadata *> others;
    for (std::uint64_t o : keys)
      if (o != kk) others.push_back(scopes_[o]);
    noalias_[kk] = llvm::MDNode::get(ctx_, others);
  }
}

void KernelEmitter::annotate(llvm::Instruction *inst, const VarRef &r) {
  std::uint64_t kk = key(r.group, r.var);
  inst->setMetadata(llvm::LLVMContext::MD_alias_scope, scopeList_[kk]);
  inst->setMetadata(llvm::LLVMContext::MD_noalias, noalias_[kk]);
}

llvm::Value *KernelEmitter::spaceArray(Space s) {
  unsigned f = s == Space::Self ? abi::Self : s == Space::Pre ? abi::Pre : s == Space::Post ? abi::Post : abi::Net;
  if (!spaceArrays_[f]) spaceArrays_[f] = field(f, ir::spelling(s));
  return spaceArrays_[f];
}

/// Loads the base pointer of every variable before any loop.
void KernelEmitter::preloadPointers(const Block &body) {
  spaceArrays_.assign(abi::NumKernelArgs, nullptr);
  std::vector<VarRef> refs;
  collectVarRefs(body, refs);
  for (const VarRef &r : refs) {
    std::uint64_t kk = key(r.group, r.var) ^ (std::uint64_t(r.space) << 60);
    if (arrays_.count(kk)) continue;
    const Var &v = m_.groups[r.group].vars[r.var];
    llvm::Value *table = spaceArray(r.space);
    arrays_[kk] = b_.CreateLoad(ptr_, b_.CreateInBoundsGEP(ptr_, table, b_.getInt64(r.var)), v.name + ".ptr");
  }
}

/// Loads, once, the value of every shared variable the loop only reads.
void KernelEmitter::preloadShared(const Block &body) {
  std::vector<VarRef> refs;
  collectVarRefs(body, refs);
  std::vector<VarRef> writes;
  collectWrites(body, writes);
  std::set<std::uint64_t> written;
  for (const VarRef &w : writes) written.insert(key(w.group, w.var) ^ (std::uint64_t(w.space) << 60));
  for (const VarRef &r : refs) {
    std::uint64_t kk = key(r.group, r.var) ^ (std::uint64_t(r.space) << 60);
    const Var &v = m_.groups[r.group].vars[r.var];
    if (shared_.count(kk) || v.perEntity || written.count(kk)) continue;
    auto *ld = b_.CreateLoad(real_, arrays_.at(kk), v.name);
    annotate(ld, r);
    shared_[kk] = ld;
  }
}

llvm::Value *KernelEmitter::entityIndex(Space s) {
  switch (s) {
  case Space::Self: return self_;
  case Space::Pre: return pre_;
  case Space::Post: return post_;
  case Space::Net: return b_.getInt64(0);
  }
  return self_;
}

llvm::Value *KernelEmitter::address(const VarRef &r) {
  std::uint64_t kk = key(r.group, r.var) ^ (std::uint64_t(r.space) << 60);
  llvm::Value *base = arrays_.at(kk);
  if (!m_.groups[r.group].vars[r.var].perEntity) return base;
  return b_.CreateInBoundsGEP(real_, base, entityIndex(r.space));
}

llvm::Value *KernelEmitter::load(const VarRef &r) {
  std::uint64_t kk = key(r.group, r.var) ^ (std::uint64_t(r.space) << 60);
  if (auto it = shared_.find(kk); it != shared_.end()) return it->second;
  auto *ld = b_.CreateLoad(real_, address(r), m_.groups[r.group].vars[r.var].name);
  annotate(ld, r);
  return ld;
}

/// The single statement `pre.x = pre.x + e` (e free of pre.x) of a row
/// kernel, or null.
const Stmt *KernelEmitter::rowSum(const Kernel &k) {
  if (k.body.size() != 1) return nullptr;
  const Stmt &s = k.body[0];
  if (s.kind != Stmt::Kind::Assign || s.target.space != Space::Pre || s.value->op != Op::Add) return nullptr;
  const ExprRef &a = s.value->args[0];
  if (a->op != Op::Var || !(a->var == s.target) || dependsOn(s.value->args[1], s.target)) return nullptr;
  return &s;
}

void KernelEmitter::store(const VarRef &r, llvm::Value *v) {
  auto *st = b_.CreateStore(asReal(v), address(r));
  annotate(st, r);
  memo_.clear(); // later reads must see the new value
}

void KernelEmitter::allocateSlots(const Kernel &k) {
  std::vector<bool> mut = mutableLocals(k);
  slots_.assign(k.locals, nullptr);
  for (int id = 0; id < k.locals; ++id)
    if (mut[id]) slots_[id] = b_.CreateAlloca(real_, nullptr, "mut" + std::to_string(id));
}

void KernelEmitter::block(const Block &body) {
  for (const Stmt &s : body) stmt(s);
}

void KernelEmitter::stmt(const Stmt &s) {
  switch (s.kind) {
  case Stmt::Kind::Assign: store(s.target, expr(s.value)); return;
  case Stmt::Kind::Local:
    if (slots_[s.local]) {
      b_.CreateStore(asReal(expr(s.value)), slots_[s.local]);
      memo_.clear(); // later reads must see the new value
      return;
    }
    locals_[s.local] = asReal(expr(s.value));
    return;
  case Stmt::Kind::While: {
    auto *head = llvm::BasicBlock::Create(ctx_, "while", fn_);
    auto *body = llvm::BasicBlock::Create(ctx_, "do", fn_);
    auto *done = llvm::BasicBlock::Create(ctx_, "done", fn_);
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    memo_.clear(); // the head runs again after the body has changed locals
    b_.CreateCondBr(asBool(expr(s.value)), body, done);
    b_.SetInsertPoint(body);
    block(s.thenBlock);
    b_.CreateBr(head);
    b_.SetInsertPoint(done);
    memo_.clear();
    return;
  }
  case Stmt::Kind::PushSpike: {
    llvm::Value *n = b_.CreateLoad(i64_, nspikes_, "n");
    b_.CreateStore(b_.CreateTrunc(self_, i32_), b_.CreateInBoundsGEP(i32_, spikes_, n));
    b_.CreateStore(b_.CreateAdd(n, b_.getInt64(1)), nspikes_);
    return;
  }
  case Stmt::Kind::If: {
    llvm::Value *c = asBool(expr(s.value));
    auto *thenBB = llvm::BasicBlock::Create(ctx_, "then", fn_);
    auto *elseBB = llvm::BasicBlock::Create(ctx_, "else", fn_);
    auto *join = llvm::BasicBlock::Create(ctx_, "endif", fn_);
    b_.CreateCondBr(c, thenBB, elseBB);
    auto saved = memo_;
    b_.SetInsertPoint(thenBB);
    block(s.thenBlock);
    b_.CreateBr(join);
    memo_ = saved;
    b_.SetInsertPoint(elseBB);
    block(s.elseBlock);
    b_.CreateBr(join);
    b_.SetInsertPoint(join);
    memo_.clear(); // values computed in one branch do not dominate the join
    return;
  }
  case Stmt::Kind::Expm: {
    // bdlrt_expm works in double; in single precision its arguments are
    // widened and the propagators rounded once, when stored.
    std::size_t n = static_cast<std::size_t>(std::llround(std::sqrt(double(s.args.size()))));
    auto *arrTy = llvm::ArrayType::get(f64_, n * n);
    llvm::IRBuilder<> eb(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
    llvm::Value *in = eb.CreateAlloca(arrTy, nullptr, "expm.in");
    llvm::Value *out = eb.CreateAlloca(arrTy, nullptr, "expm.out");
    for (std::size_t k = 0; k < s.args.size(); ++k)
      b_.CreateStore(toDouble(asReal(expr(s.args[k]))), b_.CreateConstInBoundsGEP2_64(arrTy, in, 0, k));
    auto callee = mod_.getOrInsertFunction(abi::kExpm, b_.getVoidTy(), i64_, ptr_, ptr_);
    b_.CreateCall(callee, {b_.getInt64(n), in, out});
    for (std::size_t k = 0; k < s.targets.size(); ++k)
      store(s.targets[k], fromDouble(b_.CreateLoad(f64_, b_.CreateConstInBoundsGEP2_64(arrTy, out, 0, k))));
    return;
  }
  }
}


std::unique_ptr<llvm::Module> buildModule(const KernelModule &km, const std::string &descriptor,
                                          llvm::LLVMContext &ctx, llvm::TargetMachine &tm, bool withMain,
                                          bool fpContract, bool single) {
  auto mod = std::make_unique<llvm::Module>("bdl_model", ctx);
  mod->setTargetTriple(tm.getTargetTriple().str());
  mod->setDataLayout(tm.createDataLayout());
  // AVX's vmaskmov and AVX-512's masked moves (see KernelEmitter::loop()).
  bool masked = tm.getTargetTriple().isX86() && tm.getMCSubtargetInfo()->checkFeatures("+avx");
  KernelEmitter emitter(km, *mod, fpContract, single, hasTableExp(tm), masked);
  std::vector<llvm::Constant *> fns;
  std::vector<int> twin = sharedKernels(km);
  for (std::size_t n = 0; n < km.kernels.size(); ++n)
    fns.push_back(twin[n] == static_cast<int>(n) ? emitter.emit(km.kernels[n]) : fns[twin[n]]);
  for (llvm::Function &f : *mod) // kernels and the exp functions they call
    if (!f.isDeclaration()) {
      f.addFnAttr("target-cpu", tm.getTargetCPU());
      f.addFnAttr("target-features", tm.getTargetFeatureString());
    }
  auto *ptrTy = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *tableTy = llvm::ArrayType::get(ptrTy, fns.size());
  auto *table = new llvm::GlobalVariable(*mod, tableTy, true, llvm::GlobalValue::PrivateLinkage,
                                         llvm::ConstantArray::get(tableTy, fns), "bdl_kernels");
  auto *descInit = llvm::ConstantDataArray::getString(ctx, descriptor, true);
  auto *desc = new llvm::GlobalVariable(*mod, descInit->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                        descInit, "bdl_descriptor");
  auto *modelTy = llvm::StructType::get(ctx, {i32, i32, ptrTy, ptrTy});
  auto *model = new llvm::GlobalVariable(
      *mod, modelTy, true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantStruct::get(modelTy, {llvm::ConstantInt::get(i32, abi::kAbiVersion),
                                          llvm::ConstantInt::get(i32, fns.size()), table, desc}),
      abi::kModelSymbol);
  if (withMain) {
    auto *mainTy = llvm::FunctionType::get(i32, {i32, ptrTy}, false);
    auto *mainFn = llvm::Function::Create(mainTy, llvm::Function::ExternalLinkage, "main", *mod);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", mainFn));
    auto rt = mod->getOrInsertFunction(abi::kMain, i32, ptrTy, i32, ptrTy);
    b.CreateRet(b.CreateCall(rt, {model, mainFn->getArg(0), mainFn->getArg(1)}));
  }
  return mod;
}

} // namespace bdl::codegen
