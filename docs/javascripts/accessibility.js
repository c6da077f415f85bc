// Small accessibility fixes to Material's markup, run on every page (instant navigation too).
(function () {
  // The search overlay is a role="dialog" without a name. Name it like its search field,
  // whose label Material already translates ("Search", "搜索"); fall back on <html lang>.
  function nameSearchDialog() {
    const dialog = document.querySelector('.md-search[role="dialog"]');
    if (!dialog || dialog.hasAttribute("aria-label")) return;
    const input = dialog.querySelector(".md-search__input");
    const fallback = document.documentElement.lang.startsWith("zh") ? "搜索" : "Search";
    dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || fallback);
  }

  // A table or display formula wider than the text column scrolls inside its box: make that
  // box reachable by keyboard, so it can be scrolled without a mouse. Re-checked when the
  // window is resized.
  // All boxes are measured first, then marked: a mark between two measurements would make
  // the browser lay the page out again for each box.
  function markScrollableTables() {
    const boxes = document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset div.arithmatex");
    const scrolls = Array.from(boxes, function (box) {
      return box.scrollWidth > box.clientWidth;
    });
    boxes.forEach(function (box, i) {
      if (scrolls[i]) {
        box.tabIndex = 0;
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
      }
    });
  }

  let pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(markScrollableTables);
  });

  document$.subscribe(function () {
    nameSearchDialog();
    markScrollableTables();
  });
})();
