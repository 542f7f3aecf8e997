// SPDX-License-Identifier: Apache-2.0
//===- Unit.cpp - unit arithmetic and the compound unit expression parser -===//

#include "units/Unit.h"

#include <cctype>
#include <cmath>
#include <cstdint>

namespace bdl::units {

Unit operator*(const Unit &a, const Unit &b) { return {a.dim * b.dim, a.scale * b.scale}; }

Unit operator/(const Unit &a, const Unit &b) { return {a.dim / b.dim, a.scale / b.scale}; }

Unit pow(const Unit &u, Rational e) {
  // Integer powers by std::pow are exact enough, and for (1e-2)^2 give the
  // same double as 1e-2 * 1e-2.
  return {u.dim.pow(e), std::pow(u.scale, e.toDouble())};
}

namespace {

/// Exponents larger than this are surely typos; rejecting them also keeps
/// Rational's constructor away from values it cannot hold.
constexpr std::int64_t kMaxExponentLiteral = 1'000'000'000;

/// Recursive descent over one unit expression:
///   product  := term (('*' | '·' | '/' | juxtaposition) term)*
///   term     := factor ('^' exponent | superscript)?
///   factor   := name | '1' | '(' product ')' | 'sqrt' '(' product ')'
///   exponent := ['+'|'-'] int | '(' ['+'|'-'] int ['/' int] ')'
/// The first error wins; later ones are consequences of it.
class UnitParser {
public:
  explicit UnitParser(std::string_view text) : text_(text) {}

  std::optional<Unit> parse(std::string *error) {
    std::optional<Unit> result = run();
    if (!result && error)
      *error = error_;
    return result;
  }

private:
  std::optional<Unit> run() {
    skipSpace();
    if (atEnd())
      return failNone("empty unit expression");
    Unit u;
    if (!parseProduct(u))
      return std::nullopt;
    skipSpace();
    if (!atEnd())
      return failNone(peek() == ')' ? "unmatched ')' in unit '" + std::string(text_) + "'"
                                    : unexpected());
    if (u.dim.overflowed())
      return failNone("exponent overflow in unit '" + std::string(text_) + "'");
    if (!std::isfinite(u.scale) || u.scale == 0)
      return failNone("unit '" + std::string(text_) + "' is too large or too small");
    return u;
  }

  bool fail(std::string message) {
    if (error_.empty())
      error_ = std::move(message);
    return false;
  }
  std::optional<Unit> failNone(std::string message) {
    fail(std::move(message));
    return std::nullopt;
  }

  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  bool lookingAt(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }
  void skipSpace() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t'))
      ++pos_;
  }

  /// Length of a multiplication dot (U+00B7 or U+22C5) at the cursor, or 0.
  std::size_t dotLength() const {
    if (lookingAt("\xC2\xB7"))
      return 2;
    if (lookingAt("\xE2\x8B\x85"))
      return 3;
    return 0;
  }

  /// The superscript character at `at`: 0-9 for a digit, 10 for the
  /// superscript minus, -1 for none. Sets `len` to its byte length.
  int superscriptAt(std::size_t at, std::size_t &len) const {
    std::string_view s = text_.substr(at);
    len = 2;
    if (s.substr(0, 2) == "\xC2\xB9")
      return 1;
    if (s.substr(0, 2) == "\xC2\xB2")
      return 2;
    if (s.substr(0, 2) == "\xC2\xB3")
      return 3;
    len = 3;
    if (s.size() >= 3 && s.substr(0, 2) == "\xE2\x81") {
      unsigned char c = static_cast<unsigned char>(s[2]);
      if (c == 0xB0 || (c >= 0xB4 && c <= 0xB9))
        return c - 0xB0;
      if (c == 0xBB)
        return 10;
    }
    return -1;
  }

  bool isNameByte(std::size_t at) const {
    unsigned char c = static_cast<unsigned char>(text_[at]);
    if (c < 0x80)
      return std::isalpha(c) != 0;
    std::size_t len;
    std::string_view rest = text_.substr(at);
    return superscriptAt(at, len) < 0 && rest.substr(0, 2) != "\xC2\xB7" &&
           rest.substr(0, 3) != "\xE2\x8B\x85";
  }

  bool startsFactor() const {
    return !atEnd() &&
           (peek() == '(' || std::isdigit(static_cast<unsigned char>(peek())) || isNameByte(pos_));
  }

  /// The whole UTF-8 character at the cursor, for messages.
  std::string currentChar() const {
    std::size_t len = 1;
    while (pos_ + len < text_.size() &&
           (static_cast<unsigned char>(text_[pos_ + len]) & 0xC0) == 0x80)
      ++len;
    return std::string(text_.substr(pos_, len));
  }

  /// "unexpected '^' in unit 'mV^^2'".
  std::string unexpected() const {
    return "unexpected '" + currentChar() + "' in unit '" + std::string(text_) + "'";
  }

  bool parseProduct(Unit &out) {
    if (!parseTerm(out))
      return false;
    // "J/kg K" reads as J/(kg K) to a physicist and as (J/kg) K to a parser;
    // rather than guess, demand parentheses once a '/' has been seen.
    bool afterDivide = false;
    for (;;) {
      skipSpace();
      if (atEnd() || peek() == ')')
        return true;
      char op;
      if (peek() == '*' || peek() == '/') {
        op = peek();
        ++pos_;
      } else if (std::size_t dot = dotLength()) {
        op = '*';
        pos_ += dot;
      } else if (startsFactor()) {
        op = ' ';
      } else {
        return fail(unexpected());
      }
      skipSpace();
      if (op != ' ' && !startsFactor())
        return fail("expected a unit after '" + std::string(1, op) + "' in '" + std::string(text_) +
                    "'");
      if (op == ' ' && afterDivide)
        return fail("ambiguous unit '" + std::string(text_) +
                    "': after '/' use parentheses, as in 'J/(kg K)', or '*'");
      Unit rhs;
      if (!parseTerm(rhs))
        return false;
      out = op == '/' ? out / rhs : out * rhs;
      if (op != ' ')
        afterDivide = op == '/';
    }
  }

  bool parseTerm(Unit &out) {
    if (!parseFactor(out))
      return false;
    std::size_t len;
    if (superscriptAt(pos_, len) >= 0) {
      Rational e;
      if (!parseSuperscript(e))
        return false;
      out = pow(out, e);
      return true;
    }
    std::size_t save = pos_;
    skipSpace();
    if (peek() != '^') {
      pos_ = save;
      return true;
    }
    ++pos_;
    Rational e;
    if (!parseExponent(e))
      return false;
    out = pow(out, e);
    return true;
  }

  bool parseFactor(Unit &out) {
    skipSpace();
    if (peek() == '(') {
      std::size_t open = pos_++;
      return parseParenthesised(out, open);
    }
    if (std::isdigit(static_cast<unsigned char>(peek())))
      return parseNumber(out);
    if (atEnd() || !isNameByte(pos_))
      return fail(atEnd() ? "unit '" + std::string(text_) + "' ends early" : unexpected());
    std::size_t start = pos_;
    while (!atEnd() && isNameByte(pos_)) {
      ++pos_;
      while (!atEnd() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80)
        ++pos_; // the rest of a UTF-8 character such as µ or Ω
    }
    std::string_view name = text_.substr(start, pos_ - start);
    if (name == "sqrt") {
      skipSpace();
      if (peek() != '(')
        return fail("expected '(' after 'sqrt' in '" + std::string(text_) + "'");
      std::size_t open = pos_++;
      if (!parseParenthesised(out, open))
        return false;
      out = pow(out, Rational(1, 2));
      return true;
    }
    std::optional<Unit> u = lookupUnit(name);
    if (!u)
      return fail("unknown unit '" + std::string(name) + "'");
    out = *u;
    return true;
  }

  /// After '(' at `open`: a product and its ')'.
  bool parseParenthesised(Unit &out, std::size_t open) {
    skipSpace();
    if (peek() == ')')
      return fail("empty '()' in unit '" + std::string(text_) + "'");
    if (!parseProduct(out))
      return false;
    skipSpace();
    if (peek() != ')')
      return fail("missing ')' for the '(' at offset " + std::to_string(open) + " in '" +
                  std::string(text_) + "'");
    ++pos_;
    return true;
  }

  /// Only "1" may stand for a number ("1/ms"); "m2" is a common slip for m^2.
  bool parseNumber(Unit &out) {
    std::size_t start = pos_;
    while (!atEnd() && (std::isdigit(static_cast<unsigned char>(peek())) || peek() == '.'))
      ++pos_;
    std::string_view number = text_.substr(start, pos_ - start);
    if (number == "1") {
      out = Unit{};
      return true;
    }
    std::string message =
        "unexpected number '" + std::string(number) + "' in unit '" + std::string(text_) + "'";
    if (start > 0 && isNameByte(start - 1))
      message += "; write powers as '^" + std::string(number) + "'";
    return fail(message);
  }

  bool parseInteger(std::int64_t &out) {
    std::size_t start = pos_;
    out = 0;
    while (!atEnd() && std::isdigit(static_cast<unsigned char>(peek()))) {
      if (out > kMaxExponentLiteral)
        return fail("exponent too large in unit '" + std::string(text_) + "'");
      out = out * 10 + (peek() - '0');
      ++pos_;
    }
    if (out > kMaxExponentLiteral)
      return fail("exponent too large in unit '" + std::string(text_) + "'");
    return pos_ > start;
  }

  /// An optionally signed integer: "2", "-1", "+3".
  bool parseSignedInteger(std::int64_t &out) {
    skipSpace();
    bool negative = peek() == '-';
    if (peek() == '-' || peek() == '+')
      ++pos_;
    if (!parseInteger(out))
      return false;
    if (negative)
      out = -out;
    return true;
  }

  bool parseExponent(Rational &out) {
    skipSpace();
    auto bad = [this] {
      return "expected an exponent after '^' in '" + std::string(text_) + "', found " +
             (atEnd() ? std::string("the end") : "'" + currentChar() + "'");
    };
    if (peek() != '(') {
      std::int64_t n;
      if (!parseSignedInteger(n))
        return fail(bad());
      out = Rational(n);
      return true;
    }
    ++pos_;
    std::int64_t num;
    std::int64_t den = 1;
    if (!parseSignedInteger(num))
      return fail(bad());
    skipSpace();
    if (peek() == '/') {
      ++pos_;
      skipSpace();
      if (!parseInteger(den))
        return fail("expected a denominator in the exponent of '" + std::string(text_) + "'");
      if (den == 0)
        return fail("zero denominator in the exponent of '" + std::string(text_) + "'");
    }
    skipSpace();
    if (peek() != ')')
      return fail("expected ')' to close the exponent in '" + std::string(text_) + "'");
    ++pos_;
    out = Rational(num, den);
    return true;
  }

  /// "²", "⁻¹", "³": superscript digits written directly after a unit.
  bool parseSuperscript(Rational &out) {
    std::size_t len;
    bool negative = false;
    if (superscriptAt(pos_, len) == 10) {
      negative = true;
      pos_ += len;
    }
    std::int64_t n = 0;
    int digits = 0;
    for (int d; (d = superscriptAt(pos_, len)) >= 0 && d < 10; pos_ += len, ++digits) {
      if (n > kMaxExponentLiteral)
        return fail("exponent too large in unit '" + std::string(text_) + "'");
      n = n * 10 + d;
    }
    if (digits == 0)
      return fail("expected superscript digits after '\xE2\x81\xBB' in '" + std::string(text_) +
                  "'");
    out = Rational(negative ? -n : n);
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::string error_;
};

} // namespace

std::optional<Unit> parseUnitExpr(std::string_view text, std::string *error) {
  return UnitParser(text).parse(error);
}

} // namespace bdl::units
