package caddymodule

import (
	"net/http/httptest"
	"testing"
)

func TestTagETag(t *testing.T) {
	for _, tc := range []struct{ in, tagged, split string }{
		{`"abc"`, `W/"abc-cc0badf00d"`, `W/"abc"`},
		{`W/"abc"`, `W/"abc-cc0badf00d"`, `W/"abc"`},
		{`""`, `W/"-cc0badf00d"`, `W/""`},
		{`abc`, ``, ``},
		{`W/`, ``, ``},
	} {
		if got := tagETag(tc.in, "0badf00d"); got != tc.tagged {
			t.Errorf("tagETag(%s) = %s, want %s", tc.in, got, tc.tagged)
		}
		if tc.tagged == "" {
			continue
		}
		if up, tag := splitTag(tc.tagged); up != tc.split || tag != "0badf00d" {
			t.Errorf("splitTag(%s) = %s, %s", tc.tagged, up, tag)
		}
	}
	if up, tag := splitTag(`"plain-etag"`); up != `"plain-etag"` || tag != "" {
		t.Errorf("an untagged ETag split into %s, %s", up, tag)
	}
}

func TestEditConditionals(t *testing.T) {
	const tag = "0badf00d"
	for _, tc := range []struct {
		name, accept, inm, ims string
		wantINM, wantIMS       string
		matched                bool
	}{
		{"page of this state", "text/html", `W/"v1-cc0badf00d"`, "Sat, 01 Jan 2000 00:00:00 GMT", `W/"v1"`, "", true},
		{"page of another state", "text/html", `W/"v1-ccdeadbeef"`, "", "", "", false},
		{"untagged validator on a page", "text/html", `"v1", *`, "", "", "", false},
		{"image", "image/*", `"img1", W/"v1-ccdeadbeef"`, "Sat, 01 Jan 2000 00:00:00 GMT", `"img1"`, "Sat, 01 Jan 2000 00:00:00 GMT", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept", tc.accept)
		if tc.inm != "" {
			r.Header.Set("If-None-Match", tc.inm)
		}
		if tc.ims != "" {
			r.Header.Set("If-Modified-Since", tc.ims)
		}
		matched := editConditionals(r, tag)
		if matched != tc.matched || r.Header.Get("If-None-Match") != tc.wantINM || r.Header.Get("If-Modified-Since") != tc.wantIMS {
			t.Errorf("%s: matched %v, If-None-Match %q, If-Modified-Since %q", tc.name, matched, r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"))
		}
	}
}

func TestStateTagDiffers(t *testing.T) {
	h, _ := newTestHandler(t, nil)
	tags := map[string]string{}
	for name, st := range map[string]consentState{
		"undecided": {Accepted: 1},
		"refused":   {Decided: true, Accepted: 1},
		"gpc":       {Decided: true, GPC: true, Accepted: 1},
		"all":       {Decided: true, Accepted: h.allMask},
		"some":      {Decided: true, Accepted: 3},
	} {
		for _, lang := range []string{"en", "fr"} {
			tag := h.stateTag(st, lang)
			if len(tag) != tagLen {
				t.Fatalf("tag %q is not %d characters", tag, tagLen)
			}
			if other, dup := tags[tag]; dup {
				t.Errorf("%s/%s and %s share the tag %s", name, lang, other, tag)
			}
			tags[tag] = name + "/" + lang
		}
	}
}
