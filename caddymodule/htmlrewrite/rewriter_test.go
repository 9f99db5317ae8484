package htmlrewrite

import (
	"bytes"
	"errors"
	"html"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
)

// chunkSizes are the write sizes every case is run with (0: all at once).
var chunkSizes = []int{0, 1, 7, 4096}

type rewriteCase struct {
	name, in, want string
}

const (
	ga  = "https://www.google-analytics.com/analytics.js"
	gtm = "https://www.googletagmanager.com/ns.html?id=GTM-X"
	px  = "https://www.facebook.com/tr?id=1&amp;ev=PageView"
	dcc = `data-cookie-consent="`
)

// neutralisationCases use testPolicy and no injections.
var neutralisationCases = []rewriteCase{
	// External scripts.
	{"script src", `<script src="` + ga + `"></script>`,
		`<script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script type kept", `<script type="text/javascript" src="//connect.facebook.net/en_US/fbevents.js" async></script>`,
		`<script data-cookie-consent-type="text/javascript" data-cookie-consent-src="//connect.facebook.net/en_US/fbevents.js" async type="text/plain" ` + dcc + `marketing"></script>`},
	{"script upper case unquoted", `<SCRIPT SRC=https://www.googletagmanager.com/gtm.js?id=X></SCRIPT>`,
		`<SCRIPT data-cookie-consent-SRC=https://www.googletagmanager.com/gtm.js?id=X type="text/plain" ` + dcc + `analytics"></SCRIPT>`},
	{"script module", `<script type=module src="` + ga + `"></script>`,
		`<script data-cookie-consent-type=module data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script type with parameters runs nowhere", `<script type="text/javascript; charset=utf-8" src="` + ga + `"></script>`, ""},
	{"script type empty", `<script type="">_paq.push(['trackPageView'])</script>`,
		`<script data-cookie-consent-type="" type="text/plain" ` + dcc + `analytics">_paq.push(['trackPageView'])</script>`},
	{"script language javascript", `<script language="JavaScript" src="` + ga + `"></script>`,
		`<script language="JavaScript" data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script language vbscript", `<script language="vbscript" src="` + ga + `"></script>`, ""},
	{"script first-party", `<script src="/js/app.js"></script>`, ""},
	{"script ld+json", `<script type="application/ld+json">{"u":"https://connect.facebook.net/x"}</script>`, ""},
	{"script already tagged", `<script type="text/plain" data-cookie-consent="analytics" src="` + ga + `"></script>`, ""},
	// The DOM takes the first of duplicate attributes; Chromium's preload
	// scanner takes a script's last type, and fetches its src.
	{"script duplicate type, the last fetches", `<script type="text/plain" type="text/javascript" src="` + ga + `"></script>`,
		`<script data-cookie-consent-type="text/plain" data-cookie-consent-type="text/javascript" data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script duplicate src, the first empty", `<script src="" src="` + ga + `"></script>`,
		`<script data-cookie-consent-src="" data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script opt-in type", `<script type="opt-in" data-type="text/javascript" data-src="` + ga + `"></script>`, ""},
	{"script self-closing", `<script src="` + ga + `"/>`,
		`<script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"/>`},
	{"script src after newline", "<script\r\nsrc=\"" + ga + "\"\r\n></script>",
		"<script\r\ndata-cookie-consent-src=\"" + ga + "\"\r\n type=\"text/plain\" " + dcc + "analytics\"></script>"},
	{"not a script", `<scriptx src="` + ga + `"></scriptx>`, ""},

	// Inline scripts.
	{"inline gtm", `<script>(function(w,d,s,l,i){j.src='https://www.googletagmanager.com/gtm.js?id='+i})(window)</script>`,
		`<script type="text/plain" ` + dcc + `analytics">(function(w,d,s,l,i){j.src='https://www.googletagmanager.com/gtm.js?id='+i})(window)</script>`},
	{"inline with type", `<script type='text/javascript'>var _paq = _paq || []; _paq.push(['trackPageView']);</script>`,
		`<script data-cookie-consent-type='text/javascript' type="text/plain" ` + dcc + `analytics">var _paq = _paq || []; _paq.push(['trackPageView']);</script>`},
	{"inline benign", `<script>gtag('event', 'x'); if (a < b) {}</script>`, ""},
	{"inline unterminated", `<script>_paq.push(['x'])`, `<script type="text/plain" ` + dcc + `analytics">_paq.push(['x'])`},
	{"inline hidden in comment", `<script><!-- _paq.push(1) //--></script>`,
		`<script type="text/plain" ` + dcc + `analytics"><!-- _paq.push(1) //--></script>`},

	// Images, frames, media.
	{"img pixel", `<img src="` + px + `" height="1" width="1" style="display:none"/>`,
		`<img data-cookie-consent-src="` + px + `" height="1" width="1" style="display:none" ` + dcc + `marketing"/>`},
	{"img same host other path", `<img src="https://www.facebook.com/images/logo.png">`, ""},
	{"img unquoted slash", `<img src=https://www.facebook.com/tr/>`,
		`<img data-cookie-consent-src=https://www.facebook.com/tr/ ` + dcc + `marketing">`},
	{"img self-closing with space", `<img src="https://www.facebook.com/tr" />`,
		`<img data-cookie-consent-src="https://www.facebook.com/tr"  ` + dcc + `marketing"/>`},
	{"img slash before attribute", `<img/src=https://mc.yandex.ru/watch/1>`,
		`<img/data-cookie-consent-src=https://mc.yandex.ru/watch/1 ` + dcc + `analytics">`},
	{"img spaces around equals", "<IMG\n\nSRC = 'https://px.ads.linkedin.com/collect?pid=1' >",
		"<IMG\n\ndata-cookie-consent-SRC = 'https://px.ads.linkedin.com/collect?pid=1'  " + dcc + "marketing\">"},
	{"img gt in quoted value", `<img alt="a > b" src="https://www.facebook.com/tr?x">`,
		`<img alt="a > b" data-cookie-consent-src="https://www.facebook.com/tr?x" ` + dcc + `marketing">`},
	{"img duplicate src, first tracker", `<img src="https://www.facebook.com/tr" src="x.gif">`,
		`<img data-cookie-consent-src="https://www.facebook.com/tr" data-cookie-consent-src="x.gif" ` + dcc + `marketing">`},
	// Preload scanners skip an empty URL, and WebKit's takes the next src.
	{"img duplicate src, first benign", `<img src="" src="https://www.facebook.com/tr">`,
		`<img data-cookie-consent-src="" data-cookie-consent-src="https://www.facebook.com/tr" ` + dcc + `marketing">`},
	{"video duplicate poster", `<video poster="" poster="https://www.facebook.com/tr?v"></video>`,
		`<video data-cookie-consent-poster="" data-cookie-consent-poster="https://www.facebook.com/tr?v" ` + dcc + `marketing"></video>`},
	{"input duplicate src", `<input type=image src="" src="https://www.facebook.com/tr?i">`,
		`<input type=image data-cookie-consent-src="" data-cookie-consent-src="https://www.facebook.com/tr?i" ` + dcc + `marketing">`},
	{"source duplicate srcset", `<picture><source srcset="" srcset="https://mc.yandex.ru/p.webp"><img src="a.png"></picture>`,
		`<picture><source data-cookie-consent-srcset="" data-cookie-consent-srcset="https://mc.yandex.ru/p.webp" ` + dcc + `analytics"><img src="a.png"></picture>`},
	{"svg image duplicate href, the last fetches", `<svg><image href="/logo.png" href="https://www.facebook.com/tr?i"/></svg>`,
		`<svg><image data-cookie-consent-href="/logo.png" data-cookie-consent-href="https://www.facebook.com/tr?i" ` + dcc + `marketing"/></svg>`},
	{"img srcset", `<img src="a.jpg" srcset="a.jpg 1x, https://px.ads.linkedin.com/collect?pid=1&fmt=gif 2x">`,
		`<img src="a.jpg" data-cookie-consent-srcset="a.jpg 1x, https://px.ads.linkedin.com/collect?pid=1&fmt=gif 2x" ` + dcc + `marketing">`},
	{"img srcset commas in URL", `<img srcset="https://cdn.example/a,b.jpg 1x,https://cdn.example/c.jpg 2x">`, ""},
	{"img src and srcset", `<img src="https://www.facebook.com/tr" srcset="https://mc.yandex.ru/a 2x">`,
		`<img data-cookie-consent-src="https://www.facebook.com/tr" data-cookie-consent-srcset="https://mc.yandex.ru/a 2x" ` + dcc + `marketing analytics">`},

	// Attribute values are judged as a browser reads them: character
	// references decoded (§13.2.5.72), only what is judged; the bytes
	// written stay as they were.
	{"script src hex slashes", `<script src="https:&#x2F;&#x2F;www.googletagmanager.com/gtag/js?id=G-1"></script>`,
		`<script data-cookie-consent-src="https:&#x2F;&#x2F;www.googletagmanager.com/gtag/js?id=G-1" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script src decimal scheme", `<script src="&#104;ttps://www.google-analytics.com/analytics.js"></script>`,
		`<script data-cookie-consent-src="&#104;ttps://www.google-analytics.com/analytics.js" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script src reference in a path", `<script src="/st/m&#97;tomo.js"></script>`,
		`<script data-cookie-consent-src="/st/m&#97;tomo.js" type="text/plain" ` + dcc + `analytics"></script>`},
	{"script src hex without semicolons, upper X", `<script src='https://www.google-analytics.com&#X2f&#x61nalytics.js'></script>`,
		`<script data-cookie-consent-src='https://www.google-analytics.com&#X2f&#x61nalytics.js' type="text/plain" ` + dcc + `analytics"></script>`},
	{"img src named references", `<img src="https&colon;&sol;&sol;www&period;facebook&period;com&sol;tr">`,
		`<img data-cookie-consent-src="https&colon;&sol;&sol;www&period;facebook&period;com&sol;tr" ` + dcc + `marketing">`},
	{"img src numeric reference without semicolon", `<img src=https://www.facebook.com&#47tr>`,
		`<img data-cookie-consent-src=https://www.facebook.com&#47tr ` + dcc + `marketing">`},
	{"img src reference that is no reference", `<img src="https://www.facebook.com&sol/tr">`, ""},
	{"img srcset comma as a reference", `<img srcset="a.jpg 1x&#44; https://mc.yandex.ru/a 2x">`,
		`<img data-cookie-consent-srcset="a.jpg 1x&#44; https://mc.yandex.ru/a 2x" ` + dcc + `analytics">`},
	{"img srcset host as references", `<img srcset="a.jpg 1x, https://mc&#46;yandex&#46;ru/a 2x">`,
		`<img data-cookie-consent-srcset="a.jpg 1x, https://mc&#46;yandex&#46;ru/a 2x" ` + dcc + `analytics">`},
	{"iframe src", `<iframe src="https://www.googletagmanager.com&sol;ns.html?id=GTM-X&amp;l=1"></iframe>`,
		`<iframe data-cookie-consent-src="https://www.googletagmanager.com&sol;ns.html?id=GTM-X&amp;l=1" ` + dcc + `analytics"></iframe>`},
	{"video poster", `<video poster="&#x68;ttps://www.facebook.com/tr?v"></video>`,
		`<video data-cookie-consent-poster="&#x68;ttps://www.facebook.com/tr?v" ` + dcc + `marketing"></video>`},
	{"object data", `<object data="https://www.googletagmanager.com&#x2f;x"></object>`,
		`<object data-cookie-consent-data="https://www.googletagmanager.com&#x2f;x" ` + dcc + `analytics"></object>`},
	{"svg image href", `<svg><image href="https://www.facebook.com&#x2F;tr"/></svg>`,
		`<svg><image data-cookie-consent-href="https://www.facebook.com&#x2F;tr" ` + dcc + `marketing"/></svg>`},
	{"link rel as references", `<link rel="pre&#99;onnect" href="https://connect.facebook.net">`,
		`<link rel="pre&#99;onnect" data-cookie-consent-href="https://connect.facebook.net" ` + dcc + `marketing">`},
	{"link rel tokens split by a reference", `<link rel="stylesheet&Tab;preload" as="script" href="https://connect.facebook.net/x.js">`,
		`<link rel="stylesheet&Tab;preload" as="script" data-cookie-consent-href="https://connect.facebook.net/x.js" ` + dcc + `marketing">`},
	{"link href", `<link rel=dns-prefetch href="&#47;/www.google-analytics.com">`,
		`<link rel=dns-prefetch data-cookie-consent-href="&#47;/www.google-analytics.com" ` + dcc + `analytics">`},
	{"script type as references", `<script type="text/j&#97;vascript">_paq.push(['trackPageView'])</script>`,
		`<script data-cookie-consent-type="text/j&#97;vascript" type="text/plain" ` + dcc + `analytics">_paq.push(['trackPageView'])</script>`},
	{"script type not javascript once decoded", `<script type="text/plain&#59;" src="` + ga + `"></script>`, ""},
	{"script language as references", `<script language="J&#97;vaScript" src="` + ga + `"></script>`,
		`<script language="J&#97;vaScript" data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"annotation-xml encoding as references", `<math><annotation-xml encoding="text&#47;html"><style><img src=https://www.facebook.com/tr></style>`, ""},
	{"noscript iframe", `<noscript><iframe src="` + gtm + `" height="0" width="0"></iframe></noscript>`,
		`<noscript><iframe data-cookie-consent-src="` + gtm + `" height="0" width="0" ` + dcc + `analytics"></iframe></noscript>`},
	{"noscript img", `<noscript><img height=1 width=1 src=https://www.facebook.com/tr?id=1></noscript>`,
		`<noscript><img height=1 width=1 data-cookie-consent-src=https://www.facebook.com/tr?id=1 ` + dcc + `marketing"></noscript>`},
	{"picture source", `<picture><source srcset="https://mc.yandex.ru/p.webp"><img src="a.png"></picture>`,
		`<picture><source data-cookie-consent-srcset="https://mc.yandex.ru/p.webp" ` + dcc + `analytics"><img src="a.png"></picture>`},
	{"embed", `<embed src="https://www.googletagmanager.com/x.swf">`,
		`<embed data-cookie-consent-src="https://www.googletagmanager.com/x.swf" ` + dcc + `analytics">`},
	{"object", `<object data="https://www.googletagmanager.com/x"></object>`,
		`<object data-cookie-consent-data="https://www.googletagmanager.com/x" ` + dcc + `analytics"></object>`},
	{"image is img", `<image src="https://www.facebook.com/tr?i" width="1">`,
		`<image data-cookie-consent-src="https://www.facebook.com/tr?i" width="1" ` + dcc + `marketing">`},
	{"svg image", `<svg><image href="https://www.facebook.com/tr?i"/></svg>`,
		`<svg><image data-cookie-consent-href="https://www.facebook.com/tr?i" ` + dcc + `marketing"/></svg>`},
	{"svg image xlink", `<svg><g><IMAGE width=1 XLINK:HREF=https://www.facebook.com/tr?i></IMAGE></g></svg>`,
		`<svg><g><IMAGE width=1 data-cookie-consent-XLINK:HREF=https://www.facebook.com/tr?i ` + dcc + `marketing"></IMAGE></g></svg>`},
	{"svg feImage", `<svg><filter><feImage href="https://www.facebook.com/tr?f"/></filter></svg>`,
		`<svg><filter><feImage data-cookie-consent-href="https://www.facebook.com/tr?f" ` + dcc + `marketing"/></filter></svg>`},
	{"svg image first party", `<svg><image href="/logo.png"/></svg>`, ""},
	{"svg in math annotation-xml", `<math><annotation-xml><svg><image href=https://www.facebook.com/tr></svg></annotation-xml></math>`,
		`<math><annotation-xml><svg><image data-cookie-consent-href=https://www.facebook.com/tr ` + dcc + `marketing"></svg></annotation-xml></math>`},
	{"svg in math annotation-xml, then html", `<math><annotation-xml><svg><foreignObject><iframe src=https://www.facebook.com/tr></iframe>`,
		`<math><annotation-xml><svg><foreignObject><iframe data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></iframe>`},
	{"svg annotation-xml is no integration point", `<svg><annotation-xml encoding="text/html"><image href=https://www.facebook.com/tr><script></annotation-xml></svg><img src=https://www.facebook.com/tr>`,
		`<svg><annotation-xml encoding="text/html"><image data-cookie-consent-href=https://www.facebook.com/tr ` + dcc + `marketing"><script></annotation-xml></svg><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	// Foreign content is tracked without HTML's elements, so a fetching
	// element is looked at the HTML way and the SVG way, wherever it is.
	{"math image, looked at as SVG too", `<math><image href="https://www.facebook.com/tr?i"/></math>`,
		`<math><image data-cookie-consent-href="https://www.facebook.com/tr?i" ` + dcc + `marketing"/></math>`},
	{"html script with a tracker href", `<script src="/app.js" href="` + ga + `"></script>`,
		`<script data-cookie-consent-src="/app.js" data-cookie-consent-href="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"svg after a stray end tag", `<svg></x><image href=https://www.facebook.com/tr></svg>`,
		`<svg></x><image data-cookie-consent-href=https://www.facebook.com/tr ` + dcc + `marketing"></svg>`},
	{"svg feImage after a stray end tag", `<svg></title><feImage href=https://www.facebook.com/tr />`,
		`<svg></title><feImage data-cookie-consent-href=https://www.facebook.com/tr  ` + dcc + `marketing"/>`},
	{"svg script after a stray end tag", `<svg></g><script href="` + ga + `"></script>`,
		`<svg></g><script data-cookie-consent-href="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	// A stray end tag in SVG is ignored by browsers: SVG goes on.
	{"svg plaintext after a stray end tag", `<svg></x><plaintext></svg><script src="` + ga + `"></script><img src=https://www.facebook.com/tr>`,
		`<svg></x><plaintext></svg><script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"svg style after a stray path end tag", `<svg><path d="M0"/></path><style><img src=https://www.facebook.com/tr></style></svg>`,
		`<svg><path d="M0"/></path><style><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></style></svg>`},
	{"svg closed with a custom element", `<mat-icon><svg><path d="M0"/></mat-icon><style>/*<!--*/</style><img src=https://www.facebook.com/tr>`,
		`<mat-icon><svg><path d="M0"/></mat-icon><style>/*<!--*/</style><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"html title in svg title", `<svg><title>a<title>b</title><script>var s="<!--";</script><img src=https://www.facebook.com/tr>`,
		`<svg><title>a<title>b</title><script>var s="<!--";</script><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"html title in svg title, then svg", `<svg><title>a<title>b</title></title><style><img src=https://www.facebook.com/tr></style></svg>`,
		`<svg><title>a<title>b</title></title><style><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></style></svg>`},
	{"html iframe read as svg", `<svg><svg><desc><i></svg><iframe src=https://www.facebook.com/tr></iframe>`,
		`<svg><svg><desc><i></svg><iframe data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></iframe>`},
	{"input image", `<input type="image" src="https://www.facebook.com/tr?i" alt="Go">`,
		`<input type="image" data-cookie-consent-src="https://www.facebook.com/tr?i" alt="Go" ` + dcc + `marketing">`},
	{"iframe srcdoc with a pixel", `<iframe srcdoc="<p>Hi<img src=&quot;https://www.facebook.com/tr&quot;>"></iframe>`,
		`<iframe data-cookie-consent-srcdoc="<p>Hi<img src=&quot;https://www.facebook.com/tr&quot;>" ` + dcc + `marketing"></iframe>`},
	{"iframe srcdoc and src", `<iframe src="` + gtm + `" srcdoc='<script src="` + ga + `"></script>'></iframe>`,
		`<iframe data-cookie-consent-src="` + gtm + `" data-cookie-consent-srcdoc='<script src="` + ga + `"></script>' ` + dcc + `analytics"></iframe>`},
	{"iframe srcdoc inline snippet", `<iframe srcdoc="<script>_paq.push([&#39;trackPageView&#39;])</script>"></iframe>`,
		`<iframe data-cookie-consent-srcdoc="<script>_paq.push([&#39;trackPageView&#39;])</script>" ` + dcc + `analytics"></iframe>`},
	{"iframe srcdoc in srcdoc", `<iframe srcdoc="<iframe srcdoc='<img src=&amp;quot;https://www.facebook.com/tr&amp;quot;>'></iframe>"></iframe>`,
		`<iframe data-cookie-consent-srcdoc="<iframe srcdoc='<img src=&amp;quot;https://www.facebook.com/tr&amp;quot;>'></iframe>" ` + dcc + `marketing"></iframe>`},
	{"iframe srcdoc of two categories", `<iframe srcdoc="<img src=https://www.facebook.com/tr><img src=https://mc.yandex.ru/a><img src=https://www.facebook.com/tr?b>"></iframe>`,
		`<iframe data-cookie-consent-srcdoc="<img src=https://www.facebook.com/tr><img src=https://mc.yandex.ru/a><img src=https://www.facebook.com/tr?b>" ` + dcc + `marketing analytics"></iframe>`},
	// In an attribute, "&lt" before a letter is not "<" (§13.2.5.73): the
	// document is the text "&ltplaintext>" and a live <img>.
	{"iframe srcdoc decoded as an attribute", `<iframe srcdoc="&ltplaintext><img src=https://www.facebook.com/tr>"></iframe>`,
		`<iframe data-cookie-consent-srcdoc="&ltplaintext><img src=https://www.facebook.com/tr>" ` + dcc + `marketing"></iframe>`},
	{"iframe srcdoc numeric overflow", `<iframe srcdoc='&#4294967356;plaintext><img src=https://www.facebook.com/tr>'></iframe>`,
		`<iframe data-cookie-consent-srcdoc='&#4294967356;plaintext><img src=https://www.facebook.com/tr>' ` + dcc + `marketing"></iframe>`},
	{"iframe srcdoc unquoted, its tag cut off", `<iframe srcdoc=<img/src=https://www.facebook.com/tr></iframe>`, ""},
	{"iframe srcdoc single-quoted", `<iframe srcdoc='<img src="https://www.facebook.com/tr">'></iframe>`,
		`<iframe data-cookie-consent-srcdoc='<img src="https://www.facebook.com/tr">' ` + dcc + `marketing"></iframe>`},
	{"iframe srcdoc, one then another", `<iframe srcdoc="<img src=https://www.facebook.com/tr>"></iframe><iframe srcdoc="<p>Hi"></iframe>`,
		`<iframe data-cookie-consent-srcdoc="<img src=https://www.facebook.com/tr>" ` + dcc + `marketing"></iframe><iframe srcdoc="<p>Hi"></iframe>`},
	{"iframe srcdoc left", `<iframe srcdoc="<p>Hello, <b>you</b> <img src=a.png>"></iframe>`, ""},
	{"input image, long", `<input type="image" value="` + strings.Repeat("x", 5000) + `" src="https://www.facebook.com/tr">`,
		`<input type="image" value="` + strings.Repeat("x", 5000) + `" data-cookie-consent-src="https://www.facebook.com/tr" ` + dcc + `marketing">`},
	{"input image, type escaped", `<input type="&#105;mage" src="https://www.facebook.com/tr">`,
		`<input type="&#105;mage" data-cookie-consent-src="https://www.facebook.com/tr" ` + dcc + `marketing">`},
	{"input image, first type wins", `<input TYPE=Image type=hidden src="https://www.facebook.com/tr">`,
		`<input TYPE=Image type=hidden data-cookie-consent-src="https://www.facebook.com/tr" ` + dcc + `marketing">`},
	{"input hidden with src", `<input type="hidden" type="image" src="https://www.facebook.com/tr">`, ""},
	{"input without src", `<input type="hidden" name="__VIEWSTATE" value="https://www.facebook.com/tr?i">`, ""},
	{"video poster", `<video poster="https://www.facebook.com/tr?v" src="v.mp4"></video>`,
		`<video data-cookie-consent-poster="https://www.facebook.com/tr?v" src="v.mp4" ` + dcc + `marketing"></video>`},
	{"anchor left alone", `<a href="https://www.google-analytics.com/">x</a>`, ""},

	// Resource hints.
	{"link preload", `<link rel="preload" as="script" href="https://www.googletagmanager.com/gtag/js?id=G-1">`,
		`<link rel="preload" as="script" data-cookie-consent-href="https://www.googletagmanager.com/gtag/js?id=G-1" ` + dcc + `analytics">`},
	{"link token list", `<link REL="stylesheet DNS-Prefetch" href="//www.google-analytics.com"/>`,
		`<link REL="stylesheet DNS-Prefetch" data-cookie-consent-href="//www.google-analytics.com" ` + dcc + `analytics"/>`},
	{"link preconnect unquoted", `<link rel=preconnect href=https://connect.facebook.net crossorigin>`,
		`<link rel=preconnect data-cookie-consent-href=https://connect.facebook.net crossorigin ` + dcc + `marketing">`},
	{"link imagesrcset", `<link rel=preload as=image imagesrcset="https://www.facebook.com/tr 1x">`,
		`<link rel=preload as=image data-cookie-consent-imagesrcset="https://www.facebook.com/tr 1x" ` + dcc + `marketing">`},
	{"link stylesheet left alone", `<link rel="stylesheet" href="https://www.googletagmanager.com/a.css">`, ""},
	// Chromium's preload scanner takes a link's last rel, and for an image
	// its last href, and skips an empty one.
	{"link duplicate href, the last fetches", `<link rel=preload as=image href="/ok.png" href="https://www.facebook.com/tr">`,
		`<link rel=preload as=image data-cookie-consent-href="/ok.png" data-cookie-consent-href="https://www.facebook.com/tr" ` + dcc + `marketing">`},
	{"link duplicate rel, the last a hint", `<link rel=stylesheet href="/a.css" rel=preload as=image href="https://www.facebook.com/tr">`,
		`<link rel=stylesheet data-cookie-consent-href="/a.css" rel=preload as=image data-cookie-consent-href="https://www.facebook.com/tr" ` + dcc + `marketing">`},

	// Comments: their content is not live.
	{"comment", `<!-- <script src="` + ga + `"></script> -->`, ""},
	{"conditional comment", `<!--[if lt IE 9]><script src="` + ga + `"></script><![endif]-->`, ""},
	{"downlevel-revealed conditional comment", `<!--[if !IE]><!--><script src="` + ga + `"></script><!--<![endif]-->`,
		`<!--[if !IE]><!--><script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script><!--<![endif]-->`},
	{"abrupt comment", `<!--><img src=https://www.facebook.com/tr>-->`,
		`<!--><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">-->`},
	{"abrupt comment dash", `<!---><img src=https://www.facebook.com/tr>`,
		`<!---><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"comment bang end", `<!-- x --!><img src=https://www.facebook.com/tr>`,
		`<!-- x --!><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"comment dashes", `<!-- x ---><img src=https://www.facebook.com/tr>`,
		`<!-- x ---><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"comment not closed by -- >", `<!-- x -- ><img src=https://www.facebook.com/tr> -->`, ""},
	{"nested comment opener", `<!-- <!-- --><img src=https://www.facebook.com/tr>`,
		`<!-- <!-- --><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"bogus comment", `<!x><img src=https://www.facebook.com/tr>`,
		`<!x><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"bogus comment hides tag", `<! <img src=https://www.facebook.com/tr> >`, ""},
	{"processing instruction", `<?xml version="1.0"?><img src=https://www.facebook.com/tr>`,
		`<?xml version="1.0"?><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"end tag bogus comment", `</ x><img src=https://www.facebook.com/tr>`,
		`</ x><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"empty end tag", `</><img src=https://www.facebook.com/tr>`,
		`</><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"lone lt", `a < b <3 <img src=https://www.facebook.com/tr>`,
		`a < b <3 <img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"doctype", `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">`, ""},
	{"cdata outside foreign content is a bogus comment", `<![CDATA[ x > <img src=https://www.facebook.com/tr> ]]>`,
		`<![CDATA[ x > <img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"> ]]>`},

	// Raw text, RCDATA, script data.
	{"style", `<style>/* <img src=https://www.facebook.com/tr> */</style>`, ""},
	{"textarea", `<textarea><img src=https://www.facebook.com/tr></textarea>`, ""},
	{"title", `<title><script src="` + ga + `"></script></title>`, ""},
	{"xmp", `<xmp><img src=https://www.facebook.com/tr></xmp>`, ""},
	{"noembed", `<noembed><img src=https://www.facebook.com/tr></noembed>`, ""},
	{"noframes", `<noframes><img src=https://www.facebook.com/tr></noframes>`, ""},
	{"iframe content", `<iframe src="/a"><img src=https://www.facebook.com/tr></iframe>`, ""},
	{"plaintext", `<plaintext></plaintext><img src=https://www.facebook.com/tr>`, ""},
	{"raw text end tag with attributes", `<style></style foo="><img src=https://www.facebook.com/tr>">`, ""},
	{"raw text not the end tag", `<title></titlex><img src=https://www.facebook.com/tr></TITLE ><img src=https://www.facebook.com/tr>`,
		`<title></titlex><img src=https://www.facebook.com/tr></TITLE ><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"script writes a tag", `<script>document.write('<img src="https://www.facebook.com/tr">')</script><img src=https://www.facebook.com/tr>`,
		`<script>document.write('<img src="https://www.facebook.com/tr">')</script><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"script escaped states", `<script><!-- document.write("<script>x</script>") --></script><img src=https://www.facebook.com/tr>`,
		`<script><!-- document.write("<script>x</script>") --></script><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"script double escaped hides end tag", `<script><!--<script></script><img src=https://www.facebook.com/tr></script>`, ""},
	{"script end tag upper case", `<script>x</SCRIPT ><img src=https://www.facebook.com/tr>`,
		`<script>x</SCRIPT ><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},
	{"split script tag in document.write", `<SCRIPT>document.write("<SCR"+"IPT src=\"https://www.google-analytics.com/ga.js\"></SCR"+"IPT>");</SCRIPT>`,
		`<SCRIPT type="text/plain" ` + dcc + `analytics">document.write("<SCR"+"IPT src=\"https://www.google-analytics.com/ga.js\"></SCR"+"IPT>");</SCRIPT>`},

	// Foreign content and templates.
	{"svg style is markup", `<svg><style><img src=https://www.facebook.com/tr></style></svg>`,
		`<svg><style><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></style></svg>`},
	{"svg cdata", `<svg><![CDATA[ x > <img src=https://www.facebook.com/tr> ]]></svg>`, ""},
	{"svg closed", `<svg><path d="M0"/></svg><style><img src=https://www.facebook.com/tr></style>`, ""},
	{"svg closed by html ancestor", `<div><svg><g></div><style><img src=https://www.facebook.com/tr></style>`, ""},
	{"svg foreignObject is html", `<svg><foreignObject><style><img src=https://www.facebook.com/tr></style></foreignObject></svg>`, ""},
	{"svg script", `<svg><script href="` + ga + `"></script></svg>`,
		`<svg><script data-cookie-consent-href="` + ga + `" type="text/plain" ` + dcc + `analytics"></script></svg>`},
	{"svg script with code and a type", `<svg><script type="application/ecmascript" xlink:href="` + ga + `">run()</script></svg>`,
		`<svg><script data-cookie-consent-type="application/ecmascript" data-cookie-consent-xlink:href="` + ga + `" type="text/plain" ` + dcc + `analytics">run()</script></svg>`},
	{"script with a value due", `<script async=>_paq.push(['trackPageView'])</script><script src="` + ga + `" type=>`,
		`<script  type="text/plain" ` + dcc + `analytics"async=>_paq.push(['trackPageView'])</script>` +
			`<script data-cookie-consent-src="` + ga + `"  type="text/plain" ` + dcc + `analytics"data-cookie-consent-type=>`},
	{"img with a value due", `<img src=https://www.facebook.com/tr alt= >`,
		`<img data-cookie-consent-src=https://www.facebook.com/tr  ` + dcc + `marketing"alt= >`},
	{"svg script content is markup", `<svg><script><img src=https://www.facebook.com/tr></script></svg>`,
		`<svg><script><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></script></svg>`},
	{"math text integration point", `<math><mi><textarea><img src=https://www.facebook.com/tr></textarea></mi></math>`, ""},
	{"math breakout", `<math><mtable><p><style><img src=https://www.facebook.com/tr></style>`, ""},
	{"font with attributes breaks out of svg", `<svg><font color=red><style><img src=https://www.facebook.com/tr></style>`, ""},
	{"font without attributes stays in svg", `<svg><font><style><img src=https://www.facebook.com/tr></style>`,
		`<svg><font><style><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></style>`},
	{"annotation-xml as html", `<math><annotation-xml encoding="Text/HTML"><style><img src=https://www.facebook.com/tr></style>`, ""},
	{"annotation-xml as mathml", `<math><annotation-xml><style><img src=https://www.facebook.com/tr></style>`,
		`<math><annotation-xml><style><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></style>`},
	{"svg deeper than tracked", `<svg>` + strings.Repeat(`<g>`, 100) + `</svg><style><img src=https://www.facebook.com/tr></style>`, ""},
	{"template content", `<template><img src=https://www.facebook.com/tr></template>`,
		`<template><img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing"></template>`},

	// Markers from upstream.
	{"marked block left alone", `<!--cookie-consent--><script src="` + ga + `"></script><!--/cookie-consent--><script src="` + ga + `"></script>`,
		`<!--cookie-consent--><script src="` + ga + `"></script><!--/cookie-consent--><script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},
	{"marker look-alike", `<!-- cookie-consent --><script src="` + ga + `"></script>`,
		`<!-- cookie-consent --><script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>`},

	{"marked block too long to be ours", `<!--cookie-consent-->` + strings.Repeat("x", maxMarked) + `<img src=https://www.facebook.com/tr>`,
		`<!--cookie-consent-->` + strings.Repeat("x", maxMarked) + `<img data-cookie-consent-src=https://www.facebook.com/tr ` + dcc + `marketing">`},

	// Cut short.
	{"EOF in tag", `<img src="https://www.facebook.com/tr`, ""},
	{"EOF in comment", `<!-- <img src=https://www.facebook.com/tr>`, ""},
}

func TestNeutralise(t *testing.T) {
	o := Options{Policy: testPolicy{}}
	for _, c := range neutralisationCases {
		want := c.want
		if want == "" {
			want = c.in
		}
		runCase(t, c.name, c.in, want, o)
	}
}

// runCase checks one input at every chunk size.
func runCase(t *testing.T, name, in, want string, o Options) {
	t.Helper()
	for _, n := range chunkSizes {
		res := rewrite(t, []byte(in), o, n)
		if string(res.out) != want {
			t.Errorf("%s (chunk %d):\n  in: %q\n got: %q\nwant: %q", name, n, clip([]byte(in)), clip(res.out), clip([]byte(want)))
			continue
		}
		if err := checkInsertions([]byte(in), res, o); err != nil {
			t.Errorf("%s (chunk %d): %v", name, n, err)
		}
	}
}

// TestScriptType checks which scripts are taken to run (HTML §4.12.1.1,
// "prepare the script element", step 8, with what WebKit adds), for an
// external and an inline script, read at every chunk size.
func TestScriptType(t *testing.T) {
	runs := []string{
		``, ` type=""`, ` type=''`, ` type`,
		` type="text/javascript"`, ` TYPE="TEXT/JavaScript"`, " type=\"\t text/javascript\r\n\f\"",
		` type="application/ecmascript"`, ` type=application/x-javascript`, ` type="text/javascript1.5"`,
		` type="text/jscript"`, ` type="text/livescript"`, ` type="text/x-ecmascript"`,
		` type="module"`, ` type=" Module "`, ` type="text/j&#97;vascript"`, ` type="&#x20;module&NewLine;"`,
		` type="" language="vbscript"`, ` type="text/javascript" language="vbscript"`,
		` language=""`, ` language`, ` language="javascript"`, ` language="JavaScript1.2"`,
		` language="jscript"`, ` language="ecmascript"`, ` language="livescript"`, ` language="j&#x61;vascript"`,
		// WebKit runs these languages, and its preload scanner fetches the
		// src of a script with these types; Chromium's, with this last type.
		` language="javascript1.7"`, ` type="javascript"`, ` type="JScript"`, ` type="ecmascript"`,
		` type="text/plain" type="text/javascript"`, ` type="x" language="x" type="" language="javascript"`,
	}
	inert := []string{
		` type="text/javascript; charset=utf-8"`, ` type=" "`, ` type="&#32;"`, ` type="application/ld+json"`,
		` type="importmap"`, ` type="speculationrules"`, ` type="text/plain"`, ` type="text/template"`,
		` type="text/x-handlebars-template"`, ` type="module; x"`, ` type="text/javascript1.6"`,
		` type="text/javascript&#11;"`, ` type="x" language="javascript"`,
		` type="text/j&#97vascrip"`,
		` language="vbscript"`, ` language="text/javascript"`, ` language=" javascript"`, ` language="module"`,
		` language="javascript1.8"`, ` type="javascript2.0"`,
	}
	p := fixedPolicy{category: "analytics"}
	for _, attrs := range slices.Concat(runs, inert) {
		for _, in := range []string{`<script` + attrs + `>x()</script>`, `<script` + attrs + ` src="https://t.example/x.js"></script>`} {
			want := slices.Contains(runs, attrs)
			for _, n := range chunkSizes {
				res := rewrite(t, []byte(in), Options{Policy: p}, n)
				if got := len(res.neutralised) == 1; got != want {
					t.Errorf("%s (chunk %d): held back %v, want %v: %s", in, n, got, want, res.out)
				}
			}
		}
	}
}

func TestInlineLookahead(t *testing.T) {
	in := `<script>/* ` + strings.Repeat("x", 100) + ` */ _paq.push(1)</script>`
	runCase(t, "signature past the look-ahead", in, in, Options{Policy: testPolicy{}, InlineLookahead: 64})
	runCase(t, "signature within the look-ahead", in,
		`<script type="text/plain" `+dcc+`analytics">`+in[len("<script>"):], Options{Policy: testPolicy{}, InlineLookahead: 200})
	big := `<script>_paq.push(1);` + strings.Repeat("var a = 1 < 2;\n", 200000) + `</script><img src=https://www.facebook.com/tr>`
	for _, n := range []int{0, 4096} {
		res := rewrite(t, []byte(big), Options{Policy: testPolicy{}}, n)
		if !bytes.HasPrefix(res.out, []byte(`<script type="text/plain" `+dcc+`analytics">_paq`)) ||
			!bytes.HasSuffix(res.out, []byte(`<img data-cookie-consent-src=https://www.facebook.com/tr `+dcc+`marketing">`)) {
			t.Errorf("3 MB script (chunk %d): not neutralised, or what follows it missed", n)
		}
		if res.maxBuffered > maxTag+maxInlineLookahead {
			t.Errorf("3 MB script (chunk %d): held %d bytes", n, res.maxBuffered)
		}
	}
}

func TestNeutraliseCallback(t *testing.T) {
	in := `<script src="` + ga + `"></script><img src=https://www.facebook.com/tr><script>_paq.push(1)</script><img src=a.png>`
	res := rewrite(t, []byte(in), Options{Policy: testPolicy{}}, 0)
	want := []string{"google-analytics.com/analytics", "facebook.com/marketing", "matomo/analytics"}
	if strings.Join(res.neutralised, " ") != strings.Join(want, " ") {
		t.Errorf("OnNeutralise calls %q, want %q", res.neutralised, want)
	}
}

func TestCategoryEscaped(t *testing.T) {
	p := fixedPolicy{category: `a"b&c`}
	runCase(t, "escaped category", `<img src=x>`, `<img data-cookie-consent-src=x data-cookie-consent="a&quot;b&amp;c">`, Options{Policy: p})
}

// fixedPolicy blocks every URL with one category.
type fixedPolicy struct{ category string }

func (p fixedPolicy) URL([]byte) (string, string, bool)    { return "v", p.category, true }
func (p fixedPolicy) Inline([]byte) (string, string, bool) { return "v", p.category, true }

func TestURLAsSeenByPolicy(t *testing.T) {
	var seen []string
	p := recordPolicy{&seen}
	in := "<img src=\" https://a.example/x?a=1&amp;b=2&amp=3&lt&#47 \" srcset=\"a.jpg 1x, b.jpg (x, y) 2x,c.jpg,, d.jpg\"><link rel=preload href=h.js>" +
		"<img src=&#32;&#x9;e.jpg&NewLine;>"
	rewrite(t, []byte(in), Options{Policy: p}, 0)
	want := "https://a.example/x?a=1&b=2&amp=3</|a.jpg|b.jpg|c.jpg|d.jpg|h.js|e.jpg"
	if got := strings.Join(seen, "|"); got != want {
		t.Errorf("Policy saw %q, want %q", got, want)
	}
}

// A page with no character reference is rewritten as it was before values
// were decoded (the output below is that of the rewriter before), and its
// values are judged where they lie in the page: neither copied nor changed.
func TestPageWithoutReferences(t *testing.T) {
	in := "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Acme</title>\n" +
		"<link rel=\"preconnect\" href=\"https://www.googletagmanager.com\">\n" +
		"<link rel=\"stylesheet\" href=\"/style.css\">\n" +
		"<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-DEMO000001\"></script>\n" +
		"<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>\n" +
		"<script type=\"text/javascript\" src=\"/js/app.js\"></script>\n" +
		"<script type=\"module\">import '/js/m.js'</script>\n" +
		"<script type=\"application/ld+json\">{\"@type\":\"Organization\"}</script>\n" +
		"<script>var _paq = window._paq || []; _paq.push(['trackPageView']);</script>\n" +
		"</head><body><img src=\"/logo.png\" srcset=\"/logo-2x.png 2x\" alt=\"Acme\">\n" +
		"<noscript><img height=\"1\" width=\"1\" src=\"https://www.facebook.com/tr?id=1\"></noscript>\n" +
		"<picture><source srcset=\"https://mc.yandex.ru/p.webp\"><img src=\"/a.png\"></picture>\n" +
		"<iframe src=\"https://www.youtube.com/embed/x\"></iframe><p>Text</p></body></html>\n"
	want := "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + testHead + "<title>Acme</title>\n" +
		"<link rel=\"preconnect\" data-cookie-consent-href=\"https://www.googletagmanager.com\" data-cookie-consent=\"analytics\">\n" +
		"<link rel=\"stylesheet\" href=\"/style.css\">\n" +
		"<script async data-cookie-consent-src=\"https://www.googletagmanager.com/gtag/js?id=G-DEMO000001\" type=\"text/plain\" data-cookie-consent=\"analytics\"></script>\n" +
		"<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>\n" +
		"<script type=\"text/javascript\" src=\"/js/app.js\"></script>\n" +
		"<script type=\"module\">import '/js/m.js'</script>\n" +
		"<script type=\"application/ld+json\">{\"@type\":\"Organization\"}</script>\n" +
		"<script type=\"text/plain\" data-cookie-consent=\"analytics\">var _paq = window._paq || []; _paq.push(['trackPageView']);</script>\n" +
		"</head><body><img src=\"/logo.png\" srcset=\"/logo-2x.png 2x\" alt=\"Acme\">\n" +
		"<noscript><img height=\"1\" width=\"1\" data-cookie-consent-src=\"https://www.facebook.com/tr?id=1\" data-cookie-consent=\"marketing\"></noscript>\n" +
		"<picture><source data-cookie-consent-srcset=\"https://mc.yandex.ru/p.webp\" data-cookie-consent=\"analytics\"><img src=\"/a.png\"></picture>\n" +
		"<iframe src=\"https://www.youtube.com/embed/x\"></iframe><p>Text</p>" + testBody + "</body></html>\n"
	runCase(t, "page without references", in, want, testOptions(testPolicy{}))

	page := []byte(in)
	p := &inPagePolicy{page: page}
	rewrite(t, page, testOptions(p), 0)
	if p.judged != 9 || p.elsewhere != nil {
		t.Errorf("%d URLs judged, these not where they lie in the page: %q", p.judged, p.elsewhere)
	}
}

// inPagePolicy blocks like testPolicy and notes the URLs it is given that
// do not lie in page.
type inPagePolicy struct {
	page      []byte
	judged    int
	elsewhere []string
}

func (p *inPagePolicy) URL(u []byte) (string, string, bool) {
	p.judged++
	if !inside(p.page, u) {
		p.elsewhere = append(p.elsewhere, string(u))
	}
	return testPolicy{}.URL(u)
}

func (p *inPagePolicy) Inline(b []byte) (string, string, bool) { return testPolicy{}.Inline(b) }

// inside reports whether b is a part of page's memory.
func inside(page, b []byte) bool {
	for i := range page {
		if &page[i] == &b[0] {
			return true
		}
	}
	return false
}

type recordPolicy struct{ seen *[]string }

func (p recordPolicy) URL(u []byte) (string, string, bool) {
	*p.seen = append(*p.seen, string(u))
	return "", "", false
}
func (p recordPolicy) Inline([]byte) (string, string, bool) { return "", "", false }

// Injection cases use the test markers and testPolicy.
var injectionCases = []rewriteCase{
	{"head and body", `<html><head><title>x</title></head><body>hi</body></html>`,
		`<html><head>` + testHead + `<title>x</title></head><body>hi` + testBody + `</body></html>`},
	{"head attributes", `<HTML lang=en><HEAD profile="x>y"><link rel=stylesheet href=a.css>`,
		`<HTML lang=en><HEAD profile="x>y">` + testHead + `<link rel=stylesheet href=a.css>` + testBody},
	{"no head", `<!DOCTYPE html><title>x</title><p>y`,
		`<!DOCTYPE html>` + testHead + `<title>x</title><p>y` + testBody},
	{"meta charset first", "<head>\n<meta charset=\"utf-8\">\n<meta name=viewport content=x>",
		"<head>\n<meta charset=\"utf-8\">\n" + testHead + "<meta name=viewport content=x>" + testBody},
	{"meta http-equiv", `<head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1"><script src="` + ga + `"></script>`,
		`<head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">` + testHead + `<script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script>` + testBody},
	{"comments and whitespace in head", "\xef\xbb\xbf<!doctype html>\r\n<html>\r\n<head>\r\n  <!-- tags -->\r\n  <script>x()</script>",
		"\xef\xbb\xbf<!doctype html>\r\n<html>\r\n<head>\r\n  <!-- tags -->\r\n  " + testHead + "<script>x()</script>" + testBody},
	{"text first", `Hello <b>x</b>`, testHead + `Hello <b>x</b>` + testBody},
	{"byte order mark after a tag is text", "<html>\xef\xbb\xbfHello", "<html>" + testHead + "\xef\xbb\xbfHello" + testBody},
	{"empty", ``, testHead + testBody},
	{"end tag first", `</p>x`, testHead + `</p>x` + testBody},
	{"two body end tags", `<body>a</body>b</body>c`, testHead + `<body>a</body>b` + testBody + `</body>c`},
	{"body end tag in template, comment, script", `<body><template></body></template><!--</body>--><script>"</body>"</script></BODY ></html>`,
		testHead + `<body><template></body></template><!--</body>--><script>"</body>"</script>` + testBody + `</BODY ></html>`},
	{"inline tracker after body", `<body></body><script>_paq.push(1)</script>`,
		testHead + `<body>` + testBody + `</body><script type="text/plain" ` + dcc + `analytics">_paq.push(1)</script>`},
	{"tracker after body", `<body>x</body><script src="` + ga + `"></script></html>`,
		testHead + `<body>x` + testBody + `</body><script data-cookie-consent-src="` + ga + `" type="text/plain" ` + dcc + `analytics"></script></html>`},
	{"upstream blocks", `<html><head><!--cookie-consent-->X<!--/cookie-consent--><title>t</title></head><body>y<!--cookie-consent-->Y<!--/cookie-consent--></body></html>`, ""},
	{"upstream head block only", `<head><!--cookie-consent-->X<!--/cookie-consent--></head><body></body>`,
		`<head><!--cookie-consent-->X<!--/cookie-consent--></head><body>` + testBody + `</body>`},
}

func TestInject(t *testing.T) {
	o := testOptions(testPolicy{})
	for _, c := range injectionCases {
		want := c.want
		if want == "" {
			want = c.in
		}
		runCase(t, c.name, c.in, want, o)
	}
}

func TestTailBound(t *testing.T) {
	o := testOptions(nil)
	long := strings.Repeat("x", maxTail+10)
	runCase(t, "long tail", `<body></body>`+long, testHead+`<body></body>`+long+testBody, o)
	runCase(t, "long tail then body end", `<body></body>`+long+`</body>z`, testHead+`<body></body>`+long+testBody+`</body>z`, o)
}

// A srcdoc document is read maxSrcdocDepth levels deep; a deeper one with
// markup in it is held back for good, also beside a category of its own.
func TestSrcdocDepth(t *testing.T) {
	for depth := 1; depth <= maxSrcdocDepth+1; depth++ {
		doc := `<img src="https://www.facebook.com/tr">`
		for range depth {
			doc = `<iframe srcdoc="` + html.EscapeString(doc) + `"></iframe>`
		}
		var out bytes.Buffer
		r := New(&out, testOptions(testPolicy{}))
		r.Write([]byte(doc))
		r.Close()
		want := `marketing`
		if depth > maxSrcdocDepth {
			want = never
		}
		if s := out.String(); !strings.HasPrefix(s[strings.Index(s, "<iframe"):], `<iframe data-cookie-consent-srcdoc=`) ||
			!strings.Contains(s, `" `+dcc+want+`"></iframe>`) {
			t.Errorf("pixel %d srcdoc levels deep: %.300q, want held back under %q", depth, out.String(), want)
		}
		// Beside a tracker src, the document still holds the iframe back for good.
		out.Reset()
		r.Reset(&out, testOptions(testPolicy{}))
		r.Write([]byte(strings.Replace(doc, `<iframe `, `<iframe src="https://www.facebook.com/tr" `, 1)))
		r.Close()
		if depth > maxSrcdocDepth && !strings.Contains(out.String(), dcc+"marketing "+never+`"`) {
			t.Errorf("pixel %d srcdoc levels deep, tracker src: %.300q", depth, out.String())
		}
	}
}

// big makes a start tag outgrow the hold.
var big = strings.Repeat("a", maxTag)

const (
	never0  = ` data-cookie-consent="(never)"`
	fbPixel = `https://www.facebook.com/tr`
)

// A start tag too long, or with too many attributes, to be read whole is
// held back for good from its name on if the element may fetch, with
// attributes that come first and so win over its own; any other passes.
var outgrownCases = []rewriteCase{
	{"script", `<script data-x="` + big + `" src="` + ga + `"></script><img src=` + fbPixel + `>`,
		`<script src="about:blank" type="text/plain"` + never0 + ` data-x="` + big + `" src="` + ga + `"></script><img data-cookie-consent-src=` + fbPixel + ` ` + dcc + `marketing">`},
	{"inline script", `<script data-x='` + big + `'>_paq.push(1)</script>`,
		`<script src="about:blank" type="text/plain"` + never0 + ` data-x='` + big + `'>_paq.push(1)</script>`},
	{"img", `<img data-x="` + big + `" src="` + fbPixel + `">`,
		`<img src="about:blank" srcset="about:blank"` + never0 + ` data-x="` + big + `" src="` + fbPixel + `">`},
	{"img, a slash after its name", `<img/data-x=` + big + `/src=` + fbPixel + `>`,
		`<img src="about:blank" srcset="about:blank"` + never0 + `/data-x=` + big + `/src=` + fbPixel + `>`},
	{"img, upper case, in a second", "<IMG\ndata-x='" + big + "'>",
		"<IMG src=\"about:blank\" srcset=\"about:blank\"" + never0 + "\ndata-x='" + big + "'>"},
	{"img, its src read", `<img src="` + fbPixel + `" data-x="` + big + `">`,
		`<img src="about:blank" srcset="about:blank"` + never0 + ` src="` + fbPixel + `" data-x="` + big + `">`},
	{"img, its src read empty", `<img src="" data-x="` + big + `" src="` + fbPixel + `">`,
		`<img src="about:blank" srcset="about:blank"` + never0 + ` src="" data-x="` + big + `" src="` + fbPixel + `">`},
	{"iframe", `<iframe data-x="` + big + `" src="` + gtm + `"></iframe>`,
		`<iframe src="about:blank" srcdoc=""` + never0 + ` data-x="` + big + `" src="` + gtm + `"></iframe>`},
	{"link", `<link data-x="` + big + `" rel=preload as=image href=` + fbPixel + `>`,
		`<link href="about:blank" imagesrcset="about:blank"` + never0 + ` data-x="` + big + `" rel=preload as=image href=` + fbPixel + `>`},
	{"input", `<input data-x="` + big + `" type=image src=` + fbPixel + `>`,
		`<input src="about:blank"` + never0 + ` data-x="` + big + `" type=image src=` + fbPixel + `>`},
	{"video", `<video poster="` + big + `"></video>`,
		`<video src="about:blank" poster="about:blank"` + never0 + ` poster="` + big + `"></video>`},
	{"source", `<picture><source data-x="` + big + `" srcset="` + fbPixel + `"><img src=a.png></picture>`,
		`<picture><source src="about:blank" srcset="about:blank"` + never0 + ` data-x="` + big + `" srcset="` + fbPixel + `"><img src=a.png></picture>`},
	{"object", `<object data-x="` + big + `"></object>`,
		`<object data="about:blank"` + never0 + ` data-x="` + big + `"></object>`},
	{"svg feImage", `<svg><filter><feImage data-x="` + big + `" href="` + fbPixel + `"/></filter></svg>`,
		`<svg><filter><feImage href="about:blank" xlink:href="about:blank"` + never0 + ` data-x="` + big + `" href="` + fbPixel + `"/></filter></svg>`},
	// Chromium's preload scanner fetches the last href of an <image> and an
	// SVG <script>: their start tag ends early, the rest goes to an end tag.
	{"svg image", `<svg><image data-x="` + big + `" href="` + fbPixel + `"/><path/></svg>`,
		`<svg><image` + never0 + unreadEnd + ` data-x="` + big + `" href="` + fbPixel + `"/><path/></svg>`},
	{"svg script", `<svg><script data-x="` + big + `" href="` + ga + `">x()</script></svg><img src=` + fbPixel + `>`,
		`<svg><script type="text/plain"` + never0 + unreadEnd + ` data-x="` + big + `" href="` + ga + `">x()</script></svg><img data-cookie-consent-src=` + fbPixel + ` ` + dcc + `marketing">`},
	{"html image", `<image/data-x="` + big + `" src="` + fbPixel + `">`,
		`<image` + never0 + unreadEnd + `/data-x="` + big + `" src="` + fbPixel + `">`},

	// A data: URL in an image or media element reaches no one: the one the
	// hold runs out in is left to load, the others neutralised.
	{"img data: URL", `<img src="data:image/png;base64,` + big + `" alt="x">`,
		`<img srcset=""` + never0 + ` src="data:image/png;base64,` + big + `" alt="x">`},
	{"img data: URL read whole", `<img src="data:image/png,x" data-x="` + big + `" srcset="` + fbPixel + ` 1x">`,
		`<img srcset=""` + never0 + ` src="data:image/png,x" data-x="` + big + `" srcset="` + fbPixel + ` 1x">`},
	{"img data: URL as references, after spaces", `<img alt="" src=" &#100;ATA:image/png,` + big + `">`,
		`<img srcset=""` + never0 + ` alt="" src=" &#100;ATA:image/png,` + big + `">`},
	{"video poster data: URL", `<video src=v.mp4 poster='data:image/png,` + big + `'></video>`,
		`<video src="about:blank"` + never0 + ` src=v.mp4 poster='data:image/png,` + big + `'></video>`},
	{"svg feImage data: URL", `<svg><feImage href="data:image/png,` + big + `"/></svg>`,
		`<svg><feImage xlink:href="about:blank"` + never0 + ` href="data:image/png,` + big + `"/></svg>`},
	{"svg feImage data: URL in xlink:href, which href overrides", `<svg><feImage xlink:href="data:image/png,` + big + `"/></svg>`,
		`<svg><feImage href="about:blank" xlink:href="about:blank"` + never0 + ` xlink:href="data:image/png,` + big + `"/></svg>`},
	{"svg image data: URL, cut short", `<svg><image href="data:image/svg+xml,` + big + `"/></svg>`,
		`<svg><image` + never0 + unreadEnd + ` href="data:image/svg+xml,` + big + `"/></svg>`},
	{"img URL not data:", `<img src="https://cdn.example/` + big + `">`,
		`<img src="about:blank" srcset="about:blank"` + never0 + ` src="https://cdn.example/` + big + `">`},
	{"img data: URL, not the first src", `<img src="x.png" src="data:image/png,` + big + `">`,
		`<img src="about:blank" srcset="about:blank"` + never0 + ` src="x.png" src="data:image/png,` + big + `">`},
	{"img srcset of data: URLs", `<img srcset="data:image/png,` + big + ` 1x">`,
		`<img src="about:blank" srcset="about:blank"` + never0 + ` srcset="data:image/png,` + big + ` 1x">`},
	{"source data: URL", `<video><source src="data:video/mp4,` + big + `"></video>`,
		`<video><source src="about:blank" srcset="about:blank"` + never0 + ` src="data:video/mp4,` + big + `"></video>`},
	{"iframe data: URL loads a document", `<iframe src="data:text/html,` + big + `"></iframe>`,
		`<iframe src="about:blank" srcdoc=""` + never0 + ` src="data:text/html,` + big + `"></iframe>`},
	{"script data: URL runs", `<script src="data:text/javascript,` + big + `"></script>`,
		`<script src="about:blank" type="text/plain"` + never0 + ` src="data:text/javascript,` + big + `"></script>`},

	// What fetches nothing passes unchanged, as fast as before.
	{"div", `<div data-x="` + big + `"><img src=` + fbPixel + `></div>`,
		`<div data-x="` + big + `"><img data-cookie-consent-src=` + fbPixel + ` ` + dcc + `marketing"></div>`},
	{"hidden input", `<input type=hidden value="` + big + `">`, ""},

	{"img with nothing to fetch, read", `<img src="about:blank" SRCSET=ABOUT:BLANK data-x="` + big + `" src="` + fbPixel + `">`, ""},
	{"iframe with nothing to fetch, read", `<iframe srcdoc="" src="about:blank" data-x="` + big + `" src="` + fbPixel + `">`, ""},
	{"link, its rel not read whole", `<link rel="stylesheet ` + big + ` preload" href=` + fbPixel + `>`,
		`<link href="about:blank" imagesrcset="about:blank"` + never0 + ` rel="stylesheet ` + big + ` preload" href=` + fbPixel + `>`},
	{"link, its rel read after", `<link data-x="` + big + `" rel=stylesheet>`,
		`<link href="about:blank" imagesrcset="about:blank"` + never0 + ` data-x="` + big + `" rel=stylesheet>`},
	{"script, its type not read whole", `<script type="text/plain` + big + `"></script>`,
		`<script src="about:blank" type="text/plain"` + never0 + ` type="text/plain` + big + `"></script>`},
	{"script, its type missing a value", `<script type` + strings.Repeat(" ", maxTag) + `=text/plain></script>`,
		`<script src="about:blank" type="text/plain"` + never0 + ` type` + strings.Repeat(" ", maxTag) + `=text/plain></script>`},
	{"script of a type to run, its type read", `<script type=module data-x="` + big + `"></script>`,
		`<script src="about:blank" type="text/plain"` + never0 + ` type=module data-x="` + big + `"></script>`},
	// Chromium's preload scanner takes a link's last rel and a script's
	// last type: what was read of them settles nothing.
	{"link with no hint, its rel read", `<link rel=stylesheet href="/a.css" data-x="` + big + `">`,
		`<link href="about:blank" imagesrcset="about:blank"` + never0 + ` rel=stylesheet href="/a.css" data-x="` + big + `">`},
	{"script of no type to run, its type read", `<script type="text/x-template" data-x="` + big + `"></script>`,
		`<script src="about:blank" type="text/plain"` + never0 + ` type="text/x-template" data-x="` + big + `"></script>`},
	{"img in a comment", `<!--<img data-x="` + big + `">-->`, ""},
	{"end tag", `</img data-x="` + big + `">`, ""},
}

func TestOutgrown(t *testing.T) {
	o := Options{Policy: testPolicy{}}
	for _, c := range outgrownCases {
		want := c.want
		if want == "" {
			want = c.in
		}
		runCase(t, c.name, c.in, want, o)
		// What is held back once shows it fetches nothing: a page that
		// goes through twice is held back once.
		runCase(t, c.name+", twice", want, want, o)

		// An UnreadPolicy is asked, and decides.
		var reasons []string
		held := strings.Count(want, never0)
		res := rewrite(t, []byte(c.in), Options{Policy: unreadPolicy{testPolicy{}, true, &reasons}}, 0)
		if string(res.out) != want || strings.Count(strings.Join(res.neutralised, " "), "/"+never) != held {
			t.Errorf("%s: held back: %.300q, OnNeutralise %q", c.name, res.out, res.neutralised)
		}
		res = rewrite(t, []byte(c.in), Options{Policy: unreadPolicy{testPolicy{}, false, &reasons}}, 0)
		if passed := unreadAfterName.ReplaceAllString(want, "$1"); string(res.out) != passed {
			t.Errorf("%s: let pass: %.300q, want %.300q", c.name, res.out, passed)
		}
		if want := slices.Repeat([]string{UnreadTagTooLong}, 2*held); !slices.Equal(reasons, want) {
			t.Errorf("%s: Unread asked %q, want %q", c.name, reasons, want)
		}
	}
}

func TestTooManyAttributes(t *testing.T) {
	attrs := strings.Repeat(" a", maxAttrs)
	o := testOptions(testPolicy{})
	in := `<img` + attrs + ` src=` + fbPixel + `><div` + attrs + ` b></div><img src=` + fbPixel + `>`
	want := testHead + `<img src="about:blank" srcset="about:blank"` + never0 + attrs + ` src=` + fbPixel + `><div` + attrs + ` b></div>` +
		`<img data-cookie-consent-src=` + fbPixel + ` ` + dcc + `marketing">` + testBody
	runCase(t, "too many attributes", in, want, o)
	var reasons []string
	rewrite(t, []byte(in), Options{Policy: unreadPolicy{testPolicy{}, true, &reasons}}, 0)
	if strings.Join(reasons, " ") != UnreadTooManyAttributes {
		t.Errorf("Unread asked %q, want %s", reasons, UnreadTooManyAttributes)
	}
	in = `<img` + attrs[2:] + ` src=` + fbPixel + `>` // as many as may be read
	runCase(t, "as many attributes as are read", in, testHead+`<img`+attrs[2:]+` data-cookie-consent-src=`+fbPixel+` `+dcc+`marketing">`+testBody, o)
}

// An UnreadPolicy decides about a srcdoc document too deep to read.
func TestSrcdocTooDeepAsked(t *testing.T) {
	doc := `<img src="https://www.facebook.com/tr">`
	for range maxSrcdocDepth + 1 {
		doc = `<iframe srcdoc="` + html.EscapeString(doc) + `"></iframe>`
	}
	for _, block := range []bool{true, false} {
		var reasons []string
		res := rewrite(t, []byte(doc), Options{Policy: unreadPolicy{testPolicy{}, block, &reasons}}, 0)
		if held := strings.Contains(string(res.out), never0); held != block || !slices.Equal(reasons, []string{UnreadSrcdocTooDeep}) {
			t.Errorf("block %v: Unread asked %q, held back %v: %.300q", block, reasons, held, res.out)
		}
	}
}

func TestBoundedHold(t *testing.T) {
	o := testOptions(testPolicy{})
	for _, in := range []string{
		`<img src="` + strings.Repeat("x", 3<<20),
		`<!--` + strings.Repeat("x", 3<<20),
		`<body></body><img src="` + strings.Repeat("x", 3<<20),
	} {
		for _, n := range []int{1000, 1 << 20} {
			res := rewrite(t, []byte(in), o, n)
			if res.maxBuffered > maxBuffered {
				t.Errorf("%.20q (chunk %d): held %d bytes", in, n, res.maxBuffered)
			}
			if err := checkInsertions([]byte(in), res, o); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	w := &failWriter{}
	r := New(w, testOptions(testPolicy{}))
	if _, err := r.Write([]byte(`<head><title>x`)); err == nil {
		t.Fatal("write error not reported")
	}
	if _, err := r.Write([]byte(`x`)); err == nil {
		t.Fatal("write error not sticky")
	}
	r.Reset(&bytes.Buffer{}, Options{})
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Write([]byte(`x`)); !errors.Is(err, ErrClosed) {
		t.Fatalf("write after close: %v", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestResetReuse(t *testing.T) {
	var a, b bytes.Buffer
	in := `<head><script>_paq.push(1)</script></head><body><img src=https://www.facebook.com/tr></body>`
	r := New(&a, testOptions(testPolicy{}))
	r.Write([]byte(in[:30]))
	r.Reset(&a, testOptions(testPolicy{}))
	a.Reset()
	r.Write([]byte(in))
	r.Close()
	r.Reset(&b, testOptions(testPolicy{}))
	r.Write([]byte(in))
	r.Close()
	want := rewrite(t, []byte(in), testOptions(testPolicy{}), 0).out
	if !bytes.Equal(a.Bytes(), want) || !bytes.Equal(b.Bytes(), want) {
		t.Errorf("reused rewriter differs:\n%q\n%q\nwant %q", a.Bytes(), b.Bytes(), want)
	}
}

func TestSteadyStateAllocations(t *testing.T) {
	in := []byte(`<!doctype html><!-- x --><html><head><meta charset=utf-8><!--/cookie-consent--><link rel=preload href=/a.js><script src="` + ga + `"></script>` +
		`<script>_paq.push(1)</script></head><body><img src=a.png srcset="a.png 1x"><img src="` + px + `"><p class=x>y</p></body></html>`)
	o := testOptions(substringPolicy{})
	r := New(io.Discard, o)
	run := func() {
		r.Reset(io.Discard, o)
		r.Write(in)
		r.Close()
	}
	run()
	if n := testing.AllocsPerRun(100, run); n > 0 {
		t.Errorf("%v allocations per document", n)
	}
}

// substringPolicy blocks by substring, without allocating.
type substringPolicy struct{}

func (substringPolicy) URL(u []byte) (string, string, bool) {
	if bytes.Contains(u, []byte("facebook.com/tr")) || bytes.Contains(u, []byte("google-analytics.com")) {
		return "v", "analytics", true
	}
	return "", "", false
}

func (substringPolicy) Inline(p []byte) (string, string, bool) {
	return "v", "analytics", bytes.Contains(p, []byte("_paq"))
}

// TestStreaming checks that bytes that cannot change are written at once,
// and that what is held waits only for what decides it.
func TestStreaming(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, testOptions(testPolicy{}))
	step := func(in, want string) {
		t.Helper()
		r.Write([]byte(in))
		if err := r.Flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Fatalf("after %q:\n got %q\nwant %q", in, out.String(), want)
		}
	}
	step(`<!doctype html><html><head>`, `<!doctype html><html><head>`)
	step(`<meta charset=utf-8><tit`, `<!doctype html><html><head><meta charset=utf-8>`)
	head := `<!doctype html><html><head><meta charset=utf-8>` + testHead + `<title>`
	step(`le>`, head)
	step(`x</title><img src="https://www.facebook.com/tr`, head+`x</title>`)
	img := `<img data-cookie-consent-src="https://www.facebook.com/tr" ` + dcc + `marketing">`
	step(`">text`, head+`x</title>`+img+`text`)
	step(`<script>_paq`, head+`x</title>`+img+`text`)
	script := `<script type="text/plain" ` + dcc + `analytics">_paq.push()</script>`
	step(`.push()</script></body>`, head+`x</title>`+img+`text`+script)
	step(`</html>`, head+`x</title>`+img+`text`+script)
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if want := head + `x</title>` + img + `text` + script + testBody + `</body></html>`; out.String() != want {
		t.Fatalf("at close:\n got %q\nwant %q", out.String(), want)
	}
}

// TestStreamingCorpus checks on real pages that the output keeps up with
// the input: after each write, every input byte not held has been written.
func TestStreamingCorpus(t *testing.T) {
	names, pages := corpus.Pages(t)
	for i, in := range pages {
		var out bytes.Buffer
		r := New(&out, testOptions(testPolicy{}))
		for p := in; len(p) > 0; p = p[min(len(p), 1000):] {
			r.Write(p[:min(len(p), 1000)])
			written := len(in) - len(p) + min(len(p), 1000)
			if written-out.Len() > r.buffered() {
				t.Fatalf("%s: %d bytes in, %d out, only %d held", names[i], written, out.Len(), r.buffered())
			}
		}
		r.Close()
	}
}
