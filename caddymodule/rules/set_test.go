package rules

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func mustCompile(t testing.TB, o Options) *Set {
	t.Helper()
	s, err := Compile(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCookieCategory(t *testing.T) {
	site := Options{
		Essential: []string{"cookie_consent", "wp-*", "_ga_KEEP"},
		Site: []Vendor{
			{Name: "own-stats", Category: Analytics, Cookies: []string{"PHPSESSID", "mystats_*", "wp-stats"}},
			{Name: "own-ads", Category: Marketing, Cookies: []string{"_ga*", "promo*", "promo_banner_*"}},
			{Name: "own-prefs", Category: "comfort", Cookies: []string{"promo_x*"}},
			{Category: Preferences, Cookies: []string{"theme"}},
		},
	}
	tests := []struct {
		opts   Options
		name   string
		cat    Category
		vendor string
		known  bool
	}{
		// Frameworks' session, CSRF, login and load-balancer cookies.
		{Options{}, "PHPSESSID", Necessary, "php", true},
		{Options{}, "JSESSIONID", Necessary, "java", true},
		{Options{}, "ASP.NET_SessionId", Necessary, "asp.net", true},
		{Options{}, ".AspNetCore.Antiforgery.x1Y2", Necessary, "asp.net", true},
		{Options{}, "__RequestVerificationToken_L2FwcA2", Necessary, "asp.net", true},
		{Options{}, "sessionid", Necessary, "django", true},
		{Options{}, "csrftoken", Necessary, "django", true},
		{Options{}, "_myapp_session", Necessary, "rails", true},
		{Options{}, "laravel_session", Necessary, "laravel", true},
		{Options{}, "XSRF-TOKEN", Necessary, "laravel", true},
		{Options{}, "connect.sid", Necessary, "express", true},
		{Options{}, "wordpress_logged_in_0123abcd", Necessary, "wordpress", true},
		{Options{}, "wordpress_test_cookie", Necessary, "wordpress", true},
		{Options{}, "wp-settings-time-1", Necessary, "wordpress", true},
		{Options{}, "SESS0123456789abcdef", Necessary, "drupal", true},
		{Options{}, "SSESS0123456789abcdef", Necessary, "drupal", true},
		{Options{}, "AWSALBCORS", Necessary, "load-balancer", true},
		{Options{}, "__cf_bm", Necessary, "cloudflare", true},
		{Options{}, "test_cookie", Necessary, "cookie-test", true},
		{Options{}, "OptanonConsent", Necessary, "consent-manager", true},

		// Vendors' cookies, exact and by glob.
		{Options{}, "_ga", Analytics, "google-analytics", true},
		{Options{}, "_ga_Q1W2E3R4", Analytics, "google-analytics", true},
		{Options{}, "_gid", Analytics, "google-analytics", true},
		{Options{}, "_gat_UA-1234-1", Analytics, "google-analytics", true},
		{Options{}, "__utmz", Analytics, "google-analytics", true},
		{Options{}, "AMP_TOKEN", Analytics, "google-analytics", true}, // exact beats amplitude's AMP_*
		{Options{}, "AMP_1a2b3c", Analytics, "amplitude", true},
		{Options{}, "_gac_UA-1234-1", Marketing, "google-ads", true},
		{Options{}, "_gcl_au", Marketing, "google-ads", true},
		{Options{}, "_pk_id.1.1fff", Analytics, "matomo", true},
		{Options{}, "_pk_ses.1.1fff", Analytics, "matomo", true},
		{Options{}, "_hjSessionUser_123456", Analytics, "hotjar", true},
		{Options{}, "_clck", Analytics, "microsoft-clarity", true},
		{Options{}, "_ym_uid", Analytics, "yandex-metrica", true},
		{Options{}, "ajs_anonymous_id", Analytics, "segment", true},
		{Options{}, "__hstc", Analytics, "hubspot", true},
		{Options{}, "_fbp", Marketing, "meta-pixel", true},
		{Options{}, "_fbc", Marketing, "meta-pixel", true},
		{Options{}, "li_fat_id", Marketing, "linkedin", true},
		{Options{}, "UserMatchHistory", Marketing, "linkedin", true},
		{Options{}, "_ttp", Marketing, "tiktok", true},
		{Options{}, "_uetvid", Marketing, "bing-ads", true},
		{Options{}, "IDE", Marketing, "doubleclick", true},
		{Options{}, "__gads", Marketing, "doubleclick", true},

		// Names are case-sensitive (RFC 6265); what no rule names passes.
		{Options{}, "phpsessid", Necessary, "", false},
		{Options{}, "_GA", Necessary, "", false},
		{Options{}, "lang", Necessary, "", false},
		{Options{}, "", Necessary, "", false},
		{Options{BlockUnknown: true}, "lang", Unclassified, "", false},
		{Options{BlockUnknown: true}, "PHPSESSID", Necessary, "php", true},

		// Precedence: essential, then site, then built-in; within a tier the
		// exact name, then the longer literal.
		{site, "cookie_consent", Necessary, EssentialVendor, true},
		{site, "wp-stats", Necessary, EssentialVendor, true},   // essential glob beats site exact
		{site, "_ga_KEEP", Necessary, EssentialVendor, true},   // essential exact beats site glob
		{site, "PHPSESSID", Analytics, "own-stats", true},      // site beats built-in
		{site, "_ga", Marketing, "own-ads", true},              // site glob beats built-in exact
		{site, "mystats_visits", Analytics, "own-stats", true}, // site glob
		{site, "promo_banner_7", Marketing, "own-ads", true},   // longer literal wins
		{site, "promo_x1", "comfort", "own-prefs", true},       // longer literal, site-defined category
		{site, "promo", Marketing, "own-ads", true},            // "*" matches nothing too
		{site, "theme", Preferences, SiteVendor, true},         // unnamed site vendor
		{site, "csrftoken", Necessary, "django", true},
	}
	for _, tt := range tests {
		s := mustCompile(t, tt.opts)
		cat, vendor, known := s.CookieCategory(tt.name)
		if cat != tt.cat || vendor != tt.vendor || known != tt.known {
			t.Errorf("CookieCategory(%q) with %+v = %q, %q, %v; want %q, %q, %v",
				tt.name, tt.opts, cat, vendor, known, tt.cat, tt.vendor, tt.known)
		}
	}
}

func TestURLVendor(t *testing.T) {
	builtin := mustCompile(t, Options{})
	site := mustCompile(t, Options{Site: []Vendor{
		{Name: "own-stats", Category: Analytics, Hosts: []string{"/stats/*", "stats.example.org"}},
		{Name: "gtm-analytics", Category: Analytics, Hosts: []string{"googletagmanager.com/gtm.js*"}},
		{Name: "own-ads", Category: Marketing, Hosts: []string{"*.google-analytics.com/collect*"}},
	}})
	tests := []struct {
		set      *Set
		url      string
		pageHost string
		vendor   string
		cat      Category
	}{
		{builtin, "https://www.google-analytics.com/analytics.js", "", "google-analytics", Analytics},
		{builtin, "http://ssl.google-analytics.com/ga.js", "", "google-analytics", Analytics},
		{builtin, "https://google-analytics.com/analytics.js", "", "google-analytics", Analytics},
		{builtin, "//www.googletagmanager.com/gtag/js?id=G-Q1W2E3", "", "google-analytics", Analytics},
		{builtin, "https://www.googletagmanager.com/gtm.js?id=GTM-AB12", "", "google-tag-manager", Marketing},
		{builtin, "https://www.googletagmanager.com/ns.html?id=GTM-AB12", "", "google-tag-manager", Marketing},
		{builtin, "https://stats.g.doubleclick.net/dc.js", "", "google-analytics", Analytics}, // longer host wins
		{builtin, "https://securepubads.g.doubleclick.net/tag/js/gpt.js", "", "doubleclick", Marketing},
		{builtin, "https://connect.facebook.net/en_US/fbevents.js", "", "meta-pixel", Marketing},
		{builtin, "https://connect.facebook.net/signals/config/123?v=2.9", "", "meta-pixel", Marketing},
		{builtin, "https://connect.facebook.net/en_US/sdk.js#xfbml=1", "", "facebook", Marketing},
		{builtin, "https://www.facebook.com/tr?id=1&ev=PageView&noscript=1", "", "meta-pixel", Marketing},
		{builtin, "https://www.facebook.com/plugins/like.php?href=x", "", "facebook", Marketing},
		{builtin, "https://static.hotjar.com/c/hotjar-123.js?sv=6", "", "hotjar", Analytics},
		{builtin, "https://www.clarity.ms/tag/abc", "", "microsoft-clarity", Analytics},
		{builtin, "https://mc.yandex.ru/watch/123", "", "yandex-metrica", Analytics},
		{builtin, "https://plausible.io/js/plausible.js", "", "plausible", Analytics},
		{builtin, "https://stats.example.net/js/plausible.outbound-links.js", "", "plausible", Analytics},
		{builtin, "https://snap.licdn.com/li.lms-analytics/insight.min.js", "", "linkedin", Marketing},
		{builtin, "https://px.ads.linkedin.com/collect/?pid=1&fmt=gif", "", "linkedin", Marketing},
		{builtin, "https://analytics.tiktok.com/i18n/pixel/events.js", "", "tiktok", Marketing},
		{builtin, "//js.hs-scripts.com/4325435.js", "", "hubspot", Analytics},
		{builtin, "https://cdn.segment.com/analytics.js/v1/k/analytics.min.js", "", "segment", Analytics},
		{builtin, "https://www.youtube.com/embed/dQw4w9WgXcQ", "", "youtube", Marketing},
		{builtin, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "", "", ""},
		{builtin, "https://data-7e3ab64dc5.example.de/iomm/latest/bootstrap/loader.js", "", "infonline", Analytics},

		// Matomo is self-hosted: known by its file names on any host,
		// absolute, root-relative or path-relative.
		{builtin, "https://stats.example.org/matomo.php?idsite=1&rec=1", "", "matomo", Analytics},
		{builtin, "/matomo/piwik.js", "example.com", "matomo", Analytics},
		{builtin, "piwik.js", "", "matomo", Analytics},
		{builtin, "js/piwik.js", "", "matomo", Analytics},
		{builtin, "/matomo/piwik.jsx", "example.com", "", ""},
		{builtin, "/piwik.js.map", "example.com", "", ""},

		// Hosts: case, port, userinfo, trailing dot, slashes, whitespace and
		// the characters browsers drop.
		{builtin, "HTTPS://WWW.Google-Analytics.COM/analytics.js", "", "google-analytics", Analytics},
		{builtin, "https://www.google-analytics.com:443/analytics.js", "", "google-analytics", Analytics},
		{builtin, "https://user:secret@www.google-analytics.com/analytics.js", "", "google-analytics", Analytics},
		{builtin, "https://www.google-analytics.com./analytics.js", "", "google-analytics", Analytics},
		{builtin, "https://www.google-analytics.com", "", "google-analytics", Analytics},
		{builtin, "https://www.google-analytics.com?x=1", "", "google-analytics", Analytics},
		{builtin, `https:\\www.google-analytics.com\analytics.js`, "", "google-analytics", Analytics},
		{builtin, "https:///www.google-analytics.com/analytics.js", "", "google-analytics", Analytics},
		{builtin, "  \n\thttps://www.google-analytics.com/analytics.js \n", "", "google-analytics", Analytics},
		{builtin, "https://www.google-\nanalytics.com/analytics.js", "", "google-analytics", Analytics},
		{builtin, "https://notgoogle-analytics.com/analytics.js", "", "", ""},
		{builtin, "https://google-analytics.com.example.net/analytics.js", "", "", ""},
		{builtin, "https://www.googletagmanager.com.example.net/gtm.js", "", "", ""},

		// Not fetched over http(s), or nothing to fetch: no rule applies.
		{builtin, "", "", "", ""},
		{builtin, "   ", "", "", ""},
		{builtin, "?x=1#top", "", "", ""},
		{builtin, "ftp://www.google-analytics.com/ga.js", "", "", ""},
		{builtin, "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==", "", "", ""},
		{builtin, "about:blank", "", "", ""},
		{builtin, "blob:https://www.google-analytics.com/4f1c", "", "", ""},
		{builtin, "mailto:x@www.google-analytics.com", "", "", ""},

		// What the URL parser fails on: a browser fetches nothing.
		{builtin, "https://", "", "", ""},
		{builtin, "//", "", "", ""},
		{builtin, "//:0", "", "", ""}, // a lazy loader's placeholder
		{builtin, "https://www.google analytics.com/analytics.js", "", "", ""},
		{builtin, "https://[::1/piwik.js", "", "", ""},

		// What a browser may fetch but cannot be read with certainty: held back.
		{builtin, "https://" + strings.Repeat("a", 300) + ".com/piwik.js", "", UnparsedVendor, Unclassified},
		{builtin, "https://www.google-analytics.com\u2024/", "", UnparsedVendor, Unclassified}, // one IDNA rejects
		{builtin, "https://[::1]/piwik.js", "", "matomo", Analytics},

		// A javascript: URL is code.
		{builtin, `javascript:(function(){document.write("<script src=\"//pagead2.googlesyndication.com/pagead/show_ads.js\"></script>")})()`, "", "google-adsense", Marketing},
		{builtin, "JavaScript:void(0)", "", "", ""},

		// First-party globs: relative to the root, or on the page's host.
		{site, "/stats/t.js", "example.com", "own-stats", Analytics},
		{site, "/stats/t.js", "", "own-stats", Analytics},
		{site, "https://example.com/stats/t.js", "example.com", "own-stats", Analytics},
		{site, "https://EXAMPLE.com:8443/stats/t.js", "Example.COM:8443", "own-stats", Analytics},
		{site, "//example.com/stats/t.js?x", "example.com.", "own-stats", Analytics},
		{site, "https://cdn.example.com/stats/t.js", "example.com", "", ""},
		{site, "https://example.com/stats/t.js", "", "", ""},
		{site, "stats/t.js", "example.com", "", ""}, // path-relative: its directory is unknown
		{site, "/statistics/t.js", "example.com", "", ""},
		{site, "https://stats.example.org/anything.gif", "", "own-stats", Analytics},
		{site, "https://a.b.stats.example.org/", "", "own-stats", Analytics},

		// The site's tier beats any built-in specificity.
		{site, "https://www.googletagmanager.com/gtm.js?id=GTM-1", "", "gtm-analytics", Analytics},
		{site, "https://www.googletagmanager.com/ns.html?id=GTM-1", "", "google-tag-manager", Marketing},
		{site, "https://region1.google-analytics.com/collect?v=2", "", "own-ads", Marketing},
		{site, "https://www.google-analytics.com/analytics.js", "", "google-analytics", Analytics},
	}
	for _, tt := range tests {
		vendor, cat, ok := tt.set.URLVendor([]byte(tt.url), tt.pageHost)
		if vendor != tt.vendor || cat != tt.cat || ok != (tt.vendor != "") {
			t.Errorf("URLVendor(%q, %q) = %q, %q, %v; want %q, %q", tt.url, tt.pageHost, vendor, cat, ok, tt.vendor, tt.cat)
		}
	}
}

// Vendor snippets as their install instructions give them, with the
// variations minifiers, templates and CMS plugins bring.
var inlineSnippets = []struct {
	name, text string
	vendor     string
	cat        Category
}{
	{"ga analytics.js", `(function(i,s,o,g,r,a,m){i['GoogleAnalyticsObject']=r;i[r]=i[r]||function(){
(i[r].q=i[r].q||[]).push(arguments)},i[r].l=1*new Date();a=s.createElement(o),
m=s.getElementsByTagName(o)[0];a.async=1;a.src=g;m.parentNode.insertBefore(a,m)
})(window,document,'script','https://www.google-analytics.com/analytics.js','ga');
ga('create', 'UA-XXXXX-Y', 'auto');`, "google-analytics", Analytics},
	{"ga command queue", `window.ga=function(){ga.q.push(arguments)};ga.q=[];ga.l=+new Date;ga( "create" ,"UA-1","auto");`, "google-analytics", Analytics},
	{"ga.js", `var _gaq = _gaq || []; _gaq.push(["_setAccount", "UA-1-1"]); _gaq.push(['_trackPageview']);`, "google-analytics", Analytics},
	{"ga.js sync", `try { var pageTracker = _gat._getTracker("UA-1-1"); pageTracker._trackPageview(); } catch(err) {}`, "google-analytics", Analytics},
	{"gtag", `window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-Q1W2E3');`, "google-analytics", Analytics},
	{"gtag spaced", "gtag ( \"js\" , new Date ( ) ) ;", "google-analytics", Analytics},
	{"gtm", `(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-XXXX');`, "google-tag-manager", Marketing},
	// One script, two vendors: held back under the more invasive category.
	{"gtag and gtm", `gtag('js', new Date()); (function(w,d,s,l,i){w[l].push({"gtm.start": 1})})();`, "google-tag-manager", Marketing},
	{"meta pixel", `!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){};t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '123');
fbq('track', 'PageView');`, "meta-pixel", Marketing},
	{"meta pixel init only", `fbq("init", "123");`, "meta-pixel", Marketing},
	{"meta pixel in JSON", `{"src":"https:\/\/connect.facebook.net\/en_US\/fbevents.js"}`, "meta-pixel", Marketing},
	{"facebook sdk", `(function(d, s, id) { var js, fjs = d.getElementsByTagName(s)[0]; if (d.getElementById(id)) return;
js = d.createElement(s); js.id = id; js.src = "//connect.facebook.net/en_US/sdk.js#xfbml=1&version=v8.0";
fjs.parentNode.insertBefore(js, fjs); }(document, 'script', 'facebook-jssdk'));`, "facebook", Marketing},
	{"hotjar in CDATA", `<![CDATA[ (function(h,o,t,j,a,r){ h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};
h._hjSettings={hjid:1,hjsv:6}; })(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv='); ]]>`, "hotjar", Analytics},
	{"matomo", `var _paq = window._paq = window._paq || [];
_paq.push(['trackPageView']);
(function() { var u="//stats.example.org/"; _paq.push(['setTrackerUrl', u+'matomo.php']); })();`, "matomo", Analytics},
	{"piwik double quotes", `_paq.push(["setTrackerUrl", u+"piwik.php"]);`, "matomo", Analytics},
	{"matomo tag manager", `var _mtm = window._mtm = window._mtm || []; _mtm.push({'mtm.startTime': (new Date().getTime()), 'event': 'mtm.Start'});`, "matomo", Analytics},
	{"matomo image", `document.getElementById('s').innerHTML = '<img src="https://stats.example.org/js/?action_name=x&idsite=3&rec=1">';`, "matomo", Analytics},
	{"clarity", `(function(c,l,a,r,i,t,y){c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};
t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;})(window, document, "clarity", "script", "abc");`, "microsoft-clarity", Analytics},
	{"linkedin", `_linkedin_partner_id = "123"; window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];`, "linkedin", Marketing},
	{"tiktok", `!function (w, d, t) { w.TiktokAnalyticsObject=t; var ttq=w[t]=w[t]||[]; ttq.load('ABC'); ttq.page(); }(window, document, 'ttq');`, "tiktok", Marketing},
	{"yandex", `(function(m,e,t,r,i,k,a){m[i]=m[i]||function(){(m[i].a=m[i].a||[]).push(arguments)};
})(window, document, "script", "https://mc.yandex.ru/metrika/tag.js", "ym"); ym(1, "init", {clickmap:true});`, "yandex-metrica", Analytics},
	{"segment", `!function(){var analytics=window.analytics=window.analytics||[];if(analytics.invoked)window.console&&console.error&&console.error("Segment snippet included twice.");
analytics.load=function(key,e){var t=document.createElement("script");t.async=!0;t.src="https://cdn.segment.com/analytics.js/v1/"+key+"/analytics.min.js";};}();`, "segment", Analytics},
	{"hubspot", `(function(d,s,i,r) { var n=d.createElement(s); n.src='//js.hs-analytics.net/analytics/'+(Math.ceil(new Date()/r)*r)+'/1.js'; })(document,"script","hs-analytics",300000);`, "hubspot", Analytics},
	{"plausible stub", `window.plausible = window.plausible || function() { (window.plausible.q = window.plausible.q || []).push(arguments) }`, "plausible", Analytics},
	{"upper case host", `s.src = "HTTPS://WWW.GOOGLE-ANALYTICS.COM/analytics.js";`, "google-analytics", Analytics},
	{"adsense unit", `(adsbygoogle = window.adsbygoogle || []).push({});`, "google-adsense", Marketing},
}

func TestInlineVendor(t *testing.T) {
	s := mustCompile(t, Options{})
	for _, tt := range inlineSnippets {
		vendor, cat, ok := s.InlineVendor([]byte(tt.text))
		if !ok || vendor != tt.vendor || cat != tt.cat {
			t.Errorf("%s: InlineVendor = %q, %q, %v; want %q, %q", tt.name, vendor, cat, ok, tt.vendor, tt.cat)
		}
	}
}

// The site's own code that calls a vendor when it happens to be present is
// not the vendor's snippet: neutralising it would break the page for nothing.
func TestInlineVendorLeavesSiteCodeAlone(t *testing.T) {
	s := mustCompile(t, Options{})
	for _, text := range []string{
		``,
		`if (window.gtag) gtag('event', 'click', {event_category: 'nav'});`,
		`typeof ga === 'function' && ga('send', 'event', 'Video', 'play');`,
		`if (typeof gtag === 'function') { gtag('config', 'G-1', { page_path: location.pathname }); }`,
		`window.fbq && fbq('track', 'Purchase', {value: 1});`,
		`fbq("track", "75% Page Scroll");`,
		`_paq.push(['trackEvent', 'DisplayAds', 'Loaded', placement]);`,
		`window.dataLayer = window.dataLayer || []; dataLayer.push({event: 'login'});`,
		// Consent Mode defaults are consent configuration, not a tracker.
		`window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('consent', 'default', {ad_storage: 'denied'});`,
		`if (typeof iom !== "undefined") { iom.c(iam_data); }`,
		`posthog.onFeatureFlags(function () { if (posthog.isFeatureEnabled('x')) {} });`,
		`ttq.track('ViewContent');`,
		`googletag.cmd.push(function() { googletag.display('div-gpt-ad-1'); });`,
		`omega('create', 'UA-1'); var mega_gaq = 1;`, // signatures start identifiers
		`var note = "We use analytics to count visits";`,
		`jQuery(function($){ $('.menu').toggleClass('open'); });`,
	} {
		if vendor, cat, ok := s.InlineVendor([]byte(text)); ok {
			t.Errorf("InlineVendor(%q) = %q, %q; want no match", text, vendor, cat)
		}
	}
}

func TestInlineVendorLookahead(t *testing.T) {
	s := mustCompile(t, Options{})
	sig := []byte(`fbq('init'`)
	for _, tt := range []struct {
		pad  int
		want bool
	}{
		{0, true},
		{InlineLookahead - len(sig), true},      // ends on the last byte read
		{InlineLookahead - len(sig) + 1, false}, // straddles the limit
		{InlineLookahead, false},
	} {
		text := append(bytes.Repeat([]byte(";"), tt.pad), sig...)
		if _, _, ok := s.InlineVendor(text); ok != tt.want {
			t.Errorf("signature after %d bytes: match = %v, want %v", tt.pad, ok, tt.want)
		}
	}
}

func TestInlineVendorSiteRules(t *testing.T) {
	s := mustCompile(t, Options{Site: []Vendor{
		{Name: "gtm-analytics", Category: Analytics, Hosts: []string{"googletagmanager.com/gtm.js*"}},
		{Name: "own-stats", Category: Analytics, Hosts: []string{"*.stats.example.org", "/stats/*", "*/tracker.js"},
			Signatures: []string{"OwnStats.init("}},
	}})
	for _, tt := range []struct {
		text, vendor string
	}{
		{`j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;`, "gtm-analytics"}, // derived from the host glob
		{`{'gtm.start': new Date().getTime()}`, "google-tag-manager"},                  // the built-in signature still applies
		{`var u = "https://x.stats.example.org/"; s.src = u + "t.js";`, "own-stats"},   // "*.host" derives "host"
		{`var hosts = ["https://x.stats.example.org/"];`, ""},                          // named as data, not loaded
		{`s.src = "//stats.example.org";`, "own-stats"},
		{`OwnStats . init ( 42 )`, "own-stats"},
		{`var path = "/stats/";`, ""},            // first-party paths derive no signature
		{`load("/js/tracker.js");`, ""},          // nor any-host paths
		{`MyOwnStats.init(1)`, ""},               // identifier boundary
		{`s.src = "//mystats.example.org";`, ""}, // identifier boundary
	} {
		vendor, _, ok := s.InlineVendor([]byte(tt.text))
		if vendor != tt.vendor || ok != (tt.vendor != "") {
			t.Errorf("InlineVendor(%q) = %q, %v; want %q", tt.text, vendor, ok, tt.vendor)
		}
	}
}

// Two signatures found at the same probe, the second starting before the
// first: the identifier-boundary check of the second must still read the
// original text at its own start.
func TestInlineVendorOverlappingSignatures(t *testing.T) {
	s := mustCompile(t, Options{Site: []Vendor{
		{Name: "q", Category: Analytics, Signatures: []string{"cdefgh"}},
		{Name: "p", Category: Analytics, Signatures: []string{"abcdefgh"}},
	}})
	for _, tt := range []struct{ text, vendor string }{
		{"z abcdefgh", "p"}, // "cdefgh" follows "b"; "abcdefgh" follows a space
		{"zabcdefgh", ""},
		{"z;abcdefgh", "p"},
		{"zab cdefgh", "q"},
	} {
		vendor, _, _ := s.InlineVendor([]byte(tt.text))
		if vendor != tt.vendor {
			t.Errorf("InlineVendor(%q) = %q, want %q", tt.text, vendor, tt.vendor)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	site := func(v Vendor) Options {
		if v.Name == "" {
			v.Name = "x"
		}
		if v.Category == "" {
			v.Category = Analytics
		}
		return Options{Site: []Vendor{v}}
	}
	tests := []struct {
		opts Options
		want string
	}{
		{Options{Essential: []string{""}}, `rules: essential: cookie glob "": empty`},
		{Options{Essential: []string{"my cookie"}}, `cookie glob "my cookie": ' ' is not allowed`},
		{Options{Essential: []string{"a;b"}}, `';' is not allowed`},
		{Options{Essential: []string{"sess=1"}}, `'=' is not allowed`},
		{Options{Essential: []string{"\tsid"}}, `'\t' is not allowed`},
		{Options{Essential: []string{"**"}}, `matches every cookie`},
		{site(Vendor{Cookies: []string{"caf\u00e9"}}), `site vendor "x": cookie glob "café"`},
		{site(Vendor{Hosts: []string{""}}), `host glob "": empty`},
		{site(Vendor{Hosts: []string{"https://stats.example.com/js/*"}}), `has a scheme`},
		{site(Vendor{Hosts: []string{"stats.example.com:8080"}}), `has a port`},
		{site(Vendor{Hosts: []string{"user@stats.example.com"}}), `has userinfo`},
		{site(Vendor{Hosts: []string{"stats.*.com"}}), `host glob "stats.*.com": a host may only be wildcarded as a leading "*."`},
		{site(Vendor{Hosts: []string{"*stats.com"}}), `a host may only be wildcarded`},
		{site(Vendor{Hosts: []string{"stats.example.com/js?x=1"}}), `query or fragment`},
		{site(Vendor{Hosts: []string{"exa mple.com"}}), `whitespace`},
		{site(Vendor{Hosts: []string{"ex!ample.com"}}), `host has '!'`},
		{site(Vendor{Hosts: []string{".example.com"}}), `empty host label`},
		{site(Vendor{Hosts: []string{"*/"}}), `matches every URL`},
		{site(Vendor{Hosts: []string{"*.*/"}}), `a host may only be wildcarded`},
		{site(Vendor{Hosts: []string{"/stats/../*"}}), `a "." or ".." segment`},
		{site(Vendor{Hosts: []string{"*/./piwik.js"}}), `a "." or ".." segment`},
		{site(Vendor{Hosts: []string{`example.com/js\*`}}), `path has a "\"`},
		{site(Vendor{Hosts: []string{"example.com/%6As/*"}}), `an escaped letter`},
		{site(Vendor{Hosts: []string{"/stats//*"}}), `"//"`},
		{site(Vendor{Signatures: []string{"ga( "}}), `signature "ga( ": shorter than 6`},
		{site(Vendor{Signatures: []string{strings.Repeat("x", maxSignatureLen+1)}}), `longer than`},
		{Options{Site: []Vendor{{Name: "x", Cookies: []string{"a"}}}}, `site vendor "x": expected a category name`},
		{site(Vendor{Category: "Analytics"}), `use lower-case letters`},
		{site(Vendor{Category: "ads and more"}), `use lower-case letters`},
		{site(Vendor{Category: Unclassified}), `reserved`},
		{Options{Site: []Vendor{
			{Name: "a", Category: Analytics, Cookies: []string{"stats_*"}},
			{Name: "b", Category: Marketing, Cookies: []string{"stats_*"}},
		}}, `site vendor "b": cookie glob "stats_*" is marketing here but analytics in vendor "a"`},
		{Options{Site: []Vendor{
			{Name: "a", Category: Analytics, Hosts: []string{"Stats.example.com"}},
			{Name: "b", Category: Marketing, Hosts: []string{"stats.example.com"}},
		}}, `host glob "stats.example.com" is marketing here but analytics`},
	}
	for _, tt := range tests {
		_, err := Compile(tt.opts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Compile(%+v) error = %v; want it to contain %q", tt.opts, err, tt.want)
		}
	}

	// Repeating a glob in the same category, or overriding a built-in, is fine.
	mustCompile(t, Options{
		Essential: []string{"PHPSESSID", "PHPSESSID"},
		Site: []Vendor{
			{Name: "a", Category: Analytics, Cookies: []string{"_fbp"}, Hosts: []string{"Example.COM/x/*"}},
			{Name: "b", Category: Analytics, Cookies: []string{"_fbp"}, Hosts: []string{"example.com/x/*"}},
		},
	})
}

func TestCategories(t *testing.T) {
	s := mustCompile(t, Options{Site: []Vendor{
		{Name: "a", Category: "functional", Cookies: []string{"a"}},
		{Name: "b", Category: Analytics, Cookies: []string{"b"}},
		{Name: "c", Category: "social", Cookies: []string{"c"}},
		{Name: "d", Category: "functional", Cookies: []string{"d"}},
	}})
	want := []Category{Necessary, Preferences, Analytics, Marketing, "functional", "social"}
	got := s.Categories()
	if !slices.Equal(got, want) {
		t.Fatalf("Categories() = %v, want %v", got, want)
	}
	got[0] = "changed"
	if s.Categories()[0] != Necessary {
		t.Error("Categories() returned the Set's own slice")
	}
	if got := mustCompile(t, Options{}).Categories(); !slices.Equal(got, BuiltinCategories) {
		t.Errorf("Categories() without site rules = %v, want %v", got, BuiltinCategories)
	}
}

// One rule for what a host glob may be: a site or below it, a path that
// names something, no scheme; each refusal says what to write instead.
func TestURLGlobRule(t *testing.T) {
	for _, ok := range []string{"stats.example.com", "*.example.com", "example.com/js/*", "example.co.uk", "/matomo/*", "*/piwik.js", "/js/stats.js"} {
		if _, err := parseURLGlob(ok); err != nil {
			t.Errorf("parseURLGlob(%q): %v", ok, err)
		}
	}
	for glob, want := range map[string]string{
		"/*":                             "matches every URL: name a folder or a file",
		"*/*":                            "matches every URL",
		"/**":                            "matches every URL",
		"com":                            `host "com" is a public suffix`,
		"co.uk":                          "public suffix",
		"github.io/*":                    "public suffix",
		"https://stats.example.com/js/*": `has a scheme, which is ignored when matching: write "stats.example.com/js/*"`,
	} {
		if _, err := parseURLGlob(glob); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseURLGlob(%q) = %v, want %q", glob, err, want)
		}
	}
}
