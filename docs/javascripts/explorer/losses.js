// The explorer's losses: the formulas of losskit, step for step, in float64.
//
// Each loss mirrors losskit's stable formulation operation by operation (same clamps, same
// log1p/softplus forms, same order of additions), so that evaluate() equals losskit's
// value_and_grad to 1e-12 relative; tests/test_explorer.py checks it on generated inputs.
// Sums use NumPy's pairwise summation (np.sum), so they round exactly as losskit's do.

const LOG_CLAMP = -100; // losskit.classification.LOG_CLAMP, PyTorch BCELoss's clamp

// ------------------------------------------------------------------ NumPy's building blocks

// np.sum of a float64 vector: pairwise summation with 8 accumulators, blocks of 128.
export function pairwiseSum(a, start = 0, n = a.length) {
  if (n < 8) {
    let res = -0;
    for (let i = start; i < start + n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    const r = a.slice(start, start + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    }
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

// losskit.activations._sigmoid: exp only ever sees −|x|.
export function sigmoid(x) {
  const e = Math.exp(-Math.abs(x));
  const inv = 1 / (1 + e);
  return x >= 0 ? inv : e * inv;
}

// losskit.activations._softplus: log(1 + e^x) = max(x, 0) + log1p(e^{−|x|}).
function softplus(x) {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

// max(log p, −100) and whether the clamp is inactive (losskit's _clamped_log).
function clampedLog(p) {
  const logp = Math.log(p);
  return [Math.max(logp, LOG_CLAMP), logp > LOG_CLAMP];
}

// losskit's softmax of one row: e^{x − m} / Σ e^{x − m}, m = max x.
export function softmax(row) {
  const m = Math.max(...row);
  const e = row.map((x) => Math.exp(x - m));
  const s = pairwiseSum(e);
  return e.map((v) => v / s);
}

// ------------------------------------------------------------------ element-wise losses
// term(y, t, options) -> [ℓ, dℓ/dy]; the gradient is scaled by 1/n afterwards.

function sign(d) {
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

function mse(y, t) {
  const d = y - t;
  return [d * d, d];
}

function mae(y, t) {
  const d = y - t;
  return [Math.abs(d), sign(d)];
}

// ℓ = q (d − q/2) with q = clip(d, −δ, δ), computed as 2·(h (d − h)), h = q/2 (losskit).
function huber(y, t, { delta }) {
  const d = y - t;
  const q = Math.min(Math.max(d, -delta), delta);
  const h = q * 0.5;
  const half = (d - h) * h;
  return [half + half, q];
}

// PyTorch SmoothL1Loss: ℓ = (q/β)(d − q/2) with q = clip(d, −β, β), i.e. d²/(2β) inside
// and |d| − β/2 outside; β = 0 is the absolute error.
function smoothL1(y, t, { beta }) {
  const d = y - t;
  if (beta === 0) return [Math.abs(d), sign(d)];
  const q = Math.min(Math.max(d, -beta), beta);
  const inv = 1 / beta;
  return [q * inv * (d - q * 0.5), q * inv];
}

// log cosh d without overflow or cancellation: log1p(2 sinh²(d/2)) for |d| ≤ 1 (cosh d − 1
// = 2 sinh²(d/2)), |d| + log1p(e^{−2|d|}) − log 2 beyond.
function logCosh(y, t) {
  const d = y - t;
  const a = Math.abs(d);
  let value;
  if (a <= 1) {
    const s = Math.sinh(d * 0.5);
    value = Math.log1p(2 * s * s);
  } else {
    value = a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
  }
  return [value, Math.tanh(d)];
}

// scikit-learn mean_pinball_loss with (y, t) = (y_pred, y_true): α per unit below the
// target, 1 − α above it; gradient 0 exactly at it (as mae's sign(0) = 0).
function pinball(y, t, { alpha }) {
  const d = t - y;
  const value = d >= 0 ? d * alpha : d * (alpha - 1);
  return [value, y < t ? -alpha : y > t ? 1 - alpha : 0];
}

// num / den where `live`, else 0, saturated at the largest float (losskit's finite_div).
function finiteDiv(num, den, live) {
  return live ? Math.min(Math.max(num / den, -Number.MAX_VALUE), Number.MAX_VALUE) : 0;
}

// Binary cross-entropy and its gradient. Logits: (max(x, 0) − t·x) + log1p(e^{−|x|}), the
// bracket first so that x − x cancels exactly; gradient σ(x) − t. Probabilities:
// −[t log p + (1−t) log(1−p)], log(1−p) as log1p(−p), each log clamped at −100; gradient
// (1−t)/(1−p) − t/p, each term 0 where its log is clamped (the loss is flat there).
function bceTerm(y, t, fromLogits) {
  if (fromLogits) {
    const value = Math.max(y, 0) - t * y + Math.log1p(Math.exp(-Math.abs(y)));
    return [value, sigmoid(y) - t];
  }
  const [logp, liveP] = clampedLog(y);
  const raw = Math.log1p(-y);
  const log1m = Math.max(raw, LOG_CLAMP);
  const value = 0 - (logp * t + log1m * (1 - t)); // 0 − x, not −x: never −0
  const grad = finiteDiv(1 - t, 1 - y, raw > LOG_CLAMP) - finiteDiv(t, y, liveP);
  return [value, grad];
}

function bce(y, t, { from_logits }) {
  return bceTerm(y, t, from_logits);
}

// The cross-entropy as a sum of two non-negative terms, each without cancellation:
// −log σ(x) = softplus(−x) and −log(1 − σ(x)) = softplus(x) (losskit's focal loss uses it).
function bceSplit(y, t, fromLogits) {
  if (fromLogits) return t * softplus(-y) + (1 - t) * softplus(y) + 0;
  const [logp] = clampedLog(y);
  const log1m = Math.max(Math.log1p(-y), LOG_CLAMP);
  return t * (0 - logp) + (1 - t) * (0 - log1m) + 0;
}

// torchvision sigmoid_focal_loss: α_t (1 − p_t)^γ · BCE, with 1 − p_t = t(1−p) + (1−t)p
// formed from σ(−x) and σ(x) on logits, so that it is exact where p rounds to 1.
function focal(y, t, { alpha, gamma, from_logits }) {
  const ce = bceSplit(y, t, from_logits);
  const p = from_logits ? sigmoid(y) : y;
  const q = from_logits ? sigmoid(-y) : 1 - y;
  const miss = t * q + (1 - t) * p; // 1 − p_t
  const mod = Math.pow(miss, gamma);
  const alphaT = alpha === null ? null : t * alpha + (1 - t) * (1 - alpha);
  const value = alphaT === null ? mod * ce : mod * ce * alphaT;
  // dℓ/dy = α_t [(1 − p_t)^γ dce/dy + γ (1 − p_t)^γ (ce / (1 − p_t)) d(1 − p_t)/dy]; the
  // ratio ce / (1 − p_t) stays near 1 as both vanish, and counts 0 where 1 − p_t is 0.
  let grad = mod * bceTerm(y, t, from_logits)[1];
  if (gamma) {
    const ratio = miss > 0 ? ce / miss : 0;
    const dq = from_logits ? (1 - 2 * t) * (p * q) : 1 - 2 * t;
    grad += gamma * mod * ratio * dq;
  }
  if (alphaT !== null) grad *= alphaT;
  return [value, grad];
}

// Keras hinge / squared_hinge with a margin: max(m − t·y, 0), squared if asked; t = ±1.
// The gradient is −t on the margin itself (z = 0), as losskit's.
function hinge(y, t, { margin, squared }) {
  const z = margin - t * y;
  const h = Math.max(z, 0);
  if (squared) return [h * h, -2 * t * h];
  return [h, z >= 0 ? -t : 0];
}

// ------------------------------------------------------------------ row-wise loss

// Categorical cross-entropy of one row (K classes) with smoothed targets t·(1−ε) + ε/K.
function cceRow(y, t, { from_logits, label_smoothing }) {
  const k = y.length;
  const eps = label_smoothing;
  const ts = eps > 0 ? t.map((v) => v * (1 - eps) + eps / k) : t;
  if (from_logits) {
    // Σ_k t_k (log Σ_j e^{x_j − m} − (x_k − m)); gradient softmax(x)·Σ_k t_k − t
    const m = Math.max(...y);
    const shifted = y.map((x) => x - m);
    const e = shifted.map(Math.exp);
    const s = pairwiseSum(e);
    const logS = Math.log(s);
    const value = pairwiseSum(shifted.map((v, i) => (logS - v) * ts[i]));
    const total = pairwiseSum(ts);
    const grad = e.map((v, i) => (v / s) * total - ts[i]);
    return [value, grad];
  }
  const logs = y.map(clampedLog);
  const value = -pairwiseSum(logs.map(([logp], i) => logp * ts[i]));
  const grad = logs.map(([, live], i) => (live ? -ts[i] / y[i] : 0));
  return [value, grad];
}

// ------------------------------------------------------------------ the catalogue

const PROB = "probability"; // y in [0, 1] unless from_logits
const REAL = "real";

// name -> how to evaluate it and which keyword options (with losskit's defaults) it takes.
export const LOSSES = {
  mse: { term: mse, options: {} },
  mae: { term: mae, options: {} },
  huber: { term: huber, options: { delta: 1.0 } },
  smooth_l1: { term: smoothL1, options: { beta: 1.0 } },
  log_cosh: { term: logCosh, options: {} },
  pinball: { term: pinball, options: { alpha: 0.5 } },
  binary_cross_entropy: { term: bce, options: { from_logits: false }, y: PROB, t: PROB },
  binary_focal_loss: {
    term: focal,
    options: { alpha: 0.25, gamma: 2.0, from_logits: false },
    y: PROB,
    t: PROB,
  },
  hinge: { term: hinge, options: { margin: 1.0, squared: false }, t: "sign" },
  categorical_cross_entropy: {
    row: cceRow,
    options: { from_logits: false, label_smoothing: 0.0 },
    y: PROB,
    t: PROB,
  },
};

// ------------------------------------------------------------------ checks

function fail(message) {
  throw new RangeError(message);
}

function flatten(a, name) {
  const shape = [];
  let probe = a;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  if (shape.length === 0) fail(`${name} must be an array of numbers, got ${typeof a}`);
  const flat = shape.length === 1 ? a : a.flat(shape.length - 1);
  if (flat.length !== shape.reduce((x, y) => x * y, 1)) fail(`${name} is a ragged array`);
  if (flat.length === 0) fail(`${name} is empty`);
  for (const v of flat) {
    if (typeof v !== "number") throw new TypeError(`${name} holds ${typeof v}, expected numbers`);
    if (!Number.isFinite(v)) fail(`${name} holds ${v}; expected finite numbers`);
  }
  return { flat, shape };
}

function nest(flat, shape) {
  if (shape.length === 1) return flat.slice();
  const size = flat.length / shape[0];
  return Array.from({ length: shape[0] }, (_, i) =>
    nest(flat.slice(i * size, (i + 1) * size), shape.slice(1))
  );
}

function checkOptions(name, spec, options) {
  const o = { ...spec.options };
  let reduction = "mean";
  for (const [key, value] of Object.entries(options || {})) {
    if (key === "reduction") {
      if (value !== "mean" && value !== "sum") {
        fail(`reduction is ${JSON.stringify(value)}; expected "mean" or "sum"`);
      }
      reduction = value;
    } else if (!(key in o)) {
      throw new TypeError(`${name} takes no option ${key}; it takes ${Object.keys(o).join(", ")}`);
    } else if (typeof o[key] === "boolean") {
      if (typeof value !== "boolean") throw new TypeError(`${key} must be a boolean`);
      o[key] = value;
    } else if (value === null && name === "binary_focal_loss" && key === "alpha") {
      o[key] = null; // alpha=None switches the α-weighting off
    } else {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new TypeError(`${key} must be a finite number, got ${value}`);
      }
      o[key] = value;
    }
  }
  const bounds = {
    delta: [0, Infinity, false],
    beta: [0, Infinity, true],
    gamma: [0, Infinity, true],
    margin: [0, Infinity, true],
    alpha: name === "pinball" ? [0, 1, false] : [0, 1, true],
    label_smoothing: [0, 1, true],
  };
  for (const [key, [lo, hi, closed]] of Object.entries(bounds)) {
    const v = o[key];
    if (typeof v !== "number") continue;
    const inside = closed ? v >= lo && v <= hi : v > lo && (v < hi || hi === Infinity);
    if (!inside) fail(`${key} is ${v}; expected a value in ${closed ? "[" : "("}${lo}, ${hi}${closed ? "]" : ")"}`);
  }
  return [o, reduction];
}

function checkRange(flat, name, kind, fromLogits) {
  if (kind === PROB && !(name === "y" && fromLogits)) {
    const bad = flat.find((v) => v < 0 || v > 1);
    if (bad !== undefined) fail(`${name} has values outside [0, 1] (${bad})`);
  }
  if (kind === "sign" && flat.some((v) => v !== 1 && v !== -1)) {
    fail(`${name} must hold labels −1 and +1`);
  }
}

// ------------------------------------------------------------------ the entry point

// losskit.value_and_grad(getattr(losskit, name), y, t, **options) for a scalar reduction.
export function evaluate(name, y, t, options = {}) {
  const spec = Object.hasOwn(LOSSES, name) ? LOSSES[name] : null;
  if (!spec) fail(`unknown loss ${JSON.stringify(name)}; expected one of ${Object.keys(LOSSES).join(", ")}`);
  const [o, reduction] = checkOptions(name, spec, options);
  const Y = flatten(y, "y");
  const T = flatten(t, "t");
  if (Y.shape.join() !== T.shape.join()) {
    fail(`t has shape (${T.shape}) but y has shape (${Y.shape}); losskit never broadcasts y against t`);
  }
  checkRange(Y.flat, "y", spec.y, o.from_logits);
  checkRange(T.flat, "t", spec.t, false);
  const terms = [];
  let grad;
  if (spec.row) {
    const k = Y.shape[Y.shape.length - 1];
    const rows = Y.flat.length / k;
    const scale = reduction === "mean" ? 1 / rows : 1;
    grad = [];
    for (let r = 0; r < rows; r++) {
      const [v, g] = spec.row(Y.flat.slice(r * k, (r + 1) * k), T.flat.slice(r * k, (r + 1) * k), o);
      terms.push(v);
      for (const gi of g) grad.push(gi * scale);
    }
  } else {
    const n = Y.flat.length;
    const scale = reduction === "mean" ? 1 / n : 1;
    // mse: d·(2/n) as losskit scales (the factor 2 joins the 1/n before multiplying d)
    const factor = spec.term === mse ? 2 * scale : scale;
    grad = Y.flat.map((yv, i) => {
      const [v, g] = spec.term(yv, T.flat[i], o);
      terms.push(v);
      return g * factor;
    });
  }
  const total = pairwiseSum(terms);
  const value = reduction === "mean" ? total / terms.length : total;
  return { value, grad: nest(grad, Y.shape) };
}
