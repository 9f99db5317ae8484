package htmlrewrite

//go:generate go run gen_charrefs.go

import (
	"bytes"
	"unicode/utf8"
)

// appendAttrValue appends to dst the attribute value v as a browser reads
// it: with its character references decoded by the rules for attribute
// values (HTML §13.2.5.72 to §13.2.5.80).
func appendAttrValue(dst, v []byte) []byte {
	for {
		k := bytes.IndexByte(v, '&')
		if k < 0 {
			return append(dst, v...)
		}
		dst = append(dst, v[:k]...)
		var n int
		if dst, n = appendCharRef(dst, v[k:]); n == 0 {
			dst, n = append(dst, '&'), 1 // not a reference: the '&' is text
		}
		v = v[k+n:]
	}
}

// appendCharRef appends the character that the reference at the start of
// v (at its '&') stands for, and returns how many bytes of v it took, or
// none if v begins with no reference.
func appendCharRef(dst, v []byte) ([]byte, int) {
	if len(v) > 1 && v[1] == '#' {
		return appendNumericRef(dst, v)
	}
	// §13.2.5.73: the longest name in the table. Names are ASCII letters
	// and digits, some ending in ';', so only the whole run of them after
	// the '&' can match: a shorter one would have one of them next, which
	// in an attribute leaves it as text.
	run := 1
	for run < len(v) && isAlnum(v[run]) {
		run++
	}
	if run == 1 || run > longestCharRef {
		return dst, 0
	}
	if run < len(v) && v[run] == ';' {
		if ref, ok := namedCharRefs[string(v[1:run+1])]; ok {
			return append(dst, ref...), run + 1
		}
	}
	// A legacy name, without its ';', is text in an attribute before '='.
	if ref, ok := namedCharRefs[string(v[1:run])]; ok && (run == len(v) || v[run] != '=') {
		return append(dst, ref...), run
	}
	return dst, 0
}

// appendNumericRef decodes the numeric reference at the start of v (at its
// "&#"), §13.2.5.75 to §13.2.5.80: decimal, or hex after 'x' or 'X', with
// or without its ';'.
func appendNumericRef(dst, v []byte) ([]byte, int) {
	i, base := 2, rune(10)
	if i < len(v) && v[i]|0x20 == 'x' {
		i, base = 3, 16
	}
	start, code := i, rune(0)
	for ; i < len(v); i++ {
		d := digitValue(v[i])
		if d >= base {
			break
		}
		if code <= utf8.MaxRune { // past it, the value no longer matters
			code = code*base + d
		}
	}
	if i == start {
		return dst, 0 // no digits: "&#" and "&#x" are text
	}
	if i < len(v) && v[i] == ';' {
		i++
	}
	switch {
	case code == 0, code > utf8.MaxRune, 0xD800 <= code && code <= 0xDFFF:
		code = utf8.RuneError
	case 0x80 <= code && code <= 0x9F:
		code = windows1252[code-0x80]
	}
	return utf8.AppendRune(dst, code), i
}

// digitValue returns the value of a decimal or hex digit, or 16 for any
// other byte.
func digitValue(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c|0x20 && c|0x20 <= 'f':
		return rune(c|0x20-'a') + 10
	}
	return 16
}

func isAlnum(c byte) bool { return isAlpha(c) || '0' <= c && c <= '9' }

// windows1252 maps numeric references to 0x80-0x9F, C1 controls, to the
// characters Windows-1252 puts there (§13.2.5.80); five have none and stay.
var windows1252 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
}
