/* Glasshouse pages: what a static page cannot know when it is built.
 * - Staleness: a published site is not rebuilt when its next update falls due, so each page compares
 *   today with the date the next update was due and shows the overdue notice written beside it. An
 *   archived snapshot (Material shows its banner once it has read versions.json) is never overdue:
 *   a newer one took its place.
 * - Whom to call: the overview's contact card shows the experience owner; a reader who chooses their
 *   group (or follows a link with ?for=GROUP) sees that group's contact, remembered for next time.
 * - The version selector's button is named "Select version" alone; its name gains the snapshot's title
 *   it shows, so that what a reader sees is what a screen reader or voice control calls it.
 * - Names the theme leaves out: Material's search dialog is named after its search box, and the loading
 *   bar of instant navigation, decoration, is hidden from assistive technology (Zensical does both
 *   itself), so that the theme's own partials are used unchanged.
 * Without JavaScript the build's own notice and the owner's card stand, and every contact is listed. */
(function () {
  "use strict";
  var KEY = "glasshouse.segment";

  function today() {
    var d = new Date();
    var m = d.getMonth() + 1, day = d.getDate();
    return d.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (day < 10 ? "0" : "") + day;
  }

  function archived() {
    var banner = document.querySelector("[data-md-component=outdated]");
    return Boolean(banner && !banner.hidden);
  }

  function staleness() {
    var old = archived();
    document.querySelectorAll("[data-gh-due]").forEach(function (el) {
      var overdue = !old && today() > el.getAttribute("data-gh-due");
      el.querySelectorAll(".gh-due").forEach(function (n) { n.hidden = overdue; });
      el.querySelectorAll(".gh-stale").forEach(function (n) { n.hidden = !overdue; });
    });
  }

  function remembered() {
    var asked = new URLSearchParams(location.search).get("for");
    try {
      if (asked) localStorage.setItem(KEY, asked);
      return asked || localStorage.getItem(KEY) || "";
    } catch (e) {
      return asked || "";
    }
  }

  function show(box, segment) {
    var cards = box.querySelectorAll(".gh-contact[data-segment], .gh-contact[data-owner]");
    var known = Array.prototype.some.call(cards, function (c) { return c.getAttribute("data-segment") === segment; });
    cards.forEach(function (c) {
      var mine = known ? c.getAttribute("data-segment") === segment : c.hasAttribute("data-owner");
      c.hidden = !mine;
    });
    return known ? segment : "";
  }

  function contacts() {
    document.querySelectorAll(".gh-contacts").forEach(function (box) {
      var select = box.querySelector("select");
      if (!select) return;
      select.value = show(box, remembered());
      box.querySelector(".gh-segment").hidden = false;
      select.addEventListener("change", function () {
        try { localStorage.setItem(KEY, select.value); } catch (e) { /* private mode: no memory */ }
        show(box, select.value);
      });
    });
  }

  function versionName() {
    document.querySelectorAll(".md-version__current").forEach(function (button) {
      var label = button.getAttribute("aria-label") || "";
      var shown = button.textContent.trim();
      if (shown && label.indexOf(shown) === -1) button.setAttribute("aria-label", label + ": " + shown);
    });
  }

  function names() {
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      var box = dialog.querySelector(".md-search__input");
      var label = box && (box.getAttribute("aria-label") || box.getAttribute("placeholder"));
      if (label) dialog.setAttribute("aria-label", label);
    });
    document.querySelectorAll(".md-progress[role=progressbar]:not([aria-label])").forEach(function (bar) {
      bar.setAttribute("aria-hidden", "true");
    });
  }

  function onPage() {
    staleness();
    contacts();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
  names();
  // Material adds the version selector once it has read versions.json, and shows the archived banner.
  new MutationObserver(versionName).observe(document.body, { childList: true, subtree: true });
  var banner = document.querySelector("[data-md-component=outdated]");
  if (banner) new MutationObserver(staleness).observe(banner, { attributes: true, attributeFilter: ["hidden"] });
})();
