/* Terrain: counters with « − » and « + » buttons, and live totals on the weekly time grid.
   Progressive enhancement: without JavaScript the pages work with plain inputs. */
(function () {
  "use strict";

  function labelOf(input) {
    return input.labels && input.labels.length ? input.labels[0].textContent.trim() : "";
  }

  function stepper(input) {
    var name = labelOf(input);
    var wrap = document.createElement("span");
    wrap.className = "stepper";
    var minus = document.createElement("button");
    minus.type = "button";
    minus.className = "step step-minus";
    minus.textContent = "−";
    minus.setAttribute("aria-label", "Retirer : " + name);
    var plus = document.createElement("button");
    plus.type = "button";
    plus.className = "step step-plus";
    plus.textContent = "+";
    plus.setAttribute("aria-label", "Ajouter : " + name);
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(minus);
    wrap.appendChild(input);
    wrap.appendChild(plus);

    function change(delta) {
      var max = parseInt(input.getAttribute("max"), 10) || 999;
      var value = parseInt(input.value, 10);
      if (isNaN(value)) { value = 0; }
      value = Math.min(max, Math.max(0, value + delta));
      input.value = String(value);
      wrap.classList.toggle("has-count", value > 0);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    minus.addEventListener("click", function () { change(-1); });
    plus.addEventListener("click", function () { change(1); });
    input.addEventListener("input", function () {
      wrap.classList.toggle("has-count", (parseInt(input.value, 10) || 0) > 0);
    });
    wrap.classList.toggle("has-count", (parseInt(input.value, 10) || 0) > 0);
  }

  function hours(input) {
    var text = input.value.trim().replace(",", ".").replace(/h$/i, "").trim();
    var value = text === "" ? 0 : Number(text);
    return isFinite(value) && value > 0 ? value : 0;
  }

  function french(value) {
    var rounded = Math.round(value * 100) / 100;
    return String(rounded).replace(".", ",");
  }

  function totals(form) {
    var inputs = form.querySelectorAll("input.hours-input");
    var byDay = {}, byCategory = {}, week = 0;
    inputs.forEach(function (input) {
      if (input.disabled) { return; }
      var h = hours(input);
      byDay[input.dataset.day] = (byDay[input.dataset.day] || 0) + h;
      byCategory[input.dataset.category] = (byCategory[input.dataset.category] || 0) + h;
      week += h;
    });
    // Hours already recorded by sessions and interventions (record once): counted, not typed.
    form.querySelectorAll("[data-recorded]").forEach(function (el) {
      var h = Number(el.dataset.recorded) || 0;
      byDay[el.dataset.day] = (byDay[el.dataset.day] || 0) + h;
      byCategory[el.dataset.category] = (byCategory[el.dataset.category] || 0) + h;
      week += h;
    });
    form.querySelectorAll("[data-day-total]").forEach(function (out) {
      var total = byDay[out.dataset.dayTotal] || 0;
      out.textContent = french(total);
      out.closest("td").classList.toggle("over", total > 24);
    });
    form.querySelectorAll("[data-category-total]").forEach(function (out) {
      out.textContent = french(byCategory[out.dataset.categoryTotal] || 0);
    });
    form.querySelectorAll("[data-week-total]").forEach(function (out) {
      out.textContent = french(week);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-stepper]").forEach(stepper);
    document.querySelectorAll("form.time-form").forEach(function (form) {
      form.addEventListener("input", function (event) {
        if (event.target.classList.contains("hours-input")) { totals(form); }
      });
    });
  });
})();
