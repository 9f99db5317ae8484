// Package testport makes tests fail fast when a fixed port they use is
// taken. Caddy binds with SO_REUSEPORT, so a demo left running on the same
// port would share a test's traffic, and the test could pass on answers
// that were not its own.
package testport

import (
	"fmt"
	"net"
)

// Taken returns an error naming the first of addrs ("host:port") that
// something already listens on.
func Taken(addrs ...string) error {
	for _, addr := range addrs {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("%s is taken (a Caddy or demo left running?): stop it, the tests need the port to themselves: %w", addr, err)
		}
		l.Close()
	}
	return nil
}
