// SPDX-License-Identifier: Apache-2.0
//===- Parser.cpp - runs the ANTLR lexer and parser over one buffer --------===//
#include "parse/Parser.h"

#include "BDLLexer.h"
#include "BDLParser.h"
#include "parse/ASTBuilder.h"
#include "parse/SyntaxErrors.h"

#include <cctype>

namespace bdl::parse {

namespace {
/// Lexer errors cannot happen (ERROR_CHAR matches any character), but ANTLR
/// must never print to the console either.
class SilentListener : public antlr4::BaseErrorListener {
  void syntaxError(antlr4::Recognizer *, antlr4::Token *, size_t, size_t, const std::string &,
                   std::exception_ptr) override {}
};
} // namespace

std::vector<std::string> keywords() {
  std::vector<std::string> out;
  antlr4::ANTLRInputStream empty{std::string()};
  gen::BDLLexer lexer(&empty);
  const antlr4::dfa::Vocabulary &v = lexer.getVocabulary();
  for (size_t t = 1; t <= v.getMaxTokenType(); ++t) {
    std::string lit = v.getLiteralName(t);
    if (lit.size() > 2 && std::isalpha(static_cast<unsigned char>(lit[1]))) out.push_back(lit.substr(1, lit.size() - 2));
  }
  return out;
}

ParseResult parseFile(support::FileId id, const support::SourceManager &sm,
                      diag::DiagnosticEngine &diags) {
  ParseResult result;
  result.file = std::make_unique<ast::File>();
  result.file->id = id;
  std::string_view text = sm.text(id);

  // ANTLR decodes UTF-8 itself and throws on malformed input; check first.
  if (std::size_t bad = findInvalidUtf8(text); bad != std::string_view::npos) {
    reportInvalidUtf8(diags, id, text, bad);
    result.hadSyntaxErrors = true;
    return result;
  }

  OffsetMap map(id, text);
  antlr4::ANTLRInputStream input{std::string(text)};
  gen::BDLLexer lexer(&input);
  SilentListener silent;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&silent);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();

  unsigned before = diags.errorCount();
  for (antlr4::Token *t : tokens.getTokens())
    if (t->getChannel() == gen::BDLLexer::COMMENT)
      result.file->comments.push_back(
          {map.token(t), t->getType() == gen::BDLLexer::BLOCK_COMMENT});
  if (!checkTokens(tokens.getTokens(), map, diags)) {
    result.hadSyntaxErrors = true;
    return result;
  }

  gen::BDLParser parser(&tokens);
  SyntaxErrorListener listener(map, diags);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  gen::BDLParser::FileContext *tree = nullptr;
  try {
    tree = parser.file();
  } catch (const ParseAbandoned &) {
    result.hadSyntaxErrors = true;
    return result;
  }
  ASTBuilder builder(map, diags);
  auto comments = std::move(result.file->comments);
  result.file = builder.build(tree);
  result.file->comments = std::move(comments);
  result.hadSyntaxErrors = listener.count() > 0 || diags.errorCount() > before;
  return result;
}

} // namespace bdl::parse
