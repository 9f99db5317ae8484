package caddymodule

import (
	"compress/flate"
	"compress/gzip"
	"io"
	"strings"

	"github.com/klauspost/compress/zstd"
)

// decodable reports whether we can decode a Content-Encoding to enforce
// consent in the HTML inside. Caddy's reverse_proxy already asks for and
// undoes gzip; this is for other handlers and transports.
// compressed reports whether a Content-Encoding value means the body is
// not the plain bytes.
func compressed(encoding string) bool { return encoding != "" && encoding != "identity" }

func decodable(encoding string) bool {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "gzip", "x-gzip", "deflate", "zstd":
		return true
	}
	return false
}

// decoder turns the compressed bytes written to it into plain bytes for dst.
// Decompressors pull from a reader, and the response pushes writes, so a
// goroutine sits between them; dst is written only by that goroutine.
type decoder struct {
	pw   *io.PipeWriter
	done chan error
}

func newDecoder(encoding string, dst io.Writer) *decoder {
	pr, pw := io.Pipe()
	d := &decoder{pw: pw, done: make(chan error, 1)}
	go func() {
		err := decode(strings.ToLower(strings.TrimSpace(encoding)), pr, dst)
		// Drain what is left so the writer side never blocks.
		_, _ = io.Copy(io.Discard, pr)
		pr.CloseWithError(err)
		d.done <- err
	}()
	return d
}

func decode(encoding string, src io.Reader, dst io.Writer) error {
	var r io.Reader
	switch encoding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(src)
		if err != nil {
			return err
		}
		r = zr
	case "deflate":
		// RFC 9110 section 8.4.1.2: "deflate" is zlib-wrapped; some servers
		// send it raw, which the zlib header check would refuse.
		r = flate.NewReader(skipZlibHeader(src))
	case "zstd":
		zr, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(8<<20))
		if err != nil {
			return err
		}
		defer zr.Close()
		r = zr
	}
	return copyDecoded(dst, r)
}

// copyDecoded copies like io.Copy, but returns only the decoder's errors: a
// failed write means the client left, which is not the upstream's fault.
func copyDecoded(dst io.Writer, r io.Reader) error {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// skipZlibHeader drops a two-byte zlib header if there is one.
func skipZlibHeader(src io.Reader) io.Reader {
	var head [2]byte
	n, _ := io.ReadFull(src, head[:])
	if n == 2 && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return src
	}
	return io.MultiReader(strings.NewReader(string(head[:n])), src)
}

func (d *decoder) Write(p []byte) (int, error) { return d.pw.Write(p) }

// Close ends the compressed stream and waits until dst has everything.
func (d *decoder) Close() error {
	_ = d.pw.Close()
	return <-d.done
}
