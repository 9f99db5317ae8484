package htmlrewrite

import (
	"bytes"
	"io"
	"testing"

	"golang.org/x/net/html"
)

// BenchmarkRewriteCorpus rewrites every corpus page, one Rewriter reused,
// each page written whole or in 32 KiB writes (what a proxy hands on).
func BenchmarkRewriteCorpus(b *testing.B) {
	_, pages := corpusPages(b)
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	for _, c := range []struct {
		name   string
		policy Policy
		chunk  int
	}{
		{"nop", nopPolicy{}, 0},
		{"nop-32KiB", nopPolicy{}, 32 << 10},
		{"blocking", testPolicy{}, 0},
		{"blocking-substring", substringPolicy{}, 0},
	} {
		b.Run(c.name, func(b *testing.B) {
			o := testOptions(c.policy)
			r := New(io.Discard, o)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					r.Reset(io.Discard, o)
					for q := p; len(q) > 0; {
						n := len(q)
						if c.chunk > 0 {
							n = min(n, c.chunk)
						}
						r.Write(q[:n])
						q = q[n:]
					}
					r.Close()
				}
			}
		})
	}
}

// BenchmarkXNetTokenizer is the comparison: golang.org/x/net/html's
// tokenizer copying every token's raw bytes, which is byte-exact.
func BenchmarkXNetTokenizer(b *testing.B) {
	_, pages := corpusPages(b)
	size := 0
	for _, p := range pages {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			z := html.NewTokenizer(bytes.NewReader(p))
			for z.Next() != html.ErrorToken {
				io.Discard.Write(z.Raw())
			}
		}
	}
}
