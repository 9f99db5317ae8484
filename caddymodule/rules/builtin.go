package rules

// Builtin is the built-in vendor table, our own writing from public facts:
// the frameworks' and vendors' own documentation of their cookies, tag URLs
// and install snippets. Rows are grouped by category; within a tier the most
// specific rule wins and ties go to the earlier row.
//
// What the table deliberately leaves out:
//   - names a site may well use for its own cookies ("s", "id", "uid",
//     "sid", "token", "lang", "locale", "session"-like words) even where a
//     vendor uses them on its own domain: a proxy only ever sees the site's
//     first-party cookies, so listing them would break sites and stop no
//     tracker. Unknown names pass by default and are counted for review.
//   - built-in Preferences names: the common language and theme cookies are
//     set when a visitor picks a language or theme, and a legacy site often
//     needs them to serve the page; a site classifies its own.
//   - youtube-nocookie.com, Google's privacy-enhanced embed, and CDNs that
//     serve libraries (ajax.googleapis.com, gstatic.com, cdnjs); the font
//     services are listed under Embeds below.
//   - consent managers' own scripts (their cookies are Necessary below).
var Builtin = []Vendor{
	// ---- Necessary: sessions, CSRF tokens, logins, load balancers, bot
	// protection and consent records. They pass even with unknown_cookies
	// block.
	{Name: "php", Category: Necessary, Cookies: []string{"PHPSESSID"}},
	{Name: "java", Category: Necessary, Cookies: []string{"JSESSIONID", "JSESSIONIDSSO"}},
	{Name: "asp.net", Category: Necessary, Cookies: []string{
		"ASP.NET_SessionId", "ASPSESSIONID*", ".AspNetCore.*", ".AspNet.*",
		"__RequestVerificationToken*", "__AntiXsrfToken", ".ASPXAUTH", ".ASPXANONYMOUS", ".ASPXROLES",
	}},
	{Name: "django", Category: Necessary, Cookies: []string{"sessionid", "csrftoken", "messages"}},
	{Name: "rails", Category: Necessary, Cookies: []string{"_session_id", "_*_session"}},
	{Name: "laravel", Category: Necessary, Cookies: []string{"laravel_session", "XSRF-TOKEN"}},
	{Name: "express", Category: Necessary, Cookies: []string{"connect.sid", "koa.sess", "koa.sess.sig"}},
	{Name: "flask", Category: Necessary, Cookies: []string{"session"}},
	{Name: "spring", Category: Necessary, Cookies: []string{"SESSION"}},
	{Name: "play", Category: Necessary, Cookies: []string{"PLAY_SESSION", "PLAY_FLASH"}},
	{Name: "cakephp", Category: Necessary, Cookies: []string{"CAKEPHP"}},
	{Name: "codeigniter", Category: Necessary, Cookies: []string{"ci_session"}},
	{Name: "yii", Category: Necessary, Cookies: []string{"_csrf", "_identity"}},
	// wordpress_* covers the auth, secure-auth and logged-in cookies and
	// wordpress_test_cookie; comment_author_* is only set when the commenter
	// asks to be remembered.
	{Name: "wordpress", Category: Necessary, Cookies: []string{
		"wordpress_*", "wp-settings-*", "wp-postpass_*", "comment_author_*",
	}},
	{Name: "woocommerce", Category: Necessary, Cookies: []string{
		"woocommerce_cart_hash", "woocommerce_items_in_cart", "wp_woocommerce_session_*",
	}},
	{Name: "drupal", Category: Necessary, Cookies: []string{"SESS*", "SSESS*", "has_js"}},
	{Name: "magento", Category: Necessary, Cookies: []string{
		"form_key", "frontend", "frontend_cid", "adminhtml", "mage-cache-sessid", "mage-cache-storage",
		"mage-cache-storage-section-invalidation", "mage-messages", "private_content_version",
		"section_data_ids", "X-Magento-Vary",
	}},
	{Name: "keycloak", Category: Necessary, Cookies: []string{
		"KEYCLOAK_SESSION*", "KEYCLOAK_IDENTITY*", "AUTH_SESSION_ID*", "KC_RESTART",
	}},
	{Name: "next-auth", Category: Necessary, Cookies: []string{"next-auth.*", "__Secure-next-auth.*", "__Host-next-auth.*"}},
	// Sticky sessions: AWS, F5, HAProxy, Azure, Citrix, nginx ingress, Google
	// Cloud, Apache mod_proxy_balancer and Caddy's own cookie lb_policy.
	{Name: "load-balancer", Category: Necessary, Cookies: []string{
		"AWSALB*", "AWSELB*", "BIGipServer*", "SERVERID", "ARRAffinity", "ARRAffinitySameSite",
		"NSC_*", "INGRESSCOOKIE", "GCLB", "ROUTEID", "lb",
	}},
	{Name: "cloudflare", Category: Necessary, Cookies: []string{
		"__cf_bm", "cf_clearance", "__cfruid", "__cflb", "_cfuvid", "cf_chl_*", "__cfwaitingroom",
		"cf_ob_info", "cf_use_ob",
	}},
	{Name: "bot-protection", Category: Necessary, Cookies: []string{
		"_abck", "ak_bmsc", "bm_sz", "bm_sv", "incap_ses_*", "visid_incap_*", "nlbi_*", "datadome", "__ddg*",
	}},
	// "Can cookies be set?" checks. DoubleClick also names a cookie
	// test_cookie, but on its own domain, which a proxy never sees.
	{Name: "cookie-test", Category: Necessary, Cookies: []string{
		"test_cookie", "testcookie", "cookie_test", "cookietest",
	}},
	{Name: "consent-manager", Category: Necessary, Cookies: []string{
		"CookieConsent", "cookieconsent_status", "OptanonConsent", "OptanonAlertBoxClosed",
		"euconsent", "euconsent-v2", "klaro", "cmplz_*", "borlabs-cookie", "cookielawinfo-*",
		"CookieLawInfoConsent", "viewed_cookie_policy", "CookieScriptConsent", "didomi_token",
		"axeptio_*", "cookiefirst-consent", "cookieyes-consent", "cookie_notice_accepted",
		"moove_gdpr_popup", "__hs_opt_out", "__hs_do_not_track",
	}},

	// ---- Analytics: audience measurement, product analytics, heatmaps and
	// session recording, performance monitoring that reports to a vendor.
	{Name: "google-analytics", Category: Analytics,
		// FPID and FPLC are the server-side tagging (first-party) variants;
		// _gaexp and _opt_* belong to Optimize, GA's testing add-on.
		Cookies: []string{
			"_ga", "_ga_*", "_gid", "_gat*", "_gali", "_dc_gtm_*", "__utm*", "AMP_TOKEN",
			"FPID", "FPLC", "_gaexp", "_gaexp_rc", "_opt_*",
		},
		Hosts: []string{
			"google-analytics.com", "analytics.google.com", "googletagmanager.com/gtag/js*",
			"stats.g.doubleclick.net", "googleoptimize.com",
		},
		// The DualTracker objects are the GA snippets of the MonsterInsights
		// and ExactMetrics WordPress plugins.
		Signatures: []string{
			"google-analytics.com/", "GoogleAnalyticsObject", "ga('create'", "'_setAccount'", "_gat._getTracker(",
			"googletagmanager.com/gtag/js", "gtag('js'", "MonsterInsightsDualTracker", "ExactMetricsDualTracker",
		}},
	{Name: "matomo", Category: Analytics,
		Cookies: []string{
			"_pk_*", "MATOMO_SESSID", "PIWIK_SESSID", "matomo_ignore", "piwik_ignore",
			"mtm_consent", "mtm_consent_removed", "mtm_cookie_consent",
		},
		// Mostly self-hosted: known by its file names, on any host.
		Hosts: []string{
			"*/matomo.js", "*/piwik.js", "*/matomo.php", "*/piwik.php", "matomo.cloud", "innocraft.cloud",
		},
		Signatures: []string{
			"'setTrackerUrl'", "'mtm.startTime'", "matomo.js", "piwik.js", "?idsite=", "&idsite=",
		}},
	{Name: "piwik-pro", Category: Analytics,
		Cookies: []string{
			"ppms_privacy_*", "stg_traffic_source_priority", "stg_last_interaction", "stg_returning_visitor",
			"stg_externalReferrer", "stg_fired_*", "stg_utm_campaign", "stg_pk_campaign", "stg_global_opt_out",
			"_stg_optout",
		},
		Hosts:      []string{"piwik.pro"},
		Signatures: []string{".piwik.pro/"}},
	{Name: "hotjar", Category: Analytics,
		Cookies:    []string{"_hj*"},
		Hosts:      []string{"hotjar.com", "hotjar.io"},
		Signatures: []string{"static.hotjar.com/c/hotjar-", "_hjSettings"}},
	{Name: "microsoft-clarity", Category: Analytics,
		Cookies:    []string{"_clck", "_clsk", "CLID", "ANONCHK"},
		Hosts:      []string{"clarity.ms"},
		Signatures: []string{"clarity.ms/tag/"}},
	{Name: "yandex-metrica", Category: Analytics,
		Cookies: []string{
			"_ym_*", "yandexuid", "yuidss", "ymex", "usst", "yabs-sid", "yabs-vdrf", "_yasc", "yashr",
		},
		Hosts: []string{
			"mc.yandex.ru", "mc.yandex.com", "mc.yandex.by", "mc.yandex.kz", "mc.yandex.com.tr",
			"mc.webvisor.org", "mc.webvisor.com",
		},
		Signatures: []string{
			"mc.yandex.ru/metrika", "mc.yandex.com/metrika", "mc.yandex.ru/watch", "yandex_metrika_callbacks",
		}},
	// Cookieless by default, but still a script that reports every page view.
	{Name: "plausible", Category: Analytics,
		Cookies:    []string{"plausible_*"},
		Hosts:      []string{"plausible.io", "*/js/plausible.js", "*/js/plausible.*.js"},
		Signatures: []string{"plausible.io/js/", "window.plausible = window.plausible ||"}},
	{Name: "fathom", Category: Analytics, Hosts: []string{"usefathom.com"}, Signatures: []string{"cdn.usefathom.com/"}},
	{Name: "cloudflare-insights", Category: Analytics,
		Hosts:      []string{"cloudflareinsights.com"},
		Signatures: []string{"static.cloudflareinsights.com/beacon"}},
	{Name: "segment", Category: Analytics,
		Cookies:    []string{"ajs_*"},
		Hosts:      []string{"cdn.segment.com", "segment.io"},
		Signatures: []string{"cdn.segment.com/analytics.js", "Segment snippet included twice"}},
	// HubSpot's own banner files its tracking cookies under analytics; its
	// consent cookies are Necessary above. Forms (hsforms.net) are left alone.
	{Name: "hubspot", Category: Analytics,
		Cookies: []string{"__hstc", "hubspotutk", "__hssc", "__hssrc", "messagesUtk", "hubspotapi"},
		Hosts: []string{
			"js.hs-scripts.com", "js.hs-analytics.net", "js.hsadspixel.net", "js.hscollectedforms.net",
			"js.usemessages.com", "track.hubspot.com",
		},
		Signatures: []string{"js.hs-scripts.com/", "js.hs-analytics.net/", "'hs-script-loader'"}},
	{Name: "adobe-analytics", Category: Analytics,
		Cookies: []string{
			"s_cc", "s_sq", "s_vi", "s_vi_*", "s_fid", "s_ppv", "s_tp", "s_ecid", "AMCV_*", "AMCVS_*",
		},
		Hosts:      []string{"omtrdc.net", "2o7.net"},
		Signatures: []string{".omtrdc.net/", ".2o7.net/"}},
	{Name: "mixpanel", Category: Analytics,
		Cookies:    []string{"mp_*_mixpanel"},
		Hosts:      []string{"mixpanel.com", "mxpnl.com"},
		Signatures: []string{"cdn.mxpnl.com/libs/", "mixpanel.init("}},
	{Name: "amplitude", Category: Analytics,
		Cookies:    []string{"AMP_*", "amplitude_id*", "amplitude_cookie_test", "amplitude_test*"},
		Hosts:      []string{"amplitude.com"},
		Signatures: []string{"cdn.amplitude.com/"}},
	{Name: "heap", Category: Analytics,
		Cookies:    []string{"_hp2_*"},
		Hosts:      []string{"heapanalytics.com"},
		Signatures: []string{"heapanalytics.com/js/heap-", "heap.load("}},
	{Name: "posthog", Category: Analytics,
		Cookies:    []string{"ph_*_posthog"},
		Hosts:      []string{"posthog.com"},
		Signatures: []string{"posthog.init(", "i.posthog.com"}},
	{Name: "fullstory", Category: Analytics,
		Cookies:    []string{"fs_uid", "fs_lua", "fs_cid"},
		Hosts:      []string{"fullstory.com"},
		Signatures: []string{"edge.fullstory.com/s/fs.js", "_fs_org"}},
	{Name: "crazy-egg", Category: Analytics,
		Cookies:    []string{"_ce.*", "_ceir", "_CEFT", "cebs", "cebsp_*", "_crazyegg"},
		Hosts:      []string{"crazyegg.com"},
		Signatures: []string{"crazyegg.com/pages/scripts/"}},
	{Name: "mouseflow", Category: Analytics,
		Cookies:    []string{"mf_user", "mf_*-*-*-*-*"}, // mf_<website id, a GUID>
		Hosts:      []string{"mouseflow.com"},
		Signatures: []string{"cdn.mouseflow.com/"}},
	{Name: "lucky-orange", Category: Analytics,
		Cookies:    []string{"_lo_*"},
		Hosts:      []string{"luckyorange.com", "luckyorange.net"},
		Signatures: []string{"luckyorange.com/", "luckyorange.net/"}},
	{Name: "inspectlet", Category: Analytics,
		Cookies:    []string{"__insp_*"},
		Hosts:      []string{"inspectlet.com"},
		Signatures: []string{"cdn.inspectlet.com/"}},
	{Name: "contentsquare", Category: Analytics,
		Cookies:    []string{"_cs_*"},
		Hosts:      []string{"contentsquare.net"},
		Signatures: []string{"t.contentsquare.net/"}},
	{Name: "smartlook", Category: Analytics,
		Cookies:    []string{"SL_C_*"},
		Hosts:      []string{"smartlook.com", "smartlook.cloud"},
		Signatures: []string{"web-sdk.smartlook.com/", "rec.smartlook.com/"}},
	{Name: "vwo", Category: Analytics,
		Cookies:    []string{"_vwo_*", "_vis_opt_*"},
		Hosts:      []string{"visualwebsiteoptimizer.com"},
		Signatures: []string{"dev.visualwebsiteoptimizer.com/"}},
	{Name: "optimizely", Category: Analytics,
		Cookies:    []string{"optimizely*"},
		Hosts:      []string{"optimizely.com"},
		Signatures: []string{"cdn.optimizely.com/js/"}},
	{Name: "chartbeat", Category: Analytics,
		Cookies:    []string{"_chartbeat*", "_cb", "_cb_ls", "_cb_svref", "_cb_cp", "_SUPERFLY_nosample"},
		Hosts:      []string{"chartbeat.com", "chartbeat.net"},
		Signatures: []string{"static.chartbeat.com/js/", "_sf_async_config"}},
	{Name: "parsely", Category: Analytics,
		Cookies: []string{"_parsely_*"},
		// d1z2jf7jlzjs58.cloudfront.net is Parse.ly's own CDN.
		Hosts:      []string{"parsely.com", "d1z2jf7jlzjs58.cloudfront.net"},
		Signatures: []string{"cdn.parsely.com/keys/", "('script', 'parsely', document)"}},
	{Name: "comscore", Category: Analytics,
		Cookies:    []string{"_scor_uid", "UIDR"},
		Hosts:      []string{"scorecardresearch.com", "sitestat.com"},
		Signatures: []string{"scorecardresearch.com/"}},
	{Name: "nielsen", Category: Analytics,
		Cookies:    []string{"IMRID", "udo"},
		Hosts:      []string{"imrworldwide.com"},
		Signatures: []string{"imrworldwide.com/"}},
	// INFOnline (German IVW reach measurement) is often served from a
	// CNAME on the site's own domain, hence the path glob.
	{Name: "infonline", Category: Analytics,
		Cookies:    []string{"i00", "ioma2018"},
		Hosts:      []string{"ioam.de", "*/iomm/latest/*"},
		Signatures: []string{"script.ioam.de/iam.js", "IOMm('configure'"}},
	{Name: "at-internet", Category: Analytics,
		Cookies:    []string{"atuserid", "atidvisitor", "atreman", "atredir"},
		Hosts:      []string{"xiti.com", "ati-host.net"},
		Signatures: []string{"xiti.com/", "tag.aticdn.net/"}},
	{Name: "webtrends", Category: Analytics,
		Cookies:    []string{"WT_FPC"},
		Hosts:      []string{"webtrendslive.com", "*/webtrends.js", "*/webtrends.min.js"},
		Signatures: []string{"new WebTrends(", "webtrendslive.com/"}},
	{Name: "statcounter", Category: Analytics,
		Cookies:    []string{"sc_is_visitor_unique"},
		Hosts:      []string{"statcounter.com"},
		Signatures: []string{"statcounter.com/counter/", "sc_project"}},
	{Name: "woopra", Category: Analytics,
		Cookies:    []string{"wooTracker"},
		Hosts:      []string{"woopra.com"},
		Signatures: []string{"static.woopra.com/js/"}},
	{Name: "jetpack-stats", Category: Analytics,
		Cookies:    []string{"tk_ai", "tk_qs", "tk_tc"},
		Hosts:      []string{"stats.wp.com", "pixel.wp.com"},
		Signatures: []string{"stats.wp.com/e-"}},
	{Name: "new-relic", Category: Analytics,
		Hosts:      []string{"nr-data.net", "js-agent.newrelic.com"},
		Signatures: []string{"NREUM||(NREUM={})", "js-agent.newrelic.com/"}},
	{Name: "visitor-analytics", Category: Analytics,
		Hosts:      []string{"visitor-analytics.io"},
		Signatures: []string{"visitor-analytics.io/"}},
	// Vimeo's player counts views with a visitor cookie (on vimeo.com).
	{Name: "vimeo", Category: Analytics, Hosts: []string{"vimeo.com"}},

	// ---- Marketing: advertising, retargeting, social plugins and embeds
	// that follow visitors across sites, and tag managers.
	//
	// Google Tag Manager sets no cookie itself but loads whatever its
	// container holds, typically ad pixels next to analytics: it is held
	// back as marketing. A site whose container holds only analytics tags
	// can say so (a site rule "googletagmanager.com/gtm.js*" in analytics
	// also catches the inline snippet).
	{Name: "google-tag-manager", Category: Marketing,
		Hosts:      []string{"googletagmanager.com"},
		Signatures: []string{"googletagmanager.com/gtm.js", "googletagmanager.com/ns.html", "'gtm.start'"}},
	{Name: "adobe-launch", Category: Marketing,
		Hosts:      []string{"assets.adobedtm.com"},
		Signatures: []string{"assets.adobedtm.com/"}},
	// FPAU and FPGCL* are the server-side tagging variants of _gcl_*.
	{Name: "google-ads", Category: Marketing,
		Cookies: []string{
			"_gcl_*", "_gac_*", "FPAU", "FPGCL*", "ADS_VISITOR_ID", "__Secure-1P*", "__Secure-3P*",
		},
		Hosts: []string{"googleadservices.com", "google.com/ads/*", "google.com/pagead/*"},
		Signatures: []string{
			"googleadservices.com/pagead/conversion", "google_conversion_id",
		}},
	{Name: "doubleclick", Category: Marketing,
		Cookies: []string{
			"IDE", "DSID", "RUL", "FLC", "APC", "ar_debug", "__gads", "GoogleAdServingTest",
		},
		Hosts:      []string{"doubleclick.net", "googletagservices.com"},
		Signatures: []string{"doubleclick.net/", "googletagservices.com/tag/js/gpt"}},
	{Name: "google-adsense", Category: Marketing,
		Cookies: []string{
			"__gpi", "__gpi_optout", "__gsas", "GED_PLAYLIST_ACTIVITY", "ACLK_DATA",
		},
		Hosts:      []string{"googlesyndication.com", "adservice.google.com", "googleadsserving.cn"},
		Signatures: []string{"googlesyndication.com/", "adsbygoogle = window.adsbygoogle ||", "google_ad_client"}},
	{Name: "meta-pixel", Category: Marketing,
		Cookies: []string{"_fbp", "_fbc", "fr"},
		Hosts: []string{
			"connect.facebook.net/*/fbevents.js", "connect.facebook.net/signals/*",
			"facebook.com/tr", "facebook.com/tr/*",
		},
		Signatures: []string{"/fbevents.js", "fbq('init'", "facebook.com/tr?", "facebook.com/tr/?"}},
	// The JavaScript SDK and social plugins (like buttons, comments); the
	// other cookies are facebook.com's own, listed where they are distinctive.
	{Name: "facebook", Category: Marketing,
		Cookies: []string{
			"fbm_*", "fbsr_*", "c_user", "datr", "m_user", "dbln", "aks", "aksb", "sfau", "ick", "csm",
			"ddid", "js_ver", "campaign_click_url", "usida",
		},
		Hosts:      []string{"facebook.net", "facebook.com"},
		Signatures: []string{"connect.facebook.net/", "'facebook-jssdk'"}},
	{Name: "instagram", Category: Marketing,
		Cookies:    []string{"ig_did", "ig_cb", "ds_user_id", "shbid", "shbts"},
		Hosts:      []string{"instagram.com", "cdninstagram.com"},
		Signatures: []string{"instagram.com/embed.js", "platform.instagram.com/"}},
	{Name: "linkedin", Category: Marketing,
		// li_fat_id and li_sugr are the Insight Tag's first-party cookies;
		// the rest are linkedin.com's own.
		Cookies: []string{
			"li_*", "lidc", "bcookie", "bscookie", "lms_ads", "lms_analytics", "UserMatchHistory",
			"AnalyticsSyncHistory", "BizographicsOptOut", "liap", "lissc", "spectroscopyId", "trkCode",
			"trkInfo", "ln_or", "IRLD", "ABSELB", "brwsr", "lihc_auth_*", "l_page", "df_ts",
			"sharebox-suggestion", "lss_bundle_viewer", "interstitial_page_reg_oauth_url",
		},
		Hosts:      []string{"linkedin.com", "snap.licdn.com", "bizographics.com"},
		Signatures: []string{"_linkedin_partner_id", "snap.licdn.com/li.lms-analytics", "px.ads.linkedin.com/"}},
	{Name: "tiktok", Category: Marketing,
		Cookies:    []string{"_ttp", "_tt_*", "ttcsid*", "ttwid", "msToken", "MONITOR_WEB_ID"},
		Hosts:      []string{"tiktok.com"},
		Signatures: []string{"analytics.tiktok.com/", "TiktokAnalyticsObject", "ttq.load("}},
	{Name: "twitter-ads", Category: Marketing,
		Cookies: []string{"muc_ads", "guest_id_ads", "guest_id_marketing"},
		Hosts: []string{
			"static.ads-twitter.com", "analytics.twitter.com", "ads-api.twitter.com", "t.co/i/adsct*",
		},
		Signatures: []string{"static.ads-twitter.com/", "twq('init'"}},
	// Embedded tweets, timelines and buttons.
	{Name: "twitter", Category: Marketing,
		Cookies: []string{
			"personalization_id", "_twitter_sess", "ads_prefs", "eu_cn", "kdt", "rweb_optin",
			"syndication_guest_id", "twid", "tfw_exp", "ct0",
		},
		Hosts:      []string{"twitter.com", "syndication.twimg.com", "platform.x.com"},
		Signatures: []string{"platform.twitter.com/widgets.js", "'twitter-wjs'"}},
	{Name: "pinterest", Category: Marketing,
		Cookies: []string{
			"_pin_unauth", "_pinterest_*", "_epik", "_derived_epik", "sessionFunnelEventLogged",
		},
		Hosts:      []string{"pinterest.com", "s.pinimg.com/ct/*"},
		Signatures: []string{"s.pinimg.com/ct/", "pintrk('load'"}},
	{Name: "snapchat", Category: Marketing,
		Cookies:    []string{"_scid", "_scid_r", "_schn", "_sctr", "sc_at", "sc-a-nonce"},
		Hosts:      []string{"sc-static.net", "snapchat.com"},
		Signatures: []string{"sc-static.net/scevent", "snaptr('init'"}},
	{Name: "reddit", Category: Marketing,
		Cookies:    []string{"_rdt_uuid"},
		Hosts:      []string{"redditstatic.com/ads/*", "alb.reddit.com"},
		Signatures: []string{"redditstatic.com/ads/", "rdt('init'"}},
	{Name: "bing-ads", Category: Marketing,
		Cookies:    []string{"_uetsid", "_uetvid", "_uetmsclkid", "MUID"},
		Hosts:      []string{"bat.bing.com"},
		Signatures: []string{"bat.bing.com/"}},
	{Name: "criteo", Category: Marketing,
		Cookies:    []string{"cto_*"},
		Hosts:      []string{"criteo.com", "criteo.net"},
		Signatures: []string{"static.criteo.net/"}},
	{Name: "taboola", Category: Marketing,
		Cookies: []string{
			"t_gid", "t_pt_gid", "taboola_session_id", "_tb_t_ppg", "tb_click_param", "trc_cookie_storage",
			"abLdr", "abMbl",
		},
		Hosts:      []string{"taboola.com", "taboolasyndication.com"},
		Signatures: []string{"cdn.taboola.com/"}},
	{Name: "outbrain", Category: Marketing,
		Cookies: []string{
			"obuid", "outbrain_dicbo_id", "dicbo_id", "obsessionid-*", "recs-*", "unifiedPixel",
			"cookieJartestCookie", "opout", "apnxs", "mdfrc", "adrl", "bdswch", "criteo", "ttd",
		},
		Hosts:      []string{"outbrain.com", "outbrainimg.com"},
		Signatures: []string{"outbrain.com/"}},
	{Name: "quantcast", Category: Marketing,
		Cookies:    []string{"__qca", "__qcb", "cref"},
		Hosts:      []string{"quantserve.com", "quantcount.com", "quantcast.com"},
		Signatures: []string{"quantserve.com/", "qacct:"}},
	{Name: "addthis", Category: Marketing,
		Cookies:    []string{"__atuvc", "__atuvs", "__atssc"},
		Hosts:      []string{"addthis.com", "addthisedge.com"},
		Signatures: []string{"addthis.com/js/", "addthis_widget.js"}},
	{Name: "sharethis", Category: Marketing,
		Cookies:    []string{"__stid", "__stidv", "__sharethis_cookie_test__", "pxcelPage*", "pxcelBcnLcy", "fpestid"},
		Hosts:      []string{"sharethis.com"},
		Signatures: []string{"sharethis.com/js/"}},
	{Name: "disqus", Category: Marketing,
		Cookies:    []string{"vglnk.*"},
		Hosts:      []string{"disqus.com", "disquscdn.com"},
		Signatures: []string{".disqus.com/embed.js", "disqus_config"}},
	// youtube.com embeds set their cookies on load; youtube-nocookie.com
	// embeds do not, and are left alone.
	{Name: "youtube", Category: Marketing,
		Cookies:    []string{"VISITOR_INFO1_LIVE", "VISITOR_PRIVACY_METADATA", "YSC", "__Secure-ROLLOUT_TOKEN"},
		Hosts:      []string{"youtube.com", "youtu.be"},
		Signatures: []string{"youtube.com/iframe_api"}},
	// Yahoo's dot tag: every install names project 10000.
	{Name: "yahoo-ads", Category: Marketing,
		Hosts:      []string{"s.yimg.com/wi/*", "sp.analytics.yahoo.com"},
		Signatures: []string{"s.yimg.com/wi/ytc.js", "'projectId':'10000'"}},
	// B2B visitor identification and marketing automation.
	{Name: "leadfeeder", Category: Marketing,
		Cookies:    []string{"_lfa"},
		Hosts:      []string{"lfeeder.com", "leadfeeder.com"},
		Signatures: []string{"sc.lfeeder.com/"}},
	{Name: "brevo", Category: Marketing,
		Hosts:      []string{"sibautomation.com"},
		Signatures: []string{"sibautomation.com/"}},
	{Name: "cbdatatracker", Category: Marketing,
		Hosts:      []string{"cbdatatracker.com"},
		Signatures: []string{"cbdatatracker.com/"}},
	{Name: "tradetracker", Category: Marketing,
		Hosts:      []string{"tradetracker.net"},
		Signatures: []string{"tradetracker.net/", "_TradeTrackerTagOptions"}},
	{Name: "adobe-audience-manager", Category: Marketing,
		Cookies:    []string{"demdex", "dextp"},
		Hosts:      []string{"demdex.net"},
		Signatures: []string{".demdex.net/"}},
	{Name: "krux", Category: Marketing, Cookies: []string{"_kuid_"}, Hosts: []string{"krxd.net"}, Signatures: []string{"cdn.krxd.net/"}},
	{Name: "audiencescience", Category: Marketing, Cookies: []string{"rsi_segs", "rsi_ct"}, Hosts: []string{"revsci.net"}, Signatures: []string{"revsci.net/"}},
	{Name: "lotame", Category: Marketing, Cookies: []string{"_cc_id", "_cc_aud", "_cc_cc", "_cc_dc", "_cc_domain", "panoramaId*"}, Hosts: []string{"crwdcntrl.net"}},
	{Name: "getback", Category: Marketing, Hosts: []string{"getback.ch"}},
	{Name: "xandr", Category: Marketing, Cookies: []string{"uuid2", "anj"}, Hosts: []string{"adnxs.com"}},
	{Name: "the-trade-desk", Category: Marketing, Cookies: []string{"TDID", "TDCPM"}, Hosts: []string{"adsrvr.org"}},
	{Name: "pubmatic", Category: Marketing, Cookies: []string{"KADUSERCOOKIE"}, Hosts: []string{"pubmatic.com"}},
	{Name: "amazon-ads", Category: Marketing, Hosts: []string{"amazon-adsystem.com"}},
	{Name: "smartadserver", Category: Marketing, Hosts: []string{"smartadserver.com", "sascdn.com"}},
	{Name: "openx", Category: Marketing, Hosts: []string{"openx.net"}},
	{Name: "id5", Category: Marketing, Hosts: []string{"id5-sync.com"}},
	{Name: "rubicon", Category: Marketing, Hosts: []string{"rubiconproject.com"}},
	{Name: "index-exchange", Category: Marketing, Hosts: []string{"casalemedia.com", "indexww.com"}},
	{Name: "mediamath", Category: Marketing, Hosts: []string{"mathtag.com"}},
	{Name: "oracle-bluekai", Category: Marketing, Hosts: []string{"bluekai.com", "bkrtx.com"}},
	{Name: "adform", Category: Marketing, Cookies: []string{"adformfrpid"}, Hosts: []string{"adform.net"}},
	{Name: "teads", Category: Marketing, Hosts: []string{"teads.tv"}},
	{Name: "seedtag", Category: Marketing, Hosts: []string{"seedtag.com"}},
	{Name: "mgid", Category: Marketing, Hosts: []string{"mgid.com"}},
	{Name: "ligatus", Category: Marketing, Hosts: []string{"ligatus.com"}},
	{Name: "nugg.ad", Category: Marketing, Hosts: []string{"nuggad.net"}},
	{Name: "revcontent", Category: Marketing, Hosts: []string{"revcontent.com"}},
	{Name: "triplelift", Category: Marketing, Hosts: []string{"3lift.com"}},
	{Name: "adup-tech", Category: Marketing, Hosts: []string{"adup-tech.com"}},
	{Name: "dianomi", Category: Marketing, Hosts: []string{"dianomi.com"}},
	{Name: "addtoany", Category: Marketing, Hosts: []string{"addtoany.com"}},
	{Name: "skimlinks", Category: Marketing, Hosts: []string{"skimresources.com", "skimlinks.com"}},
	{Name: "nativo", Category: Marketing, Hosts: []string{"ntv.io", "postrelease.com"}},
	{Name: "optad360", Category: Marketing, Hosts: []string{"optad360.io", "optad360.net"}},
	{Name: "htlbid", Category: Marketing, Hosts: []string{"htlbid.com"}},
	{Name: "newsinc", Category: Marketing, Hosts: []string{"newsinc.com"}},
	{Name: "yieldoptimizer", Category: Marketing, Hosts: []string{"yieldoptimizer.com"}},
	{Name: "pushly", Category: Marketing, Hosts: []string{"p-n.io"}},
	{Name: "ap-news-registry", Category: Analytics, Hosts: []string{"apnewsregistry.com"}},

	// ---- Embeds and widgets: third-party content a page shows, which
	// sets cookies or hands the visitor's IP to its vendor on load. Each
	// category is chosen by what the vendor does with the visit:
	//   - advertising cookies (Google's NID on Maps, Bing's MUID,
	//     Dailymotion's and the social and audio players' ad profiles),
	//     or sales tracking (Drift): Marketing;
	//   - functional content that keeps its own state (a support chat's
	//     conversation, a booking widget) or that only receives the IP
	//     (web fonts, which a German court held needs consent: LG München
	//     I, 3 O 17493/20): Preferences. A page waits for them with its
	//     own fallback fonts and a held-back frame;
	//   - what a form needs to work (captcha) and map tiles that set no
	//     cookie (OpenStreetMap): Necessary.
	// YouTube, Vimeo, Instagram, X, TikTok, LinkedIn, Pinterest, Facebook
	// and Disqus are above, with their other hosts.
	{Name: "google-maps", Category: Marketing,
		Hosts:      []string{"maps.google.com", "maps.googleapis.com", "www.google.com/maps/*", "google.com/maps/*"},
		Signatures: []string{"maps.googleapis.com/maps/api/js"}},
	{Name: "bing-maps", Category: Marketing,
		Hosts:      []string{"www.bing.com/maps/*", "www.bing.com/api/maps/*", "dev.virtualearth.net"},
		Signatures: []string{"www.bing.com/api/maps/mapcontrol"}},
	{Name: "openstreetmap", Category: Necessary,
		Hosts: []string{"tile.openstreetmap.org", "openstreetmap.org/export/embed.html*"}},
	{Name: "dailymotion", Category: Marketing,
		Hosts:      []string{"dailymotion.com", "dmcdn.net", "dm-event.net"},
		Signatures: []string{"geo.dailymotion.com/libs/player"}},
	{Name: "spotify", Category: Marketing,
		Hosts: []string{"open.spotify.com/embed*", "embed.spotify.com"}},
	{Name: "soundcloud", Category: Marketing,
		Hosts:      []string{"w.soundcloud.com", "widget.sndcdn.com"},
		Signatures: []string{"w.soundcloud.com/player/api.js"}},
	{Name: "drift", Category: Marketing,
		Cookies:    []string{"driftt_aid", "driftt_sid", "drift_aid", "drift_campaign_refresh", "DFTT_END_USER_PREV_BOOTSTRAPPED"},
		Hosts:      []string{"drift.com", "driftt.com"},
		Signatures: []string{"js.driftt.com/include/", "drift.load("}},
	{Name: "google-fonts", Category: Preferences,
		Hosts: []string{"fonts.googleapis.com", "fonts.gstatic.com"}},
	{Name: "adobe-fonts", Category: Preferences,
		Hosts:      []string{"use.typekit.net", "p.typekit.net"},
		Signatures: []string{"use.typekit.net/"}},
	{Name: "intercom", Category: Preferences,
		Cookies:    []string{"intercom-id-*", "intercom-session-*", "intercom-device-id-*"},
		Hosts:      []string{"widget.intercom.io", "js.intercomcdn.com", "api-iam.intercom.io"},
		Signatures: []string{"widget.intercom.io/widget/", "Intercom('boot'"}},
	{Name: "zendesk-chat", Category: Preferences,
		Cookies:    []string{"__zlcmid", "__zlcstore"},
		Hosts:      []string{"static.zdassets.com", "v2.zopim.com", "ekr.zdassets.com"},
		Signatures: []string{"static.zdassets.com/ekr/snippet.js", "v2.zopim.com/"}},
	{Name: "tawk.to", Category: Preferences,
		Cookies:    []string{"TawkConnectionTime", "twk_idm_key", "twk_uuid_*", "__tawkuuid"},
		Hosts:      []string{"embed.tawk.to", "va.tawk.to", "tawk.to"},
		Signatures: []string{"embed.tawk.to/"}},
	{Name: "crisp", Category: Preferences,
		Cookies:    []string{"crisp-client%2F*"},
		Hosts:      []string{"client.crisp.chat", "crisp.chat"},
		Signatures: []string{"client.crisp.chat/l.js", "CRISP_WEBSITE_ID"}},
	{Name: "calendly", Category: Preferences,
		Hosts:      []string{"calendly.com", "assets.calendly.com"},
		Signatures: []string{"assets.calendly.com/assets/external/widget.js"}},
	{Name: "recaptcha", Category: Necessary,
		Hosts: []string{"www.google.com/recaptcha/*", "google.com/recaptcha/*", "www.gstatic.com/recaptcha/*", "recaptcha.net"}},
	{Name: "hcaptcha", Category: Necessary,
		Hosts: []string{"hcaptcha.com"}},
}
