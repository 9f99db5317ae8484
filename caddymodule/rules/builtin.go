package rules

// Builtin is the built-in vendor table, our own writing from public facts.
var Builtin = []Vendor{
	{Name: "php", Category: Necessary, Cookies: []string{"PHPSESSID"}},
	{Name: "google-analytics", Category: Analytics, Cookies: []string{"_ga", "_ga_*", "_gid", "_gat*", "__utm*"},
		Hosts: []string{"www.google-analytics.com", "ssl.google-analytics.com"}},
	{Name: "matomo", Category: Analytics, Cookies: []string{"_pk_*"}},
}
