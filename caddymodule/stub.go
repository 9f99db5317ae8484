package caddymodule

import (
	_ "github.com/caddyserver/caddy/v2"
	_ "github.com/caddyserver/caddy/v2/caddytest"
	_ "github.com/caddyserver/caddy/v2/modules/standard"
	_ "github.com/gorilla/securecookie"
	_ "go.uber.org/zap"
	_ "github.com/prometheus/client_golang/prometheus"
)
