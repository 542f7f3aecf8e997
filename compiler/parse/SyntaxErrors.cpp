// SPDX-License-Identifier: Apache-2.0
//===- SyntaxErrors.cpp - lexical and syntax diagnostics (01xx) ------------===//
#include "parse/SyntaxErrors.h"

#include "BDLLexer.h"
#include "parse/Parser.h"

#include <cctype>
#include <cstdio>

namespace bdl::parse {

using diag::DiagId;
using gen::BDLLexer;

OffsetMap::OffsetMap(support::FileId file, std::string_view s) : file_(file), text_(s) {
  cpToByte_.reserve(s.size() + 1);
  for (std::uint32_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) cpToByte_.push_back(i);
  cpToByte_.push_back(static_cast<std::uint32_t>(s.size()));
}

std::uint32_t OffsetMap::at(std::size_t cp) const {
  return cp < cpToByte_.size() ? cpToByte_[cp] : cpToByte_.back();
}

support::SourceRange OffsetMap::token(const antlr4::Token *t) const {
  if (!t) return {};
  if (t->getType() == antlr4::Token::EOF) {
    std::uint32_t e = cpToByte_.back();
    return {file_, e, e};
  }
  std::size_t start = t->getStartIndex(), stop = t->getStopIndex();
  if (stop + 1 < start + 1) stop = start - 1; // empty (ANTLR-conjured) token
  return {file_, at(start), at(stop + 1)};
}

support::SourceRange OffsetMap::context(antlr4::ParserRuleContext *ctx) const {
  if (!ctx || !ctx->getStart()) return {};
  support::SourceRange b = token(ctx->getStart());
  const antlr4::Token *stop = ctx->getStop();
  if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return b.start();
  return b.cover(token(stop));
}

std::size_t findInvalidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return i;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid too.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return i;
    i += n;
  }
  return std::string_view::npos;
}

void reportInvalidUtf8(diag::DiagnosticEngine &d, support::FileId file, std::string_view text,
                       std::size_t at) {
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned char>(text[at]));
  auto off = static_cast<std::uint32_t>(at);
  d.report(DiagId::E0108, {file, off, off + 1}, {hex})
      .help("save the file as UTF-8; BDL sources are UTF-8 text");
}

void reportTooDeep(diag::DiagnosticEngine &d, support::SourceRange at, unsigned limit) {
  d.report(DiagId::E0107, at, {std::to_string(limit)})
      .help("split the expression with 'let' definitions");
}

static std::string describeChar(const std::string &text) {
  unsigned char c = text.empty() ? 0 : static_cast<unsigned char>(text[0]);
  if (text.size() == 1 && (c < 0x20 || c == 0x7F)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", c);
    return buf;
  }
  return "'" + text + "'";
}

bool checkTokens(const std::vector<antlr4::Token *> &tokens, const OffsetMap &map,
                 diag::DiagnosticEngine &d) {
  // Nesting estimate: open brackets, plus right-recursive operators (prefix
  // `-`, `not`, `if`, `^`) since the last statement boundary at each bracket
  // level. Over-estimates a little, never under-estimates what the recursive
  // descent parser will need.
  std::vector<unsigned> opsAtLevel{0};
  unsigned total = 0;
  bool prevIsOperand = false;
  for (antlr4::Token *t : tokens) {
    size_t type = t->getType();
    support::SourceRange r = map.token(t);
    switch (type) {
    case BDLLexer::ERROR_CHAR:
      d.report(DiagId::E0102, r, {describeChar(t->getText())});
      continue;
    case BDLLexer::UNTERMINATED_COMMENT:
      d.report(DiagId::E0103, r.start()).help("close the comment with '*/'");
      continue;
    case BDLLexer::UNTERMINATED_STRING:
      d.report(DiagId::E0105, r.start()).help("close the string with '\"' on the same line");
      continue;
    default:
      break;
    }
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    bool rightRecursive = false;
    switch (type) {
    case BDLLexer::LPAREN:
    case BDLLexer::LBRACKET:
    case BDLLexer::LBRACE:
      opsAtLevel.push_back(0);
      ++total;
      prevIsOperand = false;
      break;
    case BDLLexer::RPAREN:
    case BDLLexer::RBRACKET:
    case BDLLexer::RBRACE:
      if (opsAtLevel.size() > 1) {
        total -= opsAtLevel.back() + 1;
        opsAtLevel.pop_back();
      }
      prevIsOperand = true;
      break;
    case BDLLexer::ASSIGN:
    case BDLLexer::PLUS_EQ:
    case BDLLexer::MINUS_EQ:
    case BDLLexer::STAR_EQ:
    case BDLLexer::SLASH_EQ:
    case BDLLexer::COMMA:
    case BDLLexer::SEMI:
      total -= opsAtLevel.back();
      opsAtLevel.back() = 0;
      prevIsOperand = false;
      break;
    case BDLLexer::MINUS:
    case BDLLexer::PLUS:
      rightRecursive = !prevIsOperand;
      prevIsOperand = false;
      break;
    case BDLLexer::NOT:
    case BDLLexer::IF:
    case BDLLexer::CARET:
    case BDLLexer::STAR_STAR:
      rightRecursive = true;
      prevIsOperand = false;
      break;
    case BDLLexer::NUMBER:
    case BDLLexer::IDENT:
    case BDLLexer::STRING:
    case BDLLexer::TRUE:
    case BDLLexer::FALSE:
    case BDLLexer::PRE:
    case BDLLexer::POST:
      prevIsOperand = true;
      break;
    default:
      prevIsOperand = false;
      break;
    }
    if (rightRecursive) {
      ++opsAtLevel.back();
      ++total;
    }
    if (total > kMaxNesting) {
      reportTooDeep(d, r, kMaxNesting);
      return false;
    }
  }
  return true;
}

static bool isKeyword(const antlr4::dfa::Vocabulary &v, size_t type) {
  std::string lit = v.getLiteralName(type);
  return lit.size() > 2 && std::isalpha(static_cast<unsigned char>(lit[1]));
}

static std::string tokenName(const antlr4::dfa::Vocabulary &v, size_t type) {
  switch (type) {
  case antlr4::Token::EOF: return "end of file";
  case BDLLexer::IDENT: return "a name";
  case BDLLexer::NUMBER: return "a number";
  case BDLLexer::STRING: return "a string";
  default: return v.getDisplayName(type);
  }
}

void SyntaxErrorListener::syntaxError(antlr4::Recognizer *recognizer, antlr4::Token *offending,
                                      size_t line, size_t, const std::string &msg,
                                      std::exception_ptr) {
  if (diags_.limitReached()) throw ParseAbandoned{};
  ++count_;
  // One error per line: after the first, ANTLR's recovery tends to produce
  // follow-on messages that describe its own guesses rather than the input.
  if (line == lastLine_) return;
  lastLine_ = line;
  auto *parser = dynamic_cast<antlr4::Parser *>(recognizer);
  support::SourceRange at = map_.token(offending);
  std::string text = msg, help;
  if (parser && offending) {
    const antlr4::dfa::Vocabulary &voc = parser->getVocabulary();
    antlr4::misc::IntervalSet expected;
    try {
      expected = parser->getExpectedTokens();
    } catch (...) {
      // Some recovery states have no expectation to offer; fall back below.
    }
    std::vector<ssize_t> list = expected.toList();
    std::string found = offending->getType() == antlr4::Token::EOF ? "end of file"
                                                                    : "'" + offending->getText() + "'";
    if (isKeyword(voc, offending->getType()) && expected.contains(static_cast<size_t>(BDLLexer::IDENT))) {
      diags_.report(DiagId::E0109, at, {offending->getText()})
          .help("choose another name, e.g. '" + offending->getText() + "_'");
      return;
    }
    if (offending->getType() == antlr4::Token::EOF &&
        expected.contains(static_cast<size_t>(BDLLexer::RBRACE)) && list.size() > 6) {
      text = "missing '}' at end of file";
    } else if (list.empty() || list.size() > 6) {
      text = "unexpected " + found;
    } else {
      std::string exp;
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (i) exp += i + 1 == list.size() ? " or " : ", ";
        exp += tokenName(voc, static_cast<size_t>(list[i]));
      }
      text = "expected " + exp + ", found " + found;
    }
    // `record spikes E`: the population goes in parentheses.
    auto *tokens = parser->getTokenStream();
    std::size_t idx = offending->getTokenIndex();
    if (tokens && idx >= 2 && offending->getType() == BDLLexer::IDENT) {
      antlr4::Token *what = tokens->get(idx - 1), *record = tokens->get(idx - 2);
      std::string fn = what->getText();
      if (record->getText() == "record" && (fn == "spikes" || fn == "rate" || fn == "voltage")) {
        text = "'record " + fn + "' takes its populations in parentheses, found " + found;
        help = "write 'record " + fn + "(" + offending->getText() + ")'";
      }
    }
  }
  auto report = diags_.report(DiagId::E0101, at, {text});
  if (!help.empty()) report.help(help);
}

} // namespace bdl::parse
