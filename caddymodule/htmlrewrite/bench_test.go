package htmlrewrite

import (
	"bytes"
	"io"
	"testing"

	"github.com/cookieconsent/caddy-cookie-consent/internal/corpus"
	"golang.org/x/net/html"
)

// BenchmarkRewriteCorpus rewrites every corpus page, one Rewriter reused,
// each page written whole or in 32 KiB writes (what a proxy hands on).
func BenchmarkRewriteCorpus(b *testing.B) {
	_, pages := corpus.Pages(b)
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
	_, pages := corpus.Pages(b)
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

// tagDensePage is an article page of about size bytes made of short
// paragraphs with inline markup, about six tags per 120 bytes; with
// trackers, its head holds the usual ones: resource hints, the gtag.js
// loader and its inline snippet, the Meta pixel and its noscript image.
func tagDensePage(size int, trackers bool) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Acme Widgets - Our story</title>\n" +
		"<link rel=\"stylesheet\" href=\"/style.css\">\n")
	if trackers {
		b.WriteString(`<link rel="preconnect" href="https://www.googletagmanager.com">
<link rel="dns-prefetch" href="https://connect.facebook.net">
<script async src="https://www.googletagmanager.com/gtag/js?id=G-DEMO000001"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-DEMO000001');
</script>
<script>
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
document,'script','https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '000000000000001');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none" alt=""
src="https://www.facebook.com/tr?id=000000000000001&ev=PageView&noscript=1"></noscript>
`)
	}
	b.WriteString("</head>\n<body>\n<main>\n")
	para := `<p class="lead">Widgets have been made here since 1987, <a href="/about.html">read more</a> about <em>our</em> story.</p>` + "\n"
	for b.Len()+len(para)+32 < size {
		b.WriteString(para)
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes()
}

// BenchmarkRewriteTagDense rewrites a 500 KB tag-dense article page in
// 32 KiB writes, without and with trackers in its head.
func BenchmarkRewriteTagDense(b *testing.B) {
	for _, c := range []struct {
		name     string
		trackers bool
	}{
		{"plain", false},
		{"trackers", true},
	} {
		page := tagDensePage(500<<10, c.trackers)
		b.Run(c.name, func(b *testing.B) {
			o := testOptions(testPolicy{})
			r := New(io.Discard, o)
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(io.Discard, o)
				for q := page; len(q) > 0; {
					n := min(len(q), 32<<10)
					r.Write(q[:n])
					q = q[n:]
				}
				r.Close()
			}
		})
	}
}
