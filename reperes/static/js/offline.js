/* Street sessions without network: each session is kept on the phone (localStorage) with an
   identifier drawn here, shown as waiting, and sent when the network returns. The server
   records one session per identifier, so sending twice never counts it twice.
   Only the anonymous session is kept: nature, date, duration, where, counts. No name. */
(function () {
  "use strict";

  var QUEUE_KEY = "reperes.terrain.seances-en-attente";
  var FIELD = /^(kind|date|duration|where|place|n_[a-z]+_[a-z0-9_]+)$/;
  var form, syncUrl, list, section, heading, messageBox, networkState;
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE_KEY)) || []; } catch (e) { return []; }
  }
  function save(queue) { window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); }

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function token() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(text, kind) {
    messageBox.innerHTML = "";
    if (!text) { return; }
    var p = document.createElement("p");
    p.className = "message message-" + (kind || "info");
    p.textContent = text;
    messageBox.appendChild(p);
  }

  function fieldsOf() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (FIELD.test(name) && value !== "") { data[name] = String(value); }
    });
    return data;
  }

  function optionText(name, value) {
    var select = form.querySelector("select[name=" + name + "]");
    if (!select) { return ""; }
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { return select.options[i].textContent.trim(); }
    }
    return "";
  }

  function kindText(value) {
    var radio = form.querySelector("input[name=kind][value='" + value + "']");
    return radio && radio.labels && radio.labels[0] ? radio.labels[0].textContent.trim() : "Séance";
  }

  function contacts(fields) {
    var total = 0;
    Object.keys(fields).forEach(function (name) {
      if (name.indexOf("n_") === 0) { total += parseInt(fields[name], 10) || 0; }
    });
    return total;
  }

  function describe(item) {
    var f = item.fields, parts = [kindText(f.kind)];
    if (f.date) { parts.push(f.date.split("-").reverse().join("/")); }
    if (f.duration) { parts.push(f.duration); }
    var where = f.where ? optionText("where", f.where) : "";
    if (where) { parts.push(where); }
    var n = contacts(f);
    parts.push(n + " contact" + (n > 1 ? "s" : ""));
    return parts.join(" · ");
  }

  function fieldLabel(name) {
    if (name === "__all__") { return ""; }
    var input = form.querySelector("[name=" + name + "]");
    var label = input && input.labels && input.labels[0] ? input.labels[0].textContent : name;
    return label.replace("*", "").trim() + " : ";
  }

  function render() {
    var queue = load();
    list.innerHTML = "";
    var waiting = queue.filter(function (item) { return !item.errors; }).length;
    var refused = queue.length - waiting;
    section.hidden = queue.length === 0;
    var parts = [];
    if (waiting) { parts.push(waiting + " séance" + (waiting > 1 ? "s" : "") + " en attente d'envoi"); }
    if (refused) { parts.push(refused + " séance" + (refused > 1 ? "s" : "") + " à corriger"); }
    heading.textContent = parts.join(", ");
    queue.forEach(function (item) {
      var li = document.createElement("li");
      li.className = item.errors ? "offline-item refused" : "offline-item";
      var text = document.createElement("span");
      text.textContent = describe(item) + (item.errors ? " — refusée par le serveur" : " — en attente");
      li.appendChild(text);
      if (item.errors) {
        var ul = document.createElement("ul");
        ul.className = "errorlist";
        Object.keys(item.errors).forEach(function (name) {
          item.errors[name].forEach(function (message) {
            var e = document.createElement("li");
            e.className = "error";
            e.textContent = fieldLabel(name) + message;
            ul.appendChild(e);
          });
        });
        li.appendChild(ul);
        var fix = document.createElement("button");
        fix.type = "button";
        fix.textContent = "Corriger";
        fix.addEventListener("click", function () { correct(item.client_id); });
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "danger";
        drop.textContent = "Abandonner";
        drop.addEventListener("click", function () { remove(item.client_id); });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(fix);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(drop);
      }
      list.appendChild(li);
    });
  }

  function remove(clientId) {
    save(load().filter(function (item) { return item.client_id !== clientId; }));
    render();
  }

  function correct(clientId) {
    var item = load().filter(function (i) { return i.client_id === clientId; })[0];
    if (!item) { return; }
    form.reset();
    form.querySelectorAll("input.count-input").forEach(function (input) { input.value = "0"; });
    Object.keys(item.fields).forEach(function (name) {
      var inputs = form.querySelectorAll("[name=" + name + "]");
      inputs.forEach(function (input) {
        if (input.type === "radio") { input.checked = input.value === item.fields[name]; }
        else { input.value = item.fields[name]; }
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
    form.dataset.clientId = clientId;  // sent again under the same identifier
    remove(clientId);
    say("Corrigez la séance puis enregistrez-la : elle repartira.", "info");
    form.querySelector("input, select").focus();
  }

  function freshToken() {
    // The page's token may be stale (signed in again since it was kept): read a fresh one.
    return fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (!response.ok) { return false; }
        return response.text().then(function (html) {
          var match = html.match(/name="csrfmiddlewaretoken" value="([^"]+)"/);
          if (!match) { return false; }
          form.querySelector("input[name=csrfmiddlewaretoken]").value = match[1];
          return true;
        });
      }).catch(function () { return false; });
  }

  function post(item) {
    return fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token(), "Accept": "application/json" },
      body: JSON.stringify({ client_id: item.client_id, fields: item.fields })
    });
  }

  function sendOne(item, retried) {
    return post(item).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0) {
        return { stop: "Votre session a expiré : reconnectez-vous, puis rouvrez cette page. Les séances restent sur le téléphone." };
      }
      if (response.status === 403 && !retried) {
        return freshToken().then(function (ok) {
          if (ok) { return sendOne(item, true); }
          return { stop: "Votre session a expiré : reconnectez-vous, puis rouvrez cette page. Les séances restent sur le téléphone." };
        });
      }
      if (response.status === 403) {
        return { stop: "Le serveur refuse l'envoi (jeton de sécurité expiré) : rechargez la page avec du réseau, l'envoi reprendra. Les séances restent sur le téléphone." };
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 200 || response.status === 201) { return { sent: true, created: response.status === 201 }; }
        if (response.status === 400 || response.status === 409) {
          return { errors: data.errors || { __all__: [data.message || "Séance refusée."] } };
        }
        return { stop: "Le serveur n'a pas pu recevoir la séance (erreur " + response.status + ") : elle reste sur le téléphone, nouvel essai plus tard." };
      });
    });
  }

  function sync() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    var pending = load().filter(function (item) { return !item.errors; });
    if (!pending.length) { return Promise.resolve(); }
    sending = true;
    var sent = 0, refused = 0;
    var chain = Promise.resolve(null);
    pending.forEach(function (item) {
      chain = chain.then(function (stop) {
        if (stop) { return stop; }
        return sendOne(item, false).then(function (result) {
          if (result.sent) { sent += 1; remove(item.client_id); return null; }
          if (result.errors) {
            refused += 1;
            var queue = load();
            queue.forEach(function (q) { if (q.client_id === item.client_id) { q.errors = result.errors; } });
            save(queue);
            render();
            return null;
          }
          return result.stop;
        }, function () { return "Pas de réseau : les séances restent sur le téléphone et partiront au retour du réseau."; });
      });
    });
    return chain.then(function (stop) {
      sending = false;
      if (stop) { say(stop, "warning"); return; }
      var text = [];
      if (sent) { text.push(sent + " séance" + (sent > 1 ? "s envoyées" : " envoyée") + " au serveur."); }
      if (refused) { text.push(refused + " séance" + (refused > 1 ? "s refusées" : " refusée") + " : corrigez-la ci-dessus."); }
      say(text.join(" "), refused ? "warning" : "success");
    });
  }

  function showNetwork() {
    networkState.textContent = navigator.onLine ? "" : "Hors ligne : les séances restent sur ce téléphone.";
  }

  function localToday() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.querySelector("form.offline-form");
    if (!form) { return; }
    syncUrl = form.dataset.syncUrl;
    section = document.getElementById("attente");
    heading = document.getElementById("attente-titre");
    list = section.querySelector(".offline-items");
    messageBox = document.getElementById("offline-message");
    networkState = document.getElementById("reseau");
    // A kept copy of the page may be days old: the session is today's unless changed.
    var date = form.querySelector("input[name=date]");
    if (date) { date.value = localToday(); }

    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(form.dataset.swUrl, { scope: form.dataset.scope }).catch(function () {
        say("Ce navigateur ne peut pas garder la page pour le mode sans réseau.", "warning");
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = fieldsOf();
      var queue = load();
      queue.push({ client_id: form.dataset.clientId || newId(), fields: fields });
      delete form.dataset.clientId;
      save(queue);
      form.querySelectorAll("input.count-input").forEach(function (input) {
        input.value = "0";
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      render();
      say(navigator.onLine ? "Séance gardée sur le téléphone, envoi en cours…"
        : "Séance gardée sur le téléphone : elle partira au retour du réseau.", "success");
      sync();
    });
    window.addEventListener("online", function () { showNetwork(); sync(); });
    window.addEventListener("offline", showNetwork);
    showNetwork();
    render();
    sync();
  });
})();
