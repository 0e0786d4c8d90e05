package flows_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/entratoken/entratoken/flows"
)

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{
		"dev-gcp:my-team:my-app", "dev-gcp.my-team.my-app", "api://dev-gcp.my-team.my-app/.default",
		"api://a.b.c", "api://a.b.c/", "", "a:b", "a:b:c:d", "A:b:c", "a_b:c:d", " a:b:c ", "api:///.default",
		strings.Repeat("x", 64) + ":b:c", "a.b:c", "api://a:b:c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := flows.ParseTarget(s)
		if err != nil {
			var te *flows.TargetError
			if !errors.As(err, &te) || !strings.Contains(err.Error(), "expected cluster:namespace:app") {
				t.Fatalf("error %v is not a TargetError naming the form", err)
			}
			return
		}
		for _, form := range []string{tg.String(), tg.Scope(), tg.Cluster + "." + tg.Namespace + "." + tg.App} {
			back, err := flows.ParseTarget(form)
			if err != nil || back != tg {
				t.Fatalf("%q parsed to %+v, but its form %q parses to %+v, %v", s, tg, form, back, err)
			}
		}
		for _, p := range []string{tg.Cluster, tg.Namespace, tg.App} {
			if flows.CheckLabel(p) != "" {
				t.Fatalf("accepted part %q fails CheckLabel", p)
			}
		}
	})
}

func FuzzPickup(f *testing.F) {
	jwt := mintJWT(f, map[string]any{"aud": "x", "exp": 1760000000})
	for _, s := range []string{
		jwt, "Bearer " + jwt, "Authorization: Bearer " + jwt, "\n " + jwt + " \n",
		`{"access_token":"` + jwt + `","expires_in":3599}`, `{"access_token":"` + jwt + `","expires_in":"NaN"}`,
		`{"access_token":"`, `{}`, flows.SessionCookie + "=abc", "Cookie: a=b; " + flows.SessionCookie + `="v"`,
		"Zm9vYmFyYmF6cXV4LXNlc3Npb24", "a.b.c", "", "garbage",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, pick := range map[string]func(string) (flows.Picked, error){"Pickup": flows.Pickup, "PickupSession": flows.PickupSession} {
			p, err := pick(s)
			if err != nil {
				if err.Error() == "" {
					t.Fatalf("%s: empty error", name)
				}
				continue
			}
			if (p.Token == nil) == (p.Session == "") {
				t.Fatalf("%s(%q) = %+v: want exactly one of token and session", name, s, p)
			}
			if p.ExpiresIn < 0 {
				t.Fatalf("%s(%q): negative ExpiresIn %v", name, s, p.ExpiresIn)
			}
			if p.Token != nil && strings.Count(p.Token.Raw, ".") != 2 {
				t.Fatalf("%s(%q): token %q is not 3 parts", name, s, p.Token.Raw)
			}
		}
		c, err := flows.PickupCookie(s)
		if p, perr := flows.PickupSession(s); (err == nil) != (perr == nil && p.Session != "") || c != p.Session {
			t.Fatalf("PickupCookie(%q) = %q, %v; PickupSession found %+v, %v", s, c, err, p, perr)
		}
		if err != nil && err.Error() == "" {
			t.Fatal("PickupCookie: empty error")
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		mintJWT(f, map[string]any{"aud": "x", "exp": 1760000000, "roles": []string{"a"}}),
		b64(`{"alg":"RS256"}`) + "." + b64(`{"exp":"soon"}`) + ".x",
		b64(`{"alg":"RS256"}`) + "." + b64(`{"exp":1e300,"iat":-5}`) + ".x",
		b64(`null`) + "." + b64(`null`) + ".",
		"a.b", "a.b.c.d", "..", "", "!!!.!!!.!!!",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := flows.Decode(s)
		if err != nil {
			var de *flows.DecodeError
			if !errors.As(err, &de) || tok != nil {
				t.Fatalf("Decode error %v (%T) with token %v", err, err, tok)
			}
			return
		}
		if n := len(strings.Split(tok.Raw, ".")); n != 3 {
			t.Fatalf("Decode accepted %d parts", n)
		}
		for _, at := range []time.Time{tok.IssuedAt, tok.NotBefore, tok.ExpiresAt} {
			if y := at.UTC().Year(); !at.IsZero() && (y < 1970 || y > 9999) {
				t.Fatalf("Decode accepted a time in year %d", y)
			}
		}
		// Everything a screen does with a token must not panic either.
		_ = tok.Rows()
		_ = tok.ClaimsJSON()
		_ = tok.Lifetime()
		_ = tok.IsApp()
	})
}

// Whatever surrounds a secret, and however a service encodes or wraps it,
// Redact takes it out, and leaves nothing JWT-shaped.
func FuzzRedact(f *testing.F) {
	jwt := mintJWT(f, map[string]any{"sub": "x"})
	for _, s := range [][2]string{
		{"got client_secret=s3cr3t%2bVal%2Fue%3D~x", "s3cr3t+Val/ue=~x"},
		{"wrapped s3cr3t+Va\r\n  l/ue=~x end", "s3cr3t+Val/ue=~x"},
		{"a " + jwt[:30] + "\n " + jwt[30:], "sessSECRET0123"},
		{"100% %zz %4", "abc def"},
		{"", "x y"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, text, secret string) {
		// A secret with a bracket, or inside a mark, could be formed by
		// the marks themselves; real secrets are longer than three bytes.
		if len(secret) < 4 || strings.ContainsAny(secret, "[]") || strings.Contains("[token redacted]", secret) {
			return
		}
		for _, in := range []string{text + secret + text, text + url.QueryEscape(secret) + text,
			text + strings.ToLower(url.QueryEscape(secret)) + text, text + url.PathEscape(url.QueryEscape(secret)) + text,
			text + secret[:2] + "\r\n\t" + secret[2:] + text} {
			out := flows.Redact(in, secret)
			if strings.Contains(out, secret) {
				t.Fatalf("Redact(%q, %q) = %q shows the secret", in, secret, out)
			}
			if flows.ContainsJWT(out) {
				t.Fatalf("Redact(%q) = %q leaves a JWT shape", in, out)
			}
		}
	})
}
