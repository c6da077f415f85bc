// Entry point of the loss explorer (docs/explore.md and small explorers on other pages).
//
// Exposes window.losskitExplorer.evaluate(name, y, t, options) -> {value, grad}, equal to
// losskit.value_and_grad (tests/test_explorer.py), and turns every placeholder
// <div class="lk-explorer" data-preset="..."></div> into an explorer. The widgets load only
// on pages that have one; Material's instant navigation swaps pages without reloading, so
// placeholders are looked for on every page change (document$), not only on load.
import { LOSSES, evaluate } from "./losses.js";

window.losskitExplorer = { evaluate, losses: Object.keys(LOSSES) };

let widgets = null;

function mountAll() {
  const roots = document.querySelectorAll(".lk-explorer:not([data-lk-ready])");
  widgets?.then((ui) => ui.forget());
  if (roots.length === 0) return;
  widgets ||= import("./ui.js");
  // One task per explorer: no single long task blocks the page while they are built.
  widgets.then((ui) => roots.forEach((root) => setTimeout(() => ui.mount(root))));
}

if (window.document$) window.document$.subscribe(mountAll);
mountAll();
