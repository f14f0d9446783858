/* Repères service worker (scope: the field pages). It keeps the offline session page and its
   files, nothing else: no list, no record, no name. Sessions waiting to be sent are kept by
   the page itself (localStorage), not here. */
"use strict";
var CACHE = "{{ cache_name }}";
var ASSETS = {{ assets|safe }};
var OFFLINE_URL = {{ offline_url|safe }};
var SCOPE = {{ scope|safe }};

function keepPage(cache) {
  // The offline page needs the signed-in session: keep it only if it answered itself.
  return fetch(OFFLINE_URL, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    if (response.ok && !response.redirected) { return cache.put(OFFLINE_URL, response); }
    return undefined;
  }).catch(function () { return undefined; });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS).then(function () { return keepPage(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("reperes-terrain-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function offlineAnswer() {
  return caches.match(OFFLINE_URL).then(function (cached) {
    return cached || new Response(
      "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Pas de réseau — Repères</title>" +
      "<main><h1>Pas de réseau</h1><p>Cette page n'est pas disponible sans réseau. " +
      "Ouvrez une fois « Séance sans réseau » avec du réseau pour pouvoir saisir hors connexion.</p></main></html>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    if (url.pathname === OFFLINE_URL) {
      // Network first (a fresh form and token), the kept copy without network.
      event.respondWith(fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(OFFLINE_URL, copy); });
        }
        return response;
      }).catch(offlineAnswer));
    } else if (url.pathname.indexOf(SCOPE) === 0) {
      // Other field pages are never kept (they hold names): without network, the offline form.
      event.respondWith(fetch(request).catch(offlineAnswer));
    }
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname).then(function (cached) {
      return cached || fetch(request);
    }));
  }
});
