package caddymodule

import (
	"fmt"

	caddycmd "github.com/caddyserver/caddy/v2/cmd"
)

func init() {
	caddycmd.RegisterCommand(caddycmd.Command{
		Name:  "cookie-consent-key",
		Short: "Prints a fresh random key for the cookie_consent secret",
		Long: `Prints 32 random bytes in base64, for the secret option of cookie_consent.
Keep it out of the Caddyfile: put it in the environment, for example
COOKIE_CONSENT_SECRET, and write secret {env.COOKIE_CONSENT_SECRET}.
Every instance behind one load balancer needs the same key.`,
		Func: func(caddycmd.Flags) (int, error) {
			key, err := newSecret()
			if err != nil {
				return 1, err
			}
			fmt.Println(key)
			return 0, nil
		},
	})
}
