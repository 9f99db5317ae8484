package caddymodule

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
)

// consentState is a visitor's decision, as read from the consent cookie (or
// derived from Sec-GPC when there is none).
type consentState struct {
	Decided  bool
	GPC      bool    // the decision is the browser's Sec-GPC signal, not a click
	Accepted catMask // always includes necessary
	Time     time.Time
	ID       string // random consent id, only for the proof-of-consent record
}

// catMask is a set of categories, as bit positions in Handler.categories.
// Bit 0 is always necessary.
type catMask uint64

func (m catMask) has(i int) bool { return m&(1<<uint(i)) != 0 }

// maxCookieValue bounds what we hand to the decoder: a real consent cookie
// is about 150 bytes, and securecookie refuses more than 4096 anyway.
const maxCookieValue = 1024

// cookieFormat is the first field of the signed payload, so that a future
// layout change can tell old cookies apart.
const cookieFormat = "c1"

// consentCodec signs and verifies the consent cookie with every configured
// key: the first signs, all verify (key rotation).
type consentCodec struct {
	name   string
	codecs []securecookie.Codec
}

func newConsentCodec(name string, secrets [][]byte, maxAge time.Duration) consentCodec {
	codecs := make([]securecookie.Codec, len(secrets))
	for i, s := range secrets {
		// Signed, not encrypted: the payload holds nothing secret, and the
		// cookie is HttpOnly; signing alone keeps it small and fast.
		sc := securecookie.New(hashKey(s), nil)
		sc.SetSerializer(securecookie.NopEncoder{})
		sc.MaxAge(int(maxAge / time.Second))
		sc.MaxLength(maxCookieValue)
		codecs[i] = sc
	}
	return consentCodec{name: name, codecs: codecs}
}

// encode builds the payload "c1|policy|unix|id|cat,cat" and signs it.
func (c consentCodec) encode(policy string, st consentState, names []string) (string, error) {
	var cats []string
	for i, n := range names {
		if st.Accepted.has(i) {
			cats = append(cats, n)
		}
	}
	payload := strings.Join([]string{cookieFormat, policy, strconv.FormatInt(st.Time.Unix(), 10), st.ID, strings.Join(cats, ",")}, "|")
	return securecookie.EncodeMulti(c.name, []byte(payload), c.codecs...)
}

// decode verifies a cookie value and returns the decision it holds. Any
// flaw (bad signature, old policy, unknown layout, expired) is "no decision".
func (c consentCodec) decode(value, policy string, names []string, lifetime func(refused bool) time.Duration, now time.Time) (consentState, bool) {
	if value == "" || len(value) > maxCookieValue {
		return consentState{}, false
	}
	var payload []byte
	if err := securecookie.DecodeMulti(c.name, value, &payload, c.codecs...); err != nil {
		return consentState{}, false
	}
	fields := strings.Split(string(payload), "|")
	if len(fields) != 5 || fields[0] != cookieFormat || fields[1] != policy {
		return consentState{}, false
	}
	unix, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil {
		return consentState{}, false
	}
	st := consentState{Decided: true, Accepted: 1, Time: time.Unix(unix, 0), ID: fields[3]}
	if fields[4] != "" {
		for _, cat := range strings.Split(fields[4], ",") {
			for i, n := range names {
				if n == cat {
					st.Accepted |= 1 << uint(i)
				}
			}
		}
	}
	if now.Sub(st.Time) > lifetime(st.Accepted == 1) || st.Time.After(now.Add(time.Minute)) {
		return consentState{}, false
	}
	return st, true
}

// newConsentID returns a random id that ties a cookie to its proof-of-consent
// record and to nothing else.
func newConsentID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// consentCookie is the Set-Cookie for a decision, per DESIGN.md: set only by
// the server, HttpOnly, SameSite=Lax, Path=/, Secure on HTTPS.
func consentCookie(name, value string, maxAge time.Duration, secure bool) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   int(maxAge / time.Second),
		Expires:  time.Now().Add(maxAge).UTC(),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
}
