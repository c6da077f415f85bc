// Typeset TeX to SVG with MathJax at build time, for docs/hooks/mathjax.py.
//
// One long-lived process per build (or per `mkdocs serve`): it reads one JSON request per
// line on stdin and answers one JSON line on stdout, in order.
//
//   request   {"formulas": [{"tex": "\\frac{1}{2}", "display": true}, ...]}
//             {"stylesheet": true}
//   answer    {"formulas": [{"svg": "<mjx-container ...>", "glyphs": {}, "flat": true}, ...]}
//             {"stylesheet": "mjx-container[jax=\"SVG\"] {...}"}
//             {"error": "TeX error in \\frac{1}{: Missing close brace"}
//
// Each formula is drawn by ONE <path>: every glyph and every rule (fraction bar, root
// overline) of it, moved to where MathJax's nested groups put them (see flat()). A formula
// costs a reader's browser a handful of elements instead of hundreds, and Material's style
// recalculations at load scale with the elements of the page. A formula that cannot be
// merged exactly keeps MathJax's own drawing: <use xlink:href="#MJX-TEX-..."> per glyph,
// the paths they point at returned apart in `glyphs` ("flat": false), which the hook writes
// once per page, inside that page's content (see mathjax.py).
// LOSSKIT_MATHJAX_FLATTEN=0 gives every formula MathJax's own drawing (the tests compare).
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

// MathJax's stylesheet strokes glyphs (path[data-c], use[data-c]) 3 units wide, and
// nothing else: the merged path carries that stroke itself, so each rule is drawn inset by
// half of it and covers what it covered unstroked. A smaller glyph (a subscript) was
// stroked in its own units, 3 times its scale; merged, it is at most 0.75 units (1000 to
// the em, under 0.02 px) bolder on each side. A larger one would be thinner: not merged.
const GLYPH_STROKE = 3;
const SVG_NS = "http://www.w3.org/2000/svg";

class Unflattenable extends Error {}

function refuse(why) {
  throw new Unflattenable(why);
}

// Affine maps [a, b, c, d, e, f] as in SVG's matrix(): x' = a x + c y + e, y' = b x + d y + f.
const IDENTITY = [1, 0, 0, 1, 0, 0];

function compose([a, b, c, d, e, f], [A, B, C, D, E, F]) {
  return [
    a * A + c * B, b * A + d * B,
    a * C + c * D, b * C + d * D,
    a * E + c * F + e, b * E + d * F + f,
  ];
}

function parseTransform(text) {
  let m = IDENTITY;
  const calls = /([a-zA-Z]+)\s*\(([^)]*)\)/g;
  let rest = text;
  for (const [whole, name, args] of text.matchAll(calls)) {
    rest = rest.replace(whole, "");
    const n = args.split(/[\s,]+/).filter(Boolean).map(Number);
    if (n.some((v) => !Number.isFinite(v))) refuse(`transform ${text}`);
    if (name === "translate" && n.length >= 1 && n.length <= 2) {
      m = compose(m, [1, 0, 0, 1, n[0], n[1] || 0]);
    } else if (name === "scale" && n.length >= 1 && n.length <= 2) {
      m = compose(m, [n[0], 0, 0, n.length === 2 ? n[1] : n[0], 0, 0]);
    } else if (name === "matrix" && n.length === 6) {
      m = compose(m, n);
    } else {
      refuse(`transform ${text}`);
    }
  }
  if (rest.trim()) refuse(`transform ${text}`);
  return m;
}

// Only a map without rotation or skew moves every path command exactly, and only one that
// keeps orientation (a d > 0) keeps each outline's winding: the font winds every outer
// contour the same way, so under the nonzero rule overlapping glyphs add up, never cancel.
function axisAligned(m) {
  if (m[1] !== 0 || m[2] !== 0 || !(m[0] * m[3] > 0)) refuse(`matrix(${m.join(",")})`);
  return m;
}

// Numbers of the merged path: 1000 units to the em, so a tenth of a unit is far below a
// pixel. Relative commands are counted in whole tenths from each glyph's first point, so a
// glyph at a given size reads the same wherever it stands (gzip finds the repeats).
function tenths(n) {
  const s = String(n / 10);
  return s.replace(/^(-?)0\./, "$1.");
}

function hundredths(v) {
  const s = String(Math.round(v * 100) / 100);
  return s === "-0" ? "0" : s.replace(/^(-?)0\./, "$1.");
}

function joined(numbers) {
  return numbers.map((s, i) => (i === 0 || s.startsWith("-") ? s : " " + s)).join("");
}

// One outline's segments, absolute, in its own coordinates: [command, ...points], with
// command M, L, Q (control, end), C (control, control, end) or Z; H, V, T, S and the
// relative forms are resolved here.
function segments(d) {
  const tokens = d.match(/[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) || [];
  const out = [];
  let i = 0;
  let command = "";
  let x = 0, y = 0, startX = 0, startY = 0;
  let control = null; // last Q or C control point, for T and S
  let previous = "";
  const number = () => {
    if (i >= tokens.length || /[A-Za-z]/.test(tokens[i])) refuse(`path ${d.slice(0, 40)}`);
    return Number(tokens[i++]);
  };
  const point = (relative) => {
    const px = number() + (relative ? x : 0);
    return [px, number() + (relative ? y : 0)];
  };
  while (i < tokens.length) {
    if (/[A-Za-z]/.test(tokens[i])) command = tokens[i++];
    else if (!command || /[Zz]/.test(command)) refuse(`path ${d.slice(0, 40)}`);
    const relative = command === command.toLowerCase();
    const kind = command.toUpperCase();
    let segment;
    if (kind === "M") {
      [x, y] = point(relative);
      [startX, startY] = [x, y];
      segment = ["M", [x, y]];
      command = relative ? "l" : "L"; // coordinates after a moveto are lines
    } else if (kind === "L") {
      [x, y] = point(relative);
      segment = ["L", [x, y]];
    } else if (kind === "H") {
      x = number() + (relative ? x : 0);
      segment = ["L", [x, y]];
    } else if (kind === "V") {
      y = number() + (relative ? y : 0);
      segment = ["L", [x, y]];
    } else if (kind === "Q" || kind === "T") {
      const c = kind === "Q" ? point(relative)
        : previous === "Q" ? [2 * x - control[0], 2 * y - control[1]] : [x, y];
      [x, y] = point(relative);
      control = c;
      segment = ["Q", c, [x, y]];
    } else if (kind === "C" || kind === "S") {
      const c1 = kind === "C" ? point(relative)
        : previous === "C" ? [2 * x - control[0], 2 * y - control[1]] : [x, y];
      const c2 = point(relative);
      [x, y] = point(relative);
      control = c2;
      segment = ["C", c1, c2, [x, y]];
    } else if (kind === "Z") {
      [x, y] = [startX, startY];
      segment = ["Z"];
    } else {
      refuse(`path command ${command}`); // arcs: radii and flags do not map simply
    }
    previous = segment[0];
    out.push(segment);
  }
  return out;
}

// One glyph (or rule) as merged-path text under the map m: an absolute M at its first
// point, then relative commands in whole tenths of its scaled, unshifted coordinates. A
// smooth T is kept while the control it implies stays within a tenth of the true one.
function outline(parts, m) {
  if (!parts.length) return "";
  if (parts[0][0] !== "M") refuse("path without a first moveto");
  const [a, , , d, e, f] = m;
  const [x0, y0] = parts[0][1];
  const exact = ([x, y]) => [10 * a * (x - x0), 10 * d * (y - y0)];
  const local = (p) => exact(p).map(Math.round);
  let text = `M${joined([hundredths(a * x0 + e), hundredths(d * y0 + f)])}`;
  let cur = [0, 0], start = [0, 0], control = null, previous = "M";
  const rel = (p) => [tenths(p[0] - cur[0]), tenths(p[1] - cur[1])];
  for (const [index, [kind, ...points]] of parts.entries()) {
    if (index === 0) continue;
    if (kind === "Z") {
      text += "z";
      cur = start;
      previous = "Z";
      continue;
    }
    const end = local(points[points.length - 1]);
    if (kind === "M") {
      text += "m" + joined(rel(end));
      start = end;
    } else if (kind === "L") {
      if (end[1] === cur[1] && end[0] !== cur[0]) text += "h" + tenths(end[0] - cur[0]);
      else if (end[0] === cur[0]) text += "v" + tenths(end[1] - cur[1]);
      else text += "l" + joined(rel(end));
    } else if (kind === "Q") {
      const truth = exact(points[0]);
      const implied = previous === "Q" ? [2 * cur[0] - control[0], 2 * cur[1] - control[1]] : cur;
      if (Math.abs(implied[0] - truth[0]) <= 0.9 && Math.abs(implied[1] - truth[1]) <= 0.9) {
        text += "t" + joined(rel(end));
        control = implied;
      } else {
        control = local(points[0]);
        text += "q" + joined([...rel(control), ...rel(end)]);
      }
    } else if (kind === "C") {
      const [c1, c2] = [local(points[0]), local(points[1])];
      text += "c" + joined([...rel(c1), ...rel(c2), ...rel(end)]);
      control = c2;
    }
    previous = kind === "C" ? "C" : kind === "Q" ? "Q" : "L";
    cur = end;
  }
  return text;
}

// A rule (filled rect, no stroke of its own) drawn inset by half the glyph stroke, wound
// like the font's outer contours: up, right, down.
function rule(node, m) {
  const [w, h, x, y] = ["width", "height", "x", "y"]
    .map((name) => Number(adaptor.getAttribute(node, name) || 0));
  if (![w, h, x, y].every(Number.isFinite)) refuse("rect");
  const [a, , , d, e, f] = m;
  const xs = [a * x + e, a * (x + w) + e].sort((p, q) => p - q);
  const ys = [d * y + f, d * (y + h) + f].sort((p, q) => p - q);
  const inset = GLYPH_STROKE / 2;
  const [width, height] = [xs[1] - xs[0] - 2 * inset, ys[1] - ys[0] - 2 * inset];
  if (!(width > 0 && height > 0)) refuse("rule thinner than the glyph stroke");
  const [W, H] = [Math.round(10 * width), Math.round(10 * height)];
  return `M${joined([hundredths(xs[0] + inset), hundredths(ys[0] + inset)])}` +
    `v${tenths(H)}h${tenths(W)}v${tenths(-H)}z`;
}

function matrixText(m) {
  return `matrix(${m.map((v) => String(Math.round(v * 1e4) / 1e4)).join(" ")})`;
}

// The attributes each drawn element may have to be merged: none that styles it.
const OWN = {
  use: new Set(["data-c", "xlink:href", "href", "transform"]),
  path: new Set(["data-c", "d", "transform"]),
  rect: new Set(["width", "height", "x", "y", "transform"]),
};
const GROUPS_WITH_STYLE = new Set(["merror", "maction"]); // MathJax's stylesheet selects them

function attributes(node) {
  return adaptor.allAttributes(node).map((a) => a.name);
}

// The path data of the glyph a <use> points at.
function glyphOf(use, glyphs) {
  const href = adaptor.getAttribute(use, "xlink:href") || adaptor.getAttribute(use, "href");
  const ref = (href || "").replace(/^#/, "");
  if (glyphs[ref] === undefined) refuse(`glyph ${ref} not in the cache`);
  return glyphs[ref];
}

// A nested <svg> shows a window on a stretched glyph (the middle of a brace): it clips, so
// it is kept, under its whole map, its glyphs inline (the stylesheet strokes path[data-c]
// as it does use[data-c]). Returns the change to make, made only once the whole formula
// is known to merge.
const WINDOW = new Set(["width", "height", "x", "y", "viewBox"]);

function window(node, m, glyphs) {
  if (!attributes(node).every((n) => WINDOW.has(n))) refuse("styled svg");
  const inlined = [];
  for (const child of adaptor.childNodes(node)) {
    const kind = adaptor.kind(child);
    if (kind === "path") continue;
    const plain = kind === "use" && attributes(child).every((n) => OWN.use.has(n));
    if (!plain) refuse(`<${kind}> in svg`);
    const own = { "data-c": adaptor.getAttribute(child, "data-c"), d: glyphOf(child, glyphs) };
    const transform = adaptor.getAttribute(child, "transform");
    if (transform) own.transform = transform;
    inlined.push([child, own]);
  }
  return () => {
    for (const [child, own] of inlined) adaptor.replace(adaptor.node("path", own, [], SVG_NS), child);
    return adaptor.node("g", { transform: matrixText(m) }, [node], SVG_NS);
  };
}

// Walks the drawing under the map m without changing it: glyph outlines and rules become
// path text in `pieces`; each <text> (CJK inside \text{}, drawn with a font) and nested
// <svg> goes into `kept` as the change that keeps it under its whole map.
function collect(node, m, glyphs, pieces, kept) {
  const kind = adaptor.kind(node);
  if (kind === "#text" || kind === "#comment") {
    if (kind === "#text" && adaptor.value(node).trim()) refuse("stray text");
    return;
  }
  const names = attributes(node);
  const own = adaptor.getAttribute(node, "transform");
  const here = own ? compose(m, parseTransform(own)) : m;
  if (kind === "g") {
    if (!names.every((n) => n === "transform" || n.startsWith("data-"))) refuse("styled group");
    if (GROUPS_WITH_STYLE.has(adaptor.getAttribute(node, "data-mml-node"))) refuse("styled group");
    for (const child of adaptor.childNodes(node)) collect(child, here, glyphs, pieces, kept);
  } else if (kind === "text") {
    kept.push(() => {
      adaptor.setAttribute(node, "transform", matrixText(here));
      return node;
    });
  } else if (kind === "use" || kind === "path" || kind === "rect") {
    if (!names.every((n) => OWN[kind].has(n))) refuse(`${kind} with ${names.join(" ")}`);
    if (kind !== "rect" && !names.includes("data-c")) refuse("path drawn without the glyph stroke");
    if (adaptor.childNodes(node).length) refuse(`${kind} with children`);
    axisAligned(here);
    // Drawn larger, a glyph had a wider stroke than the merged path's: left as drawn.
    if (kind !== "rect" && (Math.abs(here[0]) > 1 + 1e-9 || Math.abs(here[3]) > 1 + 1e-9)) {
      refuse("glyph drawn larger than its font");
    }
    if (kind === "rect") {
      pieces.push(rule(node, here));
    } else {
      const d = kind === "use" ? glyphOf(node, glyphs) : adaptor.getAttribute(node, "d");
      if (d === undefined) refuse("path without d");
      pieces.push(outline(segments(d), here));
    }
  } else if (kind === "svg") {
    kept.push(window(node, here, glyphs));
  } else {
    refuse(`<${kind}>`); // line, a, foreignObject...: left as MathJax drew them
  }
}

// The formula's drawing as one path (and its <text>s) inside MathJax's outer group, which
// keeps currentColor and the flip of y; the <svg> and its attributes stay. Returns false,
// with the drawing untouched, when some part cannot be merged exactly.
function flat(container, glyphs) {
  const root = adaptor.firstChild(adaptor.firstChild(container));
  if (!root || adaptor.kind(root) !== "g") return false;
  const pieces = [];
  const kept = [];
  try {
    for (const child of adaptor.childNodes(root)) collect(child, IDENTITY, glyphs, pieces, kept);
  } catch (error) {
    if (error instanceof Unflattenable) return false;
    throw error;
  }
  const keptNodes = kept.map((keep) => keep());
  for (const child of [...adaptor.childNodes(root)]) adaptor.remove(child);
  const d = pieces.join("");
  if (d) {
    const path = adaptor.node("path", { "stroke-width": String(GLYPH_STROKE), d }, [], SVG_NS);
    adaptor.append(root, path);
  }
  for (const node of keptNodes) adaptor.append(root, node);
  return true;
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
  const glyphs = {};
  for (const path of adaptor.childNodes(svg.fontCache.getCache())) {
    glyphs[adaptor.getAttribute(path, "id")] = adaptor.getAttribute(path, "d");
  }
  if (FLATTEN && flat(node, glyphs)) {
    return { svg: adaptor.outerHTML(node), glyphs: {}, flat: true };
  }
  return { svg: adaptor.outerHTML(node), glyphs, flat: false };
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
