// Language switcher that survives instant navigation (mkdocs-static-i18n + Material).
//
// static-i18n writes each page's translations as <link rel="alternate" hreflang> in <head>
// and points the header's language links at them. Instant navigation swaps <head> tags but
// not the header, so after a page change the language links would still point at the first
// page: rewrite them from the current alternate links on every page change.
//
// A language switch itself is a full page load: each language has its own search index and
// its own Material base (see docs/hooks/i18n.py), so it must not be an instant navigation.
(function () {
  function updateSwitcher() {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      const lang = link.getAttribute("hreflang");
      const alternate = document.head.querySelector(
        'link[rel="alternate"][hreflang="' + lang + '"]'
      );
      if (alternate) link.href = alternate.href;
    });
  }

  document$.subscribe(updateSwitcher);

  // Capture phase on document: runs before Material's click handlers on <body>, which
  // would otherwise turn the switch into an instant navigation.
  document.addEventListener(
    "click",
    function (event) {
      const link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
      if (link && !event.metaKey && !event.ctrlKey) {
        updateSwitcher();
        event.stopPropagation();
      }
    },
    true
  );
})();
