/* The header on a phone: one row (the name and a « Menu » button); the button opens the
   navigation and the account links. Without JavaScript the button stays hidden and the
   navigation is shown in full, as on a computer. */
(function () {
  "use strict";
  var PHONE = window.matchMedia("(max-width: 48rem)");

  function setUp() {
    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("menu-principal");
    if (!button || !menu) { return; }
    document.documentElement.classList.add("has-menu");
    button.hidden = false;
    function close() {
      button.setAttribute("aria-expanded", "false");
      menu.classList.remove("open");
    }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        close();
        button.focus();
      }
    });
    PHONE.addEventListener("change", close);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
