package banner

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Strings are the banner's words in one language. Templates reach them as
// .T.Title, .T.AcceptAll and so on; the json names are the keys of
// Config.Texts (and of the Caddyfile's text block).
type Strings struct {
	Title      string `json:"title,omitempty"`      // heading of the banner
	Intro      string `json:"intro,omitempty"`      // what we ask and why (plain text, no markup)
	AcceptAll  string `json:"accept_all,omitempty"` // first-layer button, consent=all
	RejectAll  string `json:"reject_all,omitempty"` // first-layer button, consent=none, same weight as AcceptAll
	Customize  string `json:"customize,omitempty"`  // disclosure that shows the categories
	Categories string `json:"categories,omitempty"` // legend of the category checkboxes
	AlwaysOn   string `json:"always_on,omitempty"`  // next to a required category
	Save       string `json:"save,omitempty"`       // consent=custom button
	Manage     string `json:"manage,omitempty"`     // the "Manage your cookies" control
	Policy     string `json:"policy,omitempty"`     // text of the link to the cookie policy
	GPC        string `json:"gpc,omitempty"`        // shown when the browser sent Sec-GPC: 1 and nothing is decided
}

// CategoryText is a category's words in one language.
type CategoryText struct {
	Label       string `json:"label,omitempty"`
	Description string `json:"description,omitempty"`
}

// Text is the banner's words in one language: the strings, and the label
// and description of each category by name.
type Text struct {
	Strings
	Category map[string]CategoryText `json:"category,omitempty"`
}

type language struct {
	Code    string   // primary language subtag, lower case
	Aliases []string // other primary subtags this language answers for
	Text
	keys []uint32 // primaryKey of Code, then of the Aliases
}

// builtin is the table of the languages the banner speaks out of the box:
// English, the default, then the others by code. "*" in Accept-Language
// picks the first one the header does not name.
var builtin = []language{
	{Code: "en", Text: Text{
		Strings: Strings{
			Title:      "Cookies on this site",
			Intro:      "We use necessary cookies to make this site work. With your consent we would also like to remember your preferences, measure how the site is used, and let partners show you relevant advertising. You can accept all, reject all or choose by category, and change your mind at any time with “Manage your cookies” at the bottom of the page.",
			AcceptAll:  "Accept all",
			RejectAll:  "Reject all",
			Customize:  "Choose by category",
			Categories: "Cookie categories",
			AlwaysOn:   "(always on)",
			Save:       "Save my choices",
			Manage:     "Manage your cookies",
			Policy:     "Cookie policy",
			GPC:        "Your browser sent a Global Privacy Control signal: analytics and marketing cookies stay off unless you turn them on.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Necessary", "Needed for the site to work: session, security, and remembering this choice."},
			"preferences": {"Preferences", "Remember your settings, such as language or display choices."},
			"analytics":   {"Analytics", "Count visits and see how the site is used, so that it can be improved."},
			"marketing":   {"Marketing", "Let advertising and social media partners show you relevant ads on other sites."},
		},
	}},
	{Code: "bg", Text: Text{
		Strings: Strings{
			Title:      "Бисквитки на този сайт",
			Intro:      "Използваме необходими бисквитки, за да работи този сайт. С Вашето съгласие бихме искали също да запомняме Вашите предпочитания, да измерваме как се използва сайтът и да позволим на партньори да Ви показват подходяща реклама. Можете да приемете всички, да откажете всички или да изберете по категории, както и да промените решението си по всяко време чрез „Управление на бисквитките“ в долната част на страницата.",
			AcceptAll:  "Приемане на всички",
			RejectAll:  "Отхвърляне на всички",
			Customize:  "Избор по категории",
			Categories: "Категории бисквитки",
			AlwaysOn:   "(винаги активни)",
			Save:       "Запазване на избора",
			Manage:     "Управление на бисквитките",
			Policy:     "Политика за бисквитките",
			GPC:        "Вашият браузър изпрати сигнал Global Privacy Control: бисквитките за анализ и маркетинг остават изключени, освен ако не ги включите.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Необходими", "Нужни за работата на сайта: сесия, сигурност и запомняне на този избор."},
			"preferences": {"Предпочитания", "Запомнят настройките Ви, например език или начин на показване."},
			"analytics":   {"Анализ", "Отчитат посещенията и показват как се използва сайтът, за да бъде подобрен."},
			"marketing":   {"Маркетинг", "Позволяват на рекламни партньори и социални мрежи да Ви показват подходящи реклами на други сайтове."},
		},
	}},
	{Code: "ca", Text: Text{
		Strings: Strings{
			Title:      "Galetes en aquest lloc web",
			Intro:      "Fem servir galetes necessàries perquè aquest lloc web funcioni. Amb el vostre consentiment, també voldríem recordar les vostres preferències, mesurar com s’utilitza el lloc i permetre que els nostres socis us mostrin publicitat rellevant. Podeu acceptar-les totes, rebutjar-les totes o triar per categoria, i canviar d’opinió en qualsevol moment amb «Gestiona les galetes» al peu de la pàgina.",
			AcceptAll:  "Accepta-les totes",
			RejectAll:  "Rebutja-les totes",
			Customize:  "Tria per categoria",
			Categories: "Categories de galetes",
			AlwaysOn:   "(sempre actives)",
			Save:       "Desa les meves opcions",
			Manage:     "Gestiona les galetes",
			Policy:     "Política de galetes",
			GPC:        "El vostre navegador ha enviat un senyal Global Privacy Control: les galetes d’analítica i de màrqueting es mantenen desactivades tret que les activeu.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Necessàries", "Imprescindibles perquè el lloc funcioni: sessió, seguretat i recordar aquesta tria."},
			"preferences": {"Preferències", "Recorden la vostra configuració, com ara l’idioma o la visualització."},
			"analytics":   {"Analítica", "Compten les visites i mostren com s’utilitza el lloc, per poder millorar-lo."},
			"marketing":   {"Màrqueting", "Permeten que socis publicitaris i xarxes socials us mostrin anuncis rellevants en altres llocs."},
		},
	}},
	{Code: "cs", Text: Text{
		Strings: Strings{
			Title:      "Soubory cookie na tomto webu",
			Intro:      "Používáme nezbytné soubory cookie, aby tento web fungoval. S vaším souhlasem bychom také rádi ukládali vaše předvolby, měřili, jak je web používán, a umožnili partnerům zobrazovat vám relevantní reklamu. Můžete přijmout vše, odmítnout vše nebo vybrat podle kategorií a své rozhodnutí kdykoli změnit pomocí „Spravovat soubory cookie“ v dolní části stránky.",
			AcceptAll:  "Přijmout vše",
			RejectAll:  "Odmítnout vše",
			Customize:  "Vybrat podle kategorií",
			Categories: "Kategorie souborů cookie",
			AlwaysOn:   "(vždy aktivní)",
			Save:       "Uložit moji volbu",
			Manage:     "Spravovat soubory cookie",
			Policy:     "Zásady používání souborů cookie",
			GPC:        "Váš prohlížeč odeslal signál Global Privacy Control: analytické a marketingové soubory cookie zůstanou vypnuté, dokud je nezapnete.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nezbytné", "Potřebné pro fungování webu: relace, zabezpečení a zapamatování této volby."},
			"preferences": {"Předvolby", "Ukládají vaše nastavení, například jazyk nebo zobrazení."},
			"analytics":   {"Analytické", "Počítají návštěvy a ukazují, jak je web používán, aby jej bylo možné zlepšit."},
			"marketing":   {"Marketingové", "Umožňují reklamním partnerům a sociálním sítím zobrazovat vám relevantní reklamy na jiných webech."},
		},
	}},
	{Code: "da", Text: Text{
		Strings: Strings{
			Title:      "Cookies på dette websted",
			Intro:      "Vi bruger nødvendige cookies for at få webstedet til at fungere. Med dit samtykke vil vi også gerne huske dine præferencer, måle hvordan webstedet bruges, og lade partnere vise dig relevante annoncer. Du kan acceptere alle, afvise alle eller vælge efter kategori og når som helst ændre dit valg med »Administrer cookies« nederst på siden.",
			AcceptAll:  "Accepter alle",
			RejectAll:  "Afvis alle",
			Customize:  "Vælg efter kategori",
			Categories: "Cookiekategorier",
			AlwaysOn:   "(altid aktive)",
			Save:       "Gem mine valg",
			Manage:     "Administrer cookies",
			Policy:     "Cookiepolitik",
			GPC:        "Din browser har sendt et Global Privacy Control-signal: statistik- og marketingcookies forbliver slået fra, medmindre du slår dem til.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nødvendige", "Kræves for at webstedet fungerer: session, sikkerhed og at huske dette valg."},
			"preferences": {"Præferencer", "Husker dine indstillinger, f.eks. sprog eller visning."},
			"analytics":   {"Statistik", "Tæller besøg og viser, hvordan webstedet bruges, så det kan forbedres."},
			"marketing":   {"Marketing", "Lader partnere inden for annoncering og sociale medier vise dig relevante annoncer på andre websteder."},
		},
	}},
	{Code: "de", Text: Text{
		Strings: Strings{
			Title:      "Cookies auf dieser Website",
			Intro:      "Wir verwenden notwendige Cookies, damit diese Website funktioniert. Mit Ihrer Einwilligung möchten wir außerdem Ihre Einstellungen speichern, die Nutzung der Website messen und Partnern erlauben, Ihnen passende Werbung zu zeigen. Sie können alle akzeptieren, alle ablehnen oder nach Kategorie wählen und Ihre Wahl jederzeit über „Cookies verwalten“ unten auf der Seite ändern.",
			AcceptAll:  "Alle akzeptieren",
			RejectAll:  "Alle ablehnen",
			Customize:  "Nach Kategorie wählen",
			Categories: "Cookie-Kategorien",
			AlwaysOn:   "(immer aktiv)",
			Save:       "Auswahl speichern",
			Manage:     "Cookies verwalten",
			Policy:     "Cookie-Richtlinie",
			GPC:        "Ihr Browser hat ein Global-Privacy-Control-Signal gesendet: Statistik- und Marketing-Cookies bleiben ausgeschaltet, solange Sie sie nicht einschalten.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Notwendig", "Für den Betrieb der Website erforderlich: Sitzung, Sicherheit und Speicherung dieser Auswahl."},
			"preferences": {"Präferenzen", "Speichern Ihre Einstellungen, etwa Sprache oder Darstellung."},
			"analytics":   {"Statistik", "Zählen Besuche und zeigen, wie die Website genutzt wird, um sie zu verbessern."},
			"marketing":   {"Marketing", "Erlauben Werbe- und Social-Media-Partnern, Ihnen auf anderen Websites passende Werbung zu zeigen."},
		},
	}},
	{Code: "el", Text: Text{
		Strings: Strings{
			Title:      "Cookies σε αυτόν τον ιστότοπο",
			Intro:      "Χρησιμοποιούμε απαραίτητα cookies για να λειτουργεί αυτός ο ιστότοπος. Με τη συγκατάθεσή σας θα θέλαμε επίσης να θυμόμαστε τις προτιμήσεις σας, να μετράμε πώς χρησιμοποιείται ο ιστότοπος και να επιτρέπουμε σε συνεργάτες να σας προβάλλουν σχετικές διαφημίσεις. Μπορείτε να αποδεχτείτε όλα, να απορρίψετε όλα ή να επιλέξετε ανά κατηγορία, και να αλλάξετε γνώμη οποιαδήποτε στιγμή από τη «Διαχείριση cookies» στο κάτω μέρος της σελίδας.",
			AcceptAll:  "Αποδοχή όλων",
			RejectAll:  "Απόρριψη όλων",
			Customize:  "Επιλογή ανά κατηγορία",
			Categories: "Κατηγορίες cookies",
			AlwaysOn:   "(πάντα ενεργά)",
			Save:       "Αποθήκευση επιλογών",
			Manage:     "Διαχείριση cookies",
			Policy:     "Πολιτική cookies",
			GPC:        "Το πρόγραμμα περιήγησής σας έστειλε σήμα Global Privacy Control: τα cookies ανάλυσης και μάρκετινγκ παραμένουν απενεργοποιημένα, εκτός αν τα ενεργοποιήσετε.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Απαραίτητα", "Χρειάζονται για τη λειτουργία του ιστότοπου: συνεδρία, ασφάλεια και απομνημόνευση αυτής της επιλογής."},
			"preferences": {"Προτιμήσεις", "Θυμούνται τις ρυθμίσεις σας, όπως τη γλώσσα ή την εμφάνιση."},
			"analytics":   {"Ανάλυση", "Μετρούν τις επισκέψεις και δείχνουν πώς χρησιμοποιείται ο ιστότοπος, ώστε να βελτιωθεί."},
			"marketing":   {"Μάρκετινγκ", "Επιτρέπουν σε συνεργάτες διαφήμισης και μέσων κοινωνικής δικτύωσης να σας προβάλλουν σχετικές διαφημίσεις σε άλλους ιστότοπους."},
		},
	}},
	{Code: "es", Text: Text{
		Strings: Strings{
			Title:      "Cookies en este sitio",
			Intro:      "Usamos cookies necesarias para que este sitio funcione. Con tu consentimiento, también nos gustaría recordar tus preferencias, medir cómo se usa el sitio y permitir que nuestros socios te muestren publicidad relevante. Puedes aceptar todas, rechazar todas o elegir por categoría, y cambiar de opinión en cualquier momento con «Gestionar cookies» al final de la página.",
			AcceptAll:  "Aceptar todas",
			RejectAll:  "Rechazar todas",
			Customize:  "Elegir por categoría",
			Categories: "Categorías de cookies",
			AlwaysOn:   "(siempre activas)",
			Save:       "Guardar mi elección",
			Manage:     "Gestionar cookies",
			Policy:     "Política de cookies",
			GPC:        "Tu navegador ha enviado una señal Global Privacy Control: las cookies de análisis y de marketing permanecen desactivadas salvo que las actives.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Necesarias", "Imprescindibles para que el sitio funcione: sesión, seguridad y recordar esta elección."},
			"preferences": {"Preferencias", "Recuerdan tus ajustes, como el idioma o la visualización."},
			"analytics":   {"Análisis", "Cuentan las visitas y muestran cómo se usa el sitio para poder mejorarlo."},
			"marketing":   {"Marketing", "Permiten a socios publicitarios y redes sociales mostrarte anuncios relevantes en otros sitios."},
		},
	}},
	{Code: "et", Text: Text{
		Strings: Strings{
			Title:      "Küpsised sellel veebisaidil",
			Intro:      "Kasutame vajalikke küpsiseid, et see veebisait töötaks. Teie nõusolekul soovime ka meelde jätta teie eelistused, mõõta, kuidas veebisaiti kasutatakse, ja lubada partneritel näidata teile asjakohast reklaami. Võite kõigiga nõustuda, kõigist keelduda või valida kategooriate kaupa ning oma otsust igal ajal muuta lehe allosas valikuga „Halda küpsiseid“.",
			AcceptAll:  "Nõustu kõigiga",
			RejectAll:  "Keeldu kõigist",
			Customize:  "Vali kategooriate kaupa",
			Categories: "Küpsiste kategooriad",
			AlwaysOn:   "(alati sees)",
			Save:       "Salvesta minu valik",
			Manage:     "Halda küpsiseid",
			Policy:     "Küpsiste kasutamise põhimõtted",
			GPC:        "Teie brauser saatis Global Privacy Controli signaali: analüüsi- ja turundusküpsised jäävad välja lülitatuks, kui te neid ise sisse ei lülita.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Vajalikud", "Vajalikud veebisaidi toimimiseks: seanss, turvalisus ja selle valiku meelespidamine."},
			"preferences": {"Eelistused", "Jätavad meelde teie seaded, näiteks keele või kuvamisviisi."},
			"analytics":   {"Analüüs", "Loendavad külastusi ja näitavad, kuidas veebisaiti kasutatakse, et seda parandada."},
			"marketing":   {"Turundus", "Lubavad reklaami- ja sotsiaalmeediapartneritel näidata teile teistel veebisaitidel asjakohaseid reklaame."},
		},
	}},
	{Code: "fi", Text: Text{
		Strings: Strings{
			Title:      "Evästeet tällä sivustolla",
			Intro:      "Käytämme välttämättömiä evästeitä, jotta sivusto toimii. Suostumuksellasi haluaisimme myös muistaa asetuksesi, mitata sivuston käyttöä ja antaa kumppaneiden näyttää sinulle kiinnostavaa mainontaa. Voit hyväksyä kaikki, hylätä kaikki tai valita luokittain sekä muuttaa valintaasi milloin tahansa sivun alareunan kohdasta ”Hallitse evästeitä”.",
			AcceptAll:  "Hyväksy kaikki",
			RejectAll:  "Hylkää kaikki",
			Customize:  "Valitse luokittain",
			Categories: "Evästeluokat",
			AlwaysOn:   "(aina käytössä)",
			Save:       "Tallenna valintani",
			Manage:     "Hallitse evästeitä",
			Policy:     "Evästekäytäntö",
			GPC:        "Selaimesi lähetti Global Privacy Control -signaalin: analytiikka- ja markkinointievästeet pysyvät pois päältä, ellet itse ota niitä käyttöön.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Välttämättömät", "Tarvitaan sivuston toimintaan: istunto, tietoturva ja tämän valinnan muistaminen."},
			"preferences": {"Asetukset", "Muistavat asetuksesi, kuten kielen tai näkymän."},
			"analytics":   {"Analytiikka", "Laskevat käynnit ja näyttävät, miten sivustoa käytetään, jotta sitä voidaan parantaa."},
			"marketing":   {"Markkinointi", "Antavat mainos- ja sosiaalisen median kumppaneiden näyttää sinulle kiinnostavia mainoksia muilla sivustoilla."},
		},
	}},
	{Code: "fr", Text: Text{
		Strings: Strings{
			Title:      "Les cookies sur ce site",
			Intro:      "Nous utilisons des cookies nécessaires au fonctionnement du site. Avec votre accord, nous aimerions aussi mémoriser vos préférences, mesurer l’audience du site et permettre à des partenaires de vous montrer des publicités adaptées. Vous pouvez tout accepter, tout refuser ou choisir par catégorie, et changer d’avis à tout moment avec «\u00a0Gérer vos cookies\u00a0» en bas de page.",
			AcceptAll:  "Tout accepter",
			RejectAll:  "Tout refuser",
			Customize:  "Choisir par catégorie",
			Categories: "Catégories de cookies",
			AlwaysOn:   "(toujours actifs)",
			Save:       "Enregistrer mes choix",
			Manage:     "Gérer vos cookies",
			Policy:     "Politique de cookies",
			GPC:        "Votre navigateur a envoyé un signal Global Privacy Control\u00a0: les cookies de mesure d’audience et de marketing restent désactivés, sauf si vous les activez.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nécessaires", "Indispensables au fonctionnement du site\u00a0: session, sécurité et mémorisation de ce choix."},
			"preferences": {"Préférences", "Mémorisent vos réglages, comme la langue ou l’affichage."},
			"analytics":   {"Mesure d’audience", "Comptent les visites et montrent comment le site est utilisé, pour l’améliorer."},
			"marketing":   {"Marketing", "Permettent à des partenaires publicitaires et réseaux sociaux de vous montrer des publicités adaptées sur d’autres sites."},
		},
	}},
	{Code: "ga", Text: Text{
		Strings: Strings{
			Title:      "Fianáin ar an suíomh seo",
			Intro:      "Úsáidimid fianáin riachtanacha chun go n-oibreoidh an suíomh seo. Le do thoiliú, ba mhaith linn freisin do shainroghanna a mheabhrú, úsáid an tsuímh a thomhas, agus ligean do chomhpháirtithe fógraíocht ábhartha a thaispeáint duit. Is féidir leat glacadh le gach ceann, gach ceann a dhiúltú nó roghnú de réir catagóire, agus d’intinn a athrú am ar bith le “Bainistigh do chuid fianán” ag bun an leathanaigh.",
			AcceptAll:  "Glac le gach ceann",
			RejectAll:  "Diúltaigh do gach ceann",
			Customize:  "Roghnaigh de réir catagóire",
			Categories: "Catagóirí fianán",
			AlwaysOn:   "(i gcónaí ar siúl)",
			Save:       "Sábháil mo roghanna",
			Manage:     "Bainistigh do chuid fianán",
			Policy:     "Beartas fianán",
			GPC:        "Sheol do bhrabhsálaí comhartha Global Privacy Control: fanfaidh fianáin anailísíochta agus mhargaíochta múchta mura gcuireann tú ar siúl iad.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Riachtanach", "Ag teastáil chun go n-oibreoidh an suíomh: seisiún, slándáil, agus an rogha seo a mheabhrú."},
			"preferences": {"Sainroghanna", "Meabhraíonn siad do shocruithe, mar shampla teanga nó taispeáint."},
			"analytics":   {"Anailísíocht", "Comhaireann siad cuairteanna agus léiríonn siad conas a úsáidtear an suíomh, ionas gur féidir é a fheabhsú."},
			"marketing":   {"Margaíocht", "Ligeann siad do chomhpháirtithe fógraíochta agus meán sóisialta fógraí ábhartha a thaispeáint duit ar shuíomhanna eile."},
		},
	}},
	{Code: "hr", Text: Text{
		Strings: Strings{
			Title:      "Kolačići na ovom web-mjestu",
			Intro:      "Upotrebljavamo nužne kolačiće kako bi ovo web-mjesto radilo. Uz Vašu privolu željeli bismo i zapamtiti Vaše postavke, mjeriti kako se web-mjesto koristi te partnerima omogućiti da Vam prikazuju relevantne oglase. Možete prihvatiti sve, odbiti sve ili odabrati po kategorijama te se u bilo kojem trenutku predomisliti putem „Upravljanje kolačićima“ na dnu stranice.",
			AcceptAll:  "Prihvati sve",
			RejectAll:  "Odbij sve",
			Customize:  "Odaberi po kategorijama",
			Categories: "Kategorije kolačića",
			AlwaysOn:   "(uvijek uključeni)",
			Save:       "Spremi moj odabir",
			Manage:     "Upravljanje kolačićima",
			Policy:     "Pravila o kolačićima",
			GPC:        "Vaš preglednik poslao je signal Global Privacy Control: analitički i marketinški kolačići ostaju isključeni osim ako ih ne uključite.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nužni", "Potrebni za rad web-mjesta: sesija, sigurnost i pamćenje ovog odabira."},
			"preferences": {"Postavke", "Pamte Vaše postavke, primjerice jezik ili prikaz."},
			"analytics":   {"Analitika", "Broje posjete i pokazuju kako se web-mjesto koristi kako bi se moglo poboljšati."},
			"marketing":   {"Marketing", "Omogućuju partnerima za oglašavanje i društvene mreže da Vam na drugim web-mjestima prikazuju relevantne oglase."},
		},
	}},
	{Code: "hu", Text: Text{
		Strings: Strings{
			Title:      "Sütik ezen a webhelyen",
			Intro:      "A webhely működéséhez szükséges sütiket használunk. Hozzájárulásával szeretnénk megjegyezni a beállításait, mérni a webhely használatát, és lehetővé tenni, hogy partnereink releváns hirdetéseket jelenítsenek meg Önnek. Elfogadhatja az összeset, elutasíthatja az összeset, vagy kategóriánként választhat, és döntését bármikor megváltoztathatja az oldal alján található „Sütik kezelése” lehetőséggel.",
			AcceptAll:  "Összes elfogadása",
			RejectAll:  "Összes elutasítása",
			Customize:  "Választás kategóriánként",
			Categories: "Sütikategóriák",
			AlwaysOn:   "(mindig aktív)",
			Save:       "Választásom mentése",
			Manage:     "Sütik kezelése",
			Policy:     "Sütikezelési szabályzat",
			GPC:        "Böngészője Global Privacy Control jelzést küldött: az elemzési és marketingcélú sütik kikapcsolva maradnak, hacsak Ön be nem kapcsolja őket.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Szükséges", "A webhely működéséhez kellenek: munkamenet, biztonság és ennek a választásnak a megjegyzése."},
			"preferences": {"Beállítások", "Megjegyzik a beállításait, például a nyelvet vagy a megjelenítést."},
			"analytics":   {"Elemzés", "Számolják a látogatásokat, és megmutatják, hogyan használják a webhelyet, hogy fejleszteni lehessen."},
			"marketing":   {"Marketing", "Lehetővé teszik, hogy hirdetési és közösségimédia-partnerek más webhelyeken releváns hirdetéseket jelenítsenek meg Önnek."},
		},
	}},
	{Code: "is", Text: Text{
		Strings: Strings{
			Title:      "Vafrakökur á þessum vef",
			Intro:      "Við notum nauðsynlegar vafrakökur til að vefurinn virki. Með þínu samþykki viljum við einnig muna stillingarnar þínar, mæla hvernig vefurinn er notaður og leyfa samstarfsaðilum að sýna þér viðeigandi auglýsingar. Þú getur samþykkt allar, hafnað öllum eða valið eftir flokkum og skipt um skoðun hvenær sem er með „Stjórna vafrakökum“ neðst á síðunni.",
			AcceptAll:  "Samþykkja allar",
			RejectAll:  "Hafna öllum",
			Customize:  "Velja eftir flokkum",
			Categories: "Flokkar vafrakaka",
			AlwaysOn:   "(alltaf virkar)",
			Save:       "Vista val mitt",
			Manage:     "Stjórna vafrakökum",
			Policy:     "Stefna um vafrakökur",
			GPC:        "Vafrinn þinn sendi Global Privacy Control-merki: vafrakökur fyrir tölfræði og markaðssetningu eru óvirkar nema þú kveikir á þeim.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nauðsynlegar", "Þarf til að vefurinn virki: lota, öryggi og að muna þetta val."},
			"preferences": {"Stillingar", "Muna stillingarnar þínar, til dæmis tungumál eða útlit."},
			"analytics":   {"Tölfræði", "Telja heimsóknir og sýna hvernig vefurinn er notaður svo hægt sé að bæta hann."},
			"marketing":   {"Markaðssetning", "Leyfa samstarfsaðilum á sviði auglýsinga og samfélagsmiðla að sýna þér viðeigandi auglýsingar á öðrum vefjum."},
		},
	}},
	{Code: "it", Text: Text{
		Strings: Strings{
			Title:      "Cookie su questo sito",
			Intro:      "Usiamo cookie necessari per far funzionare questo sito. Con il tuo consenso vorremmo anche ricordare le tue preferenze, misurare come viene usato il sito e permettere a partner di mostrarti pubblicità pertinente. Puoi accettare tutto, rifiutare tutto o scegliere per categoria, e cambiare idea in qualsiasi momento con «Gestisci i cookie» in fondo alla pagina.",
			AcceptAll:  "Accetta tutto",
			RejectAll:  "Rifiuta tutto",
			Customize:  "Scegli per categoria",
			Categories: "Categorie di cookie",
			AlwaysOn:   "(sempre attivi)",
			Save:       "Salva le mie scelte",
			Manage:     "Gestisci i cookie",
			Policy:     "Informativa sui cookie",
			GPC:        "Il tuo browser ha inviato un segnale Global Privacy Control: i cookie di statistica e di marketing restano disattivati, a meno che tu non li attivi.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Necessari", "Servono al funzionamento del sito: sessione, sicurezza e memorizzazione di questa scelta."},
			"preferences": {"Preferenze", "Ricordano le tue impostazioni, come la lingua o la visualizzazione."},
			"analytics":   {"Statistiche", "Contano le visite e mostrano come viene usato il sito, per migliorarlo."},
			"marketing":   {"Marketing", "Permettono a partner pubblicitari e social network di mostrarti annunci pertinenti su altri siti."},
		},
	}},
	{Code: "lt", Text: Text{
		Strings: Strings{
			Title:      "Slapukai šioje svetainėje",
			Intro:      "Naudojame būtinuosius slapukus, kad ši svetainė veiktų. Jums sutikus, taip pat norėtume įsiminti jūsų nuostatas, matuoti, kaip naudojamasi svetaine, ir leisti partneriams rodyti jums tinkamą reklamą. Galite priimti visus, atmesti visus arba pasirinkti pagal kategorijas ir bet kada pakeisti savo sprendimą puslapio apačioje paspaudę „Tvarkyti slapukus“.",
			AcceptAll:  "Priimti visus",
			RejectAll:  "Atmesti visus",
			Customize:  "Pasirinkti pagal kategorijas",
			Categories: "Slapukų kategorijos",
			AlwaysOn:   "(visada įjungti)",
			Save:       "Išsaugoti mano pasirinkimą",
			Manage:     "Tvarkyti slapukus",
			Policy:     "Slapukų politika",
			GPC:        "Jūsų naršyklė išsiuntė Global Privacy Control signalą: analitikos ir rinkodaros slapukai lieka išjungti, nebent juos įjungsite.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Būtinieji", "Reikalingi svetainės veikimui: sesija, sauga ir šio pasirinkimo įsiminimas."},
			"preferences": {"Nuostatos", "Įsimena jūsų nustatymus, pavyzdžiui, kalbą ar rodinį."},
			"analytics":   {"Analitika", "Skaičiuoja apsilankymus ir rodo, kaip naudojamasi svetaine, kad ją būtų galima tobulinti."},
			"marketing":   {"Rinkodara", "Leidžia reklamos ir socialinių tinklų partneriams rodyti jums tinkamas reklamas kitose svetainėse."},
		},
	}},
	{Code: "lv", Text: Text{
		Strings: Strings{
			Title:      "Sīkdatnes šajā vietnē",
			Intro:      "Mēs izmantojam nepieciešamās sīkdatnes, lai šī vietne darbotos. Ar jūsu piekrišanu mēs vēlētos arī atcerēties jūsu iestatījumus, novērtēt, kā vietne tiek izmantota, un ļaut partneriem rādīt jums atbilstošas reklāmas. Jūs varat pieņemt visas, noraidīt visas vai izvēlēties pēc kategorijas un jebkurā laikā mainīt savu izvēli lapas apakšā ar „Pārvaldīt sīkdatnes“.",
			AcceptAll:  "Pieņemt visas",
			RejectAll:  "Noraidīt visas",
			Customize:  "Izvēlēties pēc kategorijas",
			Categories: "Sīkdatņu kategorijas",
			AlwaysOn:   "(vienmēr ieslēgtas)",
			Save:       "Saglabāt manu izvēli",
			Manage:     "Pārvaldīt sīkdatnes",
			Policy:     "Sīkdatņu politika",
			GPC:        "Jūsu pārlūks nosūtīja Global Privacy Control signālu: analītikas un mārketinga sīkdatnes paliek izslēgtas, ja vien jūs tās neieslēdzat.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nepieciešamās", "Vajadzīgas vietnes darbībai: sesija, drošība un šīs izvēles atcerēšanās."},
			"preferences": {"Iestatījumi", "Atceras jūsu iestatījumus, piemēram, valodu vai attēlojumu."},
			"analytics":   {"Analītika", "Skaita apmeklējumus un parāda, kā vietne tiek izmantota, lai to varētu uzlabot."},
			"marketing":   {"Mārketings", "Ļauj reklāmas un sociālo mediju partneriem rādīt jums atbilstošas reklāmas citās vietnēs."},
		},
	}},
	{Code: "mt", Text: Text{
		Strings: Strings{
			Title:      "Cookies f’dan is-sit",
			Intro:      "Nużaw cookies meħtieġa biex dan is-sit jaħdem. Bil-kunsens tiegħek nixtiequ wkoll niftakru l-preferenzi tiegħek, inkejlu kif jintuża s-sit, u nħallu lil imsieħba juruk reklami rilevanti. Tista’ taċċetta kollox, tirrifjuta kollox jew tagħżel skont il-kategorija, u tibdel fehmtek meta trid permezz ta’ “Immaniġġja l-cookies” fil-qiegħ tal-paġna.",
			AcceptAll:  "Aċċetta kollox",
			RejectAll:  "Irrifjuta kollox",
			Customize:  "Agħżel skont il-kategorija",
			Categories: "Kategoriji ta’ cookies",
			AlwaysOn:   "(dejjem attivi)",
			Save:       "Issejvja l-għażliet tiegħi",
			Manage:     "Immaniġġja l-cookies",
			Policy:     "Politika dwar il-cookies",
			GPC:        "Il-browser tiegħek bagħat sinjal Global Privacy Control: il-cookies analitiċi u tal-kummerċjalizzazzjoni jibqgħu mitfija sakemm ma tixgħelhomx int.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Meħtieġa", "Meħtieġa biex is-sit jaħdem: sessjoni, sigurtà u biex niftakru din l-għażla."},
			"preferences": {"Preferenzi", "Jiftakru s-settings tiegħek, bħal-lingwa jew il-wiri."},
			"analytics":   {"Analitika", "Jgħoddu ż-żjarat u juru kif jintuża s-sit, biex ikun jista’ jittejjeb."},
			"marketing":   {"Kummerċjalizzazzjoni", "Iħallu lil imsieħba tar-reklamar u tal-midja soċjali juruk reklami rilevanti fuq siti oħra."},
		},
	}},
	{Code: "nb", Aliases: []string{"no", "nn"}, Text: Text{
		Strings: Strings{
			Title:      "Informasjonskapsler på dette nettstedet",
			Intro:      "Vi bruker nødvendige informasjonskapsler for at nettstedet skal fungere. Med ditt samtykke vil vi også huske innstillingene dine, måle hvordan nettstedet brukes, og la partnere vise deg relevant reklame. Du kan godta alle, avvise alle eller velge etter kategori, og når som helst ombestemme deg med «Administrer informasjonskapsler» nederst på siden.",
			AcceptAll:  "Godta alle",
			RejectAll:  "Avvis alle",
			Customize:  "Velg etter kategori",
			Categories: "Kategorier av informasjonskapsler",
			AlwaysOn:   "(alltid på)",
			Save:       "Lagre valgene mine",
			Manage:     "Administrer informasjonskapsler",
			Policy:     "Retningslinjer for informasjonskapsler",
			GPC:        "Nettleseren din sendte et Global Privacy Control-signal: informasjonskapsler for statistikk og markedsføring forblir avslått med mindre du slår dem på.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nødvendige", "Trengs for at nettstedet skal fungere: økt, sikkerhet og å huske dette valget."},
			"preferences": {"Innstillinger", "Husker innstillingene dine, for eksempel språk eller visning."},
			"analytics":   {"Statistikk", "Teller besøk og viser hvordan nettstedet brukes, slik at det kan forbedres."},
			"marketing":   {"Markedsføring", "Lar partnere innen annonsering og sosiale medier vise deg relevante annonser på andre nettsteder."},
		},
	}},
	{Code: "nl", Text: Text{
		Strings: Strings{
			Title:      "Cookies op deze website",
			Intro:      "We gebruiken noodzakelijke cookies om deze website te laten werken. Met uw toestemming willen we ook uw voorkeuren onthouden, meten hoe de website wordt gebruikt en partners relevante advertenties laten tonen. U kunt alles accepteren, alles weigeren of per categorie kiezen, en uw keuze op elk moment wijzigen via “Cookies beheren” onderaan de pagina.",
			AcceptAll:  "Alles accepteren",
			RejectAll:  "Alles weigeren",
			Customize:  "Per categorie kiezen",
			Categories: "Cookiecategorieën",
			AlwaysOn:   "(altijd aan)",
			Save:       "Mijn keuze opslaan",
			Manage:     "Cookies beheren",
			Policy:     "Cookiebeleid",
			GPC:        "Uw browser heeft een Global Privacy Control-signaal gestuurd: analytische en marketingcookies blijven uit, tenzij u ze aanzet.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Noodzakelijk", "Nodig om de website te laten werken: sessie, beveiliging en het onthouden van deze keuze."},
			"preferences": {"Voorkeuren", "Onthouden uw instellingen, zoals taal of weergave."},
			"analytics":   {"Analytisch", "Tellen bezoeken en laten zien hoe de website wordt gebruikt, zodat die kan worden verbeterd."},
			"marketing":   {"Marketing", "Laten advertentie- en socialemediapartners u relevante advertenties tonen op andere websites."},
		},
	}},
	{Code: "pl", Text: Text{
		Strings: Strings{
			Title:      "Pliki cookie w tym serwisie",
			Intro:      "Używamy niezbędnych plików cookie, aby ten serwis działał. Za Twoją zgodą chcielibyśmy też zapamiętywać Twoje preferencje, mierzyć, jak korzystasz z serwisu, i pozwolić partnerom wyświetlać Ci dopasowane reklamy. Możesz zaakceptować wszystkie, odrzucić wszystkie lub wybrać według kategorii, a swoją decyzję zmienić w dowolnym momencie za pomocą „Zarządzaj plikami cookie” na dole strony.",
			AcceptAll:  "Zaakceptuj wszystkie",
			RejectAll:  "Odrzuć wszystkie",
			Customize:  "Wybierz według kategorii",
			Categories: "Kategorie plików cookie",
			AlwaysOn:   "(zawsze włączone)",
			Save:       "Zapisz moje wybory",
			Manage:     "Zarządzaj plikami cookie",
			Policy:     "Polityka plików cookie",
			GPC:        "Twoja przeglądarka wysłała sygnał Global Privacy Control: analityczne i marketingowe pliki cookie pozostają wyłączone, dopóki ich nie włączysz.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Niezbędne", "Potrzebne do działania serwisu: sesja, bezpieczeństwo i zapamiętanie tego wyboru."},
			"preferences": {"Preferencje", "Zapamiętują Twoje ustawienia, np. język lub sposób wyświetlania."},
			"analytics":   {"Analityczne", "Liczą odwiedziny i pokazują, jak korzystasz z serwisu, aby można go było ulepszać."},
			"marketing":   {"Marketingowe", "Pozwalają partnerom reklamowym i serwisom społecznościowym wyświetlać Ci dopasowane reklamy w innych serwisach."},
		},
	}},
	{Code: "pt", Text: Text{
		Strings: Strings{
			Title:      "Cookies neste site",
			Intro:      "Utilizamos cookies necessários para que este site funcione. Com o seu consentimento, gostaríamos também de memorizar as suas preferências, medir a utilização do site e permitir que parceiros lhe mostrem publicidade relevante. Pode aceitar todos, rejeitar todos ou escolher por categoria, e mudar de ideias a qualquer momento em “Gerir cookies” no fundo da página.",
			AcceptAll:  "Aceitar todos",
			RejectAll:  "Rejeitar todos",
			Customize:  "Escolher por categoria",
			Categories: "Categorias de cookies",
			AlwaysOn:   "(sempre ativos)",
			Save:       "Guardar as minhas escolhas",
			Manage:     "Gerir cookies",
			Policy:     "Política de cookies",
			GPC:        "O seu navegador enviou um sinal Global Privacy Control: os cookies de análise e de marketing ficam desativados, a menos que os ative.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Necessários", "Indispensáveis ao funcionamento do site: sessão, segurança e memorização desta escolha."},
			"preferences": {"Preferências", "Memorizam as suas definições, como o idioma ou a apresentação."},
			"analytics":   {"Análise", "Contam as visitas e mostram como o site é utilizado, para que possa ser melhorado."},
			"marketing":   {"Marketing", "Permitem que parceiros de publicidade e redes sociais lhe mostrem anúncios relevantes noutros sites."},
		},
	}},
	{Code: "ro", Text: Text{
		Strings: Strings{
			Title:      "Cookie-uri pe acest site",
			Intro:      "Folosim cookie-uri necesare pentru ca acest site să funcționeze. Cu acordul dumneavoastră, am dori, de asemenea, să vă reținem preferințele, să măsurăm modul în care este folosit site-ul și să permitem partenerilor să vă arate publicitate relevantă. Puteți accepta toate, respinge toate sau alege pe categorii și vă puteți schimba decizia oricând din „Gestionează cookie-urile” din partea de jos a paginii.",
			AcceptAll:  "Acceptă toate",
			RejectAll:  "Respinge toate",
			Customize:  "Alege pe categorii",
			Categories: "Categorii de cookie-uri",
			AlwaysOn:   "(mereu active)",
			Save:       "Salvează alegerile mele",
			Manage:     "Gestionează cookie-urile",
			Policy:     "Politica privind cookie-urile",
			GPC:        "Browserul dumneavoastră a trimis un semnal Global Privacy Control: cookie-urile de analiză și de marketing rămân dezactivate, cu excepția cazului în care le activați.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Necesare", "Necesare pentru funcționarea site-ului: sesiune, securitate și reținerea acestei alegeri."},
			"preferences": {"Preferințe", "Rețin setările dumneavoastră, de exemplu limba sau modul de afișare."},
			"analytics":   {"Analiză", "Numără vizitele și arată cum este folosit site-ul, pentru a-l putea îmbunătăți."},
			"marketing":   {"Marketing", "Permit partenerilor de publicitate și rețelelor sociale să vă arate reclame relevante pe alte site-uri."},
		},
	}},
	{Code: "sk", Text: Text{
		Strings: Strings{
			Title:      "Súbory cookie na tejto webovej stránke",
			Intro:      "Používame nevyhnutné súbory cookie, aby táto webová stránka fungovala. S vaším súhlasom by sme tiež chceli uchovávať vaše preferencie, merať, ako sa stránka používa, a umožniť partnerom zobrazovať vám relevantnú reklamu. Môžete prijať všetko, odmietnuť všetko alebo vybrať podľa kategórií a svoje rozhodnutie kedykoľvek zmeniť cez „Spravovať súbory cookie“ v dolnej časti stránky.",
			AcceptAll:  "Prijať všetko",
			RejectAll:  "Odmietnuť všetko",
			Customize:  "Vybrať podľa kategórií",
			Categories: "Kategórie súborov cookie",
			AlwaysOn:   "(vždy zapnuté)",
			Save:       "Uložiť môj výber",
			Manage:     "Spravovať súbory cookie",
			Policy:     "Zásady používania súborov cookie",
			GPC:        "Váš prehliadač odoslal signál Global Privacy Control: analytické a marketingové súbory cookie zostanú vypnuté, kým ich nezapnete.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nevyhnutné", "Potrebné na fungovanie stránky: relácia, zabezpečenie a zapamätanie tohto výberu."},
			"preferences": {"Preferencie", "Uchovávajú vaše nastavenia, napríklad jazyk alebo zobrazenie."},
			"analytics":   {"Analytické", "Počítajú návštevy a ukazujú, ako sa stránka používa, aby sa dala zlepšiť."},
			"marketing":   {"Marketingové", "Umožňujú reklamným partnerom a sociálnym sieťam zobrazovať vám relevantné reklamy na iných stránkach."},
		},
	}},
	{Code: "sl", Text: Text{
		Strings: Strings{
			Title:      "Piškotki na tem spletnem mestu",
			Intro:      "Uporabljamo nujne piškotke, da to spletno mesto deluje. Z vašo privolitvijo bi radi tudi shranili vaše nastavitve, merili, kako se spletno mesto uporablja, in partnerjem omogočili, da vam prikazujejo ustrezne oglase. Sprejmete lahko vse, zavrnete vse ali izberete po kategorijah ter svojo odločitev kadar koli spremenite z »Upravljanje piškotkov« na dnu strani.",
			AcceptAll:  "Sprejmi vse",
			RejectAll:  "Zavrni vse",
			Customize:  "Izberi po kategorijah",
			Categories: "Kategorije piškotkov",
			AlwaysOn:   "(vedno vklopljeni)",
			Save:       "Shrani mojo izbiro",
			Manage:     "Upravljanje piškotkov",
			Policy:     "Pravilnik o piškotkih",
			GPC:        "Vaš brskalnik je poslal signal Global Privacy Control: analitični in oglaševalski piškotki ostanejo izklopljeni, razen če jih vklopite.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nujni", "Potrebni za delovanje spletnega mesta: seja, varnost in shranjevanje te izbire."},
			"preferences": {"Nastavitve", "Shranijo vaše nastavitve, na primer jezik ali prikaz."},
			"analytics":   {"Analitika", "Štejejo obiske in kažejo, kako se spletno mesto uporablja, da ga lahko izboljšamo."},
			"marketing":   {"Trženje", "Oglaševalskim partnerjem in družbenim omrežjem omogočajo, da vam na drugih spletnih mestih prikazujejo ustrezne oglase."},
		},
	}},
	{Code: "sv", Text: Text{
		Strings: Strings{
			Title:      "Kakor på den här webbplatsen",
			Intro:      "Vi använder nödvändiga kakor för att webbplatsen ska fungera. Med ditt samtycke vill vi också komma ihåg dina inställningar, mäta hur webbplatsen används och låta partner visa dig relevant reklam. Du kan godkänna alla, avvisa alla eller välja per kategori, och när som helst ändra dig via ”Hantera kakor” längst ned på sidan.",
			AcceptAll:  "Godkänn alla",
			RejectAll:  "Avvisa alla",
			Customize:  "Välj per kategori",
			Categories: "Kategorier av kakor",
			AlwaysOn:   "(alltid på)",
			Save:       "Spara mina val",
			Manage:     "Hantera kakor",
			Policy:     "Kakpolicy",
			GPC:        "Din webbläsare skickade en Global Privacy Control-signal: kakor för statistik och marknadsföring förblir avstängda om du inte slår på dem.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Nödvändiga", "Behövs för att webbplatsen ska fungera: session, säkerhet och att komma ihåg det här valet."},
			"preferences": {"Inställningar", "Kommer ihåg dina inställningar, till exempel språk eller visning."},
			"analytics":   {"Statistik", "Räknar besök och visar hur webbplatsen används, så att den kan förbättras."},
			"marketing":   {"Marknadsföring", "Låter partner inom annonsering och sociala medier visa dig relevanta annonser på andra webbplatser."},
		},
	}},
	{Code: "tr", Text: Text{
		Strings: Strings{
			Title:      "Bu sitedeki çerezler",
			Intro:      "Bu sitenin çalışması için gerekli çerezleri kullanıyoruz. Onayınızla ayrıca tercihlerinizi hatırlamak, sitenin nasıl kullanıldığını ölçmek ve iş ortaklarımızın size ilgili reklamlar göstermesine izin vermek istiyoruz. Tümünü kabul edebilir, tümünü reddedebilir veya kategoriye göre seçebilir, kararınızı sayfanın altındaki “Çerezleri yönet” ile istediğiniz zaman değiştirebilirsiniz.",
			AcceptAll:  "Tümünü kabul et",
			RejectAll:  "Tümünü reddet",
			Customize:  "Kategoriye göre seç",
			Categories: "Çerez kategorileri",
			AlwaysOn:   "(her zaman açık)",
			Save:       "Seçimlerimi kaydet",
			Manage:     "Çerezleri yönet",
			Policy:     "Çerez politikası",
			GPC:        "Tarayıcınız bir Global Privacy Control sinyali gönderdi: siz açmadıkça analiz ve pazarlama çerezleri kapalı kalır.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Gerekli", "Sitenin çalışması için gereklidir: oturum, güvenlik ve bu seçimin hatırlanması."},
			"preferences": {"Tercihler", "Dil veya görünüm gibi ayarlarınızı hatırlar."},
			"analytics":   {"Analiz", "Ziyaretleri sayar ve sitenin nasıl kullanıldığını göstererek geliştirilmesine yardımcı olur."},
			"marketing":   {"Pazarlama", "Reklam ve sosyal medya iş ortaklarının diğer sitelerde size ilgili reklamlar göstermesine izin verir."},
		},
	}},
	{Code: "uk", Text: Text{
		Strings: Strings{
			Title:      "Файли cookie на цьому сайті",
			Intro:      "Ми використовуємо необхідні файли cookie, щоб цей сайт працював. З вашої згоди ми також хотіли б запам’ятовувати ваші налаштування, вимірювати, як використовується сайт, і дозволяти партнерам показувати вам доречну рекламу. Ви можете прийняти всі, відхилити всі або вибрати за категоріями, а також будь-коли змінити рішення за допомогою «Керувати файлами cookie» внизу сторінки.",
			AcceptAll:  "Прийняти всі",
			RejectAll:  "Відхилити всі",
			Customize:  "Вибрати за категоріями",
			Categories: "Категорії файлів cookie",
			AlwaysOn:   "(завжди увімкнені)",
			Save:       "Зберегти мій вибір",
			Manage:     "Керувати файлами cookie",
			Policy:     "Політика щодо файлів cookie",
			GPC:        "Ваш браузер надіслав сигнал Global Privacy Control: аналітичні та маркетингові файли cookie залишаються вимкненими, якщо ви їх не ввімкнете.",
		},
		Category: map[string]CategoryText{
			"necessary":   {"Необхідні", "Потрібні для роботи сайту: сеанс, безпека та запам’ятовування цього вибору."},
			"preferences": {"Налаштування", "Запам’ятовують ваші налаштування, наприклад мову чи вигляд."},
			"analytics":   {"Аналітика", "Рахують відвідування й показують, як використовується сайт, щоб його можна було покращити."},
			"marketing":   {"Маркетинг", "Дозволяють рекламним партнерам і соціальним мережам показувати вам доречну рекламу на інших сайтах."},
		},
	}},
}

// maxLanguages bounds a Banner's languages: negotiation keeps a bit for each.
const maxLanguages = 64

// stringKeys are the keys of Strings (its json names), in field order.
var stringKeys = func() []string {
	t := reflect.TypeFor[Strings]()
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i], _, _ = strings.Cut(t.Field(i).Tag.Get("json"), ",")
	}
	return keys
}()

// Keys lists the keys of Strings, as used in Config.Texts: title, intro,
// accept_all and so on.
func Keys() []string { return slices.Clone(stringKeys) }

// Set sets the string with this key; it reports false for an unknown key.
func (s *Strings) Set(key, value string) bool {
	i := slices.Index(stringKeys, key)
	if i < 0 {
		return false
	}
	reflect.ValueOf(s).Elem().Field(i).SetString(value)
	return true
}

// get returns the string with the key at index i of stringKeys.
func (s *Strings) get(i int) string { return reflect.ValueOf(s).Elem().Field(i).String() }

// rtl holds the codes of languages written right to left.
var rtl = []string{"ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}

// buildLanguages applies the site's texts to the built-in table: a built-in
// language takes the site's words over its own, one by one; another language
// is added, and must then say everything the banner shows (a banner half in
// English is no good to a visitor, nor to the DPO who signs the words).
func buildLanguages(texts map[string]Text, cats []Category) ([]language, error) {
	langs := make([]language, len(builtin), len(builtin)+len(texts))
	for i, l := range builtin {
		l.Category = maps.Clone(l.Category)
		langs[i] = l
	}
	for _, code := range slices.Sorted(maps.Keys(texts)) {
		t := texts[code]
		if err := checkText(code, t, cats); err != nil {
			return nil, err
		}
		i := slices.IndexFunc(langs, func(l language) bool { return l.Code == code })
		if i < 0 {
			if missing := missingKeys(t, cats); len(missing) > 0 {
				return nil, fmt.Errorf("banner: text %s: %s is not built in, so its text needs every key; missing: %s",
					code, code, strings.Join(missing, ", "))
			}
			langs = append(langs, language{Code: code, Text: Text{Strings: t.Strings, Category: maps.Clone(t.Category)}})
			continue
		}
		l := &langs[i]
		for k := range stringKeys {
			if v := t.get(k); v != "" {
				l.Set(stringKeys[k], v)
			}
		}
		for name, ct := range t.Category {
			own := l.Category[name]
			l.Category[name] = CategoryText{first(ct.Label, own.Label), first(ct.Description, own.Description)}
		}
	}
	if len(langs) > maxLanguages {
		return nil, fmt.Errorf("banner: %d languages, at most %d", len(langs), maxLanguages)
	}
	for i := range langs {
		l := &langs[i]
		l.keys = []uint32{primaryKey(l.Code)}
		for _, a := range l.Aliases {
			l.keys = append(l.keys, primaryKey(a))
		}
	}
	return langs, nil
}

// checkText refuses a language code that is not one, a category that is
// neither built in nor the site's (a typo), and text that could not be shown
// as it is.
func checkText(code string, t Text, cats []Category) error {
	if !validCode(code) {
		return fmt.Errorf("banner: text %q: a language code is 2 or 3 lower-case letters (ISO 639), such as fr", code)
	}
	for k := range stringKeys {
		if err := checkValue(t.get(k)); err != nil {
			return fmt.Errorf("banner: text %s: %s: %v", code, stringKeys[k], err)
		}
	}
	for name, ct := range t.Category {
		_, builtinCat := builtin[0].Category[name]
		if !builtinCat && !slices.ContainsFunc(cats, func(c Category) bool { return c.Name == name }) {
			return fmt.Errorf("banner: text %s: category %q is not one of the site's categories (%s)", code, name, catNames(cats))
		}
		for _, v := range []string{ct.Label, ct.Description} {
			if err := checkValue(v); err != nil {
				return fmt.Errorf("banner: text %s: category %s: %v", code, name, err)
			}
		}
	}
	return nil
}

func catNames(cats []Category) string {
	names := make([]string, len(cats))
	for i, c := range cats {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// checkValue accepts plain text: the templates escape it, so markup shows
// as typed, but control characters have no place in a banner.
func checkValue(v string) error {
	if !utf8.ValidString(v) {
		return errors.New("not valid UTF-8")
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return fmt.Errorf("control character %U", r)
		}
	}
	return nil
}

// missingKeys lists what a language added by the site leaves out: a string,
// or the label or description of a category that has built-in texts.
func missingKeys(t Text, cats []Category) []string {
	var missing []string
	for k := range stringKeys {
		if t.get(k) == "" {
			missing = append(missing, stringKeys[k])
		}
	}
	for _, c := range cats {
		if _, ok := builtin[0].Category[c.Name]; !ok {
			continue // the site's own category falls back to its English text, or its name
		}
		if ct := t.Category[c.Name]; ct.Label == "" || ct.Description == "" {
			missing = append(missing, "category "+c.Name)
		}
	}
	return missing
}

func validCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// match returns the index of the language a language tag asks for, by its
// primary subtag ("pt-BR" is Portuguese), or -1. A language's own code wins
// over another's alias, so that a site that adds "nn" gets it.
func match(langs []language, tag string) int {
	k := primaryKey(tag)
	if k == 0 {
		return -1
	}
	for i := range langs {
		if langs[i].keys[0] == k {
			return i
		}
	}
	for i := range langs {
		if slices.Contains(langs[i].keys[1:], k) {
			return i
		}
	}
	return -1
}

// primaryKey packs the primary subtag of a tag (before '-' or '_'), in
// lower case, into a number; 0 when it is not 2 or 3 letters, as no code
// of ours is. Comparing numbers keeps Negotiate quick over many languages.
func primaryKey(tag string) uint32 {
	var k uint32
	n := 0
	for ; n < len(tag) && tag[n] != '-' && tag[n] != '_'; n++ {
		c := tag[n] | 0x20 // ASCII letters to lower case; anything else stays out of a-z
		if n == 3 || c < 'a' || c > 'z' {
			return 0
		}
		k = k<<8 | uint32(c)
	}
	if n < 2 {
		return 0
	}
	return k
}

// negotiate picks a language from an Accept-Language header value (RFC 9110
// 12.5.4): the one with the highest q-value wins, ties go to the one listed
// first; a region or script subtag is ignored ("fr-CA" is French); "*"
// stands for any language the header does not name (the first in langs);
// q=0 rules a language out. Anything unparsable, or nothing we speak, gives
// dflt. It does not allocate.
func negotiate(langs []language, acceptLanguage string, dflt int) int {
	best, bestQ := -1, -1
	starQ := -1
	var named uint64 // languages the header names, with any q
	s := acceptLanguage
	for len(s) > 0 {
		var item string
		if i := strings.IndexByte(s, ','); i >= 0 {
			item, s = s[:i], s[i+1:]
		} else {
			item, s = s, ""
		}
		tag, params := item, ""
		if i := strings.IndexByte(item, ';'); i >= 0 {
			tag, params = item[:i], item[i+1:]
		}
		tag = trimOWS(tag)
		if tag == "" {
			continue
		}
		q, ok := parseQ(params)
		if !ok {
			continue
		}
		if tag == "*" {
			starQ = max(starQ, q)
			continue
		}
		if i := match(langs, tag); i >= 0 {
			named |= 1 << i
			if q > 0 && q > bestQ {
				best, bestQ = i, q
			}
		}
	}
	if starQ > 0 && starQ > bestQ {
		for i := range langs {
			if named&(1<<i) == 0 {
				return i
			}
		}
	}
	if best < 0 {
		return dflt
	}
	return best
}

// parseQ reads the q parameter from the parameters of one Accept-Language
// item, as thousandths (1000 when absent). ok is false for a malformed q.
func parseQ(params string) (q int, ok bool) {
	q = 1000
	for len(params) > 0 {
		var p string
		if i := strings.IndexByte(params, ';'); i >= 0 {
			p, params = params[:i], params[i+1:]
		} else {
			p, params = params, ""
		}
		p = trimOWS(p)
		eq := strings.IndexByte(p, '=')
		if eq < 0 {
			continue
		}
		name, val := trimOWS(p[:eq]), trimOWS(p[eq+1:])
		if name != "q" && name != "Q" {
			continue
		}
		return parseQValue(val)
	}
	return q, true
}

// parseQValue parses qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
func parseQValue(v string) (int, bool) {
	if v == "" || len(v) > 5 || (v[0] != '0' && v[0] != '1') {
		return 0, false
	}
	n := int(v[0]-'0') * 1000
	if len(v) == 1 {
		return n, true
	}
	if v[1] != '.' {
		return 0, false
	}
	scale := 100
	for i := 2; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n += int(c-'0') * scale
		scale /= 10
	}
	if n > 1000 {
		return 0, false
	}
	return n, true
}

func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
