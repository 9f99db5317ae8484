// Drives banner.js (with the inline guard) in jsdom through a whole visit:
// accept all, revival of held elements, focus handling, a custom choice, a
// withdrawal. Usage: node banner_jsdom.js page.html (page made by
// TestBannerJSInJSDOM). Exits 3 when jsdom cannot be loaded (the Go test
// skips), non-zero with a message on a failed check.
"use strict";
let jsdom;
try {
  jsdom = require("jsdom");
} catch (e) {
  process.stdout.write("jsdom not found: " + e.message.split("\n")[0]);
  process.exit(3);
}
const assert = require("assert/strict");
const fs = require("fs");
const { JSDOM, VirtualConsole } = jsdom;

const vc = new VirtualConsole();
const notImplemented = [];
const errors = [];
vc.on("jsdomError", (e) => (/Not implemented: navigation/.test(e.message) ? notImplemented : errors).push(e.message));
const dom = new JSDOM(fs.readFileSync(process.argv[2], "utf8"), {
  url: "https://site.example/page?x=1", runScripts: "dangerously", virtualConsole: vc, pretendToBeVisual: true,
});
const w = dom.window, d = w.document;
const requests = [];
let answer;
w.fetch = (url, opts) => {
  requests.push({ url: String(url), method: opts && opts.method, body: opts && opts.body, headers: opts && opts.headers });
  return Promise.resolve({ status: 200, ok: true, headers: { get: () => "application/json; charset=utf-8" }, json: () => Promise.resolve(answer) });
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const layer = () => w.dataLayer.map((a) => Array.from(a));
const $ = (s) => d.querySelector(s);

(async () => {
  await sleep(30);
  const panel = $("[data-cookie-consent-panel]");
  const manage = $("summary[data-cookie-consent-manage]");
  assert.equal(panel.open, true, "banner open before a decision");
  assert.equal(layer().length, 1);
  assert.equal(layer()[0][2].analytics_storage, "denied");
  assert.equal(w.gaRan, undefined, "held inline script ran");

  // Accept all.
  answer = { decided: true, categories: ["necessary", "analytics"], policy_version: "1" };
  $('button[value="all"]').click();
  await sleep(30);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].url, "https://site.example/.well-known/cookie-consent");
  assert.equal(requests[0].method, "POST");
  assert.equal(requests[0].headers.Accept, "application/json");
  assert.equal(requests[0].headers["Content-Type"], "application/x-www-form-urlencoded");
  const sent = new URLSearchParams(requests[0].body);
  assert.equal(sent.get("consent"), "all");
  assert.equal(sent.get("return"), "/page?x=1");
  assert.equal(w.gaRan, 1, "held inline analytics script revived once");
  assert.equal(d.cookie, "_ga=1", "revived script could set its cookie");
  const ext = $("#ext");
  assert.equal(ext.getAttribute("src"), "https://www.google-analytics.com/analytics.js");
  assert.equal(ext.getAttribute("type"), "module");
  assert.equal(ext.hasAttribute("data-cookie-consent-src"), false);
  assert.equal($("#ifr").getAttribute("src"), "about:blank#x");
  assert.equal($("#pix").hasAttribute("src"), false, "marketing pixel revived without consent");
  assert.equal($("#vid").hasAttribute("poster"), false, "marketing poster revived without consent");
  assert.equal($("#inp").hasAttribute("src"), false, "marketing image button revived without consent");
  assert.equal($("#doc").hasAttribute("srcdoc"), false, "marketing srcdoc revived without consent");
  assert.equal($("#svgimg").hasAttribute("href"), false, "marketing SVG image revived without consent");
  assert.equal($("#both").hasAttribute("src"), false, "analytics+marketing image revived with analytics alone");
  assert.equal(panel.open, false, "banner closed after the decision");
  assert.equal(d.activeElement, manage, "focus back on the manage control");
  const up = layer()[1];
  assert.deepEqual([up[0], up[1], up[2].analytics_storage, up[2].ad_storage], ["consent", "update", "granted", "denied"]);
  const boxes = () => Array.from(d.querySelectorAll("input[name=category]")).map((b) => b.value + "=" + b.checked).join(" ");
  assert.equal(boxes(), "necessary=true preferences=false analytics=true marketing=false");
  assert.deepEqual(JSON.parse($("[data-cookie-consent-root]").getAttribute("data-cookie-consent-state")).categories, ["necessary", "analytics"]);

  // A site's own "manage" link opens the banner and gets focus back on Escape.
  $("#footer").click();
  await sleep(10);
  assert.equal(panel.open, true);
  assert.equal(d.activeElement, $('button[value="all"]'), "focus on the first button");
  d.activeElement.dispatchEvent(new w.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  assert.equal(panel.open, false, "Escape closes once decided");
  assert.equal(d.activeElement, $("#footer"));

  // The summary opens it too, focus on the first button.
  manage.click();
  await sleep(10);
  assert.equal(panel.open, true);
  assert.equal(d.activeElement, $('button[value="all"]'));

  // Custom: add marketing.
  answer = { decided: true, categories: ["necessary", "analytics", "marketing"] };
  $("#cookie-consent-cat-marketing").checked = true;
  $('button[value="custom"]').click();
  await sleep(30);
  const sent2 = new URLSearchParams(requests[1].body);
  assert.equal(sent2.get("consent"), "custom");
  assert.deepEqual(sent2.getAll("category"), ["analytics", "marketing"]);
  assert.equal($("#pix").getAttribute("src"), "/pixel.gif");
  assert.equal($("#vid").getAttribute("poster"), "/poster.gif");
  assert.equal($("#obj").getAttribute("data"), "/ad.html");
  assert.equal($("#inp").getAttribute("src"), "/go.gif");
  assert.equal($("#doc").getAttribute("srcdoc"), "<p>video</p>");
  assert.equal($("#svgimg").getAttribute("href"), "/svg.gif");
  assert.equal($("#svgboth").getAttribute("href"), "/href.gif", "href comes before xlink:href");
  assert.equal($("#both").getAttribute("src"), "/both.gif");
  assert.equal($("#never").hasAttribute("src"), false, "an element held under no category came back");
  assert.equal($("#hint").getAttribute("imagesrcset"), "/ad.gif 1x");
  assert.equal(w.gaRan, 1, "nothing revived twice");
  assert.equal(notImplemented.length, 0, "reloaded without a withdrawal");

  // Withdrawal: reject all reloads the page.
  answer = { decided: true, categories: ["necessary"] };
  $('button[value="none"]').click();
  await sleep(30);
  assert.equal(new URLSearchParams(requests[2].body).get("consent"), "none");
  assert.equal(notImplemented.length, 1, "no reload after a withdrawal");
  const s = d.createElement("script");
  s.src = "https://connect.facebook.net/en_US/fbevents.js";
  assert.equal(s.getAttribute("type"), "text/plain", "guard not told of the withdrawal");

  assert.deepEqual(errors, []);
  process.stdout.write("ok");
  process.exit(0);
})().catch((e) => {
  process.stdout.write(String(e && e.stack || e));
  process.exit(1);
});
