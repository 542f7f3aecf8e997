// SPDX-License-Identifier: Apache-2.0
// Colours a .bdl file with the extension's TextMate grammar through shiki, as
// VS Code would: writes a standalone HTML page and, for the checks, every
// token with its text, scopes and colour as JSON.
//   node highlight.mjs FILE.bdl OUT.html OUT.tokens.json [THEME]
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHighlighter } from "shiki";

const [source, htmlOut, tokensOut, theme = "one-dark-pro"] = process.argv.slice(2);
if (!tokensOut) {
  console.error("usage: node highlight.mjs FILE.bdl OUT.html OUT.tokens.json [THEME]");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const grammar = JSON.parse(readFileSync(join(here, "..", "syntaxes", "bdl.tmLanguage.json"), "utf8"));
const code = readFileSync(source, "utf8").replace(/\n$/, "");

const highlighter = await createHighlighter({ themes: [theme], langs: [{ ...grammar, name: "bdl" }] });
const body = highlighter.codeToHtml(code, { lang: "bdl", theme });
const { tokens, bg, fg } = highlighter.codeToTokens(code, { lang: "bdl", theme, includeExplanation: true });

const lines = tokens.map((line, n) =>
  line.map((t) => ({
    line: n + 1,
    column: t.offset - line[0].offset + 1,
    text: t.content,
    color: (t.color || fg).toUpperCase(),
    // The innermost scopes of the token's first piece (shiki merges pieces of one colour).
    scopes: t.explanation[0].scopes.map((s) => s.scopeName),
  }))
);
writeFileSync(tokensOut, JSON.stringify({ theme, background: bg.toUpperCase(), foreground: fg.toUpperCase(),
                                          tokens: lines.flat() }, null, 1));
writeFileSync(htmlOut, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${source}</title>
<style>
  html, body { margin: 0; background: ${bg}; }
  pre.shiki { margin: 0; padding: 16px 20px; font: 15px/1.45 "DejaVu Sans Mono", monospace; }
</style></head>
<body>${body}</body></html>
`);
console.log(`highlight: ${lines.flat().length} tokens, theme ${theme}, wrote ${htmlOut}`);
