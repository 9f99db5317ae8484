/*
 * Cookie consent banner: progressive enhancement of the plain HTML form that
 * the proxy injects. Without this script the form still works (it posts,
 * the server answers 303 back to the page). With it:
 *  - the choice is posted with fetch (form-encoded, Accept: application/json)
 *    and the page is updated in place: the banner closes, Google Consent Mode
 *    gets an update, and held-back elements of newly accepted categories come
 *    back to life without a reload;
 *  - after a withdrawal (a category accepted before is now refused) the page
 *    reloads: scripts that already ran cannot be unrun (their timers,
 *    listeners and in-memory identifiers stay, and would set their cookies
 *    again); the server has expired those cookies in the answer to the POST,
 *    and the reloaded page comes with the trackers held back again;
 *  - focus: on first show (nothing decided) focus moves to the dialog, so
 *    that it is announced and is the next Tab stop, unless the visitor is
 *    already somewhere on the page; opening the banner from a manage
 *    control moves focus to its first button; closing it returns focus to
 *    the control. Escape closes the category layer when focus is in it,
 *    else the banner once a choice exists (WAI-ARIA APG dialog pattern);
 *  - on a page shown zoomed out (no viewport meta, on a phone) the banner
 *    is scaled back to a readable size: see fit.
 *
 * Hooks (also for sites that replace the templates):
 *   [data-cookie-consent-root]   the banner root; data-cookie-consent-state
 *                                holds {"decided":bool,"categories":[...]}
 *   details[data-cookie-consent-panel]  the disclosure holding the form
 *   [data-cookie-consent-manage] its <summary>; any other element with this
 *                                attribute (a footer link...) opens it too
 *   [data-cookie-consent=CATEGORY] a held-back element (script with
 *                                type="text/plain", or img/iframe/link/source
 *                                with data-cookie-consent-src/-srcset/-href)
 */
(function () {
  "use strict";
  var d = document, w = window;
  var me = d.currentScript;
  var SVG = "http://www.w3.org/2000/svg";
  var NONCE = (me && (me.nonce || me.getAttribute("nonce"))) || "";

  function readState(el) {
    try {
      return JSON.parse(el.getAttribute("data-cookie-consent-state")) || {};
    } catch (e) {
      return {};
    }
  }

  function has(list, v) {
    for (var i = 0; list && i < list.length; i++) {
      if (list[i] === v) return true;
    }
    return false;
  }

  // Google Consent Mode v2, for pages without the inline guard.
  function consentModeUpdate(cats) {
    function g(c) { return has(cats, c) ? "granted" : "denied"; }
    w.dataLayer = w.dataLayer || [];
    var gtag = typeof w.gtag === "function" ? w.gtag : function () { w.dataLayer.push(arguments); };
    var m = g("marketing");
    gtag("consent", "update", {
      ad_storage: m, ad_user_data: m, ad_personalization: m,
      analytics_storage: g("analytics"),
      functionality_storage: g("preferences"), personalization_storage: g("preferences"),
      security_storage: "granted"
    });
  }

  // copyScript gives a new script s the attributes a held one, old, had in
  // the page: its own type back, ours and those named in skip left out.
  function copyScript(old, s, skip) {
    var attrs = old.attributes;
    for (var i = 0; i < attrs.length; i++) {
      var n = attrs[i].name;
      if (n === "type" || n.indexOf("data-cookie-consent") === 0 || skip.indexOf(n) >= 0) continue;
      s.setAttribute(n, attrs[i].value);
    }
    var t = old.getAttribute("data-cookie-consent-type");
    if (t) s.setAttribute("type", t);
    return s;
  }

  function reviveScript(old) {
    var s = copyScript(old, d.createElement("script"), ["src", "nonce"]);
    var nonce = old.nonce || NONCE;
    if (nonce) s.nonce = nonce;
    var src = old.getAttribute("data-cookie-consent-src");
    if (src !== null) { // src="" runs nothing, as in the page
      // Inserted scripts are async by default; keep document order among
      // those that were not async in the page.
      if (!old.hasAttribute("async")) s.async = false;
      s.src = src;
    } else {
      s.text = old.text;
    }
    old.parentNode.replaceChild(s, old);
  }

  // reviveSVGScript puts a new SVG script in place of a held one: a script
  // runs once, when it is inserted, not when its href comes back.
  function reviveSVGScript(old) {
    var s = copyScript(old, d.createElementNS(SVG, "script"), []);
    var href = old.getAttribute("data-cookie-consent-href") || old.getAttribute("data-cookie-consent-xlink:href");
    if (href) s.setAttribute("href", href);
    s.textContent = old.textContent;
    old.parentNode.replaceChild(s, old);
  }

  // reviveOther gives back every URL attribute the rewriter moved aside
  // (htmlrewrite's elemProps.urls and svgURLs): srcset before src, so that
  // the browser picks from the set, and srcdoc before src, which it
  // overrides. An SVG xlink:href comes back as href, which SVG 2 reads
  // (setAttribute cannot put it in the xlink namespace), unless the element
  // has an href, which browsers read first.
  function reviveOther(el) {
    var keys = ["srcset", "imagesrcset", "srcdoc", "src", "href", "xlink:href", "poster", "data"];
    for (var i = 0; i < keys.length; i++) {
      var k = "data-cookie-consent-" + keys[i];
      var v = el.getAttribute(k);
      if (v === null) continue;
      if (keys[i] !== "xlink:href") el.setAttribute(keys[i], v);
      else if (!el.hasAttribute("href")) el.setAttribute("href", v);
      el.removeAttribute(k);
    }
    el.removeAttribute("data-cookie-consent");
  }

  // allAccepted says whether every category an element is held back under
  // (a space-separated list) is accepted; an empty list never is.
  // "unclassified" (a host or URL no rule knows) is accepted only with
  // every category the banner offers.
  function allAccepted(cats, list, root) {
    var want = (list || "").split(" ").filter(Boolean);
    for (var i = 0; i < want.length; i++) {
      if (want[i] === "unclassified" ? !everyCategory(cats, root) : !has(cats, want[i])) return false;
    }
    return want.length > 0;
  }

  function everyCategory(cats, root) {
    var boxes = root ? root.querySelectorAll("input[name=category]") : [];
    for (var i = 0; i < boxes.length; i++) {
      if (!has(cats, boxes[i].value)) return false;
    }
    return boxes.length > 0;
  }

  // revive brings back every held element whose categories are all
  // accepted, in document order.
  function revive(cats, root) {
    var els = d.querySelectorAll("[data-cookie-consent]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!allAccepted(cats, el.getAttribute("data-cookie-consent"), root) || (root && root.contains(el))) continue;
      if (el.tagName === "SCRIPT") {
        if ((el.getAttribute("type") || "").toLowerCase() === "text/plain") reviveScript(el);
      } else if (el.namespaceURI === SVG && el.localName === "script") {
        reviveSVGScript(el);
      } else {
        reviveOther(el);
      }
    }
  }

  function init() {
    var root = d.querySelector("[data-cookie-consent-root]");
    if (!root) return;
    var panel = root.querySelector("details[data-cookie-consent-panel]");
    var manage = root.querySelector("[data-cookie-consent-manage]");
    var form = root.querySelector("form");
    if (!panel || !form) return;
    var opener = manage;

    var dialog = root.querySelector("[role=dialog]");
    var more = form.querySelector("details");

    // fit scales the banner (only: the page keeps its layout) by how far
    // a touch screen shows the page zoomed out: a page without a viewport
    // meta is laid out about 980px wide, and on a 390px phone our 16px
    // would read as 6px (WCAG 2.2 SC 1.4.4; targets, SC 2.5.8). iOS keeps
    // screen.width portrait, so the orientation picks the side. A desktop
    // zoomed out by its user stays so.
    function fit() {
      var s = w.screen, mq = w.matchMedia;
      if (!s || !mq) return;
      var side = mq("(orientation: landscape)").matches ? Math.max(s.width, s.height) : Math.min(s.width, s.height);
      var k = side > 0 && mq("(pointer: coarse)").matches ? d.documentElement.clientWidth / side : 1;
      root.style.setProperty("--cc-scale", k > 1 ? k.toFixed(3) : "1");
      root.classList.add("cc-fit");
    }
    fit();
    w.addEventListener("resize", fit);

    var st = readState(root);
    if (st.decided) revive(st.categories, root);
    // First show: announce the dialog and start Tab there, without
    // scrolling the page; never take focus the visitor already placed.
    if (!st.decided && panel.open && dialog && (!d.activeElement || d.activeElement === d.body)) {
      dialog.focus({ preventScroll: true });
    }

    function firstButton() {
      return form.querySelector("button:not([disabled]):not([hidden])");
    }
    function open(from) {
      opener = from || manage;
      panel.open = true;
      var b = firstButton();
      if (b) b.focus();
    }
    function close() {
      panel.open = false;
      var o = opener && d.contains(opener) ? opener : manage;
      opener = manage;
      if (o) o.focus();
    }

    if (manage) {
      manage.addEventListener("click", function () {
        if (panel.open) return;
        // The click's default action opens the <details> after this
        // listener: focus once it is open.
        w.setTimeout(function () {
          if (panel.open) { opener = manage; var b = firstButton(); if (b) b.focus(); }
        }, 0);
      });
    }
    d.addEventListener("click", function (e) {
      var t = e.target && e.target.closest ? e.target.closest("[data-cookie-consent-manage]") : null;
      if (!t || t === manage || root.contains(t)) return;
      e.preventDefault();
      open(t);
    });
    root.addEventListener("keydown", function (e) {
      if ((e.key !== "Escape" && e.key !== "Esc") || !panel.open) return;
      if (more && more.open && more.contains(e.target)) {
        e.preventDefault();
        more.open = false;
        more.querySelector("summary").focus();
      } else if (readState(root).decided) {
        e.preventDefault();
        close();
      }
    });

    function plainSubmit(consent) {
      var i = d.createElement("input");
      i.type = "hidden";
      i.name = "consent";
      i.value = consent;
      form.appendChild(i);
      HTMLFormElement.prototype.submit.call(form);
    }

    function asJSON(r) {
      var ct = r.headers.get("Content-Type") || "";
      if (!r.ok || ct.indexOf("json") < 0) throw new Error("cookie consent: unexpected answer " + r.status);
      return r.json();
    }

    function apply(state) {
      var cats = state.categories || [];
      var prev = readState(root);
      var before = prev.decided ? prev.categories || [] : [];
      var withdrawn = false;
      for (var i = 0; i < before.length; i++) {
        if (!has(cats, before[i])) withdrawn = true;
      }
      root.setAttribute("data-cookie-consent-state", JSON.stringify({ decided: !!state.decided, categories: cats }));
      var boxes = form.querySelectorAll("input[type=checkbox][name=category]");
      for (var j = 0; j < boxes.length; j++) {
        boxes[j].checked = boxes[j].disabled || has(cats, boxes[j].value);
      }
      var guard = w.__cookieConsentGuard;
      if (guard && guard.update) guard.update(cats, !!state.decided);
      else consentModeUpdate(cats);
      if (withdrawn) {
        w.location.reload();
        return;
      }
      revive(cats, root);
      if (more) more.open = true;
      form.removeAttribute("aria-busy");
      close();
    }

    form.addEventListener("submit", function (e) {
      if (!w.fetch || !w.URLSearchParams || !w.FormData) return;
      e.preventDefault();
      var sub = e.submitter;
      var fd = new FormData(form);
      if (sub && sub.name) fd.append(sub.name, sub.value);
      if (!fd.get("consent")) fd.append("consent", "custom");
      var consent = fd.get("consent");
      var url = form.action;
      form.setAttribute("aria-busy", "true");
      w.fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fd).toString()
      }).then(function (r) {
        if (r.status === 204) {
          return w.fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } }).then(asJSON);
        }
        return asJSON(r);
      }).then(apply, function () {
        // Anything unexpected: do what the browser would do without us.
        plainSubmit(consent);
      });
    });
  }

  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", init);
  else init();
})();
