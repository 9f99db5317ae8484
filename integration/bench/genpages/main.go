// Command genpages writes the test data of the benchmark (integration/bench/run.sh)
// into a folder: two HTML article pages carrying the usual trackers
// (page-20k.html, page-500k.html) and a file of random bytes (blob-5m.bin).
//
//	go run ./integration/bench/genpages -out /tmp/bench-data
//
// The pages are made up for this benchmark: ordinary article markup repeated
// until the page reaches its size, with a Google tag (gtag.js), a Meta pixel
// with its <noscript> image, a Matomo snippet, a few images and resource
// hints towards the trackers, as a legacy CMS would serve them.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	out := flag.String("out", "", "folder to write the files into (created if missing)")
	seed := flag.Uint64("seed", 1, "seed of the random file, so runs compare")
	flag.Parse()
	if *out == "" {
		log.Fatal("genpages: -out is required")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	files := []struct {
		name string
		data []byte
	}{
		{"page-20k.html", page(20 << 10)},
		{"page-500k.html", page(500 << 10)},
		{"blob-5m.bin", randomBytes(5<<20, *seed)},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(*out, f.name), f.data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

func randomBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	rng := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8), byte(seed >> 16), byte(seed >> 24)})
	_, _ = rng.Read(b)
	return b
}

const head = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Harbour Street Gazette: the town council votes on the new ferry timetable</title>
<meta name="description" content="Local news, sport and weather from the harbour district.">
<link rel="preconnect" href="https://www.google-analytics.com">
<link rel="dns-prefetch" href="https://connect.facebook.net">
<link rel="preconnect" href="https://www.googletagmanager.com" crossorigin>
<link rel="stylesheet" href="/assets/css/site.css?v=4.2.1">
<link rel="icon" href="/favicon.ico">
<!-- Global site tag (gtag.js) -->
<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', 'G-X');
</script>
<!-- Meta Pixel -->
<script>
!function(f,b,e,v,n,t,s)
{if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};
if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';
n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];
s.parentNode.insertBefore(t,s)}(window, document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '1');
fbq('track', 'PageView');
</script>
<noscript><img height="1" width="1" style="display:none" alt=""
src="https://www.facebook.com/tr?id=1&ev=PageView&noscript=1"></noscript>
<!-- Matomo -->
<script>
  var _paq = window._paq = window._paq || [];
  _paq.push(['trackPageView']);
  _paq.push(['enableLinkTracking']);
  (function() {
    var u="https://stats.harbourstreet.example/";
    _paq.push(['setTrackerUrl', u+'matomo.php']);
    _paq.push(['setSiteId', '3']);
    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
    g.async=true; g.src=u+'matomo.js'; s.parentNode.insertBefore(g,s);
  })();
</script>
<script src="/assets/js/menu.js?v=4.2.1" defer></script>
</head>
<body class="article-page">
<header class="site-header">
  <a class="logo" href="/"><img src="/assets/img/logo.svg" alt="Harbour Street Gazette" width="180" height="40"></a>
  <nav aria-label="Sections">
    <ul>
      <li><a href="/news/">News</a></li>
      <li><a href="/sport/">Sport</a></li>
      <li><a href="/business/">Business</a></li>
      <li><a href="/culture/">Culture</a></li>
      <li><a href="/weather/">Weather</a></li>
    </ul>
  </nav>
  <form class="search" action="/search" method="get"><input type="search" name="q" placeholder="Search"><button>Go</button></form>
</header>
<main>
<article class="story">
<h1>Council votes on the new ferry timetable</h1>
<p class="byline">By <a href="/authors/m-okafor">Miriam Okafor</a>, <time datetime="2026-03-14T09:30:00Z">14 March 2026</time></p>
<figure class="lead"><img src="/media/2026/03/ferry-terminal-1200.jpg" srcset="/media/2026/03/ferry-terminal-600.jpg 600w, /media/2026/03/ferry-terminal-1200.jpg 1200w" alt="The ferry terminal at dawn" width="1200" height="675" loading="eager">
<figcaption>The terminal at dawn, before the first crossing.</figcaption></figure>
`

var paragraphs = []string{
	`Residents packed the upper hall of the town council on Thursday evening as councillors debated a timetable that would add two early crossings and drop the last sailing of the night.`,
	`Supporters said the early boats would help shift workers reach the hospital and the fish market on time; opponents worried that the island's restaurants would lose their late customers.`,
	`The harbour master told the meeting that the older of the two vessels needs a long refit next winter, and that the new timetable had been drawn up with a single boat in mind.`,
	`A petition signed by more than nine hundred people asked the council to keep the late sailing at least on Fridays and Saturdays during the summer months.`,
	`Several speakers raised the price of the season ticket, which rose by twelve per cent last year, and asked whether the operator would freeze it while the service is reduced.`,
	`The council's transport committee will publish its recommendation next month, after a second consultation that is open to anyone who lives or works in the district.`,
}

var subheads = []string{"What changes", "Who is affected", "The late sailing", "Prices", "What happens next", "Reactions"}

func section(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<section id=\"part-%d\">\n<h2>%s</h2>\n", i, subheads[i%len(subheads)])
	for j := range 4 {
		fmt.Fprintf(&b, "<p>%s <a href=\"/news/2026/03/ferry-%d-%d\">Read more</a>.</p>\n", paragraphs[(i+j)%len(paragraphs)], i, j)
	}
	if i%3 == 1 {
		fmt.Fprintf(&b, "<figure><img src=\"/media/2026/03/photo-%d.jpg\" alt=\"Photo %d of the meeting\" width=\"800\" height=\"533\" loading=\"lazy\"><figcaption>At the meeting (photo %d).</figcaption></figure>\n", i, i, i)
	}
	if i%4 == 2 {
		fmt.Fprintf(&b, "<blockquote><p>&ldquo;%s&rdquo;</p><footer>A resident, part %d</footer></blockquote>\n", paragraphs[i%len(paragraphs)][:60], i)
	}
	b.WriteString("<aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/news/harbour-dredging\">Dredging starts in April</a></li><li><a href=\"/news/bus-link\">A bus link to the terminal?</a></li></ul></aside>\n</section>\n")
	return b.String()
}

const tail = `</article>
<aside class="sidebar">
  <h2>Most read</h2>
  <ol>
    <li><a href="/news/storm-warning">Storm warning for the weekend</a></li>
    <li><a href="/sport/regatta">Regatta results</a></li>
    <li><a href="/culture/festival">Festival line-up announced</a></li>
  </ol>
  <img src="/ads/house/subscribe-300x250.png" alt="Subscribe to the Gazette" width="300" height="250">
</aside>
</main>
<footer class="site-footer">
  <p>&copy; 2026 Harbour Street Gazette. <a href="/privacy">Privacy</a> &middot; <a href="/cookie-policy">Cookie policy</a> &middot; <a href="/contact">Contact</a></p>
  <img src="https://www.google-analytics.com/collect?v=1&amp;tid=UA-1-1&amp;t=pageview" width="1" height="1" alt="">
</footer>
<noscript><p><img referrerpolicy="no-referrer-when-downgrade" src="https://stats.harbourstreet.example/matomo.php?idsite=3&amp;rec=1" style="border:0" alt=""></p></noscript>
</body>
</html>
`

// page returns an article page of about size bytes (within a section).
func page(size int) []byte {
	var b strings.Builder
	b.Grow(size + 4096)
	b.WriteString(head)
	for i := 0; b.Len()+len(tail) < size; i++ {
		b.WriteString(section(i))
	}
	b.WriteString(tail)
	return []byte(b.String())
}
