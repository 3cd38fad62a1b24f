/* d5site: keyboard and screen-reader access to Material's chrome (issue 18). Loaded after Material's bundle; it only
   sets attributes and listens to keys, so Material's own behaviour (drawer, search, tables) is unchanged. */
(function () {
  "use strict";
  var drawer = document.getElementById("__drawer");
  var sidebar = document.querySelector(".md-sidebar--primary");
  var narrow = window.matchMedia("(max-width: 76.234375em)");  /* where Material draws the navigation as a drawer */

  /* The menu button is a <label for="__drawer">, which no key reaches: a <button> takes its place, says whether the
     drawer is open, and opens it as the label does (Material's components see the same change of its checkbox). */
  function menuButton() {
    var label = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
    if (!drawer || !label || label.hidden) return;
    var nav = sidebar && sidebar.querySelector("nav[aria-label]");
    var toggle = function (open) { if (drawer.checked !== open) drawer.click(); };  /* as Material's own setToggle */
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " d5-menu-button";
    button.innerHTML = label.innerHTML;
    if (nav) button.setAttribute("aria-label", nav.getAttribute("aria-label"));
    if (sidebar) {
      sidebar.id = sidebar.id || "d5-drawer";
      button.setAttribute("aria-controls", sidebar.id);
    }
    label.hidden = true;
    label.parentNode.insertBefore(button, label);
    var expanded = function () { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); };
    drawer.addEventListener("change", expanded);
    expanded();
    button.addEventListener("click", function (event) {
      toggle(!drawer.checked);
      var first = drawer.checked && event.detail === 0 && sidebar && sidebar.querySelector("a[href]");  /* by key */
      if (first) first.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        toggle(false);
        button.focus();
      }
    });
    if (sidebar) {  /* Tab past the drawer's last link (or Shift+Tab before its first) closes it */
      sidebar.addEventListener("focusout", function (event) {
        var next = event.relatedTarget;
        if (drawer.checked && narrow.matches && next && !sidebar.contains(next) && next !== button) toggle(false);
      });
    }
  }

  /* A nested navigation is labelled by its toggle, an icon without text: it takes its section's title instead. */
  function navigationNames() {
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var by = document.getElementById(nav.getAttribute("aria-labelledby"));
      var title = nav.querySelector(":scope > .md-nav__title");
      if (by && !by.textContent.trim() && title && title.textContent.trim()) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title.textContent.trim());
      }
    });
  }

  /* The search results box is no Tab stop (Tab closes Material's search; the arrow keys move through the results). */
  function searchResults() {
    var wrap = document.querySelector(".md-search__scrollwrap");
    if (wrap) wrap.removeAttribute("tabindex");
  }

  /* A table wider than the page scrolls inside Material's box: that box becomes a named, focusable region (scrolled
     with the arrow keys); a stylesheet shadow shows the edge that hides more of the table. */
  function tableName(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var node = table.closest(".md-typeset__scrollwrap"); node && node.tagName !== "ARTICLE"; node = node.parentElement) {
      for (var el = node.previousElementSibling; el; el = el.previousElementSibling) {
        if (/^H[1-6]$/.test(el.tagName)) {
          var copy = el.cloneNode(true);
          copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
          return copy.textContent.trim();
        }
      }
    }
    return "";
  }
  function scrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var table = wrap.querySelector("table");
      if (!table) return;
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", tableName(table) || document.title);
        wrap.classList.add("d5-scrolls");
      } else if (wrap.classList.contains("d5-scrolls")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        wrap.classList.remove("d5-scrolls");
      }
    });
  }

  function all() {
    menuButton();
    navigationNames();
    searchResults();
    scrollingTables();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(all);
  else all();
  var pending = 0;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(scrollingTables, 150);
  });
})();
