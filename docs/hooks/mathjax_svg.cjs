// Typeset TeX to SVG with MathJax at build time, for docs/hooks/mathjax.py.
//
// One long-lived process per build (or per `mkdocs serve`): it reads one JSON request per
// line on stdin and answers one JSON line on stdout, in order.
//
//   request   {"formulas": [{"tex": "\\frac{1}{2}", "display": true}, ...]}
//             {"stylesheet": true}
//   answer    {"formulas": [{"svg": "<mjx-container ...>", "glyphs": {"MJX-TEX-I-1D466": "M..."}}]}
//             {"stylesheet": "mjx-container[jax=\"SVG\"] {...}"}
//             {"error": "TeX error in \\frac{1}{: Missing close brace"}
//
// The glyph cache is "global": a formula's <svg> draws each character with
// <use xlink:href="#MJX-TEX-..."> and the path it points at is returned apart in `glyphs`;
// the hook writes the glyphs a page needs once, inside that page's content (see mathjax.py).
// Each formula gets MathJax's assistive MathML, so screen readers read the math.
"use strict";

const readline = require("node:readline");
const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { SVG } = require("mathjax-full/js/output/svg.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");

// noerrors/noundefined would draw a TeX mistake in red on the page; the build fails instead.
const PACKAGES = AllPackages.filter((name) => !["noerrors", "noundefined"].includes(name));

const FLATTEN = process.env.LOSSKIT_MATHJAX_FLATTEN !== "0";
const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
const tex = new TeX({
  packages: PACKAGES,
  formatError(jax, error) {
    throw error;
  },
});
const svg = new SVG({ fontCache: "global" });
const html = mathjax.document("", { InputJax: tex, OutputJax: svg });

// MathJax wraps every MathML node in its own <g>; most of those groups only name the node
// (data-mml-node) or shift it (transform). Such a group is dissolved: its transform moves
// onto its only child, or, without a transform, its children take its place. Same drawing,
// about a third fewer elements, and less style and layout work in the reader's browser.
// Tables and error boxes keep their groups (MathJax's stylesheet selects them).
const NAMING = new Set(["data-mml-node", "data-mjx-texclass", "transform"]);
const KEPT = new Set(["mtable", "merror"]);
const TAKES_TRANSFORM = new Set(["g", "use", "rect", "path", "text", "line"]);

function flatten(node) {
  for (const child of [...adaptor.childNodes(node)]) {
    if (adaptor.kind(child) !== "#text" && adaptor.kind(child) !== "#comment") flatten(child);
  }
  if (adaptor.kind(node) !== "g" || KEPT.has(adaptor.getAttribute(node, "data-mml-node"))) return;
  const names = adaptor.allAttributes(node).map((a) => a.name);
  if (!names.every((name) => NAMING.has(name))) return;
  const children = adaptor.childNodes(node);
  const transform = adaptor.getAttribute(node, "transform");
  if (transform) {
    if (children.length !== 1 || !TAKES_TRANSFORM.has(adaptor.kind(children[0]))) return;
    const own = adaptor.getAttribute(children[0], "transform");
    adaptor.setAttribute(children[0], "transform", own ? `${transform} ${own}` : transform);
  }
  for (const child of [...children]) adaptor.insert(child, node);
  adaptor.remove(node);
}

function typeset(formula) {
  svg.fontCache.clearCache();
  tex.parseOptions.tags.reset();
  let node;
  try {
    node = html.convert(formula.tex, { display: Boolean(formula.display) });
  } catch (error) {
    const message = error && error.message ? error.message : String(error);
    throw new Error(`TeX error in ${JSON.stringify(formula.tex)}: ${message}`);
  }
  if (FLATTEN) flatten(adaptor.firstChild(node));
  const glyphs = {};
  for (const path of adaptor.childNodes(svg.fontCache.getCache())) {
    glyphs[adaptor.getAttribute(path, "id")] = adaptor.getAttribute(path, "d");
  }
  return { svg: adaptor.outerHTML(node), glyphs };
}

function answer(request) {
  if (request.stylesheet) {
    return { stylesheet: adaptor.textContent(svg.styleSheet(html)) };
  }
  return { formulas: request.formulas.map(typeset) };
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let reply;
  try {
    reply = answer(JSON.parse(line));
  } catch (error) {
    reply = { error: error && error.message ? error.message : String(error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
