package flows_test

import (
	"strings"
	"testing"

	"github.com/entratoken/entratoken/flows"
)

func TestRedactFindsSecretsHowever(t *testing.T) {
	const secret = "s3cr3t+Val/ue=~x"
	jwt := mintJWT(t, map[string]any{"sub": "x"})
	for _, tc := range []struct{ name, in, want string }{
		{"escapes in lower case", "form client_secret=s3cr3t%2bVal%2fue%3d~x&x=1", "form client_secret=[redacted]&x=1"},
		{"escapes in mixed case", "s3cr3t%2BVal%2fue%3D~x", "[redacted]"},
		{"escaped twice, as a form body put into a URL", "/got%20client_secret=s3cr3t%252BVal%252Fue%253D~x", "/got%20client_secret=[redacted]"},
		{"escaped three times", "s3cr3t%25252bVal%25252fue%25253d~x", "[redacted]"},
		{"every character escaped", "[" + strings.ToLower(pctAll(secret)) + "]", "[[redacted]]"},
		{"broken over lines", "a s3cr3t+Va\r\n   l/ue=~x b", "a [redacted] b"},
		{"escaped and broken", "a s3cr3t%2BVa\n\tl%2Fue%3D~x b", "a [redacted] b"},
		{"broken by an escaped line break", "a s3cr3t+Va%0D%0A%20l/ue=~x b", "a [redacted] b"},
		{"a JWT broken over lines", "got " + jwt[:20] + "\n  " + jwt[20:] + " end", "got [token redacted] end"},
		{"a JWT percent-encoded", "got " + strings.ReplaceAll(jwt, ".", "%2e") + " end", "got [token redacted] end"},
		{"an encrypted token", "got eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn end", "got [token redacted] end"},
		{"blanks without a line break stay", "a  b\tc", "a  b\tc"},
		{"a lone percent", "100% sure, %zz", "100% sure, %zz"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := flows.Redact(tc.in, secret); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// pctAll percent-encodes every byte.
func pctAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[s[i]>>4])+string("0123456789abcdef"[s[i]&15])))
	}
	return b.String()
}

func TestShortenAndQuote(t *testing.T) {
	if got := flows.Shorten("abcdef", 3); got != "abc…" {
		t.Errorf("Shorten = %q", got)
	}
	if got := flows.Shorten("æøå", 3); got != "æøå" {
		t.Errorf("Shorten of a short string = %q", got)
	}
	if got := flows.Quote(strings.Repeat("x", 100<<10)); len(got) > 100 || !strings.HasSuffix(got, "(102400 characters)") {
		t.Errorf("Quote of 100 KB = %q", got)
	}
}

func TestMaskURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:hunter2@host/p":      "https://user:***@host/p",
		"http://u:p%zz@host/%zz":           "http://u:***@host/%zz", // does not parse
		"https://u:pa@ss@host/x?y=a:b@c":   "https://u:***@host/x?y=a:b@c",
		"user:secret@host":                 "user:***@host",
		"https://user@host/p":              "https://user@host/p",
		"https://host/p?q=user:pass@x":     "https://host/p?q=user:pass@x",
		"not a url at all":                 "not a url at all",
		"https://t:ey.J@host:8443/a/b/c#f": "https://t:***@host:8443/a/b/c#f",
		// A password with a delimiter in it does not parse, and is masked.
		"https://u:pa/ss@host":      "https://u:***@host",
		"https://user:pa#ss@host/x": "https://user:***@host/x",
		"https://user:p?w@host":     "https://user:***@host",
		"https://host:8443/p?x=a@b": "https://host:8443/p?x=a@b",
		"https://host:8443/a@b/c":   "https://host:8443/a@b/c",
		"https://host/a:b@c":        "https://host/a:b@c",
	} {
		if got := flows.MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckCredentialURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://azure-token-generator.intern.dev.nav.no": "",
		"https://10.0.0.7/api/v1/token":                   "",
		"http://127.0.0.1:7164/api/v1/token":              "",
		"http://127.8.9.10:7164/api/v1/token":             "",
		"http://localhost:7164/api/v1/token":              "",
		"http://LocalHost/x":                              "",
		"http://[::1]:7164/api/v1/token":                  "",
		"http://[::ffff:127.0.0.1]/x":                     "",
		"":                                                "is not set",
		"http://10.0.0.7:7164/api/v1/token":               `"http://10.0.0.7:7164/api/v1/token" uses plain http:// to a host that is not this machine`,
		"http://azure-token-generator.intern.dev.nav.no":  "uses plain http://",
		"http://localhost.evil.example/":                  "uses plain http://",
		"http://127.0.0.1.nip.io/":                        "uses plain http://",
		"http://[::2]/":                                   "uses plain http://",
		"ftp://localhost/x":                               "is not an absolute http(s) URL",
		"localhost:7164":                                  "is not an absolute http(s) URL",
		"https://":                                        "is not an absolute http(s) URL",
		"https://u:hunter2@host/x":                        `"https://u:***@host/x" holds a user name or password`,
		"http://u:hunter2@host/%zz":                       `"http://u:***@host/%zz" is not an absolute http(s) URL`,
	} {
		got := flows.CheckCredentialURL(in)
		if (want == "") != (got == "") || !strings.Contains(got, want) || strings.Contains(got, "hunter2") {
			t.Errorf("CheckCredentialURL(%q) = %q, want %q", in, got, want)
		}
	}
}
