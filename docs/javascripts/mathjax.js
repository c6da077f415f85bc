// MathJax 3 configuration for pymdownx.arithmatex (generic mode), loaded before MathJax
// itself (assets/mathjax/tex-chtml-full.js, copied from the installed package at build).
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
  startup: {
    pageReady: function () {
      return MathJax.startup.defaultPageReady().then(markScrollableFormulas);
    },
  },
};

// A display formula wider than the screen scrolls inside its box (Material's CSS): make that
// box reachable by keyboard, so it can be scrolled without a mouse.
function markScrollableFormulas() {
  document.querySelectorAll(".md-typeset div.arithmatex").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
  });
}

// Instant navigation swaps the page content without reloading: typeset the new formulas.
// Skip the first emission: MathJax typesets the first page itself, and resetting it then
// clears the styles MathJax has just made (blank formulas).
(function () {
  let first = true;
  document$.subscribe(function () {
    if (first) {
      first = false;
      return;
    }
    if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) return;
    MathJax.startup.promise = MathJax.startup.promise.then(function () {
      MathJax.startup.output.clearCache();
      MathJax.typesetClear();
      MathJax.texReset();
      return MathJax.typesetPromise().then(markScrollableFormulas);
    });
  });
})();
