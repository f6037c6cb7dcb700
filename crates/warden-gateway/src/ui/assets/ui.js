// Warden review UI: the only script. Served from /ui/assets/ui.js (CSP script-src 'self').
// Sign-in/out, live regions (re-fetch the page, swap elements marked data-live), the live tail
// of a session timeline, and one-click approval decisions through the review API with the
// session's CSRF token. Works on server-rendered HTML; nothing here builds markup from data.
"use strict";
(function () {
  var csrf = null;
  function getCsrf() {
    if (csrf) return Promise.resolve(csrf);
    return fetch("/v1/review/me", { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("not signed in"); return r.json(); })
      .then(function (me) { csrf = me.csrf; return csrf; });
  }
  function post(url, body) {
    return getCsrf().then(function (token) {
      return fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Warden-CSRF": token },
        body: JSON.stringify(body || {}),
      });
    });
  }
  function errorText(r) {
    return r.json().then(function (j) { return j.error || r.statusText; },
                         function () { return r.status + " " + r.statusText; });
  }

  // Sign in: the token goes to /v1/review/login, which sets the HttpOnly session cookie.
  var login = document.getElementById("login");
  if (login) {
    login.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var out = document.getElementById("login-error");
      fetch("/v1/review/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: document.getElementById("token").value }),
      }).then(function (r) {
        if (r.ok) { location.assign(login.getAttribute("data-next") || "/ui/sessions"); return; }
        return errorText(r).then(function (t) { out.textContent = t; });
      }, function (e) { out.textContent = String(e); });
    });
  }
  var logout = document.getElementById("logout");
  if (logout) {
    logout.addEventListener("click", function () {
      post("/v1/review/logout").then(function () { location.assign("/ui/login"); },
                                     function () { location.assign("/ui/login"); });
    });
  }

  // Live regions: re-fetch this page and swap in the fresh copy of each data-live element,
  // unless the reviewer is typing in it.
  var regions = Array.prototype.slice.call(document.querySelectorAll("[data-live]"));
  function busy(el) {
    if (el.contains(document.activeElement) && document.activeElement !== document.body) return true;
    return Array.prototype.some.call(el.querySelectorAll("input[type=text]"), function (i) { return i.value; });
  }
  function refresh() {
    if (document.hidden) return Promise.resolve();
    return fetch(location.href, { headers: { Accept: "text/html" } }).then(function (r) {
      if (r.status === 401 || r.redirected) { return; }
      return r.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        regions.forEach(function (el) {
          var fresh = doc.getElementById(el.id);
          if (fresh && !busy(el) && fresh.innerHTML !== el.innerHTML) { el.replaceChildren.apply(el, Array.prototype.slice.call(fresh.childNodes)); }
        });
      });
    }).catch(function () {});
  }
  if (regions.length) {
    var every = Math.max(1, Math.min.apply(null, regions.map(function (r) { return +r.getAttribute("data-live") || 5; })));
    setInterval(refresh, every * 1000);
  }

  // Live tail of the newest window of a session timeline.
  var timeline = document.getElementById("timeline");
  if (timeline && timeline.getAttribute("data-tail")) {
    setInterval(function () {
      if (document.hidden) return;
      var url = timeline.getAttribute("data-tail");
      fetch(url, { headers: { Accept: "text/html" } }).then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          var list = doc.querySelector("ol[data-next]");
          if (!list) return;
          Array.prototype.slice.call(list.children).forEach(function (li) { timeline.appendChild(li); });
          var next = list.getAttribute("data-next");
          if (next) { timeline.setAttribute("data-tail", url.replace(/after=\d*/, "after=" + next)); }
        }).catch(function () {});
    }, 2000);
  }

  // MCP tool pins: approve a quarantined tool's new definition.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains("pin-approve")) return;
    ev.preventDefault();
    var out = form.querySelector(".error");
    var url = "/v1/mcp/pins/" + encodeURIComponent(form.getAttribute("data-server")) +
      "/approve?tool=" + encodeURIComponent(form.getAttribute("data-tool"));
    post(url).then(function (r) {
      if (r.ok) return refresh();
      return errorText(r).then(function (t) { out.textContent = t; });
    }, function (e) { out.textContent = String(e); });
  });

  // Approvals: one click decides, with the reason typed beside the buttons.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains("decide")) return;
    ev.preventDefault();
    var verb = ev.submitter && ev.submitter.value === "deny" ? "deny" : "approve";
    var reason = form.elements.reason.value.trim();
    var out = form.querySelector(".error");
    if (!reason) { out.textContent = "A decision needs a reason."; form.elements.reason.focus(); return; }
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = true; });
    var id = form.getAttribute("data-approval");
    post("/v1/approvals/" + encodeURIComponent(id) + "/" + verb, { reason: reason }).then(function (r) {
      if (r.ok) { form.elements.reason.value = ""; form.elements.reason.blur(); return refresh(); }
      return errorText(r).then(function (t) {
        out.textContent = t;
        Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = false; });
      });
    }, function (e) { out.textContent = String(e); });
  });
})();
