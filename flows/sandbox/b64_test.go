package sandbox

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// FuzzB64Decode: what the base64 crate's URL_SAFE_NO_PAD decodes, Go's
// strict raw URL encoding decodes the same (Go also skips \r and \n).
func FuzzB64Decode(f *testing.F) {
	for _, seed := range []string{"", "eyJhbGciOiJSUzI1NiJ9", "eyJhbGciOiJSUzI1NiJ9IA==", "QQ", "QR", "Q", "a.b", "!!"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, reason := b64Decode(s)
		want, err := base64.RawURLEncoding.Strict().DecodeString(s)
		switch {
		case reason == "" && (err != nil || !bytes.Equal(got, want)):
			t.Fatalf("%q: decoded %x, Go: %x, %v", s, got, want, err)
		case reason != "" && err == nil && !strings.ContainsAny(s, "\r\n"):
			t.Fatalf("%q: %s, but Go decodes it", s, reason)
		case reason != "" && !strings.HasPrefix(reason, "Base64 error: Invalid "):
			t.Fatalf("%q: %s", s, reason)
		}
	})
}
