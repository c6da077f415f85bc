// The explorer's widgets: sliders for predictions and targets, the loss values, the gradient
// as bars, and the curve of the loss and its derivative as one component moves.
// Every number shown comes from evaluate() (losses.js), the function the parity test checks.

import { evaluate, sigmoid, softmax } from "./losses.js";

const SVG = "http://www.w3.org/2000/svg";
const SUB = "₀₁₂₃₄₅₆₇₈₉";

const WORDS = {
  en: {
    label: "Interactive loss explorer",
    prediction: "prediction",
    target: "target",
    logit: "logit",
    probability: "probability",
    score: "score",
    component: "Curve for component",
    loss: "Loss",
    value: "Mean loss",
    gradient: "Gradient per component",
    curve: "Mean loss as {v} moves; dots mark the current value",
    derivative: "Derivative ∂L/∂{v}",
    bars: "Gradient of {loss}: {values}",
    outlier: "Outlier: last target at {value}",
    input: "Inputs",
    logits: "logits (from_logits=True)",
    probabilities: "probabilities (from_logits=False)",
    positive: "{t} = 1 (positive)",
    squared: "squared hinge",
    hingeOff: "hinge takes scores, not probabilities",
    trueClass: "True class",
    classes: "class",
    softmax: "softmax p (filled) and target t (outline)",
    smoothing: "label smoothing ε",
    softmaxBars: "Softmax: {values}",
    more: "All the losses, side by side: the Explore page",
    same: "These numbers are losskit's, to 12 digits.",
  },
  zh: {
    label: "损失函数交互探索",
    prediction: "预测值",
    target: "目标值",
    logit: "logit",
    probability: "概率",
    score: "得分",
    component: "曲线对应的分量",
    loss: "损失",
    value: "平均损失",
    gradient: "各分量的梯度",
    curve: "{v} 变化时的平均损失；圆点为当前值",
    derivative: "导数 ∂L/∂{v}",
    bars: "{loss} 的梯度：{values}",
    outlier: "离群点：最后一个目标值设为 {value}",
    input: "输入",
    logits: "logits（from_logits=True）",
    probabilities: "概率（from_logits=False）",
    positive: "{t} = 1（正类）",
    squared: "平方 hinge",
    hingeOff: "hinge 的输入是得分，不是概率",
    trueClass: "真实类别",
    classes: "类别",
    softmax: "softmax 概率 p（实心）与目标 t（空心）",
    smoothing: "标签平滑 ε",
    softmaxBars: "softmax：{values}",
    more: "全部损失并排比较：见“交互探索”页",
    same: "这些数字与 losskit 一致，精确到 12 位有效数字。",
  },
};

// Sliders of each loss's keyword options: [key, loss it belongs to, min, max, step].
const PARAMS = {
  delta: ["huber", 0.1, 3, 0.1],
  beta: ["smooth_l1", 0, 3, 0.1],
  alpha_q: ["pinball", 0.05, 0.95, 0.05],
  gamma: ["binary_focal_loss", 0, 5, 0.5],
  alpha: ["binary_focal_loss", 0, 1, 0.05],
  margin: ["hinge", 0, 2, 0.1],
};
const OPTION = { alpha_q: "alpha" }; // the losskit keyword, where the key differs
const SYMBOL = { delta: "δ", beta: "β", alpha_q: "α", gamma: "γ", alpha: "α", margin: "margin" };

const PRESETS = {
  mse: {
    kind: "regression",
    losses: ["mse"],
    y: [1.4, -0.2, 1.6],
    t: [1.0, -0.5, 2.0],
    range: [-3, 5],
    params: {},
  },
  regression: {
    kind: "regression",
    losses: ["mse", "mae", "huber", "smooth_l1", "log_cosh", "pinball"],
    y: [1.4, -0.2, 1.6, 0.5],
    t: [1.0, -0.5, 2.0, 0.8],
    range: [-3, 9],
    params: { delta: 1, beta: 1, alpha_q: 0.5 },
    outlier: 8,
  },
  classification: {
    kind: "binary",
    losses: ["binary_cross_entropy", "binary_focal_loss", "hinge"],
    y: [2.0, -1.0, 0.5],
    t: [1, 0, 0],
    range: [-6, 6],
    params: { gamma: 2, alpha: 0.25, margin: 1 },
  },
  categorical: {
    kind: "categorical",
    losses: ["categorical_cross_entropy"],
    y: [2.0, 0.5, -1.0],
    t: [1, 0, 0],
    range: [-6, 6],
    params: {},
  },
};

// ------------------------------------------------------------------ small helpers

function el(tag, attrs = {}, ...children) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS(SVG, tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

function sub(i) {
  return String(i + 1)
    .split("")
    .map((d) => SUB[+d])
    .join("");
}

// Shown numbers: 4 decimals, or 4 significant digits in e-notation for tiny or huge values.
export function format(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e6 ? v.toFixed(4) : v.toExponential(3);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => values[k]);
}

function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}

let counter = 0;

// A loss name in code type that may break after its underscores (narrow screens).
function code(name) {
  const node = el("code");
  name.split("_").forEach((part, i, all) => {
    node.append(part + (i < all.length - 1 ? "_" : ""));
    if (i < all.length - 1) node.append(el("wbr"));
  });
  return node;
}

// ------------------------------------------------------------------ one explorer

class Explorer {
  constructor(root, preset, lang) {
    this.root = root;
    this.p = preset;
    this.w = WORDS[lang];
    this.id = `lk${++counter}`;
    this.y = preset.y.slice();
    this.t = preset.t.slice();
    this.params = { ...preset.params };
    this.active = 0;
    this.logits = true; // binary: the slider moves logits (else probabilities)
    this.squared = false;
    this.outlier = false;
    this.build();
    this.update();
  }

  // The keyword options of one loss, in losskit's names.
  options(name) {
    const q = this.params;
    switch (name) {
      case "huber":
        return { delta: q.delta };
      case "smooth_l1":
        return { beta: q.beta };
      case "pinball":
        return { alpha: q.alpha_q };
      case "binary_cross_entropy":
        return { from_logits: this.logits };
      case "binary_focal_loss":
        return { alpha: q.alpha, gamma: q.gamma, from_logits: this.logits };
      case "hinge":
        return { margin: q.margin, squared: this.squared };
      case "categorical_cross_entropy":
        return { from_logits: true, label_smoothing: q.smoothing || 0 };
      default:
        return {};
    }
  }

  visibleLosses() {
    return this.p.losses.filter((n) => n !== "hinge" || this.logits);
  }

  targets(name) {
    if (this.outlier) {
      const t = this.t.slice();
      t[t.length - 1] = this.p.outlier;
      return t;
    }
    return name === "hinge" ? this.t.map((v) => 2 * v - 1) : this.t;
  }

  // [value, gradient] of one loss at the predictions y.
  run(name, y) {
    const { value, grad } = evaluate(name, y, this.targets(name), this.options(name));
    return [value, grad];
  }

  range() {
    return this.p.kind === "binary" && !this.logits ? [0, 1] : this.p.range;
  }

  step() {
    return this.p.kind === "binary" && !this.logits ? 0.001 : 0.01;
  }

  variable(i) {
    const w = this.w;
    if (this.p.kind === "regression") return [`y${sub(i)}`, w.prediction];
    if (this.p.kind === "categorical") return [`x${sub(i)}`, `${w.logit}, ${w.classes} ${i + 1}`];
    return this.logits ? [`x${sub(i)}`, `${w.logit} / ${w.score}`] : [`p${sub(i)}`, w.probability];
  }

  // A labelled range input with its value shown beside it; `data` marks what it holds
  // (data-y / data-t index, or data-option and data-loss: the losskit keyword it sets).
  slider(id, label, value, min, max, step, onInput, data = {}) {
    const input = el("input", { type: "range", id, min, max, step, value, ...data });
    const out = el("output", { for: id, class: "lk-num" });
    const show = () => (out.textContent = (+input.value).toFixed(step < 0.01 ? 3 : 2));
    input.addEventListener("input", () => {
      show();
      onInput(parseFloat(input.value));
    });
    show();
    return [el("div", { class: "lk-slider" }, el("label", { for: id }, label), input, out), input];
  }

  build() {
    const w = this.w;
    const id = this.id;
    this.root.textContent = "";
    this.root.setAttribute("role", "group");
    this.root.setAttribute("aria-label", w.label);
    const controls = el("div", { class: "lk-controls" });
    this.root.append(controls);

    if (this.p.kind === "binary") {
      const mode = el("fieldset", { class: "lk-row" }, el("legend", { text: w.input }));
      for (const logits of [true, false]) {
        const rid = `${id}-mode-${logits}`;
        const radio = el("input", {
          type: "radio",
          name: `${id}-mode`,
          id: rid,
          checked: logits,
          "data-option": "from_logits",
          "data-loss": "binary_cross_entropy binary_focal_loss",
          "data-value": String(logits),
        });
        radio.addEventListener("change", () => {
          this.logits = logits;
          this.y = this.y.map((v) => (logits ? +Math.log(v / (1 - v)).toFixed(2) : +sigmoid(v).toFixed(3)));
          this.y = this.y.map((v) => Math.min(Math.max(v, this.range()[0]), this.range()[1]));
          this.buildSliders();
          this.update();
        });
        mode.append(el("span", {}, radio, el("label", { for: rid, text: logits ? w.logits : w.probabilities })));
      }
      controls.append(mode);
    }

    this.sliderBox = el("div", { class: "lk-grid" });
    controls.append(this.sliderBox);
    this.buildSliders();

    const paramKeys = Object.keys(this.params).filter((k) => k in PARAMS);
    if (paramKeys.length || this.p.kind !== "regression" || this.p.outlier) {
      const box = el("div", { class: "lk-grid" });
      for (const key of paramKeys) {
        const [loss, min, max, step] = PARAMS[key];
        const label = el("span", {}, `${SYMBOL[key]} `, el("code", { text: loss }));
        const data = { "data-option": OPTION[key] || key, "data-loss": loss };
        const [row] = this.slider(`${id}-${key}`, label, this.params[key], min, max, step, (v) => {
          this.params[key] = v;
          this.update();
        }, data);
        box.append(row);
      }
      if (this.p.kind === "categorical") {
        this.params.smoothing = 0;
        const data = { "data-option": "label_smoothing", "data-loss": "categorical_cross_entropy" };
        const [row] = this.slider(`${id}-eps`, w.smoothing, 0, 0, 0.5, 0.05, (v) => {
          this.params.smoothing = v;
          this.update();
        }, data);
        box.append(row);
      }
      const check = (key, label, on, data = {}) => {
        const cid = `${id}-${key}`;
        const input = el("input", { type: "checkbox", id: cid, ...data });
        input.addEventListener("change", () => on(input.checked));
        return el("div", { class: "lk-check" }, input, el("label", { for: cid, text: label }));
      };
      if (this.p.kind === "binary") {
        const data = { "data-option": "squared", "data-loss": "hinge" };
        box.append(check("sq", w.squared, (v) => ((this.squared = v), this.update()), data));
      }
      if (this.p.outlier) {
        box.append(
          check("out", fill(w.outlier, { value: this.p.outlier }), (v) => {
            this.outlier = v;
            this.buildSliders();
            this.update();
          })
        );
      }
      controls.append(box);
    }

    // Loss values and gradient bars, one row per loss.
    this.table = el("table", { class: "lk-table" });
    const head = el("tr", {}, el("th", { scope: "col", text: w.loss }), el("th", { scope: "col", class: "lk-num", text: w.value }), el("th", { scope: "col", text: w.gradient }));
    this.table.append(el("thead", {}, head));
    this.tbody = el("tbody");
    this.table.append(this.tbody);
    this.rows = {};
    this.p.losses.forEach((name, k) => {
      // Options no widget sets (the softmax explorer always takes logits), for the tests.
      const fixed = name === "categorical_cross_entropy" ? '{"from_logits":true}' : "{}";
      const value = el("td", { class: "lk-num", "data-loss": name, "data-fixed": fixed });
      const bars = el("svg:svg", { class: "lk-bars", role: "img", height: 28 });
      const row = el(
        "tr",
        { class: `lk-c${k + 1}` },
        el("th", { scope: "row" }, el("span", { class: "lk-swatch", "aria-hidden": "true" }), code(name)),
        value,
        el("td", {}, bars)
      );
      this.tbody.append(row);
      this.rows[name] = { row, value, bars };
    });
    const wrap = el("div", { class: "lk-table-wrap" }, this.table);
    this.root.append(wrap);
    this.note = el("p", { class: "lk-note", text: w.hingeOff, hidden: true });
    this.root.append(this.note);

    if (this.p.kind === "categorical") {
      this.probs = el("svg:svg", { class: "lk-probs", role: "img", height: 70 });
      this.root.append(el("figure", { class: "lk-figure" }, this.probs, el("figcaption", { text: w.softmax })));
    }
    this.chart = el("svg:svg", { class: "lk-chart", role: "img", height: 290 });
    this.root.append(el("figure", { class: "lk-figure" }, this.chart));
    this.dragChart();
    // One closing line: embedded explorers link to the full page (its address taken from
    // the site navigation); the full page's say whose numbers they show.
    const full = document.querySelector('nav.md-nav--primary a.md-nav__link[href$="explore/"]');
    const line = el("p", { class: "lk-note" });
    if (full && !location.pathname.endsWith("/explore/")) {
      line.append(el("a", { href: full.href, text: w.more }));
    } else {
      line.textContent = w.same;
    }
    this.root.append(line);
  }

  buildSliders() {
    const w = this.w;
    const box = this.sliderBox;
    box.textContent = "";
    const [lo, hi] = this.range();
    const step = this.step();
    const pick = el("fieldset", { class: "lk-row" }, el("legend", { text: w.component }));
    this.inputs = [];
    this.y.forEach((v, i) => {
      const [sym, word] = this.variable(i);
      const [row, input] = this.slider(`${this.id}-y${i}`, `${sym} ${word}`, v, lo, hi, step, (x) => {
        this.y[i] = x;
        this.active = i;
        pick.querySelectorAll("input")[i].checked = true;
        this.update();
      }, { "data-y": i });
      this.inputs.push(input);
      box.append(row);
      if (this.p.kind === "regression") {
        const last = this.outlier && i === this.t.length - 1;
        const [trow, tinput] = this.slider(`${this.id}-t${i}`, `t${sym.slice(1)} ${w.target}`, last ? this.p.outlier : this.t[i], lo, hi, 0.01, (x) => {
          this.t[i] = x;
          this.update();
        }, { "data-t": i });
        tinput.disabled = last;
        box.append(trow);
      } else if (this.p.kind === "binary") {
        const cid = `${this.id}-t${i}`;
        const input = el("input", { type: "checkbox", id: cid, checked: this.t[i] === 1, "data-t": i });
        input.addEventListener("change", () => ((this.t[i] = input.checked ? 1 : 0), this.update()));
        box.append(el("div", { class: "lk-check" }, input, el("label", { for: cid, text: fill(w.positive, { t: `t${sym.slice(1)}` }) })));
      }
      const rid = `${this.id}-pick${i}`;
      const radio = el("input", { type: "radio", name: `${this.id}-pick`, id: rid, checked: i === this.active });
      radio.addEventListener("change", () => ((this.active = i), this.update()));
      pick.append(el("span", {}, radio, el("label", { for: rid, text: sym })));
    });
    if (this.p.kind === "categorical") {
      const truth = el("fieldset", { class: "lk-row" }, el("legend", { text: w.trueClass }));
      this.t.forEach((v, i) => {
        const rid = `${this.id}-class${i}`;
        const radio = el("input", { type: "radio", name: `${this.id}-class`, id: rid, checked: v === 1, "data-t": i });
        radio.addEventListener("change", () => {
          this.t = this.t.map((_, j) => (j === i ? 1 : 0));
          this.update();
        });
        truth.append(el("span", {}, radio, el("label", { for: rid, text: String(i + 1) })));
      });
      box.append(truth);
    }
    box.append(pick);
  }

  // Dragging on the chart moves the active component (sliders remain the keyboard route).
  dragChart() {
    const move = (event) => {
      if (!this.plot) return;
      const { x0, x1, lo, hi } = this.plot;
      const rect = this.chart.getBoundingClientRect();
      const frac = (event.clientX - rect.left - x0) / (x1 - x0);
      const input = this.inputs[this.active];
      input.value = lo + Math.min(Math.max(frac, 0), 1) * (hi - lo);
      input.dispatchEvent(new Event("input"));
    };
    this.chart.addEventListener("pointerdown", (event) => {
      this.chart.setPointerCapture(event.pointerId);
      move(event);
    });
    this.chart.addEventListener("pointermove", (event) => {
      if (this.chart.hasPointerCapture(event.pointerId)) move(event);
    });
  }

  update() {
    const w = this.w;
    const shown = this.visibleLosses();
    this.note.hidden = this.p.kind !== "binary" || this.logits;
    for (const name of this.p.losses) {
      const { row, value, bars } = this.rows[name];
      row.hidden = !shown.includes(name);
      if (row.hidden) continue;
      const [v, g] = this.run(name, this.y);
      value.textContent = format(v);
      this.drawBars(bars, g);
      bars.setAttribute("aria-label", fill(w.bars, { loss: name, values: g.map(format).join(", ") }));
    }
    if (this.probs) this.drawProbs();
    this.drawChart(shown);
    this.drawnWidth = this.width();
  }

  // The drawing width: the explorer's content box, as the ResizeObserver last reported it.
  // Measuring it here instead would make the browser lay out the whole page in the middle
  // of building the explorer (three times per update); until the observer's first report,
  // which comes before the first paint, the drawing assumes 300 px.
  width() {
    return Math.max(200, Math.floor(this.boxWidth || 300));
  }

  drawBars(svg, g) {
    const width = Math.min(132, 30 * g.length);
    const h = 28;
    svg.setAttribute("width", width);
    svg.setAttribute("viewBox", `0 0 ${width} ${h}`);
    svg.textContent = "";
    const big = Math.max(...g.map(Math.abs), 1e-300);
    const slot = width / g.length;
    svg.append(el("svg:line", { x1: 0, x2: width, y1: h / 2, y2: h / 2, class: "lk-axis" }));
    g.forEach((v, i) => {
      const len = (Math.abs(v) / big) * (h / 2 - 1);
      const y = v >= 0 ? h / 2 - len : h / 2;
      const cls = i === this.active ? "lk-bar lk-bar-active" : "lk-bar";
      const bar = el("svg:rect", { x: i * slot + 3, y, width: slot - 6, height: Math.max(len, 0.5), class: cls });
      bar.append(el("svg:title", { text: format(v) })); // the number, on hover
      svg.append(bar);
    });
  }

  drawProbs() {
    const svg = this.probs;
    const width = this.width();
    const h = 70;
    const k = this.y.length;
    const eps = this.params.smoothing || 0;
    const p = softmax(this.y);
    const t = this.t.map((v) => v * (1 - eps) + eps / k);
    svg.setAttribute("width", width);
    svg.setAttribute("viewBox", `0 0 ${width} ${h}`);
    svg.setAttribute("aria-label", fill(this.w.softmaxBars, { values: p.map(format).join(", ") }));
    svg.textContent = "";
    const slot = Math.min(90, width / k);
    p.forEach((v, i) => {
      const x = i * slot + 8;
      const bw = slot - 16;
      svg.append(el("svg:rect", { x, y: 4 + (1 - v) * 46, width: bw, height: v * 46, class: "lk-bar" }));
      svg.append(el("svg:rect", { x, y: 4 + (1 - t[i]) * 46, width: bw, height: t[i] * 46, class: "lk-target" }));
      svg.append(el("svg:text", { x: x + bw / 2, y: h - 4, "text-anchor": "middle", text: `${i + 1}: ${v.toFixed(3)}` }));
    });
  }

  drawChart(names) {
    const svg = this.chart;
    const width = this.width();
    const height = 290;
    const i = this.active;
    const [lo, hi] = this.range();
    const [sym] = this.variable(i);
    const x0 = 44;
    const x1 = width - 10;
    const top = [8, 160];
    const bottom = [180, 268];
    svg.setAttribute("width", width);
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.textContent = "";
    this.plot = { x0, x1, lo, hi };
    // Sample the mean loss and its derivative as component i sweeps the slider's range.
    const n = 121;
    const xs = Array.from({ length: n }, (_, j) => lo + ((hi - lo) * j) / (n - 1));
    const curves = names.map((name) => {
      const y = this.y.slice();
      const pts = xs.map((x) => {
        y[i] = x;
        const [v, g] = this.run(name, y);
        return [v, g[i]];
      });
      const [v, g] = this.run(name, this.y);
      return { name, pts, now: [v, g[i]], k: this.p.losses.indexOf(name) + 1 };
    });
    // Axis tops: the second-largest curve sets the scale (a steeper one leaves the panel,
    // which shows that it is unbounded), but never below the current values.
    const top2 = (f) => {
      const peaks = curves.map((c) => Math.max(...c.pts.map(f))).sort((a, b) => b - a);
      const now = Math.max(...curves.map((c) => f(c.now)));
      return Math.max(peaks.length > 1 ? peaks[1] * 1.15 : peaks[0] * 1.05, now * 1.1, 1e-9);
    };
    const vtop = top2((p) => p[0]);
    const gmax = top2((p) => Math.abs(p[1]));
    const sx = (x) => x0 + ((x - lo) / (hi - lo)) * (x1 - x0);
    // Values far outside a panel are pinned a little beyond it (the clip path hides them).
    const panel = ([a, b], vlo, vhi) => (v) => {
      const pad = vhi - vlo;
      return b - ((Math.min(Math.max(v, vlo - pad), vhi + pad) - vlo) / (vhi - vlo)) * (b - a);
    };
    const syTop = panel(top, 0, vtop);
    const syBot = panel(bottom, -gmax, gmax);
    const defs = el("svg:defs");
    svg.append(defs);
    const axis = (sy, vlo, vhi, [a, b], label, clip) => {
      defs.append(el("svg:clipPath", { id: clip }, el("svg:rect", { x: x0, y: a, width: x1 - x0, height: b - a })));
      svg.append(el("svg:rect", { x: x0, y: a, width: x1 - x0, height: b - a, class: "lk-frame" }));
      for (const v of niceTicks(vlo, vhi, b - a > 80 ? 4 : 3)) {
        svg.append(el("svg:line", { x1: x0, x2: x1, y1: sy(v), y2: sy(v), class: "lk-grid-line" }));
        svg.append(el("svg:text", { x: x0 - 4, y: sy(v) + 4, "text-anchor": "end", text: String(v) }));
      }
      svg.append(el("svg:text", { x: x0 + 4, y: a + 12, class: "lk-label", text: label }));
    };
    const clips = [`${this.id}-clip-top`, `${this.id}-clip-bottom`];
    axis(syTop, 0, vtop, top, "L", clips[0]);
    axis(syBot, -gmax, gmax, bottom, `∂L/∂${sym}`, clips[1]);
    for (const v of niceTicks(lo, hi, width > 420 ? 8 : 4)) {
      if (sx(v) > x1 - 24) continue; // room for the variable's name at the end of the axis
      svg.append(el("svg:text", { x: sx(v), y: height - 6, "text-anchor": "middle", text: String(v) }));
    }
    svg.append(el("svg:text", { x: x1, y: height - 6, "text-anchor": "end", class: "lk-label", text: sym }));
    for (const c of curves) {
      const line = (sy, j) => c.pts.map((p, m) => `${m ? "L" : "M"}${sx(xs[m]).toFixed(1)},${sy(p[j]).toFixed(1)}`).join("");
      const g = el("svg:g", { class: `lk-c${c.k}` });
      g.append(el("svg:path", { d: line(syTop, 0), class: "lk-curve", "clip-path": `url(#${clips[0]})` }));
      g.append(el("svg:path", { d: line(syBot, 1), class: "lk-curve", "clip-path": `url(#${clips[1]})` }));
      g.append(el("svg:circle", { cx: sx(this.y[i]), cy: syTop(c.now[0]), r: 4, class: "lk-dot" }));
      g.append(el("svg:circle", { cx: sx(this.y[i]), cy: syBot(c.now[1]), r: 3.5, class: "lk-dot" }));
      svg.append(g);
    }
    svg.append(el("svg:line", { x1: sx(this.y[i]), x2: sx(this.y[i]), y1: top[0], y2: bottom[1], class: "lk-cursor" }));
    const parts = curves.map((c) => `${c.name} ${format(c.now[0])}, ∂L/∂${sym} ${format(c.now[1])}`);
    svg.setAttribute("aria-label", `${fill(this.w.curve, { v: sym })}. ${sym} = ${this.y[i]}: ${parts.join("; ")}`);
  }
}

const alive = new Set();
let observer = null;

// Turn one placeholder <div class="lk-explorer" data-preset="..."> into an explorer.
export function mount(root) {
  if (root.dataset.lkReady) return;
  const preset = PRESETS[root.dataset.preset];
  if (!preset) throw new RangeError(`lk-explorer: unknown preset ${root.dataset.preset}`);
  root.dataset.lkReady = "1";
  const lang = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
  const explorer = new Explorer(root, preset, lang);
  alive.add(explorer);
  observer ||= new ResizeObserver((entries) => {
    for (const x of alive) {
      const entry = entries.find((e) => e.target === x.root);
      if (!x.root.isConnected) alive.delete(x);
      else if (entry) {
        x.boxWidth = entry.contentRect.width;
        if (x.width() !== x.drawnWidth) x.update();
      }
    }
  });
  observer.observe(root);
}

export function forget() {
  for (const x of alive) {
    if (!x.root.isConnected) {
      observer.unobserve(x.root);
      alive.delete(x);
    }
  }
}
