package banner

import "testing"

func benchPage() Page {
	return Page{Lang: "fr", Return: "/shop/cart?id=42&ref=home", Decided: true, Accepted: []string{"analytics"}, Nonce: "dGhpcyBpcyBhIG5vbmNl"}
}

func BenchmarkAppendBody(b *testing.B) {
	bn := mustNew(b, testConfig())
	p := benchPage()
	buf := bn.AppendBody(nil, p)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = bn.AppendBody(buf[:0], p)
	}
}

func BenchmarkAppendHead(b *testing.B) {
	bn := mustNew(b, testConfig())
	p := benchPage()
	buf := bn.AppendHead(nil, p)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = bn.AppendHead(buf[:0], p)
	}
}

// BenchmarkAppendBodyUndecided is the first visit: no cookie, no nonce.
func BenchmarkAppendBodyUndecided(b *testing.B) {
	bn := mustNew(b, testConfig())
	p := Page{Lang: "en", Return: "/"}
	buf := bn.AppendBody(nil, p)
	b.ReportAllocs()
	for b.Loop() {
		buf = bn.AppendBody(buf[:0], p)
	}
}

// BenchmarkAppendBodyParallel: many requests on all cores at once.
func BenchmarkAppendBodyParallel(b *testing.B) {
	bn := mustNew(b, testConfig())
	p := benchPage()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var buf []byte
		for pb.Next() {
			buf = bn.AppendBody(buf[:0], p)
		}
	})
}

// BenchmarkExecuteBody is what each request would cost if the template
// were executed every time (the uncached path), for comparison.
func BenchmarkExecuteBody(b *testing.B) {
	bn := mustNew(b, testConfig())
	bn.cacheLimit = 0
	empty := map[uint64]*rendered{}
	bn.cache.Store(&empty)
	p := benchPage()
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = bn.AppendBody(buf[:0], p)
	}
}

func BenchmarkNegotiate(b *testing.B) {
	bn := mustNew(b, testConfig())
	b.ReportAllocs()
	for b.Loop() {
		bn.Negotiate("de-CH,de;q=0.9,fr-CH;q=0.8,fr;q=0.7,en;q=0.5,*;q=0.1")
	}
}
