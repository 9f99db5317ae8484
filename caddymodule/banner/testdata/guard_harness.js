// Runs the inline guard (as rendered by AppendHead) against a tiny fake DOM
// in a node vm context, drives it as a page would, and prints what happened
// as JSON for js_test.go to judge. Usage: node guard_harness.js scenario.json
// scenario: {script, state, cookies: [...], scripts: [...], update: [...]|null}
"use strict";
const fs = require("fs");
const vm = require("vm");

const sc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const ctx = vm.createContext({ URL, STATE: sc.state });
const run = (code) => vm.runInContext(code, ctx);

run(`
var jar = [];
function Document() {}
Object.defineProperty(Document.prototype, "cookie", {
  configurable: true, enumerable: true,
  get: function () { return jar.join("; "); },
  set: function (v) { jar.push(String(v)); }
});
function Element(tag) { this.tagName = tag.toUpperCase(); this.nodeType = 1; this._a = {}; }
Element.prototype.setAttribute = function (n, v) { this._a[String(n).toLowerCase()] = String(v); };
Element.prototype.getAttribute = function (n) { n = String(n).toLowerCase(); return n in this._a ? this._a[n] : null; };
Element.prototype.hasAttribute = function (n) { return String(n).toLowerCase() in this._a; };
Element.prototype.removeAttribute = function (n) { delete this._a[String(n).toLowerCase()]; };
function HTMLScriptElement() { Element.call(this, "script"); }
HTMLScriptElement.prototype = Object.create(Element.prototype);
["src", "type"].forEach(function (k) {
  Object.defineProperty(HTMLScriptElement.prototype, k, {
    configurable: true, enumerable: true,
    get: function () { return this.getAttribute(k) || ""; },
    set: function (v) { Element.prototype.setAttribute.call(this, k, v); }
  });
});
var document = new Document();
document.baseURI = "https://site.example/page";
document.documentElement = new Element("html");
document.currentScript = { getAttribute: function (n) { return n === "data-cookie-consent-state" ? STATE : null; } };
document.createElement = function (t) { return String(t).toLowerCase() === "script" ? new HTMLScriptElement() : new Element(t); };
document.addEventListener = function () {};
var observers = [];
function MutationObserver(cb) { this.cb = cb; observers.push(this); }
MutationObserver.prototype.observe = function () {};
var location = { host: "site.example", hostname: "site.example" };
var window = this;
function report(el) { var o = {}; for (var k in el._a) o[k] = el._a[k]; return o; }
function tryScripts(list, ways) {
  var out = [];
  list.forEach(function (src) {
    var s = document.createElement("script");
    s.type = "text/javascript";
    s.src = src;
    out.push(report(s));
    if (ways < 3) return;
    s = document.createElement("script");
    s.setAttribute("src", src);
    out.push(report(s));
    s = new HTMLScriptElement();
    Element.prototype.setAttribute.call(s, "src", src);
    observers.forEach(function (o) { o.cb([{ addedNodes: [s] }]); });
    out.push(report(s));
  });
  return out;
}
function layer() { return dataLayer.map(function (a) { return Array.prototype.slice.call(a); }); }
`);

run(sc.script);

ctx.__sc = sc;
const out = run(`
(function () {
  var r = {};
  (__sc.cookies || []).forEach(function (c) { document.cookie = c; });
  r.jar = jar.slice();
  r.dataLayer = layer();
  r.scripts = tryScripts(__sc.scripts || [], 3);
  r.state = __cookieConsentGuard.state();
  if (__sc.update) {
    __cookieConsentGuard.update(__sc.update, true);
    r.jarAfter = jar.slice();
    r.dataLayerAfter = layer();
    r.scriptsAfter = tryScripts(__sc.scripts || [], 1);
  }
  return JSON.stringify(r);
})()
`);
const r = JSON.parse(out);
// Run the guard a second time (a page with two head blocks): it must not
// wrap the cookie setter twice nor push a second default.
const before = run(`[Object.getOwnPropertyDescriptor(Document.prototype, "cookie").set, dataLayer.length]`);
run(sc.script);
const after = run(`[Object.getOwnPropertyDescriptor(Document.prototype, "cookie").set, dataLayer.length]`);
r.reentry = before[0] === after[0] && before[1] === after[1];
process.stdout.write(JSON.stringify(r));
