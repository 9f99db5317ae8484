package caddymodule

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// minSecretBytes is the least key material we accept: securecookie's HMAC
// wants a 32-byte hash key, and a shorter secret would be guessable.
const minSecretBytes = 32

// decodeSecret reads a key written in hex or base64 (standard or URL
// alphabet, padded or not), as `caddy cookie-consent-key` prints it.
func decodeSecret(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("is empty")
	}
	var key []byte
	if b, err := hex.DecodeString(s); err == nil {
		key = b
	} else {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				key = b
				break
			}
		}
	}
	if key == nil {
		return nil, fmt.Errorf("is neither hex nor base64")
	}
	if len(key) < minSecretBytes {
		return nil, fmt.Errorf("decodes to %d bytes; at least %d are needed", len(key), minSecretBytes)
	}
	return key, nil
}

// hashKey derives the securecookie HMAC key from a secret, so that the
// secret itself is never used raw and any length >= 32 bytes works.
func hashKey(secret []byte) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("cookie_consent hash key v1"))
	return mac.Sum(nil)
}

// newSecret returns a fresh random key in base64, for the key command.
func newSecret() (string, error) {
	b := make([]byte, minSecretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}
