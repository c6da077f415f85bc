"""The loss explorer (docs/javascripts/explorer/) in headless Chromium: its numbers are losskit's.

Parity: ``window.losskitExplorer.evaluate(name, y, t, options)`` runs on inputs generated
here (logits of ±500, probabilities a hair from 0 and 1, residuals from 1e-9 to 1e3,
sums longer than NumPy's pairwise blocks) and must equal ``losskit.value_and_grad``
computed here, to 1e-12 relative, value and every gradient component. The widgets: a
slider moved with the keyboard must change the numbers shown, and every number shown
must be losskit's to the precision shown. Each explorer fits the room its CSS reserves
(no layout shift while it loads), and the scripts stay small.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import playwright.sync_api as playwright_sync
import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, ROOT, SiteServer, configured_site_url

import losskit

EXPLORER_JS = ROOT / "docs" / "javascripts" / "explorer"
SCREENSHOTS = ROOT / "tests" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
RELATIVE = 1e-12
MAX_SCRIPT_BYTES = 48_000  # all explorer modules together, uncompressed
MAX_SCRIPT_GZIP = 14_000

# Every loss the explorer shows, in one place. Each one is compared with the losskit
# function of the same name.
EXPLORER_LOSSES = (
    "mse",
    "mae",
    "huber",
    "smooth_l1",
    "log_cosh",
    "pinball",
    "binary_cross_entropy",
    "binary_focal_loss",
    "hinge",
    "categorical_cross_entropy",
)
Case = tuple[Any, Any, dict[str, Any]]


# --------------------------------------------------------------------------- generated inputs


def _residual_scales(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Normal numbers times powers of ten from 1e-9 to 1e3, so both branches of every
    piecewise loss and the cancellation-prone region near 0 are hit."""
    return rng.standard_normal(shape) * 10.0 ** rng.integers(-9, 4, shape)


def _regression_cases(rng: np.random.Generator, options: list[dict[str, Any]]) -> list[Case]:
    cases: list[Case] = []
    for shape in [(5,), (3, 4), (300,)]:  # 300 > 128: NumPy's pairwise sum recurses
        for opts in options:
            t = rng.standard_normal(shape) * 3
            y = t + _residual_scales(rng, shape)
            cases.append((y.tolist(), t.tolist(), opts))
    t = [0.0, 1.0, -2.0, 5.0]  # exact ties and the ±500 extremes
    cases += [([0.0, 501.0, -502.0, 5.0], t, opts) for opts in options]
    # One element each: a mean of one term shows that term's own rounding.
    for r in (1e-9, -1e-5, 0.3, -0.999, 1.0, 2.5, -40.0, 500.0):
        cases += [([1.0 + r], [1.0], opts) for opts in options]
    return cases


def _probabilities(rng: np.random.Generator, n: int) -> np.ndarray:
    edges = [0.0, 1.0, 1e-300, 1e-45, 1e-15, 1e-7, 1 - 1e-7, 1 - 1e-15, 0.5, 1 - 2**-53]
    return np.concatenate([edges, rng.uniform(0, 1, n), 10.0 ** rng.uniform(-30, 0, n)])


def _logits(rng: np.random.Generator, n: int) -> np.ndarray:
    edges = [500.0, -500.0, 0.0, 36.0, -36.0, 40.0, -745.0, 710.0, 1e-9]
    return np.concatenate([edges, rng.uniform(-500, 500, n), rng.standard_normal(n) * 10])


def _binary_targets(rng: np.random.Generator, n: int) -> np.ndarray:
    """0/1 labels and soft targets, mixed."""
    labels = rng.integers(0, 2, n).astype(float)
    soft = rng.uniform(0, 1, n)
    return np.where(rng.uniform(0, 1, n) < 0.7, labels, soft)


def _binary_cases(rng: np.random.Generator, options: list[dict[str, Any]]) -> list[Case]:
    cases: list[Case] = []
    for opts in options:
        y = _logits(rng, 40) if opts.get("from_logits") else _probabilities(rng, 40)
        cases.append((y.tolist(), _binary_targets(rng, y.size).tolist(), opts))
        # One element each, at the edges: a mean of one term shows that term's own rounding.
        edges = _logits(rng, 0) if opts.get("from_logits") else _probabilities(rng, 0)
        cases += [([v], [t], opts) for v in edges.tolist() for t in (0.0, 1.0, 0.3)]
    return cases


def _hinge_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    for margin in (1.0, 0.5, 2.0):
        for squared in (False, True):
            y = np.concatenate([_logits(rng, 30), [margin, -margin, 0.0]])
            t = rng.choice([-1.0, 1.0], y.size)
            t[-3:] = [1.0, -1.0, 1.0]  # on the margin: the kink
            cases.append((y.tolist(), t.tolist(), {"margin": margin, "squared": squared}))
    return cases


def _categorical_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    for smoothing in (0.0, 0.1, 0.5):
        extra = {"label_smoothing": smoothing} if smoothing else {}
        for k in (3, 10):
            n = 12
            x = rng.uniform(-500, 500, (n, k))
            x[0] = 0.0
            x[1, 0] = 500.0
            x[2:8] = rng.standard_normal((6, k)) * [[1], [3], [5], [10], [20], [30]]
            one_hot = np.eye(k)[rng.integers(0, k, n)]
            soft = rng.dirichlet(np.ones(k), n)
            t = np.where(rng.uniform(0, 1, (n, 1)) < 0.6, one_hot, soft)
            cases.append((x.tolist(), t.tolist(), {"from_logits": True, **extra}))
            p = rng.dirichlet(np.full(k, 0.05), n)  # many probabilities near 0 and 1
            p[0] = np.eye(k)[0]  # exact zeros
            cases.append((p.tolist(), t.tolist(), {"from_logits": False, **extra}))
        cases.append(([2.0, 0.5, -1.0], [1.0, 0.0, 0.0], {"from_logits": True, **extra}))
        for margin in (5.0, 12.0, 20.0, 30.0):  # p of the top class a little below 1
            rows = [[margin, *(-j / 3 - np.arange(9.0)).tolist()] for j in range(12)]
            tops = [[1.0] + [0.0] * 9] * 12
            cases.append((rows, tops, {"from_logits": True, **extra}))
    return cases


def generated_cases(name: str) -> list[Case]:
    rng = np.random.default_rng(sorted(EXPLORER_LOSSES).index(name))
    both = [{"from_logits": True}, {"from_logits": False}]
    builders: dict[str, Callable[[], list[Case]]] = {
        "mse": lambda: _regression_cases(rng, [{}]),
        "mae": lambda: _regression_cases(rng, [{}]),
        "huber": lambda: _regression_cases(rng, [{}, {"delta": 0.3}, {"delta": 5.0}]),
        "smooth_l1": lambda: _regression_cases(rng, [{}, {"beta": 0.0}, {"beta": 0.5}]),
        "log_cosh": lambda: _regression_cases(rng, [{}]),
        "pinball": lambda: _regression_cases(rng, [{}, {"alpha": 0.1}, {"alpha": 0.9}]),
        "binary_cross_entropy": lambda: _binary_cases(rng, both),
        "binary_focal_loss": lambda: _binary_cases(
            rng,
            [
                {**fl, **opts}
                for fl in both
                for opts in ({}, {"gamma": 0.0}, {"gamma": 0.5, "alpha": None}, {"alpha": 0.9})
            ],
        ),
        "hinge": lambda: _hinge_cases(rng),
        "categorical_cross_entropy": lambda: _categorical_cases(rng),
    }
    return builders[name]()


# --------------------------------------------------------------------------- comparison


def close(js: float, py: float) -> bool:
    """Equal to RELATIVE (both exactly 0 counts as equal; so do equal infinities)."""
    return js == py or abs(js - py) <= RELATIVE * max(abs(js), abs(py))


def losskit_value_and_grad(name: str, y: Any, t: Any, options: dict[str, Any]) -> Any:
    loss = getattr(losskit, name)
    value, grad = losskit.value_and_grad(loss, np.array(y), np.array(t), **options)
    return value, np.asarray(grad, dtype=np.float64)


def mismatches(name: str, cases: list[Case], results: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for (y, t, options), got in zip(cases, results, strict=True):
        value, grad = losskit_value_and_grad(name, y, t, options)
        js_grad = np.asarray(got["grad"], dtype=np.float64)
        where = f"{name}(y of shape {np.shape(y)}, **{options})"
        if not close(got["value"], value):
            out.append(f"{where}: value {got['value']!r} in the browser, {value!r} in losskit")
        if js_grad.shape != grad.shape:
            out.append(f"{where}: gradient of shape {js_grad.shape}, losskit's {grad.shape}")
            continue
        bad = [
            i
            for i, (a, b) in enumerate(zip(js_grad.ravel(), grad.ravel(), strict=True))
            if not close(float(a), float(b))
        ]
        if bad:
            i = bad[0]
            out.append(
                f"{where}: {len(bad)} gradient components differ, e.g. [{i}] at y="
                f"{np.ravel(y)[i]!r}, t={np.ravel(t)[i]!r}: {js_grad.ravel()[i]!r} in the "
                f"browser, {grad.ravel()[i]!r} in losskit"
            )
    return out


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[SiteServer]:
    server = SiteServer(Path(built_site), configured_site_url())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install`", pytrace=False)
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


class Page:
    """One browser page on one site page, with the console errors it logged."""

    def __init__(self, browser: Any, url: str, viewport: dict[str, int], locale: str) -> None:
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(url, wait_until="load")
        self.page.wait_for_function("() => document.querySelector('.lk-explorer table')")

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def explore_page(server: SiteServer, browser: Any) -> Iterator[Page]:
    page = Page(browser, server.url("explore/"), DESKTOP, "en-US")
    try:
        yield page
    finally:
        page.close()


# --------------------------------------------------------------------------- parity


pytestmark = pytest.mark.browser


def test_every_explorer_loss_is_listed_here(explore_page: Page) -> None:
    listed = explore_page.page.evaluate("() => window.losskitExplorer.losses")
    assert tuple(listed) == EXPLORER_LOSSES


@pytest.mark.parametrize("name", EXPLORER_LOSSES)
def test_evaluate_equals_losskit_value_and_grad(explore_page: Page, name: str) -> None:
    cases = generated_cases(name)
    results = explore_page.page.evaluate(
        "([name, cases]) => cases.map("
        "([y, t, o]) => window.losskitExplorer.evaluate(name, y, t, o))",
        [name, cases],
    )
    problems = mismatches(name, cases, results)
    assert not problems, f"{len(problems)} of {len(cases)} cases differ:\n" + "\n".join(problems)


def test_evaluate_refuses_bad_input_naming_the_argument(explore_page: Page) -> None:
    call = """([name, y, t, o]) => {
      try { window.losskitExplorer.evaluate(name, y, t, o); return "no error"; }
      catch (e) { return `${e.name}: ${e.message}`; }
    }"""
    cases = [
        (("mse", [1.0, 2.0], [1.0, 2.0, 3.0], {}), r"RangeError: t has shape \(3\) but y"),
        (("huber", [1.0], [1.0], {"delta": 0}), r"RangeError: delta is 0"),
        (("mse", [1.0], [1.0], {"delta": 1}), r"TypeError: mse takes no option delta"),
        (("binary_cross_entropy", [1.5], [1.0], {}), r"RangeError: y has values outside"),
        (("hinge", [0.5], [0.0], {}), r"RangeError: t must hold labels"),
        (("nope", [0.5], [0.0], {}), r"RangeError: unknown loss \"nope\""),
    ]
    for args, pattern in cases:
        message = explore_page.page.evaluate(call, list(args))
        assert re.match(pattern, message), f"{args}: {message}"


# --------------------------------------------------------------------------- the widgets

SHOWN = """(root) => [...root.querySelectorAll("td[data-loss]")]
  .filter(td => !td.closest("tr").hidden)
  .map(td => [td.dataset.loss, td.textContent, JSON.parse(td.dataset.fixed)])"""

INPUTS = """(root) => {
  const read = sel => [...root.querySelectorAll(sel)];
  const options = {};
  for (const i of read("[data-option]")) {
    if ((i.type === "radio" || i.type === "checkbox") && !i.checked) {
      if (i.type === "checkbox") (options[i.dataset.loss] ||= {})[i.dataset.option] = false;
      continue;
    }
    const value = i.type === "checkbox" ? true
      : i.dataset.value !== undefined ? JSON.parse(i.dataset.value) : parseFloat(i.value);
    for (const loss of i.dataset.loss.split(" ")) (options[loss] ||= {})[i.dataset.option] = value;
  }
  return {
    y: read("[data-y]").map(i => parseFloat(i.value)),
    t: read("[data-t]").map(i => i.type === "checkbox" ? (i.checked ? 1 : 0)
      : i.type === "radio" ? (i.checked ? 1 : 0) : parseFloat(i.value)),
    options,
  };
}"""


def shown_precision(text: str) -> float:
    """Half a unit in the last digit shown: "0.1250" -> 5e-5, "1.234e-7" -> 5e-11."""
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (int(exponent or 0) - decimals)


def check_shown(root: Any) -> list[str]:
    """Every shown loss value against losskit, for the inputs the widgets show."""
    state = root.evaluate(INPUTS)
    problems = []
    for name, text, fixed in root.evaluate(SHOWN):
        options = {**fixed, **state["options"].get(name, {})}
        t = [2 * v - 1 for v in state["t"]] if name == "hinge" else state["t"]
        value, _ = losskit_value_and_grad(name, state["y"], t, options)
        shown = float(text)
        if not abs(shown - value) <= shown_precision(text) * (1 + 1e-9):
            problems.append(f"{name}{options}: shows {text}, losskit gives {value!r}")
    return problems


@pytest.mark.parametrize(("lang", "preset"), [("en", "regression"), ("zh", "categorical")])
def test_keyboard_slider_moves_the_numbers_shown_which_are_losskits(
    server: SiteServer, browser: Any, lang: str, preset: str
) -> None:
    path = "explore/" if lang == "en" else "zh/explore/"
    page = Page(browser, server.url(path), DESKTOP, "en-US" if lang == "en" else "zh-CN")
    try:
        root = page.page.locator(f'.lk-explorer[data-preset="{preset}"]')
        assert not check_shown(root), check_shown(root)
        before = root.evaluate(SHOWN)
        slider = root.locator("input[type=range][data-y]").first
        start = float(slider.input_value())
        slider.focus()
        for _ in range(7):
            page.page.keyboard.press("ArrowRight")
        page.page.keyboard.press("PageUp")
        moved = float(slider.input_value())
        after = root.evaluate(SHOWN)
        problems = check_shown(root)
        # A labelled slider: its accessible name is the label the reader sees.
        label = slider.evaluate("i => i.labels[0] && i.labels[0].textContent")
    finally:
        page.close()
    assert moved > start + 0.07 - 1e-9, f"the keys moved the slider from {start} to {moved}"
    assert after != before, f"the keys changed nothing shown: {after}"
    assert not problems, "\n".join(problems)
    assert label and label.strip(), "the slider has no visible label"
    assert not page.errors, page.errors


def test_every_explorer_on_the_site_shows_losskits_numbers(
    server: SiteServer, browser: Any
) -> None:
    problems: list[str] = []
    for lang in ("en", "zh"):
        for slug in (
            "explore",
            "mean-squared-error",
            "cross-entropy",
            "regression",
            "classification",
        ):
            path = f"{slug}/" if lang == "en" else f"zh/{slug}/"
            page = Page(browser, server.url(path), PHONE, "en-US")
            try:
                roots = page.page.locator(".lk-explorer")
                for i in range(roots.count()):
                    problems += [f"/{path} #{i}: {p}" for p in check_shown(roots.nth(i))]
                words = page.page.evaluate(
                    "() => [...document.querySelectorAll('.lk-explorer label, .lk-explorer th')]"
                    ".map(e => e.textContent).join(' ')"
                )
                if lang == "zh" and not re.search(r"[\u4e00-\u9fff]", words):
                    problems.append(f"/{path}: no Chinese in the explorer's labels")
                problems += [f"/{path}: console: {e}" for e in page.errors]
            finally:
                page.close()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- weight


ROOM = """() => [...document.querySelectorAll(".lk-explorer")].map(e => {
  const box = e.getBoundingClientRect();
  const style = getComputedStyle(e);
  const content = e.lastElementChild.getBoundingClientRect().bottom - box.top
    + parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth);
  return [e.dataset.preset, content, parseFloat(style.minHeight)];
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_explorers_fit_the_room_reserved_before_they_load(
    server: SiteServer, browser: Any, viewport: dict[str, int]
) -> None:
    """The CSS reserves each explorer's height, so the page does not move when it appears
    (Lighthouse's cumulative layout shift); the reserve is not much larger than needed."""
    problems = []
    for lang in ("en", "zh"):
        for slug in ("explore", "mean-squared-error", "cross-entropy", "regression"):
            path = f"{slug}/" if lang == "en" else f"zh/{slug}/"
            page = Page(browser, server.url(path), viewport, "en-US")
            try:
                for preset, content, reserved in page.page.evaluate(ROOM):
                    if not reserved * 0.9 <= content <= reserved + 0.5:
                        problems.append(
                            f"/{path} {preset}: {content:.1f} px of content, {reserved:.1f} px "
                            "reserved by docs/stylesheets/explorer.css"
                        )
            finally:
                page.close()
    assert not problems, "\n".join(problems)


def test_screenshots_of_the_explore_page(server: SiteServer, browser: Any) -> None:
    """tests/screenshots/explore-<lang>-<desktop|phone>-<light|dark>.png, for a reader's eye."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in ("en", "zh"):
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                try:
                    page = context.new_page()
                    page.goto(server.url("explore/" if lang == "en" else "zh/explore/"))
                    page.wait_for_function(BUILT)
                    page.evaluate("() => document.fonts.ready.then(() => true)")
                    path = SCREENSHOTS / f"explore-{lang}-{name}-{scheme}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
                finally:
                    context.close()
    for path in written:
        assert path.stat().st_size > 50_000, f"{path} looks empty"


def test_explorer_scripts_are_small() -> None:
    files = sorted(EXPLORER_JS.glob("*.js"))
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    sizes = json.dumps({f.name: f.stat().st_size for f in files})
    assert raw <= MAX_SCRIPT_BYTES, f"{raw} bytes: {sizes}"
    assert packed <= MAX_SCRIPT_GZIP, f"{packed} bytes gzipped: {sizes}"


BUILT = """() => {
  const roots = [...document.querySelectorAll(".lk-explorer")];
  return roots.length > 0 && roots.every(e => e.querySelector("table"));
}"""


def test_explorers_appear_after_instant_navigation(server: SiteServer, browser: Any) -> None:
    """Material swaps pages without reloading (navigation.instant): the explorers must be
    built on every page change, not only when a page is loaded in full."""
    page = Page(browser, server.url("mean-squared-error/"), DESKTOP, "en-US")
    seen = []
    try:
        page.page.evaluate("() => { window.__sameDocument = true; }")
        for slug in ("regression", "classification", "explore"):
            link = page.page.locator(f'nav.md-nav--primary a.md-nav__link[href$="{slug}/"]').first
            link.dispatch_event("click")
            page.page.wait_for_url(re.compile(f"/{slug}/$"))
            page.page.wait_for_function(BUILT)
            same = page.page.evaluate("() => window.__sameDocument === true")
            root = page.page.locator(".lk-explorer").first
            problems = check_shown(root)
            for _ in range(50):  # each explorer fills its table in its own task: let them finish
                if not problems:
                    break
                page.page.wait_for_timeout(100)
                problems = check_shown(root)
            seen.append((slug, same, problems))
    finally:
        page.close()
    assert all(not problems for _, _, problems in seen), seen
    if server.origin == configured_site_url().rstrip("/"):  # instant navigation runs here
        assert all(same for _, same, _ in seen), f"a nav click reloaded the page: {seen}"
    assert not page.errors, page.errors
