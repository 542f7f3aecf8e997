// SPDX-License-Identifier: Apache-2.0
//===- KernelEmitter.cpp - kernel IR to LLVM IR ----------------------------===//
//
// One function per kernel, `void k(const bdlrt_kernel_args *)`. Each
// variable array gets its own alias scope, so the optimiser knows that
// storing `v[i]` cannot change `ge[i]` and vectorises neuron loops. Shared
// values (parameters, propagators) are loaded once before the loop.
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
  for (unsigned f : {abi::Begin, abi::End, abi::Step, abi::Seed}) fields[f] = i64_;
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
      auto *preIdx = field(abi::PreIndex, "pre_index");
      auto *col = field(abi::Col, "col");
      loop(begin_, end_, "s", [&](llvm::Value *s) {
        self_ = s;
        pre_ = b_.CreateSExt(loadI32(preIdx, s), i64_, "i");
        post_ = b_.CreateSExt(loadI32(col, s), i64_, "j");
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
  case KernelKind::OnPreSynapses: {
    auto *list = field(abi::List, "list");
    auto *preIdx = field(abi::PreIndex, "pre_index");
    auto *col = field(abi::Col, "col");
    loop(begin_, end_, "k", [&](llvm::Value *n) {
      self_ = b_.CreateSExt(loadI32(list, n), i64_, "s");
      pre_ = b_.CreateSExt(loadI32(preIdx, self_), i64_, "i");
      post_ = b_.CreateSExt(loadI32(col, self_), i64_, "j");
      block(k.body);
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
  case KernelKind::OnPre: {
    auto *list = field(abi::List, "list");
    auto *rowptr = field(abi::RowPtr, "rowptr");
    auto *rowend = field(abi::RowEnd, "rowend");
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

/// Rows of spiking neurons are scattered through the connectivity, which at
/// 40,000 neurons (8 MB of columns for E->E) is far out of cache: a profile
/// of COBA had most of the delivery kernel's time on the first load of each
/// row. So while delivering spike k, the columns of spike k + 8 and the row
/// bounds of spike k + 16 are prefetched (indices clamped to the last spike,
/// so no branch is needed); both arrays of bounds, which are separate when
/// threads split rows.
void KernelEmitter::prefetchRows(llvm::Value *list, const Rows &rows, llvm::Value *col, llvm::Value *n) {
  llvm::Value *last = b_.CreateSub(end_, b_.getInt64(1));
  auto spikeAt = [&](std::int64_t d) {
    llvm::Value *m = b_.CreateIntrinsic(llvm::Intrinsic::smin, {i64_}, {b_.CreateAdd(n, b_.getInt64(d)), last});
    return b_.CreateSExt(loadI32(list, m), i64_);
  };
  prefetchColumns(rows, col, spikeAt(kRowsAhead));
  prefetchBounds(rows, spikeAt(2 * kRowsAhead));
}

/// prefetchRows() reaches k + 8 and k + 16 from spike k, so the first spikes
/// of a call would each wait for their row bounds and then their columns,
/// one after the other. Before the loop, the bounds of the first 16 spikes
/// are prefetched and then the columns of the first 8 (their bounds loaded
/// together, so the misses overlap). With 4 and 8 ahead this took COBA
/// 40,000 from 0.284 to 0.274 s; 8 and 16 then took its two-thread run,
/// where each thread walks half of every row in half the time, from 0.160 to
/// 0.151 s (one thread: the same; 12 and 24: the same again).
void KernelEmitter::warmFirstRows(llvm::Value *list, const Rows &rows, llvm::Value *col) {
  auto upTo = [&](std::int64_t d) {
    return b_.CreateIntrinsic(llvm::Intrinsic::smin, {i64_}, {b_.CreateAdd(begin_, b_.getInt64(d)), end_});
  };
  loop(begin_, upTo(2 * kRowsAhead), "warm", [&](llvm::Value *n) {
    prefetchBounds(rows, b_.CreateSExt(loadI32(list, n), i64_));
  });
  loop(begin_, upTo(kRowsAhead), "warmcol",
       [&](llvm::Value *n) { prefetchColumns(rows, col, b_.CreateSExt(loadI32(list, n), i64_)); });
}

/// Up to 8 cache lines of neuron i's columns, each line index clamped to its
/// row (one line, the hardware prefetcher following, left COBA 40,000 10%
/// slower).
void KernelEmitter::prefetchColumns(const Rows &rows, llvm::Value *col, llvm::Value *i) {
  constexpr std::int64_t kRowLines = 8, kPerLine = 16;
  llvm::Value *row = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rows.ptr, i));
  llvm::Value *rowLast = b_.CreateSub(b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rows.end, i)), b_.getInt64(1));
  for (std::int64_t line = 0; line < kRowLines; ++line) {
    llvm::Value *at = b_.CreateIntrinsic(llvm::Intrinsic::smin, {i64_},
                                         {b_.CreateAdd(row, b_.getInt64(kPerLine * line)), rowLast});
    prefetch(b_.CreateGEP(i32_, col, at));
  }
}

void KernelEmitter::prefetchBounds(const Rows &rows, llvm::Value *i) {
  prefetch(b_.CreateInBoundsGEP(i64_, rows.ptr, i));
  prefetch(b_.CreateInBoundsGEP(i64_, rows.end, i));
}

void KernelEmitter::prefetch(llvm::Value *addr) {
  b_.CreateIntrinsic(llvm::Intrinsic::prefetch, {ptr_}, {addr, b_.getInt32(0), b_.getInt32(3), b_.getInt32(1)});
}

llvm::Value *KernelEmitter::field(unsigned f, const char *name) {
  llvm::Value *p = b_.CreateStructGEP(argsTy_, args_, f);
  return b_.CreateLoad(argsTy_->getElementType(f), p, name);
}

llvm::Value *KernelEmitter::loadI32(llvm::Value *base, llvm::Value *idx) {
  return b_.CreateLoad(i32_, b_.CreateInBoundsGEP(i32_, base, idx));
}

/// Calls `body(index)` for index in [lo, hi).
void KernelEmitter::loop(llvm::Value *lo, llvm::Value *hi, const char *name, const std::function<void(llvm::Value *)> &body,
                         std::int64_t step) {
  llvm::BasicBlock *pre = b_.GetInsertBlock();
  auto *head = llvm::BasicBlock::Create(ctx_, std::string(name) + ".loop", fn_);
  auto *exit = llvm::BasicBlock::Create(ctx_, std::string(name) + ".exit", fn_);
  b_.CreateCondBr(b_.CreateICmpSLT(lo, hi), head, exit);
  b_.SetInsertPoint(head);
  llvm::PHINode *iv = b_.CreatePHI(i64_, 2, name);
  iv->addIncoming(lo, pre);
  memo_.clear();
  unsigned exps = inlineExps_, loops = ++loopsOpened_;
  body(iv);
  memo_.clear();
  llvm::Value *next = b_.CreateAdd(iv, b_.getInt64(step), "", true, true);
  iv->addIncoming(next, b_.GetInsertBlock());
  auto *latch = b_.CreateCondBr(b_.CreateICmpSLT(next, hi), head, exit);
  // An exponential is a chain of about twenty dependent operations, and a
  // neuron loop with several (COBAHH: ten per neuron, in two rounds) is ~600
  // vector instructions an iteration: more than the out-of-order window, so
  // one vector of neurons leaves the FMA units waiting on those chains. Four
  // vectors of neurons interleaved in one iteration give them independent
  // work: COBAHH's update 0.61 -> 0.51 s (two: 0.53 s); COBA, whose update
  // has no exponential, is unchanged either way. With the table-driven exp
  // the vectoriser picks 16 lanes (two registers a value), so two already
  // make four vectors (0.438 s; four: 0.443 s, and a third more compile time).
  //
  // Every loop the vectoriser takes folds its tail into the vector body
  // (masked loads and stores) rather than finishing in a scalar loop: that
  // copy is compiled apart and may round differently. It did: CodeGenPrepare
  // turns exprel's select of a division into a branch in scalar code, and
  // the product on one side then no longer fuses with the sum on the other,
  // so in examples/gap_junctions.bdl the neurons at the end of a thread's
  // range (which --threads moves) got other last bits than in a vector.
  // With the tail masked, each neuron runs the same vector code wherever
  // its range begins or ends (threads.test compares the states). A target
  // without masked loads and stores (x86 before AVX) would get the masked
  // lanes as scalar code in branches, so there the loops stay scalar, and
  // unrolled by neither the vectoriser nor the unroller, whose copies the
  // SLP vectoriser could turn into vectors with a scalar remainder again.
  std::vector<llvm::Metadata *> props = {nullptr};
  auto prop = [&](const char *key, llvm::Constant *value) {
    llvm::Metadata *kv[] = {llvm::MDString::get(ctx_, key), llvm::ConstantAsMetadata::get(value)};
    props.push_back(llvm::MDNode::get(ctx_, kv));
  };
  if (!maskedTails_) {
    prop("llvm.loop.vectorize.width", b_.getInt32(1));
    prop("llvm.loop.interleave.count", b_.getInt32(1));
    props.push_back(llvm::MDNode::get(ctx_, {llvm::MDString::get(ctx_, "llvm.loop.unroll.disable")}));
  } else {
    prop("llvm.loop.vectorize.predicate.enable", b_.getTrue());
    if (inlineExps_ > exps && loopsOpened_ == loops) prop("llvm.loop.interleave.count", b_.getInt32(tableExp_ ? 2 : 4));
  }
  llvm::MDNode *id = llvm::MDNode::getDistinct(ctx_, props);
  id->replaceOperandWith(0, id);
  latch->setMetadata(llvm::LLVMContext::MD_loop, id);
  b_.SetInsertPoint(exit);
}

/// Spikes are rare (0.2% of neurons per step at 20 Hz and dt = 0.1 ms), and a
/// loop that may push one cannot vectorise. So chunks of 1024 neurons are
/// first tested branch-free, each neuron's condition stored as one byte of a
/// buffer on the stack (a vectorised loop with no reduction in it); then the
/// buffer is read 64 bytes at a time as a 64-bit mask (one vector compare),
/// and only the set bits are visited, lowest first (count trailing zeros),
/// where the guarded statement runs as written. Walking a block again neuron
/// by neuron had the threshold kernel of COBA at 4,000 neurons above its
/// update kernel in a profile; an OR-reduction of mask bits per 64 neurons
/// later took a fifth of the update kernel.
///
/// A whole chunk is a loop of exactly 1024 neurons, which every vector width
/// divides, so it is vectorised with neither masks nor a scalar tail; only
/// the last, partial chunk of a range is masked (see loop()). Masking every
/// chunk cost COBA's update a fifth (the mask is three instructions a vector,
/// and a masked load no longer folds into the arithmetic): COBA 4,000, 1 s,
/// from 0.037 to 0.042 s; whole chunks unmasked, 0.038 s.
///
/// With `update`, the update kernel's body runs first for each neuron, in the
/// same loop, so the condition reads the new values while they are still in
/// registers, and the neurons are traversed once per step instead of twice
/// (ir::KernelModule::fusedThreshold; the threshold kernel is then unused).
void KernelEmitter::thresholdInBlocks(const Stmt &guard, const Block *update) {
  constexpr std::int64_t kChunk = 1024, kWord = 64;
  spikes_ = field(abi::Spikes, "spikes");
  nspikes_ = field(abi::NumSpikes, "nspikes");
  llvm::Type *i8 = b_.getInt8Ty();
  llvm::IRBuilder<> eb(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
  llvm::Value *flags = eb.CreateAlloca(llvm::ArrayType::get(i8, kChunk), nullptr, "flags");
  auto *word = llvm::FixedVectorType::get(i8, kWord);
  loop(begin_, end_, "blk", [&](llvm::Value *blk) {
    llvm::Value *next = b_.CreateNSWAdd(blk, b_.getInt64(kChunk));
    llvm::Value *hi = b_.CreateSelect(b_.CreateICmpSLT(next, end_), next, end_, "blk.end");
    auto scan = [&](llvm::Value *to) {
      loop(b_.getInt64(0), to, "scan", [&](llvm::Value *k) {
        llvm::Value *i = b_.CreateAdd(blk, k, "i", true, true);
        self_ = pre_ = post_ = i;
        if (update) {
          block(*update);
          memo_.clear(); // the condition reads the stored values
        }
        llvm::Value *c = b_.CreateZExt(asBool(expr(guard.value)), i8);
        b_.CreateStore(c, b_.CreateInBoundsGEP(i8, flags, k));
      });
    };
    llvm::Value *len = b_.CreateSub(hi, blk, "blk.len");
    if (maskedTails_) { // whole chunks unmasked, as above
      auto *whole = llvm::BasicBlock::Create(ctx_, "blk.whole", fn_);
      auto *part = llvm::BasicBlock::Create(ctx_, "blk.part", fn_);
      auto *scanned = llvm::BasicBlock::Create(ctx_, "blk.scanned", fn_);
      b_.CreateCondBr(b_.CreateICmpEQ(len, b_.getInt64(kChunk)), whole, part);
      b_.SetInsertPoint(whole);
      scan(b_.getInt64(kChunk));
      b_.CreateBr(scanned);
      b_.SetInsertPoint(part);
      scan(len);
      b_.CreateBr(scanned);
      b_.SetInsertPoint(scanned);
    } else {
      scan(len);
    }
    loop(b_.getInt64(0), len, "word", [&](llvm::Value *off) {
      llvm::Value *bytes = b_.CreateAlignedLoad(word, b_.CreateInBoundsGEP(i8, flags, off), llvm::Align(1));
      llvm::Value *set = b_.CreateBitCast(b_.CreateICmpNE(bytes, llvm::Constant::getNullValue(word)), i64_);
      // Bytes past the chunk's end are stale: keep the low (len - off) bits.
      llvm::Value *rem = b_.CreateSub(len, off);
      llvm::Value *keep = b_.CreateSelect(b_.CreateICmpSGE(rem, b_.getInt64(kWord)), b_.getInt64(-1),
                                          b_.CreateSub(b_.CreateShl(b_.getInt64(1), rem), b_.getInt64(1)));
      llvm::Value *mask0 = b_.CreateAnd(set, keep, "blk.mask");
      llvm::Value *base = b_.CreateAdd(blk, off);
      // while (mask) { i = base + cttz(mask); mask &= mask - 1; guard(i); }
      llvm::BasicBlock *pre = b_.GetInsertBlock();
      auto *walk = llvm::BasicBlock::Create(ctx_, "blk.spikes", fn_);
      auto *done = llvm::BasicBlock::Create(ctx_, "blk.done", fn_);
      b_.CreateCondBr(b_.CreateICmpNE(mask0, b_.getInt64(0)), walk, done);
      b_.SetInsertPoint(walk);
      llvm::PHINode *mask = b_.CreatePHI(i64_, 2, "bits");
      mask->addIncoming(mask0, pre);
      llvm::Value *low = b_.CreateIntrinsic(llvm::Intrinsic::cttz, {i64_}, {mask, b_.getTrue()});
      llvm::Value *i = b_.CreateAdd(base, low, "i", true, true);
      memo_.clear();
      self_ = pre_ = post_ = i;
      stmt(guard);
      memo_.clear();
      llvm::Value *rest = b_.CreateAnd(mask, b_.CreateSub(mask, b_.getInt64(1)));
      mask->addIncoming(rest, b_.GetInsertBlock());
      b_.CreateCondBr(b_.CreateICmpNE(rest, b_.getInt64(0)), walk, done);
      b_.SetInsertPoint(done);
    }, kWord);
    memo_.clear();
  }, kChunk);
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
  for (const Kernel &k : km.kernels)
    fns.push_back(emitter.emit(k));
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
