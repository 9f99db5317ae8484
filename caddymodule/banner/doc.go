// Package banner renders what the cookie consent proxy injects into HTML
// pages, and serves the banner's static assets. It knows nothing of Caddy.
//
// # Blocks
//
// AppendHead gives the block to insert first in <head>: an inline guard
// script (Google Consent Mode v2 defaults, a document.cookie guard, a guard
// for tracker scripts inserted at run time), the stylesheet and the deferred
// banner.js. AppendBody gives the block to insert before </body>: the banner
// form and the "Manage your cookies" control. Each block is wrapped in
// MarkerOpen … MarkerClose.
//
// Rendering is cheap: a template is executed once per distinct state
// (language, decided, GPC, accepted categories, whether a nonce and a return
// path are present), with placeholders where the return path and the nonce
// go; the output is kept split at the placeholders, and a request only
// copies the pieces and escapes its two values. The undecided states of the
// default language are rendered at New; others on first use (at most 4096
// kept).
//
// Non-ASCII text is written as character references outside <script> and
// <style>, so the banner reads right whatever the upstream page's charset.
//
// # Languages
//
// The banner speaks the languages of one table (builtin, in lang.go),
// English first. Config.Texts overrides their words key by key (the keys
// are the json names of Strings) or adds languages, which must then be
// complete; Config.Lang forces one. Banner.Negotiate picks a language from
// Accept-Language, and Banner.TextVersion names the words shown in it.
// Templates get the words as .T, the language as .Lang and its direction
// as .Dir.
//
// # The banner without JavaScript
//
// The body block is a <details data-cookie-consent-panel> whose <summary
// data-cookie-consent-manage> is the "Manage your cookies" control: open
// when nothing is decided, closed (showing just the control) otherwise. Its
// form posts to the endpoint with consent=all, consent=none (same class, so
// the same weight) or consent=custom and the category checkboxes, plus a
// hidden return field. A first, hidden consent=custom submit button is what
// Enter in a checkbox submits (implicit submission uses the first enabled
// submit button), so that it saves the ticked categories and never means
// "Accept all"; New refuses a site template without one.
//
// The first layer is a labelled, non-modal dialog (role=dialog,
// aria-labelledby); banner.js enhances it (fetch, in-page revival, focus
// and Escape handling, scaling on zoomed-out phones): see the comment at
// the top of static/banner.js for the hooks it relies on.
//
// # Themes
//
// Config.Theme sets the custom properties of banner.css (colours, font,
// radius; an appended rule, so the stylesheet's name changes with it) and
// TemplateData.Theme the root's cc-pos-* and cc-manage-* classes.
//
// # Templates of the site's own
//
// Config.TemplateDir may hold any of these files; each one present replaces
// the built-in one (see templates/ in this package for those):
//
//	head.html   html/template, executed with TemplateData: the head block
//	body.html   html/template, executed with TemplateData: the body block
//	banner.css  the stylesheet served as StyleURL (hashed name follows it)
//
// The markers are added around the output, not by the templates (and
// html/template drops comments anyway). A template must:
//
//   - put .Return and .Nonce only as whole values in HTML text or attribute
//     values (they are filled per request; New rejects other uses);
//   - for the head, load the guard first, from a <script> carrying
//     data-cookie-consent-state="{{.StateJSON}}" (the guard reads its state
//     from its own element): {{.Guard}} alone inside it, or, with
//     Config.GuardExternal, src="{{.GuardURL}}" (neither defer nor async);
//     and put the nonce on every <script>, <link> and <style>
//     (nonce="{{.Nonce}}" when .Nonce is not empty);
//   - for the body, keep the hooks of banner.js: data-cookie-consent-root
//     and data-cookie-consent-state="{{.StateJSON}}" on the root element,
//     a <details data-cookie-consent-panel> holding the <form>, and its
//     <summary data-cookie-consent-manage>; and keep the form contract
//     (method post, action {{.Endpoint}}, consent=all|none|custom buttons,
//     category checkboxes, the hidden return field).
//
// New executes a site template in every language with every flag set and
// with none, so that a mistake is an error at start-up naming the file; it
// also refuses a head without the guard, and a body without a <form>, a
// value="all" and a value="none" button and a data-cookie-consent-manage
// control. A TemplateDir that does not exist, or holds none of the three
// files, is an error too. Should a site template still fail on some later
// state, the built-in template is used for that state.
//
// The stylesheet is embedded in the page's head only: if the site's head.html
// leaves it out, the banner is an unstyled (but working) form at the end of
// the page.
//
// # Content-Security-Policy
//
// Page.Nonce is put on every <script>, <link rel=stylesheet> and <style> the
// blocks hold (the external ones too, for 'strict-dynamic' policies). The
// inline guard's text does not change per visitor (its state travels in an
// attribute), so ScriptHashes gives the 'sha256-…' source to add to a
// script-src that has no nonce. The assets are same-origin ('self').
package banner
